# Every target installs what it needs into a local virtual environment first,
# so a fresh machine with only python3 can run `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test check unit bench soak redis-stop clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[testing,redis,github,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m typelink.demo

check: $(STAMP)
	$(VENV)/bin/ruff check typelink tests benchmarks
	$(VENV)/bin/ruff format --check typelink tests benchmarks
	$(VENV)/bin/mypy --strict typelink tests/typing
	$(VENV)/bin/pyright typelink tests/typing

unit: $(STAMP)
	$(PY) -m pytest

test: check unit

# `make bench QUICK=1` passes --quick to every benchmark script (a fast, rougher run).
bench: $(STAMP)
	$(PY) benchmarks/run_all.py $(if $(QUICK),--quick,)

# The long fault soak (10,000 calls on 8 threads); `make soak CALLS=2000` for a shorter one.
soak: $(STAMP)
	$(PY) -m tests.soak --calls $(or $(CALLS),10000)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
