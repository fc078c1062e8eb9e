# Two commands matter: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

CHROMIUM ?= /usr/bin/chromium

.PHONY: setup browser demo test lint typecheck pytest bench docs schemas golden clean mutants fuzz

# Bytecode is compiled here, as installing a wheel does: some machines (CI images among them) set
# PYTHONDONTWRITEBYTECODE, and every command would otherwise compile the package at each start.
# The catalog is compiled here too: its parsed files go to the YAML cache (see
# engine/io/yamlcache.py), so that the first interactive command does not parse them. A catalog
# that does not load stops the setup with its problems located (rules lint).
setup: $(STAMP)
	@$(BIN)/python -m compileall -q safeguards/__init__.py engine reports > /dev/null
	@$(BIN)/safeguards --no-config rules list > /dev/null 2>&1 || $(BIN)/safeguards --no-config rules lint

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "safeguards needs Python 3.11 or newer (set PYTHON=...)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

demo: setup
	@mkdir -p out
	$(BIN)/safeguards check examples/jurisdictions/*.yaml --as-of 2026-11-29 --fail-on none \
	    --format text --format markdown --format json --format html \
	    -o out/jurisdictions.txt -o out/jurisdictions.md -o out/jurisdictions.json \
	    -o out/jurisdictions.html
	$(BIN)/safeguards matrix examples/jurisdictions/*.yaml --as-of 2026-11-29 --format html \
	    -o out/matrix.html
	$(BIN)/safeguards missing examples/jurisdictions/un-convention-2024.yaml --format markdown \
	    > out/un-convention-questions.md
	$(BIN)/safeguards check examples/workflows/*.yaml --as-of 2026-11-29 --fail-on none -o out/workflows.md --format markdown
	$(BIN)/safeguards audit examples/requests/examplecloud-2026.jsonl --workflow examples/workflows/strong.yaml \
	    --as-of 2026-11-29 --fail-on none --format markdown -o out/audit.md --findings out/findings.jsonl
	$(BIN)/safeguards transparency examples/requests/examplecloud-2026.jsonl --period 2026 \
	    --as-of 2026-11-29 --format html -o out/transparency.html
	$(BIN)/safeguards audit examples/requests/examplecloud-2026-spoiled.jsonl \
	    --workflow examples/workflows/strong.yaml --as-of 2026-11-29 --fail-on none \
	    --format markdown -o out/audit-spoiled.md --findings out/findings-spoiled.jsonl
	$(BIN)/python tools/jsonl_to_sqlite.py examples/requests/examplecloud-2026.jsonl -o out/requests.db
	$(BIN)/safeguards audit out/requests.db --workflow examples/workflows/strong.yaml \
	    --as-of 2026-11-29 --fail-on none --format markdown -o out/audit-database.md

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: setup
	$(BIN)/mypy

# The HTML report is tested in a real headless Chromium (Debian's `chromium`, as .ci/run does):
# installed here when missing and we are root with apt-get, else stop at once saying what to do.
browser:
	@test -x $(CHROMIUM) || { \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	        echo "installing chromium for the browser tests (apt-get)"; \
	        DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    fi; \
	    test -x $(CHROMIUM) || { echo "make test needs Chromium at $(CHROMIUM) for the browser tests: install it (Debian/Ubuntu: sudo apt-get install -y chromium), then run make test again" >&2; exit 1; }; \
	}

# One pytest worker per core the process may use (pytest-xdist; tests/conftest.py counts them as
# `--jobs 0` does).
pytest: setup browser
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q -n auto

test: browser lint typecheck pytest
	$(BIN)/safeguards rules lint

schemas: setup
	$(BIN)/python -m safeguards.engine.models.schemagen

docs: setup
	$(BIN)/python -m safeguards.engine.catalog.docs docs/catalog.md

golden: setup
	$(BIN)/pytest -q tests/test_golden.py --update-golden

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --sizes 50000 --malformed 0.2 --eval-records 0
	$(BIN)/python bench/designs.py
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/profiles.py
	$(BIN)/python bench/logs.py
	$(BIN)/python bench/instructions.py

# Hand mutations the suite must kill (tools/mutants.py): prints each verdict and the kill rate.
mutants: setup
	$(BIN)/python tools/mutants.py

# Spoiled copies of the bundled files through the commands for a minute (tools/fuzz.py): a case
# that crashes, leaves an exit 2 unplaced or lets a refused `set` touch its file is kept in out/fuzz/.
fuzz: setup
	$(BIN)/python tools/fuzz.py --seconds 60
