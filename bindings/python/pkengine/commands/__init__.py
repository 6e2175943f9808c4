"""Sub-commands of the ``pkengine`` command line, one module each (see :mod:`pkengine.cli`)."""
