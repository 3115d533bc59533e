"""Extraction on a Dask cluster (``graphkit build --cluster``): the same graph as one process;
a worker killed mid-build loses nothing; a client killed mid-build leaves a whole store that
the next run completes; an article that fails (or kills its workers) fails alone.

Starting worker processes that load the real pipeline takes seconds, so one ``local:2``
cluster serves the module; only the command-line test starts (and closes) its own.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from distributed import WorkerPlugin
from rdflib import Dataset
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.graph import KnowledgeGraph
from graphkit.pipeline import build
from graphkit.records import Failure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
runner = CliRunner()


# -- helpers -------------------------------------------------------------------------------------

def named_graphs(graph: KnowledgeGraph) -> dict[str, object]:
    """The store's article graphs by name (blank nodes differ between stores: compare these
    with rdflib's isomorphism, graph by graph)."""
    dataset = Dataset()
    dataset.parse(data=graph.backend.dump_nquads(), format="nquads")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def assert_same_graphs(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)
    different = [name for name in want if not isomorphic(got[name], want[name])]
    assert not different, f"these article graphs differ: {different}"


def local_build(paths: list[str], extractor) -> dict:
    """What ``graphkit build --workers 1`` stores for ``paths``."""
    with KnowledgeGraph.open("memory") as graph:
        report = build(paths, graph, extractor=extractor)
        assert not report.failures
        return named_graphs(graph)


def copies(folder: Path, count: int) -> Path:
    """``count`` distinct articles (the examples' .txt files, numbered; without their url,
    which would make the copies one article)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(EXAMPLES.glob("*.txt"))
    for n in range(count):
        lines = texts[n % len(texts)].read_text(encoding="utf-8").splitlines()
        body = "\n".join(line for line in lines if not line.startswith("url:"))
        (folder / f"a{n:03d}.txt").write_text(body + f"\n\nCopy number {n}.\n", encoding="utf-8")
    return folder


def spawned_children() -> set[int]:
    import psutil

    return {p.pid for p in psutil.Process().children(recursive=True)
            if "spawn_main" in " ".join(p.cmdline() or [])}


class OnWorkers:
    """Register a test's worker plugin on the shared cluster for one ``with`` block, then
    remove it and wait until both workers are back (one may have been made to die)."""

    def __init__(self, client, plugin: WorkerPlugin, name: str) -> None:
        self.client, self.plugin, self.name = client, plugin, name

    def __enter__(self) -> None:
        self.client.register_plugin(self.plugin, name=self.name)

    def __exit__(self, *exc) -> None:
        self.client.wait_for_workers(2, timeout=120)
        self.client.unregister_worker_plugin(self.name)


class DieOnce(WorkerPlugin):
    """The first worker to start a batch dies on the spot (``os._exit``), once per marker."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish != "executing" or not str(key).startswith("graphkit-batch-"):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os._exit(1)


class Poisoned(WorkerPlugin):
    """Reading an article whose text holds ``word`` raises, or with ``kill`` ends the worker."""

    def __init__(self, word: str, kill: bool = False) -> None:
        self.word, self.kill = word, kill

    def setup(self, worker) -> None:
        from graphkit.nlp.extractor import Extractor

        original = self.original = Extractor._read_piece
        word, kill = self.word, self.kill

        def read_piece(extractor, article, offset, doc, reading):
            if word in article.text:
                if kill:
                    os._exit(1)
                raise ValueError(f"{word} in the text")
            return original(extractor, article, offset, doc, reading)

        Extractor._read_piece = read_piece

    def teardown(self, worker) -> None:
        from graphkit.nlp.extractor import Extractor

        Extractor._read_piece = self.original


# -- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    """A ``local:2`` cluster (two one-thread worker processes, loopback, no dashboard)."""
    import cloudpickle

    from graphkit.cluster import open_cluster

    # The workers cannot import this test module: its plugins travel by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with open_cluster("local:2") as client:
            yield client
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def examples_graph(extractor):
    return local_build([str(EXAMPLES)], extractor)


