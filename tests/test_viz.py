"""The map page: content, scope options, offline guarantees (no browser needed)."""
from __future__ import annotations

import json
import re
from datetime import date

import networkx as nx
import pytest

from graphkit import analysis
from graphkit.errors import QueryError
from graphkit.projection import project
from graphkit.viz import MapOptions, edge_family, map_data, render_map, write_map
from map_fixtures import EVENTS, FixtureGraph, actor_iri, build_dataset


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
    assert len(data["nodes"]) == summary.nodes and len(data["edges"]) == summary.edges


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
