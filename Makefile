# newsdesk developer commands. `make test` sets up .venv on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
SHARED ?= ../shared

.PHONY: install fmt lint typecheck test test-pg check bench bench-ingest bench-extraction bench-feeds bench-stories bench-summaries bench-web demo clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

fmt: install
	$(PY) -m ruff format src tests bench
	$(PY) -m ruff check --fix src tests bench

lint: install
	$(PY) -m ruff format --check src tests bench
	$(PY) -m ruff check src tests bench
	$(VENV)/bin/lint-imports

typecheck: install
	$(PY) -m mypy

test: install
	$(PY) -m pytest -q

test-pg: install
	NEWSDESK_TEST_DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

check: lint typecheck test test-pg

bench: bench-ingest bench-extraction bench-feeds bench-stories bench-summaries bench-web

bench-ingest: install
	$(PY) bench/ingest.py --replay $(SHARED)/data/replay/news.warc.gz

bench-extraction: install
	$(PY) bench/extraction.py --data $(SHARED)/data/extraction

bench-feeds: install
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/feeds.py

bench-stories: install
	$(PY) bench/stories.py

bench-summaries: install
	$(PY) -m pip install -q -e '.[bench-summaries]'
	$(PY) bench/summaries.py

bench-web: install
	$(PY) bench/web.py

demo: install
	$(VENV)/bin/newsdesk demo

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
