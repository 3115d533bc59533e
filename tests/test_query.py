"""SPARQL helpers and the canned questions, with exact rows on the hand-written fixture graph.

The fixture (tests/map_fixtures.py) is loaded into a real Oxigraph store, so every canned
question runs on the same engine as in production, and every expected row below can be
checked by reading the fixture's events.
"""
from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import QueryError
from graphkit.graph import KnowledgeGraph
from graphkit.query import (QUESTIONS, ActorNotFound, KnownActor, Parameter, ask, bind,
                            known_actors, query_files, query_text, match_actor, normalize_name,
                            render, resolve_actor, run_query, with_timeout)
from graphkit.store import replace_graph_update
from map_fixtures import FixtureGraph, actor_iri, build_dataset

QUERIES = Path(__file__).resolve().parent.parent / "graphkit" / "queries"
runner = CliRunner()


def load_fixture(graph: KnowledgeGraph) -> KnowledgeGraph:
    """Write the map fixture's article graphs into ``graph``'s store, one update each."""
    dataset = build_dataset()
    for named in dataset.graphs():
        if len(named) and isinstance(named.identifier, URIRef):
            graph.backend.update(replace_graph_update(str(named.identifier), named.serialize(format="nt")))
    return graph


@pytest.fixture(scope="module")
def kg():
    with KnowledgeGraph.open("memory") as graph:
        yield load_fixture(graph)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The fixture in an on-disk store, for the command line."""
    path = tmp_path_factory.mktemp("fixture") / "store"
    with KnowledgeGraph.open(path) as graph:
        load_fixture(graph)
    return path


def rows(answer, *names):
    return [tuple(r[n] for n in names) for r in answer.records()]


# -- the .rq files ------------------------------------------------------------------------------

def test_every_question_reads_its_packaged_file():
    for question in QUESTIONS.values():
        assert question.file in query_files()
        assert question.sparql == (QUERIES / question.file).read_text(encoding="utf-8")


def test_the_sparql_has_no_second_copy_in_python():
    # The .rq files are the only text of the canned SPARQL: no module repeats a query body.
    sources = "".join(p.read_text(encoding="utf-8") for p in (QUERIES.parent).rglob("*.py"))
    for name in query_files():
        body = [line for line in query_text(name).splitlines() if line.strip().startswith("SELECT")]
        assert body and body[0].strip() not in sources, name


def test_an_unknown_packaged_query_is_an_error():
    with pytest.raises(QueryError, match="no packaged query"):
        query_text("nope.rq")


def test_examples_hold_no_copy_of_the_queries():
    assert not (QUERIES.parent.parent / "examples" / "queries").exists()


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
def test_every_rq_file_runs_with_its_own_prefixes(kg, path):
    # No predeclared prefixes here: each file must declare what it uses.
    answer = kg.backend.query(path.read_text(encoding="utf-8"), prefixes=None)
    assert answer is not None


def test_each_parameter_is_on_a_marked_line():
    for question in QUESTIONS.values():
        for parameter in question.parameters:
            assert f"# param: {parameter.name}" in question.sparql, (question.name, parameter.name)


# -- canned questions: exact rows ---------------------------------------------------------------

def test_contacts_lists_meetings_and_calls_with_dates_and_sources(kg):
    answer = ask(kg, "contacts", ["Helena Marsh"])
    assert rows(answer, "with", "interaction", "date") == [
        ("Claire Duval", "spokeWith", date(2024, 3, 2)),
        ("Claire Duval", "met", date(2024, 3, 4)),
        ("Claire Duval", "met", date(2024, 4, 3)),  # the multilateral Brussels meeting
        ("Jonas Richter", "met", date(2024, 4, 3)),
        ("Oleh Marchenko", "met", date(2024, 4, 3)),
        ("Aiko Tanabe", "spokeWith", date(2024, 10, 10)),
    ]
    first = answer.records()[0]
    assert first["source"] == "Marsh and Duval agree on a joint line before the summit"
    assert first["url"] == "https://news.example.org/2024/03/marsh-duval"


def test_contacts_leaves_out_negated_and_planned_meetings(kg):
    answer = ask(kg, "contacts", ["Samir Haddad"])
    # Haddad "did not meet Duval": only the call with Ortiz is a contact (hosting is not a meeting).
    assert rows(answer, "with", "interaction") == [("Rafael Ortiz", "spokeWith")]


def test_timeline_is_in_date_order_with_status(kg):
    answer = ask(kg, "timeline", ["samir haddad"])
    assert rows(answer, "date", "interaction", "actorLabel", "targetLabel", "status") == [
        (date(2024, 5, 20), "hosted", "Samir Haddad", "Helena Marsh", "occurred"),
        (date(2024, 5, 20), "negotiatedWith", "Samir Haddad", "Helena Marsh", "occurred"),
        (date(2024, 5, 21), "spokeWith", "Samir Haddad", "Rafael Ortiz", "occurred"),
        (date(2024, 5, 22), "met", "Samir Haddad", "Claire Duval", "negated"),
    ]


def test_between_counts_people_for_their_countries(kg):
    answer = ask(kg, "between", ["United States", "Russia"])
    assert rows(answer, "date", "interaction", "actorLabel", "targetLabel") == [
        (date(2024, 9, 6), "sanctioned", "United States", "Russia"),
        (date(2024, 9, 7), "criticized", "Helena Marsh", "Russia"),
    ]
    answer = ask(kg, "between", ["japan", "FRANCE"])
    assert rows(answer, "date", "interaction", "actorLabel", "targetLabel") == [
        (date(2024, 10, 11), "spokeWith", "Aiko Tanabe", "Claire Duval"),
        (None, "invited", "Claire Duval", "Aiko Tanabe"),  # undated: last
    ]


def test_between_leaves_out_negated_events(kg):
    assert ask(kg, "between", ["France", "Egypt"]).records() == []


def test_between_takes_countries_only(kg):
    with pytest.raises(ActorNotFound):
        ask(kg, "between", ["Helena Marsh", "Russia"])


def test_most_active_in_a_date_range(kg):
    answer = ask(kg, "most-active", since=date(2024, 4, 1), until=date(2024, 5, 31), limit=3)
    assert rows(answer, "name", "events", "first", "last") == [
        ("Helena Marsh", 4, date(2024, 4, 3), date(2024, 5, 20)),
        ("Oleh Marchenko", 3, date(2024, 4, 2), date(2024, 4, 3)),
        ("Samir Haddad", 3, date(2024, 5, 20), date(2024, 5, 21)),  # the negated meeting is not counted
    ]


def test_most_active_without_a_range_counts_undated_and_planned_events(kg):
    answer = ask(kg, "most-active", limit=2)
    assert rows(answer, "name", "events") == [("Helena Marsh", 9), ("Claire Duval", 8)]


def test_criticisms_and_sanctions_by_target(kg):
    expected = [
        ("Russia", "criticized", "Helena Marsh", date(2024, 9, 7)),
        ("Russia", "criticized", "Claire Duval", date(2024, 9, 8)),
        ("Russia", "sanctioned", "France", date(2024, 9, 6)),
        ("Russia", "sanctioned", "United States", date(2024, 9, 6)),
    ]
    assert rows(ask(kg, "criticisms", ["Russia"]), "targetLabel", "interaction", "by", "date") == expected
    assert rows(ask(kg, "criticisms"), "targetLabel", "interaction", "by", "date") == expected
    # Threats and summonses are not criticisms.
    assert ask(kg, "criticisms", ["France"]).records() == []


def test_first_and_last_contact(kg):
    answer = ask(kg, "first-last", ["Marsh", "Duval"])
    assert rows(answer, "contact", "date", "interaction", "actorLabel", "targetLabel", "contacts") == [
        ("first", date(2024, 3, 2), "spokeWith", "Helena Marsh", "Claire Duval", 4),
        ("last", date(2024, 4, 3), "met", "Helena Marsh", "Jonas Richter", 4),
    ]


def test_first_and_last_of_the_same_actor_is_an_error(kg):
    with pytest.raises(QueryError, match="same actor"):
        ask(kg, "first-last", ["Marsh", "helena marsh"])


def test_ask_checks_its_arguments(kg):
    with pytest.raises(QueryError, match="no question named"):
        ask(kg, "gossip", ["Marsh"])
    with pytest.raises(QueryError, match="usage"):
        ask(kg, "contacts", [])
    with pytest.raises(QueryError, match="takes no --since"):
        ask(kg, "contacts", ["Marsh"], since=date(2024, 1, 1))
    with pytest.raises(QueryError, match="empty"):
        ask(kg, "most-active", since=date(2024, 5, 1), until=date(2024, 4, 1))


# -- binding parameters safely ------------------------------------------------------------------

def test_user_text_never_reaches_the_query(kg):
    hostile = 'Marsh> } } ; DROP ALL ; SELECT * { <x'
    with pytest.raises(ActorNotFound):
        ask(kg, "contacts", [hostile])
    assert ask(kg, "contacts", ["Marsh"]).records()  # the store is untouched


def test_render_refuses_what_could_leave_an_iri():
    parameter = Parameter("actor", "actor", "")
    with pytest.raises(QueryError):
        render(parameter, "https://example.org/a> } ?s ?p ?o { <b")
    with pytest.raises(QueryError):
        render(Parameter("since", "date", ""), "2024-01-01")  # a string, not a date
    with pytest.raises(QueryError):
        render(Parameter("limit", "limit", ""), "5; DROP")
    with pytest.raises(QueryError, match="required"):
        render(parameter, None)


def test_bind_replaces_marked_lines_only():
    text = bind(QUESTIONS["first-last"], a=actor_iri("aiko-tanabe"), b=actor_iri("rafael-ortiz"))
    assert "antony-blinken" not in text and "hakan-fidan" not in text
    assert f"VALUES ?a {{ <{actor_iri('aiko-tanabe')}> }}  # param: a" in text
    assert text.count(actor_iri("rafael-ortiz")) == 1
    unmarked = [line for line in QUESTIONS["first-last"].sparql.splitlines() if "# param:" not in line]
    assert all(line in text.splitlines() for line in unmarked)


def test_optional_parameter_left_out_binds_undef():
    text = bind(QUESTIONS["most-active"])
    assert "VALUES ?since { UNDEF }" in text and "VALUES ?until { UNDEF }" in text


# -- forgiving names ----------------------------------------------------------------------------

PEOPLE = [
    KnownActor("id/jean-noel-barrot", "Jean-Noël Barrot", "Person", frozenset({"Jean-Noël Barrot", "Barrot"})),
    KnownActor("id/united-states", "United States", "Country", frozenset({"United States", "US", "Washington"})),
    KnownActor("id/united-nations", "United Nations", "Organization", frozenset({"United Nations", "UN"})),
    KnownActor("id/wang-yi", "Wang Yi", "Person", frozenset({"Wang Yi"})),
    KnownActor("id/yi-li", "Li Yi", "Person", frozenset({"Li Yi"})),
]


@pytest.mark.parametrize("name, iri", [
    ("Jean-Noël Barrot", "id/jean-noel-barrot"),
    ("jean noel barrot", "id/jean-noel-barrot"),  # case and accents
    ("BARROT", "id/jean-noel-barrot"),  # surname alone
    ("Washington", "id/united-states"),  # an alias
    ("united-states", "id/united-states"),  # the slug
    ("id/wang-yi", "id/wang-yi"),  # the IRI
    ("Wang", "id/wang-yi"),  # a unique word of the name
])
def test_names_match_forgivingly(name, iri):
    assert match_actor(name, PEOPLE) == iri


def test_an_ambiguous_name_lists_the_candidates():
    with pytest.raises(ActorNotFound) as caught:
        match_actor("united", PEOPLE)
    assert caught.value.ambiguous
    assert caught.value.candidates == ("United Nations (Organization)", "United States (Country)")
    with pytest.raises(ActorNotFound) as caught:
        match_actor("Yi", PEOPLE)  # Wang Yi's given name, Li Yi's surname: two surnames "Yi"
    assert set(caught.value.candidates) == {"Li Yi (Person)", "Wang Yi (Person)"}


def test_an_unknown_name_suggests_close_ones():
    with pytest.raises(ActorNotFound) as caught:
        match_actor("Barot", PEOPLE)
    assert not caught.value.ambiguous and caught.value.candidates == ("Jean-Noël Barrot",)
    with pytest.raises(ActorNotFound, match="no actor named 'Zzyzx' in the graph"):
        match_actor("Zzyzx", PEOPLE)


def test_normalize_name():
    assert normalize_name("Côte d’Ivoire") == "cote divoire"


def test_known_actors_reads_the_graph(kg):
    actors = {a.iri: a for a in known_actors(FixtureGraph())}
    marsh = actors[actor_iri("helena-marsh")]
    assert (marsh.label, marsh.kind) == ("Helena Marsh", "Person")
    countries = {a.label for a in known_actors(kg, kinds=["Country"])}
    assert countries == {"United States", "France", "Germany", "Japan", "Ukraine", "Russia", "Egypt"}
    assert resolve_actor(kg, "okafor") == actor_iri("paul-okafor")
    assert marsh.titles == set() and marsh.affiliations == set()  # posts only when asked


def test_known_actors_with_posts_reads_titles_and_sides(kg):
    # What the resolver knows of the store: the same reader, with posts.
    marsh = {a.iri: a for a in known_actors(kg, posts=True)}[actor_iri("helena-marsh")]
    assert marsh.titles == {"Secretary of State"}
    assert marsh.affiliations == {str(actor_iri("united-states"))}


# -- running queries ----------------------------------------------------------------------------

def test_select_as_sparql_json(kg):
    answer = run_query(kg, """SELECT ?who ?when ?none WHERE { GRAPH ?g {
        ?e a dip:Visit ; dip:actor ?who ; dip:date ?when } } ORDER BY ?when""")
    assert answer.to_sparql_json() == {
        "head": {"vars": ["who", "when", "none"]},
        "results": {"bindings": [
            {"who": {"type": "uri", "value": actor_iri("helena-marsh")},
             "when": {"type": "literal", "value": "2024-05-19",
                      "datatype": "http://www.w3.org/2001/XMLSchema#date"}},
            {"who": {"type": "uri", "value": actor_iri("aiko-tanabe")},
             "when": {"type": "literal", "value": "2024-10-13",
                      "datatype": "http://www.w3.org/2001/XMLSchema#date"}},
        ]},
    }


def test_plain_and_language_literals_in_json(kg):
    answer = run_query(kg, 'SELECT ?a ?b WHERE { BIND ("x" AS ?a) BIND ("y"@fr AS ?b) }')
    assert answer.to_sparql_json()["results"]["bindings"] == [
        {"a": {"type": "literal", "value": "x"}, "b": {"type": "literal", "value": "y", "xml:lang": "fr"}}]


def test_ask_and_construct(kg):
    assert run_query(kg, "ASK { GRAPH ?g { ?e a dip:Sanction } }").to_sparql_json() == {"head": {}, "boolean": True}
    answer = run_query(kg, "CONSTRUCT { ?a dip:sanctioned ?b } WHERE { GRAPH ?g { ?a dip:sanctioned ?b } }")
    parsed = Graph().parse(data=answer.to_turtle(), format="turtle")
    sanctioned = URIRef("https://w3id.org/graphkit/diplomacy#sanctioned")
    assert set(parsed) == {(URIRef(actor_iri("united-states")), sanctioned, URIRef(actor_iri("russia"))),
                           (URIRef(actor_iri("france")), sanctioned, URIRef(actor_iri("russia")))}
    with pytest.raises(QueryError):
        answer.to_sparql_json()


def test_describe_gives_each_triple_once(kg):
    # Marsh's label is stated by four article graphs; the answer is a set of triples.
    answer = run_query(kg, f"DESCRIBE <{actor_iri('helena-marsh')}>")
    assert len(answer.terms) == len(set(answer.terms))
    labels = [t for t in answer.terms if t[1].value.endswith("rdf-schema#label")]
    assert len(labels) == 1


def test_syntax_error_names_line_and_column_and_quotes_the_line(kg):
    with pytest.raises(QueryError) as caught:
        run_query(kg, "SELECT ?x\nWHERE { ?x ?y }")
    message = str(caught.value)
    assert "line 2, column" in message and "2 | WHERE { ?x ?y }" in message


def test_timeout_abandons_a_slow_query(kg):
    started = time.perf_counter()
    with pytest.raises(QueryError, match="did not finish within 0.3 s"):
        run_query(kg, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } }",
                  timeout=0.3)
    assert time.perf_counter() - started < 2


def test_with_timeout_passes_errors_through():
    def boom():
        raise QueryError("bad")
    with pytest.raises(QueryError, match="bad"):
        with_timeout(boom, 5)
    assert with_timeout(lambda: "fast", 5) == "fast"


# -- the command line on the fixture ------------------------------------------------------------

def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def test_query_takes_the_name_of_a_packaged_query(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no such file here: the packaged one is read
    result = run("query", "who-spoke-with-whom.rq", "--store", store, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("Helena Marsh,Claire Duval,2024-03-02")
    missing = run("query", "nope.rq", "--store", store)
    assert missing.exit_code == 2 and "country-contacts.rq" in missing.stderr


def test_query_json_is_sparql_results(store):
    result = run("query", "SELECT ?e WHERE { GRAPH ?g { ?e a dip:Summons } }", "--store", store, "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["head"] == {"vars": ["e"]}
    [binding] = data["results"]["bindings"]
    assert binding["e"]["type"] == "uri" and "/interaction/" in binding["e"]["value"]


def test_query_construct_prints_turtle_and_ask_prints_a_boolean(store):
    result = run("query", "CONSTRUCT { ?a dip:summoned ?b } WHERE { GRAPH ?g { ?a dip:summoned ?b } }",
                 "--store", store)
    assert result.exit_code == 0
    parsed = Graph().parse(data=result.stdout, format="turtle")
    assert len(parsed) == 1
    assert run("query", "ASK { GRAPH ?g { ?e a dip:Threat } }", "--store", store).stdout == "true\n"
    assert json.loads(run("query", "ASK { GRAPH ?g { ?e a dip:Threat } }", "--store", store,
                          "-f", "json").stdout) == {"head": {}, "boolean": True}


def test_query_syntax_error_without_traceback(store):
    result = run("query", "SELECT ?x WHERE {\n  ?x ?y\n}", "--store", store)
    assert result.exit_code == 1
    assert "line 3, column" in result.stderr and "Traceback" not in result.stderr


def test_query_timeout_option(store):
    result = run("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } }",
                 "--store", store, "--timeout", "0.3")
    assert result.exit_code == 1 and "did not finish within 0.3 s" in result.stderr


def test_query_timeout_lets_a_fast_query_finish(store):
    result = run("query", "SELECT ?x WHERE { BIND (1 AS ?x) }", "--store", store, "--timeout", "10", "-f", "csv")
    assert result.stdout == "x\n1\n"


# -- the files `ask` does not parameterise: exact rows on the fixture ------------------------------

def packaged(kg, name: str, *columns: str) -> list[tuple]:
    # Each file runs with its own PREFIX lines: none predeclared.
    answer = run_query(kg, query_text(name))
    return [tuple(r[c] for c in columns) for r in answer.records()]


def test_country_contacts_rows(kg):
    got = packaged(kg, "country-contacts.rq", "labelA", "labelB", "contacts", "kinds")
    # GROUP_CONCAT has no order: the kinds are compared as sets.
    assert [(a, b, n, set(k.split(", "))) for a, b, n, k in got] == [
        ("France", "Russia", 4, {"summoned", "criticized", "sanctioned", "threatened"}),
        ("France", "United States", 4, {"met", "agreedWith", "spokeWith"}),
        ("Egypt", "United States", 3, {"negotiatedWith", "hosted", "visited"}),
        ("Japan", "Ukraine", 3, {"met", "aided", "visited"}),
        ("France", "Japan", 2, {"spokeWith", "invited"}),
        ("Germany", "Ukraine", 2, {"met", "aided"}),
        ("Russia", "United States", 2, {"sanctioned", "criticized"}),
        ("Ukraine", "United States", 2, {"spokeWith", "met"}),
        ("France", "Germany", 1, {"met"}),
        ("France", "Ukraine", 1, {"met"}),
        ("Germany", "United States", 1, {"met"}),
        ("Japan", "United States", 1, {"spokeWith"}),
    ]


def test_who_spoke_with_whom_rows(kg):
    assert packaged(kg, "who-spoke-with-whom.rq", "a", "b", "date") == [
        ("Helena Marsh", "Claire Duval", date(2024, 3, 2)),
        ("Paul Okafor", "Oleh Marchenko", date(2024, 4, 2)),
        ("Samir Haddad", "Rafael Ortiz", date(2024, 5, 21)),
        ("Aiko Tanabe", "Helena Marsh", date(2024, 10, 10)),
        ("Aiko Tanabe", "Claire Duval", date(2024, 10, 11)),
    ]


def test_busiest_actors_rows(kg):
    assert packaged(kg, "busiest-actors.rq", "label", "events", "planned") == [
        ("Helena Marsh", 9, 0), ("Claire Duval", 8, 1), ("Aiko Tanabe", 6, 0), ("Russia", 6, 0),
        ("Oleh Marchenko", 4, 0), ("Ukraine", 4, 0), ("France", 3, 0), ("Samir Haddad", 3, 0),
        ("Germany", 2, 0), ("Ingrid Solberg", 2, 0), ("Jonas Richter", 2, 1), ("Rafael Ortiz", 2, 0),
        ("Egypt", 1, 0), ("Japan", 1, 0), ("NATO", 1, 0), ("Paul Okafor", 1, 0), ("United States", 1, 0),
    ]


def test_timeline_rows(kg):
    assert packaged(kg, "timeline.rq", "date", "typeLabel", "actorLabel", "targetLabel", "statusLabel") == [
        (date(2024, 3, 2), "PhoneCall", "Helena Marsh", "Claire Duval", "Occurred"),
        (date(2024, 3, 4), "Agreement", "Helena Marsh", "Claire Duval", "Occurred"),
        (date(2024, 3, 4), "Meeting", "Helena Marsh", "Claire Duval", "Occurred"),
        (date(2024, 3, 12), "Meeting", "Claire Duval", "Jonas Richter", "Planned"),
        (date(2024, 4, 2), "PhoneCall", "Paul Okafor", "Oleh Marchenko", "Occurred"),
        (date(2024, 4, 3), "Appeal", "Ingrid Solberg", "Germany", "Occurred"),
        (date(2024, 4, 3), "Briefing", "Ingrid Solberg", "Oleh Marchenko", "Occurred"),
        (date(2024, 4, 3), "Meeting", "Helena Marsh", "Jonas Richter", "Occurred"),
        (date(2024, 4, 4), "Aid", "Germany", "Ukraine", "Occurred"),
        (date(2024, 4, 4), "Support", "NATO", "Ukraine", "Occurred"),
        (date(2024, 5, 19), "Visit", "Helena Marsh", "Egypt", "Occurred"),
        (date(2024, 5, 20), "Hosting", "Samir Haddad", "Helena Marsh", "Occurred"),
        (date(2024, 5, 20), "Negotiation", "Samir Haddad", "Helena Marsh", "Occurred"),
        (date(2024, 5, 21), "PhoneCall", "Samir Haddad", "Rafael Ortiz", "Occurred"),
        (date(2024, 5, 22), "Meeting", "Samir Haddad", "Claire Duval", "Negated"),
        (date(2024, 9, 6), "Sanction", "France", "Russia", "Occurred"),
        (date(2024, 9, 6), "Sanction", "United States", "Russia", "Occurred"),
        (date(2024, 9, 7), "Criticism", "Helena Marsh", "Russia", "Occurred"),
        (date(2024, 9, 8), "Criticism", "Claire Duval", "Russia", "Occurred"),
        (date(2024, 9, 8), "Threat", "Russia", "France", "Occurred"),
        (date(2024, 9, 9), "Summons", "Russia", "France", "Occurred"),
        (date(2024, 10, 10), "PhoneCall", "Aiko Tanabe", "Helena Marsh", "Occurred"),
        (date(2024, 10, 11), "PhoneCall", "Aiko Tanabe", "Claire Duval", "Occurred"),
        (date(2024, 10, 13), "Aid", "Japan", "Ukraine", "Occurred"),
        (date(2024, 10, 13), "Meeting", "Aiko Tanabe", "Oleh Marchenko", "Occurred"),
        (date(2024, 10, 13), "Visit", "Aiko Tanabe", "Ukraine", "Occurred"),
        (date(2024, 10, 14), "Meeting", "Aiko Tanabe", "Rafael Ortiz", "Occurred"),
        (None, "Invitation", "Claire Duval", "Aiko Tanabe", "Occurred"),
    ]


def test_criticisms_and_sanctions_rows(kg):
    assert packaged(kg, "criticisms-and-sanctions.rq", "targetLabel", "kind", "actorLabel", "date") == [
        ("Russia", "criticized", "Helena Marsh", date(2024, 9, 7)),
        ("Russia", "criticized", "Claire Duval", date(2024, 9, 8)),
        ("Russia", "sanctioned", "France", date(2024, 9, 6)),
        ("Russia", "sanctioned", "United States", date(2024, 9, 6)),
    ]


def test_country_contacts_is_a_question(kg):
    answer = ask(kg, "country-contacts")
    assert [(r["labelA"], r["labelB"], r["contacts"]) for r in answer.records()][:2] == [
        ("France", "Russia", 4), ("France", "United States", 4)]
