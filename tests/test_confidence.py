"""The confidence bar: the labeller's shipped default, filtering one extraction, and builds."""
from __future__ import annotations

import dataclasses
import doctest
import json

import pytest

from graphkit import confidence
from graphkit.confidence import (LABELLER_ENV, default_min_confidence, filter_extraction,
                                 resolve_min_confidence)
from graphkit.errors import GraphkitError, ModelError
from graphkit.records import Article, Entity, Extraction, Interaction
from graph_fixtures import call_extraction


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(LABELLER_ENV, raising=False)


def write_meta(folder, content) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / "meta.json").write_text(text, encoding="utf-8")


# -- default_min_confidence --------------------------------------------------------------------

def test_reads_min_confidence_from_meta_json_in_model_dir(tmp_path, no_env):
    write_meta(tmp_path, {"min_confidence": 0.62, "seed": 7})
    assert default_min_confidence(tmp_path) == 0.62
    assert default_min_confidence(str(tmp_path)) == 0.62


def test_env_var_names_the_labeller_folder(tmp_path, monkeypatch):
    write_meta(tmp_path / "from-env", {"min_confidence": 0.4})
    monkeypatch.setenv(LABELLER_ENV, str(tmp_path / "from-env"))
    assert default_min_confidence() == 0.4
    # An explicit folder wins over the environment.
    write_meta(tmp_path / "explicit", {"min_confidence": 0.7})
    assert default_min_confidence(tmp_path / "explicit") == 0.7


def test_package_folder_is_the_last_resort(tmp_path, no_env, monkeypatch):
    package = tmp_path / "data"
    monkeypatch.setattr(confidence.resources, "files", lambda name: package if name == "graphkit.data" else None)
    assert default_min_confidence() == 0.0  # nothing shipped yet
    write_meta(package / "labeller", {"min_confidence": 0.55})
    assert default_min_confidence() == 0.55


def test_missing_meta_json_means_no_bar(tmp_path, monkeypatch):
    assert default_min_confidence(tmp_path) == 0.0
    assert default_min_confidence(tmp_path / "no-such-folder") == 0.0
    monkeypatch.setenv(LABELLER_ENV, str(tmp_path))
    assert default_min_confidence() == 0.0


def test_meta_json_without_a_threshold_means_no_bar(tmp_path):
    write_meta(tmp_path, {"labels": ["met", "spokeWith"]})
    assert default_min_confidence(tmp_path) == 0.0
    write_meta(tmp_path, {"min_confidence": None})
    assert default_min_confidence(tmp_path) == 0.0


@pytest.mark.parametrize("content, problem", [
    ('{"min_confidence": 0.5', "not valid JSON"),
    ("[0.5]", "expected a JSON object"),
    ({"min_confidence": "high"}, "min_confidence must be a number from 0 to 1"),
    ({"min_confidence": 1.5}, "min_confidence must be a number from 0 to 1"),
    ({"min_confidence": -0.1}, "min_confidence must be a number from 0 to 1"),
    ({"min_confidence": True}, "min_confidence must be a number from 0 to 1"),
    ('{"min_confidence": NaN}', "min_confidence must be a number from 0 to 1"),
])
def test_malformed_meta_json_is_an_error_naming_the_file(tmp_path, content, problem):
    write_meta(tmp_path, content)
    with pytest.raises(ModelError) as caught:
        default_min_confidence(tmp_path)
    assert str(tmp_path / "meta.json") in str(caught.value)
    assert problem in str(caught.value)


def test_meta_json_that_is_not_utf8_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "meta.json").write_bytes(b'{"min_confidence": "\xe9"}')
    with pytest.raises(ModelError, match="meta.json: cannot be read"):
        default_min_confidence(tmp_path)


def test_resolve_takes_a_given_bar_or_the_default(tmp_path, monkeypatch):
    write_meta(tmp_path, {"min_confidence": 0.3})
    monkeypatch.setenv(LABELLER_ENV, str(tmp_path))
    assert resolve_min_confidence(None) == 0.3
    assert resolve_min_confidence(0.8) == 0.8
    assert resolve_min_confidence(0) == 0.0
    for bad in (1.01, -0.5, float("nan"), True):
        with pytest.raises(GraphkitError, match="from 0 to 1"):
            resolve_min_confidence(bad)


def test_module_examples_run():
    assert doctest.testmod(confidence).failed == 0


# -- filter_extraction -------------------------------------------------------------------------

def entity_names(extraction: Extraction) -> list[str]:
    return [e.name for e in extraction.entities]


def test_drops_interactions_below_the_bar_and_entities_they_alone_used():
    original = call_extraction()  # spokeWith 0.9, visited Jordan 0.8, planned visit to Egypt 1.0
    before = dataclasses.replace(original)
    kept = filter_extraction(original, 0.85)
    assert [(i.predicate, i.object) for i in kept.interactions] == [("spokeWith", "Yoav Gallant"),
                                                                   ("visited", "Egypt")]
    # Jordan was only named by the dropped visit; United States and Israel were never named
    # by an interaction (affiliations), so the bar does not concern them.
    assert entity_names(kept) == ["Lloyd Austin", "Yoav Gallant", "United States", "Israel", "Egypt"]
    assert kept.article is original.article
    assert original == before and len(original.interactions) == 3  # pure: the input is untouched


