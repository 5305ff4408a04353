# The two commands a newcomer needs: `make test` and `make demo`. Each installs missing Debian
# packages first (as root), then configures, builds and runs with the CMake presets.
.PHONY: all deps test test-dev test-sanitizers demo docs bench clean

all: test

deps:
	@bash cmake/debian-packages.sh

# The whole suite, then again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps test-dev test-sanitizers

test-dev:
	cmake --preset dev
	cmake --build --preset dev
	ctest --preset dev

test-sanitizers:
	cmake --preset asan-ubsan
	cmake --build --preset asan-ubsan
	ctest --preset asan-ubsan

# One year of Xiangyuan county on the real engine, its journal in a SQLite file that is then reopened
# and checked.
DEMO_DB := build/release/xiangyuan-2025.db
demo: deps
	cmake --preset release
	cmake --build --preset release --target fengqiao_cli
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./build/release/fengqiao simulate --scenario data/scenarios/xiangyuan.json --db $(DEMO_DB)
	@echo
	@echo "Reopening $(DEMO_DB): the same cases, rebuilt from the file"
	./build/release/fengqiao stats --db $(DEMO_DB)
	./build/release/fengqiao verify $(DEMO_DB)

# Every benchmark, built in release mode, then one table of figures, references, ratios and targets
# measured in the same run (docs/benchmarks.md explains each row).
bench: deps
	cmake --preset release
	cmake --build --preset release --target benchmarks
	/usr/bin/python3 bench/report.py --build-dir build/release

docs: deps
	cmake --preset dev
	cmake --build --preset dev --target docs
	@echo "API reference: build/dev/docs/html/index.html"

clean:
	rm -rf build
