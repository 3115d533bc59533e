"""The map page: content, scope options, offline guarantees (no browser needed)."""
from __future__ import annotations

import itertools
import json
import math
import re
from datetime import date

import networkx as nx
import pytest

from graphkit import analysis
from graphkit.errors import QueryError
from graphkit.projection import project
from graphkit.viz import (OTHER_COLOR, PALETTE, STATUS_DASHES, MapOptions, edge_family, hidden_note,
                          map_data, map_graphs, render_map, write_map)
from map_fixtures import EVENTS, Event, FixtureGraph, actor_iri, build_dataset


@pytest.fixture(scope="module")
def projected() -> nx.MultiDiGraph:
    return project(FixtureGraph())


def page_data(html_text: str) -> dict:
    raw = re.search(r'<script id="gk-data" type="application/json">(.*?)</script>', html_text, re.S)
    return json.loads(raw.group(1))


def families(graph: nx.MultiDiGraph) -> set:
    return {edge_family(d["predicate"], u, v) for u, v, d in graph.edges(data=True)}


def iri_of(data: dict) -> dict[int, str]:
    return {n["id"]: n["iri"] for n in data["nodes"]}


def edge_between(data: dict, a: str, b: str, tone: str) -> dict:
    iri = iri_of(data)
    return next(e for e in data["edges"]
                if {iri[e["from"]], iri[e["to"]]} == {actor_iri(a), actor_iri(b)} and e["tone"] == tone)


def test_write_map_writes_one_page_and_reports_it(tmp_path, projected):
    out = tmp_path / "sub" / "map.html"
    summary = write_map(FixtureGraph(), out)
    assert summary.path == out and summary.bytes == out.stat().st_size
    assert summary.nodes == projected.number_of_nodes()
    assert summary.edges == len(families(projected))
    data = page_data(out.read_text(encoding="utf-8"))
    # The data also carries the planned and the negated meeting, hidden when the page opens.
    assert len(data["nodes"]) == summary.nodes and len(data["edges"]) == summary.edges + 2


def test_page_is_self_contained_and_writes_no_lib_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "map.html"
    write_map(FixtureGraph(), out)
    text = out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]
    # No element loads anything: no src/href to a resource, no stylesheet link, no CDN.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text, re.I)
    for banned in ("bootstrap", "tom-select", "cdnjs", "jsdelivr", "unpkg"):
        assert banned not in text.lower()
    assert "vis.Network" in text and "vis-network" in text  # the library is inlined
    assert "connect-src 'none'" in text


def test_parallel_interactions_fold_into_one_edge_with_a_count(projected):
    data = map_data(projected)
    marsh_duval = edge_between(data, "helena-marsh", "claire-duval", "cooperative")
    # spoke with, met, agreed with, and the four-way meeting in Brussels
    assert marsh_duval["n"] == 4
    names = [data["predicates"][k]["name"] for k in marsh_duval["p"]]
    assert sorted(names) == ["agreedWith", "met", "met", "spokeWith"]
    assert marsh_duval["d"] == ["2024-03-02", "2024-03-04", "2024-03-04", "2024-04-03"]
    assert len(marsh_duval["ev"]) == len(marsh_duval["a"]) == 4


def test_directed_predicates_get_arrows_and_symmetric_ones_do_not(projected):
    data = map_data(projected)
    sanction = edge_between(data, "united-states", "russia", "conflictual")
    assert sanction["arrows"] == "to" and iri_of(data)[sanction["from"]] == actor_iri("united-states")
    assert "arrows" not in edge_between(data, "helena-marsh", "claire-duval", "cooperative")


def test_edge_tone_follows_the_predicate(projected):
    data = map_data(projected)
    assert edge_between(data, "ingrid-solberg", "germany", "neutral")["n"] == 1
    assert {e["tone"] for e in data["edges"]} == {"cooperative", "neutral", "conflictual"}
    assert data["tones"]["conflictual"] != data["tones"]["cooperative"]


def test_pair_with_several_families_gets_bent_edges(projected):
    data = map_data(projected)
    iri = iri_of(data)
    pair = [e for e in data["edges"] if {iri[e["from"]], iri[e["to"]]} == {actor_iri("russia"), actor_iri("france")}]
    # France sanctioned Russia; Russia threatened and summoned France: two directed families.
    assert len(pair) == 2
    assert all("smooth" in e for e in pair)