def test_the_bar_itself_is_kept_and_zero_keeps_everything():
    original = call_extraction()
    assert [i.confidence for i in filter_extraction(original, 0.9).interactions] == [0.9, 1.0]
    assert filter_extraction(original, 0.0) is original
    assert filter_extraction(original, 0.8) is original
    only_sure = filter_extraction(original, 1.0)
    assert [i.object for i in only_sure.interactions] == ["Egypt"]
    assert entity_names(only_sure) == ["Lloyd Austin", "United States", "Israel", "Egypt"]


def test_of_two_namesakes_only_the_one_left_without_interactions_goes():
    article = Article(id="h", name="a.txt", text="")
    entities = (Entity("Ali Khan", "Person", affiliation="Pakistan", id="e1"),
                Entity("Ali Khan", "Person", affiliation="India", id="e2"), Entity("Nepal", "Country", id="e3"))
    interactions = (Interaction("e1", "met", "e3", confidence=0.2), Interaction("e2", "visited", "e3", confidence=0.95))
    kept = filter_extraction(Extraction(article, entities, interactions), 0.5)
    assert [(e.id, e.affiliation) for e in kept.entities] == [("e2", "India"), ("e3", None)]


def test_the_affiliation_of_a_kept_actor_stays():
    article = Article(id="h", name="a.txt", text="")
    entities = (Entity("Ingrid Solberg", "Person", affiliation="NATO"), Entity("NATO", "Organization"),
                Entity("Ukraine", "Country"), Entity("Russia", "Country"))
    interactions = (Interaction("NATO", "supported", "Ukraine", confidence=0.3),
                    Interaction("Ingrid Solberg", "criticized", "Russia", confidence=0.9))
    kept = filter_extraction(Extraction(article, entities, interactions), 0.5)
    assert [i.predicate for i in kept.interactions] == ["criticized"]
    # Without its entity, "NATO" would be resolved as a country for Solberg's affiliation.
    assert entity_names(kept) == ["Ingrid Solberg", "NATO", "Russia"]


def test_a_bar_outside_zero_to_one_is_an_error():
    for bad in (1.5, -0.1, float("nan")):
        with pytest.raises(GraphkitError, match="min_confidence must be a number from 0 to 1"):
            filter_extraction(call_extraction(), bad)


# -- the pipeline ------------------------------------------------------------------------------

class FakeExtractor:
    """Gives every article the interactions of graph_fixtures.call_extraction()."""

    def pipe(self, articles, *, n_process=1):
        template = call_extraction()
        for article in articles:
            yield Extraction(article, template.entities, template.interactions)


def test_pipeline_extract_applies_the_bar(tmp_path, no_env):
    from graphkit.pipeline import extract

    (tmp_path / "a.txt").write_text("Austin called Gallant.", encoding="utf-8")
    every = list(extract([str(tmp_path)], extractor=FakeExtractor(), min_confidence=0.0))
    sure = list(extract([str(tmp_path)], extractor=FakeExtractor(), min_confidence=0.85))
    assert len(every[0].interactions) == 3
    assert [i.object for i in sure[0].interactions] == ["Yoav Gallant", "Egypt"]


def test_pipeline_extract_default_is_the_shipped_bar(tmp_path, monkeypatch):
    from graphkit.pipeline import extract

    write_meta(tmp_path / "labeller", {"min_confidence": 0.95})
    monkeypatch.setenv(LABELLER_ENV, str(tmp_path / "labeller"))
    (tmp_path / "a.txt").write_text("Austin called Gallant.", encoding="utf-8")
    [only] = extract([str(tmp_path / "a.txt")], extractor=FakeExtractor())
    assert [i.object for i in only.interactions] == ["Egypt"]


def test_rebuilding_with_another_bar_replaces_the_article(tmp_path):
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    (tmp_path / "a.txt").write_text("Austin called Gallant.", encoding="utf-8")
    paths = [str(tmp_path / "a.txt")]
    count = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e dip:predicate ?p } }"
    with KnowledgeGraph.open("memory") as graph:
        report = build(paths, graph, extractor=FakeExtractor(), min_confidence=0.85)
        assert (report.articles, report.interactions) == (1, 2)
        assert graph.select(count) == [{"n": 2}]
        again = build(paths, graph, extractor=FakeExtractor(), min_confidence=0.85)
        assert (again.articles, again.skipped) == (0, 1)  # same text, same bar: unchanged
        lower = build(paths, graph, extractor=FakeExtractor(), min_confidence=0.0)
        assert (lower.articles, lower.replaced, lower.skipped) == (1, 1, 0)
        assert graph.select(count) == [{"n": 3}]
        # A build without a bar stores the plain content hash, as before bars existed.
        hashes = graph.select("SELECT ?h WHERE { GRAPH ?g { ?a dip:contentHash ?h } }")
        assert "|" not in hashes[0]["h"]
