"""`make bench`: speed figures, each next to a reference measured in the same run.

Writes ``bench/report.json`` and prints a table. Figures:

- extraction throughput (words/s, articles/s) against a bare ``nlp.pipe`` loop over the
  same texts with the same loaded pipeline (target ratio >= 0.85);
- map generation for graphs of 1,000 and 10,000 actors (``bench/map_bench.py``).

Texts: ``examples/articles`` plus ``../shared/eval/dev`` when it is there, repeated to
``--articles`` articles (each copy made distinct so nothing is cached).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> dict:
    """Cores, memory and versions, so figures can be compared across machines."""
    memory = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            memory = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_gib": memory, "python": platform.python_version(),
            "platform": platform.platform()}


def corpus(count: int) -> list:
    """``count`` articles from the examples (and the shared dev set when present)."""
    from graphkit.articles import read_articles

    paths = [str(ROOT / "examples" / "articles")]
    shared = ROOT.parent / "shared" / "eval" / "dev"
    if shared.is_dir():
        paths.append(str(shared))
    base = list(read_articles(paths, on_error=lambda failure: None))
    out = []
    for n in range(count):
        article = base[n % len(base)]
        out.append(replace(article, id=f"{article.id}-{n}", name=f"{n}-{article.name}",
                           text=f"Copy {n}.\n\n{article.text}"))
    return out


def extraction(count: int, repeats: int = 3) -> dict:
    """graphkit's extraction against a bare nlp.pipe over the same texts (best of ``repeats``)."""
    from graphkit.nlp.extractor import Extractor, blank_datelines

    articles = corpus(count)
    words = sum(len(a.text.split()) for a in articles)
    extractor = Extractor.load()
    texts = [blank_datelines(a.text) for a in articles]
    bare_times, ours_times = [], []
    found = 0
    for _ in range(repeats):
        start = time.perf_counter()
        for _doc in extractor.nlp.pipe(texts, batch_size=extractor.batch_size):
            pass
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = sum(len(x.interactions) for x in extractor.pipe(articles))
        ours_times.append(time.perf_counter() - start)
    bare, ours = min(bare_times), min(ours_times)
    return {
        "articles": count, "words": words, "interactions": found,
        "bare_nlp_pipe_s": round(bare, 3), "graphkit_extract_s": round(ours, 3),
        "bare_words_per_s": round(words / bare), "graphkit_words_per_s": round(words / ours),
        "bare_articles_per_s": round(count / bare, 1), "graphkit_articles_per_s": round(count / ours, 1),
        "ratio": round(bare / ours, 3), "target": 0.85,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="articles for the extraction figures")
    parser.add_argument("--map-sizes", default="1000,10000", help="actor counts for the map figures")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "report.json")
    args = parser.parse_args(argv)

    report: dict = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S")}
    print(f"extraction: {args.articles} articles ...", file=sys.stderr)
    report["extraction"] = extraction(args.articles)
    sizes = tuple(int(s) for s in args.map_sizes.split(",") if s)
    if sizes:
        from bench.map_bench import run as map_run

        print(f"map: {sizes} actors ...", file=sys.stderr)
        report["map"] = map_run(sizes=sizes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    _print(report)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _print(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    e = report["extraction"]
    table = Table("figure", "graphkit", "reference", "ratio", "target", title="graphkit bench", title_justify="left")
    table.add_row(f"extraction words/s ({e['articles']} articles)", str(e["graphkit_words_per_s"]),
                  f"{e['bare_words_per_s']} (bare nlp.pipe)", f"{e['ratio']:.2f}", ">= 0.85")
    table.add_row("extraction articles/s", str(e["graphkit_articles_per_s"]), str(e["bare_articles_per_s"]), "", "")
    for actors, row in report.get("map", {}).items():
        for scope in ("full", "default"):
            m = row[scope]
            table.add_row(f"map {actors} actors, {scope} ({m['nodes']} nodes, {m['html_mb']} MB)",
                          f"{m['write_s']} s write", f"{m['draw_ms']} ms drawn in Chromium", "", "< 2 s write")
    Console().print(table)


if __name__ == "__main__":
    sys.exit(main())