def test_article_text_never_reaches_the_page_as_markup(tmp_path):
    events = EVENTS + (
        EVENTS[0].__class__("a3", "urged", "samir-haddad", "rafael-ortiz", date(2024, 5, 23),
                            "Haddad urged <script>alert(1)</script> access."),
    )
    out = tmp_path / "map.html"
    write_map(FixtureGraph(build_dataset(events)), out)
    text = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text and "</script> access" not in text
    assert "<b>& reckless</b>" not in text
    data = page_data(text)  # the JSON still holds the exact sentence, for the page to escape
    evidence = {ev for e in data["edges"] for ev in e["ev"]}
    assert "Haddad urged <script>alert(1)</script> access." in evidence


def test_articles_are_listed_once_with_title_and_web_url(projected):
    data = map_data(projected)
    articles = {title: url for title, url in data["articles"]}
    assert articles["Sanctions widen as Western capitals rebuke Moscow"] == \
        "https://news.example.org/2024/09/sanctions"
    assert articles["Cairo talks: Haddad hosts Marsh"] is None
    assert len(data["articles"]) == 5


def test_javascript_urls_are_not_linked():
    g = nx.MultiDiGraph()
    for n in ("a", "b"):
        g.add_node(n, label=n.upper(), kind="Person", title=None, country=None,
                   first_contact=None, last_contact=None)
    g.add_edge("a", "b", key="e1", predicate="met", date=None, status="occurred", evidence="x",
               article="art", article_title="Bad", article_url="javascript:alert(1)", event="e1")
    assert map_data(g)["articles"] == [["Bad", None]]


def test_node_tooltip_fields_name_title_affiliation_count_and_dates(projected):
    data = map_data(projected)
    marsh = next(n for n in data["nodes"] if n["iri"] == actor_iri("helena-marsh"))
    assert (marsh["label"], marsh["title"], marsh["country"]) == (
        "Helena Marsh", "Secretary of State", "United States")
    assert (marsh["first"], marsh["last"]) == ("2024-03-02", "2024-10-10")
    events = {e for e in EVENTS if e.status == "Occurred"
              and "helena-marsh" in (e.actor, e.target, *e.others)}
    assert marsh["count"] == len(events)  # the four-way meeting counts once


def test_node_shape_and_colour_by_kind(projected):
    data = map_data(projected)
    shapes = {n["kind"]: n["shape"] for n in data["nodes"]}
    assert shapes == {"Person": "dot", "Organization": "diamond", "Country": "square"}
    assert len({n["color"] for n in data["nodes"]}) == 3
    assert [k["kind"] for k in data["legend"]["kinds"]] == ["Country", "Organization", "Person"]


def test_colour_by_country_groups_actors_of_one_country(projected):
    data = map_data(projected, options=MapOptions(color_by="country"))
    color = {n["iri"]: n["color"] for n in data["nodes"]}
    assert color[actor_iri("helena-marsh")] == color[actor_iri("paul-okafor")] == color[actor_iri("united-states")]
    assert color[actor_iri("helena-marsh")] != color[actor_iri("claire-duval")]
    assert "United States" in {g["name"] for g in data["legend"]["groups"]}


def test_colour_by_community_names_groups_after_a_member(projected):
    data = map_data(projected, options=MapOptions(color_by="community"))
    groups = data["legend"]["groups"]
    assert len(groups) >= 2
    labels = {n["label"] for n in data["nodes"]}
    hubs = [re.fullmatch(r"community (\d+): around (.+)", g["name"]) for g in groups if g["name"] != "other"]
    assert all(h and h.group(2) in labels for h in hubs)
    assert [int(h.group(1)) for h in hubs] == sorted(int(h.group(1)) for h in hubs)


@pytest.mark.parametrize("seed", [7, 3])
def test_map_communities_are_analyze_communities(projected, seed):
    # Same algorithm, seed and numbering: the colours a reader sees are analyze's communities.
    figures = analysis.summary(projected, seed=seed)
    expected = {row["iri"]: row["community"] for row in figures["actors"]}
    data = map_data(projected, options=MapOptions(color_by="community", seed=seed, max_nodes=None))
    assert {n["iri"]: n["community"] for n in data["nodes"]} == expected
    hubs = {c["id"]: c["hub"] for c in figures["communities"]}
    assert [g["name"] for g in data["legend"]["groups"]] == [
        f"community {i}: around {hubs[i]}" for i in sorted(set(expected.values()))]
    palette = {n["community"]: n["color"] for n in data["nodes"]}
    assert len(set(palette.values())) == len(palette)  # one colour per community


