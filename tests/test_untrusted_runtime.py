"""Issue 12, part B: untrusted text on the terminal, queries, outputs and the build's runtime.

Text from articles never styles, links or controls the terminal; workers die with their
parent; a dead store stops a build; Ctrl-C stops a query; SERVICE and updates are refused;
outputs honour the umask, lose stale temporaries and keep formulas out of spreadsheets.
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from graph_fixtures import call_extraction
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.records import Extraction

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
ESC = "\x1b"
# What an attacker puts in a title or a name: rich markup, a link, escape codes that clear the
# screen and set the window title, a bidirectional override.
HOSTILE = "[/red][link=https://evil.example]click[/link] \x1b[2J\x1b]0;pwned\x07 \u202eevil :joy:"

runner = CliRunner()


def run(*args: object, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def hostile_extraction() -> Extraction:
    """The Austin–Gallant call, with a hostile headline, Gallant's name and a formula as evidence."""
    base = call_extraction()
    name = "Yoav Gallant " + HOSTILE
    entities = tuple(replace(e, name=name) if e.name == "Yoav Gallant" else e for e in base.entities)
    interactions = tuple(replace(i, object=name, evidence='=HYPERLINK("https://evil.example","click")')
                         if i.object == "Yoav Gallant" else i for i in base.interactions)
    article = replace(base.article, title="@SUM(1+1) " + HOSTILE)
    return Extraction(article, entities, interactions)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    from graphkit.graph import KnowledgeGraph

    path = tmp_path_factory.mktemp("hostile") / "store"
    with KnowledgeGraph.open(path) as graph:
        graph.add(hostile_extraction())
    return path


def assert_inert(text: str) -> None:
    """No escape character, no bidi override; the markup shown as written."""
    assert ESC not in text and "\u202e" not in text and "\x07" not in text
    assert "\\x1b[2J" in text


# -- 2. text from data reaches the terminal as text ---------------------------------------------

def test_safe_escapes_markup_and_shows_control_characters():
    from graphkit.terminal import safe

    assert safe("[/red] ok") == "\\[/red] ok"
    assert safe("\x1b[2J\x07\x9b\u202e", markup=False) == "\\x1b[2J\\x07\\x9b\\u202e"
    assert safe("a\tb\nc") == "a\tb\nc"


def test_safe_console_renders_data_as_plain_text_even_with_markup_asked_for():
    from rich.table import Table

    from graphkit.terminal import SafeConsole

    buffer = io.StringIO()
    console = SafeConsole(file=buffer, width=200)
    table = Table("name", title=HOSTILE)
    table.add_row(HOSTILE)
    console.print(table)
    console.print(HOSTILE, markup=True)
    out = buffer.getvalue()
    assert_inert(out)
    assert out.count("[/red][link=https://evil.example]click[/link]") == 3
    assert ":joy:" in out and "\U0001f602" not in out


def test_query_table_shows_a_hostile_title_as_text(hostile_store):
    result = run("query", "SELECT ?t WHERE { GRAPH ?g { ?a schema:headline ?t } }", "--store", hostile_store)
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    assert "[/red][link=https://evil.example]click[/link]" in result.output


def test_ask_table_shows_hostile_names_and_titles_as_text(hostile_store):
    result = run("ask", "contacts", "Austin", "--store", hostile_store)
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    assert "Yoav Gallant [/red]" in result.output


def test_analyze_shows_hostile_names_as_text(hostile_store):
    result = run("analyze", "--store", hostile_store, "--min-confidence", "0")
    assert result.exit_code == 0, result.output
    assert_inert(result.output)


def test_error_quoting_hostile_text_does_not_crash_and_stays_inert(hostile_store):
    result = run("ask", "contacts", "Nobody " + HOSTILE, "--store", hostile_store)
    assert result.exit_code == 1
    assert "no actor named" in result.output
    assert_inert(result.output)


