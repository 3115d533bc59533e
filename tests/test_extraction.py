"""The rules labeller on sentences written for these tests, with the real English pipeline.

The rules alone decide here (``extract_rules``): these tests pin what each rule reads.
What the trained labeller adds, and how the two are combined, is tested in
tests/test_labeller.py.

Each test names one phenomenon of the extraction issue. A case the small model gets wrong
is marked ``xfail(strict=True)`` with the reason, never deleted.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import make_article, triples

pytestmark = pytest.mark.model


@pytest.fixture
def extract_text(extract_rules):
    return extract_rules

# Publication date of the test articles: a Thursday.
PUBLISHED = date(2024, 5, 23)


def edges(extraction) -> dict[tuple[str, str, str], object]:
    return {(i.subject, i.predicate, i.object): i for i in extraction.interactions}


def find(extraction, predicate: str, *names: str):
    """The interaction with this predicate whose two sides contain the given surnames."""
    for i in extraction.interactions:
        if i.predicate == predicate and all(n in (i.subject + " " + i.object) for n in names):
            return i
    raise AssertionError(f"no {predicate} between {names} in {triples(extraction)}")


def entity(extraction, name: str):
    for e in extraction.entities:
        if e.name == name:
            return e
    raise AssertionError(f"no entity {name!r} in {[e.name for e in extraction.entities]}")


# -- verbs -------------------------------------------------------------------------------------

def test_active_verb_with_preposition(extract_text):
    x = extract_text("Canadian Foreign Minister Melanie Joly spoke on Tuesday with Kenyan President William Ruto.")
    i = find(x, "spokeWith", "Joly", "Ruto")
    assert i.status == "occurred"
    assert i.date == "2024-05-21"


def test_active_verb_direct_object(extract_text):
    x = extract_text("Brazilian President Luiz Inacio Lula da Silva met Argentine President Javier Milei in Brasilia on Monday.")
    assert find(x, "met", "Lula", "Milei").date == "2024-05-20"


def test_passive_agent_is_the_subject(extract_text):
    x = extract_text("Swedish Prime Minister Ulf Kristersson was received by German Chancellor Olaf Scholz in Berlin.")
    i = find(x, "hosted", "Scholz", "Kristersson")
    assert (i.subject, i.object) == ("Olaf Scholz", "Ulf Kristersson")


def test_coordinated_subjects_expand(extract_text):
    x = extract_text("Spanish Foreign Minister Jose Manuel Albares and Irish Foreign Minister Micheal Martin met Palestinian Prime Minister Mohammad Mustafa in Madrid.")
    assert find(x, "met", "Albares", "Mustafa")
    assert find(x, "met", "Martin", "Mustafa")


def test_coordinated_objects_expand(extract_text):
    x = extract_text("The European Union imposed sanctions on Iran and Belarus on Friday.")
    assert find(x, "sanctioned", "European Union", "Iran")
    assert find(x, "sanctioned", "European Union", "Belarus")


def test_multilateral_meeting_gives_every_pair(extract_text):
    x = extract_text("The foreign ministers of Japan, South Korea and Australia met in Tokyo on Wednesday.")
    pairs = {frozenset((i.subject, i.object)) for i in x.interactions if i.predicate == "met"}
    assert {frozenset(("Japan", "South Korea")), frozenset(("Japan", "Australia")),
            frozenset(("South Korea", "Australia"))} <= pairs


def test_control_verb_agreed_to_meet_is_planned(extract_text):
    x = extract_text("Indian Prime Minister Narendra Modi and Chinese President Xi Jinping agreed to meet again next month.")
    assert find(x, "met", "Modi", "Xi").status == "planned"


def test_called_on_is_urged(extract_text):
    x = extract_text("UN Secretary-General Antonio Guterres called on Israel to allow more aid into Gaza.")
    assert find(x, "urged", "Guterres", "Israel")


def test_directed_criticism(extract_text):
    x = extract_text("China condemned the Philippines on Sunday over the collision near the shoal.")
    i = find(x, "criticized", "China", "Philippines")
    assert (i.subject, i.object) == ("China", "Philippines")
    assert i.date == "2024-05-19"


def test_summoned_ambassador(extract_text):
    x = extract_text("Poland summoned Russia's ambassador on Thursday after a missile crossed its airspace.")
    assert find(x, "summoned", "Poland")


def test_aid_delivered_to(extract_text):
    x = extract_text("Germany delivered another air defence system to Ukraine last week.")
    assert find(x, "aided", "Germany", "Ukraine")


# -- nominal forms -------------------------------------------------------------------------------

def test_nominal_talks_between(extract_text):
    x = extract_text("Talks between Egypt and Ethiopia over the dam ended in Cairo on Monday.")
    assert find(x, "met", "Egypt", "Ethiopia")


def test_nominal_with_light_verb(extract_text):
    x = extract_text("Italian Prime Minister Giorgia Meloni held talks with Tunisian President Kais Saied in Tunis.")
    assert find(x, "met", "Meloni", "Saied")


def test_possessive_call_with(extract_text):
    x = extract_text("Macron's call with Zelensky lasted an hour on Wednesday.")
    assert find(x, "spokeWith", "Macron", "Zelensky")


# -- status -----------------------------------------------------------------------------------------

def test_negated_meeting(extract_text):
    x = extract_text("Turkish President Recep Tayyip Erdogan did not meet Greek Prime Minister Kyriakos Mitsotakis in Ankara.")
    assert find(x, "met", "Erdogan", "Mitsotakis").status == "negated"


def test_refused_to_meet_is_negated(extract_text):
    x = extract_text("The Venezuelan foreign minister Yvan Gil refused to meet the Guyanese delegation.")
    assert all(i.status == "negated" for i in x.interactions if i.predicate == "met")
    assert any(i.predicate == "met" for i in x.interactions)


def test_future_visit_is_planned(extract_text):
    x = extract_text("Vietnamese Prime Minister Pham Minh Chinh will visit Japan next week.")
    assert find(x, "visited", "Pham Minh Chinh", "Japan").status == "planned"


def test_scheduled_to_host_is_planned(extract_text):
    x = extract_text("Kenya is scheduled to host Somali President Hassan Sheikh Mohamud on June 3.")
    assert find(x, "hosted", "Kenya", "Mohamud").status == "planned"


def test_wish_is_not_an_interaction(extract_text):
    x = extract_text("Paraguay hopes to meet Bolivia next year.")
    assert not [i for i in x.interactions if i.predicate == "met"]


def test_reporting_is_not_an_interaction(extract_text):
    x = extract_text("The French foreign ministry said on Monday that the situation was serious, Reuters reported.")
    assert x.interactions == ()


# -- dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "expected"), [
    ("on Wednesday", "2024-05-22"),
    ("on Thursday", "2024-05-23"),
    ("yesterday", "2024-05-22"),
    ("today", "2024-05-23"),
    ("on May 10", "2024-05-10"),
    ("on 2 April 2023", "2023-04-02"),
])
def test_date_forms(extract_text, phrase, expected):
    x = extract_text(f"Nigerian President Bola Tinubu met Ghanaian President John Mahama {phrase} in Abuja.")
    assert find(x, "met", "Tinubu", "Mahama").date == expected


def test_no_date_when_text_fixes_none(extract_text):
    x = extract_text("Nigerian President Bola Tinubu met Ghanaian President John Mahama in Abuja.")
    assert find(x, "met", "Tinubu", "Mahama").date is None


# -- titles, affiliations, identity ---------------------------------------------------------------------

def test_title_from_premodifier(extract_text):
    x = extract_text("US Defense Secretary Lloyd Austin spoke with Philippine Defense Secretary Gilberto Teodoro.")
    austin = entity(x, "Lloyd Austin")
    assert austin.title == "Secretary of Defense"
    assert austin.affiliation == "United States"


def test_title_from_apposition(extract_text):
    x = extract_text("Penny Wong, Australia's foreign minister, met Winston Peters in Wellington.")
    wong = entity(x, "Penny Wong")
    assert wong.title == "Foreign Minister"
    assert wong.affiliation == "Australia"


def test_title_before_apposed_name(extract_text):
    x = extract_text("Oman's foreign minister, Badr Albusaidi, welcomed the Iranian delegation to Muscat.")
    assert entity(x, "Badr Albusaidi").affiliation == "Oman"


def test_surname_and_title_mentions_join_the_full_name(extract_text):
    x = extract_text("British Foreign Secretary David Lammy arrived in Riyadh on Monday. "
                     "Lammy met Saudi Foreign Minister Faisal bin Farhan. "
                     "Secretary Lammy later briefed the Saudi minister on the talks in Cairo.")
    names = {e.name for e in x.entities if e.type == "Person"}
    assert "Lammy" not in names
    assert find(x, "met", "David Lammy", "Faisal bin Farhan")


def test_pronoun_refers_to_previous_subject(extract_text):
    x = extract_text("Kenyan President William Ruto flew to Addis Ababa on Sunday. "
                     "He met Ethiopian Prime Minister Abiy Ahmed the same evening.")
    assert find(x, "met", "William Ruto", "Abiy Ahmed")


def test_counterpart_resolves_by_country(extract_text):
    x = extract_text("Egyptian Foreign Minister Badr Abdelatty and Qatari Prime Minister Mohammed bin Abdulrahman "
                     "attended the summit. Later, Indian Foreign Minister Subrahmanyam Jaishankar met his Egyptian counterpart.")
    assert find(x, "met", "Jaishankar", "Abdelatty")


def test_demonym_government_stands_for_country(extract_text):
    x = extract_text("Washington urged the Israeli government to open more crossings.")
    assert find(x, "urged", "United States", "Israel")


def test_evidence_keeps_sentence_and_offsets(extract_text):
    text = "The weather was mild. Chilean President Gabriel Boric met Peruvian President Dina Boluarte in Lima."
    x = extract_text(text)
    i = find(x, "met", "Boric", "Boluarte")
    assert text[i.start:i.end] == i.evidence
    assert i.evidence.startswith("Chilean President")


# -- further phenomena ---------------------------------------------------------------------------

def test_together_with_joins_the_subject_side(extract_text):
    x = extract_text("Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan on Monday, "
                     "together with Ugandan President Yoweri Museveni.")
    assert find(x, "met", "Ruto", "Samia")
    assert find(x, "met", "Museveni", "Samia")


def test_called_in_an_envoy_is_a_summons(extract_text):
    x = extract_text("The Czech foreign ministry called in the Chinese ambassador on Tuesday.")
    i = find(x, "summoned", "Czech", "China")
    assert (i.subject, i.object) == ("Czech Republic", "China")


def test_call_on_with_and_without_infinitive(extract_text):
    appeal = extract_text("Swiss President Viola Amherd called on Serbia to release the detained journalists.")
    assert find(appeal, "urged", "Amherd", "Serbia")
    visit = extract_text("The French ambassador, Marie Dupont, called on Moroccan Foreign Minister Nasser Bourita in Rabat.")
    assert find(visit, "met", "Dupont", "Bourita")


def test_hosting_a_person_is_also_a_meeting(extract_text):
    x = extract_text("Chinese President Xi Jinping hosted Brazilian President Luiz Inacio Lula da Silva in Beijing on Friday.")
    assert find(x, "hosted", "Xi", "Lula")
    assert find(x, "met", "Xi", "Lula")


def test_government_body_stands_for_its_possessor(extract_text):
    x = extract_text("Norway's Foreign Office summoned the Iranian ambassador on Monday.")
    assert find(x, "summoned", "Norway", "Iran")


def test_it_refers_to_the_reporting_country(extract_text):
    x = extract_text("New Delhi said it had reached an agreement with Beijing on border patrols.")
    assert find(x, "agreedWith", "India", "China")


def test_relative_pronoun_object(extract_text):
    x = extract_text("Ukrainian President Volodymyr Zelensky met British Prime Minister Rishi Sunak, whom he thanked for the jets.")
    i = find(x, "supported", "Zelensky", "Sunak")
    assert (i.subject, i.object) == ("Volodymyr Zelensky", "Rishi Sunak")


def test_coordinated_nationalities_are_both_sides(extract_text):
    x = extract_text("Iranian and American negotiators held nuclear talks in Muscat on Saturday.")
    assert find(x, "negotiatedWith", "Iran", "United States")


def test_date_carries_to_later_sentences_but_not_over_a_vague_one(extract_text):
    x = extract_text("Japanese Prime Minister Shigeru Ishiba met Chinese President Xi Jinping on Friday. "
                     "Ishiba also urged Xi to lift the seafood ban. "
                     "Earlier this week, Ishiba met South Korean President Yoon Suk Yeol.")
    assert find(x, "urged", "Ishiba", "Xi").date == "2024-05-17"
    assert find(x, "met", "Ishiba", "Yoon").date is None


def test_wire_dateline_is_not_an_actor(extract_text):
    x = extract_text("GENEVA, May 21 (Wire) - Armenian Foreign Minister Ararat Mirzoyan met Azerbaijani Foreign Minister Jeyhun Bayramov.")
    assert triples(x) == {("Ararat Mirzoyan", "met", "Jeyhun Bayramov")}


def test_post_beats_military_rank_and_fuller_title_wins(extract_text):
    x = extract_text("Pakistan's Director General of Military Operations, Major General Ahmed Raza, "
                     "telephoned his Indian counterpart on Saturday.")
    assert entity(x, "Ahmed Raza").title == "Director General of Military Operations"


def test_hyphenated_title(extract_text):
    x = extract_text("UN Secretary-General Antonio Guterres met Iranian President Masoud Pezeshkian in Kazan.")
    assert entity(x, "Antonio Guterres").title == "Secretary-General"


def test_title_phrase_stops_at_a_clause(extract_text):
    x = extract_text("Olusegun Obasanjo, a former president of Nigeria who led the mediation, met Ethiopian Prime Minister Abiy Ahmed.")
    assert entity(x, "Olusegun Obasanjo").title in ("Former President of Nigeria", "Former President")


def test_office_holder_data_fills_side_and_post(extract_text):
    # The text says neither Lavrov's post nor his country: the office-holder data does.
    x = extract_text("Lavrov met Wang Yi in Beijing on Monday.", published=date(2024, 4, 10))
    lavrov = next(e for e in x.entities if "Lavrov" in e.name)
    assert lavrov.affiliation == "Russia"
    assert lavrov.title == "Foreign Minister"


def test_counterpart_apposition_gives_the_side(extract_text):
    x = extract_text("Major General Kashif Abdullah telephoned his Indian counterpart, Lieutenant General Rajiv Ghai.")
    assert entity(x, "Rajiv Ghai").affiliation == "India"


def test_a_country_leader_is_its_head_of_government(extract_text):
    x = extract_text("Kenyan President William Ruto arrived in Nairobi. Later, Norway's prime minister "
                     "Jonas Gahr Store called Kenya's leader.")
    assert find(x, "spokeWith", "Store", "Ruto")


def test_object_pronoun_is_not_the_clause_subject(extract_text):
    x = extract_text("Portuguese Foreign Minister Paulo Rangel met Moroccan Foreign Minister Nasser Bourita. "
                     "Rangel thanked Bourita and invited him to Lisbon.")
    i = find(x, "invited", "Rangel", "Bourita")
    assert (i.subject, i.object) == ("Paulo Rangel", "Nasser Bourita")


def test_title_only_mention_matches_any_title_seen(extract_text):
    x = extract_text("The head of the agency, Maria Lindqvist, arrived in Oslo. Lindqvist, the director general "
                     "of the agency, met Norwegian Prime Minister Jonas Gahr Store. "
                     "Store later invited the director general to return in June.")
    assert find(x, "invited", "Store", "Lindqvist")
    assert entity(x, "Maria Lindqvist").title in ("Director-General", "Director General")


def test_it_as_an_object_is_not_a_country(extract_text):
    x = extract_text("Speaking in Vienna, the Swiss president called it a useful step.")
    assert x.interactions == ()


def test_meeting_in_a_foreign_capital_is_a_visit(extract_text):
    x = extract_text("Saudi Foreign Minister Faisal bin Farhan held talks with Indian Foreign Minister "
                     "Subrahmanyam Jaishankar in New Delhi on Thursday.")
    assert find(x, "met", "Faisal", "Jaishankar")
    visit = find(x, "visited", "Faisal", "India")
    assert visit.date == "2024-05-23"
    assert not [i for i in x.interactions if i.predicate == "visited" and "Jaishankar" in i.subject]


def test_verbless_fragments_are_handled(extract_text):
    # A fragment's root is a noun: walking up to "its verb" must stop at the root.
    x = extract_text("Talks between Kenya and Norway in Nairobi. Another meeting with Sweden in Oslo.")
    assert find(x, "met", "Kenya", "Norway")


def test_supposed_to_start_is_planned(extract_text):
    x = extract_text("Negotiations between Ethiopia and Somalia are supposed to start in February.")
    assert find(x, "negotiatedWith", "Ethiopia", "Somalia").status == "planned"


def test_the_three_allies_are_the_last_group(extract_text):
    x = extract_text("The leaders of Japan, South Korea and Australia met in Lima on Friday. "
                     "The three allies agreed to set up a permanent secretariat.")
    pairs = {frozenset((i.subject, i.object)) for i in x.interactions if i.predicate == "agreedWith"}
    assert frozenset(("Japan", "Australia")) in pairs and frozenset(("South Korea", "Australia")) in pairs


def test_only_reciprocal_verbs_pair_plural_subjects(extract_text):
    x = extract_text("Secretary of State Marco Rubio said he and Vice President JD Vance had spent two days "
                     "in contact with Indian Prime Minister Narendra Modi.")
    assert not [i for i in x.interactions if {i.subject, i.object} == {"Marco Rubio", "JD Vance"}]
    assert find(x, "spokeWith", "Vance", "Modi")


def test_a_ministry_is_never_a_person(extract_text):
    x = extract_text("Belarus's charge d'affaires in Warsaw was summoned by the Polish Foreign Ministry on Tuesday.")
    assert not [e for e in x.entities if e.type == "Person"]
    assert find(x, "summoned", "Poland", "Belarus")


def test_no_meetings_is_negated(extract_text):
    x = extract_text("The Argentine president held no meetings with Spanish Prime Minister Pedro Sanchez during his stay.")
    assert all(i.status == "negated" for i in x.interactions if i.predicate == "met")
    assert any(i.predicate == "met" for i in x.interactions)


def test_mockery_is_criticism(extract_text):
    x = extract_text("Argentine President Javier Milei mocked Spanish Prime Minister Pedro Sanchez on Sunday.")
    assert find(x, "criticized", "Milei", "Sanchez")


def test_calling_something_a_name_is_no_call(extract_text):
    x = extract_text("The African Union commended both parties for what it called their stellar leadership.")
    assert not [i for i in x.interactions if i.predicate == "spokeWith"]


def test_both_countries_are_the_last_two_named(extract_text):
    x = extract_text("Armenia and Azerbaijan agreed on Friday to reopen the border. Two generals spoke by phone. "
                     "French President Emmanuel Macron congratulated both countries.")
    assert find(x, "supported", "Macron", "Armenia")
    assert find(x, "supported", "Macron", "Azerbaijan")


# -- repairs of the small parser's typical errors ----------------------------------------------

def test_subject_folded_into_a_fronted_phrase(extract_text):
    # The parser reads "the Kenyan president" as the object of "landing", leaving "had held" subjectless.
    x = extract_text("Kenyan President William Ruto arrived. Within hours of landing the Kenyan president had held "
                     "talks with Uganda's Yoweri Museveni and Tanzania's Samia Suluhu Hassan.")
    assert find(x, "met", "Ruto", "Samia Suluhu Hassan")


def test_possessor_on_a_modifier_is_the_target(extract_text):
    x = extract_text("Bolivian President Luis Arce spoke. At that summit the Bolivian president condemned Chile's "
                     "missile and drone tests and praised Peru's efforts to calm tensions, his office said.")
    assert find(x, "criticized", "Arce", "Chile")


def test_title_with_another_country_is_not_an_earlier_envoy(extract_text):
    x = extract_text("Poland's foreign ministry called in Ambassador Pavel Ivanov on Monday. "
                     "Estonian Foreign Minister Margus Tsahkna said he had summoned the Belarusian ambassador in Tallinn.")
    assert find(x, "summoned", "Tsahkna", "Belarus")
    assert not any("Ivanov" in i.object for i in x.interactions if "Tsahkna" in i.subject)


def test_name_apposed_to_a_place_phrase(extract_text):
    x = extract_text("Mali's ambassador in Dakar, Oumar Traore, called on the Senegalese foreign minister, "
                     "Yassine Fall, and informed her of the decision.")
    assert find(x, "met", "Oumar Traore", "Yassine Fall").subject == "Oumar Traore"
    assert find(x, "briefed", "Oumar Traore", "Yassine Fall")


def test_a_relative_is_not_the_person_named(extract_text):
    x = extract_text("In Oslo, the EU's foreign policy chief Kaja Kallas received Gongadze's widow at the dinner.")
    assert not any(i.predicate == "hosted" and "Gongadze" in i.object for i in x.interactions), triples(x)


def test_agreement_object_behind_an_of_phrase(extract_text):
    x = extract_text("The deal came when Ethiopian Prime Minister Abiy Ahmed signed a framework of cooperation "
                     "with Somaliland's Muse Bihi Abdi.")
    assert find(x, "agreedWith", "Abiy", "Bihi")


def _parsed(words, heads, deps, pos, ents=()):
    """A hand-built parse, for repairs of errors the parser makes only on some sentences."""
    import spacy
    from spacy.tokens import Doc, Span

    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_comma_name_read_as_adverb_renames_the_object():
    from graphkit.nlp.interactions import _apposition

    # "welcomed Salim's sister , Amal Haddad , to Oslo" with "Haddad" hung on the verb (npadvmod)
    words = ["Eide", "welcomed", "Salim", "'s", "sister", ",", "Amal", "Haddad", ",", "to", "Oslo"]
    heads = [1, 1, 4, 2, 1, 1, 7, 1, 1, 1, 9]
    deps = ["nsubj", "ROOT", "poss", "case", "dobj", "punct", "compound", "npadvmod", "punct", "prep", "pobj"]
    pos = ["PROPN", "VERB", "PROPN", "PART", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "ADP", "PROPN"]
    doc = _parsed(words, heads, deps, pos)
    assert _apposition(doc[1], doc[4]).text == "Haddad"
    assert _apposition(doc[1], doc[10]).text == "Oslo"  # no comma name after it: unchanged


def test_given_name_the_ner_leaves_out_joins_the_name():
    from graphkit.nlp.entities import _repair_names

    words = ["with", "Muse", "Bihi", "Abdi", "today"]
    heads = [0, 3, 3, 0, 0]
    deps = ["ROOT", "compound", "compound", "pobj", "npadvmod"]
    pos = ["ADP", "PROPN", "PROPN", "PROPN", "NOUN"]
    doc = _parsed(words, heads, deps, pos, ents=[(2, 4, "PERSON")])
    assert [e.text for e in _repair_names(doc)] == ["Muse Bihi Abdi"]


# -- hosts, pairs and sides ------------------------------------------------------------------

def test_their_host_apposition(extract_text):
    x = extract_text("Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov "
                     "sat down in Almaty with their host, Kazakh Foreign Minister Murat Nurtleu.")
    assert find(x, "hosted", "Nurtleu", "Mirzoyan").subject == "Murat Nurtleu"
    assert find(x, "visited", "Mirzoyan", "Kazakhstan")


def test_with_phrase_on_the_setting_and_a_host_named_first(extract_text):
    x = extract_text("Chilean President Gabriel Boric also held talks with Lula da Silva, the Brazilian host.")
    assert find(x, "hosted", "Lula", "Boric").subject.startswith("Lula")
    assert find(x, "visited", "Boric", "Brazil")


def test_received_by_a_foreign_leader_is_a_visit_to_his_country(extract_text):
    x = extract_text("Indonesian President Prabowo Subianto was received by Turkish President Recep Tayyip Erdogan "
                     "on Tuesday.")
    assert find(x, "visited", "Prabowo", "Turkey").date == "2024-05-21"


def test_planned_meeting_implies_no_visit(extract_text):
    x = extract_text("Chilean President Gabriel Boric will meet Peruvian President Dina Boluarte in Lima next month.")
    assert find(x, "met", "Boric", "Boluarte").status == "planned"
    assert not any(i.predicate == "visited" for i in x.interactions)


def test_both_men_are_people_even_after_countries(extract_text):
    x = extract_text("Foreign Minister Abbas Araghchi led Iran's team. The US side was headed by Steve Witkoff. "
                     "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani hosted both men in Doha.")
    objects = {i.object for i in x.interactions if i.predicate == "hosted"}
    assert objects == {"Abbas Araghchi", "Steve Witkoff"}, objects


def test_a_person_and_his_own_country_do_not_interact(extract_text):
    x = extract_text("Pakistan and India agreed to a truce. US President Donald Trump praised both countries on Saturday.")
    assert not any({i.subject, i.object} == {"Donald Trump", "United States"} for i in x.interactions)


def test_described_subject_is_the_pronoun_antecedent(extract_text):
    x = extract_text("Russian Foreign Minister Sergei Lavrov met Ukrainian Foreign Minister Dmytro Kuleba. "
                     "The Ukrainian minister said the talks were hard, and he accused Russia of stalling.")
    assert find(x, "criticized", "Kuleba", "Russia")


def test_sending_a_letter_is_no_aid(extract_text):
    x = extract_text("US President Joe Biden sent a letter to Chinese President Xi Jinping last month.")
    assert not any(i.predicate == "aided" for i in x.interactions), triples(x)


def test_what_someone_is_told_to_do_is_not_an_event(extract_text):
    x = extract_text("Chinese President Xi Jinping told the United States to stop arming Taiwan and to back "
                     "Vietnam's claims.")
    assert not any(i.subject == "United States" for i in x.interactions), triples(x)


def test_bare_government_resolves_to_the_country_just_named(extract_text):
    x = extract_text("Fighting in northern Mozambique eased. The federal government and the Renamo movement (Renamo) "
                     "signed a truce on Wednesday in Maputo.")
    assert find(x, "agreedWith", "Mozambique", "Renamo")


def test_the_group_is_the_organisation_just_named(extract_text):
    x = extract_text("Leaders of the Group of Seven met in Hiroshima. The same day the group agreed to tighten "
                     "sanctions on Russia.")
    assert find(x, "sanctioned", "Group of Seven", "Russia")


def test_two_officers_are_the_last_two_named(extract_text):
    x = extract_text("Lieutenant General Anil Chauhan telephoned Major General Ahmed Sharif on Friday, and the two "
                     "officers agreed the guns would fall silent.")
    assert find(x, "agreedWith", "Chauhan", "Sharif")


def test_invited_him_is_not_the_subject_himself(extract_text):
    x = extract_text("Indian Prime Minister Narendra Modi arrived on Tuesday. He held talks with Egyptian President "
                     "Abdel Fattah el-Sisi and invited him to India.")
    assert find(x, "invited", "Modi", "Sisi").subject == "Narendra Modi"


def test_name_taken_as_a_modifier_of_the_next_is_a_conjunct(extract_text):
    x = extract_text("German Chancellor Olaf Scholz met Viktor Orban on Thursday morning, together with Michel and "
                     "European Commission President Ursula von der Leyen.")
    assert find(x, "met", "Michel", "Orban")


def test_joined_two_others_for_a_meeting_gives_every_pair(extract_text):
    x = extract_text("Kenyan President William Ruto joined Ugandan President Yoweri Museveni and Tanzanian President "
                     "Samia Suluhu Hassan for a three-way meeting on Friday.")
    assert find(x, "met", "Ruto", "Museveni") and find(x, "met", "Ruto", "Samia")
    assert find(x, "met", "Museveni", "Samia").group


def test_announced_aid_is_done_but_an_announced_visit_is_planned(extract_text):
    x = extract_text("On Sunday German Chancellor Olaf Scholz announced a further 500 million euros in weapons and "
                     "ammunition for Ukraine.")
    assert find(x, "aided", "Scholz", "Ukraine").status == "occurred"
    y = extract_text("The White House announced a visit by US President Joe Biden to Angola.")
    assert all(i.status == "planned" for i in y.interactions if i.predicate == "visited")


def test_decided_to_open_negotiations_is_planned(extract_text):
    x = extract_text("European Union leaders decided on Thursday evening to open accession negotiations with Georgia "
                     "and Armenia, a step the Georgian president welcomed.")
    i = find(x, "negotiatedWith", "European Union", "Georgia")
    assert i.status == "planned"


def test_infinitive_misread_as_an_adjective_keeps_its_subject():
    from graphkit.nlp.entities import build_entity_table
    from graphkit.nlp.gazetteer import load_gazetteer
    from graphkit.nlp.interactions import extract_interactions
    from graphkit.nlp.lexicon import load_lexicon

    # "NATO decided to open negotiations with Georgia, a step" with "open" parsed as an
    # adjective of "step" (the small parser's error on such sentences).
    words = ["NATO", "decided", "to", "open", "negotiations", "with", "Georgia", ",", "a", "step", "."]
    heads = [1, 1, 3, 9, 3, 4, 5, 9, 9, 1, 1]
    deps = ["nsubj", "ROOT", "aux", "amod", "dobj", "prep", "pobj", "punct", "det", "npadvmod", "punct"]
    pos = ["PROPN", "VERB", "PART", "VERB", "NOUN", "ADP", "PROPN", "PUNCT", "DET", "NOUN", "PUNCT"]
    doc = _parsed(words, heads, deps, pos, ents=[(0, 1, "ORG"), (6, 7, "GPE")])
    for token, lemma in zip(doc, ["NATO", "decide", "to", "open", "negotiation", "with", "Georgia", ",", "a", "step", "."]):
        token.lemma_ = lemma
    table = build_entity_table(doc, load_gazetteer())
    found = {(table.name(table.index_of(i.subject)), i.predicate, table.name(table.index_of(i.object)))
             for i in extract_interactions(doc, table=table, lexicon=load_lexicon())}
    assert ("NATO", "negotiatedWith", "Georgia") in found


def test_saying_another_side_should_act_is_urging(extract_text):
    x = extract_text("On Monday Indian Prime Minister Narendra Modi said Canada must act against extremists.")
    assert find(x, "urged", "Modi", "Canada").date == "2024-05-20"


def test_saying_both_sides_should_act_is_no_appeal(extract_text):
    x = extract_text("Chinese President Xi Jinping met Indian Prime Minister Narendra Modi. Xi said the two "
                     "countries should strengthen cooperation.")
    assert not any(i.predicate == "urged" for i in x.interactions), triples(x)


def test_them_is_a_plural_of_its_own_sentence_first(extract_text):
    x = extract_text("Kenyan President William Ruto met Ugandan President Yoweri Museveni. Ethiopian Prime Minister "
                     "Abiy Ahmed addressed the delegates by video and appealed to them to stay calm.")
    assert not any(i.subject == "Abiy Ahmed" for i in x.interactions), triples(x)


def test_object_pronoun_is_the_other_person_of_its_sentence(extract_text):
    x = extract_text("Chinese President Xi Jinping spoke first. Indian Prime Minister Narendra Modi arrived later. "
                     "He held talks with Egyptian President Abdel Fattah el-Sisi, the summit host, and invited him "
                     "to India.")
    assert find(x, "invited", "Modi", "Sisi")
    assert not any(i.predicate == "invited" and "Xi" in i.object for i in x.interactions)


def test_the_two_presidents_are_the_last_two_presidents(extract_text):
    x = extract_text("US President Joe Biden met Chinese President Xi Jinping. Xi also criticized House Speaker "
                     "Mike Johnson. The two presidents last spoke by phone in April.")
    assert find(x, "spokeWith", "Biden", "Xi")
    assert not any(i.predicate == "spokeWith" and "Johnson" in (i.subject + i.object) for i in x.interactions)


def test_their_host_is_not_the_owners_of_their(extract_text):
    x = extract_text("Ethiopia and Somalia signed a deal on Friday. Kenyan President William Ruto praised their "
                     "host at a news conference.")
    assert not any(i.predicate == "supported" for i in x.interactions), triples(x)


def test_put_their_names_to_an_accord(extract_text):
    x = extract_text("Serbian President Aleksandar Vucic and Kosovo Prime Minister Albin Kurti put their names to the accord.")
    assert find(x, "agreedWith", "Vucic", "Kurti")
    assert len(x.interactions) == 1, triples(x)  # "their names" is part of the idiom, not an object


def test_shaking_hands_is_meeting(extract_text):
    x = extract_text("Serbian President Aleksandar Vucic and Kosovo Prime Minister Albin Kurti shook hands in Brussels.")
    assert find(x, "met", "Vucic", "Kurti")


def test_talks_framing_the_clause_belong_to_its_subjects(extract_text):
    x = extract_text("After talks in Doha, Israeli negotiator David Barnea and Hamas official Khalil al-Hayya "
                     "reached a truce.")
    assert find(x, "met", "Barnea", "Hayya")


def test_a_label_that_names_no_actor_does_not_hide_a_surname():
    from graphkit.nlp.entities import build_entity_table
    from graphkit.nlp.gazetteer import load_gazetteer

    # "Abiy and" mis-tagged WORK_OF_ART must still be Abiy Ahmed, named earlier.
    words = ["Abiy", "Ahmed", "spoke", ".", "Abiy", "and", "Ruto", "met", "."]
    heads = [1, 2, 2, 2, 7, 4, 4, 7, 7]
    deps = ["compound", "nsubj", "ROOT", "punct", "nsubj", "cc", "conj", "ROOT", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"]
    doc = _parsed(words, heads, deps, pos, ents=[(0, 2, "PERSON"), (4, 6, "WORK_OF_ART"), (6, 7, "PERSON")])
    table = build_entity_table(doc, load_gazetteer())
    assert [table.name(a) for a in table.resolve(doc[4])] == ["Abiy Ahmed"]


def test_name_misparsed_as_a_modifier_deeper_in_the_phrase_is_a_conjunct():
    from graphkit.nlp.interactions import _conjuncts

    # "Abiy and Somali President Hassan Mohamud": "Abiy" hangs on "President" with its own "and".
    words = ["Abiy", "and", "Somali", "President", "Hassan", "Mohamud", "signed"]
    heads = [3, 0, 0, 5, 5, 6, 6]
    deps = ["nmod", "cc", "conj", "compound", "compound", "nsubj", "ROOT"]
    pos = ["PROPN", "CCONJ", "ADJ", "PROPN", "PROPN", "PROPN", "VERB"]
    doc = _parsed(words, heads, deps, pos)
    assert [t.text for t in _conjuncts(doc[5])] == ["Mohamud", "Abiy"]


def test_did_the_same_repeats_the_last_interaction(extract_text):
    x = extract_text("Polish Foreign Minister Radoslaw Sikorski summoned the Belarusian ambassador on Monday. "
                     "Latvia followed suit, and Lithuanian Foreign Minister Kestutis Budrys did the same.")
    assert find(x, "summoned", "Latvia", "Belarus").date == "2024-05-20"
    assert find(x, "summoned", "Budrys", "Belarus")


def test_did_the_same_with_a_named_envoy_of_unknown_side_gives_nothing(extract_text):
    x = extract_text("Germany's foreign ministry called in Ambassador Sergei Ivanov. France followed suit.")
    assert not any(i.subject == "France" for i in x.interactions), triples(x)


def test_a_future_date_does_not_carry_to_later_sentences(extract_text):
    x = extract_text("Armenia and Azerbaijan agreed on Tuesday to halt fire. The two militaries are to hold talks "
                     "on Monday. Russian President Vladimir Putin praised both countries.")
    talks = find(x, "met", "Armenia", "Azerbaijan")
    assert talks.status == "planned" and talks.date == "2024-05-27"
    assert find(x, "supported", "Putin", "Armenia").date == "2024-05-21"


def test_the_carried_date_is_that_of_the_last_dated_event(extract_text):
    x = extract_text("Saudi Foreign Minister Faisal bin Farhan met Iranian President Masoud Pezeshkian on Tuesday and "
                     "then flew to Baghdad, where he was received by Iraqi Prime Minister Mohammed Shia al-Sudani on "
                     "Wednesday evening. At that meeting the Iraqi premier praised Turkey.")
    assert find(x, "supported", "Sudani", "Turkey").date == "2024-05-22"


def test_a_face_to_face_conversation_is_a_meeting_and_an_exchange_a_conversation(extract_text):
    x = extract_text("Kenyan President William Ruto sat down with Uganda's Yoweri Museveni, their first face-to-face "
                     "conversation in a year. Later Ruto had a brief exchange with Tanzanian President Samia Suluhu Hassan.")
    assert not any(i.predicate == "spokeWith" and "Museveni" in i.object for i in x.interactions), triples(x)
    assert find(x, "spokeWith", "Ruto", "Samia")


def test_slash_dateline_is_blanked():
    from graphkit.nlp.extractor import blank_datelines

    text = "NEW DELHI/ISLAMABAD, May 11 - Talks began."
    assert blank_datelines(text) == " " * text.index("Talks") + "Talks began."


def test_both_governments_skips_a_ministry_named_after_them(extract_text):
    x = extract_text("India and Pakistan agreed to a truce. According to the State Department, US Secretary of State "
                     "Marco Rubio pressed both governments to de-escalate.")
    assert find(x, "urged", "Rubio", "India") and find(x, "urged", "Rubio", "Pakistan")


def test_the_group_named_only_as_a_modifier_before(extract_text):
    x = extract_text("US President Joe Biden briefed his G7 counterparts on Friday. The group agreed to impose "
                     "sanctions on Iran.")
    assert find(x, "sanctioned", "G7", "Iran")


def test_talks_held_in_a_relative_clause(extract_text):
    x = extract_text("Azerbaijani Foreign Minister Jeyhun Bayramov said Azerbaijan valued the talks its delegation "
                     "has been holding with Armenian negotiators in Washington.")
    i = find(x, "met", "Azerbaijan", "Armenia")
    assert i.status == "occurred"


def test_a_letter_sent_is_no_aid_and_its_appeal_is_the_senders(extract_text):
    x = extract_text("French President Emmanuel Macron recalled a letter Russian President Vladimir Putin sent to "
                     "him, urging him to stay out of the conflict.")
    assert not any(i.predicate == "aided" for i in x.interactions), triples(x)
    assert find(x, "urged", "Putin", "Macron").subject == "Vladimir Putin"


def test_a_person_set_in_a_foreign_city_is_visiting(extract_text):
    x = extract_text("Hungarian Prime Minister Viktor Orban, in Beijing for a state visit, praised the trade deal "
                     "on Monday.")
    assert find(x, "visited", "Orban", "China").date == "2024-05-20"
    y = extract_text("The Chinese ambassador in Budapest, Gong Tao, said the deal was fair. Gong, in Budapest since "
                     "2020, spoke to reporters.")
    assert not any(i.predicate == "visited" for i in y.interactions), triples(y)


def test_subject_pronoun_continues_the_main_subject_of_the_last_sentence(extract_text):
    x = extract_text("Ukrainian President Volodymyr Zelensky toured the region. On Tuesday he was in Paris, where "
                     "French President Emmanuel Macron received him. On Sunday he had a brief exchange with "
                     "Hungarian Prime Minister Viktor Orban.")
    assert find(x, "spokeWith", "Zelensky", "Orban")
    assert not any("Macron" in (i.subject + i.object) and "Orban" in (i.subject + i.object) for i in x.interactions)


def test_both_governments_are_the_pair_the_story_is_about(extract_text):
    x = extract_text("Armenia and Azerbaijan agreed on a truce. Armenian Prime Minister Nikol Pashinyan thanked "
                     "Azerbaijan's leader. Yerevan played down Moscow's part in the deal. US Secretary of State Marco "
                     "Rubio pressed both governments to sign it.")
    assert {i.object for i in x.interactions if i.predicate == "urged"} == {"Armenia", "Azerbaijan"}


@pytest.mark.parametrize("text, expected", [
    ("Turkish President Recep Tayyip Erdogan welcomed Sweden's decision.",
     ("Recep Tayyip Erdogan", "supported", "Sweden")),
    ("Japanese Prime Minister Fumio Kishida hosted a dinner for Australian Prime Minister Anthony Albanese.",
     ("Fumio Kishida", "hosted", "Anthony Albanese")),
    ("Kenyan President William Ruto paid a visit to Ethiopian Prime Minister Abiy Ahmed.",
     ("William Ruto", "met", "Abiy Ahmed")),
    ("Secretary of State Antony Blinken briefed NATO allies on the talks.", ("Antony Blinken", "briefed", "NATO")),
    ("Australia announced 50 million dollars in aid to Papua New Guinea.",
     ("Australia", "aided", "Papua New Guinea")),
    ("Indian Prime Minister Narendra Modi discussed trade with Japanese Prime Minister Fumio Kishida.",
     ("Narendra Modi", "spokeWith", "Fumio Kishida")),
])
def test_common_phrasings(extract_text, text, expected):
    assert expected in triples(extract_text(text))


@pytest.mark.parametrize("text", [
    "Israeli and Hamas negotiators held talks over a ceasefire in Doha.",
    "The talks between Israel and Hamas, mediated by Qatar and Egypt, resumed in Doha.",
])
def test_talks_about_a_deal_or_brokered_are_negotiations(extract_text, text):
    x = extract_text(text)
    assert find(x, "negotiatedWith", "Israel", "Hamas")
    assert not any(i.predicate == "met" for i in x.interactions), triples(x)


def test_both_parties_are_the_last_two_sides_after_a_personal_exchange(extract_text):
    x = extract_text("Ethiopia and the Tigray People's Liberation Front (TPLF) signed a truce. Abiy Ahmed thanked "
                     "Olusegun Obasanjo. The AU panel commended both parties.")
    assert find(x, "supported", "African Union", "Ethiopia") and find(x, "supported", "African Union", "Tigray")


def test_the_two_sides_are_sides_that_dealt_with_each_other(extract_text):
    # After "commended both parties" the last pair is the AU and one party; the sides are still the two parties.
    x = extract_text("Ethiopia and the Tigray People's Liberation Front (TPLF) signed a truce. The AU panel commended "
                     "both parties. The AU had first invited the two sides to meet in Kenya.")
    assert find(x, "invited", "African Union", "Ethiopia") and find(x, "invited", "African Union", "Tigray")


def test_their_host_unnamed_is_the_leader_where_the_talks_were(extract_text):
    x = extract_text("Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met in Abu Dhabi "
                     "on Friday, after months of talks. Emirati President Mohamed bin Zayed welcomed the deal. Both "
                     "leaders thanked their host at a dinner.")
    assert find(x, "supported", "Pashinyan", "Mohamed bin Zayed").subject == "Nikol Pashinyan"
    assert find(x, "hosted", "Mohamed bin Zayed", "Aliyev").subject == "Mohamed bin Zayed"


# -- known misses: each would pass if the extractor handled the phenomenon ----------------------------

@pytest.mark.xfail(strict=True, reason="a later clause that cancels an expected event ('he never made the journey') "
                                      "does not reach back to it")
def test_expected_then_never_made(extract_text):
    x = extract_text("Dutch Foreign Minister Caspar Veldkamp had been expected to travel to Kyiv on Monday, "
                     "but he never made the journey.")
    assert find(x, "visited", "Veldkamp", "Ukraine").status == "negated"


@pytest.mark.xfail(strict=True, reason="'the two sides' after interactions between people is not mapped to the "
                                      "countries or groups those people stand for")
def test_the_two_sides_after_a_personal_exchange(extract_text):
    x = extract_text("Sudan's army and the Rapid Support Forces (RSF) fought for months. Army chief Abdel Fattah "
                     "al-Burhan thanked Saudi Foreign Minister Faisal bin Farhan. The African Union had invited "
                     "the two sides to meet in Jeddah.")
    assert find(x, "invited", "African Union", "Rapid Support Forces")


def test_arrival_without_a_destination(extract_text):
    """A journey that names no destination ends where the story is."""
    x = extract_text("The conference on Sudan began in Doha on Monday. Egypt's foreign minister, Badr Abdelatty, "
                     "landed a few hours later.")
    assert find(x, "visited", "Abdelatty", "Qatar")


@pytest.mark.xfail(strict=True, reason="two signatories each signing 'for' a side are not read as meeting each other")
def test_signatories_for_each_side_met(extract_text):
    x = extract_text("Sudanese general Shams al-Din Kabbashi signed for the army; Abdel Rahim Dagalo signed for "
                     "the RSF.")
    assert find(x, "met", "Kabbashi", "Dagalo")


def test_criticism_by_description(extract_text):
    x = extract_text("Spanish Foreign Minister Jose Manuel Albares responded within hours, calling Argentine "
                     "President Javier Milei's remarks an unprecedented attack.")
    assert find(x, "criticized", "Albares", "Milei")


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("Ghanaian President Nana Akufo-Addo called the coup by the Malian army a betrayal.",
     ("Nana Akufo-Addo", "criticized", "Mali")),
    ("Vietnam described China's new map as illegal.", ("Vietnam", "criticized", "China")),
    ("Chilean President Gabriel Boric called Uruguay a trusted partner.", ("Gabriel Boric", "supported", "Uruguay")),
])
def test_a_judgement_on_a_side_is_criticism_or_support(extract_rules, text, expected):
    found = triples(extract_rules(text))
    subject, predicate, obj = expected
    assert any(s == subject and p == predicate and obj in o for s, p, o in found), found


@pytest.mark.model
def test_a_judgement_on_a_thing_of_nobody_is_no_interaction(extract_rules):
    x = extract_rules("Brazil described the talks as productive, and Argentina called the weather dreadful.")
    assert not [i for i in x.interactions if i.predicate in ("criticized", "supported")]
    y = extract_rules("Kenyan President William Ruto called Ugandan President Yoweri Museveni on Monday.")
    assert {i.predicate for i in y.interactions} == {"spokeWith"}  # a call with no judgement is a call


@pytest.mark.xfail(strict=True, reason="'talks' are read as a meeting unless a modifier says what they are about; "
                                      "talks that are negotiations by context are not typed negotiatedWith")
def test_talks_that_are_negotiations_by_context(extract_text):
    x = extract_text("Ethiopia and the TPLF held ten days of talks in Pretoria over a permanent ceasefire.")
    assert find(x, "negotiatedWith", "Ethiopia", "TPLF")


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("Kenyan President William Ruto, Tanzanian President Samia Suluhu Hassan, Rwandan President Paul Kagame "
     "and Ugandan President Yoweri Museveni gathered in Arusha on Tuesday. "
     "The four leaders signed a joint declaration on regional trade.",
     {frozenset(p) for p in [("William Ruto", "Samia Suluhu Hassan"), ("William Ruto", "Paul Kagame"),
                             ("William Ruto", "Yoweri Museveni"), ("Samia Suluhu Hassan", "Paul Kagame"),
                             ("Samia Suluhu Hassan", "Yoweri Museveni"), ("Paul Kagame", "Yoweri Museveni")]}),
    ("Chile, Peru and Ecuador opened a conference on fisheries in Lima on Monday. "
     "The three governments signed a pact on quotas.",
     {frozenset(p) for p in [("Chile", "Peru"), ("Chile", "Ecuador"), ("Peru", "Ecuador")]}),
])
def test_counted_groups_refer_to_that_many_actors(extract_rules, text, expected):
    """"The four leaders", "the three governments": the last people or countries named."""
    found = {frozenset((i.subject, i.object)) for i in extract_rules(text).interactions
             if i.predicate == "agreedWith"}
    assert found == expected


@pytest.mark.model
def test_group_phrases_are_read_with_their_count(extractor):
    from graphkit.nlp.entities import GroupPhrase, group_phrase

    nlp = extractor.nlp
    doc = nlp("the six Gulf ministers")
    assert group_phrase(doc[3]) == GroupPhrase(6, "ministers", True)
    doc = nlp("all partners")
    assert group_phrase(doc[1]) == GroupPhrase(None, "partners", True)
    doc = nlp("the Iranian ministers")
    assert group_phrase(doc[2], named={1}) is None  # a country's side, not a group
    assert group_phrase(nlp("the minister")[1]) is None


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("Argentina condemned the decision by Chile to close the border crossing.", ("Argentina", "criticized", "Chile")),
    ("Kenya rejected the plan put forward by Ethiopia.", ("Kenya", "criticized", "Ethiopia")),
    ("Portugal welcomed the offer made by Angola.", ("Portugal", "supported", "Angola")),
])
def test_the_author_of_a_thing_is_the_target(extract_rules, text, expected):
    """Criticising or welcoming a decision made by Y is criticising or supporting Y."""
    found = triples(extract_rules(text))
    assert expected in found


@pytest.mark.model
def test_a_place_built_by_a_country_is_not_that_country(extract_rules):
    found = triples(extract_rules("Zambian President Hakainde Hichilema visited the bridge built by China."))
    assert ("Hakainde Hichilema", "visited", "China") not in found


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("Algeria threatened to cut diplomatic ties with Spain.", ("Algeria", "threatened", "Spain")),
    ("The United States threatened to impose sanctions on Nicaragua.", ("United States", "threatened", "Nicaragua")),
])
def test_a_threat_reaches_the_target_of_the_act_threatened(extract_rules, text, expected):
    found = triples(extract_rules(text))
    assert expected in found


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("Vietnamese Prime Minister Pham Minh Chinh made an official visit to Brazil on Monday at the invitation of "
     "President Luiz Inacio Lula da Silva.", ("Luiz Inacio Lula da Silva", "invited", "Pham Minh Chinh")),
    ("Chilean President Gabriel Boric arrived in Canberra on Tuesday at the invitation of Australian Prime Minister "
     "Anthony Albanese.", ("Anthony Albanese", "invited", "Gabriel Boric")),
])
def test_at_the_invitation_of(extract_rules, text, expected):
    """"X visited Y at the invitation of Z": Z invited X."""
    found = triples(extract_rules(text))
    assert expected in found


@pytest.mark.model
def test_joining_another_side_in_an_act(extract_rules):
    """"X joined Y in condemning Z": both condemned Z."""
    x = extract_rules("Norway joined Denmark in condemning the strike by Russia on Tuesday.")
    found = triples(x)
    assert {("Norway", "criticized", "Russia"), ("Denmark", "criticized", "Russia")} <= found


@pytest.mark.model
def test_a_present_perfect_happened_on_the_publication_day(extract_rules):
    """"X has met Y" with no day given: news reports it as just happened."""
    x = extract_rules("Kenyan President William Ruto has met Ghanaian President John Mahama in Accra.")
    met = next(i for i in x.interactions if i.predicate == "met")
    assert met.date == "2024-05-23"  # make_article's publication date
    y = extract_rules("Kenyan President William Ruto met Ghanaian President John Mahama in Accra.")
    assert next(i for i in y.interactions if i.predicate == "met").date is None  # no day, no tense cue


@pytest.mark.model
def test_counterparts_of_several_countries(extract_rules):
    """"her Indonesian and Malaysian counterparts": one person for each country."""
    x = extract_rules("Indonesian Foreign Minister Retno Marsudi and Malaysian Foreign Minister Saifuddin Abdullah "
                      "arrived in Canberra on Monday. On Tuesday Australian Foreign Minister Penny Wong thanked her "
                      "Indonesian and Malaysian counterparts for their support.")
    found = triples(x)
    assert {("Penny Wong", "supported", "Retno Marsudi"), ("Penny Wong", "supported", "Saifuddin Abdullah")} <= found


@pytest.mark.model
def test_a_title_named_only_later_is_its_one_holder(extract_rules):
    """A readout's "The President hosted X", with the president named further on."""
    x = extract_rules("The President hosted Japanese Prime Minister Shigeru Ishiba at the White House on Friday. "
                      "Later, President Donald Trump said the visit had gone well.")
    found = triples(x)
    assert ("Donald Trump", "hosted", "Shigeru Ishiba") in found


