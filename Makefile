# Stadtbot Gera: the two commands are `make run` and `make test`.
# Everything else here is what they are made of, plus figures and upkeep.

# Two runtimes: the Rasa side (Rasa server, action server, NLU, training, tests) on Python 3.10,
# bot/ and backend/ on Python 3.11 or newer in their own environment.
VENV := .venv
PY := $(VENV)/bin/python
APP_VENV := .venv-app
APP_PY := $(APP_VENV)/bin/python
export PYTHONPATH := $(CURDIR)

.PHONY: run run-scaled test test-fast test-scaled install install-test emulator browser services train validate eval bench bench-load fuzz lock corrections clean help

help:
	@echo "make run     start the assistant (installs and trains when needed)"
	@echo "make run-scaled  the same on PostgreSQL and Redis with two Rasa and two action server workers"
	@echo "make test    install what the tests need and run them"
	@echo "make test-fast  the in-process tests only (no training, Node or browser; under a minute)"
	@echo "make test-scaled  the end-to-end layer on the scaled configuration (PostgreSQL, Redis, two workers each)"
	@echo "make eval    NLU figures of four seeds on the blind and development sets; plain language of the chat's texts"
	@echo "make bench   parse latency, training time, filing latency, backend throughput, staff pages, launch-day load"
	@echo "make bench-load  where a turn's time goes; 50 and 100 citizens embedded and scaled; a Rasa worker killed"
	@echo "make fuzz    attacks: hostile Telegram updates, the Open311 API fuzzed, servers killed while citizens file"

run: install
	$(PY) -m scripts.run

# The scaled configuration on one machine (docs/betrieb.md): Rasa's conversations in PostgreSQL, its lock store in
# Redis (private servers from Debian's packages unless TRACKER_STORE_URL / LOCK_STORE_URL name the city's own),
# two Rasa and two action server workers. `make run` stays embedded (SQLite, one process each).
run-scaled: install services
	STADTBOT_SCALED=1 $(PY) -m scripts.run

# Tests in two layers. The fast layer (tests/fast, marker `fast`) runs in-process, each part on its own
# runtime: bot/ and backend/ (tests/fast/app) in .venv-app, actions/ and nlu/ (tests/fast/rasa) in .venv.
# The end-to-end layer (the rest of tests/) trains the model and starts the real processes, the Bot API
# emulator and Chromium; `make test` runs it after the fast layer.
# Two cores: the two environments install side by side, and the model trains while the fast layer runs
# (each job's output is printed whole when it ends); the end-to-end layer then finds the model trained.
# Then the end-to-end layer once more on the scaled configuration (test-scaled); its Debian packages install after
# Chromium's, not beside it (apt takes one installation at a time).
test:
	$(MAKE) --no-print-directory -j2 --output-sync=target test-fast train emulator browser
	$(MAKE) --no-print-directory services
	$(PY) -m pytest --ignore=tests/fast --durations=10
	STADTBOT_SCALED=1 $(PY) -m pytest --ignore=tests/fast --durations=10

# The end-to-end layer on the scaled configuration: private PostgreSQL and Redis, two workers each for Rasa and
# the actions (tests/conftest.py; tests/test_scaled.py proves the workers, the lock store and the tracker store).
test-scaled: install-test train emulator browser services
	STADTBOT_SCALED=1 $(PY) -m pytest --ignore=tests/fast --durations=10

test-fast: install install-test
	$(APP_PY) -m pytest tests/fast/app
	$(PY) -m pytest tests/fast/rasa

# The Bot API emulator of the Telegram end-to-end tests and axe-core for the staff web's accessibility audit
# (Node 20; pinned by tests/telegram/package-lock.json).
emulator: tests/telegram/node_modules/.installed

tests/telegram/node_modules/.installed: tests/telegram/package.json tests/telegram/package-lock.json
	npm ci --prefix tests/telegram --no-audit --no-fund
	@touch $@

# Debian's Chromium for the staff web's browser tests (Playwright never downloads its own).
browser:
	scripts/install-chromium.sh

# Debian's PostgreSQL and Redis for the scaled configuration (scripts/services.py starts private instances).
services:
	scripts/install-services.sh

