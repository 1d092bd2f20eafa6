# Top-level convenience wrapper around CMake.
#   make deps   install the Debian packages listed in deps.txt
#   make        build build/embargo, libembargo.{a,so}, embargo.pc
#   make test   build and run every test through ctest
#   make demo   screen a few real names against the shipped lists
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PKGS := $(shell grep -v '^\#' deps.txt | tr '\n' ' ')

.PHONY: all deps check-deps test demo asan valgrind fuzz bench clean

all: check-deps $(BUILD)/Makefile
	@$(MAKE) --no-print-directory -C $(BUILD) -j$(JOBS)

# Install only what is missing, so `make` on a ready machine stays quiet.
check-deps:
	@missing=""; for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; $(MAKE) --no-print-directory deps; fi

# npm: Debian's package, unless the nodejs installed already ships one (a
# nodesource build, whose nodejs conflicts with Debian's npm)
deps:
	@SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(PKGS) && \
	{ command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }

$(BUILD)/Makefile: CMakeLists.txt | check-deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

test: all
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

demo: all
	@sh tests/demo.sh $(BUILD)/embargo

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CMAKE_FLAGS="-DEMBARGO_SANITIZE=ON" test

valgrind:
	@$(MAKE) --no-print-directory BUILD=build-vg CMAKE_FLAGS="-DEMBARGO_VALGRIND=ON" test

fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CMAKE_FLAGS="-DEMBARGO_FUZZ=ON -DCMAKE_C_COMPILER=clang" all

bench: all
	@sh bench/run.sh $(BUILD)

clean:
	rm -rf build build-asan build-vg build-fuzz
