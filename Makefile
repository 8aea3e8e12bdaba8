# Two commands do all set-up: `make report` (the study on the seed article) and `make test`.
# Each creates and fills .venv when it is missing or when the dependencies changed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.framing-installed
SEED   := seeds/000_c99cd6f376a91b6b.txt
# torch is pinned to the CPU build on this machine's disk; an unpinned torch pulls a CUDA build.
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: report test venv

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

report: $(STAMP)
	$(BIN)/framing paragraphs $(SEED) --out reports/$(basename $(notdir $(SEED)))/paragraphs.csv

test: $(STAMP)
	$(BIN)/python -m pytest -q