def test_trimmed_map_keeps_each_actors_community_number(projected):
    full = {n["iri"]: n["community"] for n in map_data(projected, options=MapOptions(color_by="community"))["nodes"]}
    trimmed = map_data(projected, options=MapOptions(color_by="community", max_nodes=4))["nodes"]
    assert trimmed and all(n["community"] == full[n["iri"]] for n in trimmed)


def test_ego_map_has_analyze_ego_figures(projected):
    center = analysis.find_actor(projected, "Ingrid Solberg")
    ego = analysis.ego_network(projected, center, radius=2)
    expected = {r["iri"]: r for r in analysis.summary(ego)["actors"]}
    data = map_data(projected, options=MapOptions(ego="Ingrid Solberg", radius=2, color_by="community",
                                                  size_by="degree"))
    assert {n["iri"]: n["community"] for n in data["nodes"]} == {i: r["community"] for i, r in expected.items()}
    biggest = max(data["nodes"], key=lambda n: n["size"])
    assert expected[biggest["iri"]]["degree"] == max(r["degree"] for r in expected.values())


@pytest.mark.parametrize("size_by", ["degree", "weighted_degree"])
def test_biggest_node_is_the_most_connected_actor(projected, size_by):
    data = map_data(projected, options=MapOptions(size_by=size_by))
    biggest = max(data["nodes"], key=lambda n: n["size"])
    assert biggest["label"] == "Helena Marsh"
    assert min(n["size"] for n in data["nodes"]) >= 10


def test_size_by_betweenness_follows_networkx(projected):
    data = map_data(projected, options=MapOptions(size_by="betweenness"))
    pairs = nx.Graph(projected.to_undirected())
    expected = nx.betweenness_centrality(pairs)
    biggest = max(data["nodes"], key=lambda n: n["size"])
    assert expected[biggest["iri"]] == max(expected.values())
    leaf = next(n for n in data["nodes"] if n["label"] == "Paul Okafor")
    assert leaf["size"] == 10  # betweenness 0


def test_sizes_differ_between_degree_and_weighted_degree(projected):
    by_degree = {n["iri"]: n["size"] for n in map_data(projected, options=MapOptions(size_by="degree"))["nodes"]}
    by_weight = {n["iri"]: n["size"] for n in map_data(projected)["nodes"]}
    assert by_degree != by_weight


def test_min_weight_drops_thin_edges_and_lonely_actors(projected):
    data = map_data(projected, options=MapOptions(min_weight=2))
    assert data["edges"] and all(e["n"] >= 2 for e in data["edges"])
    ends = {x for e in data["edges"] for x in (e["from"], e["to"])}
    assert {n["id"] for n in data["nodes"]} == ends


def test_ego_network_with_radius(projected):
    one = map_data(projected, options=MapOptions(ego="Ingrid Solberg", radius=1))
    assert {n["label"] for n in one["nodes"]} == {"Ingrid Solberg", "Oleh Marchenko", "Germany"}
    two = map_data(projected, options=MapOptions(ego="ingrid-solberg", radius=2))
    assert {"Ukraine", "Aiko Tanabe", "Paul Okafor"} <= {n["label"] for n in two["nodes"]}


def test_unknown_or_ambiguous_ego_raises(projected):
    with pytest.raises(QueryError, match="no actor named 'Nobody'"):
        map_data(projected, options=MapOptions(ego="Nobody"))
    namesake = projected.copy()  # the map matches names as analyze does: a shared surname is ambiguous
    namesake.add_edge(actor_iri("tom-marsh"), actor_iri("france"), key="e-x", **next(iter(projected.edges.values())))
    namesake.nodes[actor_iri("tom-marsh")].update(label="Tom Marsh", kind="Person")
    with pytest.raises(QueryError, match="several actors"):
        map_data(namesake, options=MapOptions(ego="Marsh"))


def test_max_nodes_keeps_the_most_connected_actors(projected):
    data = map_data(projected, options=MapOptions(max_nodes=4))
    labels = {n["label"] for n in data["nodes"]}
    assert len(labels) <= 4 and "Helena Marsh" in labels and "Claire Duval" in labels
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_scope_options_reach_the_projection(tmp_path):
    summary = write_map(FixtureGraph(), tmp_path / "m.html",
                        options=MapOptions(since=date(2024, 9, 1), predicates=["sanctioned"]))
    data = page_data((tmp_path / "m.html").read_text(encoding="utf-8"))
    assert summary.edges == 2
    assert {n["label"] for n in data["nodes"]} == {"United States", "France", "Russia"}
    assert [p["name"] for p in data["predicates"]] == ["sanctioned"]


