"""The read-only SPARQL 1.1 Protocol endpoint core (graphkit.sparql_protocol) on a real
in-memory Oxigraph store: request forms, refusals, content negotiation, exact result
documents, and article text that tries to break out of them."""
from __future__ import annotations

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from graph_fixtures import call_extraction
from rdflib import Graph, Literal, URIRef

import graphkit.sparql_protocol as protocol
from graphkit.errors import QueryError
from graphkit.graph import KnowledgeGraph
from graphkit.query import with_timeout
from graphkit.records import Article, Entity, Extraction, Interaction
from graphkit.sparql_protocol import (DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, TRUNCATED_HEADER, ProtocolResponse,
                                      respond)

XSD = "http://www.w3.org/2001/XMLSchema#"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
EVIDENCE = "https://w3id.org/graphkit/diplomacy#evidence"

# Article text is untrusted: markup, CDATA ends, CSV/TSV separators, quotes, CR LF, a C0 control.
HOSTILE = ('<script>alert(1)</script> "><img src=x onerror=alert(1)> </script> ]]> '
           'a,b "q" \t tab \r\n crlf \x01 end')
HOSTILE_NAME = 'Bo "><img src=x onerror=alert(1)> Chan'

# Every kind of term but a blank node (whose label the engine picks), and an unbound value.
TINY = """SELECT ?who ?name ?when ?note WHERE {
  VALUES (?who ?name ?when ?note) {
    (<https://example.org/a> "Ann"@en "2024-01-02"^^xsd:date 'say "hi", then go')
    (<https://example.org/b> UNDEF 3 UNDEF)
  }
}"""
TINY_JSON = {"head": {"vars": ["who", "name", "when", "note"]}, "results": {"bindings": [
    {"who": {"type": "uri", "value": "https://example.org/a"},
     "name": {"type": "literal", "value": "Ann", "xml:lang": "en"},
     "when": {"type": "literal", "value": "2024-01-02", "datatype": XSD + "date"},
     "note": {"type": "literal", "value": 'say "hi", then go'}},
    {"who": {"type": "uri", "value": "https://example.org/b"},
     "when": {"type": "literal", "value": "3", "datatype": XSD + "integer"}},
]}}
TINY_XML = (b'<?xml version="1.0" encoding="utf-8"?>\n'
            b'<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            b'  <head>\n'
            b'    <variable name="who"/>\n'
            b'    <variable name="name"/>\n'
            b'    <variable name="when"/>\n'
            b'    <variable name="note"/>\n'
            b'  </head>\n'
            b'  <results>\n'
            b'    <result>\n'
            b'      <binding name="who"><uri>https://example.org/a</uri></binding>\n'
            b'      <binding name="name"><literal xml:lang="en">Ann</literal></binding>\n'
            b'      <binding name="when"><literal datatype="http://www.w3.org/2001/XMLSchema#date">2024-01-02'
            b'</literal></binding>\n'
            b'      <binding name="note"><literal>say "hi", then go</literal></binding>\n'
            b'    </result>\n'
            b'    <result>\n'
            b'      <binding name="who"><uri>https://example.org/b</uri></binding>\n'
            b'      <binding name="when"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">3'
            b'</literal></binding>\n'
            b'    </result>\n'
            b'  </results>\n'
            b'</sparql>\n')
TINY_CSV = (b'who,name,when,note\r\n'
            b'https://example.org/a,Ann,2024-01-02,"say ""hi"", then go"\r\n'
            b'https://example.org/b,,3,\r\n')
TINY_TSV = (b'?who\t?name\t?when\t?note\n'
            b'<https://example.org/a>\t"Ann"@en\t"2024-01-02"^^<http://www.w3.org/2001/XMLSchema#date>\t'
            b'"say \\"hi\\", then go"\n'
            b'<https://example.org/b>\t\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>\t\n')

EVIDENCE_QUERY = "SELECT DISTINCT ?event ?text WHERE { ?event dip:evidence ?text } ORDER BY ?text"
HOSTILE_QUERY = "SELECT ?text WHERE {{ ?event dip:evidence ?text FILTER(STRSTARTS(?text, \"<script>\")) }}"