def test_build_reports_hostile_front_matter_error_and_goes_on(tmp_path, monkeypatch):
    import graphkit.pipeline
    from test_confidence import FakeExtractor

    monkeypatch.setattr(graphkit.pipeline, "_load_extractor", lambda *a, **k: FakeExtractor())
    (tmp_path / "bad [red].txt").write_text(f"---\ntitle: [/red] {HOSTILE}\n  bad: : indent\n---\nAustin met Gallant.\n",
                                            encoding="utf-8")
    (tmp_path / "good.txt").write_text("Austin called Gallant.", encoding="utf-8")
    result = run("build", tmp_path, "--store", tmp_path / "store")
    assert result.exit_code == 1, result.output
    assert "bad [red].txt" in result.output
    assert ESC not in result.output
    assert "1 article extracted" in result.output  # the good one, and "1 article", not "1 articles"


# -- small ones on the terminal ---------------------------------------------------------------------

def test_help_shows_no_bool_type_beside_flags():
    result = run("build", "--help")
    assert result.exit_code == 0
    assert "<bool>" not in result.output
    assert "--quiet" in result.output


def test_map_bad_since_names_since(tmp_path):
    result = runner.invoke(app, ["map", "--since", "bad", "--store", "memory", "--out", str(tmp_path / "m.html")])
    assert result.exit_code == 2
    assert "--since" in result.output and "--date" not in result.output


def test_oversized_limit_is_a_usage_error_without_sparql(hostile_store):
    result = runner.invoke(app, ["ask", "most-active", "--limit", "99999999999999999999", "--store", str(hostile_store)])
    assert result.exit_code == 2
    assert "PREFIX" not in result.output and "LIMIT" not in result.output


def test_render_refuses_a_limit_past_the_engines_bound():
    from graphkit.errors import QueryError
    from graphkit.query import Parameter, render

    with pytest.raises(QueryError, match="from 1 to"):
        render(Parameter("limit", "limit", ""), 10**20)


def test_piped_table_is_not_cut_at_80_columns(hostile_store):
    long = "w" * 150
    result = run("query", f'SELECT ?long WHERE {{ BIND ("{long}" AS ?long) }}', "--store", hostile_store)
    assert result.exit_code == 0
    assert long in result.output


def test_progress_prints_a_line_every_few_seconds_when_stderr_is_not_a_terminal(capsys):
    from graphkit.cli import PROGRESS_EVERY_S, Output, _progress
    from graphkit.records import Article

    now = [0.0]
    article = Article(id="x", name="x.txt", text="x")
    with _progress(Output(), "Building", clock=lambda: now[0]) as advance:
        for _ in range(4):
            now[0] += PROGRESS_EVERY_S / 2 + 0.01
            advance(article, "added")
    lines = capsys.readouterr().err.strip().splitlines()
    rate = 2 / (PROGRESS_EVERY_S + 0.02)
    assert lines[:2] == [f"building: 2 articles so far ({rate:.1f} articles/s, {PROGRESS_EVERY_S:.0f} s)",
                         f"building: 4 articles so far ({rate:.1f} articles/s, {2 * PROGRESS_EVERY_S:.0f} s)"]
    assert lines[2].startswith("building: 4 articles in ")


def test_quiet_progress_prints_nothing(capsys):
    from graphkit.cli import Output, _progress
    from graphkit.records import Article

    now = [0.0]
    with _progress(Output(quiet=True), "Building", clock=lambda: now[0]) as advance:
        now[0] += 100
        advance(Article(id="x", name="x.txt", text="x"), "added")
    assert capsys.readouterr().err == ""


def test_counts_of_interactions_say_what_they_count(hostile_store, tmp_path):
    stats = run("stats", "--store", hostile_store)
    assert "interactions (stored, any status: occurred, planned or negated)" in stats.output
    made = run("map", "--store", hostile_store, "--out", tmp_path / "m.html", "--min-confidence", "0")
    assert "(interactions that occurred)" in made.output
    analysed = run("analyze", "--store", hostile_store, "--min-confidence", "0")
    assert "interactions that occurred" in analysed.output