@pytest.mark.model
def test_entity_edges_lose_joining_words(extractor):
    from spacy.tokens import Span

    from graphkit.nlp.entities import _trim_edges

    doc = extractor.nlp("On Friday Sadyr Japarov and Emomali Rahmon met in Bishkek.")
    assert _trim_edges(Span(doc, 2, 5, label="PERSON")).text == "Sadyr Japarov"
    assert _trim_edges(Span(doc, 4, 5, label="PERSON")) is None
    assert _trim_edges(Span(doc, 5, 7, label="PERSON")).text == "Emomali Rahmon"


@pytest.mark.model
def test_forms_of_address_are_not_people(extract_rules):
    x = extract_rules("His Royal Highness the Crown Prince welcomed President Ahmed al-Sharaa of Syria. "
                      "Her Majesty Queen Rania attended the dinner.")
    names = {e.name for e in x.entities}
    assert not names & {"Royal Highness", "His Royal Highness", "Majesty", "Her Majesty"}, names


def test_a_form_of_address_is_not_part_of_the_name(extract_rules):
    # One list of forms of address (graphkit.names) for the extractor, resolution and gold.
    x = extract_rules("Prof. Amina Diallo met Ghanaian President John Mahama on Monday.")
    assert ("Amina Diallo", "met", "John Mahama") in triples(x)