# -- the graph is the one-process graph ----------------------------------------------------------

@pytest.mark.model
def test_cli_build_on_a_local_cluster_stores_the_one_process_graph(tmp_path, examples_graph):
    before = spawned_children()
    result = runner.invoke(app, ["build", str(EXAMPLES), "--cluster", "local:2", "--store", str(tmp_path / "store"), "-q"])
    assert result.exit_code == 0, result.output
    with KnowledgeGraph.open(str(tmp_path / "store"), read_only=True) as graph:
        assert_same_graphs(named_graphs(graph), examples_graph)
        assert graph.validate().conforms
    # The command's cluster is closed with it: its worker processes are gone.
    deadline = time.monotonic() + 30
    while spawned_children() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not spawned_children() - before


@pytest.mark.model
def test_a_worker_killed_mid_build_loses_nothing(client, examples_graph, tmp_path):
    marker = tmp_path / "died"
    with OnWorkers(client, DieOnce(str(marker)), "test-die-once"):
        with KnowledgeGraph.open("memory") as graph:
            report = build([str(EXAMPLES)], graph, cluster=client, batch_size=2)
            got = named_graphs(graph)
    assert marker.exists(), "no worker died: the test proves nothing"
    assert (report.articles, report.failures) == (len(examples_graph), [])
    assert_same_graphs(got, examples_graph)


