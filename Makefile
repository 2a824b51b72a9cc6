# Everything a fresh machine with Python >= 3.11 and make needs.
#   make book    set up .venv, fetch web assets, build the HTML from a clean _build
#   make test    set up, then unit tests, nbval (on two simulated CPUs), book build,
#                browser checks, the reader notebooks in JupyterLab
#   make jupyterlab  the reader notebooks in JupyterLab, in Binder's environment
#   make serve   serve _build/html on 127.0.0.1:8000
#   make refresh re-execute the notebooks in place (deterministic outputs) and
#                write their reader notebooks (notebooks/, plain Jupyter)
#   make reader  build the book, then write the reader notebooks from the build
#   make images  regenerate images/ from memlib's drawing code
#   make bench   benchmarks (not part of make test)
#   make lowest  unit tests against the lowest dependency versions pyproject.toml allows

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
PORT   ?= 8000
NB     ?=
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
QUIET_PIP := { grep -v "is ignored" || true; }
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: all setup assets book build serve test unit nbval browser jupyterlab lint lowest refresh reader images bench lock clean

all: book

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "the pinned book environment (requirements-lock.txt) needs Python >= 3.11;"; \
	  echo "run: make PYTHON=python3.11 ...   (memlib alone supports Python >= 3.10)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements-lock.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements-lock.txt 2>&1 | $(QUIET_PIP)
	$(PY) -m pip install --quiet --no-deps -e . 2>&1 | $(QUIET_PIP)
	$(PY) -m pip check
	$(PY) -c "import memlib, jupyter_book, nbval, playwright" && touch $(STAMP)

setup: $(STAMP)

assets: setup
	$(PY) tools/fetch_assets.py

build: assets
	rm -rf _build
	$(BIN)/jupyter-book build -W -n --keep-going .
	@echo "The book is at file://$(CURDIR)/_build/html/index.html (or run: make serve)"

book: build

serve:
	@test -d _build/html || { echo "no _build/html: run make book first"; exit 1; }
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

lint: setup
	$(BIN)/ruff check memlib tests tools benchmarks chapters notebooks

unit: setup
	$(BIN)/pytest tests -q

NBVAL := $(BIN)/pytest -q --nbval --nbval-current-env --nbval-cell-timeout=300 \
	--nbval-sanitize-with tests/nbval_sanitize.cfg chapters

# Twice: as this machine runs it, then as a different machine would (OpenBLAS's
# generic Prescott kernel, one thread, numpy without its AVX2/AVX-512 code), so
# no stored output may depend on the CPU.
nbval: setup
	$(NBVAL)
	@echo "nbval again, as on another CPU: OpenBLAS Prescott kernel, 1 thread, numpy baseline SIMD"
	OPENBLAS_CORETYPE=Prescott OPENBLAS_NUM_THREADS=1 \
	NPY_DISABLE_CPU_FEATURES="$$($(PY) tools/dispatched_simd.py)" $(NBVAL)

browser: build
	$(PY) tools/reader.py --check --html _build/html
	$(PY) tests/browser_check.py _build/html

# The reader notebooks (NOTEBOOKS=folder) in a real JupyterLab, in the environment
# Binder builds from binder/ (made in .venv-binder; playwright from .venv drives it).
NOTEBOOKS ?= notebooks
jupyterlab: setup
	$(PY) tests/jupyterlab_check.py $(NOTEBOOKS)

test: lint unit nbval browser jupyterlab
	@echo "make test: all checks passed"

# The unit tests against the lowest versions pyproject.toml allows (uv's
# lowest-direct resolution), in a separate venv: the lower bounds must be true.
UV_VERSION := 0.13.9
LOWEST := .venv-lowest
lowest: setup
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)" 2>&1 | $(QUIET_PIP)
	rm -rf $(LOWEST)
	$(BIN)/uv venv --quiet --python $(PY) $(LOWEST)
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct -e ".[test]"
	$(BIN)/uv pip list --python $(LOWEST)/bin/python | grep -iE "^(numpy|matplotlib|ipywidgets|pytest|hypothesis) "
	@# old releases warn about their newer dependencies: not our concern here
	$(LOWEST)/bin/pytest -q tests -W "ignore::DeprecationWarning" -W "ignore::PendingDeprecationWarning"

refresh: setup
	$(PY) tools/refresh.py $(NB)

reader: build
	$(PY) tools/reader.py

images: setup
	$(PY) -m memlib.images images

bench: setup
	$(PY) -m pip install --quiet --no-deps --upgrade --target benchmarks/.deps -r benchmarks/requirements.txt 2>&1 | $(QUIET_PIP)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

lock: setup
	$(PY) -m pip freeze --exclude-editable | grep -v '^#' > requirements-lock.txt.new
	@echo "review requirements-lock.txt.new, then move it over requirements-lock.txt"

clean:
	rm -rf _build _vendor build $(LOWEST) .venv-binder