@pytest.mark.model
def test_the_capital_is_a_country(extract_rules):
    """"the Serbian capital" is Serbia; a bare "the capital" the country just spoken of."""
    x = extract_rules("Tensions between Serbia and Kosovo have risen for weeks. EU envoy Miroslav Lajcak arrived "
                      "in the Serbian capital on Monday. The crisis in Sudan deepened. Kenyan President William "
                      "Ruto flew to the capital on Tuesday.")
    found = triples(x)
    assert {("Miroslav Lajcak", "visited", "Serbia"), ("William Ruto", "visited", "Sudan")} <= found


@pytest.mark.model
def test_an_arrival_with_no_destination_ends_at_the_dateline(rules_extractor):
    text = "NAIROBI, March 11 (Wire) - Ethiopian Prime Minister Abiy Ahmed arrived on Tuesday for talks on the port."
    found = triples(rules_extractor.extract(make_article(text)))
    assert ("Abiy Ahmed", "visited", "Kenya") in found
    home = "Kenyan President William Ruto arrived home on Wednesday after talks in Addis Ababa."
    found = triples(rules_extractor.extract(make_article(home)))
    assert ("William Ruto", "visited", "Kenya") not in found


def test_the_dateline_names_the_place_an_article_is_filed_from():
    from graphkit.nlp.extractor import dateline_place

    assert dateline_place("SANAA/DUBAI, April 10 (Wire) - Talks began.") == "SANAA"
    assert dateline_place("Talks began in Sanaa.") is None


