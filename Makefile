# newsmon: every target creates and uses .venv in this checkout.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint format bench broker broker-stop clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) ## monitor the default feeds (starts a local Kafka unless NEWSMON_KAFKA_BOOTSTRAP is set)
	$(BIN)/newsmon run $(ARGS)

# Two pytest processes (pytest-xdist), a test file each at a time: the Kafka tests spend most of
# their time waiting on rebalances, restarts and session timeouts, so two at once halve the
# suite on two cores. Each process starts its own broker; a file's tests stay in one process,
# so its module fixtures (the wheel build) run once.
JOBS ?= 2

test: $(STAMP) ## run the whole test suite, Kafka integration tests included
	$(BIN)/pytest -q -n $(JOBS) --dist loadfile $(ARGS)

test-fast: $(STAMP) ## unit and stream tests only (no broker)
	$(BIN)/pytest -q -n $(JOBS) --dist loadfile -m 'not kafka' $(ARGS)

lint: $(STAMP) ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check newsmon connectors streams tests bench
	$(BIN)/ruff format --check newsmon connectors streams tests bench
	$(BIN)/mypy

format: $(STAMP) ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format newsmon connectors streams tests bench
	$(BIN)/ruff check --fix newsmon connectors streams tests bench

bench: $(STAMP) ## run every benchmark under bench/ and print its figures
	@failed=""; for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "goals missed or errors in:$$failed"; exit 1; fi

broker: $(STAMP) ## start the local Kafka broker and print its bootstrap address
	$(BIN)/newsmon broker start

broker-stop: $(STAMP) ## stop the local Kafka broker
	$(BIN)/newsmon broker stop

clean: ## remove the virtualenv and caches (the broker cache in ~/.cache/newsmon stays)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
