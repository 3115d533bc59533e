"""Extraction on a Dask distributed cluster: ``graphkit build PATH... --cluster ADDRESS``.

The client (the process that runs ``graphkit build``) reads and hashes the articles and
skips those the store already holds (:func:`graphkit.pipeline.build` does that, as for a
local build); only the rest are shipped, in batches of ``batch_size`` articles. Each worker
loads the extractor once (:class:`ExtractorPlugin`, a ``distributed.WorkerPlugin``) and
turns each batch into the plain :class:`~graphkit.records.Extraction` records a local build
makes; they come back as batches finish and the client writes them to the store, one atomic
write per article.

Why the records are the same as a local build's: the extractor settings (spaCy pipeline,
labeller folder and mode) are resolved on the client, environment variables included, and
sent to the workers, who check that they run the client's graphkit and spaCy versions and
the same labeller files; the confidence bar and the rounding are applied on the client by
the same code as for a local build. Why the *graph* is the same: identity resolution learns
from every article it stores, so the order of the writes matters; results are written in
input order (a batch that finishes early waits for the ones before it, at most
:data:`BATCHES_PER_THREAD` batches per worker thread are out at once).

Faults: a worker that dies mid-batch has its batches run again on another worker by the
scheduler (up to ``distributed.scheduler.allowed-failures`` deaths, 3 by default); a batch
that raises is retried :data:`BATCH_RETRIES` times; a batch that still killed its workers is
split and each article tried alone, so one article that crashes workers fails alone. An
article whose extraction raises is a failure of that article (named, with the reason) and
the rest goes on. An interrupted client cancels what it had sent and closes the cluster;
every article it stored is whole, and a re-run skips it.

>>> parse_cluster("local:4")
('local', 4)
>>> parse_cluster("tcp://10.0.0.5:8786")
('scheduler', 'tcp://10.0.0.5:8786')
>>> parse_cluster("10.0.0.5:8786")
('scheduler', 'tcp://10.0.0.5:8786')
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import signal
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeGuard

from dask.base import tokenize
from distributed import WorkerPlugin

from graphkit.errors import GraphkitError
from graphkit.terminal import plural

if TYPE_CHECKING:
    from distributed import Client, Future, KilledWorker

    from graphkit.graph import KnowledgeGraph
    from graphkit.nlp.extractor import Extractor
    from graphkit.records import Article, BuildReport, Extraction

#: Articles per task. Big enough that the cost of a task (scheduling, pickling, a round trip:
#: milliseconds) is small beside extracting 16 news articles (seconds); small enough that a
#: worker lost mid-batch costs little to redo and that progress and writes stay smooth.
DEFAULT_BATCH_SIZE = 16
#: Times a batch that *raised* is run again (a worker that *died* is handled by the scheduler).
BATCH_RETRIES = 2
#: Batches out at once per worker thread: enough to keep every worker busy while the client
#: writes, few enough that the records waiting to be written in order stay bounded.
BATCHES_PER_THREAD = 4
#: Seconds to reach a scheduler before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10.0
#: Seconds to wait for a first worker on a scheduler that has none.
WAIT_FOR_WORKERS_S = 60.0
#: Whole batches in a row that fail on the cluster (not an article's own failure) before the
#: build stops: the cluster is broken, and naming every article as failed would hide that.
MAX_BATCH_ERRORS = 3
PLUGIN_PREFIX = "graphkit-extractor"

_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(?:(tcp|tls)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})/?")


class ClusterError(GraphkitError):
    """The cluster cannot be reached, has no usable worker, or failed the build."""


def parse_cluster(spec: str) -> tuple[str, Any]:
    """``("local", N)`` for ``local:N``, ``("scheduler", ADDRESS)`` for a scheduler address
    (``tcp://HOST:PORT``, ``tls://HOST:PORT``, or ``HOST:PORT`` meaning tcp).

    Raises :class:`ValueError` saying what is expected (a usage error).
    """
    spec = spec.strip()
    local = _LOCAL.fullmatch(spec)
    if local:
        n = int(local.group(1))
        if not 1 <= n <= 1024:
            raise ValueError(f"{spec!r}: local:N needs N from 1 to 1024 worker processes")
        return "local", n
    address = _ADDRESS.fullmatch(spec)
    if address is None or not 0 < int(address.group(3)) < 65536:
        raise ValueError(f"{spec!r} is not a cluster: give a Dask scheduler address (tcp://HOST:8786) "
                         "or local:N (N worker processes on this machine)")
    return "scheduler", f"{address.group(1) or 'tcp'}://{address.group(2)}:{address.group(3)}"


@contextmanager
def open_cluster(cluster: str | Client, *, quiet_logs: bool = True) -> Iterator[Client]:
    """A connected :class:`distributed.Client` for ``cluster``, closed on leaving.

    ``cluster`` is ``local:N`` (a ``LocalCluster`` of N one-thread processes, loopback only,
    no dashboard, shut down on leaving), a scheduler address, or a ``Client`` the caller
    owns (used as is and left open). Raises :class:`ClusterError` naming the address when the
    scheduler cannot be reached or the local cluster cannot start, :class:`ValueError` for a
    malformed ``cluster``.
    """
    from distributed import Client

    if isinstance(cluster, Client):
        yield cluster
        return
    kind, where = parse_cluster(cluster)
    # Dask's own log lines (a worker restarted, a task given up, a reconnection that failed,
    # with tracebacks) would bury graphkit's messages; what matters reaches the build as an
    # exception and is reported there, once, as a graphkit error or failure.
    level = logging.CRITICAL if quiet_logs else logging.WARNING
    if kind == "local":
        from distributed import LocalCluster

        try:
            # Ctrl-C in a terminal reaches the whole process group, these workers too: they
            # would die printing tracebacks while the client is still cancelling and closing.
            # A SIGINT ignored when they are started stays ignored in them (kept across exec).
            with _interrupts_ignored():
                local = LocalCluster(n_workers=where, threads_per_worker=1, processes=True, dashboard_address=None,
                                     host="127.0.0.1", silence_logs=level)
        except Exception as exc:  # ports, process limits, memory: distributed raises many kinds
            raise ClusterError(f"cannot start a local Dask cluster of {where} processes ({cluster}): {exc}") from None
        try:
            client = Client(local, set_as_default=False)
            # A worker the nanny restarts later is started without that: it ignores Ctrl-C itself.
            client.register_plugin(IgnoreInterrupts(), name=IgnoreInterrupts.name)
        except BaseException:
            local.close()
            raise
        try:
            yield client
        finally:
            _close(client, local)
        return
    with _logs_at(level):
        try:
            client = Client(where, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        try:
            yield client
        finally:
            _close(client, None)


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may touch signal handlers; nothing to inherit then
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


class IgnoreInterrupts(WorkerPlugin):
    """For the workers of ``local:N`` only: Ctrl-C is the client's to handle (it cancels the
    batches and closes the cluster, these workers with it). Never for the workers of a
    scheduler elsewhere: whoever started them must be able to stop them with Ctrl-C."""

    name = "graphkit-local-ignore-interrupts"

    def setup(self, worker: Any) -> None:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # pragma: no cover - not the main thread of the worker process
            pass


def _close(client: Client, local: Any) -> None:
    # Closing must not turn an interrupted build into a traceback: a scheduler already gone
    # or a worker killed while closing says nothing the build has not reported.
    for thing in (client, local):
        if thing is None:
            continue
        try:
            thing.close()
        except Exception:  # pragma: no cover - best effort on the way out
            pass


@contextmanager
def _logs_at(level: int) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in ("distributed", "distributed.client", "distributed.comm")]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, before):
            logger.setLevel(old)


# -- the workers' side ------------------------------------------------------------------------

@dataclass(frozen=True)
class ExtractorSettings:
    """What makes an extractor, resolved on the client so every worker loads the same one.

    ``model`` and ``labeller_dir`` already hold what ``$GRAPHKIT_MODEL`` and
    ``$GRAPHKIT_LABELLER`` said on the client (a worker's environment is its own);
    ``labeller_digest`` is the sha256 of the client's labeller files (None: none found),
    which each worker checks against its own.
    """

    model: str | None
    labeller_dir: str | None
    labeller_mode: str
    labeller_digest: str | None
    graphkit_version: str
    spacy_version: str

    @classmethod
    def resolve(cls, model: str | None, labeller_dir: str | None, labeller_mode: str) -> ExtractorSettings:
        from importlib.metadata import version

        import graphkit
        from graphkit.nlp.labeller import ENV_VAR as LABELLER_ENV
        from graphkit.nlp.model import ENV_VAR as MODEL_ENV

        model = model or os.environ.get(MODEL_ENV) or None
        labeller_dir = labeller_dir or os.environ.get(LABELLER_ENV) or None
        digest = labeller_digest(labeller_dir) if labeller_mode != "rules" else None
        return cls(model, labeller_dir, labeller_mode, digest, graphkit.__version__, version("spacy"))

    @property
    def plugin_name(self) -> str:
        """One plugin (one loaded extractor per worker) per set of settings: a second build
        with the same settings on the same cluster reuses the loaded extractors."""
        return f"{PLUGIN_PREFIX}-{tokenize(self)[:12]}"


def labeller_digest(labeller_dir: str | None) -> str | None:
    """sha256 over the labeller's files (``meta.json``, ``weights.npz``) in ``labeller_dir``
    or the shipped folder; None when there is no labeller there."""
    from importlib.resources import as_file, files
    from pathlib import Path

    from graphkit.nlp.labeller import META_FILE, WEIGHTS_FILE

    def digest(folder: Path) -> str | None:
        if not (folder / META_FILE).is_file():
            return None
        sha = hashlib.sha256()
        for name in (META_FILE, WEIGHTS_FILE):
            path = folder / name
            sha.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
        return sha.hexdigest()

    if labeller_dir:
        return digest(Path(labeller_dir))
    with as_file(files("graphkit.data").joinpath("labeller")) as folder:
        return digest(Path(folder))


class ExtractorPlugin(WorkerPlugin):
    """Loads the extractor once per worker process and keeps it there.

    Registered with the scheduler, so a worker that joins or is restarted later loads it too
    before it extracts. Nothing of it lives in the client: the client only pickles the
    settings. Extraction in a worker is one at a time (a lock): spaCy's memory zones and
    caches are per pipeline, not per thread, so run workers with ``--nthreads 1``.
    """

    def __init__(self, settings: ExtractorSettings) -> None:
        self.settings = settings
        self.extractor: Extractor | None = None
        self.identity: dict[str, str] = {}
        self.lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings}  # never ship a loaded pipeline or a lock

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["settings"])  # type: ignore[misc]

    async def setup(self, worker: Any) -> None:
        import asyncio

        # Loading takes seconds: off the worker's event loop, so its heartbeats go on.
        await asyncio.get_running_loop().run_in_executor(None, self._load, worker.address)

    def _load(self, where: str) -> None:
        from importlib.metadata import version

        import graphkit
        from graphkit.nlp.extractor import Extractor

        wanted = self.settings
        mine = (graphkit.__version__, version("spacy"))
        if mine != (wanted.graphkit_version, wanted.spacy_version):
            raise ClusterError(f"worker {where} runs graphkit {mine[0]} with spaCy {mine[1]}, the client graphkit "
                               f"{wanted.graphkit_version} with spaCy {wanted.spacy_version}: install the same versions")
        if wanted.labeller_mode != "rules":
            digest = labeller_digest(wanted.labeller_dir)
            if digest != wanted.labeller_digest:
                raise ClusterError(f"worker {where}: its labeller files ({wanted.labeller_dir or 'the shipped ones'}) "
                                   "differ from the client's: every machine needs the same labeller at the same path")
        extractor = Extractor.load(wanted.model, labeller_dir=wanted.labeller_dir, labeller_mode=wanted.labeller_mode)
        meta = extractor.nlp.meta
        self.identity = {"model": f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"}
        self.extractor = extractor

    def teardown(self, worker: Any) -> None:
        self.extractor = None


def _plugin(name: str) -> ExtractorPlugin:
    from distributed import get_worker

    plugin = get_worker().plugins.get(name)
    if not isinstance(plugin, ExtractorPlugin) or plugin.extractor is None:
        # Raised, so the scheduler retries the batch (on this worker once it has loaded, or elsewhere).
        raise RuntimeError(f"the graphkit extractor ({name}) is not loaded on this worker")
    return plugin


def extract_batch(plugin_name: str, articles: list[Article]) -> list[Extraction | str]:
    """The task run on a worker: one extraction per article, in order, or for an article
    whose extraction raised, the reason as a string (so the rest of the batch is kept)."""
    plugin = _plugin(plugin_name)
    extractor = plugin.extractor
    assert extractor is not None
    with plugin.lock:
        try:
            return list(extractor.pipe(articles))
        except Exception:
            pass  # one article spoilt the batch: find it, keep the others
        results: list[Extraction | str] = []
        for article in articles:
            try:
                results.append(extractor.extract(article))
            except Exception as exc:
                results.append(f"extraction failed: {type(exc).__name__}: {exc}")
        return results


def _worker_identity(dask_worker: Any, plugin_name: str) -> dict[str, str]:
    plugin = dask_worker.plugins.get(plugin_name)
    return dict(plugin.identity) if isinstance(plugin, ExtractorPlugin) else {}


# -- the client's side ------------------------------------------------------------------------

@dataclass
class _Slot:
    """One batch, in input order: its articles, and its results as they come in."""

    articles: list[Article]
    results: list[Any]
    tasks: int = 1  # tasks still out for it (one per article once it was split)


def extract_on_cluster(articles: Iterable[Article], cluster: str | Client, settings: ExtractorSettings, *,
                       batch_size: int = DEFAULT_BATCH_SIZE,
                       on_failure: Callable[[Article, str], None] | None = None,
                       quiet_logs: bool = True) -> Iterator[Extraction]:
    """Extractions of ``articles`` made on ``cluster`` (see :func:`open_cluster`), in input
    order, streaming: batches go out as the workers can take them and their records come
    back as they finish.

    An article whose extraction failed is not yielded: ``on_failure(article, reason)`` is
    called at its place in the order instead. Closing the iterator (or an interrupt while it
    waits) cancels what was sent and closes the cluster (unless ``cluster`` is a ``Client``
    the caller passed, which stays open).
    """
    from distributed import as_completed

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    stream = iter(articles)
    with open_cluster(cluster, quiet_logs=quiet_logs) as client:
        where = _describe(cluster, client)
        with _speaking_to(where):
            name = _prepare(client, settings, where)
            window = BATCHES_PER_THREAD * max(1, sum(client.nthreads().values()))
        run = uuid.uuid4().hex[:8]
        slots: dict[int, _Slot] = {}
        out: dict[Future, tuple[int, int, int]] = {}  # task -> (slot, first article, articles)
        finished = as_completed(loop=client.loop)  # this client's, not a global default one
        submitted = written = 0
        failures_in_a_row = 0

        def submit(index: int, start: int, batch: list[Article], part: str = "") -> None:
            with _speaking_to(where):
                future = client.submit(extract_batch, name, batch, retries=BATCH_RETRIES,
                                       key=f"graphkit-batch-{run}-{index}{part}", pure=False)
            out[future] = (index, start, len(batch))
            finished.add(future)

        def fill() -> None:
            nonlocal submitted
            while submitted - written < window:
                batch = list(islice(stream, batch_size))
                if not batch:
                    return
                slots[submitted] = _Slot(batch, [None] * len(batch))
                submit(submitted, 0, batch)
                submitted += 1

        try:
            fill()
            while written < submitted:
                with _speaking_to(where):
                    future = next(finished)
                index, start, count = out.pop(future)
                slot = slots[index]
                slot.tasks -= 1
                outcome = _outcome(future, client, where)
                future.release()  # the workers may drop the records now
                if isinstance(outcome, list):
                    slot.results[start:start + count] = outcome
                    failures_in_a_row = 0
                elif _killed_worker(outcome) and count > 1:
                    # Workers died running this batch more often than the scheduler allows:
                    # one of its articles may be what kills them. Alone, it fails alone.
                    for k, article in enumerate(slot.articles[start:start + count], start):
                        submit(index, k, [article], part=f"-{k}")
                    slot.tasks += count
                elif _killed_worker(outcome):
                    slot.results[start] = (f"extraction killed its worker each time it was tried "
                                           f"({plural(outcome.allowed_failures + 1, 'time')}: out of memory? "
                                           "a crash in the parser?)")
                else:
                    failures_in_a_row += 1
                    if failures_in_a_row >= MAX_BATCH_ERRORS:
                        raise ClusterError(f"the cluster at {where} failed {failures_in_a_row} batches in a row "
                                           f"(last: {_reason(outcome)}); what was stored stays, and a re-run "
                                           "skips it")
                    slot.results[start:start + count] = [f"extraction failed on the cluster: {_reason(outcome)}"] * count
                # Hand over what is complete, in input order; send more work first, so the
                # workers keep busy while the caller writes.
                while written in slots and slots[written].tasks == 0:
                    complete = slots.pop(written)
                    written += 1
                    fill()
                    for article, result in zip(complete.articles, complete.results):
                        if isinstance(result, str):
                            if on_failure is not None:
                                on_failure(article, result)
                        else:
                            yield result
        finally:
            if out:  # interrupted, stopped or failed: nothing more is wanted from the cluster
                try:
                    client.cancel(list(out), force=True)
                except Exception:  # pragma: no cover - a scheduler already gone
                    pass


@contextmanager
def _speaking_to(where: str) -> Iterator[None]:
    """A scheduler that goes away mid-call raises OSError (CommClosedError) or TimeoutError
    from deep inside distributed: say it as a graphkit error naming it, not a traceback."""
    try:
        yield
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"lost the connection to the Dask scheduler at {where} ({exc}); what was stored "
                           "stays, and a re-run skips it") from None


def _prepare(client: Client, settings: ExtractorSettings, where: str) -> str:
    """Wait for a first worker, have every worker load the extractor (once: a second build
    with the same settings finds it loaded) and check they all load the same pipeline.
    The plugin's name, which tasks find the extractor by."""
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
    except (TimeoutError, OSError) as exc:
        raise ClusterError(f"no Dask worker joined the scheduler at {where} in {WAIT_FOR_WORKERS_S:g} s "
                           f"(start some with `dask worker {where}`): {exc}") from None
    name = settings.plugin_name
    # A worker that dies or leaves while it is asked is left out (on_error="ignore"): the
    # scheduler gives it no batch, and one that comes back loads the plugin as it starts.
    loaded = client.run(_worker_identity, plugin_name=name, on_error="ignore")
    if not loaded or not all(loaded.values()):
        try:
            client.register_plugin(ExtractorPlugin(settings), name=name)
        except Exception as exc:
            raise ClusterError(f"the workers of {where} could not load the extractor: {exc}") from None
        loaded = client.run(_worker_identity, plugin_name=name, on_error="ignore")
    models = {identity.get("model", "nothing loaded") for identity in loaded.values() if identity}
    if len(models) > 1:
        raise ClusterError(f"the workers of {where} run different spaCy pipelines ({'; '.join(sorted(models))}): "
                           "install the same one everywhere")
    return name


def _outcome(future: Future, client: Client, where: str) -> list[Any] | BaseException:
    """A batch's records, or what went wrong with it (a :class:`ClusterError` is raised when
    the cluster itself is gone)."""
    if future.status == "finished":
        try:
            return future.result()
        except Exception as exc:  # the result could not be fetched (its worker just died)
            return exc
    if future.status == "cancelled":
        # Not cancelled by us (we only cancel on the way out): the client lost its scheduler
        # (it cancels every future then), or the scheduler dropped the task.
        lost = "the connection to" if client.status != "running" else "a batch sent to"
        raise ClusterError(f"{lost} the Dask scheduler at {where} was lost; what was stored stays, "
                           "and a re-run skips it")
    exception = future.exception()
    return exception if exception is not None else RuntimeError("unknown failure")


def _killed_worker(outcome: BaseException) -> TypeGuard[KilledWorker]:
    from distributed import KilledWorker

    return isinstance(outcome, KilledWorker)


def _reason(outcome: BaseException) -> str:
    text = str(outcome).strip().splitlines()
    return f"{type(outcome).__name__}: {text[0] if text else ''}".rstrip(": ")


def _describe(cluster: str | Client, client: Client) -> str:
    if isinstance(cluster, str):
        kind, where = parse_cluster(cluster)
        return cluster.strip() if kind == "local" else where
    return str(client.scheduler.address)


def build_on_cluster(paths: Iterable[str], graph: KnowledgeGraph, cluster: str | Client, *,
                     batch_size: int = DEFAULT_BATCH_SIZE, **options: Any) -> BuildReport:
    """:func:`graphkit.pipeline.build` with the extraction on ``cluster``: the same reading,
    skipping, storing and report (``options`` are that function's: model, labeller,
    confidence bar, hooks…). Time this to compare with a local build."""
    from graphkit.pipeline import build

    return build(paths, graph, cluster=cluster, batch_size=batch_size, **options)

