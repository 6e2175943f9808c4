#!/usr/bin/env bash
# Writes the type stubs of the compiled module pkengine._core (pybind11-stubgen) into the Python
# package, or, with --check, fails if the committed stubs differ from freshly generated ones.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Default values that are enum members or option objects have no Python literal: they become `...`.
"$PY" -m pybind11_stubgen pkengine._core -o "$out" \
  --enum-class-locations "Route|FChoice|SolverPath|Stepper|EventKind|SteadyState|RateSource:pkengine._core" \
  --enum-class-locations "AucMethod:pkengine._core.nca" \
  --ignore-invalid-expressions "<.*>" \
  --ignore-unresolved-names "np\.ndarray|_core\.Result" >/dev/null 2>&1 || {
  echo "make_stubs: pybind11-stubgen failed" >&2
  "$PY" -m pybind11_stubgen pkengine._core -o "$out" >&2 || true
  exit 1
}
target=bindings/python/pkengine/_core
if [ "${1:-}" = "--check" ]; then
  diff -ru "$target" "$out/pkengine/_core" || {
    echo "make_stubs: the stubs in $target are out of date; run scripts/make_stubs.sh" >&2
    exit 1
  }
  exit 0
fi
rm -rf "$target"
cp -r "$out/pkengine/_core" "$target"
echo "make_stubs: wrote $target"