@pytest.mark.model
def test_an_appeal_reaches_the_subject_of_the_clause_it_asks_for(extract_rules):
    found = triples(extract_rules("Egypt asked that Ethiopia halt the filling of the dam."))
    assert ("Egypt", "urged", "Ethiopia") in found
    found = triples(extract_rules("Egypt asked whether Ethiopia had finished the dam."))
    assert ("Egypt", "urged", "Ethiopia") not in found  # a question is no appeal


def test_the_host_of_talks_hosts_their_parties(extract_rules):
    found = triples(extract_rules("Qatar hosted talks between the United States and the Taliban in Doha on Saturday."))
    assert {("Qatar", "hosted", "United States"), ("Qatar", "hosted", "Taliban")} <= found
    found = triples(extract_rules("Thailand and Cambodia held talks hosted by Malaysian Prime Minister Anwar "
                                  "Ibrahim on Monday."))
    assert {("Anwar Ibrahim", "hosted", "Thailand"), ("Anwar Ibrahim", "hosted", "Cambodia")} <= found
    # Welcoming talks between two sides is no hosting.
    found = triples(extract_rules("Canada welcomed the talks between the United States and Ukraine in Jeddah."))
    assert not {t for t in found if t[1] == "hosted"}, found


def test_hosting_someone_for_talks_hosts_them(extract_rules):
    found = triples(extract_rules("Saudi Arabia hosted Russian and American officials for talks in Riyadh on Tuesday."))
    assert {("Saudi Arabia", "hosted", "Russia"), ("Saudi Arabia", "hosted", "United States")} <= found


