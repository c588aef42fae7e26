# The compendium's two commands (see README):
#   make reproduce   create .venv, install everything, execute every notebook
#   make test        create .venv if needed, build the book, run all tests (unit, property, PySD,
#                    nbval, the book in a browser)
#   make book        build the book, English and Chinese editions, into _build/html/
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: reproduce test book book-catalogues benchmark lab explore-stills clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[notebooks,test,book,browser,lab]'
	touch $(STAMP)

reproduce: $(STAMP)
	$(BIN)/clustermodels reproduce

test: book
	$(BIN)/python -m pytest

book: $(STAMP)
	$(BIN)/python book/build.py

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
