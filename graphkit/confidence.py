"""The confidence bar: which interactions are sure enough to keep.

Every :class:`~graphkit.records.Interaction` carries a ``confidence`` in [0, 1]. The trained
labeller ships the bar chosen on validation data as ``"min_confidence"`` in the
``meta.json`` of its folder; :func:`default_min_confidence` reads it, and
:func:`filter_extraction` applies a bar to one article's extraction.

>>> from graphkit.records import Article, Entity, Extraction, Interaction
>>> sure = Interaction("Ann", "met", "Bo", confidence=0.9)
>>> unsure = Interaction("Ann", "urged", "Cy", confidence=0.4)
>>> people = tuple(Entity(name, "Person") for name in ("Ann", "Bo", "Cy"))
>>> kept = filter_extraction(Extraction(Article("h", "a.txt", ""), people, (sure, unsure)), 0.5)
>>> [i.predicate for i in kept.interactions], [e.name for e in kept.entities]
(['met'], ['Ann', 'Bo'])
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, ModelError
from graphkit.records import Entity, Extraction

META_FILE = "meta.json"
#: Names the labeller's folder (the one holding ``meta.json``) instead of the packaged one.
LABELLER_ENV = "GRAPHKIT_LABELLER"


def default_min_confidence(model_dir: Path | str | None = None) -> float:
    """The confidence bar the labeller ships: ``"min_confidence"`` in its ``meta.json``.

    The labeller's folder is ``model_dir`` when given, else the folder named by the
    ``GRAPHKIT_LABELLER`` environment variable when it is set, else the package's
    ``graphkit/data/labeller/``. Only that folder is read: a threshold is chosen for one
    labeller and means nothing for another.

    Returns
    -------
    float
        The bar, in [0, 1]; 0.0 (keep everything) when the folder has no ``meta.json``
        or its ``meta.json`` sets no ``"min_confidence"``.

    Raises
    ------
    graphkit.errors.ModelError
        ``meta.json`` cannot be read, is not a JSON object, or its ``"min_confidence"`` is
        not a number from 0 to 1; the message names the file.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> default_min_confidence(folder)
    0.0
    >>> _ = (folder / "meta.json").write_text(json.dumps({"min_confidence": 0.62}))
    >>> default_min_confidence(folder)
    0.62
    """
    meta = _meta_file(model_dir)
    if meta is None:
        return 0.0
    where = str(meta)
    try:
        text = meta.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"{where}: cannot be read ({exc})") from None
    try:
        content: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"{where}: not valid JSON ({exc})") from None
    if not isinstance(content, dict):
        raise ModelError(f"{where}: expected a JSON object, found {type(content).__name__}")
    if content.get("min_confidence") is None:
        return 0.0
    value = content["min_confidence"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise ModelError(f"{where}: min_confidence must be a number from 0 to 1, not {value!r}")
    return float(value)


def _meta_file(model_dir: Path | str | None) -> Any:
    """The ``meta.json`` of the labeller's folder (a path or a package resource), or None."""
    if model_dir is None and os.environ.get(LABELLER_ENV):
        model_dir = os.environ[LABELLER_ENV]
    if model_dir is not None:
        candidate: Any = Path(model_dir) / META_FILE
    else:
        candidate = resources.files("graphkit.data").joinpath("labeller", META_FILE)
    return candidate if candidate.is_file() else None


def resolve_min_confidence(value: float | None, model_dir: Path | str | None = None) -> float:
    """``value`` checked, or the shipped bar (:func:`default_min_confidence`) when None.

    Raises
    ------
    graphkit.errors.GraphkitError
        ``value`` is not a number from 0 to 1.

    Examples
    --------
    >>> resolve_min_confidence(0.5)
    0.5
    """
    if value is None:
        return default_min_confidence(model_dir)
    return check_min_confidence(value)


def check_min_confidence(value: float) -> float:
    """``value`` as a float when it is a number from 0 to 1 (NaN is not).

    Raises
    ------
    graphkit.errors.GraphkitError
        It is not.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not 0.0 <= number <= 1.0:
        raise GraphkitError(f"min_confidence must be a number from 0 to 1, not {value!r}")
    return number


def filter_extraction(extraction: Extraction, min_confidence: float) -> Extraction:
    """``extraction`` without its interactions whose confidence is below ``min_confidence``.

    Entities go with them when no kept interaction names them any more (by name or
    alias) and no kept entity has them as its affiliation. Entities that no interaction
    named in the first place stay: the bar is about interactions, not about what the
    article mentions. A bar of 0 keeps everything.

    Parameters
    ----------
    extraction : graphkit.records.Extraction
    min_confidence : float
        From 0 to 1; an interaction whose ``confidence`` equals it is kept.

    Returns
    -------
    graphkit.records.Extraction
        A new record (``dataclasses.replace``), or ``extraction`` itself when nothing is
        below the bar; ``extraction`` is never changed.

    Raises
    ------
    graphkit.errors.GraphkitError
        ``min_confidence`` is not a number from 0 to 1.
    """
    bar = check_min_confidence(min_confidence)
    kept = tuple(i for i in extraction.interactions if i.confidence >= bar)
    if len(kept) == len(extraction.interactions):
        return extraction
    named_before = {ref for i in extraction.interactions for ref in (i.subject, i.object)}
    named_now = {ref for i in kept for ref in (i.subject, i.object)}

    def names(entity: Entity) -> set[str]:
        return {entity.name, *entity.aliases}

    def dropped(entity: Entity) -> bool:
        return entity.ref in named_before and entity.ref not in named_now

    entities = [e for e in extraction.entities if not dropped(e)]
    # A kept person's affiliation is still in use: without its entity the resolver would
    # read "NATO" as a country.
    affiliations = {e.affiliation.casefold() for e in entities if e.affiliation}
    entities = [e for e in extraction.entities
                if not dropped(e) or {n.casefold() for n in names(e)} & affiliations]
    return replace(extraction, entities=tuple(entities), interactions=kept)