def test_a_readiness_or_willingness_to_meet_is_no_meeting(extract_rules):
    x = extract_rules("Zelensky thanked the pope for the Vatican's readiness to host direct talks between "
                      "Ukraine and Russia. Biden said he would be willing to meet Kim Jong Un.")
    assert not [t for t in triples(x) if t[1] in ("hosted", "met", "negotiatedWith")], triples(x)


def test_a_bare_number_refers_to_that_many_actors_named_before(extract_rules):
    x = extract_rules("Britain, Canada, Australia, New Zealand and Norway imposed sanctions on two Israeli "
                      "ministers. Rubio called on the five to reverse the sanctions on Wednesday.")
    urged = {o for s, p, o in triples(x) if p == "urged"}
    assert urged == {"Britain", "Canada", "Australia", "New Zealand", "Norway"}
    # A number that counts something is no group.
    x = extract_rules("Britain and Canada imposed sanctions on Iran. Rubio called on the two vessels to turn back.")
    assert not {o for s, p, o in triples(x) if p == "urged"} & {"Britain", "Canada"}


def test_no_actor_deals_with_itself(extract_rules):
    x = extract_rules("TBILISI, May 15 - The foreign ministers of Lithuania, Estonia and Latvia came to Georgia "
                      "on Wednesday. The four had flown in that morning for a day of meetings.")
    assert not [t for t in triples(x) if t[0] == t[2]], triples(x)


