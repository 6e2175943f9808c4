"""The examples in the docstrings of the Python package run and print what they show.

Every public function and class that the package defines in Python has a docstring with an
example (``>>>``); the compiled classes' docstrings give units (checked by tests/python/test_stubs
through the stubs)."""

import contextlib
import doctest
import importlib
import inspect
import io

import pytest

import pkengine

MODULES = [
    "pkengine",
    "pkengine.check",
    "pkengine.compare",
    "pkengine.dataset",
    "pkengine.display",
    "pkengine.drugs",
    "pkengine.model_params",
    "pkengine.nca",
    "pkengine.protocols",
    "pkengine.quantity",
    "pkengine.samples",
    "pkengine.simulation",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = io.StringIO()
    examples = 0
    for test in finder.find(module, name, globs={"pk": pkengine}):
        examples += len(test.examples)
        with contextlib.redirect_stdout(report):
            runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()
    assert examples > 0, f"{name} has no example"


@pytest.mark.parametrize("name", sorted(pkengine._docs.DOCS))
def test_compiled_class_docstring_examples(name):
    cls = getattr(pkengine, name)
    assert cls.__doc__ == pkengine._docs.DOCS[name]
    test = doctest.DocTestParser().get_doctest(cls.__doc__, {"pk": pkengine}, f"pkengine.{name}", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = io.StringIO()
    runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


def _public_objects(compiled: bool):
    for name in pkengine.__all__:
        value = getattr(pkengine, name)
        if not (inspect.isclass(value) or callable(value)):
            continue
        if value.__module__.startswith("pkengine._core") == compiled:
            yield name, value


@pytest.mark.parametrize("name, value", list(_public_objects(compiled=False)))
def test_public_python_names_have_a_docstring_with_an_example(name, value):
    doc = inspect.getdoc(value) or ""
    module_doc = inspect.getdoc(importlib.import_module(value.__module__)) or ""
    assert doc, f"pkengine.{name} has no docstring"
    assert ">>>" in doc or f"{name}(" in module_doc and ">>>" in module_doc, f"pkengine.{name}: no example"


@pytest.mark.parametrize("name, value", list(_public_objects(compiled=True)))
def test_public_compiled_names_have_an_example_that_runs(name, value):
    """Compiled classes, enums and functions: the example is in _docs.DOCS or, where Python cannot
    set a docstring (enums, functions), in the binding's C++ source; either way it runs."""
    doc = value.__doc__ or ""
    assert ">>>" in doc, f"pkengine.{name}: no example"
    test = doctest.DocTestParser().get_doctest(doc, {"pk": pkengine}, f"pkengine.{name}", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = io.StringIO()
    runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()