def hostile_extraction() -> Extraction:
    """An article whose evidence and one actor's name are hostile text."""
    article = Article(id="hash-hostile-1", name="hostile.txt", text="Ann Lee met Bo Chan. " + HOSTILE,
                      published=date(2024, 1, 2), path="articles/hostile.txt")
    people = (Entity("Ann Lee", "Person"), Entity(HOSTILE_NAME, "Person"))
    meeting = Interaction("Ann Lee", "met", HOSTILE_NAME, date="2024-01-02", evidence=HOSTILE, start=0, end=20,
                          trigger="met")
    return Extraction(article, people, (meeting,))


def build_graph() -> KnowledgeGraph:
    graph = KnowledgeGraph.open("memory")
    assert graph.add(call_extraction()) == "added"
    assert graph.add(hostile_extraction()) == "added"
    return graph


@pytest.fixture(scope="module")
def kg():
    graph = build_graph()
    yield graph
    graph.close()


def get(graph: KnowledgeGraph, query: str | None = None, *, accept: str | None = None,
        extra: list[tuple[str, str]] | None = None, **kwargs) -> ProtocolResponse:
    params = ([("query", query)] if query is not None else []) + (extra or [])
    return respond(graph, method="GET", query_params=params, body=b"", content_type=None, accept=accept, **kwargs)


def post(graph: KnowledgeGraph, body: bytes, content_type: str | None, *, accept: str | None = None,
         params: list[tuple[str, str]] | None = None, **kwargs) -> ProtocolResponse:
    return respond(graph, method="POST", query_params=params or [], body=body, content_type=content_type,
                   accept=accept, **kwargs)


def error_of(response: ProtocolResponse) -> dict:
    assert response.media_type == "application/json"
    document = json.loads(response.body)
    assert isinstance(document["error"], str) and document["error"]
    return document


# -- the three ways to send a query ------------------------------------------------------------------

def test_get_query(kg):
    response = get(kg, TINY)
    assert (response.status, response.media_type) == (200, "application/sparql-results+json")
    assert json.loads(response.body) == TINY_JSON
    assert response.headers["Vary"] == "Accept"
    assert TRUNCATED_HEADER not in response.headers


def test_post_form(kg):
    from urllib.parse import urlencode

    body = urlencode({"query": TINY}).encode("ascii")
    response = post(kg, body, "application/x-www-form-urlencoded; charset=UTF-8")
    assert response.status == 200
    assert json.loads(response.body) == TINY_JSON


def test_post_form_takes_parameters_from_the_url_too(kg):
    from urllib.parse import urlencode

    response = post(kg, urlencode({"query": TINY}).encode(), "application/x-www-form-urlencoded",
                    params=[("format", "csv")])
    assert (response.status, response.body) == (200, TINY_CSV)


def test_post_sparql_query_body(kg):
    response = post(kg, TINY.encode("utf-8"), "application/sparql-query")
    assert response.status == 200
    assert json.loads(response.body) == TINY_JSON


def test_query_params_as_a_mapping_or_a_multi_dict(kg):
    class MultiDict(dict):
        """Like Starlette's QueryParams: a mapping to the last value, multi_items() for all."""

        def __init__(self, items):
            super().__init__(items)
            self._items = list(items)

        def multi_items(self):
            return self._items

    mapped = respond(kg, method="GET", query_params={"query": [TINY]}, body=b"", content_type=None, accept=None)
    single = respond(kg, method="GET", query_params={"query": TINY}, body=b"", content_type=None, accept=None)
    twice = respond(kg, method="GET", query_params=MultiDict([("query", TINY), ("query", "ASK {}")]),
                    body=b"", content_type=None, accept=None)
    assert json.loads(mapped.body) == json.loads(single.body) == TINY_JSON
    assert twice.status == 400  # the repeat is seen, not lost to the mapping's last value


def test_graphkit_prefixes_are_predeclared_and_the_default_graph_is_the_union(kg):
    response = get(kg, "SELECT DISTINCT ?name WHERE { ?a a dip:Person ; rdfs:label ?name } ORDER BY ?name",
                   accept="text/csv")
    assert response.body.decode().split("\r\n") == [
        "name", "Ann Lee", f'"{HOSTILE_NAME.replace(chr(34), 2 * chr(34))}"', "Lloyd Austin", "Yoav Gallant", ""]


# -- exact documents for a tiny SELECT, and ASK --------------------------------------------------------

