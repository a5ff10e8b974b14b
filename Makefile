# encours: the whole interface is `make serve`, `make test`, `make build`
# and `make bench`. Each target installs what is missing first (the wasm
# target, Trunk, wasm-bindgen-cli, the npm packages, Chromium for tests) and
# skips what is already there. Builds run Trunk with --offline: wasm-bindgen
# and wasm-opt come from PATH, never from a download.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TRUNK_VERSION := 0.21.14
# Must equal the wasm-bindgen crate in Cargo.lock (pinned with `=` in Cargo.toml).
WASM_BINDGEN_VERSION := 0.2.130
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_HOME)/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export TRUNK_OFFLINE := true
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help wasm-target lint-tools trunk-tool wasm-bindgen-tool setup setup-build setup-test serve build test lint test-native test-e2e bench screenshots clean

help:
	@echo "make serve   build and serve the app on http://127.0.0.1:8080 (installs what is missing)"
	@echo "make test    format and clippy checks, native tests, then end-to-end tests in Chromium against a release build"
	@echo "make build   release build into dist/ (a static site)"
	@echo "make bench   benchmarks: 1,000,000 invoices natively and in the browser"

# ---- set-up (idempotent) ------------------------------------------------

setup-build: wasm-target trunk-tool wasm-bindgen-tool node_modules/.installed

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

lint-tools:
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

trunk-tool:
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "installing trunk $(TRUNK_VERSION) (about 10 minutes on 2 cores)"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; \
	fi

wasm-bindgen-tool:
	@lock=$$(awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock); \
	if [ "$$lock" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "Cargo.lock has wasm-bindgen $$lock but the Makefile pins $(WASM_BINDGEN_VERSION): update both together" >&2; exit 1; \
	fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nodejs npm; }
	npm ci --no-audit --no-fund
	@touch $@

setup-test: setup-build
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "installing Debian's chromium"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; \
	fi

setup: setup-test

# ---- build and serve ----------------------------------------------------

# The app into dist/, then the widget (a second binary and page, without the
# analysis code) into dist/widget/; then the pages' security policy, the
# static hosts' _headers and the offline service worker (.ci/postbuild.mjs).
build: setup-build
	trunk build index.html --offline --release
	trunk build widget.html --dist dist/widget --offline --release
	node .ci/postbuild.mjs dist

# Serves the release build as a static host would (trunk serve would
# rebuild dist/ without the widget beside it).
serve: build
	@echo "encours on http://127.0.0.1:8080/"
	node tests/serve.mjs dist 8080

# ---- tests --------------------------------------------------------------

# The code stays as clean as it is: formatted, and no clippy warning on
# either target (the native core and tests, the wasm page, worker and widget).
lint: lint-tools wasm-target
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings

test-native:
	cargo test --locked

test-e2e: setup-test build
	playwright test -c tests/e2e/playwright.config.mjs

test: lint test-native test-e2e

# ---- benchmarks (not part of `make test`) -------------------------------

bench: setup-test build
	cargo bench --locked --bench import_kpis
	node tests/bench/browser.mjs

screenshots: setup-test build
	node tests/screenshots.mjs

clean:
	rm -rf dist target/e2e-results target/screenshots
