"""The trained interaction labeller: for a candidate pair, a calibrated probability for each
label (a symmetric predicate, or a directed one with its direction: ``hosted>`` when the
first-named actor hosted the second, ``hosted<`` the other way round).

The model is a one-vs-rest logistic regression over the candidate's sparse binary
features, trained by :mod:`graphkit.nlp.training`. At run time it needs only numpy: the
weights, the feature vocabulary and an isotonic calibration map ship as plain files in
``graphkit/data/labeller/`` (``weights.npz``, ``meta.json``), loaded once per process.
``--model-dir`` or ``$GRAPHKIT_LABELLER`` name another folder with the same files.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import ModelError
from graphkit.records import DIRECTED_PREDICATES, SYMMETRIC_PREDICATES

if TYPE_CHECKING:
    import numpy as np

    from graphkit.nlp.candidates import Candidate

ENV_VAR = "GRAPHKIT_LABELLER"
LABELS: tuple[str, ...] = SYMMETRIC_PREDICATES + tuple(f"{p}{d}" for p in DIRECTED_PREDICATES for d in "><")
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"


@dataclass
class Labeller:
    """Weights of a trained labeller and what was chosen with them on validation data.

    ``threshold`` is the probability from which a label is kept (chosen for the best F1 on
    the validation articles); ``rule_precision`` is each predicate's precision of the rules
    alone, the confidence given to a rule interaction the labeller did not see.
    """

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    calibration: tuple[np.ndarray, np.ndarray]  # isotonic map of raw probabilities: x, y
    threshold: float = 0.5
    rule_precision: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def raw_scores(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        """Uncalibrated probabilities, one row per feature list."""
        import numpy as np

        out = np.empty((len(features), len(self.labels)), dtype=np.float64)
        for row, names in enumerate(features):
            columns = [self.vocabulary[f] for f in names if f in self.vocabulary]
            out[row] = self.bias + self.weights[columns].sum(axis=0, dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-out))

    def calibrate(self, raw: np.ndarray) -> np.ndarray:
        """Map raw probabilities through the isotonic calibration (monotone, into [0, 1])."""
        import numpy as np

        x, y = self.calibration
        return np.interp(raw, x, y)

    def predict(self, candidates: Sequence[Candidate]) -> list[dict[str, float]]:
        """For each candidate, the calibrated probability of every label worth keeping
        (at least 0.05; the rest are left out)."""
        if not candidates:
            return []
        return self.scores(self.calibrate(self.raw_scores([c.features for c in candidates])))

    def scores(self, probabilities: np.ndarray) -> list[dict[str, float]]:
        """Rows of calibrated probabilities as ``{label: p}``, leaving out p below 0.05."""
        return [{self.labels[k]: float(row[k]) for k in (row >= 0.05).nonzero()[0]} for row in probabilities]

    def to_disk(self, folder: str | Path) -> None:
        """Write ``weights.npz`` and ``meta.json`` into ``folder`` (created if needed)."""
        import numpy as np

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        vocabulary = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(folder / WEIGHTS_FILE, weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32), calibration_x=self.calibration[0],
                            calibration_y=self.calibration[1])
        meta = {**self.meta, "labels": list(self.labels), "threshold": self.threshold,
                "min_confidence": self.threshold, "rule_precision": self.rule_precision,
                "vocabulary": vocabulary}
        (folder / META_FILE).write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, folder: str | Path) -> Labeller:
        """Read a labeller written by :meth:`to_disk`; :class:`ModelError` names what is wrong."""
        import numpy as np

        folder = Path(folder)
        try:
            meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            with np.load(folder / WEIGHTS_FILE) as arrays:
                weights, bias = arrays["weights"], arrays["bias"]
                calibration = (arrays["calibration_x"], arrays["calibration_y"])
            vocabulary = {name: k for k, name in enumerate(meta.pop("vocabulary"))}
            labels = tuple(meta["labels"])
        except FileNotFoundError as exc:
            raise ModelError(f"{folder}: not a labeller folder ({Path(exc.filename or '').name} is missing)") from exc
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{folder}: unreadable labeller: {exc}") from exc
        if weights.shape != (len(vocabulary), len(labels)) or bias.shape != (len(labels),):
            raise ModelError(f"{folder}: labeller weights do not fit its vocabulary and labels")
        return cls(labels, vocabulary, weights, bias, calibration, float(meta.get("threshold", 0.5)),
                   {k: float(v) for k, v in meta.get("rule_precision", {}).items()}, meta)


def load_labeller(model_dir: str | Path | None = None) -> Labeller | None:
    """The labeller in ``model_dir``, else in ``$GRAPHKIT_LABELLER``, else the shipped one.

    Returns None when no folder is named and the package ships no labeller (the rules then
    work alone); a named folder that is not a labeller raises :class:`ModelError`.
    """
    chosen = model_dir or os.environ.get(ENV_VAR)
    if chosen:
        return Labeller.from_disk(chosen)
    shipped = files("graphkit.data").joinpath("labeller")
    if not shipped.joinpath(META_FILE).is_file():
        return None
    with as_file(shipped) as folder:
        return Labeller.from_disk(folder)