@pytest.mark.parametrize("accept, media_type, body", [
    ("application/sparql-results+json", "application/sparql-results+json",
     json.dumps(TINY_JSON, separators=(",", ":")).encode()),
    ("application/sparql-results+xml", "application/sparql-results+xml", TINY_XML),
    ("text/csv", "text/csv; charset=utf-8", TINY_CSV),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", TINY_TSV),
])
def test_select_in_each_format_exactly(kg, accept, media_type, body):
    response = get(kg, TINY, accept=accept)
    assert (response.status, response.media_type) == (200, media_type)
    assert response.body == body


def test_xml_results_parse(kg):
    root = ET.fromstring(get(kg, TINY, accept="application/sparql-results+xml").body)
    first = root.find(f"{RESULTS_NS}results/{RESULTS_NS}result")
    literal = first.find(f"{RESULTS_NS}binding[@name='name']/{RESULTS_NS}literal")
    assert (literal.text, literal.get("{http://www.w3.org/XML/1998/namespace}lang")) == ("Ann", "en")


@pytest.mark.parametrize("fmt, media_type, true_body, false_body", [
    ("json", "application/sparql-results+json", b'{"head":{},"boolean":true}', b'{"head":{},"boolean":false}'),
    ("xml", "application/sparql-results+xml",
     b'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
     b'  <head/>\n  <boolean>true</boolean>\n</sparql>\n',
     b'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
     b'  <head/>\n  <boolean>false</boolean>\n</sparql>\n'),
    ("csv", "text/csv; charset=utf-8", b"true", b"false"),
    ("tsv", "text/tab-separated-values; charset=utf-8", b"true", b"false"),
])
def test_ask_in_each_format(kg, fmt, media_type, true_body, false_body):
    yes = get(kg, "ASK { ?a dip:spokeWith ?b }", extra=[("format", fmt)])
    no = get(kg, "ASK { ?a dip:sanctioned ?b }", extra=[("format", fmt)])
    assert (yes.status, yes.media_type, yes.body) == (200, media_type, true_body)
    assert (no.status, no.media_type, no.body) == (200, media_type, false_body)


# -- CONSTRUCT and DESCRIBE ------------------------------------------------------------------------------

def expected_evidence(kg) -> set:
    return {(URIRef(row["event"]), URIRef(EVIDENCE), Literal(row["text"])) for row in kg.select(EVIDENCE_QUERY)}


@pytest.mark.parametrize("accept, media_type, rdf_format", [
    (None, "text/turtle; charset=utf-8", "turtle"),
    ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/n-triples;q=0.9, text/turtle;q=0.5", "application/n-triples", "nt"),
])
def test_construct_parses_back_to_the_same_triples(kg, accept, media_type, rdf_format):
    response = get(kg, "CONSTRUCT { ?e dip:evidence ?text } WHERE { ?e dip:evidence ?text }", accept=accept)
    assert (response.status, response.media_type) == (200, media_type)
    parsed = Graph().parse(data=response.body.decode("utf-8"), format=rdf_format)
    assert set(parsed) == expected_evidence(kg)
    assert len(parsed) == 4  # three events of the call article, one of the hostile one
    assert any(str(o) == HOSTILE for o in parsed.objects())


