"""Network analysis: exact figures on the hand-written fixture network, and `graphkit analyze`.

Every expected value can be checked by reading tests/map_fixtures.py: the projection keeps
events that occurred (not the planned Duval–Richter meeting, not the negated Haddad–Duval
one) and gives a multilateral meeting one edge per pair of its participants.
"""
from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphkit import analysis
from graphkit.cli import app
from graphkit.errors import QueryError
from graphkit.graph import KnowledgeGraph
from graphkit.projection import project
from graphkit.query import ActorNotFound
from map_fixtures import FixtureGraph, actor_iri
from test_query import load_fixture

runner = CliRunner()
ROW_KEYS = {"name", "iri", "type", "country", "degree", "weighted_degree", "betweenness", "eigenvector", "community"}


@pytest.fixture(scope="module")
def network():
    return project(FixtureGraph())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("fixture") / "store"
    with KnowledgeGraph.open(path) as graph:
        load_fixture(graph)
    return path


def names(graph, nodes):
    return {graph.nodes[n]["label"] for n in nodes}


def test_degree_and_weighted_degree(network):
    marsh = actor_iri("helena-marsh")
    # Duval, Richter, Marchenko, Egypt, Haddad, Russia, Tanabe.
    assert analysis.degree(network)[marsh] == 7
    # 3 with Duval in a1, 3 pairs of the Brussels meeting, 3 in Cairo, 1 criticism, 1 call.
    assert analysis.weighted_degree(network)[marsh] == 11
    assert analysis.degree(network)[actor_iri("paul-okafor")] == 1


def test_betweenness_of_a_leaf_is_zero_and_of_a_bridge_positive(network):
    between = analysis.betweenness(network)
    assert between[actor_iri("paul-okafor")] == 0.0  # one contact: on nobody's chain
    assert between[actor_iri("oleh-marchenko")] > 0  # Okafor reaches everyone through him
    assert max(between, key=between.get) == actor_iri("aiko-tanabe")


def test_sampled_betweenness_is_seeded():
    g = nx.MultiDiGraph(nx.path_graph(30))
    once = analysis.betweenness(g, sample=5, seed=3)
    assert once == analysis.betweenness(g, sample=5, seed=3)
    assert once != analysis.betweenness(g)


def test_eigenvector_of_a_star():
    g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("hub", "d")])
    figures = analysis.eigenvector(g)
    assert figures["hub"] == pytest.approx(2 ** -0.5)
    assert figures["a"] == pytest.approx(figures["d"]) == pytest.approx(0.5 * 2 ** -0.5)
    assert analysis.eigenvector(nx.MultiDiGraph()) == {}


def test_communities_are_seeded_and_cover_every_actor(network):
    found = analysis.communities(network, seed=7)
    assert found == analysis.communities(network, seed=7)
    assert sorted(n for c in found for n in c) == sorted(network)
    # The sanctions triangle is a community of its own.
    assert {actor_iri("russia"), actor_iri("france"), actor_iri("united-states")} in [set(c) for c in found]


def test_community_table_names_the_hub(network):
    table = analysis.community_table(network)
    assert table[0]["hub"] == "Helena Marsh"
    assert [c["id"] for c in table] == list(range(len(table)))
    assert sum(c["size"] for c in table) == network.number_of_nodes()


def test_ego_network_has_exactly_the_neighbours(network):
    ego = analysis.ego_network(network, actor_iri("samir-haddad"))
    # Hosted and negotiated with Marsh, called Ortiz; "did not meet Duval" is no contact.
    assert names(ego, ego) == {"Samir Haddad", "Helena Marsh", "Rafael Ortiz"}
    wider = analysis.ego_network(network, actor_iri("samir-haddad"), radius=2)
    assert names(wider, wider) == {"Samir Haddad", "Helena Marsh", "Rafael Ortiz", "Claire Duval", "Jonas Richter",
                                   "Oleh Marchenko", "Egypt", "Russia", "Aiko Tanabe"}
    with pytest.raises(QueryError):
        analysis.ego_network(network, "nobody")


def test_shortest_chain_of_contacts(network):
    chain = analysis.shortest_chain(network, actor_iri("paul-okafor"), actor_iri("samir-haddad"))
    assert [network.nodes[n]["label"] for n in chain] == ["Paul Okafor", "Oleh Marchenko", "Helena Marsh", "Samir Haddad"]
    links = analysis.chain_links(network, chain)
    assert links[0]["interactions"] == [{"predicate": "spokeWith", "from": "Paul Okafor", "to": "Oleh Marchenko",
                                         "date": date(2024, 4, 2),
                                         "source": "Ministers meet in Brussels as NATO weighs new aid"}]
    assert [i["predicate"] for i in links[2]["interactions"]] == ["hosted", "negotiatedWith"]


def test_no_chain_is_an_error():
    g = nx.MultiDiGraph([("a", "b"), ("c", "d")])
    with pytest.raises(QueryError, match="no chain"):
        analysis.shortest_chain(g, "a", "d")


