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


# ---------------------------------------------------------------------------
# Double posts: one person's two posts joined by "and"


@pytest.mark.parametrize("phrase, expected", [
    ("State Councilor and Foreign Minister", "State Councilor and Foreign Minister"),
    ("China's State Councillor and Foreign Minister", "State Councilor and Foreign Minister"),
    ("Deputy Prime Minister and Foreign Minister", "Deputy Prime Minister and Foreign Minister"),
    ("the former deputy prime minister and foreign minister", "Former Deputy Prime Minister and Foreign Minister"),
    ("Crown Prince and Prime Minister", "Crown Prince and Prime Minister"),
    # an "and" inside one post's complement is no second post
    ("Minister of Commerce and Industry", "Minister of Commerce and Industry"),
    ("High Representative for Foreign Affairs and Security Policy",
     "High Representative for Foreign Affairs and Security Policy"),
    ("Minister of Trade and Industry and Foreign Minister", "Minister of Trade and Industry and Foreign Minister"),
])
def test_double_posts_are_kept_whole(phrase, expected):
    assert normalize_title(phrase) == expected


def test_a_double_post_reports_the_country_it_names():
    parsed = parse_title("Chinese State Councilor and Foreign Minister")
    assert (parsed.title, parsed.place.name) == ("State Councilor and Foreign Minister", "China")


# ---------------------------------------------------------------------------
# Titles built from the tokens around a name (hand-built parses, no model)


def _table(words, heads, deps, pos, ents):
    """The entity table of a hand-built parse: ``words`` are (text, following whitespace)."""
    import spacy
    from spacy.tokens import Doc, Span

    from graphkit.nlp.entities import build_entity_table
    from graphkit.nlp.gazetteer import default_gazetteer

    doc = Doc(spacy.blank("en").vocab, words=[w for w, _ in words], spaces=[bool(s) for _, s in words],
              heads=heads, deps=deps, pos=pos)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    table = build_entity_table(doc, default_gazetteer())
    return {actor.name: actor for actor in table.actors}