def test_describe_is_a_graph_too(kg):
    response = get(kg, "DESCRIBE <https://w3id.org/graphkit/id/actor/lloyd-austin>", extra=[("format", "ntriples")])
    parsed = Graph().parse(data=response.body.decode("utf-8"), format="nt")
    assert (URIRef("https://w3id.org/graphkit/id/actor/lloyd-austin"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Lloyd Austin")) in parsed


# -- hostile article text -----------------------------------------------------------------------------------

def test_hostile_text_in_json_is_exact(kg):
    response = get(kg, HOSTILE_QUERY)
    assert json.loads(response.body) == {"head": {"vars": ["text"]},
                                         "results": {"bindings": [{"text": {"type": "literal", "value": HOSTILE}}]}}
    assert b"\x01" not in response.body and b"\r" not in response.body  # escaped, not raw


def test_hostile_text_in_xml_is_well_formed_and_round_trips(kg):
    response = get(kg, HOSTILE_QUERY, accept="application/sparql-results+xml")
    root = ET.fromstring(response.body)  # raises on anything malformed
    literals = root.findall(f"{RESULTS_NS}results/{RESULTS_NS}result/{RESULTS_NS}binding/{RESULTS_NS}literal")
    # XML 1.0 cannot carry U+0001 at all (not even as &#1;): it is the one character replaced.
    assert [element.text for element in literals] == [HOSTILE.replace("\x01", "\ufffd")]
    assert b"<script>" not in response.body and b"]]>" not in response.body and b"<img" not in response.body


def test_hostile_names_in_xml_attributes_and_many_rows(kg):
    response = get(kg, "SELECT ?a ?name WHERE { ?a rdfs:label ?name }", accept="application/sparql-results+xml")
    root = ET.fromstring(response.body)
    names = {element.text for element in root.iter(f"{RESULTS_NS}literal")}
    assert HOSTILE_NAME in names and "Lloyd Austin" in names


def test_hostile_text_in_csv_is_quoted(kg):
    response = get(kg, HOSTILE_QUERY, accept="text/csv")
    expected = HOSTILE.replace('"', '""')
    assert response.body == f'text\r\n"{expected}"\r\n'.encode("utf-8")
    assert list(csv.reader(io.StringIO(response.body.decode("utf-8"), newline=""))) == [["text"], [HOSTILE]]


def test_hostile_text_in_tsv_stays_in_its_cell(kg):
    response = get(kg, HOSTILE_QUERY, accept="text/tab-separated-values")
    lines = response.body.decode("utf-8").split("\n")
    assert lines[0] == "?text" and lines[2:] == [""]
    assert "\t" not in lines[1] and "\r" not in lines[1]
    assert lines[1] == ('"<script>alert(1)</script> \\"><img src=x onerror=alert(1)> </script> ]]> '
                        'a,b \\"q\\" \\t tab \\r\\n crlf \\u0001 end"')
    # The cell is an N-Triples literal: rdflib reads the very text back.
    parsed = Graph().parse(data=f"<urn:s> <urn:p> {lines[1]} .", format="nt")
    assert str(next(parsed.objects())) == HOSTILE


def test_responses_say_nosniff(kg):
    assert get(kg, HOSTILE_QUERY, accept="text/csv").headers["X-Content-Type-Options"] == "nosniff"
    assert get(kg, None).headers["X-Content-Type-Options"] == "nosniff"


# -- read-only: every update route answers 403, and nothing is written ----------------------------------------

INSERT = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
UPDATE_ROUTES = {
    "GET update=": lambda g: get(g, extra=[("update", INSERT)]),
    "GET update= beside a query": lambda g: get(g, "ASK {}", extra=[("update", "DROP ALL")]),
    "GET using-graph-uri": lambda g: get(g, "ASK {}", extra=[("using-graph-uri", "urn:x")]),
    "GET query=INSERT DATA": lambda g: get(g, INSERT),
    "GET query=DROP ALL": lambda g: get(g, "DROP ALL"),
    "POST form update=": lambda g: post(g, b"update=DROP+ALL", "application/x-www-form-urlencoded"),
    "POST form query=DELETE": lambda g: post(g, b"query=DELETE+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D",
                                             "application/x-www-form-urlencoded"),
    "POST sparql-update": lambda g: post(g, b"DROP ALL", "application/sparql-update"),
    "POST sparql-update with charset": lambda g: post(g, INSERT.encode(), "Application/SPARQL-Update; charset=utf-8"),
    "POST sparql-query with an update": lambda g: post(g, b"CLEAR ALL", "application/sparql-query"),
    "POST sparql-query LOAD": lambda g: post(g, b"LOAD <http://127.0.0.1:9/x.ttl>", "application/sparql-query"),
}


@pytest.mark.parametrize("route", sorted(UPDATE_ROUTES))
def test_every_update_route_is_forbidden_and_writes_nothing(route, monkeypatch):
    graph = build_graph()
    before = graph.backend.dump_nquads()
    writes = []
    monkeypatch.setattr(graph.backend, "update", lambda sparql: writes.append(sparql))
    response = UPDATE_ROUTES[route](graph)
    assert response.status == 403
    assert "read-only" in error_of(response)["error"]
    assert writes == []
    assert graph.backend.dump_nquads() == before
    assert get(graph, "ASK { GRAPH <urn:x> { ?s ?p ?o } }").body == b'{"head":{},"boolean":false}'
    graph.close()


def test_service_is_refused(kg):
    response = get(kg, "SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }")
    assert response.status == 403
    assert "SERVICE" in error_of(response)["error"]
    # The word in a string is not a clause.
    assert get(kg, 'ASK { FILTER("SERVICE" != "") }').status == 200


# -- bad requests ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda g: get(g),
    lambda g: get(g, ""),
    lambda g: get(g, "   \n"),
    lambda g: post(g, b"", "application/sparql-query"),
    lambda g: post(g, b"format=json", "application/x-www-form-urlencoded"),
], ids=["GET nothing", "GET empty", "GET blank", "POST empty body", "POST form without query"])
def test_missing_query_is_400(kg, make):
    response = make(kg)
    assert response.status == 400
    assert "no query" in error_of(response)["error"]