def test_confidences_are_rounded_where_shown_and_stored(tmp_path):
    from graphkit.pipeline import extract

    class NoisyExtractor:
        def pipe(self, articles, *, n_process=1):
            template = call_extraction()
            noisy = tuple(replace(i, confidence=0.1 + 0.2 + 0.3) for i in template.interactions)
            for article in articles:
                yield Extraction(article, template.entities, noisy)

    (tmp_path / "a.txt").write_text("Austin called Gallant.", encoding="utf-8")
    [extraction] = extract([str(tmp_path)], extractor=NoisyExtractor(), min_confidence=0.0)
    assert {i.confidence for i in extraction.interactions} == {0.6}
    assert "0.6000000000000001" not in json.dumps(extraction.to_contract())


# -- 5. workers die with their parent -----------------------------------------------------------------

def _graphkit(*args: object, **kwargs) -> subprocess.Popen:
    """``graphkit ARGS`` as a child process running this checkout's code."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", "from graphkit.cli import main; main()", *map(str, args)],
                            env=env, cwd=str(ROOT), **kwargs)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and b"resource_tracker" not in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie is dead, waiting for whoever adopted it to reap it


@pytest.mark.model
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_workers_die_when_the_build_is_killed(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    texts = sorted(EXAMPLES.glob("*.txt"))
    for n in range(80):  # enough that the workers are still busy when the parent is killed
        source = texts[n % len(texts)].read_text(encoding="utf-8")
        (articles / f"a{n:03d}.txt").write_text(source + f"\n\nCopy number {n}.\n", encoding="utf-8")
    build = _graphkit("build", articles, "--store", tmp_path / "store", "--workers", "2", "-q",
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < 2:
            assert build.poll() is None, "the build ended before its workers were seen"
            assert time.monotonic() < deadline, "no worker processes appeared"
            time.sleep(0.2)
            workers = _children(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        survivors = [pid for pid in workers if _alive(pid)]
    finally:
        for pid in _children(build.pid):
            os.kill(pid, signal.SIGKILL)
        if build.poll() is None:
            build.kill()
    assert not survivors, f"workers {survivors} outlived their parent"


def test_die_with_parent_asks_the_kernel_on_linux(monkeypatch):
    import graphkit.workers as workers

    if not sys.platform.startswith("linux"):
        pytest.skip("prctl is Linux only")
    # In a child, so the request does not stay on the test process.
    code = ("import ctypes; from graphkit.workers import die_with_parent; die_with_parent(); "
            "v = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(v), 0, 0, 0); print(v.value)")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(ROOT)),
                         capture_output=True, text=True, check=True).stdout
    assert int(out) == signal.SIGKILL
    assert workers.PR_SET_PDEATHSIG == 1


# -- 6. a dead store stops the build ---------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _EmptyQueries(BaseHTTPRequestHandler):
    """A SPARQL query service that knows nothing: every SELECT has no rows."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def dead_update_endpoint():
    """``QUERY_URL|UPDATE_URL``: queries answered (empty), updates sent where nothing listens."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmptyQueries)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query|http://127.0.0.1:{_free_port()}/update"
    finally:
        server.shutdown()
        server.server_close()


def test_build_stops_after_three_store_errors_with_a_summary(tmp_path, monkeypatch, dead_update_endpoint):
    import graphkit.pipeline
    from test_confidence import FakeExtractor

    extracted = []

    class Counting(FakeExtractor):
        def pipe(self, articles, *, n_process=1):
            for extraction in super().pipe(articles, n_process=n_process):
                extracted.append(extraction.article.name)
                yield extraction

    monkeypatch.setattr(graphkit.pipeline, "_load_extractor", lambda *a, **k: Counting())
    for n in range(8):
        (tmp_path / f"a{n}.txt").write_text(f"Austin called Gallant, take {n}.", encoding="utf-8")
    result = run("build", tmp_path, "--endpoint", dead_update_endpoint)
    assert result.exit_code == 1
    assert result.output.count("could not be stored") == 3
    assert "build stopped: the store refused 3 articles in a row" in result.output
    assert "0 articles extracted" in result.output and "3 failed" in result.output
    assert len(extracted) < 8


class FlakyBackend:
    """An in-memory store whose writes fail from the ``works``-th on, until mended."""

    def __init__(self, backend, works: int) -> None:
        self._backend = backend
        self.works = works

    def __getattr__(self, name):
        return getattr(self._backend, name)

    def update(self, sparql: str) -> None:
        from graphkit.errors import StoreError

        if self.works <= 0:
            raise StoreError("cannot reach the store")
        self.works -= 1
        self._backend.update(sparql)


def test_stopped_build_is_resumable(tmp_path):
    from test_confidence import FakeExtractor

    from graphkit.errors import BuildStopped
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    for n in range(7):
        (tmp_path / f"a{n}.txt").write_text(f"Austin called Gallant, take {n}.", encoding="utf-8")
    with KnowledgeGraph.open("memory") as graph:
        flaky = FlakyBackend(graph._backend, works=2)
        graph._backend = flaky
        with pytest.raises(BuildStopped) as stopped:
            build([str(tmp_path)], graph, extractor=FakeExtractor(), min_confidence=0.0)
        assert (stopped.value.report.articles, len(stopped.value.report.failures)) == (2, 3)
        flaky.works = 100
        again = build([str(tmp_path)], graph, extractor=FakeExtractor(), min_confidence=0.0)
        assert (again.skipped, again.articles, again.failures) == (2, 5, [])


# -- 7. Ctrl-C stops a long query --------------------------------------------------------------------

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{k} {{ {' '.join(str(i) for i in range(400))} }}" for k in range(4)) + " }"


def test_ctrl_c_ends_a_long_query(tmp_path):
    query = _graphkit("query", SLOW_QUERY, "--store", "memory", "-v", stdout=subprocess.DEVNULL,
                      stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(query.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not any("running the query" in line for line in lines) and time.monotonic() < deadline:
            assert query.poll() is None, "".join(lines)
            time.sleep(0.1)
        time.sleep(0.5)  # inside the engine
        query.send_signal(signal.SIGINT)
        try:
            code = query.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("the query ignored Ctrl-C for 30 s")
    finally:
        if query.poll() is None:
            query.kill()
            query.wait()
    reader.join(5)
    assert code == 130
    assert "interrupted" in "".join(lines)


def test_query_has_a_default_timeout_stated_in_help():
    from graphkit.cli import QUERY_TIMEOUT_S
    from graphkit.query import DEFAULT_TIMEOUT_S

    assert QUERY_TIMEOUT_S == DEFAULT_TIMEOUT_S
    result = runner.invoke(app, ["query", "--help"], env={"COLUMNS": "200"})
    assert "[default: 300.0]" in result.output


def test_with_timeout_none_still_runs_the_work_in_another_thread():
    from graphkit.query import with_timeout

    assert with_timeout(threading.current_thread, None) is not threading.current_thread()


# -- 10. SERVICE and updates ---------------------------------------------------------------------------

@pytest.fixture
def listener():
    """A local TCP listener that records whether anyone connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    seen.append(conn.recv(65536))
                    conn.sendall(b"HTTP/1.1 500 Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(2)
    server.close()


def test_service_is_refused_without_allow_service(listener):
    port, seen = listener
    result = run("query", f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                 "--store", "memory")
    assert result.exit_code == 1
    assert "SERVICE" in result.output and "--allow-service" in result.output
    assert seen == []


def test_allow_service_lets_it_through_and_a_failure_is_one_error_line(listener):
    port, seen = listener
    result = run("query", f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                 "--store", "memory", "--allow-service")
    assert result.exit_code == 1
    assert seen and seen[0].split(b" ")[0] in (b"GET", b"POST")
    assert result.output.startswith("error: query failed")
    assert "Traceback" not in result.output and "panicked" not in result.output


@pytest.mark.parametrize("sparql", [
    "select * where { service silent <http://10.0.0.1/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } VALUES ?where { <http://10.0.0.1/> } }",
    "SELECT * WHERE { \\u0053ERVICE <http://10.0.0.1/> { ?s ?p ?o } }",
    "SELECT * WHERE { LATERAL { SERVICE <http://10.0.0.1/> { ?s ?p ?o } } }",  # rdflib cannot parse it
])
def test_every_spelling_of_service_is_refused(sparql):
    from graphkit.query import ServiceRefused, refuse_service

    with pytest.raises(ServiceRefused):
        refuse_service(sparql)


@pytest.mark.parametrize("sparql", [
    'SELECT ?service WHERE { ?s service:x "SERVICE <http://a/>" . ?s ?p <http://e/SERVICE> } # SERVICE',
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",
    'SELECT * WHERE { ?s ?p """ SERVICE <http://a/> { } """ }',
])
def test_the_word_service_elsewhere_is_not_refused(sparql):
    from graphkit.query import _scan_for_service, refuse_service

    refuse_service(sparql)
    assert not _scan_for_service(sparql)


def test_updates_are_refused_as_read_only(hostile_store):
    for update in ("DROP ALL", "INSERT DATA { <http://a> <http://b> <http://c> }", "CLEAR DEFAULT"):
        result = run("query", update, "--store", hostile_store)
        assert result.exit_code == 1
        assert "read-only" in result.output and "updates" in result.output
        assert "syntax error" not in result.output


# -- 9. outputs ------------------------------------------------------------------------------------------

@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_outputs_honour_the_umask(tmp_path, hostile_store, umask_022):
    exported = run("export", "--format", "ttl", "--store", hostile_store, "--out", tmp_path / "graph.ttl")
    assert exported.exit_code == 0
    assert (tmp_path / "graph.ttl").stat().st_mode & 0o777 == 0o644


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path, umask_022):
    from graphkit.files import atomic_write

    target = tmp_path / "map.html"
    target.write_text("old")
    target.chmod(0o640)
    with atomic_write(target) as fh:
        fh.write("new")
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("new", 0o640)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporaries_are_removed_on_the_next_write(tmp_path):
    from graphkit.files import UNNAMED_STALE_S, atomic_write

    stale = tmp_path / f".graph.ttl.{_dead_pid()}.abcd1234.tmp"
    in_progress = tmp_path / f".graph.ttl.{os.getppid()}.abcd1234.tmp"  # a live process's write
    old_style = tmp_path / ".graph.ttl.k2j3h4g5.tmp"  # graphkit before writer pids
    fresh_old_style = tmp_path / ".graph.ttl.zzzzzzzz.tmp"
    other = tmp_path / ".map.html.1.abcd1234.tmp"
    for path in (stale, in_progress, old_style, fresh_old_style, other):
        path.write_text("half")
    long_ago = time.time() - UNNAMED_STALE_S - 60
    os.utime(old_style, (long_ago, long_ago))
    with atomic_write(tmp_path / "graph.ttl") as fh:
        fh.write("whole")
    assert not stale.exists() and not old_style.exists()
    assert in_progress.exists() and fresh_old_style.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.glob("graph.ttl*")) == ["graph.ttl"]


def test_csv_export_neutralises_formulas(hostile_store):
    result = run("export", "--format", "csv", "--store", hostile_store)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    evidence = {row["evidence"] for row in rows if row["evidence"]}
    assert "'=HYPERLINK(\"https://evil.example\",\"click\")" in evidence
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    assert all(row["article_title"].startswith("'@SUM") for row in rows)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_csv_neutralises_formulas_but_not_numbers(hostile_store, fmt):
    result = run("query", "SELECT ?t ?n WHERE { GRAPH ?g { ?a schema:headline ?t } BIND (-3 AS ?n) }",
                 "--store", hostile_store, "--format", fmt)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert rows[1][0].startswith("'@SUM(1+1)") and rows[1][1] == "-3"
