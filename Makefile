# make run: install, migrate, load demo data, start web + worker + beat.
# make test: install, run the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
export FLASK_APP := wsgi.py

.PHONY: install translations messages run test lint system-packages fonts clean

install: $(STAMP) translations

$(STAMP): requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

translations: $(STAMP)
	$(VENV)/bin/pybabel compile -d workflow/translations -f

# Collect the messages into the template and merge it into each catalog; new and fuzzy entries
# then need a translation. pgettext's first argument is a context: one msgid, several meanings.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k pgettext:1c,2 -k lazy_pgettext:1c,2 \
	  -o workflow/translations/messages.pot .
	$(VENV)/bin/pybabel update -i workflow/translations/messages.pot -d workflow/translations

run: install fonts
	DEMO_MODE=$${DEMO_MODE:-1} $(VENV)/bin/flask db upgrade heads
	DEMO_MODE=$${DEMO_MODE:-1} $(VENV)/bin/flask calendar seed
	DEMO_MODE=$${DEMO_MODE:-1} $(VENV)/bin/flask seed-demo --if-empty
	DEMO_MODE=$${DEMO_MODE:-1} $(VENV)/bin/flask deadlines reschedule --missing
	DEMO_MODE=$${DEMO_MODE:-1} $(VENV)/bin/flask text reindex --missing
	DEMO_MODE=$${DEMO_MODE:-1} $(VENV)/bin/flask up --host $${HOST:-127.0.0.1} --port $${PORT:-5000}

# Debian packages the tests need: Chromium for browser tests; the 公文 faces of the reply letter
# (cwTeX 仿宋 and 楷书, AR PL KaitiM GB for the simplified characters cwTeX lacks, Noto CJK for
# the bold Song title and 黑体; WenQuanYi Zen Hei as a fallback; see workflow/letters/fonts.py);
# poppler-utils to look at PDF pages as pictures.
SYSTEM_PACKAGES := chromium fonts-cwtex-fs fonts-cwtex-kai fonts-arphic-gkai00mp fonts-noto-cjk \
  fonts-wqy-zenhei poppler-utils
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages: $$missing (sudo apt-get install $$missing)"; exit 1; fi; fi

# TrueType copies of the Noto CJK faces in var/fonts, which ReportLab can embed (skipped when
# done, and when fonts-noto-cjk is missing: the letter then falls back as fonts.py documents).
fonts: install
	$(PY) -m workflow.letters.font_cache

test: install system-packages fonts
	$(PY) -m pytest -q -n 2 --dist loadfile

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
