# The two commands of the README: `make demo` (the main job) and `make test` (every test).
# Both install what they need first (scripts/setup.sh) and reuse what an earlier run built.

VENV    := .venv
PY      := $(VENV)/bin/python
CMAKE   := $(VENV)/bin/cmake
BUILD   := build/cpp
JOBS    ?= 2
OUT     ?= out

.PHONY: stubs all setup cpp cpp-test python py-test test demo bench format clean

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

py-test: python
	@$(PY) -m pytest -q

test: cpp-test py-test

# Ketamine 0.5 mg/kg (70 kg) by every route (table, CSV, figure), then the KIT series over
# two weeks with its 48 h integration windows and four planned sessions (timeline figure).
demo: python
	@mkdir -p $(OUT)
	@$(VENV)/bin/pkengine compare ketamine --dose 0.5 --dose-unit mg/kg --weight 70 \
	  --figure $(OUT)/ketamine_routes.png --csv $(OUT)/ketamine_routes.csv
	@echo
	@$(VENV)/bin/pkengine protocol kit_series_murrough2013 --drug ketamine --weight 70 \
	  --sessions 1d,3d,6.5d,12.5d --figure $(OUT)/ketamine_kit_series.png

stubs: python
	@PY=$(PY) scripts/make_stubs.sh

format:
	@find engine bindings tests examples benchmarks -name '*.hpp' -o -name '*.cpp' | xargs clang-format -i

clean:
	rm -rf build
