"""Title normalisation: variant orders, stripped countries and organisations, complements, errors."""
from __future__ import annotations

import pytest

from graphkit.errors import GraphkitError
from graphkit.nlp.titles import (
    default_titles, is_title_head, is_title_word, load_titles, normalize_title, parse_title,
)


@pytest.mark.parametrize("phrase, expected", [
    # variant orders give one canonical form
    ("defense secretary", "Secretary of Defense"), ("Defence Secretary", "Secretary of Defense"),
    ("secretary of defense", "Secretary of Defense"), ("defence minister", "Minister of Defense"),
    ("Minister of Defence", "Minister of Defense"), ("foreign minister", "Foreign Minister"),
    ("Minister of Foreign Affairs", "Foreign Minister"), ("secretary general", "Secretary-General"),
    ("national security advisor", "National Security Adviser"), ("House Speaker", "Speaker of the House"),
    ("Europe minister", "Minister for Europe"),
])
def test_variant_orders(phrase, expected):
    assert normalize_title(phrase) == expected


@pytest.mark.parametrize("phrase, expected", [
    ("US Defense Secretary", "Secretary of Defense"),
    ("U.S. Secretary of State", "Secretary of State"),
    ("Israel's defence minister", "Minister of Defense"),
    ("Israel\u2019s defence minister", "Minister of Defense"),
    ("the Russian foreign minister", "Foreign Minister"),
    ("Chinese President", "President"),
    ("South Africa's foreign minister", "Foreign Minister"),
    ("the Saudi crown prince", "Crown Prince"),
    ("UK Foreign Secretary", "Foreign Secretary"),
])
def test_countries_and_demonyms_before_a_title_are_dropped(phrase, expected):
    assert normalize_title(phrase) == expected


def test_the_dropped_country_is_reported_as_the_place():
    parsed = parse_title("the Omani foreign minister")
    assert parsed.title == "Foreign Minister" and parsed.place.name == "Oman" and not parsed.former


@pytest.mark.parametrize("phrase, expected, place", [
    ("UN Secretary-General", "Secretary-General", "United Nations"),
    ("the Pentagon press secretary", "Press Secretary", "Pentagon"),
    ("the TPLF spokesman", "Spokesman", "Tigray People's Liberation Front"),
    ("White House press secretary", "Press Secretary", "United States"),
    ("ECB President", "President of the European Central Bank", "European Central Bank"),
    ("European Council President", "President of the European Council", "European Council"),
    ("AU Commission chairperson", "Chairperson of the African Union Commission", "African Union Commission"),
    ("Hamas leader", "Leader of Hamas", "Hamas"),
])
def test_organisations_are_part_of_the_post_only_for_their_heads(phrase, expected, place):
    parsed = parse_title(phrase)
    assert (parsed.title, parsed.place.name) == (expected, place)


@pytest.mark.parametrize("phrase, expected", [
    ("NATO chief", "Secretary-General"),
    ("the Pentagon chief", "Secretary of Defense"),
    ("EU foreign policy chief", "High Representative for Foreign Affairs and Security Policy"),
    ("UN human rights chief", "High Commissioner for Human Rights"),
    ("the UN nuclear chief", "Director General of the IAEA"),
    ("the UN chief", "Secretary-General"),
])
def test_journalistic_names_of_posts(phrase, expected):
    assert normalize_title(phrase) == expected


@pytest.mark.parametrize("phrase, expected", [
    ("a former deputy president of South Africa", "Former Deputy President of South Africa"),
    ("ex-president", "Former President"),
    ("Kenya's former foreign minister", "Former Foreign Minister"),
    ("deputy defence minister", "Deputy Minister of Defense"),
    ("acting defense secretary", "Acting Secretary of Defense"),
    ("presidential spokesman", "Presidential Spokesman"),
    ("the newly appointed ambassador", "Ambassador"),
    ("a top adviser", "Adviser"),
])
def test_modifiers_former_and_descriptions(phrase, expected):
    assert normalize_title(phrase) == expected


