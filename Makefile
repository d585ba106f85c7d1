# A thin wrapper over CMake. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
DATA_DIR   ?= ./data
GENERATOR  := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all deps configure build run test asan bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Starts the all-in-one server on http://localhost:8000 (embedded queue, built-in model).
run: build
	@scripts/first-key.sh $(BUILD)/genx3d $(DATA_DIR)
	$(BUILD)/genx3d serve --data-dir $(DATA_DIR)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	cmake -S . -B $(BUILD)-asan $(GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DGENX3D_SANITIZE=ON
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS)

# The benchmark of issue 6: every scenario, medians of 3 runs (bench/run.sh --help).
# BENCH_ARGS passes flags and scenarios, e.g. make bench BENCH_ARGS="--quick --runs 1 amqp-raw".
bench: build
	bench/run.sh --build $(BUILD) $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) $(BUILD)-asan
