"""Screenshots of the workbench's pages for the README (``make screenshots``).

Serves STORE (default: ``out/store``, which ``make demo`` writes) on a free loopback port,
opens each page in Debian's headless Chromium (``/usr/bin/chromium``, driven by the
``playwright`` package; no browser download) and writes ``docs/workbench-{map,actor,
article,query}.png``. The actor shown is the busiest one (by weighted degree); the article,
the one that gave it most interactions.

    python tools/workbench_screenshots.py [--store out/store] [--out docs]
"""
from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="out/store")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)

    import uvicorn
    from playwright.sync_api import sync_playwright

    from graphkit.graph import KnowledgeGraph
    from graphkit.server import create_app
    from graphkit.workbench import actor_view

    if not Path(args.store).is_dir():
        print(f"no store at {args.store}: run `make demo` first", file=sys.stderr)
        return 1
    with KnowledgeGraph.open(args.store, read_only=True) as graph:
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(graph), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        try:
            import json
            import urllib.request

            with urllib.request.urlopen(f"{base}/api/map?top=20&statuses=occurred") as answer:
                top = json.load(answer)["nodes"]
            # The busiest: the most interactions (the map sizes nodes by weighted degree).
            actor = max(top, key=lambda n: (n["count"], n["label"]))["actor"] if top else None
            view = actor_view(graph, f"https://w3id.org/graphkit/id/actor/{actor}") if actor else None
            articles = [i["article"]["id"] for i in (view or {}).get("evidence", {}).get("items", [])]
            article = max(set(articles), key=articles.count) if articles else None
            args.out.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"{base}/")
                page.wait_for_function("() => window.graphkitMap && window.graphkitMap.settled", timeout=60_000)
                page.screenshot(path=str(args.out / "workbench-map.png"))
                if actor:
                    page.goto(f"{base}/actor/{actor}")
                    page.wait_for_selector("#wb-evidence li", timeout=30_000)
                    page.wait_for_timeout(1500)  # the ego network settles
                    page.screenshot(path=str(args.out / "workbench-actor.png"))
                if article:
                    page.goto(f"{base}/article/{article}")
                    page.wait_for_selector("mark", timeout=30_000)
                    page.screenshot(path=str(args.out / "workbench-article.png"))
                page.goto(f"{base}/query")
                page.wait_for_selector("#wb-examples option >> nth=1", state="attached", timeout=30_000)
                page.click("#wb-run")
                page.wait_for_selector("#wb-results-table td", timeout=30_000)
                page.screenshot(path=str(args.out / "workbench-query.png"))
                browser.close()
        finally:
            server.should_exit = True
            thread.join(10)
    for name in ("map", "actor", "article", "query"):
        path = args.out / f"workbench-{name}.png"
        print(f"{path}: {'written' if path.exists() else 'missing'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