def test_dates_and_predicates_for_the_page_filters(projected):
    data = map_data(projected)
    assert data["dates"] == ["2024-03-02", "2024-10-14"]
    assert {p["name"] for p in data["predicates"]} == {
        e.predicate for e in EVENTS if e.status == "Occurred"}


def test_small_map_uses_physics_and_big_map_a_precomputed_layout():
    small = map_data(_random_graph(30, 60))
    assert small["physics"] and small["vis"]["physics"]["enabled"]
    big = map_data(_random_graph(700, 2100), options=MapOptions(max_nodes=None, physics_threshold=400))
    assert not big["physics"] and not big["vis"]["physics"]["enabled"]
    assert len(big["nodes"]) > 400
    positions = {(n["x"], n["y"]) for n in big["nodes"]}
    assert len(positions) == len(big["nodes"])  # every node placed, none on top of another


def test_bulk_lists_not_pyvis_add_edge(monkeypatch, tmp_path):
    from pyvis.network import Network

    def refuse(*args, **kwargs):
        raise AssertionError("per-edge pyvis calls are quadratic")

    monkeypatch.setattr(Network, "add_edge", refuse)
    monkeypatch.setattr(Network, "add_node", refuse)
    assert write_map(_random_graph(200, 800), tmp_path / "m.html",
                     options=MapOptions(max_nodes=None)).edges > 0


def test_whole_network_is_folded_with_plain_dicts_not_networkx(monkeypatch):
    # networkx per-edge work made a 10,000-actor map take 5 s to write; it is kept for
    # what needs it (communities, betweenness, the force layout of the core).
    def refuse(*args, **kwargs):
        raise AssertionError("the whole network went through networkx")

    monkeypatch.setattr(nx.Graph, "add_weighted_edges_from", refuse)
    monkeypatch.setattr(nx, "ego_graph", refuse)
    graph = _random_graph(700, 2100)
    assert len(map_data(graph, options=MapOptions(max_nodes=None))["edges"]) > 1000
    ego = map_data(graph, options=MapOptions(ego="Actor 5", radius=1, max_nodes=None))
    assert 1 < len(ego["nodes"]) < 700


def test_cycle_collector_is_paused_while_building_and_restored(monkeypatch, projected):
    import gc

    import graphkit.viz as viz

    seen = []
    real = viz.map_data

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(viz, "map_data", spy)
    assert gc.isenabled()
    render_map(projected)
    assert seen == [False] and gc.isenabled()

    def boom(*args, **kwargs):
        raise RuntimeError("failed half way")

    monkeypatch.setattr(viz, "map_data", boom)
    with pytest.raises(RuntimeError):
        render_map(projected)
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that switched the collector off keeps it off
        monkeypatch.setattr(viz, "map_data", real)
        render_map(projected)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_precomputed_layout_places_components_the_core_does_not_reach():
    g = _random_graph(500, 1500)
    for k in range(150):  # pairs talking only to each other: never reached from the core
        a, b = f"p{k}a", f"p{k}b"
        for n in (a, b):
            g.add_node(n, label=f"Loner {n}", kind="Person", title=None, country=None,
                       first_contact=None, last_contact=None)
        g.add_edge(a, b, key=f"pe{k}", predicate="met", date=None, status="occurred",
                   evidence="", article=None, article_title=None, article_url=None, event=f"pe{k}")
    data = map_data(g, options=MapOptions(max_nodes=None))
    assert len(data["nodes"]) == 800 and not data["physics"]
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 800


def test_empty_graph_gives_a_page_that_says_so(tmp_path):
    out = tmp_path / "map.html"
    summary = write_map(FixtureGraph(build_dataset(events=())), out)
    assert (summary.nodes, summary.edges) == (0, 0)
    text = out.read_text(encoding="utf-8")
    assert "Nothing to show" in text
    assert page_data(text)["nodes"] == []


