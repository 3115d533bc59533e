"""The command line: one CliRunner test per command, exit codes, bad input, light imports."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
QUERIES = ROOT / "graphkit" / "queries"

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The examples built once into a store, with graph.ttl and map.html."""
    root = tmp_path_factory.mktemp("built")
    result = run("build", EXAMPLES, "--store", root / "store", "--out", root / "out", "-q")
    assert result.exit_code == 0, result.output
    return root


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "extract", "query", "map", "export", "stats", "validate", "analyze"):
        assert command in result.output


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from graphkit.cli import app; "
            "heavy = [m for m in ('spacy', 'rdflib', 'pyoxigraph', 'pyvis', 'networkx', 'pyshacl') if m in sys.modules]; "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.model
def test_build_writes_store_turtle_and_map(built):
    assert (built / "out" / "graph.ttl").stat().st_size > 0
    assert "<html" in (built / "out" / "map.html").read_text(encoding="utf-8").lower()
    assert (built / "store").is_dir()


@pytest.mark.model
def test_build_prints_a_summary(tmp_path):
    result = run("build", EXAMPLES / "2024-01-10-blinken-ankara.txt", "--store", "memory")
    assert result.exit_code == 0
    assert "1 article extracted" in result.stdout
    assert "Busiest actors" in result.stdout


@pytest.mark.model
def test_quiet_rebuild_skips_the_store_summary(built, monkeypatch):
    import graphkit.graph

    def no_stats(self):  # a store-wide summary costs seconds on a large store
        raise AssertionError("a quiet build must not compute the summary")

    monkeypatch.setattr(graphkit.graph.KnowledgeGraph, "stats", no_stats)
    result = run("build", EXAMPLES, "--store", built / "store", "-q")
    assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.model
def test_rebuild_is_idempotent(built):
    before = json.loads(run("stats", "--store", built / "store", "--format", "json").stdout)
    result = run("build", EXAMPLES, "--store", built / "store")
    assert result.exit_code == 0
    assert "0 articles extracted" in result.stdout and "12 unchanged" in result.stdout
    after = json.loads(run("stats", "--store", built / "store", "--format", "json").stdout)
    assert after["triples"] == before["triples"]


@pytest.mark.model
def test_stats_json_has_the_documented_keys(built):
    result = run("stats", "--store", built / "store", "--format", "json")
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert figures["articles"] == 12
    assert figures["interactions"] > 20 and figures["actors"] > 20 and figures["triples"] > 500
    assert set(figures["by_predicate"]) <= {"met", "spokeWith", "negotiatedWith", "agreedWith", "visited", "hosted",
                                            "briefed", "urged", "criticized", "supported", "threatened",
                                            "sanctioned", "aided", "summoned", "invited"}


@pytest.mark.model
def test_stats_table(built):
    result = run("stats", "--store", built / "store")
    assert result.exit_code == 0 and "triples" in result.stdout


@pytest.mark.model
def test_extract_jsonl_follows_the_contract(tmp_path):
    result = run("extract", EXAMPLES / "2024-01-10-blinken-ankara.txt", EXAMPLES / "2024-wire-digest.jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["doc"] for line in lines] == ["2024-01-10-blinken-ankara.txt", "2024-wire-digest.jsonl#1",
                                               "2024-wire-digest.jsonl#2"]
    for line in lines:
        names = {e["name"] for e in line["entities"]}
        for i in line["interactions"]:
            assert i["subject"] in names and i["object"] in names
            assert i["status"] in ("occurred", "planned", "negated")
            assert i["evidence"]
    first = lines[0]
    assert first["published"] == "2024-01-10"
    assert any(i["predicate"] == "met" and {i["subject"], i["object"]} == {"Antony Blinken", "Hakan Fidan"}
               for i in first["interactions"])


@pytest.mark.model
def test_extract_json_and_table():
    as_json = run("extract", EXAMPLES / "2024-11-15-grossi-tehran.txt", "--format", "json")
    assert as_json.exit_code == 0 and isinstance(json.loads(as_json.stdout), list)
    table = run("extract", EXAMPLES / "2024-11-15-grossi-tehran.txt", "--format", "table")
    assert table.exit_code == 0 and "Grossi" in table.stdout


@pytest.mark.model
def test_extract_reads_stdin_with_date():
    result = run("extract", "-", "--date", "2024-05-23", input="Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan on Monday.")
    assert result.exit_code == 0
    [line] = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["published"] == "2024-05-23"
    assert line["interactions"][0]["date"] == "2024-05-20"


