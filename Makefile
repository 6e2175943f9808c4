# The two commands of the README: `make demo` (the main job) and `make test` (every test).
# Both install what they need first (scripts/setup.sh) and reuse what an earlier run built.

VENV    := .venv
PY      := $(VENV)/bin/python
CMAKE   := $(VENV)/bin/cmake
BUILD   := build/cpp
JOBS    ?= 2
OUT     ?= out

.PHONY: stubs all setup cpp cpp-test python py-lint py-test test demo bench-build bench bench-setup \
        bench-peers format clean

all: test

setup:
	@scripts/setup.sh

cpp: setup
	@$(CMAKE) -S . -B $(BUILD) -G Ninja -DCMAKE_MAKE_PROGRAM=$(abspath $(VENV)/bin/ninja) \
	  -DCMAKE_BUILD_TYPE=Release -DPKENGINE_BUILD_TESTS=ON -DPKENGINE_WERROR=ON >/dev/null
	@$(CMAKE) --build $(BUILD) -j $(JOBS)

cpp-test: cpp
	@cd $(BUILD) && ../../$(VENV)/bin/ctest -j $(JOBS) --output-on-failure

python: setup
	@$(PY) -m pip install --quiet --no-build-isolation .

# Python tooling, as clang-format is for C++: ruff format and ruff check (pyproject.toml).
py-lint: setup
	@$(VENV)/bin/ruff format --check --quiet .
	@$(VENV)/bin/ruff check --quiet .

py-test: python
	@$(PY) -m pytest -q

test: cpp-test py-lint py-test

# Ketamine 0.5 mg/kg (70 kg) by every route (table, CSV, figure), the KIT series over two weeks
# with its 48 h integration windows and four planned sessions (timeline figure), and the check of
# the drug's defaults against published observations (table, GMFE, goodness-of-fit figure).
demo: python
	@mkdir -p $(OUT)
	@$(VENV)/bin/pkengine compare ketamine --dose 0.5mg/kg --weight 70kg \
	  --figure $(OUT)/ketamine_routes.png --out $(OUT)/ketamine_routes.csv
	@echo
	@$(VENV)/bin/pkengine protocol ketamine kit_series_murrough2013 --weight 70kg \
	  --sessions 1d,3d,6.5d,12.5d --figure $(OUT)/ketamine_kit_series.png
	@echo
	@$(VENV)/bin/pkengine check ketamine --out $(OUT)/ketamine_check.csv --figure $(OUT)/ketamine_check.png

stubs: python
	@PY=$(PY) scripts/make_stubs.sh

# Benchmarks: a separate optimised build with the Google Benchmark suite; never run by the tests.
# `make bench` prints mean, median, stddev and cv over BENCH_REPS repetitions and keeps every
# repetition in $(BENCH_BUILD)/results.json; BENCH_ARGS passes more flags (e.g.
# BENCH_ARGS=--benchmark_filter=Reference).
BENCH_BUILD := build/bench
BENCH_BIN   := $(BENCH_BUILD)/benchmarks/pkengine_bench
BENCH_REPS  ?= 5
BENCH_ARGS  ?=

bench-build: setup
	@$(CMAKE) -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_MAKE_PROGRAM=$(abspath $(VENV)/bin/ninja) \
	  -DCMAKE_BUILD_TYPE=Release -DPKENGINE_BUILD_BENCHMARKS=ON -DPKENGINE_WERROR=ON >/dev/null
	@$(CMAKE) --build $(BENCH_BUILD) -j $(JOBS) --target pkengine_bench

bench: bench-build
	@$(BENCH_BIN) --benchmark_repetitions=$(BENCH_REPS) --benchmark_display_aggregates_only=true \
	  --benchmark_out=$(BENCH_BUILD)/results.json --benchmark_out_format=json $(BENCH_ARGS)

# The peer comparison (scipy, libRoadRunner) needs requirements-bench.txt in the .venv.
# PEERS_ARGS passes flags to the script (e.g. PEERS_ARGS="--repetitions 15").
PEERS_ARGS ?=

bench-setup: setup
	@stamp=$(VENV)/.requirements-bench.sha256; want=$$(sha256sum requirements-bench.txt | cut -d' ' -f1); \
	if [ ! -f $$stamp ] || [ "$$(cat $$stamp)" != "$$want" ]; then \
	  echo "bench-setup: installing requirements-bench.txt into .venv"; \
	  $(PY) -m pip install --quiet -r requirements-bench.txt && echo "$$want" > $$stamp; fi

bench-peers: bench-setup python
	@$(PY) benchmarks/compare_peers.py $(PEERS_ARGS)

format:
	@find engine bindings tests examples benchmarks -name '*.hpp' -o -name '*.cpp' | xargs clang-format -i
	@$(VENV)/bin/ruff format --quiet .

clean:
	rm -rf build
