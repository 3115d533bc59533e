"""The map inline in a notebook: ``KnowledgeGraph.show(...)`` and its HTML representation.

The map is the workbench's (:func:`graphkit.workbench.map_view`, the JSON ``/api/map``
serves) drawn by the static map page (:mod:`graphkit.viz`), so a notebook, the served
workbench and ``graphkit map`` show the same actors, links and colours for the same
filters. The page goes into a sandboxed ``<iframe srcdoc>``: it brings its own scripts
(vis-network inlined, no request leaves it) and cannot reach the notebook.
"""
from __future__ import annotations

import html
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from graphkit.records import STATUSES
from graphkit.workbench import DEFAULT_TOP, Filters, map_view

if TYPE_CHECKING:
    from graphkit.projection import SelectSource


@dataclass(frozen=True)
class MapView:
    """A rendered map: ``html`` is the whole page, ``data`` what it draws (as ``/api/map``).

    Jupyter shows it inline through :meth:`_repr_html_`; ``save(path)`` writes the page.
    """

    html: str
    data: dict[str, Any]
    height: int = 640

    @property
    def nodes(self) -> int:
        return len(self.data["nodes"])

    @property
    def edges(self) -> int:
        return len(self.data["edges"])

    def _repr_html_(self) -> str:
        # srcdoc takes the page as an attribute value: html.escape quotes it whole.
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'title="graphkit map" width="100%" height="{int(self.height)}" '
                f'frameborder="0"></iframe>')

    def save(self, path: str) -> None:
        """Write the page to ``path`` (atomically, as ``graphkit map`` does)."""
        from pathlib import Path

        from graphkit.files import atomic_write

        with atomic_write(Path(path), "wb") as fh:
            fh.write(self.html.encode("utf-8"))


def show(source: SelectSource, *, since: date | str | None = None, until: date | str | None = None,
         predicates: Collection[str] | None = None, min_confidence: float = 0.0,
         statuses: Collection[str] = STATUSES, focus: str | None = None, top: int = DEFAULT_TOP,
         ego: str | None = None, radius: int = 1, color_by: str = "kind", height: int = 640) -> MapView:
    """The map of ``source`` for these filters, ready to show in a notebook.

    The filters are the workbench's: a date window, predicates, a confidence bar, the
    statuses carried (what occurred makes the map; planned and negated interactions come
    along behind the page's checkboxes, as in ``graphkit map``), ``focus`` (a
    country or organisation: its interactions and those of people affiliated with it),
    and ``top`` actors by weighted degree or the ``ego`` network within ``radius``.
    ``ego`` and ``focus`` take any name the store knows ("Blinken"), as ``ask`` does.

    >>> from graphkit.graph import KnowledgeGraph
    >>> with KnowledgeGraph.open("memory") as kg:
    ...     view = kg.show(top=10)
    >>> view.nodes, "<iframe srcdoc=" in view._repr_html_()
    (0, True)
    """
    from graphkit.query import resolve_actor
    from graphkit.viz import MapOptions, map_page

    filters = Filters(since=_day(since), until=_day(until),
                      predicates=tuple(predicates) if predicates is not None else None,
                      min_confidence=float(min_confidence), statuses=tuple(statuses),
                      focus=resolve_actor(source, focus, kinds=("Country", "Organization")) if focus else None)
    center = resolve_actor(source, ego) if ego else None
    options = MapOptions(color_by=color_by)  # type: ignore[arg-type]
    data = map_view(source, filters, top=top, ego=center, radius=radius, options=options)
    return MapView(html=map_page(data, options), data=data, height=height)


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    from graphkit.errors import QueryError

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"dates are YYYY-MM-DD, not {value!r}") from None
