"""Issue 13, item 5: analyze's --path/--ego answers and name resolution live in the library
(graphkit.explore); the command line has one date reader and declares shared options once."""
from __future__ import annotations

import inspect

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphkit import cli, explore
from graphkit.errors import QueryError
from graphkit.graph import KnowledgeGraph
from graphkit.projection import project
from graphkit.query import ActorNotFound
from test_query import load_fixture

runner = CliRunner()


@pytest.fixture(scope="module")
def kg():
    with KnowledgeGraph.open("memory") as graph:
        yield load_fixture(graph)


def test_path_answer_names_the_chain_and_its_links(kg):
    network = project(kg)
    answer = explore.path_answer(kg, network, "Okafor", "Tanabe")
    assert answer["from"] == "Paul Okafor" and answer["to"] == "Aiko Tanabe"
    assert answer["actors"] == ["Paul Okafor", "Oleh Marchenko", "Aiko Tanabe"]
    assert answer["length"] == 2 and len(answer["links"]) == 2


def test_ego_answer_is_the_neighbourhood(kg):
    network = project(kg)
    ego, answer = explore.ego_answer(kg, network, "marchenko", radius=1)
    assert answer["center"] == "Oleh Marchenko" and answer["radius"] == 1
    # the Brussels meeting's participants, the call with Okafor, Tanabe's meeting
    assert set(answer["actors"]) == {"Paul Okafor", "Ingrid Solberg", "Aiko Tanabe", "Helena Marsh",
                                     "Jonas Richter", "Claire Duval"}
    assert len(ego) == len(answer["actors"]) + 1


def test_a_store_alias_finds_a_network_node():
    network = nx.MultiDiGraph()
    network.add_node("x/wang-yi", label="Wang Yi", kind="Person")

    class Store:  # a store that knows Wang Yi also as "the Chinese foreign minister"
        def select(self, sparql: str):
            if "altLabel" in sparql:
                return [{"actor": "x/wang-yi", "name": "Chinese Foreign Minister"}]
            if "rdfs:label" in sparql:
                return [{"actor": "x/wang-yi", "name": "Wang Yi"}, {"actor": "x/other", "name": "Li Qiang"}]
            return [{"actor": "x/wang-yi", "type": "https://w3id.org/graphkit/diplomacy#Person"},
                    {"actor": "x/other", "type": "https://w3id.org/graphkit/diplomacy#Person"}]

    assert explore.network_node(Store(), network, "chinese foreign minister") == "x/wang-yi"
    with pytest.raises(QueryError, match="not in the analysed network"):
        explore.network_node(Store(), network, "Li Qiang")
    with pytest.raises(ActorNotFound):
        explore.network_node(None, network, "Li Qiang")


def test_the_command_line_has_no_date_parser_of_its_own():
    source = inspect.getsource(cli)
    assert "fromisoformat" not in source and "def _parse_date" not in source


def test_date_options_share_the_article_date_reader(tmp_path):
    bad = runner.invoke(cli.app, ["analyze", "--store", str(tmp_path / "s"), "--since", "2024-02-30"])
    assert bad.exit_code == 2 and "February 2024 has 29 days" in bad.output
    ambiguous = runner.invoke(cli.app, ["ask", "most-active", "--store", "memory", "--until", "10/01/2024"])
    assert ambiguous.exit_code == 2 and "ambiguous" in ambiguous.output


def test_shared_options_are_declared_once():
    source = inspect.getsource(cli)
    for option in ('"--store"', '"--endpoint"', '"--quiet"', '"--verbose"', 'help="table or json."',
                   'help="table, csv, tsv or json'):
        assert source.count(option) == 1, option


# -- map --ego and analyze --ego: one resolver ------------------------------------------------------

@pytest.fixture(scope="module")
def sisi_store():
    from graphkit.records import Article, Entity, Extraction, Interaction

    text = "Antony Blinken met Abdel Fattah el-Sisi in Cairo. Wang Yi spoke with Penny Wong."
    extraction = Extraction(
        Article(id="s", name="sisi.txt", text=text, published="2024-08-20"),
        (Entity("Antony Blinken", "Person"),
         Entity("Abdel Fattah el-Sisi", "Person", aliases=("the Egyptian president",)),
         Entity("Wang Yi", "Person"), Entity("Penny Wong", "Person")),
        (Interaction("Antony Blinken", "met", "Abdel Fattah el-Sisi", evidence=text, end=49),
         Interaction("Wang Yi", "spokeWith", "Penny Wong", evidence=text, start=50, end=len(text))))
    with KnowledgeGraph.open("memory") as graph:
        graph.add(extraction)
        yield graph


@pytest.mark.parametrize("name", ["el-Sisi", "El Sisi", "al sisi", "the Egyptian President"])
def test_map_ego_and_analyze_ego_find_the_same_actor(sisi_store, name):
    # "the Egyptian president" is only a store alias: the network's labels alone miss it.
    from graphkit.viz import MapOptions, render_map

    network = project(sisi_store)
    ego, answer = explore.ego_answer(sisi_store, network, name, radius=1)
    page = render_map(sisi_store, options=MapOptions(ego=name, radius=1))
    assert answer["center"] == "Abdel Fattah el-Sisi"
    assert {n["iri"] for n in page.data["nodes"]} == set(ego) == {
        answer["iri"], *(n for n in ego if ego.nodes[n]["label"] == "Antony Blinken")}
