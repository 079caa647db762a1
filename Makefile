# Phoenix front door. Every target first makes sure the Debian packages are
# there (scripts/deps.sh, quiet when nothing is missing), then drives CMake in
# build/.
#   make          build everything
#   make test     build and run every test (what CI runs)
#   make demo     build, run the default experiment, write results and plots to out/demo
#   make bench    build and print every benchmark's JSON
#   make qemu     boot the kernel in QEMU for a person (serial on this terminal)
#   make clean    remove build/ and out/
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Debug

.PHONY: all deps configure build test demo bench qemu clean

all: build

deps:
	@scripts/deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)

qemu: build
	@scripts/qemu-run $(BUILD)

bench: build
	@for a in $$($(BUILD)/bench/phoenix-bench --help | sed -n 's/^  //p'); do \
		echo "== $$a"; $(BUILD)/bench/phoenix-bench $$a || exit 1; done

clean:
	rm -rf $(BUILD) out
