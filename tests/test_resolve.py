"""Cross-article identity (graphkit.resolve) through the facade and on its own."""
from __future__ import annotations

from pathlib import Path

import pytest
from graph_fixtures import austin_again, call_extraction
from rdflib import Literal, URIRef
from rdflib import namespace as ns

from graphkit.errors import InputError
from graphkit.graph import KnowledgeGraph
from graphkit.records import Article, Entity, Extraction, Interaction
from graphkit.names import normalize_name as normalise
from graphkit.resolve import Resolver, load_aliases, parse_person, titles_compatible

ACTOR = "https://w3id.org/graphkit/id/actor/"
AUSTIN = ACTOR + "lloyd-austin"

PEOPLE = """SELECT ?p (SAMPLE(?l) AS ?label) WHERE { ?p a dip:Person ; rdfs:label ?l } GROUP BY ?p"""


def _people(kg: KnowledgeGraph) -> dict[str, str]:
    return {row["p"]: row["label"] for row in kg.select(PEOPLE)}


def test_three_spellings_in_three_articles_are_one_actor() -> None:
    with KnowledgeGraph.open("memory") as kg:
        kg.add(call_extraction())
        kg.add(austin_again("Lloyd J. Austin III", "second", affiliation="United States"))
        kg.add(austin_again("Secretary Austin", "third", title="Secretary"))
        people = _people(kg)
        assert people == {AUSTIN: "Lloyd Austin", ACTOR + "yoav-gallant": "Yoav Gallant"}
        alt = {r["alt"] for r in kg.select(f"SELECT ?alt WHERE {{ <{AUSTIN}> skos:altLabel ?alt }}")}
        assert alt == {"Austin", "Lloyd J. Austin III", "Secretary Austin"}
        # Each article states the canonical label, so the union has exactly one.
        labels = kg.select(f"SELECT DISTINCT ?l WHERE {{ <{AUSTIN}> rdfs:label ?l }}")
        assert labels == [{"l": "Lloyd Austin"}]


