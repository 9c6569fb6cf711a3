# qa_app: `make run` starts the demo; `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export QA_ASYNC_MODE ?= eventlet
# Commands that do not serve need no async library.
FLASK := QA_ASYNC_MODE=threading $(BIN)/flask --app qa_app

PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test install install-dev assets translations db system-deps bench-deps bench bench-scaleout lint audit clean

run: install assets translations db
	@echo ""
	@echo "  Attendee page:  http://$(HOST):$(PORT)/e/FRI-PES"
	@echo "  Moderator:      http://$(HOST):$(PORT)/e/FRI-PES/moderate"
	@echo "  Projector:      http://$(HOST):$(PORT)/e/FRI-PES/present"
	@echo ""
	@$(FLASK) demo --if-empty
	@echo ""
	$(BIN)/python wsgi.py --host $(HOST) --port $(PORT)

# Tests run on TEST_WORKERS processes (pytest-xdist; 0 runs them in this process).
TEST_WORKERS ?= 2
test: install-dev assets translations system-deps
	$(BIN)/ruff check .
	QA_ASYNC_MODE=threading $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Front-end packages (the Socket.IO browser client) come from npm, pinned by the lock file.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.runtime
	$(BIN)/pybabel compile -i $< -o $@

translations: $(MO_FILES)

db: install
	$(FLASK) init-db

# Browser tests use Debian's chromium; the PDF report uses Pango (WeasyPrint);
# pdftotext reads PDFs back in tests; the scale-out test puts nginx (deploy/nginx.conf) in
# front of two workers. Installed with apt-get when missing (RUNLEVEL=1: no daemon starts).
SYSTEM_PACKAGES := chromium fonts-dejavu-core fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 nginx-light
# $(call apt_ensure,PACKAGES): install with apt-get those that are missing.
define apt_ensure
	@missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef
system-deps:
	$(call apt_ensure,$(SYSTEM_PACKAGES))

# The scale-out benchmark puts nginx (deploy/nginx.conf) in front of the workers.
bench-deps:
	$(call apt_ensure,nginx-light)

bench: install-dev assets translations
	$(BIN)/python -m bench --short

# Known vulnerabilities in every pinned package (runtime, dev, and these tools), from PyPI's
# advisory data; needs the network, so it is not part of `make test`. The first run prints
# every finding and every package that could not be checked; the second (--strict) fails
# the audit when any package went unchecked, instead of passing silently.
AUDIT_ARGS := --disable-pip --no-deps --progress-spinner off \
  -r requirements.txt -r requirements-dev.txt -r requirements-audit.txt

$(VENV)/.audit: requirements-audit.txt $(VENV)/.dev
	$(BIN)/pip install --quiet -r requirements-audit.txt
	touch $@

audit: $(VENV)/.audit
	$(BIN)/pip-audit $(AUDIT_ARGS)
	$(BIN)/pip-audit --strict $(AUDIT_ARGS) >/dev/null
# Two eventlet workers behind nginx, PostgreSQL and Redis on 127.0.0.1 (both running).
SCALEOUT_ARGS ?= --clients 10000 --vote-rate 100 --question-rate 1 --duration 60
bench-scaleout: install-dev assets translations bench-deps
	$(BIN)/python -m bench --database postgresql --workers 2 --nginx $(SCALEOUT_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules instance $(MO_FILES)
