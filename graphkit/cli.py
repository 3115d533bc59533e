"""The ``graphkit`` command line: thin typer commands over the library.

Machine-readable output goes to stdout; progress, warnings and errors to stderr.
Exit codes: 0 success, 1 some inputs or the job failed, 2 usage errors.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from graphkit.errors import BuildStopped, GraphkitError

if TYPE_CHECKING:
    from rich.console import Console

    from graphkit.graph import KnowledgeGraph
    from graphkit.records import Failure

app = typer.Typer(
    name="graphkit",
    help="Turn news articles about diplomacy into a knowledge graph of who dealt with whom.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

DEFAULT_STORE = "graphkit-store"


def _no_type_for_flags() -> None:
    # typer 0.29's rich help prints "<bool>" beside every flag (--quiet, --help, …), which
    # reads as if the flag took a value; a flag has no value type to show.
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display_type_rich(self, ctx):
        return None if self.is_flag and self.count is False else shown(self, ctx)

    if not getattr(shown, "_graphkit", False):
        display_type_rich._graphkit = True  # type: ignore[attr-defined]
        TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_type_for_flags()

# -- shared options -----------------------------------------------------------------------------
Paths = Annotated[list[str], typer.Argument(help="Article files, folders (read recursively), globs, or - for stdin.", show_default=False)]
StoreOpt = Annotated[str, typer.Option("--store", "-s", help="Store folder (embedded Oxigraph), or 'memory'.")]
EndpointOpt = Annotated[Optional[str], typer.Option("--endpoint", help="SPARQL 1.1 endpoint URL instead of the embedded store.")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", "-m", help="spaCy pipeline name or path [env: GRAPHKIT_MODEL; default: en_core_web_sm].", show_default=False)]
DateOpt = Annotated[Optional[str], typer.Option("--date", help="Publication date (YYYY-MM-DD) for inputs that have none.", show_default=False)]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for extraction.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="More detail on stderr.")]
# Keep in step with graphkit.query.DEFAULT_TIMEOUT_S (not imported: --help stays light).
QUERY_TIMEOUT_S = 300.0
TimeoutOpt = Annotated[float, typer.Option(
    "--timeout", min=0, help="Give up on the query after this many seconds (0: no limit; Ctrl-C always stops it).")]
AliasesOpt = Annotated[Optional[Path], typer.Option("--aliases", help="YAML/CSV file pinning actor identities (name → id).", show_default=False)]
# Keep in step with graphkit.articles.MAX_ARTICLE_MB (not imported: --help stays light).
MaxArticleOpt = Annotated[float, typer.Option(
    "--max-article-mb", min=0, help="Refuse (as a bad input) an article larger than this many MB (0: no limit).")]


LabellerDirOpt = Annotated[Optional[str], typer.Option(
    "--model-dir", help="Folder of a trained interaction labeller (make train writes one) "
                        "[env: GRAPHKIT_LABELLER; default: the one shipped in the package].", show_default=False)]


class LabellerMode(str, Enum):
    combined = "combined"
    model = "model"
    rules = "rules"


LabellerOpt = Annotated[LabellerMode, typer.Option(
    "--labeller", help="Who decides: the trained labeller and the rules (combined), the labeller alone, or the rules alone.")]


MinConfidenceOpt = Annotated[Optional[float], typer.Option(
    "--min-confidence", min=0.0, max=1.0, show_default=False,
    help="Leave out interactions whose confidence is below this (0 to 1) "
         "[default: the labeller's shipped threshold, 0 when it ships none].")]


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


TableFormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="table, csv, tsv or json (SPARQL 1.1 JSON results); CONSTRUCT/DESCRIBE print Turtle.")]
StatsFormatOpt = Annotated[StatsFormat, typer.Option("--format", "-f", help="table or json.")]


@dataclass
class Output:
    """Where messages go, and how many of them. Every message may quote an article, so
    all of them go through a :class:`graphkit.terminal.SafeConsole` (plain text only)."""

    quiet: bool = False
    verbose: bool = False

    @property
    def err(self) -> Console:
        from graphkit.terminal import console

        return console(stderr=True)

    def info(self, message: str) -> None:
        if not self.quiet:
            self.err.print(message, soft_wrap=True)

    def debug(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self.err.print(message, style="dim", soft_wrap=True)

    def error(self, message: str) -> None:
        from graphkit.terminal import styled

        self.err.print(styled("error:", "red", message), soft_wrap=True)

    def failure(self, failure: Failure) -> None:
        self.error(f"{failure.source}: {failure.reason}")


def _fail(message: str, code: int = 1) -> typer.Exit:
    Output().error(message)
    return typer.Exit(code)


def _open_graph(store: str, endpoint: str | None, *, aliases: Path | None = None, read_only: bool = False) -> KnowledgeGraph:
    from graphkit.graph import KnowledgeGraph

    return KnowledgeGraph.open(store, endpoint=endpoint, aliases=aliases, read_only=read_only)


# -- commands ---------------------------------------------------------------------------------

@app.command()
def build(
    paths: Paths,
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Also write OUT/graph.ttl and OUT/map.html.")] = None,
    workers: WorkersOpt = 1,
    model: ModelOpt = None,
    date_: DateOpt = None,
    aliases: AliasesOpt = None,
    min_confidence: MinConfidenceOpt = None,
    model_dir: LabellerDirOpt = None,
    labeller: LabellerOpt = LabellerMode.combined,
    max_article_mb: MaxArticleOpt = 5.0,
    cluster: Annotated[Optional[str], typer.Option(
        "--cluster", envvar="GRAPHKIT_CLUSTER", show_default=False,
        help="Extract on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local:N for N worker "
             "processes on this machine. Reading, skipping and the writes stay here.")] = None,
    # [default: 16]: keep in step with graphkit.cluster.DEFAULT_BATCH_SIZE (not imported: --help stays light).
    batch_size: Annotated[Optional[int], typer.Option(
        "--batch-size", min=1, max=100_000, show_default=False,
        help="With --cluster: articles per task [default: 16]. Larger for many short articles, smaller for long ones.")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Build the knowledge graph: articles → extraction → store (+ Turtle and map).

    Re-running on the same articles skips the unchanged ones; a changed article replaces
    what it said before.

    Example: `graphkit build examples/articles --store out/store --out out`
    """
    from graphkit.pipeline import build as run_build

    output = Output(quiet, verbose)
    default_date = _date_option(date_, "--date")
    if cluster is not None and not cluster.strip():
        cluster = None  # GRAPHKIT_CLUSTER= (set but empty) means no cluster
    if cluster is not None:
        # Checked before the store is opened or anything is read: a typo is a usage error.
        from graphkit.cluster import parse_cluster

        try:
            parse_cluster(cluster)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--cluster") from None
        if workers != 1:
            raise typer.BadParameter("--workers is the local process pool; with --cluster the cluster's "
                                     "workers extract (size it with local:N or `dask worker --nworkers N`)",
                                     param_hint="--workers")
    elif batch_size is not None:
        raise typer.BadParameter("only with --cluster (the local pool's batches are the extractor's)",
                                 param_hint="--batch-size")
    try:
        graph = _open_graph(store, endpoint, aliases=aliases)
        with graph, _progress(output, "Building") as advance:
            report = run_build(paths, graph, model=model, default_date=default_date, workers=workers,
                               on_error=output.failure, on_article=advance, min_confidence=min_confidence,
                               labeller_dir=model_dir, labeller_mode=labeller.value,
                               max_article_mb=max_article_mb, cluster=cluster, batch_size=batch_size)
            written = _write_outputs(graph, out, output) if out else []
            stats = graph.stats() if not output.quiet else {}  # the summary is all it is for
    except BuildStopped as exc:
        # The store is failing: summarise what was done without asking it for figures.
        _print_summary(exc.report, {}, [], store if not endpoint else endpoint, output)
        raise _fail(str(exc)) from None
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    _print_summary(report, stats, written, store if not endpoint else endpoint, output)
    if report.failures:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Paths,
    format_: Annotated[ExtractFormat, typer.Option("--format", "-f", help="jsonl: one object per article (the evaluation contract); json: one array; table: for reading.")] = ExtractFormat.jsonl,
    model: ModelOpt = None,
    date_: DateOpt = None,
    workers: WorkersOpt = 1,
    min_confidence: MinConfidenceOpt = None,
    model_dir: LabellerDirOpt = None,
    labeller: LabellerOpt = LabellerMode.combined,
    max_article_mb: MaxArticleOpt = 5.0,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Extract interactions from articles and print them (no store).

    Example: `graphkit extract examples/articles/*.txt --format jsonl > extractions.jsonl`
    """
    from graphkit.pipeline import extract as run_extract

    output = Output(quiet, verbose)
    failures: list[Failure] = []

    def on_error(failure: Failure) -> None:
        failures.append(failure)
        output.failure(failure)

    default_date = _date_option(date_, "--date")
    records = []
    try:
        with _progress(output, "Extracting") as advance:
            for extraction in run_extract(paths, model=model, default_date=default_date,
                                          on_error=on_error, workers=workers, min_confidence=min_confidence,
                                          labeller_dir=model_dir, labeller_mode=labeller.value,
                                          max_article_mb=max_article_mb):
                advance(extraction.article, "extracted")
                if format_ is ExtractFormat.jsonl:
                    sys.stdout.write(json.dumps(extraction.to_contract(), ensure_ascii=False) + "\n")
                    sys.stdout.flush()
                else:
                    records.append(extraction)
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    if format_ is ExtractFormat.json:
        json.dump([r.to_contract() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif format_ is ExtractFormat.table:
        _print_extractions(records)
    if failures:
        raise typer.Exit(1)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, a .rq file (or the name of one graphkit ships, e.g. country-contacts.rq), or - for stdin.", show_default=False)],
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    format_: TableFormatOpt = TableFormat.table,
    timeout: TimeoutOpt = QUERY_TIMEOUT_S,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let SERVICE clauses send HTTP requests to the hosts they name (refused by default).")] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); the dip:, prov:, org:, skos:, schema: … prefixes are predeclared.

    Read-only: updates are refused. Example: `graphkit query 'SELECT ?a ?b WHERE { GRAPH ?g { ?a dip:spokeWith ?b } }'`
    """
    from graphkit.query import run_query

    output = Output(quiet, verbose)
    text = _query_text(sparql)
    try:
        with _open_graph(store, endpoint, read_only=True) as graph, _abandoned_on_interrupt():
            output.debug(f"running the query (time limit {timeout:g} s)" if timeout else "running the query")
            answer = run_query(graph, text, timeout=timeout, allow_service=allow_service)
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    _print_answer(answer, format_)


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="The question: contacts, timeline, between, most-active, criticisms, first-last, country-contacts (see --list).", show_default=False)] = None,
    names: Annotated[Optional[list[str]], typer.Argument(help="Actor or country names the question takes (case, accents and first names optional).", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="most-active: first day counted (YYYY-MM-DD).", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="most-active: last day counted (YYYY-MM-DD).", show_default=False)] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, max=1_000_000_000, help="most-active: how many actors [default: 20].", show_default=False)] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the questions and exit.")] = False,
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    format_: TableFormatOpt = TableFormat.table,
    timeout: TimeoutOpt = QUERY_TIMEOUT_S,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Ask a canned question (its SPARQL is a .rq file shipped in graphkit/queries/).

    Example: `graphkit ask contacts Blinken`; `graphkit ask between "United States" Turkey`
    """
    from graphkit.query import QUESTIONS, ask as run_ask

    if list_ or question is None:
        _print_rows(["question", "usage", "answers", "file"],
                    [[q.name, f"graphkit ask {q.usage}", q.summary, f"graphkit/queries/{q.file}"] for q in QUESTIONS.values()])
        if question is None and not list_:
            raise typer.Exit(2)
        return
    output = Output(quiet, verbose)
    try:
        with _open_graph(store, endpoint, read_only=True) as graph, _abandoned_on_interrupt():
            output.debug(f"asking {question} of {endpoint or store}")
            answer = run_ask(graph, question, names or [], since=_date_option(since, "--since"),
                             until=_date_option(until, "--until"), limit=limit, timeout=timeout)
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    if answer.kind == "select" and not answer.terms:
        output.info("no rows")
    _print_answer(answer, format_, hide=_ASK_HIDDEN)


@app.command("map")
def map_(
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("map.html"),
    color_by: Annotated[str, typer.Option("--color-by", help="kind, country or community.")] = "kind",
    size_by: Annotated[str, typer.Option("--size-by", help="degree, weighted_degree or betweenness.")] = "weighted_degree",
    ego: Annotated[Optional[str], typer.Option("--ego", help="Only this actor's neighbourhood.")] = None,
    radius: Annotated[int, typer.Option("--radius", min=1, help="Hops around --ego.")] = 1,
    since: Annotated[Optional[str], typer.Option("--since", help="Only interactions on or after this date.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only interactions on or before this date.")] = None,
    predicates: Annotated[Optional[str], typer.Option("--predicates", help="Comma-separated predicates to keep, e.g. met,spokeWith.")] = None,
    min_weight: Annotated[int, typer.Option("--min-weight", min=1, help="Hide edges with fewer interactions.")] = 1,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, help="Keep the N most central actors.")] = 300,
    min_confidence: MinConfidenceOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write the interactive relationship map: one self-contained HTML file that works offline.

    Example: `graphkit map --store out/store --out out/map.html --ego "Antony Blinken"`
    """
    from graphkit.confidence import resolve_min_confidence
    from graphkit.viz import MapOptions, write_map

    output = Output(quiet, verbose)
    options = MapOptions(
        color_by=color_by, size_by=size_by, ego=ego, radius=radius,
        since=_date_option(since, "--since"), until=_date_option(until, "--until"),
        predicates=tuple(p.strip() for p in predicates.split(",")) if predicates else None,
        min_weight=min_weight, max_nodes=max_nodes,
    )
    try:
        options = replace(options, min_confidence=resolve_min_confidence(min_confidence))
        with _open_graph(store, endpoint, read_only=True) as graph:
            summary = write_map(graph, out, options=options)
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    output.info(f"map: {summary.nodes} actors, {summary.edges} edges (interactions that occurred) → {out}")


