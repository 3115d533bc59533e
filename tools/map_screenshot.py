"""Screenshot the interactive map: how ``docs/map.png`` (the README's picture) is made.

    .venv/bin/python tools/map_screenshot.py docs/map.png

builds ``examples/articles`` into a temporary store (``graphkit build``), writes its map
(``graphkit map``, default options), opens it in a headless Debian Chromium
(/usr/bin/chromium, driven by the ``playwright`` package; never ``playwright install``),
waits until the layout has settled, hovers the biggest actor so its tooltip shows, and
saves the page as a PNG. ``--store DIR`` maps that store instead of building the
examples; ``--fixture`` maps the small hand-written graph of ``tests/map_fixtures.py``
(no extraction model needed). Nothing is fetched from the network: the map is one
offline file, and a request leaving the page is an error.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CLI = "import sys; from graphkit.cli import main; sys.argv[0] = 'graphkit'; sys.exit(main())"


def graphkit(*args: str) -> None:
    """Run the ``graphkit`` command with this interpreter (the project's venv)."""
    subprocess.run([sys.executable, "-c", CLI, *args], check=True, cwd=ROOT)


def write_page(out: Path, store: Path | None, fixture: bool, work: Path) -> None:
    if fixture:
        sys.path.insert(0, str(ROOT / "tests"))
        from map_fixtures import FixtureGraph

        from graphkit.viz import write_map

        write_map(FixtureGraph(), out)
        return
    if store is None:
        store = work / "store"
        graphkit("build", str(ROOT / "examples" / "articles"), "--store", str(store), "--quiet")
    graphkit("map", "--store", str(store), "--out", str(out), "--quiet")


def screenshot(page_file: Path, png: Path, width: int, height: int, hover: bool) -> None:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's 'chromium' package")
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.on("console", lambda m: m.type == "error" and problems.append(m.text))
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: r.url.startswith(("file:", "data:")) or problems.append(r.url))
            page.goto(page_file.resolve().as_uri())
            page.wait_for_function("() => window.graphkitMap && graphkitMap.settled", timeout=60_000)
            if hover and page.evaluate("graphkitMap.data.nodes.length"):
                x, y = page.evaluate("""(() => {
                    const nodes = graphkitMap.data.nodes, net = graphkitMap.network;
                    const big = nodes.reduce((a, b) => (b.size > a.size ? b : a));
                    const dom = net.canvasToDOM(net.getPositions([big.id])[big.id]);
                    const box = document.getElementById("gk-network").getBoundingClientRect();
                    return [box.left + dom.x, box.top + dom.y];
                })()""")
                page.mouse.move(x - 40, y - 40)
                page.mouse.move(x, y, steps=5)
                page.locator("#gk-tip").wait_for(state="visible", timeout=5_000)
            page.wait_for_timeout(300)  # the last frame drawn
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    if problems:
        raise SystemExit("the map page reported: " + "; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the PNG to write, e.g. docs/map.png")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", type=Path, help="map this store (default: build examples/articles)")
    source.add_argument("--fixture", action="store_true", help="map the test fixture graph")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--no-hover", dest="hover", action="store_false",
                        help="no tooltip on the biggest actor")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="graphkit-shot-") as tmp:
        work = Path(tmp)
        page_file = work / "map.html"
        write_page(page_file, args.store, args.fixture, work)
        screenshot(page_file, args.out, args.width, args.height, args.hover)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
