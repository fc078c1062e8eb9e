"""safeguards: a compliance checklist engine for the safeguards proposed for the UN convention.

Everything lives under one import namespace: ``safeguards.engine`` (the library; its public API is
``safeguards.engine.__all__``, see ``docs/api.md``), ``safeguards.reports`` (the renderers) and
``safeguards.rules`` (the built-in catalog, data only).

In the checkout the three folders sit at the top level, where the design card puts them, and
``safeguards/`` holds links to them so that Python, mypy and import-linter see the installed
layout; the wheel maps the folders into this package (``package-dir`` in ``pyproject.toml``).
"""