def test_a_country_goes_by_the_name_the_article_writes(extract_rules):
    x = extract_rules("Britain summoned Iran's ambassador on Monday. The UK said Britain would not accept the "
                      "seizure of the tanker.")
    uk = next(e for e in x.entities if e.key == "country:united-kingdom")
    assert uk.name == "Britain"  # written twice; the abbreviation "UK" names no one here
    assert "United Kingdom" in uk.aliases
    # Written in full, or only as an abbreviation, it keeps the gazetteer's name.
    for text in ("The United Kingdom summoned Iran's ambassador.", "The UK summoned Iran's ambassador."):
        names = {e.name for e in extract_rules(text).entities if e.key == "country:united-kingdom"}
        assert names == {"United Kingdom"}, text


def test_the_government_of_a_country_is_that_country(extract_rules):
    # The small model tags "the Government of" apart from the country that follows it.
    x = extract_rules("The President conveyed the gratitude of the Government of Colombia to the Government of "
                      "Venezuela. Talks between the Government of Colombia and the ELN will open in Caracas.")
    assert "Government" not in {e.name for e in x.entities}
    assert {frozenset((s, o)) for s, _, o in triples(x)} == {frozenset(("Colombia", "National Liberation Army"))}


def test_a_second_family_name_or_both_name_the_person_already_met(extract_rules):
    x = extract_rules("Colombian President Gustavo Petro Urrego travelled to Caracas on Tuesday. Mexican President "
                      "Andrés Manuel López Obrador called him on Wednesday. Petro thanked López Obrador.")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert people == {"Gustavo Petro Urrego", "Andrés Manuel López Obrador"}, people
    # After a patronymic particle the words name the father, not the same man again.
    x = extract_rules("Crown Prince Mohammed bin Salman bin Abdulaziz Al Saud met Jordan's King Abdullah II. "
                      "King Salman bin Abdulaziz Al Saud received Abdullah II the next day.")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"Mohammed bin Salman bin Abdulaziz Al Saud", "Salman bin Abdulaziz Al Saud"} <= people, people