@pytest.mark.parametrize("phrase, expected", [
    ("the US ambassador to Oman", "Ambassador to Oman"),
    ("the Taliban's ambassador to Beijing", "Ambassador to China"),
    ("Canada's ambassador in Moscow", "Ambassador to Russia"),
    ("chargé d\u2019affaires in Kabul", "Chargé d'Affaires to Afghanistan"),
    ("then president of the breakaway region of Somaliland", "President of Somaliland"),
    ("governor of the Central Bank of Nigeria", "Governor of the Central Bank of Nigeria"),
    ("special envoy for the Middle East", "Special Envoy for the Middle East"),
    ("envoy to the United Nations", "Envoy to the United Nations"),
    ("minister for digital affairs", "Minister for Digital Affairs"),
    ("Minister of State for Foreign Affairs", "Minister of State for Foreign Affairs"),
])
def test_complements_naming_the_post_are_kept(phrase, expected):
    assert normalize_title(phrase) == expected


@pytest.mark.parametrize("phrase, expected", [
    ("national security adviser to Prime Minister Ana Silva", "National Security Adviser"),
    ("President Ana Silva's special envoy for Sudan", "Special Envoy for Sudan"),
    ("the prime minister's spokeswoman", "Spokeswoman"),
    ("the senator from Ohio", "Senator"),
    ("a spokesman for the Houthis", "Spokesman"),
])
def test_people_and_constituencies_around_a_post_are_dropped(phrase, expected):
    assert normalize_title(phrase) == expected


def test_complement_country_is_the_place_only_after_of():
    assert parse_title("president of Somaliland").place.name == "Somaliland"
    assert parse_title("ambassador to Oman").place is None


@pytest.mark.parametrize("phrase, expected", [
    ("Maj. Gen.", "Major General"), ("Lt. Gen.", "Lieutenant General"), ("army chief", "Army Chief"),
    ("chief of army staff", "Army Chief"), ("DGMO", "Director General of Military Operations"),
    ("Pakistan's Director General of Military Operations", "Director General of Military Operations"),
])
def test_military_ranks_and_posts(phrase, expected):
    assert normalize_title(phrase) == expected


@pytest.mark.parametrize("phrase", [
    "his Israeli counterpart", "the two leaders", "Japanese host", "a senior official", "the delegation", "",
])
def test_phrases_that_are_no_title(phrase):
    assert normalize_title(phrase) is None


def test_title_words_and_heads():
    assert is_title_word("Defense") and is_title_word("prime") and is_title_word("deputy") and is_title_word("former")
    assert not is_title_word("counterpart") and not is_title_word("Lloyd")
    # organisation names in organisation-specific rows ("org:nato chief") are not title words
    assert not any(is_title_word(w) for w in ("un", "nato", "pentagon", "white"))
    assert is_title_head("Secretary") and is_title_head("envoy") and is_title_head("spokeswoman")
    assert not is_title_head("foreign") and not is_title_head("deputy")


def test_every_canonical_title_normalises_to_itself():
    lex = default_titles()
    for entry in lex.entries.values():
        assert normalize_title(entry.canonical) is not None, entry


HEADER = "phrase,canonical,org_post\n"


@pytest.mark.parametrize("body, message", [
    ("envoy,Envoy,\nEnvoy,Envoy,\n", "titles.csv:3: phrase 'Envoy' must be lower case"),
    ("envoy,Envoy,\nenvoy,Envoy,\n", "titles.csv:3: phrase 'envoy' is listed twice"),
    ("envoy,,\n", "titles.csv:2: phrase and canonical must not be empty"),
    ("envoy,Envoy,maybe\n", "titles.csv:2: org_post must be 'yes' or empty"),
    ("org:nato,Chief,\n", "titles.csv:2: an 'org:KEY words' phrase needs a key and words"),
    ("envoy,Envoy\n", "titles.csv:2: expected 3 fields"),
])
def test_bad_rows_name_the_file_and_line(tmp_path, body, message):
    path = tmp_path / "titles.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(GraphkitError, match=message):
        load_titles(path)


def test_a_custom_lexicon_is_used(tmp_path):
    path = tmp_path / "titles.csv"
    path.write_text(HEADER + "grand vizier,Grand Vizier,\n", encoding="utf-8")
    lex = load_titles(path)
    assert normalize_title("the grand vizier", titles=lex) == "Grand Vizier"
    assert normalize_title("foreign minister", titles=lex) is None


def test_title_patterns_claim_multiword_titles_on_a_blank_pipeline():
    spacy = pytest.importorskip("spacy")
    from graphkit.nlp.titles import title_patterns

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(title_patterns())
    doc = nlp("Deputy Foreign Minister Li Wen met the Secretary of State and the Premier League chairman.")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Deputy Foreign Minister", "TITLE", "Foreign Minister"),
        ("Secretary of State", "TITLE", "Secretary of State"),
    ]