@app.command()
def serve(
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but loopback exposes the store to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8700,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Time limit of a SPARQL query, in seconds.")] = 10.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Most rows a SPARQL SELECT returns.")] = 10_000,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Open the workbench in the browser: map, actor and article pages, search, SPARQL.

    Read-only over the store; `/sparql` is a SPARQL 1.1 Protocol endpoint any client can use.

    Example: `graphkit serve --store out/store` then open http://127.0.0.1:8700/
    """
    from graphkit.server import ServeOptions
    from graphkit.server import serve as run

    output = Output(quiet, verbose)
    if host not in ("127.0.0.1", "localhost", "::1"):
        output.error(f"warning: listening on {host}: anyone who can reach this address can read the whole "
                     "store (the workbench has no login). Use the default 127.0.0.1 unless you mean it.")
    # A remote endpoint can change under us: re-project after a minute. An embedded store
    # opened read-only is a snapshot, so its projections stay valid.
    options = ServeOptions(query_timeout=timeout, max_rows=max_rows,
                           cache_seconds=60.0 if endpoint else None)
    try:
        with _open_graph(store, endpoint, read_only=True) as graph:
            output.debug(f"serving {endpoint or store}")
            run(graph, host=host, port=port, options=options, log_level="info" if verbose else "warning",
                on_progress=output.info)
    except GraphkitError as exc:
        raise _fail(str(exc)) from None


@app.command()
def export(
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help="Serialisation.")],
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (default: stdout).")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Export the graph: RDF (ttl, nt, nq, trig, jsonld) or network files (graphml, gexf, csv).

    Example: `graphkit export --format ttl --out graph.ttl`
    """
    output = Output(quiet, verbose)
    try:
        with _open_graph(store, endpoint, read_only=True) as graph:
            data = graph.export(format_.value, out)
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    if out is None and data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.info(f"wrote {out}")