def test_window_keeps_dated_interactions_inside(network):
    autumn = analysis.window(network, since=date(2024, 9, 1))
    assert {d["article_title"] for _, _, d in autumn.edges(data=True)} == {
        "Sanctions widen as Western capitals rebuke Moscow", "Tanabe's calls & visits ahead of the autumn session"}
    assert analysis.window(network, until=date(2024, 3, 3)).number_of_edges() == 1  # the 2 March call
    with pytest.raises(QueryError):
        analysis.window(network, since=date(2024, 5, 1), until=date(2024, 4, 1))


def test_by_country_folds_people_into_their_countries(network):
    folded = analysis.by_country(network)
    labels = sorted(folded.nodes[n]["label"] for n in folded)
    assert labels == sorted(["Egypt", "France", "Germany", "Japan", "NATO", "Russia", "United Nations", "Ukraine",
                             "United States"])
    egypt = actor_iri("egypt")
    # Marsh visited Egypt, Haddad hosted and negotiated with her, and called the UN's Ortiz.
    assert analysis.weighted_degree(folded)[egypt] == 4
    assert names(folded, folded.to_undirected(as_view=True)[egypt]) == {"United States", "United Nations"}
    # Solberg (NATO) is folded into the NATO node the network already has.
    assert actor_iri("nato") in folded and "country:NATO" not in folded


def test_actor_table_has_every_figure(network):
    rows = analysis.actor_table(network)
    assert {tuple(sorted(r)) for r in rows} == {tuple(sorted(ROW_KEYS))}
    assert [r["name"] for r in rows[:2]] == ["Helena Marsh", "Claire Duval"]
    marsh = rows[0]
    assert (marsh["type"], marsh["country"], marsh["degree"], marsh["weighted_degree"]) == ("Person", "United States", 7, 11)
    assert marsh["community"] == 0


def test_find_actor_is_forgiving(network):
    assert analysis.find_actor(network, "HELENA marsh") == actor_iri("helena-marsh")
    assert analysis.find_actor(network, "okafor") == actor_iri("paul-okafor")
    with pytest.raises(ActorNotFound):
        analysis.find_actor(network, "Zzyzx")


# -- graphkit analyze on the fixture -------------------------------------------------------------

def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_analyze_json_shape(store):
    result = run("analyze", "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"actors", "communities", "network"}
    assert all(set(row) == ROW_KEYS for row in data["actors"])
    assert data["actors"][0]["name"] == "Helena Marsh"
    assert data["network"]["actors"] == 17 and data["network"]["view"] == "actors"
    assert {"id", "size", "hub", "members"} == set(data["communities"][0])


def test_analyze_ego_lists_exactly_the_neighbours(store):
    result = run("analyze", "--store", store, "--ego", "haddad", "--format", "json")
    data = json.loads(result.stdout)
    assert data["ego"]["center"] == "Samir Haddad"
    assert data["ego"]["actors"] == ["Helena Marsh", "Rafael Ortiz"]
    assert {r["name"] for r in data["actors"]} == {"Samir Haddad", "Helena Marsh", "Rafael Ortiz"}


def test_analyze_path(store):
    result = run("analyze", "--store", store, "--path", "Okafor", "Samir Haddad")
    assert result.exit_code == 0
    assert "Paul Okafor → Oleh Marchenko → Helena Marsh → Samir Haddad" in result.stdout


def test_analyze_window_and_country_view(store):
    result = run("analyze", "--store", store, "--since", "2024-09-01", "--until", "2024-09-30", "--by-country",
                 "--format", "json")
    data = json.loads(result.stdout)
    assert data["network"]["view"] == "countries"
    assert data["network"]["since"] == "2024-09-01"
    assert {r["name"] for r in data["actors"]} == {"Russia", "France", "United States"}


def test_analyze_unknown_and_ambiguous_names(store):
    result = run("analyze", "--store", store, "--ego", "Zzyzx")
    assert result.exit_code == 1 and "no actor named 'Zzyzx'" in result.stderr
    result = run("analyze", "--store", store, "--ego", "Maarsh")
    assert "did you mean: Helena Marsh" in result.stderr


def test_analyze_into_map(store, tmp_path):
    out = tmp_path / "map.html"
    result = run("analyze", "--store", store, "--into-map", out, "--format", "json")
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "around Helena Marsh" in page  # coloured by community, named after its hub


def test_summary_reports_the_confidence_bar_of_the_projection():
    from test_projection import OKAFOR_CALL, with_confidences

    source = with_confidences({OKAFOR_CALL: "0.3"})
    sure = project(source, min_confidence=0.5)
    assert analysis.summary(project(source))["network"]["min_confidence"] == 0.0
    assert analysis.summary(sure)["network"]["min_confidence"] == 0.5
    assert "Paul Okafor" not in {r["name"] for r in analysis.summary(sure)["actors"]}
    # The views made from a projection keep saying which bar it had.
    assert analysis.summary(analysis.by_country(sure))["network"]["min_confidence"] == 0.5
    marsh = actor_iri("helena-marsh")
    assert analysis.summary(analysis.ego_network(sure, marsh))["network"]["min_confidence"] == 0.5
