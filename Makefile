# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)

.PHONY: run serve worker test install lint format migrations messages demo clean bench load

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Serve the demo province on http://127.0.0.1:8000/ with an embedded SQLite database.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_admin
	JOBS_EAGER=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## Production: migrate, collect static files and serve with gunicorn on ${BIND:-127.0.0.1:8000}
## (config/gunicorn.py). Needs DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see
## README, Deployment.
serve: install
	PYTHON=$(BIN)/python scripts/serve.sh

## Background jobs (the national review roll-up, large imports): a worker taking them from
## the Redis queue at ${JOBS_REDIS_URL:-redis://127.0.0.1:6379/0}; run one or more beside
## `make serve`. See docs/performance.md, Background jobs.
worker: install
	$(BIN)/python manage.py jobs_worker

## Run the whole test suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise).
test: install
	$(BIN)/python -m pytest

## Benchmarks on PostgreSQL (not part of `make test`): DATABASE_URL must name a database kept
## for them; data is generated there on first run (~5 M figures). See docs/performance.md.
bench: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make bench needs DATABASE_URL=postgres://…/bench_scale"; exit 2;; esac
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## Many users at once against `make serve` on LOAD_HOST (default http://127.0.0.1:8000), which
## serves the benchmark database DATABASE_URL names with DJANGO_SETTINGS_MODULE=bench.serve_settings:
## first the baseline (the same users on the plain views of bench/urls.py; LOAD_BASELINE=0 skips
## it), then the app, each LOAD_USERS (50) for LOAD_TIME (3m) after the ramp-up (statistics
## reset once every user runs: sign-ins are left out); writes only with LOAD_WRITES=1, on a copy.
## Needs Locust (the `bench` extra). See docs/performance.md, Many users at once.
LOAD_HOST ?= http://127.0.0.1:8000
LOAD_USERS ?= 50
LOAD_RATE ?= 5
LOAD_TIME ?= 3m
LOAD_BASELINE ?= 1
LOCUST = $(BIN)/python -m locust -f bench/locustfile.py --headless --host $(LOAD_HOST) \
	-u $(LOAD_USERS) -r $(LOAD_RATE) -t $(LOAD_TIME) --reset-stats --only-summary --exit-code-on-error 0
load: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make load needs DATABASE_URL=postgres://…/bench_scale"; exit 2;; esac
	$(BIN)/python bench/run.py --load-user
	rm -f bench/results/load_baseline_stats.csv bench/results/load_baseline_db.json bench/results/load_db.json
	if [ "$(LOAD_BASELINE)" = 1 ]; then LOAD_BASELINE=1 LOAD_DB_STATS=bench/results/load_baseline_db.json \
		$(LOCUST) --csv bench/results/load_baseline; fi
	LOAD_BASELINE=0 LOAD_DB_STATS=bench/results/load_db.json $(LOCUST) --csv bench/results/load
	$(BIN)/python bench/load.py --users $(LOAD_USERS) --duration $(LOAD_TIME) \
		--baseline-stats bench/results/load_baseline_stats.csv \
		--figures $$(psql "$$DATABASE_URL" -Atc "select count(*) from indicators_measurement")

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the translation catalogues and compile them (needs gettext).
messages: install
	$(BIN)/python manage.py makemessages --locale vi --locale en --no-obsolete --ignore .venv
	$(BIN)/python manage.py compilemessages --ignore .venv

## Back up the database DATABASE_URL points to (SQLite when unset) into backups/.
backup: install
	scripts/backup.sh

## Replace the database's content with a backup: make restore FILE=backups/tracker-....dump
restore: install
	scripts/restore.sh "$(FILE)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
