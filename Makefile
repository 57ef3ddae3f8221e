# Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
# Use the system's CA store (networks with a TLS-inspecting proxy, common in agencies).
export UV_SYSTEM_CERTS ?= 1
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := 3.11
DATA_DIR ?= $(or $(ASSISTANT_DATA_DIR),data)

.PHONY: run test test-fast install index serve eval eval-splits eval-conv fit headroom eval-baseline lint bench bench-reliability test-llm help browser llm-env

help:
	@echo "make run    install, index corpus/ if needed, serve chat + API on http://127.0.0.1:8000"
	@echo "make test   install and run every test (unit, integration, browser, evals)"
	@echo "make test-fast  the unit tests only (under a minute)"
	@echo "make lint   ruff and mypy"
	@echo "make test-llm  build llama.cpp's server (once, ~10 min), run the LLM tests against Gemma 3 270M"

$(UV):
	@echo "uv not found: installing it from PyPI into ~/.local"
	python3 -m pip install --user --quiet uv || python3 -m pip install --user --quiet --break-system-packages uv

install: $(UV)
	$(UV) sync --locked --python $(PY)

index: install
	$(UV) run assistant ingest

serve: install
	$(UV) run assistant serve

run: index serve

# The regression eval on the bundled corpus: exit 1 when an item that passed in the committed
# baseline fails now; reports in eval/out/. `make eval-baseline` accepts the current results.
eval: install index
	$(UV) run assistant eval --baseline eval/baseline.json --out eval/out

# The independent suites: dev (weights and thresholds are fitted on it) and test (only reported).
eval-splits: install index
	$(UV) run assistant eval --suite eval/suites/dev.jsonl --out eval/out/dev
	$(UV) run assistant eval --suite eval/suites/test.jsonl --out eval/out/test
	$(UV) run assistant eval --suite eval/suites/compound-dev.jsonl --out eval/out/compound-dev
	$(UV) run assistant eval --suite eval/suites/compound-test.jsonl --out eval/out/compound-test

# The conversation suites, resolved from their turns, then each last question asked alone as
# its writer's standalone version (the answerer's figure with a perfect resolver).
eval-conv: install index
	$(UV) run assistant eval --suite eval/suites/conv-dev.jsonl --out eval/out/conv-dev
	$(UV) run assistant eval --suite eval/suites/conv-test.jsonl --out eval/out/conv-test
	$(UV) run assistant eval --suite eval/suites/conv-dev.jsonl --standalone --out eval/out/conv-dev-alone
	$(UV) run assistant eval --suite eval/suites/conv-test.jsonl --standalone --out eval/out/conv-test-alone

# Refit on dev: the question-kind model (assistant/language/kinds.json), then the answerer's
# weights and threshold (assistant/answer/weights.json), which read the kinds it gives.
fit: install index
	$(UV) run python -m eval.fit_kinds
	$(UV) run python -m eval.fit

headroom: install index
	$(UV) run python -m eval.headroom

eval-baseline: install index
	$(UV) run assistant eval --baseline eval/baseline.json --update-baseline --out eval/out

lint: install
	$(UV) run ruff check .
	$(UV) run mypy assistant ingest eval ui

# The browser tests drive Debian's Chromium (never Playwright's own download, which needs internet).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) missing: installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y --no-install-recommends chromium; }

# The tests embed the corpus once into the same embedding cache that `assistant ingest` uses, so
# the eval's ingest afterwards (and a later `make run`) embeds nothing again.
TEST_CACHE := $(or $(ASSISTANT_CACHE_DIR),$(abspath $(DATA_DIR))/cache)

# Pure functions on real corpus snippets: no embedder, no Chroma, no browser.
test-fast: install
	$(UV) run pytest -q -m "not slow and not llm"

test: install browser
	ASSISTANT_CACHE_DIR=$(TEST_CACHE) $(UV) run pytest
	$(MAKE) --no-print-directory eval

bench: install
	$(UV) run python bench/ingest.py

# Serving while the corpus changes (16 clients; ingests, rebuilds, kills, two servers), and what
# an index generation costs at 1x and 10x the corpus.
bench-reliability: install
	$(UV) run python bench/reliability.py
	$(UV) run python bench/generations.py

# The LLM path against a real model server: llama-cpp-python[server] + Gemma 3 270M (Q4_K_M).
# It lives in its own environment (.venv-llm) so that plain `uv sync` never builds or removes it.
# llama.cpp is built for a portable CPU target: a native build crashes (SIGSEGV in
# ggml_backend_amx_mul_mat) on VMs whose CPU reports AMX the hypervisor does not allow.
# --no-cache: never reuse a wheel built natively elsewhere; a no-op once the env is built.
LLM_VENV := .venv-llm
LLM_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

llm-env: $(UV)
	CMAKE_ARGS="$(LLM_CMAKE_ARGS)" UV_PROJECT_ENVIRONMENT=$(LLM_VENV) $(UV) sync --locked \
	  --only-group llm-server --no-binary-package llama-cpp-python --no-cache --python $(PY)

test-llm: install llm-env
	$(UV) run python scripts/llm_server.py -- $(UV) run pytest -m llm tests/llm