def test_two_queries_are_400(kg):
    assert get(kg, "ASK {}", extra=[("query", "ASK {}")]).status == 400
    both = post(kg, b"ASK {}", "application/sparql-query", params=[("query", "ASK {}")])
    assert both.status == 400
    form = post(kg, b"query=ASK+%7B%7D", "application/x-www-form-urlencoded", params=[("query", "ASK {}")])
    assert form.status == 400 and "2 query parameters" in error_of(form)["error"]


def test_syntax_error_gives_line_and_column(kg):
    query = "SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER( }"
    response = get(kg, query)
    assert response.status == 400
    document = error_of(response)
    assert document["line"] == 4
    assert 1 <= document["column"] <= len("  FILTER( }") + 1
    assert "4 |   FILTER( }" in document["error"]  # the offending line is quoted


def test_syntax_error_on_the_first_line(kg):
    document = error_of(post(kg, b"SELECT * WHERE { ?s ?p }", "application/sparql-query"))
    assert (document["line"], document["column"]) == (1, 25)


@pytest.mark.parametrize("name", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_are_not_supported(kg, name):
    response = get(kg, "ASK {}", extra=[(name, "https://w3id.org/graphkit/id/article/x")])
    assert response.status == 400
    assert "not supported" in error_of(response)["error"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
def test_other_methods_are_405(kg, method):
    response = respond(kg, method=method, query_params=[("query", "ASK {}")], body=b"", content_type=None,
                       accept=None)
    assert response.status == 405
    assert response.headers["Allow"] == "GET, POST"
    error_of(response)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json",
                                          "application/sparql-query; charset=latin-1"])
def test_other_post_bodies_are_415(kg, content_type):
    response = post(kg, b"ASK {}", content_type)
    assert response.status == 415
    error_of(response)


def test_a_body_that_is_not_utf8_is_400(kg):
    assert post(kg, b"ASK { FILTER(\"\xff\" = \"\") }", "application/sparql-query").status == 400
    assert post(kg, b"query=ASK+%7B%7D%FF", "application/x-www-form-urlencoded").status == 400


def test_unknown_format_is_400(kg):
    response = get(kg, "ASK {}", extra=[("format", "html")])
    assert response.status == 400
    assert "unknown format" in error_of(response)["error"]
    assert get(kg, "ASK {}", extra=[("format", "json"), ("format", "xml")]).status == 400