@pytest.mark.model
def test_bad_inputs_are_named_and_the_rest_still_runs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Chilean President Gabriel Boric met Peruvian President Dina Boluarte.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 diplomacy".encode("latin-1"))
    (tmp_path / "bad-front.md").write_text("---\ntitle: [unclosed\n---\nBody.", encoding="utf-8")
    (tmp_path / "bad-date.txt").write_text("---\ndate: the day after\n---\nBody text.", encoding="utf-8")
    (tmp_path / "notext.jsonl").write_text(json.dumps({"title": "no body"}) + "\n", encoding="utf-8")
    result = run("extract", tmp_path, tmp_path / "missing.txt")
    assert result.exit_code == 1
    docs = [json.loads(x)["doc"] for x in result.stdout.splitlines()]
    assert docs == ["good.txt"]
    errors = result.stderr
    for name, problem in [("empty.txt", "no article text"), ("binary.txt", "binary"), ("latin1.txt", "UTF-8"),
                          ("bad-front.md", "front matter"), ("bad-date.txt", "date"), ("notext.jsonl", "text"),
                          ("missing.txt", "no such file")]:
        assert any(name in line and problem in line for line in errors.splitlines()), (name, errors)


def test_missing_model_is_one_clear_error(tmp_path):
    result = run("extract", "-", "--model", "no_such_pipeline_xyz", input="Kenya met Norway.")
    assert result.exit_code == 1
    assert "no_such_pipeline_xyz" in result.stderr and "install" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_date_option_is_a_usage_error():
    result = run("extract", "-", "--date", "yesterday", input="x")
    assert result.exit_code == 2