def test_comrade_is_a_form_of_address_not_a_name(extract_rules):
    x = extract_rules("Comrade Kim Jong Un met Russian President Vladimir Putin in Pyongyang on Wednesday.")
    assert find(x, "met", "Kim Jong Un", "Putin").subject in ("Kim Jong Un", "Vladimir Putin")
    assert "Comrade Kim Jong Un" not in {e.name for e in x.entities}


def test_hosting_the_leaders_of_countries_hosts_them(extract_rules):
    x = extract_rules("Chinese President Xi Jinping hosted the leaders of Kazakhstan and Uzbekistan on Friday. "
                      "Kenya welcomed the foreign ministers of Ghana and Togo on Monday. "
                      "Norway welcomed Sweden's decision to join NATO.")
    assert {(s, p, o) for s, p, o in triples(x) if p in ("hosted", "supported")} == {
        ("Xi Jinping", "hosted", "Kazakhstan"), ("Xi Jinping", "hosted", "Uzbekistan"),
        ("Kenya", "hosted", "Ghana"), ("Kenya", "hosted", "Togo"), ("Norway", "supported", "Sweden")}


def test_his_guest_is_the_last_person_named_from_another_side(extract_rules):
    x = extract_rules("Russian President Vladimir Putin met Burkina Faso's President Ibrahim Traore in Moscow on "
                      "Saturday. Russian Foreign Minister Sergei Lavrov also attended. Putin thanked his guest for "
                      "coming.")
    assert find(x, "supported", "Putin", "Traore").subject == "Vladimir Putin"
    assert not [t for t in triples(x) if t[1] == "supported" and "Lavrov" in t[2]]


def test_a_title_right_before_a_name_is_that_person_whatever_the_parse(extract_rules):
    # The small model parses "President" as the conjunct and hangs "Joe Biden" elsewhere.
    x = extract_rules("Japanese Prime Minister Fumio Kishida and US President Joe Biden met in Washington on Friday.")
    assert find(x, "met", "Kishida", "Biden")
    assert not [t for t in triples(x) if t[1] == "met" and "United States" in t]