def test_failed_write_keeps_the_previous_map(tmp_path, monkeypatch):
    out = tmp_path / "map.html"
    out.write_text("previous", encoding="utf-8")
    import graphkit.viz as viz

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(viz, "_page", boom)
    with pytest.raises(RuntimeError):
        write_map(FixtureGraph(), out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


@pytest.mark.parametrize("bad", [MapOptions(color_by="rainbow"), MapOptions(size_by="fame"),
                                 MapOptions(min_weight=0), MapOptions(max_nodes=0),
                                 MapOptions(radius=-1), MapOptions(min_confidence=1.5),
                                 MapOptions(min_confidence=float("nan"))])
def test_bad_options_raise_query_error(bad, projected):
    with pytest.raises(QueryError):
        render_map(projected, options=bad)


def test_edges_carry_each_interactions_confidence_for_the_tooltip(projected):
    data = map_data(projected)
    assert edge_between(data, "claire-duval", "russia", "conflictual")["c"] == [0.9]
    folded = edge_between(data, "helena-marsh", "claire-duval", "cooperative")
    assert folded["n"] == 4 and folded["c"] == [0.9] * 4  # a call, two meetings, an agreement


def test_only_finite_numbers_reach_the_page_as_confidence():
    g = nx.MultiDiGraph()
    for n in "abcd":
        g.add_node(n, label=n.upper(), kind="Person", title=None, country=None,
                   first_contact=None, last_contact=None)
    for k, (u, v, value) in enumerate([("a", "b", "<b>0.9</b>"), ("a", "c", float("nan")),
                                       ("a", "d", None), ("b", "c", 0.87654)]):
        g.add_edge(u, v, key=f"e{k}", predicate="met", date=None, status="occurred", evidence="x",
                   article=None, article_title=None, article_url=None, event=f"e{k}", confidence=value)
    edges = map_data(g)["edges"]
    assert [e.get("c") for e in edges] == [None, None, None, [0.8765]]
    page = render_map(g).html
    assert "<b>0.9" not in page and "NaN" not in page_data_text(page)


def page_data_text(html_text: str) -> str:
    return re.search(r'<script id="gk-data" type="application/json">(.*?)</script>', html_text, re.S).group(1)


def test_min_confidence_reaches_the_projection_and_the_scope(tmp_path):
    from test_projection import OKAFOR_CALL, with_confidences

    source = with_confidences({OKAFOR_CALL: "0.3"})
    every = map_data(project(source))
    page = page_data(render_map(source, options=MapOptions(min_confidence=0.5)).html)
    iris = {n["iri"] for n in page["nodes"]}
    assert actor_iri("paul-okafor") in {n["iri"] for n in every["nodes"]}
    assert actor_iri("paul-okafor") not in iris and actor_iri("oleh-marchenko") in iris
    assert "confidence at least 0.5" in page["scope"]
    assert "confidence" not in every["scope"]


def test_title_is_escaped(projected):
    page = render_map(projected, options=MapOptions(title="Map <of> & things"))
    assert "<title>Map &lt;of&gt; &amp; things</title>" in page.html


def _random_graph(n: int, m: int, seed: int = 3) -> nx.MultiDiGraph:
    import random

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"n{i}", label=f"Actor {i}", kind=("Person", "Country", "Organization")[i % 3],
                   title=None, country=None, first_contact=None, last_contact=None)
    preds = ("met", "spokeWith", "visited", "sanctioned", "urged")
    for k in range(m):
        a, b = rng.sample(range(n), 2)
        g.add_edge(f"n{a}", f"n{b}", key=f"e{k}", predicate=preds[k % 5], date=date(2024, 1, 1 + k % 28),
                   status="occurred", evidence="text", article="art", article_title="T",
                   article_url=None, event=f"e{k}")
    return g