@pytest.mark.model
def test_query_formats(built):
    store = built / "store"
    text = "SELECT DISTINCT ?name WHERE { GRAPH ?g { ?a a dip:Person ; rdfs:label ?name } } ORDER BY ?name"
    table = run("query", text, "--store", store)
    assert table.exit_code == 0 and "Antony Blinken" in table.stdout
    as_csv = run("query", text, "--store", store, "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["name"] and ["Antony Blinken"] in rows
    as_tsv = run("query", text, "--store", store, "--format", "tsv")
    assert as_tsv.stdout.splitlines()[0] == "name"
    as_json = run("query", text, "--store", store, "--format", "json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout)


@pytest.mark.model
def test_query_from_file_and_stdin(built):
    store = built / "store"
    from_file = run("query", QUERIES / "who-spoke-with-whom.rq", "--store", store, "--format", "csv")
    assert from_file.exit_code == 0 and len(from_file.stdout.splitlines()) > 1
    from_stdin = run("query", "-", "--store", store, "--format", "csv",
                     input="ASK { GRAPH ?g { ?e a dip:Meeting } }")
    assert from_stdin.stdout.strip() == "true"


@pytest.mark.model
def test_query_syntax_error_is_reported_without_traceback(built):
    result = run("query", "SELECT ?x WHERE { ?x ?y }", "--store", built / "store")
    assert result.exit_code == 1
    assert "line" in result.stderr.lower() and "Traceback" not in result.stderr


def test_query_on_a_missing_store_names_it(tmp_path):
    result = run("query", "ASK {}", "--store", tmp_path / "nowhere")
    assert result.exit_code == 1 and "nowhere" in result.stderr


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"])
def test_export_every_format(built, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--store", built / "store", "--format", fmt, "--out", out)
    assert result.exit_code == 0
    assert out.stat().st_size > 100


@pytest.mark.model
def test_export_to_stdout(built):
    result = run("export", "--store", built / "store", "--format", "nt")
    assert result.exit_code == 0 and result.stdout.count(" .\n") > 100


@pytest.mark.model
def test_validate_conforms(built):
    result = run("validate", "--store", built / "store")
    assert result.exit_code == 0 and "0 violations" in result.stdout


@pytest.mark.model
def test_map_command(built, tmp_path):
    out = tmp_path / "map.html"
    result = run("map", "--store", built / "store", "--out", out)
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "vis" in page and "http://" not in page.split("<body", 1)[0].lower().replace("http://www.w3.org", "")


@pytest.mark.model
def test_analyze_json(built):
    result = run("analyze", "--store", built / "store", "--format", "json")
    assert result.exit_code == 0
    actors = json.loads(result.stdout)["actors"]
    assert actors and {"name", "degree", "weighted_degree", "betweenness"} <= set(actors[0])
    weights = [r["weighted_degree"] for r in actors]
    assert weights == sorted(weights, reverse=True)


# -- --min-confidence on build, extract, map and analyze (no spaCy model needed) -------------------

CONFIDENCE_COMMANDS = {
    "build": ["build", "article.txt", "--store", "memory"],
    "extract": ["extract", "article.txt"],
    "map": ["map", "--store", "nowhere"],
    "analyze": ["analyze", "--store", "nowhere"],
}


@pytest.fixture
def labeller(tmp_path, monkeypatch):
    """An empty labeller folder: no shipped bar, whatever the package holds."""
    folder = tmp_path / "labeller"
    folder.mkdir()
    monkeypatch.setenv("GRAPHKIT_LABELLER", str(folder))
    return folder


@pytest.fixture
def fake_article(tmp_path, monkeypatch):
    """One article that the (stub) extractor reads as graph_fixtures.call_extraction():
    Austin–Gallant call 0.9, Austin's visit to Jordan 0.8, a planned visit to Egypt 1.0."""
    import graphkit.pipeline
    from test_confidence import FakeExtractor

    monkeypatch.setattr(graphkit.pipeline, "_load_extractor", lambda *args, **kwargs: FakeExtractor())
    path = tmp_path / "austin-call.txt"
    path.write_text("Austin called Gallant and visited Jordan.", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def records_store(tmp_path_factory):
    """A store built from graph_fixtures' records (confidences 0.9, 0.8 and the summit's 1.0)."""
    from graph_fixtures import call_extraction, summit_extraction

    from graphkit.graph import KnowledgeGraph

    path = tmp_path_factory.mktemp("records") / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(call_extraction())
        graph.add(summit_extraction())
    return path


@pytest.mark.parametrize("command", CONFIDENCE_COMMANDS)
@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan", "high"])
def test_min_confidence_outside_zero_to_one_is_a_usage_error(command, value):
    result = run(*CONFIDENCE_COMMANDS[command], f"--min-confidence={value}")
    assert result.exit_code == 2
    assert "Invalid value for '--min-confidence'" in result.stderr


def test_extract_min_confidence_drops_low_confidence_interactions(fake_article, labeller):
    every = run("extract", fake_article)
    sure = run("extract", fake_article, "--min-confidence", "0.85")
    assert every.exit_code == 0 and sure.exit_code == 0
    every, sure = json.loads(every.stdout), json.loads(sure.stdout)
    assert [(i["predicate"], i["object"]) for i in every["interactions"]] == [
        ("spokeWith", "Yoav Gallant"), ("visited", "Jordan"), ("visited", "Egypt")]
    assert [(i["predicate"], i["object"]) for i in sure["interactions"]] == [
        ("spokeWith", "Yoav Gallant"), ("visited", "Egypt")]
    assert "Jordan" in {e["name"] for e in every["entities"]}
    assert "Jordan" not in {e["name"] for e in sure["entities"]}


def test_extract_default_bar_is_the_labellers_shipped_threshold(fake_article, labeller):
    (labeller / "meta.json").write_text('{"min_confidence": 0.85}', encoding="utf-8")
    shipped = json.loads(run("extract", fake_article).stdout)
    assert [i["object"] for i in shipped["interactions"]] == ["Yoav Gallant", "Egypt"]
    overridden = json.loads(run("extract", fake_article, "--min-confidence", "0").stdout)
    assert len(overridden["interactions"]) == 3


def test_build_min_confidence_keeps_low_confidence_interactions_out_of_the_store(fake_article, labeller, tmp_path):
    store = tmp_path / "store"
    visits = ("SELECT ?to WHERE { GRAPH ?g { ?e dip:predicate dip:visited ; dip:target ?t . ?t rdfs:label ?to } } "
              "ORDER BY ?to")
    result = run("build", fake_article, "--store", store, "--min-confidence", "0.85", "-q")
    assert result.exit_code == 0, result.output
    assert run("query", visits, "--store", store, "--format", "csv").stdout.split() == ["to", "Egypt"]
    # Another bar is another build: the article is extracted again and replaced.
    result = run("build", fake_article, "--store", store, "--min-confidence", "0")
    assert result.exit_code == 0 and "1 article extracted (1 replaced" in result.stdout
    assert run("query", visits, "--store", store, "--format", "csv").stdout.split() == ["to", "Egypt", "Jordan"]


def test_map_min_confidence_drops_low_confidence_edges(records_store, labeller, tmp_path):
    from test_viz import page_data

    pages = {}
    for name, extra in (("every", []), ("sure", ["--min-confidence", "0.85"])):
        out = tmp_path / f"{name}.html"
        result = run("map", "--store", records_store, "--out", out, *extra)
        assert result.exit_code == 0, result.output
        pages[name] = page_data(out.read_text(encoding="utf-8"))
    labels = {name: {n["label"] for n in page["nodes"]} for name, page in pages.items()}
    assert "Jordan" in labels["every"] and labels["sure"] == labels["every"] - {"Jordan"}
    assert "confidence at least 0.85" in pages["sure"]["scope"]


def test_analyze_min_confidence_drops_low_confidence_edges(records_store, labeller):
    every = run("analyze", "--store", records_store, "--format", "json")
    sure = run("analyze", "--store", records_store, "--format", "json", "--min-confidence", "0.85")
    assert every.exit_code == 0 and sure.exit_code == 0
    every, sure = json.loads(every.stdout), json.loads(sure.stdout)
    assert "Jordan" in {r["name"] for r in every["actors"]}
    assert {r["name"] for r in sure["actors"]} == {r["name"] for r in every["actors"]} - {"Jordan"}
    assert (every["network"]["min_confidence"], sure["network"]["min_confidence"]) == (0.0, 0.85)
    table = run("analyze", "--store", records_store, "--min-confidence", "0.85")
    assert "network (confidence at least 0.85): 5 actors" in table.stdout


@pytest.mark.parametrize("command", ["map", "analyze"])
def test_malformed_labeller_meta_is_an_error_naming_the_file(records_store, labeller, tmp_path, command):
    (labeller / "meta.json").write_text('{"min_confidence": "high"}', encoding="utf-8")
    result = run(command, "--store", records_store, *(["--out", tmp_path / "m.html"] if command == "map" else []))
    assert result.exit_code == 1
    assert str(labeller / "meta.json") in result.stderr and "min_confidence" in result.stderr


def test_model_dir_that_is_no_labeller_fails_with_its_name(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Kenyan President William Ruto met Ghanaian President John Mahama on Monday.\n")
    result = run("extract", article, "--model-dir", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "nowhere" in result.output and "not a labeller folder" in result.output


@pytest.mark.model
def test_labeller_option_picks_who_decides(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Kenyan President William Ruto met Ghanaian President John Mahama on Monday.\n")
    outputs = {}
    for mode in ("rules", "model", "combined"):
        result = run("extract", article, "--labeller", mode, "--date", "2024-05-23", "-q")
        assert result.exit_code == 0, result.output
        outputs[mode] = json.loads(result.stdout.splitlines()[0])["interactions"]
    assert {(i["subject"], i["predicate"]) for i in outputs["rules"]} == {("William Ruto", "met")}
    assert any(i["predicate"] == "met" for i in outputs["model"])
    # The rules' heuristic confidence is replaced by a measured one when they are combined.
    assert outputs["combined"][0]["confidence"] != outputs["rules"][0]["confidence"]
    assert run("extract", article, "--labeller", "neither").exit_code == 2


# -- the shared --quiet/--verbose options ---------------------------------------------------------

def test_every_command_takes_the_shared_quiet_and_verbose_options():
    # Declared once (QuietOpt, VerboseOpt): same flags, same help on every command.
    import typer.main

    commands = typer.main.get_command(app).commands
    assert {"stats", "validate", "analyze", "ontology"} <= set(commands)
    for name, command in commands.items():
        flags = {tuple(p.opts): p.help for p in command.params}
        assert flags.get(("--quiet", "-q")) == "Only errors on stderr.", name
        assert flags.get(("--verbose", "-v")) == "More detail on stderr.", name


def test_stats_validate_and_analyze_say_more_with_verbose_and_less_with_quiet(records_store, tmp_path):
    for command in ("stats", "validate", "analyze"):
        loud = run(command, "--store", records_store, "-v")
        assert loud.exit_code == 0, loud.output
        assert loud.stderr.strip(), command  # -v: what it is doing
        assert run(command, "--store", records_store).stderr == "", command
    quiet = run("analyze", "--store", records_store, "--into-map", tmp_path / "m.html", "-q", "-v")
    assert quiet.exit_code == 0 and quiet.stderr == ""  # -q wins over -v
    assert "map:" in run("analyze", "--store", records_store, "--into-map", tmp_path / "n.html").stderr


def test_ontology_command_writes_the_complete_files(tmp_path):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from graphkit.ontology import ontology_graph, shapes_graph

    result = run("ontology", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(tmp_path / "diplomacy.ttl"), ontology_graph())
    assert isomorphic(Graph().parse(tmp_path / "shapes.ttl"), shapes_graph())