def test_a_title_is_not_glued_to_the_country_before_it():
    # "Togo's Foreign Minister Robert Dussey met Lavrov.": without the "'s", "Togo" and
    # "Foreign" must not become "TogoForeign".
    words = [("Togo", ""), ("'s", " "), ("Foreign", " "), ("Minister", " "), ("Robert", " "), ("Dussey", " "),
             ("met", " "), ("Lavrov", ""), (".", "")]
    heads = [3, 0, 3, 5, 5, 6, 6, 6, 6]
    deps = ["poss", "case", "compound", "compound", "compound", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["PROPN", "PART", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PUNCT"]
    actors = _table(words, heads, deps, pos, [(0, 1, "GPE"), (4, 6, "PERSON"), (7, 8, "PERSON")])
    dussey = actors["Robert Dussey"]
    assert (dussey.title, dussey.affiliation) == ("Foreign Minister", "Togo")
    assert all(title == " ".join(title.split()) and "TogoForeign" not in title for title in dussey.titles)


def test_words_around_a_title_keep_their_spaces():
    from graphkit.nlp.entities import _tokens_text

    import spacy
    from spacy.tokens import Doc

    doc = Doc(spacy.blank("en").vocab, words=["Brunei", "'s", "Second", "Foreign", "Minister", "\n", "Erywan"],
              spaces=[False, True, True, True, False, False, False])
    kept = [t for t in doc if t.text != "'s"]
    assert _tokens_text(kept) == "Brunei Second Foreign Minister Erywan"
    assert _tokens_text(list(doc)) == "Brunei's Second Foreign Minister Erywan"


def test_a_double_post_before_the_name_is_taken_whole():
    # The parser often hangs the name on the first post: "Chinese State Councilor and
    # [Foreign Minister Wang Yi]" with "Yi" a conjunct of "Councilor".
    words = [("Chinese", " "), ("State", " "), ("Councilor", " "), ("and", " "), ("Foreign", " "), ("Minister", " "),
             ("Wang", " "), ("Yi", " "), ("met", " "), ("Sergei", " "), ("Lavrov", ""), (".", "")]
    heads = [2, 2, 8, 2, 5, 7, 7, 2, 8, 10, 8, 8]
    deps = ["amod", "compound", "nsubj", "cc", "compound", "compound", "compound", "conj", "ROOT", "compound",
            "dobj", "punct"]
    pos = ["PROPN", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"]
    actors = _table(words, heads, deps, pos, [(0, 1, "NORP"), (6, 8, "PERSON"), (9, 11, "PERSON")])
    wang = actors["Wang Yi"]
    assert (wang.title, wang.affiliation) == ("State Councilor and Foreign Minister", "China")


def test_a_title_only_mention_and_a_named_person_are_two_people():
    # "The Federal Chancellor and President Putin agreed ...": same parse, but a determiner
    # makes "The Federal Chancellor" someone else.
    words = [("The", " "), ("Federal", " "), ("Chancellor", " "), ("and", " "), ("President", " "), ("Putin", " "),
             ("agreed", ""), (".", "")]
    heads = [2, 2, 6, 2, 5, 2, 6, 6]
    deps = ["det", "compound", "nsubj", "cc", "compound", "conj", "ROOT", "punct"]
    pos = ["DET", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB", "PUNCT"]
    actors = _table(words, heads, deps, pos, [(5, 6, "PERSON")])
    assert actors["Putin"].title == "President"


def test_a_second_post_in_an_apposition_is_kept():
    # "Wang Yi, China's State Councilor and Foreign Minister, held talks."
    words = [("Wang", " "), ("Yi", ""), (",", " "), ("China", ""), ("'s", " "), ("State", " "), ("Councilor", " "),
             ("and", " "), ("Foreign", " "), ("Minister", ""), (",", " "), ("held", " "), ("talks", ""), (".", "")]
    heads = [1, 11, 1, 6, 3, 6, 1, 6, 9, 6, 1, 11, 11, 11]
    deps = ["compound", "nsubj", "punct", "poss", "case", "compound", "appos", "cc", "compound", "conj", "punct",
            "ROOT", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "PUNCT", "PROPN", "PART", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PUNCT",
           "VERB", "NOUN", "PUNCT"]
    actors = _table(words, heads, deps, pos, [(0, 2, "PERSON"), (3, 4, "GPE")])
    wang = actors["Wang Yi"]
    assert (wang.title, wang.affiliation) == ("State Councilor and Foreign Minister", "China")


# ---------------------------------------------------------------------------
# The same through the real pipeline


@pytest.mark.model
@pytest.mark.parametrize("text, name, title", [
    ("Togo's Foreign Minister Robert Dussey met Ghana's Foreign Minister Shirley Ayorkor Botchway in Accra.",
     "Robert Dussey", "Foreign Minister"),
    ("Brunei's Second Foreign Minister Erywan Yusof met Russia's foreign minister Sergei Lavrov in Vientiane.",
     "Erywan Yusof", "Second Foreign Minister"),
    ("Chinese State Councilor and Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov in Beijing.",
     "Wang Yi", "State Councilor and Foreign Minister"),
    ("Wang Yi, China's State Councilor and Foreign Minister, held talks with Antony Blinken on Monday.",
     "Wang Yi", "State Councilor and Foreign Minister"),
    ("China's State Councilor and Foreign Minister Wang Yi spoke by phone with Iran's foreign minister.",
     "Wang Yi", "State Councilor and Foreign Minister"),
])
def test_titles_from_real_parses(extract_text, text, name, title):
    x = extract_text(text)
    [entity] = [e for e in x.entities if e.name == name]
    assert entity.title == title
    # the title word the NER took for a person ("Councilor") is no actor
    assert not any(e.type == "Person" and e.name in ("Councilor", "State Councilor") for e in x.entities)


@pytest.mark.model
def test_a_short_post_takes_the_fuller_form_of_the_office_holder_data(extract_text):
    # The article says "US Ambassador"; the data know which embassy (the same side, a post
    # that starts with the same words), and a hyphen in the name is no part of the title.
    x = extract_text("US Ambassador Linda Thomas-Greenfield criticised Russia at the Security Council on Monday.")
    [envoy] = [e for e in x.entities if e.name == "Linda Thomas-Greenfield"]
    assert (envoy.title, envoy.affiliation) == ("Ambassador to the United Nations", "United States")
