# ansinh: the two commands a new user needs are `make reconcile` and `make test`.
SHELL := /bin/bash

INPUT  ?= input
OUTPUT ?= output
CONFIG ?= pipelines/quang-binh.yaml
PERIOD ?=
YEAR   ?=

BIN := .build/release/ansinh
DEMO_SEED  := 2023
DEMO_SCALE := 1
SYNTH_SOURCES := $(wildcard Sources/Synth/*.swift Sources/VietText/*.swift)

.PHONY: reconcile test deps build demo clean bench bench-reconcile

## reconcile: build, make the demo data when INPUT is the demo folder, run every stage
reconcile: build $(if $(filter input,$(INPUT)),input/.generated)
	$(BIN) run --input "$(INPUT)" --output "$(OUTPUT)" --config "$(CONFIG)" \
	  $(if $(PERIOD),--period $(PERIOD)) $(if $(YEAR),--year $(YEAR))

## test: the whole test suite (debug build), with headless Chromium for the report's browser test
test:
	@scripts/ensure-deps.sh --test
	swift build --build-tests
	@# The tests' temp folders (warehouses, reports, national samples) go in one folder, removed
	@# at the end whatever the outcome: run after run they filled /tmp with gigabytes.
	scratch=$$(mktemp -d -t ansinh-tests.XXXXXX) && trap 'rm -rf "$$scratch"' EXIT && \
	  TMPDIR="$$scratch" swift test --skip-build --disable-swift-testing

deps:
	@scripts/ensure-deps.sh

build: deps
	swift build -c release --product ansinh

## demo: regenerate the demo district files under input/ (deterministic, seeded)
demo: build
	rm -rf input/*/ input/.truth input/.generated
	$(MAKE) input/.generated

input/.generated: $(SYNTH_SOURCES) pipelines/quang-binh-gazetteer.csv | build
	mkdir -p input
	find input -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
	$(BIN) synth --out input --truth input/.truth --scale $(DEMO_SCALE) --seed $(DEMO_SEED)
	touch $@

clean:
	rm -rf .build output input/*/ input/.truth input/.generated

## bench: release build; per stage wall time, rows/s and peak memory of `ansinh run` vs sqlite3 .import,
## scale 1 = the demo, 8 and 75 = national (SCALES="1 8", REPEATS=3, REPEATS75=1); output/bench.json
bench: build
	SCALES="$(SCALES)" REPEATS="$(REPEATS)" REPEATS75="$(REPEATS75)" scripts/bench.sh

## bench-reconcile: release build; the reconcile stage alone, 1M registry x 1M payment lines (SCALE=15; CONFIG=pipelines/vietnam.yaml SCALE=75: national), vs a sqlite3 join
bench-reconcile: build
	scripts/bench-reconcile.sh

.PHONY: accuracy
## accuracy: precision and recall per exception type and the review rate: probabilistic engine, deterministic rules, baseline (seeds 1 2 3, scale 0.3)
accuracy: build
	$(BIN) accuracy --config "$(CONFIG)" --json $(OUTPUT)/accuracy.json