install: $(VENV)/.installed $(APP_VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt scripts/find-python.sh
	@test -x $(PY) || { python=$$(scripts/find-python.sh) && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check "pip==24.3.1"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip check
	@touch $@

# pytest (and Playwright in .venv): only the tests need them, in both runtimes.
install-test: $(VENV)/.installed-test $(APP_VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt -c constraints.txt
	$(PY) -m pip check
	@touch $@

$(APP_VENV)/.installed-test: $(APP_VENV)/.installed requirements-test-app.txt
	$(APP_PY) -m pip install --quiet --disable-pip-version-check -r requirements-test-app.txt -c constraints-app.txt
	$(APP_PY) -m pip check
	@touch $@

$(APP_VENV)/.installed: requirements-app.txt constraints-app.txt scripts/find-python.sh
	@test -x $(APP_PY) || { python=$$(scripts/find-python.sh app) && "$$python" -m venv $(APP_VENV); }
	$(APP_PY) -m pip install --quiet --disable-pip-version-check "pip==24.3.1"
	$(APP_PY) -m pip install --quiet --disable-pip-version-check -r requirements-app.txt -c constraints-app.txt
	$(APP_PY) -m pip check
	@touch $@

train: install
	$(PY) -m scripts.train

validate: install
	$(PY) -m rasa data validate --config config.yml --domain domain.yml --data nlu/data nlu/rules nlu/stories

# The gazetteer of Gera (backend/geocoder/gazetteer.csv) from an OpenStreetMap extract, once, where there is internet:
# make gazetteer OSM=thueringen-latest.osm.pbf (README, "Ortsverzeichnis"); without OSM, the sourced partial data only.
.PHONY: gazetteer
gazetteer: $(APP_VENV)/.installed requirements-gazetteer.txt
	$(APP_PY) -m pip install --quiet --disable-pip-version-check -r requirements-gazetteer.txt -c constraints-app.txt
	$(APP_PY) -m backend.geocoder.build $(OSM)

# Seeds that make eval and make bench train models with ("config" is config.yml's own).
SEEDS ?= config,1,2,3

eval: install
	$(PY) -m bench.nlu_eval --seeds $(SEEDS)
	$(APP_PY) -m bench.geocoding_eval
	$(APP_PY) -m bench.lamp_matching
	$(APP_PY) -m bench.readability

bench: train $(APP_VENV)/.installed-test services
	$(PY) -m bench.nlu_latency --seeds $(SEEDS)
	$(PY) -m bench.language_detection
	$(PY) -m bench.report_filing
	$(PY) -m bench.staff_pages
	$(APP_PY) -m bench.blurring
	$(MAKE) --no-print-directory bench-load

# Launch day (issue 13): where a turn's time goes inside Rasa, the harness's ceiling (echo bot), then 50 and 100
# citizens on the embedded and on the scaled configuration, and 50 citizens while a Rasa worker is killed.
# About 15 minutes; run it on a quiet machine (each phase prints what else used the CPU).
bench-load: train $(APP_VENV)/.installed-test services
	$(PY) -m bench.turn_costs
	$(APP_PY) -m bench.load --echo
	$(APP_PY) -m bench.load --citizens 50 100
	$(APP_PY) -m bench.load --scaled --citizens 50 100
	$(APP_PY) -m bench.load --scaled --citizens 50 --kill-rasa-worker 30

# Proof by attack (issue 12): figures only, each exits 0; FUZZ_FLAGS=--strict makes a non-zero figure that should
# be zero fail the target. About 15 minutes on 2 cores.
fuzz: train install-test emulator
	$(PY) -m bench.fuzz_telegram $(FUZZ_FLAGS)
	$(PY) -m bench.fuzz_open311 $(FUZZ_FLAGS)
	$(PY) -m bench.faults $(FUZZ_FLAGS)

# Re-resolve the pinned sets after changing a requirements*.txt file.
lock: install install-test
	(echo "# The full, tested set of packages (pip freeze of a clean install); regenerate with make lock"; \
	 $(PY) -m pip freeze --exclude-editable) > constraints.txt
	(echo "# The full, tested set of packages of .venv-app (pip freeze of a clean install); regenerate with make lock"; \
	 $(APP_PY) -m pip freeze --exclude-editable) > constraints-app.txt

# The staff's corrections as Rasa NLU YAML (<data dir>/corrections.yml) for a person to review and move into nlu/data/.
corrections: install
	$(PY) -m backend.staff.corrections export

clean:
	rm -rf $(VENV) $(APP_VENV) models var .pytest_cache