# -- content negotiation ------------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, media_type", [
    (None, "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("text/*", "text/csv; charset=utf-8"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
    ("text/*;q=0.8, text/csv;q=0.1", "text/tab-separated-values; charset=utf-8"),
    ("text/csv;q=0.1, text/*;q=0.8", "text/tab-separated-values; charset=utf-8"),  # specific wins, not last
    ("image/png, text/tab-separated-values;q=0.2", "text/tab-separated-values; charset=utf-8"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+json"),
    ("application/n-triples, text/csv;q=0.1", "text/csv; charset=utf-8"),
])
def test_accept_with_q_values(kg, accept, media_type):
    response = get(kg, TINY, accept=accept)
    assert (response.status, response.media_type) == (200, media_type)
    assert response.headers["Vary"] == "Accept"


def test_format_parameter_wins_over_accept(kg):
    response = get(kg, TINY, accept="application/sparql-results+json", extra=[("format", "tsv")])
    assert (response.media_type, response.body) == ("text/tab-separated-values; charset=utf-8", TINY_TSV)
    by_type = get(kg, TINY, extra=[("format", "application/sparql-results+xml")])
    assert by_type.body == TINY_XML


def test_unsatisfiable_accept_is_406_listing_what_is_offered(kg, monkeypatch):
    ran = []
    monkeypatch.setattr(protocol, "run_query", lambda *a, **k: ran.append(a))
    response = get(kg, TINY, accept="image/png, text/csv;q=0")
    assert response.status == 406
    document = error_of(response)
    assert {"application/sparql-results+json", "text/turtle; charset=utf-8"} <= set(document["offered"])
    assert ran == []  # refused before the engine does any work


def test_results_type_for_a_construct_is_406(kg):
    response = get(kg, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/sparql-results+json")
    assert response.status == 406
    assert error_of(response)["offered"] == ["text/turtle; charset=utf-8", "application/n-triples"]
    assert get(kg, "CONSTRUCT WHERE { ?s ?p ?o }", extra=[("format", "csv")]).status == 406
    assert get(kg, "ASK {}", extra=[("format", "turtle")]).status == 406


# -- limits ------------------------------------------------------------------------------------------------------

def test_select_beyond_max_rows_is_cut_and_says_so(kg):
    full = get(kg, EVIDENCE_QUERY)
    cut = get(kg, EVIDENCE_QUERY, max_rows=2)
    rows = json.loads(full.body)["results"]["bindings"]
    assert len(rows) == 4 and TRUNCATED_HEADER not in full.headers
    assert cut.headers[TRUNCATED_HEADER] == "2"
    assert json.loads(cut.body)["results"]["bindings"] == rows[:2]
    exact = get(kg, EVIDENCE_QUERY, max_rows=4)
    assert TRUNCATED_HEADER not in exact.headers and exact.body == full.body


def test_cut_csv_and_xml_stay_valid(kg):
    cut_csv = get(kg, EVIDENCE_QUERY, accept="text/csv", max_rows=1)
    assert len(list(csv.reader(io.StringIO(cut_csv.body.decode(), newline="")))) == 2
    cut_xml = get(kg, EVIDENCE_QUERY, accept="application/sparql-results+xml", max_rows=1)
    assert len(ET.fromstring(cut_xml.body).findall(f"{RESULTS_NS}results/{RESULTS_NS}result")) == 1
    assert cut_xml.headers[TRUNCATED_HEADER] == "1"


def test_construct_beyond_max_rows_is_cut(kg):
    response = get(kg, "CONSTRUCT { ?e dip:evidence ?text } WHERE { ?e dip:evidence ?text }",
                   accept="application/n-triples", max_rows=3)
    assert response.headers[TRUNCATED_HEADER] == "3"
    assert len(Graph().parse(data=response.body.decode(), format="nt")) == 3


def test_max_rows_none_means_no_cap(kg):
    response = get(kg, EVIDENCE_QUERY, max_rows=None)
    assert TRUNCATED_HEADER not in response.headers
    assert len(json.loads(response.body)["results"]["bindings"]) == 4


def test_timeout_is_503_with_the_limit(kg, monkeypatch):
    release = threading.Event()
    seen = {}

    def stuck(graph, sparql, *, timeout):
        # The real time-limit wrapper around work that does not finish: its real message.
        seen["timeout"] = timeout
        return with_timeout(lambda: release.wait(10), timeout)

    monkeypatch.setattr(protocol, "run_query", stuck)
    try:
        response = get(kg, "ASK {}", timeout=0.01)
    finally:
        release.set()
    assert seen["timeout"] == 0.01
    assert response.status == 503
    document = error_of(response)
    assert document["timeout"] == 0.01
    assert "0.01 s" in document["error"]


def test_default_limits_reach_run_query(kg, monkeypatch):
    seen = {}

    def spy(graph, sparql, *, timeout):
        seen["timeout"] = timeout
        raise QueryError("query failed on in-memory Oxigraph store: boom")

    monkeypatch.setattr(protocol, "run_query", spy)
    response = get(kg, "ASK {}")
    assert seen["timeout"] == DEFAULT_TIMEOUT_S == 10.0 and DEFAULT_MAX_ROWS == 10_000
    assert response.status == 500
    assert "boom" in error_of(response)["error"]


def test_an_unexpected_failure_is_a_json_500_without_internals(kg, monkeypatch):
    def broken(graph, sparql, *, timeout):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(protocol, "run_query", broken)
    response = get(kg, "ASK {}")
    assert response.status == 500
    assert "secret" not in error_of(response)["error"]