def test_identity_is_found_in_a_reopened_on_disk_store(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(call_extraction())
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(austin_again("Secretary Austin", "later", title="Secretary of Defense"))
        assert set(_people(kg)) == {AUSTIN, ACTOR + "yoav-gallant"}


def test_same_surname_different_country_or_title_stays_apart() -> None:
    with KnowledgeGraph.open("memory") as kg:
        kg.add(call_extraction())
        kg.add(austin_again("Prime Minister Austin", "aus", title="Prime Minister", affiliation="Australia"))
        kg.add(austin_again("Ambassador Austin", "amb", title="Ambassador"))
        people = _people(kg)
    assert len([p for p in people if "austin" in p]) == 3
    assert people[AUSTIN] == "Lloyd Austin"


def test_same_full_name_on_different_sides_are_two_people() -> None:
    with KnowledgeGraph.open("memory") as kg:
        kg.add(austin_again("John Smith", "uk", affiliation="United Kingdom"))
        kg.add(austin_again("John Smith", "au", affiliation="Australia"))
        kg.add(austin_again("John Smith", "uk2", affiliation="United Kingdom"))
        smiths = sorted(p for p in _people(kg) if "smith" in p)
    assert smiths == [ACTOR + "john-smith", ACTOR + "john-smith-australia"]


def test_namesakes_in_one_article_stay_two_people_with_their_own_interactions() -> None:
    # Interactions name entity ids, so the same display name on two sides is two actors.
    text = "Ali Khan of Pakistan met Ali Khan of India in Kathmandu."
    entities = (Entity("Ali Khan", "Person", affiliation="Pakistan", id="e1"),
                Entity("Ali Khan", "Person", affiliation="India", id="e2"),
                Entity("Nepal", "Country", key="country:nepal", id="e3"))
    interactions = (Interaction("e1", "met", "e2", evidence=text, end=len(text)),
                    Interaction("e2", "visited", "e3", evidence=text, end=len(text)))
    with KnowledgeGraph.open("memory") as kg:
        kg.add(Extraction(Article("k", "k.txt", text), entities, interactions))
        met = kg.select("SELECT ?a ?b WHERE { ?a dip:met ?b }")
        visited = kg.select("SELECT ?a WHERE { ?a dip:visited ?b }")
    assert {(row["a"], row["b"]) for row in met} == {(ACTOR + "ali-khan", ACTOR + "ali-khan-india")}
    assert visited == [{"a": ACTOR + "ali-khan-india"}]


def test_gazetteer_keys_and_affiliation_names_land_on_fixed_slugs() -> None:
    graph = KnowledgeGraph.open("memory").to_rdf(austin_again("Jane Doe", "x", affiliation="United Kingdom"))
    uk = URIRef(ACTOR + "united-kingdom")
    assert graph.value(URIRef(ACTOR + "jane-doe"), URIRef("https://w3id.org/graphkit/diplomacy#affiliation")) == uk
    assert (uk, ns.RDF.type, URIRef("https://w3id.org/graphkit/diplomacy#Country")) in graph
    assert graph.value(URIRef(ACTOR + "israel"), ns.RDFS.label) == Literal("Israel")


def test_a_person_never_takes_a_country_slug() -> None:
    article = Article(id="j", name="j.txt", text="Jordan met Israel.")
    extraction = Extraction(article, (Entity("Jordan", "Person"), Entity("Israel", "Country", key="country:israel")),
                            (Interaction("Jordan", "met", "Israel", evidence="Jordan met Israel."),))
    resolution = Resolver().resolve(extraction)
    assert resolution.iris["Jordan"] == ACTOR + "jordan-2"


def test_alias_file_pins_identity_and_wikidata(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("Lloyd Austin:\n  id: lloyd-austin\n  wikidata: Q7661437\n"
                       "Secretary Austin: lloyd-austin\n", encoding="utf-8")
    with KnowledgeGraph.open("memory", aliases=aliases) as kg:
        kg.add(call_extraction())
        # Without the pin this bare surname with an unrelated title would stay apart.
        kg.add(austin_again("Secretary Austin", "pinned", title="Ambassador", affiliation="Australia"))
        assert set(_people(kg)) == {AUSTIN, ACTOR + "yoav-gallant"}
        same = kg.select(f"SELECT ?w WHERE {{ <{AUSTIN}> owl:sameAs ?w }}")
        assert same == [{"w": "http://www.wikidata.org/entity/Q7661437"}]


def test_alias_csv_with_label(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("# pinned people\nname,id,wikidata,label\nGallant,yoav-gallant-il,,Yoav Gallant (Israel)\n",
                       encoding="utf-8")
    pins = load_aliases(aliases)
    assert pins[normalise("gallant")].slug == "yoav-gallant-il"
    resolution = Resolver(aliases=pins).resolve(call_extraction())  # "Gallant" is an alias there
    assert resolution.iris["Yoav Gallant"] == ACTOR + "yoav-gallant-il"
    gallant = next(a for a in resolution.actors if a.iri == ACTOR + "yoav-gallant-il")
    assert gallant.label == "Yoav Gallant (Israel)"
    assert "Yoav Gallant" in gallant.names


@pytest.mark.parametrize("name, text, message", [
    ("bad.csv", "who,where\nx,y\n", "name,id"),
    ("bad.yaml", "Lloyd Austin: {id: lloyd-austin, wikidata: nope}\n", "QID"),
    ("bad.yaml", "- just a string\n", "mapping"),
    ("bad.yaml", "key: [unclosed\n", "YAML"),
])
def test_bad_alias_files_are_named(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        KnowledgeGraph.open("memory", aliases=path)
    assert str(path) in str(caught.value)


def test_name_parsing() -> None:
    assert parse_person("Lloyd J. Austin III").key == "lloyd austin"
    assert parse_person("Mr. Sergey Lavrov").key == "sergey lavrov"
    secretary = parse_person("Secretary of State Blinken")
    assert (secretary.given, secretary.surname) == (None, "blinken")
    assert parse_person("Abdel Fattah el-Sisi").surname_key == "sisi"
    assert normalise("Çavuşoğlu") == "cavusoglu"


def test_title_compatibility() -> None:
    assert titles_compatible(["Defense Secretary"], ["Secretary of Defense"])
    assert titles_compatible([], ["Prime Minister"])
    assert not titles_compatible(["Ambassador"], ["Secretary of Defense"])


def test_initial_and_surname_match_but_other_given_names_do_not() -> None:
    resolver = Resolver()
    resolver.resolve(call_extraction())
    initial = austin_again("L. Austin", "i", affiliation="United States")
    other = austin_again("Tom Austin", "t", affiliation="United States")
    assert resolver.resolve(initial).iris["L. Austin"] == AUSTIN
    assert resolver.resolve(other).iris["Tom Austin"] == ACTOR + "tom-austin"


# -- issue 13, item 9: middle names ------------------------------------------------------------

def _person(name: str, article: str, *, title: str | None = None, affiliation: str | None = None) -> Extraction:
    entities = [Entity(name, "Person", title=title, affiliation=affiliation)]
    if affiliation:
        entities.append(Entity(affiliation, "Organization" if affiliation == "African Union" else "Country"))
    return Extraction(Article(article, f"{article}.txt", ""), tuple(entities))


@pytest.mark.parametrize("first, second", [("Moussa Faki Mahamat", "Moussa Faki"),
                                           ("Moussa Faki", "Moussa Faki Mahamat")])
def test_a_name_with_and_without_its_middle_name_is_one_person(first: str, second: str) -> None:
    resolver = Resolver()
    one = resolver.resolve(_person(first, "a1", title="Chairperson", affiliation="African Union"))
    two = resolver.resolve(_person(second, "a2", title="Chairperson of the Commission"))
    assert one.iris[first] == two.iris[second]


def test_middle_names_do_not_merge_what_side_or_title_keeps_apart() -> None:
    resolver = Resolver()
    one = resolver.resolve(_person("Moussa Faki Mahamat", "b1", title="Chairperson", affiliation="African Union"))
    other_side = resolver.resolve(_person("Moussa Faki", "b2", title="Prime Minister", affiliation="Chad"))
    assert one.iris["Moussa Faki Mahamat"] != other_side.iris["Moussa Faki"]


def test_a_shorter_name_two_people_extend_matches_neither() -> None:
    resolver = Resolver()
    a = resolver.resolve(_person("Ali Hassan Mahmoud", "c1"))
    b = resolver.resolve(_person("Ali Hassan Omar", "c2"))
    c = resolver.resolve(_person("Ali Hassan", "c3"))
    assert len({a.iris["Ali Hassan Mahmoud"], b.iris["Ali Hassan Omar"], c.iris["Ali Hassan"]}) == 3


def test_two_people_who_share_a_display_name_stay_two() -> None:
    resolver = Resolver()
    egypt = resolver.resolve(_person("Ahmed Hassan", "d1", title="Foreign Minister", affiliation="Egypt"))
    somalia = resolver.resolve(_person("Ahmed Hassan", "d2", title="Defence Minister", affiliation="Somalia"))
    assert egypt.iris["Ahmed Hassan"] != somalia.iris["Ahmed Hassan"]
    again = resolver.resolve(_person("Ahmed Hassan", "d3", affiliation="Somalia"))
    assert again.iris["Ahmed Hassan"] == somalia.iris["Ahmed Hassan"]


def test_a_keyed_actor_is_labelled_by_the_gazetteer_whatever_the_article_calls_it() -> None:
    article = Article(id="b", name="b.txt", text="Britain summoned Iran's envoy.")
    extraction = Extraction(article, (Entity("Britain", "Country", key="country:united-kingdom"),
                                      Entity("Iran", "Country", key="country:iran")),
                            (Interaction("Britain", "summoned", "Iran", evidence=article.text),))
    graph = KnowledgeGraph.open("memory").to_rdf(extraction)
    uk = URIRef(ACTOR + "united-kingdom")
    assert graph.value(uk, ns.RDFS.label) == Literal("United Kingdom")
    assert (uk, ns.SKOS.altLabel, Literal("Britain")) in graph
