# The compendium's two commands (see README):
#   make reproduce   create .venv, install everything, execute every notebook
#   make test        create .venv if needed, build the book, run all tests (unit, property, PySD,
#                    nbval, the book in a browser)
#   make book        build the book, English and Chinese editions, into _build/html/
#   make pdf         each paper as a PDF per edition, into _build/pdf/{en,zh}/ (needs Debian's TeX: .ci/run)
#   make lock        after changing pyproject.toml's dependencies: remake requirements.lock
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: reproduce test book pdf book-catalogues benchmark lab lock explore-stills clean-venv

# The exact environment: every package at its locked version, checked against the lock's hashes;
# then the compendium itself, without letting pip pick any other version.
$(STAMP): pyproject.toml requirements.lock requirements-pip.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# pyproject.toml's dependencies and every extra, resolved for Python 3.11 (environment.yml's and
# Binder's) with the hashes of every file of each release; tests/test_lock.py fails until it is
# rerun. Versions already locked are kept; `make lock LOCK_ARGS=--upgrade` moves all to the newest.
UV_VERSION := 0.13.10
UV := .tools/bin/uv
LOCK_ARGS ?=
lock:
	test -x $(UV) || $(PYTHON) -m pip install --quiet --target .tools uv==$(UV_VERSION)
	$(UV) pip compile pyproject.toml --all-extras --generate-hashes \
		--python-version 3.11 --quiet $(LOCK_ARGS) -o requirements.lock

reproduce: $(STAMP)
	$(BIN)/clustermodels reproduce

test: book pdf
	$(BIN)/python -m pytest

book: $(STAMP)
	$(BIN)/python book/build.py

# after the book: the PDFs are also copied beside its pages, whose download menu links them
pdf: $(STAMP)
	$(BIN)/python book/build.py pdf

# after changing English text: update book/locales/zh_CN/*.po, then translate what is new or fuzzy
book-catalogues: $(STAMP)
	$(BIN)/python book/build.py gettext

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_01_supernetwork.py
	$(BIN)/python benchmarks/bench_02_innovation.py
	$(BIN)/python benchmarks/bench_03_goal_programming.py
	$(BIN)/python benchmarks/bench_04_water.py
	$(BIN)/python benchmarks/bench_reproduce.py $(BENCH_REPRODUCE_ARGS)
	$(BIN)/python benchmarks/bench_sweep.py $(BENCH_SWEEP_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

# after changing clustermodels/explore.py or an explored parameter: the book's still images of the
# panels (figures/explore/), taken in JupyterLab; then `make reproduce` embeds them
explore-stills: $(STAMP)
	$(BIN)/python book/explore_stills.py

clean-venv:
	rm -rf $(VENV)
