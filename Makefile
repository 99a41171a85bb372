# Stadtbot Gera: the two commands are `make run` and `make test`.
# Everything else here is what they are made of, plus figures and upkeep.

VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)

.PHONY: run test install emulator browser train validate eval bench lock corrections clean help

help:
	@echo "make run     start the assistant (installs and trains when needed)"
	@echo "make test    install what the tests need and run them"
	@echo "make eval    NLU figures of four seeds on the blind and development sets"
	@echo "make bench   parse latency, training time, filing latency, backend throughput, staff pages"

run: install
	$(PY) -m scripts.run

test: install emulator browser
	$(PY) -m pytest

# The Bot API emulator of the Telegram end-to-end tests (Node 20; pinned by tests/telegram/package-lock.json).
emulator: tests/telegram/node_modules/.installed

tests/telegram/node_modules/.installed: tests/telegram/package.json tests/telegram/package-lock.json
	npm ci --prefix tests/telegram --no-audit --no-fund
	@touch $@

# Debian's Chromium for the staff web's browser tests (Playwright never downloads its own).
browser:
	scripts/install-chromium.sh

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt scripts/find-python.sh
	@test -x $(PY) || { python=$$(scripts/find-python.sh) && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check "pip==24.3.1"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip check
	@touch $@

train: install
	$(PY) -m scripts.train

validate: install
	$(PY) -m rasa data validate --config config.yml --domain domain.yml --data nlu/data nlu/rules nlu/stories

# Seeds that make eval and make bench train models with ("config" is config.yml's own).
SEEDS ?= config,1,2,3

eval: install
	$(PY) -m bench.nlu_eval --seeds $(SEEDS)

bench: train
	$(PY) -m bench.nlu_latency --seeds $(SEEDS)
	$(PY) -m bench.language_detection
	$(PY) -m bench.report_filing
	$(PY) -m bench.staff_pages

# Re-resolve the pinned set after changing requirements.txt.
lock: install
	(echo "# The full, tested set of packages (pip freeze of a clean install); regenerate with make lock"; \
	 $(PY) -m pip freeze --exclude-editable) > constraints.txt

# The staff's corrections as Rasa NLU YAML (<data dir>/corrections.yml) for a person to review and move into nlu/data/.
corrections: install
	$(PY) -m backend.staff.corrections export

clean:
	rm -rf $(VENV) models var .pytest_cache
