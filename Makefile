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

demo: deps
	cmake --preset release
	cmake --build --preset release --target village_to_county
	./build/release/examples/village_to_county build/release/village_to_county.db

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
