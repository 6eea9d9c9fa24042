# The two commands: `make run` serves the platform, `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 8000
# The address written in receipts, SMS and e-mails: the port served, unless set.
export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
VENDOR := src/vigilance/static/vendor

.PHONY: run test lint bench install assets catalogues clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --all-extras --inexact --quiet
	touch $@

install: $(VENV)/.installed

$(VENDOR)/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js
	cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/cytoscape.min.js
	touch $@

assets: $(VENDOR)/.built

# For developers, after changing strings: refresh both catalogues (needs GNU gettext), translate
# the new French entries, then compile (pure Python) and commit the .po and .mo files.
catalogues: install
	cd src/vigilance && ../../$(BIN)/django-admin makemessages -l fr -l en --ignore "*/migrations/*" --no-obsolete
	$(BIN)/python manage.py compile_catalogues

run: install assets
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py create_dev_certificate
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py seed_workspace --if-empty
	$(BIN)/python manage.py seed_alerts
	$(BIN)/python manage.py seed_statistics
	$(BIN)/python manage.py seed_exchange
	$(BIN)/python manage.py demo_logins --port $(PORT)
	$(BIN)/gunicorn vigilance.wsgi -c deploy/gunicorn.embedded.py --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile -

test: install assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	@# B101: asserts narrow types for mypy after the gates have checked (they guard nothing).
	$(BIN)/bandit -q -r src -x '*/migrations/*' --skip B101

bench: install assets
	$(BIN)/python bench/run.py

# Pictures of the main pages for the README, from a server started with `make run` (same PORT).
.PHONY: screenshots
screenshots: install
	$(BIN)/python bench/screenshots.py --base http://127.0.0.1:$(PORT)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/staticfiles