@app.command()
def stats(
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    format_: StatsFormatOpt = StatsFormat.table,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Counts: articles, actors, interactions (by type), triples, the busiest actors.

    Example: `graphkit stats --format json`
    """
    output = Output(quiet, verbose)
    try:
        with _open_graph(store, endpoint, read_only=True) as graph:
            output.debug(f"counting in {endpoint or store}")
            figures = graph.stats()
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    if format_ is StatsFormat.json:
        sys.stdout.write(json.dumps(figures, indent=2, default=str) + "\n")
    else:
        _print_stats(figures)


@app.command()
def validate(
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check the stored graph against the SHACL shapes (ontologies/shapes.ttl and the predicate table).

    Exit code 0 when it conforms, 1 with the violations otherwise.

    Example: `graphkit validate --store out/store`
    """
    output = Output(quiet, verbose)
    try:
        with _open_graph(store, endpoint, read_only=True) as graph:
            output.debug(f"checking {endpoint or store} against the SHACL shapes")
            report = graph.validate()
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    if report.conforms:
        if not quiet:
            sys.stdout.write("conforms: 0 violations\n")
        return
    sys.stdout.write(report.text.rstrip() + "\n")
    sys.stdout.write(f"{report.violations} violations\n")
    raise typer.Exit(1)


@app.command()
def analyze(
    store: StoreOpt = DEFAULT_STORE,
    endpoint: EndpointOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many actors the table lists (JSON lists all).")] = 20,
    format_: StatsFormatOpt = StatsFormat.table,
    ego: Annotated[Optional[str], typer.Option("--ego", help="Only this actor's neighbourhood.", show_default=False)] = None,
    radius: Annotated[int, typer.Option("--radius", min=0, help="Hops around --ego.")] = 1,
    path: Annotated[Optional[tuple[str, str]], typer.Option("--path", help="The shortest chain of contacts between two actors.", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only interactions on or after this date.", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only interactions on or before this date.", show_default=False)] = None,
    country_view: Annotated[bool, typer.Option("--by-country", help="Fold people and organisations into the countries they act for.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the communities (and of sampled betweenness).")] = 7,
    into_map: Annotated[Optional[Path], typer.Option("--into-map", help="Also write the map: size by betweenness, colour by community.", show_default=False)] = None,
    min_confidence: MinConfidenceOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Network figures per actor: degree, weighted degree, betweenness, eigenvector centrality, Louvain communities.

    Example: `graphkit analyze --ego "Hakan Fidan" --radius 2`; `graphkit analyze --path Blinken Araghchi`
    """
    from graphkit import analysis, explore
    from graphkit.confidence import resolve_min_confidence
    from graphkit.projection import project

    output = Output(quiet, verbose)
    window = (_date_option(since, "--since"), _date_option(until, "--until"))
    try:
        bar = resolve_min_confidence(min_confidence)
        with _open_graph(store, endpoint, read_only=True) as graph:
            network = project(graph, since=window[0], until=window[1], min_confidence=bar)
            output.debug(f"network: {network.number_of_nodes()} actors, {network.number_of_edges()} edges "
                         f"(min confidence {bar})")
            if country_view:
                network = analysis.by_country(network)
            extra: dict = {}
            if path is not None:
                extra["path"] = explore.path_answer(graph, network, *path)
            if ego is not None:
                network, extra["ego"] = explore.ego_answer(graph, network, ego, radius=radius)
            figures = analysis.summary(network, seed=seed)
            figures.update(extra)
            if into_map is not None:
                from graphkit.viz import MapOptions, write_map

                written = write_map(network, into_map, options=MapOptions(color_by="community", size_by="betweenness", seed=seed))
    except GraphkitError as exc:
        raise _fail(str(exc)) from None
    if format_ is StatsFormat.json:
        sys.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        _print_analysis(figures, top)
    if into_map is not None:
        output.info(f"map: {written.nodes} actors, {written.edges} edges → {into_map}")


@app.command()
def ontology(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write diplomacy.ttl and shapes.ttl into.")] = Path("ontology"),
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write the complete ontology and SHACL shapes: ontologies/*.ttl plus every predicate of the predicate table.

    Example: `graphkit ontology --out out/ontology`
    """
    from graphkit.ontology import write_ontology

    output = Output(quiet, verbose)
    try:
        written = write_ontology(out)
    except (GraphkitError, OSError) as exc:
        raise _fail(str(exc)) from None
    for path in written:
        output.info(f"wrote {path}")


# -- printing helpers ----------------------------------------------------------------------------

PROGRESS_EVERY_S = 5.0  # how often a progress line is printed when stderr is not a terminal


class _progress:
    """Progress on stderr, silent with --quiet: a live rich line (articles and articles/s)
    on a terminal; else, for logs and pipes, one plain line every :data:`PROGRESS_EVERY_S`."""

    def __init__(self, output: Output, label: str, clock=time.perf_counter) -> None:
        self.output = output
        self.label = label
        self.clock = clock
        self.count = 0
        self.started = self.last_line = clock()
        self.bar = None

    def __enter__(self):
        if not self.output.quiet and self.output.err.is_terminal:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                TextColumn("{task.completed} articles"), TextColumn("{task.fields[rate]}"),
                                TimeElapsedColumn(), console=self.output.err, transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task(self.label, total=None, rate="")
        return self.advance

    def advance(self, article, outcome: str) -> None:
        from graphkit.terminal import plural

        self.count += 1
        now = self.clock()
        rate = f"{self.count / max(now - self.started, 1e-9):.1f} articles/s"
        if self.bar is not None:
            self.bar.update(self.task, advance=1, rate=rate)
        elif not self.output.quiet and now - self.last_line >= PROGRESS_EVERY_S:
            self.last_line = now
            self.output.info(f"{self.label.lower()}: {plural(self.count, 'article')} so far "
                             f"({rate}, {now - self.started:.0f} s)")
        self.output.debug(f"{outcome}: {article.name}")

    def __exit__(self, *exc) -> None:
        from graphkit.terminal import plural

        if self.bar is not None:
            self.bar.__exit__(*exc)
        elapsed = self.clock() - self.started
        if self.count and not self.output.quiet:
            self.output.info(f"{self.label.lower()}: {plural(self.count, 'article')} in {elapsed:.1f} s "
                             f"({self.count / max(elapsed, 1e-9):.1f} articles/s)")


def _write_outputs(graph: KnowledgeGraph, out: Path, output: Output) -> list[Path]:
    from graphkit.viz import write_map

    out.mkdir(parents=True, exist_ok=True)
    turtle = out / "graph.ttl"
    graph.export("ttl", turtle)
    page = out / "map.html"
    write_map(graph, page)
    return [turtle, page]


def _print_summary(report, figures: dict, written: list[Path], where: str, output: Output) -> None:
    from rich.table import Table

    from graphkit.terminal import console as safe_console, plural, styled

    if output.quiet:
        return
    console = safe_console()
    console.print(styled("graphkit build:", "bold",
                         f"{plural(report.articles, 'article')} extracted ({report.replaced} replaced, "
                         f"{plural(report.interactions, 'interaction')} kept), {report.skipped} unchanged, "
                         f"{len(report.failures)} failed"))
    if figures:
        console.print(f"store {where}: {plural(figures.get('articles', 0), 'article')}, "
                      f"{plural(figures.get('actors', 0), 'actor')}, {_stored_interactions(figures)}, "
                      f"{plural(figures.get('triples', 0), 'triple')}")
    by_type = figures.get("by_predicate") or {}
    if by_type:
        table = Table("interaction", "count", title="Stored interactions by type (any status)", title_justify="left")
        for name, count in sorted(by_type.items(), key=lambda kv: -kv[1]):
            table.add_row(name, str(count))
        console.print(table)
    busiest = figures.get("busiest") or []
    if busiest:
        table = Table("actor", "interactions", title="Busiest actors (interactions of any status)", title_justify="left")
        for row in busiest[:10]:
            table.add_row(str(row["name"]), str(row["interactions"]))
        console.print(table)
    for path in written:
        console.print(f"wrote {path}")


# Three counts of "interactions" meet the user: the store's (every stored event, whatever its
# status), a build's (what this run extracted and kept) and the networks' of map and analyze
# (only the ones that occurred, within their filters). Each label says which it is.
STORED_INTERACTIONS = "stored, any status: occurred, planned or negated"


def _stored_interactions(figures: dict) -> str:
    from graphkit.terminal import plural

    return f"{plural(figures.get('interactions', 0), 'interaction')} ({STORED_INTERACTIONS})"


def _print_stats(figures: dict) -> None:
    from rich.table import Table

    from graphkit.terminal import console

    labels = {"interactions": f"interactions ({STORED_INTERACTIONS})"}
    table = Table("figure", "value", title="graphkit store", title_justify="left")
    for key in ("articles", "actors", "interactions", "triples"):
        table.add_row(labels.get(key, key), str(figures.get(key, 0)))
    for name, count in sorted((figures.get("by_predicate") or {}).items(), key=lambda kv: -kv[1]):
        table.add_row(f"  {name}", str(count))
    console().print(table)


def _print_extractions(records) -> None:
    rows = [[r.article.name, i.subject, i.predicate, i.object, i.date or "", i.status]
            for r in (record.with_names() for record in records) for i in r.interactions]
    _print_rows(["doc", "subject", "predicate", "object", "date", "status"], rows)


def _print_rows(header: list[str], rows: list[list]) -> None:
    from rich.table import Table

    from graphkit.terminal import console

    table = Table(*header)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console().print(table)


class _abandoned_on_interrupt:
    """Ctrl-C during a query ends the process at once, exit code 130.

    The engine cannot be stopped from Python: the query runs on in its thread
    (:func:`graphkit.query.with_timeout`) until the process ends, and a normal exit would
    close the store under it. Nothing is being written, so leaving with ``os._exit`` loses
    nothing."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            import os

            sys.stdout.flush()
            sys.stderr.write("interrupted: the query was abandoned\n")
            sys.stderr.flush()
            os._exit(130)


def _query_text(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    if argument.endswith(".rq"):
        path = Path(argument)
        if path.is_file():
            return path.read_text(encoding="utf-8")
        # A bare name of a query the package ships (graphkit/queries/), from any folder.
        from graphkit.query import query_files, query_text

        if path.name == argument and argument in query_files():
            return query_text(argument)
        raise _fail(f"{argument}: no such query file (nor a packaged query: {', '.join(query_files())})", 2)
    return argument


_ASK_HIDDEN = frozenset({"event", "url", "actor"})  # IRIs: in csv/tsv/json, not in the table


def _date_option(value: str | None, hint: str) -> date | None:
    """Every date option (--date, --since, --until) goes through the one date reader of
    graphkit.articles: the same formats and the same refusals as in front matter."""
    if value is None:
        return None
    from graphkit.articles import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r}: {exc}", param_hint=hint) from None


def _print_answer(answer, format_: TableFormat, *, hide: frozenset[str] = frozenset()) -> None:
    if answer.kind == "graph":
        sys.stdout.write(answer.to_turtle())
        return
    if format_ is TableFormat.json:
        sys.stdout.write(json.dumps(answer.to_sparql_json(), indent=2, ensure_ascii=False) + "\n")
        return
    if answer.kind == "ask":
        sys.stdout.write(("true" if answer.boolean else "false") + "\n")
        return
    rows = answer.rows()
    if format_ is TableFormat.table:
        keep = [i for i, name in enumerate(answer.vars) if name not in hide] or list(range(len(answer.vars)))
        _print_rows([answer.vars[i] for i in keep], [[row[i] for i in keep] for row in rows])
        return
    import csv

    from graphkit.export import safe_rows

    writer = csv.writer(sys.stdout, delimiter="," if format_ is TableFormat.csv else "\t", lineterminator="\n")
    writer.writerow(answer.vars)
    writer.writerows(safe_rows(rows))  # article text: no formula reaches a spreadsheet


def _print_analysis(figures: dict, top: int) -> None:
    from rich.table import Table

    from graphkit.terminal import SafeConsole

    console = SafeConsole(soft_wrap=True)  # a chain of names stays on one line
    net = figures["network"]
    window = f" from {net['since'] or 'the start'} to {net['until'] or 'the end'}" if net["since"] or net["until"] else ""
    if net.get("min_confidence"):
        window += f" (confidence at least {net['min_confidence']:g})"
    console.print(f"network{window}: {net['actors']} actors, {net['links']} linked pairs, "
                  f"{net['interactions']} interactions that occurred"
                  + (" (countries)" if net["view"] == "countries" else ""))
    if "path" in figures:
        chain = figures["path"]
        console.print(f"chain of contacts ({chain['length']} steps): " + " → ".join(chain["actors"]))
        for link in chain["links"]:
            first = link["interactions"][0]
            console.print(f"  {link['from']} – {link['to']}: {first['predicate']} {first['date'] or ''} "
                          f"({first['source'] or 'no headline'})" +
                          (f" and {len(link['interactions']) - 1} more" if len(link["interactions"]) > 1 else ""))
    if "ego" in figures:
        ego = figures["ego"]
        console.print(f"ego network of {ego['center']} (radius {ego['radius']}): {', '.join(ego['actors']) or 'nobody'}")
    keys = ("name", "type", "country", "degree", "weighted_degree", "betweenness", "eigenvector", "community")
    table = Table(*keys, title=f"Actors (top {min(top, len(figures['actors']))})", title_justify="left")
    for row in figures["actors"][:top]:
        table.add_row(*["" if row[k] is None else str(row[k]) for k in keys])
    console.print(table)
    table = Table("community", "size", "hub", "members", title="Communities (Louvain)", title_justify="left")
    for c in figures["communities"][:top]:
        members = ", ".join(c["members"][:6]) + (f" … +{c['size'] - 6}" if c["size"] > 6 else "")
        table.add_row(str(c["id"]), str(c["size"]), c["hub"], members)
    console.print(table)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
