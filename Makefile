# The two commands: `make run` (set up everything and serve on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install migrate seed seed-district lint fmt messages bench bench-check bench-demo worker beat check-deploy clean \
	schema contract

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# The web server, a Celery worker and beat run together (Procfile.run); Ctrl-C stops all three.
run: seed
	@mkdir -p var/celery/queue var/celery/processed var/celery/control
	@echo "Portal on http://$(HOST):$(PORT)/ — demo accounts in README.md (password taijiang-demo)"
	PATH="$(CURDIR)/$(BIN):$$PATH" EMBEDDED_WORKER=1 HOST=$(HOST) PORT=$(PORT) \
		$(BIN)/honcho -f Procfile.run start

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

fmt: install
	$(BIN)/ruff check --fix .

# Refresh every zh_Hans/en catalogue after changing texts (needs GNU gettext), then translate
# the new English entries in <app>/locale/en/LC_MESSAGES/django.po and run it again.
messages: install
	$(BIN)/python manage.py catalogues

# District-scale benchmark (docs/performance.md): gunicorn with 2 workers on loopback, every role's
# pages, lists and writes, and a ceiling view; writes bench/results.json. Needs a PostgreSQL
# DATABASE_URL loaded by `make seed-district`. BENCH_ARGS e.g. "--requests 50 --only street".
BENCH_ARGS ?=
bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# CI's district-shaped check: a short bench on a `seed_demo --scale street` database that fails when a
# path takes more queries than benchmarks/budgets.json allows, answers 5xx or fails (never on time).
bench-check: install
	$(BIN)/python benchmarks/run.py --requests 4 --concurrency 2 --seconds 3 --budgets benchmarks/budgets.json $(BENCH_ARGS)

# Five years of Taijiang (~10M rows) on a freshly migrated PostgreSQL database (minutes).
seed-district: migrate
	$(BIN)/python manage.py seed_demo --scale district

# The quick in-process page timings on the small demo data (SQLite is fine).
bench-demo: install
	$(BIN)/python -m pytest benchmarks -q $(PYTEST_ARGS)

# The committed OpenAPI schema (docs/api.md, "Changing the API"): regenerate it after changing the API;
# tests/core/test_api_schema.py fails while the served schema differs from it.
# Generated against PostgreSQL (its integer ranges are the production ones): DATABASE_URL=postgres://… make schema
schema: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make schema needs DATABASE_URL=postgres://… (integer limits come from the database)"; exit 2;; esac
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file docs/api/openapi.yaml

# The API contract test (schemathesis, every check, each demo role) against gunicorn on a throwaway
# PostgreSQL database (DROPPED and reseeded): DATABASE_URL=postgres://…/taijiang_contract make contract
contract: install
	PY=$(BIN)/python scripts/contract.sh

worker: install
	$(BIN)/celery -A taijiang worker -l info

beat: install
	$(BIN)/celery -A taijiang beat -l info

check-deploy: install
	DJANGO_ENV=production SECRET_KEY=ci-$$(date +%s)-a-long-random-secret-key-for-checking-only-000000 \
	DATABASE_URL=sqlite:///tmp/check.sqlite3 FIELD_ENCRYPTION_KEYS=x8MCOvWlO8BuyXFNlIR1bMZVK0GSFgUdGzXSMe9YEjk= \
	LOOKUP_HASH_KEY=check-only ALLOWED_HOSTS=portal.example \
	SMS_BACKEND=taijiang.notifications.channels.HttpSmsBackend SMS_HTTP_URL=https://sms-gateway.example/v1/messages \
	SMS_HTTP_TOKEN=check-only \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