def test_browser_tests_skip_without_chromium_but_fail_under_ci(monkeypatch, tmp_path):
    import test_map_browser

    monkeypatch.setattr(test_map_browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-chromium"):
        test_map_browser._require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        test_map_browser._require_browser()


# -- planned and negated interactions: carried, hidden at first -----------------------------------

def status_of(data: dict, edge: dict) -> str:
    return data["statuses"][edge["s"][0] if "s" in edge else 0]


def test_planned_and_negated_interactions_are_carried_with_their_status():
    data = render_map(FixtureGraph()).data
    by_status = {}
    for e in data["edges"]:
        by_status.setdefault(status_of(data, e), []).append(e)
        assert "s" not in e or len(set(e["s"])) == 1 and len(e["s"]) == e["n"]  # one status per link
    planned, negated = by_status["planned"], by_status["negated"]
    assert [e["ev"] for e in planned] == [["Duval will meet Richter next week."]]
    assert [e["ev"] for e in negated] == [["Haddad did not meet Duval, despite earlier reports."]]
    assert planned[0]["dashes"] == STATUS_DASHES["planned"] == [10, 8]
    assert negated[0]["dashes"] == STATUS_DASHES["negated"] == [2, 4]
    assert not any("dashes" in e for e in by_status["occurred"])
    # The planned meeting is a link of its own beside the pair's occurred one, bent apart.
    iri = iri_of(data)
    pair = [e for e in data["edges"] if {iri[e["from"]], iri[e["to"]]} ==
            {actor_iri("claire-duval"), actor_iri("jonas-richter")}]
    assert sorted(status_of(data, e) for e in pair) == ["occurred", "planned"]
    assert all("smooth" in e for e in pair)
    assert data["shown_statuses"] == ["occurred"]
    assert data["status_counts"] == {"planned": 1, "negated": 1}


def test_scope_says_what_is_hidden_and_counts_only_what_is_shown(projected):
    data = render_map(FixtureGraph()).data
    assert data["hidden"] == \
        "hidden: 1 planned and 1 negated interactions, which did not take place (show them below)"
    assert data["scope"] == map_data(projected)["scope"]  # 17 actors, 27 links, 31 interactions
    assert data["scope"].startswith(f"{projected.number_of_nodes()} actors, {len(families(projected))} links")
    assert map_data(projected)["hidden"] == ""  # a projection alone carries nothing hidden


def test_hidden_interactions_change_no_figure(projected):
    # Sizes, communities, contact dates: the map's figures are those of what occurred.
    options = MapOptions(color_by="community")
    plain = {n["iri"]: n for n in map_data(projected, options=options)["nodes"]}
    graph, others = map_graphs(FixtureGraph(), options=options)
    carried = {n["iri"]: n for n in map_data(graph, options=options, others=others)["nodes"]}
    assert carried == plain
    assert carried[actor_iri("jonas-richter")]["first"] == "2024-04-03"  # not the planned 03-12
    assert others.number_of_edges() == 2


def test_map_graphs_first_graph_is_the_projection():
    graph, others = map_graphs(FixtureGraph())
    expected = project(FixtureGraph())
    assert sorted(graph.edges(keys=True)) == sorted(expected.edges(keys=True))
    assert dict(graph.nodes(data=True)) == dict(expected.nodes(data=True))
    assert {d["status"] for _, _, d in others.edges(data=True)} == {"planned", "negated"}
    with_planned, rest = map_graphs(FixtureGraph(), options=MapOptions(include_planned=True))
    assert sorted(with_planned.edges(keys=True)) == sorted(project(FixtureGraph(), include_planned=True).edges(keys=True))
    assert {d["status"] for _, _, d in rest.edges(data=True)} == {"negated"}


def test_include_planned_shows_them_from_the_start():
    data = render_map(FixtureGraph(), options=MapOptions(include_planned=True)).data
    assert data["shown_statuses"] == ["occurred", "planned"]
    assert data["hidden"] == "hidden: 1 negated interaction, which did not take place (show it below)"


def test_statuses_option_leaves_them_out():
    page = render_map(FixtureGraph(), options=MapOptions(statuses=("occurred",)))
    assert all("s" not in e for e in page.data["edges"]) and page.data["hidden"] == ""
    assert page.data["status_counts"]["planned"] == page.data["status_counts"]["negated"] == 0
    only_negated = render_map(FixtureGraph(), options=MapOptions(statuses=("occurred", "negated"))).data
    assert only_negated["status_counts"]["negated"] == 1 and only_negated["status_counts"]["planned"] == 0


def test_an_actor_known_only_from_a_planned_contact_comes_along_hidden():
    events = EVENTS + (Event("a5", "spokeWith", "aiko-tanabe", "mira-kovac", date(2024, 10, 20),
                             "Tanabe will call Kovac next week.", status="Planned"),)
    page = render_map(FixtureGraph(build_dataset(events)))
    kovac = next(n for n in page.data["nodes"] if n["iri"] == actor_iri("mira-kovac"))
    assert (kovac["count"], kovac["size"], kovac["first"]) == (0, 10.0, None)
    assert "x" in kovac and "y" in kovac
    assert page.nodes == len(page.data["nodes"]) - 1  # not shown when the page opens
    # Trimmed maps keep to their actors: no newcomer through a hidden link.
    trimmed = render_map(FixtureGraph(build_dataset(events)), options=MapOptions(max_nodes=5)).data
    assert actor_iri("mira-kovac") not in {n["iri"] for n in trimmed["nodes"]}
    ids = {n["id"] for n in trimmed["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in trimmed["edges"])


def test_min_weight_applies_to_hidden_links_too():
    data = render_map(FixtureGraph(), options=MapOptions(min_weight=2)).data
    assert all(e["n"] >= 2 for e in data["edges"]) and data["hidden"] == ""


def test_hidden_note_in_words():
    assert hidden_note({"occurred": 5, "planned": 0, "negated": 2}, ["occurred"]) == \
        "hidden: 2 negated interactions, which did not take place (show them below)"
    assert hidden_note({"occurred": 5, "planned": 2, "negated": 2}, ["occurred", "planned", "negated"]) == ""


def test_bad_statuses_raise_query_error(projected):
    for bad in (("occurred", "rumoured"), "planned"):
        with pytest.raises(QueryError, match="statuses"):
            render_map(projected, options=MapOptions(statuses=bad))


def test_map_graphs_splits_what_the_map_counts_from_what_it_carries_hidden():
    graph, others = map_graphs(FixtureGraph())
    assert {d["status"] for _, _, d in graph.edges(data=True)} == {"occurred"}
    assert {d["status"] for _, _, d in others.edges(data=True)} == {"planned", "negated"}
    planned_counted, rest = map_graphs(FixtureGraph(), options=MapOptions(include_planned=True))
    assert {d["status"] for _, _, d in planned_counted.edges(data=True)} == {"occurred", "planned"}
    assert {d["status"] for _, _, d in rest.edges(data=True)} == {"negated"}


def test_hidden_interactions_text_never_reaches_the_page_as_markup(tmp_path):
    hostile = ('"><img src=x onerror=alert(1)>', "</script><script>alert(2)</script>")
    events = EVENTS + (
        Event("a3", "met", "samir-haddad", "rafael-ortiz", date(2024, 5, 24), hostile[0], status="Negated"),
        Event("a3", "urged", "samir-haddad", "rafael-ortiz", date(2024, 5, 25), hostile[1], status="Planned"),
    )
    out = tmp_path / "map.html"
    write_map(FixtureGraph(build_dataset(events)), out, options=MapOptions(title=hostile[1]))
    text = out.read_text(encoding="utf-8")
    assert "<img src=x" not in text and "</script><script>alert(2)" not in text
    data = page_data(text)
    assert {hostile[0], hostile[1]} <= {ev for e in data["edges"] for ev in e["ev"]}
    assert data["title"] == hostile[1]


def test_map_script_builds_its_page_without_parsing_data_as_html():
    from importlib import resources

    script = resources.files("graphkit.templates").joinpath("map.js").read_text(encoding="utf-8")
    # innerHTML only ever receives tooltips built from esc()-escaped text.
    assignments = re.findall(r"\.innerHTML\s*=\s*([^;]+);", script)
    assert assignments and set(assignments) <= {"html"}, assignments
    assert "insertAdjacentHTML" not in script and "document.write" not in script and "eval(" not in script
    assert "window.graphkitMap" in script and "render: render" in script


# -- community colours that differ visibly ----------------------------------------------------------

def _lab(color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB hex colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(color[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _delta_e76(a: str, b: str) -> float:
    return math.dist(_lab(a), _lab(b))


def _delta_e2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 (Sharma, Wu and Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = (-math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2))))
           * 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7)))
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


@pytest.mark.parametrize("lab1, lab2, expected", [  # Sharma et al.'s test data, pairs 1, 7, 17, 34
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_the_reference_data(lab1, lab2, expected):
    assert _delta_e2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_palette_colours_differ_visibly_from_each_other_and_from_other():
    colours = list(PALETTE) + [OTHER_COLOR]
    assert len(set(colours)) == len(colours) and len(PALETTE) >= 10
    for a, b in itertools.combinations(colours, 2):
        assert _delta_e76(a, b) >= 25, (a, b, _delta_e76(a, b))
        assert _delta_e2000(_lab(a), _lab(b)) >= 15, (a, b, _delta_e2000(_lab(a), _lab(b)))
