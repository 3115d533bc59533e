"""Gazetteer data and lookups: names, abbreviations, demonyms, metonyms, ruler patterns, loader errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import GraphkitError
from graphkit.nlp.gazetteer import Gazetteer, Place, default_gazetteer, load_gazetteer

from tests.conftest import triples


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def name(place: Place | None) -> str | None:
    return place.name if place else None


# --- coverage of the packaged data -------------------------------------------------------

def test_every_un_member_and_the_listed_territories_are_countries(gaz):
    assert len(gaz.countries) >= 200
    for extra in ("Taiwan", "Kosovo", "Palestine", "Somaliland", "Western Sahara", "Vatican", "Hong Kong"):
        assert name(gaz.lookup(extra)) == extra


def test_keys_are_prefixed_and_get_accepts_bare_country_keys(gaz):
    assert gaz.lookup("Canada").key == "country:canada"
    assert gaz.lookup("NATO").key == "org:nato"
    assert gaz.get("canada") is gaz.get("country:canada")
    assert gaz.get("org:nato").type == "Organization"
    assert gaz.get("no-such-place") is None


@pytest.mark.parametrize("text, expected", [
    ("United States", "United States"), ("USA", "United States"), ("America", "United States"),
    ("Britain", "United Kingdom"), ("Great Britain", "United Kingdom"), ("U.K.", "United Kingdom"),
    ("PRC", "China"), ("People's Republic of China", "China"), ("ROK", "South Korea"),
    ("DPRK", "North Korea"), ("UAE", "United Arab Emirates"), ("Türkiye", "Turkey"),
    ("Czechia", "Czech Republic"), ("Russian Federation", "Russia"), ("Ivory Coast", "Côte d'Ivoire"),
    ("Burma", "Myanmar"), ("Holy See", "Vatican"), ("DRC", "Democratic Republic of the Congo"),
])
def test_aliases_and_formal_names(gaz, text, expected):
    assert name(gaz.lookup(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Washington", "United States"), ("Moscow", "Russia"), ("Beijing", "China"), ("Kyiv", "Ukraine"),
    ("Kiev", "Ukraine"), ("Addis Ababa", "Ethiopia"), ("The Hague", "Netherlands"), ("Canberra", "Australia"),
    ("White House", "United States"), ("the Kremlin", "Russia"), ("Downing Street", "United Kingdom"),
    ("Elysee", "France"), ("Élysée", "France"), ("Quai d'Orsay", "France"), ("Zhongnanhai", "China"),
])
def test_capitals_and_seats_name_their_country(gaz, text, expected):
    place = gaz.lookup(text)
    assert name(place) == expected and place.type == "Country"


def test_all_caps_abbreviations_are_case_sensitive(gaz):
    assert name(gaz.lookup("US")) == "United States"
    assert name(gaz.lookup("UN")) == "United Nations"
    assert name(gaz.lookup("AU")) == "African Union"
    assert gaz.lookup("us") is None
    assert gaz.lookup("un") is None
    assert gaz.lookup("Us") is None
    # mixed-case abbreviations too: "LeT" is a group, "let" a verb
    assert name(gaz.lookup("LeT")) == "Lashkar-e-Taiba"
    assert gaz.lookup("let") is None


def test_long_names_ignore_case_accents_apostrophes_and_the(gaz):
    assert name(gaz.lookup("united kingdom")) == "United Kingdom"
    assert name(gaz.lookup("the Netherlands")) == "Netherlands"
    assert name(gaz.lookup("Cote d\u2019Ivoire")) == "Côte d'Ivoire"
    assert name(gaz.lookup("turkiye")) == "Turkey"
    assert name(gaz.lookup("Guinea Bissau")) == "Guinea-Bissau"
    assert name(gaz.lookup("NATO's")) == "NATO"


def test_long_acronyms_also_match_written_as_words_but_not_lower_case(gaz):
    assert name(gaz.lookup("Nato")) == "NATO"
    assert name(gaz.lookup("Ecowas")) == "ECOWAS"
    assert gaz.lookup("nato") is None


@pytest.mark.parametrize("text, expected, org_type", [
    ("Houthis", "Houthis", "armed-group"), ("Ansar Allah", "Houthis", "armed-group"),
    ("ISIS", "Islamic State", "armed-group"), ("al-Shabaab", "al-Shabaab", "armed-group"),
    ("Security Council", "UN Security Council", "intergovernmental"), ("IAEA", "International Atomic Energy Agency", "agency"),
    ("ICJ", "International Court of Justice", "court"), ("OPEC+", "OPEC+", "intergovernmental"),
    ("G7", "G7", "intergovernmental"), ("Group of Seven", "G7", "intergovernmental"),
    ("IDF", "IDF", "military"), ("State Department", "State Department", "government"),
])
def test_organisations(gaz, text, expected, org_type):
    place = gaz.lookup(text)
    assert name(place) == expected and place.type == "Organization" and place.org_type == org_type


def test_government_bodies_carry_their_country(gaz):
    assert gaz.lookup("Pentagon").country == "united-states"
    assert name(gaz.country_of(gaz.lookup("FCDO"))) == "United Kingdom"
    assert gaz.country_of(gaz.lookup("NATO")) is None


@pytest.mark.parametrize("word, expected", [
    ("Israeli", "Israel"), ("Israelis", "Israel"), ("American", "United States"), ("Americans", "United States"),
    ("British", "United Kingdom"), ("South Korean", "South Korea"), ("Emirati", "United Arab Emirates"),
    ("Filipino", "Philippines"), ("Türkish".replace("ü", "u"), "Turkey"),
])
def test_demonyms(gaz, word, expected):
    assert name(gaz.demonym(word)) == expected


def test_demonyms_must_be_capitalised_and_are_not_names(gaz):
    assert gaz.demonym("poles") is None        # sticks, not Polish people
    assert name(gaz.demonym("Poles")) == "Poland"
    assert gaz.demonym("Israel") is None       # the country's name is not a demonym
    assert gaz.lookup("Israeli") is None       # and a demonym is not the country's name


@pytest.mark.parametrize("text, expected", [
    ("Israeli government", "Israel"), ("the Israeli government", "Israel"), ("the Kremlin", "Russia"),
    ("Washington", "United States"), ("Moscow", "Russia"), ("Beijing", "China"),
    ("the Russian Foreign Ministry", "Russia"), ("Turkey's foreign ministry", "Turkey"),
    ("Turkey\u2019s foreign ministry", "Turkey"), ("the government of Japan", "Japan"),
    ("Indian officials", "India"), ("the Ministry of Foreign Affairs of Qatar", "Qatar"),
    ("the foreign ministry in Paris", "France"), ("Pakistani armed forces", "Pakistan"),
    ("the Ukrainian delegation", "Ukraine"), ("Chinese negotiators", "China"),
    ("the new Greek government", "Greece"), ("the Pentagon", "United States"),
    ("South Africa's foreign ministry", "South Africa"), ("the German Foreign Office", "Germany"),
    ("the Taliban administration", "Afghanistan"), ("US military", "United States"),
])
def test_stands_for_country(gaz, text, expected):
    assert name(gaz.stands_for_country(text)) == expected


@pytest.mark.parametrize("text", [
    "the government", "federal government", "Biden administration", "NATO", "Hamas government",
    "the IDF", "President of France", "Chinese state media", "",
])
def test_stands_for_country_needs_a_country(gaz, text):
    assert gaz.stands_for_country(text) is None


def test_find_names_in_a_short_phrase(gaz):
    text = "the EU envoy to the Democratic Republic of the Congo"
    found = [(text[s:e], p.name) for s, e, p in gaz.find(text)]
    assert found == [("EU", "European Union"), ("Democratic Republic of the Congo", "Democratic Republic of the Congo")]


def test_forms_lists_every_recorded_name(gaz):
    forms = gaz.forms("country:united-states")
    assert {"United States", "US", "U.S.", "Washington", "White House", "American", "America"} <= set(forms)


def test_default_gazetteer_is_loaded_once():
    assert default_gazetteer() is default_gazetteer()


# --- spaCy ruler patterns -----------------------------------------------------------------

@pytest.fixture(scope="module")
def ruler_nlp(gaz):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
    ruler.add_patterns(gaz.patterns())
    return nlp


def ents(nlp, text):
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_patterns_have_label_pattern_and_id(gaz):
    patterns = gaz.patterns()
    assert {p["label"] for p in patterns} == {"GPE", "ORG", "NORP"}
    assert all(set(p) == {"label", "pattern", "id"} for p in patterns)
    assert len({p["pattern"] for p in patterns}) == len(patterns)


def test_ruler_tags_abbreviations_organisations_and_capitals(ruler_nlp):
    assert ents(ruler_nlp, "U.S. Secretary of State met NATO's chief in Brussels") == [
        ("U.S.", "GPE", "country:united-states"),
        ("NATO", "ORG", "org:nato"),
        ("Brussels", "GPE", "country:belgium"),
    ]


def test_ruler_tags_demonyms_seats_and_multiword_names(ruler_nlp):
    assert ents(ruler_nlp, "Israeli officials told the Kremlin that the African Union and the Houthis would talk.") == [
        ("Israeli", "NORP", "country:israel"),
        ("Kremlin", "ORG", "country:russia"),
        ("African Union", "ORG", "org:african-union"),
        ("Houthis", "ORG", "org:houthis"),
    ]


def test_ruler_prefers_the_longest_name(ruler_nlp):
    found = ents(ruler_nlp, "The Washington Post said South Korean envoys flew to Equatorial Guinea.")
    assert ("The Washington Post", "ORG", "org:washington-post") in found
    assert ("South Korean", "NORP", "country:south-korea") in found
    assert ("Equatorial Guinea", "GPE", "country:equatorial-guinea") in found
    assert not any(text in ("Washington", "Guinea") for text, _, _ in found)


def test_ruler_is_case_sensitive_and_skips_ambiguous_forms(ruler_nlp):
    assert ents(ruler_nlp, "let us see what the un-named aides say") == []
    # "America" is marked ambiguous: "Latin America" must not become the United States
    assert ents(ruler_nlp, "Leaders from Latin America met Sofia Ramos.") == []
    assert ents(ruler_nlp, "Talks in Ankara with Türkiye and Turkiye") == [
        ("Ankara", "GPE", "country:turkey"), ("Türkiye", "GPE", "country:turkey"), ("Turkiye", "GPE", "country:turkey"),
    ]


def test_ruler_knows_guardian_style_acronyms_and_curly_apostrophes(ruler_nlp):
    assert ents(ruler_nlp, "Nato and Opec met in Côte d\u2019Ivoire") == [
        ("Nato", "ORG", "org:nato"), ("Opec", "ORG", "org:opec"), ("Côte d\u2019Ivoire", "GPE", "country:cote-divoire"),
    ]


# --- loader errors ------------------------------------------------------------------------

COUNTRY_HEADER = "key,name,aliases,demonyms,capitals,seats\n"
ORG_HEADER = "key,name,aliases,type,country\n"


def write(folder: Path, countries: str | None = None, organizations: str | None = None) -> Path:
    if countries is not None:
        (folder / "countries.csv").write_text(countries, encoding="utf-8")
    if organizations is not None:
        (folder / "organizations.csv").write_text(organizations, encoding="utf-8")
    return folder


def test_loads_from_a_folder(tmp_path):
    folder = write(
        tmp_path,
        COUNTRY_HEADER + "# a comment\nfreedonia,Freedonia,FRD,Freedonian|Freedonians,Fredville,Palace Hill\n",
        ORG_HEADER + "fmod,Freedonian Defence Office,FDO,government,freedonia\n",
    )
    gaz = load_gazetteer(folder)
    assert list(gaz.countries) == ["country:freedonia"]
    assert name(gaz.lookup("Fredville")) == "Freedonia"
    assert name(gaz.stands_for_country("FDO")) == "Freedonia"
    assert name(gaz.demonym("Freedonians")) == "Freedonia"


@pytest.mark.parametrize("countries, organizations, message", [
    (COUNTRY_HEADER + "a,A,,,,\nb,B,,,\n", ORG_HEADER, "countries.csv:3: expected 6 fields"),
    (COUNTRY_HEADER + "Bad Key,A,,,,\n", ORG_HEADER, "countries.csv:2: key 'Bad Key'"),
    (COUNTRY_HEADER + "a,A,,,,\na,A2,,,,\n", ORG_HEADER, "countries.csv:3: duplicate key 'a'"),
    (COUNTRY_HEADER + "a,A,X||Y,,,\n", ORG_HEADER, "countries.csv:2: empty item in aliases"),
    (COUNTRY_HEADER + "a,,,,,\n", ORG_HEADER, "countries.csv:2: name must not be empty"),
    (COUNTRY_HEADER + "a,Alpha,AL,,,\nb,Beta,AL,,,\n", ORG_HEADER, "countries.csv:3: 'AL' is already a name of country:a"),
    ("key,name\n", ORG_HEADER, "countries.csv:1: expected columns"),
    (COUNTRY_HEADER + "a,A,,,,\n", ORG_HEADER + "x,X,,club,\n", "organizations.csv:2: type must be one of"),
    (COUNTRY_HEADER + "a,A,,,,\n", ORG_HEADER + "x,X,,party,zz\n", "organizations.csv:2: unknown country key 'zz'"),
    (COUNTRY_HEADER + "a,A,,,,\n", ORG_HEADER + "x,X,,government,\n", "organizations.csv:2: a government row needs"),
])
def test_bad_rows_name_the_file_and_line(tmp_path, countries, organizations, message):
    folder = write(tmp_path, countries, organizations)
    with pytest.raises(GraphkitError, match=message.replace("(", r"\(").replace("|", r"\|")):
        load_gazetteer(folder)


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(GraphkitError, match="not a folder"):
        load_gazetteer(tmp_path / "nowhere")


def test_cities_place_events_in_their_country_without_speaking_for_it():
    gazetteer = load_gazetteer()
    assert gazetteer.city("Jeddah").name == "Saudi Arabia"
    assert gazetteer.city("St Petersburg").name == "Russia"
    assert gazetteer.lookup("Jeddah") is None  # not a metonym of the country, as a capital is
    assert gazetteer.city("Atlantis") is None


def test_a_city_row_with_an_unknown_country_names_its_line(tmp_path):
    (tmp_path / "cities.csv").write_text("name,country\nGotham,nowhere-land\n", encoding="utf-8")
    with pytest.raises(GraphkitError, match=r"cities\.csv:2"):
        load_gazetteer(tmp_path)


@pytest.mark.model
def test_a_visit_to_a_city_is_a_visit_to_its_country(extract_rules):
    x = extract_rules("Kenyan President William Ruto flew to Mombasa on Friday after talks in Nairobi. "
                      "Indian Prime Minister Narendra Modi arrived in Osaka on Tuesday.")
    found = triples(x)
    assert ("Narendra Modi", "visited", "Japan") in found
    assert not any(i.object in ("Mombasa", "Osaka") for i in x.interactions)
