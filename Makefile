# The two commands of the README: `make demo` (the main job) and `make test` (every test).
# Both install what they need first (scripts/setup.sh) and reuse what an earlier run built.

VENV    := .venv
PY      := $(VENV)/bin/python
CMAKE   := $(VENV)/bin/cmake
BUILD   := build/cpp
JOBS    ?= 2
OUT     ?= out

# ccache keys relative to the checkout, so a fresh clone reuses what another clone compiled.
export CCACHE_BASEDIR  := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: stubs all setup cpp cpp-test python py-lint py-test test demo bench-build bench bench-setup \
        bench-peers format clean sanitize-build sanitize fuzz fuzz-fixed

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

test: cpp-test py-lint py-test sanitize fuzz-fixed

# Sanitizers: the C++ suite under AddressSanitizer + UndefinedBehaviorSanitizer (build/asan, Clang,
# -O1, with the libFuzzer targets of tests/fuzz), and the threaded tests (tests/threads) under
# ThreadSanitizer (build/tsan). Both stop at the first report.
SAN_CXX    ?= clang++
ASAN_BUILD := build/asan
TSAN_BUILD := build/tsan
SAN_CONFIG  = -G Ninja -DCMAKE_MAKE_PROGRAM=$(abspath $(VENV)/bin/ninja) -DCMAKE_CXX_COMPILER=$(SAN_CXX) \
              -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DPKENGINE_BUILD_TESTS=ON \
              -DPKENGINE_WERROR=ON
FUZZERS    := dataset drug simulate
export ASAN_OPTIONS  := abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS  := halt_on_error=1:second_deadlock_stack=1

sanitize-build: setup
	@$(CMAKE) -S . -B $(ASAN_BUILD) $(SAN_CONFIG) -DPKENGINE_SANITIZE=address,undefined \
	  -DPKENGINE_BUILD_FUZZERS=ON >/dev/null
	@$(CMAKE) --build $(ASAN_BUILD) -j $(JOBS) --target pkengine_tests pkengine_thread_tests \
	  $(addprefix pkengine_fuzz_,$(FUZZERS))
	@$(CMAKE) -S . -B $(TSAN_BUILD) $(SAN_CONFIG) -DPKENGINE_SANITIZE=thread >/dev/null
	@$(CMAKE) --build $(TSAN_BUILD) -j $(JOBS) --target pkengine_thread_tests

sanitize: sanitize-build
	@$(ASAN_BUILD)/tests/pkengine_tests
	@$(ASAN_BUILD)/tests/pkengine_thread_tests
	@$(TSAN_BUILD)/tests/pkengine_thread_tests

# Fuzzing: each libFuzzer target, after replaying every input that once crashed it
# (tests/fuzz/regressions/<target>). `make fuzz` searches freely for FUZZ_SECONDS per target (as
# long as asked), with a random seed, keeping what it finds in build/fuzz/corpus/<target>.
# `make test` runs `make fuzz-fixed`: seed FUZZ_SEED, FUZZ_RUNS_<target> inputs, from the seed
# corpus tests/fuzz/corpus/<target> alone, so every machine and every run tries the same inputs (a
# gate must not pass or fail by chance; FUZZ_SECONDS, 60 s, caps a slow machine, which then tries
# a prefix of the same sequence). A crash leaves its input in build/fuzz/artifacts.
FUZZ_SECONDS ?= 60
FUZZ_SEED    ?= 1
# Inputs per target in make test: about 50 s each on this 2-core machine under ASan.
FUZZ_RUNS_dataset  ?= 150000
FUZZ_RUNS_drug     ?= 11000
FUZZ_RUNS_simulate ?= 22000
FUZZ_BUILD   := build/fuzz

# $(call run-fuzzers,fixed or free): fixed = the make test sequence, free = a search.
export FUZZ_RUNS_dataset FUZZ_RUNS_drug FUZZ_RUNS_simulate
define run-fuzzers
	@for t in $(FUZZERS); do \
	  bin=$(ASAN_BUILD)/tests/fuzz/pkengine_fuzz_$$t; \
	  mkdir -p $(FUZZ_BUILD)/artifacts; \
	  if [ "$(1)" = fixed ]; then \
	    flags="-seed=$(FUZZ_SEED) -runs=$$(printenv FUZZ_RUNS_$$t)"; \
	    corpus=$(FUZZ_BUILD)/fixed/$$t; rm -rf $$corpus; \
	  else flags=""; corpus=$(FUZZ_BUILD)/corpus/$$t; fi; \
	  mkdir -p $$corpus; \
	  if ls tests/fuzz/regressions/$$t/* >/dev/null 2>&1; then \
	    $$bin tests/fuzz/regressions/$$t/* 2>$(FUZZ_BUILD)/$$t.log || { cat $(FUZZ_BUILD)/$$t.log; exit 1; }; fi; \
	  $$bin $$flags -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(abspath $(FUZZ_BUILD)/artifacts)/$$t- \
	    $$corpus tests/fuzz/corpus/$$t 2>$(FUZZ_BUILD)/$$t.log \
	    || { tail -60 $(FUZZ_BUILD)/$$t.log; exit 1; }; \
	  echo "fuzz $$t: $$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(FUZZ_BUILD)/$$t.log \
	    | grep -o '[0-9]*$$') inputs, no crash"; \
	done
endef

fuzz: sanitize-build
	$(call run-fuzzers,free)

fuzz-fixed: sanitize-build
	$(call run-fuzzers,fixed)

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
