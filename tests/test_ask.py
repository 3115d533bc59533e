"""`graphkit ask`, `query` and `analyze` on the examples, built once into a store.

The extractor is still improving, so these assert facts the example articles state plainly
(Blinken met Fidan in Ankara on 9 January 2024; Fidan called Araghchi) rather than whole
tables; exact rows are tested on the hand-written fixture in test_query.py and
test_analysis.py.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.query import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def table(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("examples") / "store"
    result = run("build", EXAMPLES, "--store", path, "-q")
    assert result.exit_code == 0, result.output
    return path


def test_ask_list_names_every_question():
    result = run("ask", "--list")
    assert result.exit_code == 0
    for name in QUESTIONS:
        assert name in result.stdout


def test_ask_without_a_question_is_a_usage_error():
    assert run("ask").exit_code == 2


@pytest.mark.model
def test_contacts_of_blinken_by_surname(store):
    rows = table(run("ask", "contacts", "blinken", "--store", store, "-f", "csv"))
    fidan = [r for r in rows if r["with"] == "Hakan Fidan"]
    assert fidan and fidan[0]["interaction"] == "met" and fidan[0]["date"] == "2024-01-09"
    assert "Ankara" in fidan[0]["source"]


@pytest.mark.model
def test_timeline_is_in_date_order(store):
    rows = table(run("ask", "timeline", "Hakan Fidan", "--store", store, "-f", "csv"))
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and dated[0] == "2024-01-09"
    assert any(r["interaction"] == "spokeWith" and r["targetLabel"] == "Abbas Araghchi" for r in rows)


@pytest.mark.model
def test_between_two_countries_counts_their_people(store):
    rows = table(run("ask", "between", "united states", "TURKEY", "--store", store, "-f", "csv"))
    assert any(r["interaction"] == "met" and {r["actorLabel"], r["targetLabel"]} == {"Antony Blinken", "Hakan Fidan"}
               for r in rows)


@pytest.mark.model
def test_most_active_in_2024(store):
    rows = table(run("ask", "most-active", "--since", "2024-01-01", "--until", "2024-12-31", "--limit", "3",
                     "--store", store, "-f", "csv"))
    assert len(rows) == 3 and rows[0]["name"] == "Antony Blinken"
    assert int(rows[0]["events"]) >= int(rows[1]["events"]) >= int(rows[2]["events"])
    assert all("2024-01-01" <= r["first"] <= r["last"] <= "2024-12-31" for r in rows)


@pytest.mark.model
def test_criticisms_of_russia(store):
    rows = table(run("ask", "criticisms", "Russia", "--store", store, "-f", "csv"))
    assert {r["targetLabel"] for r in rows} == {"Russia"}
    assert any(r["interaction"] == "sanctioned" and r["by"] == "European Union" for r in rows)


@pytest.mark.model
def test_first_and_last_contact_as_sparql_json(store):
    result = run("ask", "first-last", "Blinken", "Fidan", "--store", store, "-f", "json")
    data = json.loads(result.stdout)
    assert "contact" in data["head"]["vars"]
    first = data["results"]["bindings"][0]
    assert first["contact"]["value"] == "first"
    assert first["date"] == {"type": "literal", "value": "2024-01-09",
                             "datatype": "http://www.w3.org/2001/XMLSchema#date"}


@pytest.mark.model
def test_ambiguous_and_unknown_names_list_candidates(store):
    result = run("ask", "contacts", "Abdel", "--store", store)
    assert result.exit_code == 1
    assert "several actors" in result.stderr and "al-Sisi" in result.stderr and "al-Burhan" in result.stderr
    result = run("ask", "contacts", "Blinkin", "--store", store)
    assert result.exit_code == 1 and "did you mean: Antony Blinken" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.model
def test_table_output_hides_iris(store):
    result = run("ask", "contacts", "Antony Blinken", "--store", store)
    assert result.exit_code == 0 and "Hakan Fidan" in result.stdout
    assert "w3id.org" not in result.stdout


@pytest.mark.model
def test_query_json_on_the_examples(store):
    result = run("query", "SELECT DISTINCT ?n WHERE { GRAPH ?g { ?a a dip:Person ; rdfs:label ?n } } ORDER BY ?n",
                 "--store", store, "-f", "json")
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["n"]
    assert {"type": "literal", "value": "Antony Blinken"} in [b["n"] for b in data["results"]["bindings"]]


@pytest.mark.model
def test_analyze_ego_of_fidan(store):
    data = json.loads(run("analyze", "--store", store, "--ego", "Hakan Fidan", "-f", "json").stdout)
    assert data["ego"]["center"] == "Hakan Fidan"
    assert {"Antony Blinken", "Abbas Araghchi", "Faisal bin Farhan"} <= set(data["ego"]["actors"])
    assert data["actors"][0]["name"] == "Hakan Fidan"


@pytest.mark.model
def test_analyze_path_from_blinken_to_araghchi(store):
    data = json.loads(run("analyze", "--store", store, "--path", "Blinken", "Araghchi", "-f", "json").stdout)
    assert data["path"]["actors"] == ["Antony Blinken", "Hakan Fidan", "Abbas Araghchi"]


@pytest.mark.model
def test_analyze_by_country(store):
    data = json.loads(run("analyze", "--store", store, "--by-country", "-f", "json").stdout)
    names = {r["name"] for r in data["actors"]}
    assert "United States" in names and "Turkey" in names and "Antony Blinken" not in names
