"""The map inline in a notebook: KnowledgeGraph.show() and the graph's HTML representation."""
from __future__ import annotations

import html
import json
import re

import pytest
from graph_fixtures import call_and_summit_graph

from graphkit.errors import QueryError
from graphkit.graph import KnowledgeGraph
from graphkit.notebook import MapView
from graphkit.server import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


@pytest.fixture(scope="module")
def graph():
    yield from call_and_summit_graph()


def page_data(view: MapView) -> dict:
    raw = re.search(r'<script id="gk-data" type="application/json">(.*?)</script>', view.html, re.S)
    return json.loads(raw.group(1))


def test_show_draws_the_same_map_as_the_workbench(graph):
    from starlette.testclient import TestClient

    view = graph.show(top=4)
    served = TestClient(create_app(graph)).get("/api/map", params={"top": 4}).json()
    assert page_data(view)["nodes"] == served["nodes"] and page_data(view)["edges"] == served["edges"]
    assert view.nodes == len(served["nodes"])


def test_show_takes_names_for_ego_and_focus(graph):
    around = graph.show(ego="Austin")
    assert sorted(n["label"] for n in around.data["nodes"]) == ["Jordan", "Lloyd Austin", "Yoav Gallant"]
    us = graph.show(focus="United States", since="2024-07-01")
    assert sorted(n["label"] for n in us.data["nodes"]) == ["Antony Blinken", "Enrique Manalo", "Wang Yi"]
    with pytest.raises(QueryError, match="dates are YYYY-MM-DD"):
        graph.show(since="03/05/2024")


def test_the_inline_page_is_one_quoted_attribute(graph):
    hostile = '"><script>alert(1)</script>'
    view = graph.show(top=10)
    view = MapView(html=view.html.replace("graphkit: who dealt with whom", hostile), data=view.data)
    frame = view._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in frame
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', frame).group(1)
    assert "<" not in srcdoc and '"' not in srcdoc  # nothing ends the attribute early
    assert html.unescape(srcdoc) == view.html


def test_a_graph_in_a_cell_shows_its_map(graph):
    assert graph._repr_html_().startswith("<iframe srcdoc=")


def test_save_writes_the_page(graph, tmp_path):
    out = tmp_path / "map.html"
    view = graph.show()
    view.save(str(out))
    assert out.read_text(encoding="utf-8") == view.html