@pytest.mark.model
def test_a_client_killed_mid_build_leaves_a_whole_store_the_next_run_completes(client, extractor, tmp_path):
    corpus = copies(tmp_path / "corpus", 24)
    want = local_build([str(corpus)], extractor)
    store = tmp_path / "store"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-c", "from graphkit.cli import main; main()", "build", str(corpus),
         "--cluster", client.scheduler.address, "--batch-size", "2", "--store", str(store), "-v"],
        env=env, cwd=str(ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(180, child.kill)  # a stuck child must not hang the suite
    watchdog.start()
    try:
        added = 0
        for line in child.stderr:  # one "added: NAME" line per article stored
            added += line.startswith("added: ")
            if added == 4:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
        child.stderr.close()
    assert added == 4, "the build ended before 4 articles were stored"

    with KnowledgeGraph.open(str(store)) as graph:
        stored = named_graphs(graph)
        # Whole articles only, each the one a clean build stores (writes go in input order).
        assert 4 <= len(stored) < len(want)
        for name, article_graph in stored.items():
            assert isomorphic(article_graph, want[name]), name
        assert graph.validate().conforms
        report = build([str(corpus)], graph, cluster=client, batch_size=2)
        assert (report.skipped, report.articles, report.failures) == (len(stored), len(want) - len(stored), [])
        assert_same_graphs(named_graphs(graph), want)


# -- articles that fail --------------------------------------------------------------------------

@pytest.mark.model
def test_an_article_that_fails_extraction_fails_alone(client, tmp_path):
    corpus = copies(tmp_path / "corpus", 3)
    bad = corpus / "a001.txt"
    bad.write_text(bad.read_text(encoding="utf-8") + "\nPOISONED\n", encoding="utf-8")
    outcomes = []
    with OnWorkers(client, Poisoned("POISONED"), "test-poisoned"):
        with KnowledgeGraph.open("memory") as graph:
            report = build([str(corpus)], graph, cluster=client, on_article=lambda a, o: outcomes.append((a.name, o)))
    assert report.articles == 2
    assert report.failures == [Failure(str(bad), "extraction failed: ValueError: POISONED in the text")]
    assert outcomes == [("a000.txt", "added"), ("a001.txt", "failed"), ("a002.txt", "added")]


@pytest.mark.model
def test_an_article_that_kills_its_workers_fails_alone(client, tmp_path):
    corpus = copies(tmp_path / "corpus", 3)
    bad = corpus / "a002.txt"
    bad.write_text(bad.read_text(encoding="utf-8") + "\nKILLER\n", encoding="utf-8")

    def allow(n: int, dask_scheduler=None) -> None:
        dask_scheduler.allowed_failures = n

    # One death per task before the scheduler gives up on it (3 by default: 8 restarts here).
    before = client.run_on_scheduler(lambda dask_scheduler=None: dask_scheduler.allowed_failures)
    client.run_on_scheduler(allow, 0)
    try:
        with OnWorkers(client, Poisoned("KILLER", kill=True), "test-killer"):
            with KnowledgeGraph.open("memory") as graph:
                report = build([str(corpus)], graph, cluster=client)
    finally:
        client.run_on_scheduler(allow, before)
    assert report.articles == 2
    [failure] = report.failures
    assert failure.source == str(bad)
    assert failure.reason.startswith("extraction killed its worker each time it was tried (1 time")


@pytest.mark.model
def test_a_worker_with_other_labeller_files_is_refused(client):
    from dataclasses import replace

    from graphkit.cluster import ClusterError, ExtractorSettings, extract_on_cluster
    from graphkit.records import Article

    settings = replace(ExtractorSettings.resolve(None, None, "combined"), labeller_digest="0" * 64)
    try:
        with pytest.raises(ClusterError, match="could not load the extractor: worker tcp://.*labeller files"):
            list(extract_on_cluster([Article("h", "a.txt", "Austria and Chile met.")], client, settings))
    finally:
        client.unregister_worker_plugin(settings.plugin_name)


# -- the command line: usage and connection errors -----------------------------------------------

@pytest.mark.parametrize("args, hint", [
    (["--cluster", "local:0"], "--cluster"),
    (["--cluster", "nowhere"], "--cluster"),
    (["--cluster", "http://host:8786"], "--cluster"),
    (["--cluster", "local:2", "--workers", "2"], "--workers"),
    (["--batch-size", "4"], "--batch-size"),
])
def test_build_refuses_bad_cluster_options(tmp_path, args, hint):
    result = runner.invoke(app, ["build", str(EXAMPLES), "--store", "memory", *args])
    assert result.exit_code == 2
    assert hint in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_scheduler_is_an_error_naming_it(tmp_path, monkeypatch):
    import graphkit.cluster

    monkeypatch.setattr(graphkit.cluster, "CONNECT_TIMEOUT_S", 1.0)
    (tmp_path / "a.txt").write_text("Austria and Chile met in Vienna.\n", encoding="utf-8")
    with socket.socket() as sock:  # bound, never listening: refused, and no one else can take it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        monkeypatch.setenv("GRAPHKIT_CLUSTER", f"tcp://127.0.0.1:{port}")  # the option's variable
        result = runner.invoke(app, ["build", str(tmp_path / "a.txt"), "--store", "memory"])
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_nothing_new_needs_no_cluster(tmp_path, extractor):
    (tmp_path / "a.txt").write_text("Austria and Chile met in Vienna.\n", encoding="utf-8")
    with KnowledgeGraph.open("memory") as graph:
        build([str(tmp_path)], graph, extractor=extractor)
        # Nothing to extract: the scheduler (none at this address) is never contacted.
        report = build([str(tmp_path)], graph, cluster="tcp://127.0.0.1:9")
    assert (report.articles, report.skipped) == (0, 1)


def test_the_workers_get_the_settings_the_client_resolved(monkeypatch, tmp_path):
    from graphkit.cluster import ExtractorSettings

    monkeypatch.setenv("GRAPHKIT_MODEL", "my_pipeline")
    monkeypatch.setenv("GRAPHKIT_LABELLER", str(tmp_path))
    settings = ExtractorSettings.resolve(None, None, "combined")
    # A worker's environment is its own: the names travel with the settings.
    assert (settings.model, settings.labeller_dir, settings.labeller_digest) == ("my_pipeline", str(tmp_path), None)
    assert ExtractorSettings.resolve("other", None, "rules").plugin_name != settings.plugin_name
