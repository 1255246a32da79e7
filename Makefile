# newsgraph build. `make` builds build/libnewsgraph.a, build/libnewsgraph.so
# and the CLI build/newsgraph. See README.md for the other targets.

CC       ?= cc
PREFIX   ?= /usr/local
BUILD    ?= build
PKGS     := zlib libzstd libutf8proc
CSTD     := -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
OPT      ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lz -lzstd -lutf8proc)
# Where the library looks for the place gazetteer when the caller names none.
GAZETTEER_PATH ?= $(abspath data/gazetteer.bin)
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -fPIC -Iinclude -Isrc $(PKG_CFLAGS) -DNG_GAZETTEER_PATH='"$(GAZETTEER_PATH)"' $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm $(LDLIBS)

LIB_SRC  := $(sort $(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 20

.PHONY: gazetteer all lib test unit cli-test golden sanitize fuzz fuzz-build eval bench install uninstall clean
all: $(BUILD)/newsgraph $(BUILD)/libnewsgraph.so $(BUILD)/newsgraph.pc

lib: $(BUILD)/libnewsgraph.a

$(BUILD)/obj/%.o: src/%.c src/internal.h include/newsgraph.h | $(BUILD)/obj
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/libnewsgraph.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libnewsgraph.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libnewsgraph.so.0 -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/newsgraph: cli/newsgraph.c $(BUILD)/libnewsgraph.a include/newsgraph.h
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)

$(BUILD)/newsgraph.pc: newsgraph.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/#define NG_VERSION "\(.*\)"/\1/p' include/newsgraph.h)|g' \
	    -e 's|@PKGS@|$(PKGS)|g' $< > $@

$(BUILD)/tests/%: tests/%.c tests/check.h $(BUILD)/libnewsgraph.a | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)

# make test: unit tests, then CLI and golden tests against build/newsgraph.
test: unit cli-test golden

unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do $$t || fail=1; done; exit $$fail

cli-test: $(BUILD)/newsgraph
	@fail=0; for t in tests/cli*.sh; do bash $$t $(BUILD)/newsgraph || fail=1; done; exit $$fail

golden: $(BUILD)/newsgraph
	@bash tests/golden.sh $(BUILD)/newsgraph

# The unit and CLI tests again, built with AddressSanitizer and UBSan.
sanitize:
	$(MAKE) BUILD=build/asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDLIBS="-fsanitize=address,undefined" unit cli-test

# libFuzzer targets (clang); each runs FUZZ_SECONDS.
fuzz-build: $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
$(BUILD)/fuzz/%: fuzz/%.c $(LIB_SRC) src/internal.h include/newsgraph.h
	@mkdir -p $(BUILD)/fuzz
	clang $(CSTD) $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Iinclude -Isrc \
	    -DNG_GAZETTEER_PATH='"$(GAZETTEER_PATH)"' \
	    $(PKG_CFLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS_ALL)
fuzz: fuzz-build
	@mkdir -p $(BUILD)/fuzz-corpus
	@set -e; for f in $(FUZZ_SRC:fuzz/%.c=%); do \
	  mkdir -p $(BUILD)/fuzz-corpus/$$f; \
	  seeds=; [ -d fuzz/corpus/$$f ] && seeds=fuzz/corpus/$$f; \
	  echo "fuzz: $$f for $(FUZZ_SECONDS)s"; \
	  $(BUILD)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 -print_final_stats=0 \
	      $(BUILD)/fuzz-corpus/$$f $$seeds 2>$(BUILD)/fuzz/$$f.log || { tail -50 $(BUILD)/fuzz/$$f.log; exit 1; }; \
	done; echo "fuzz: all targets ran clean"

# Rebuilds data/gazetteer.bin from GeoNames (see data/GAZETTEER.md).
GEONAMES ?= ../shared/data/geonames
GAZ_MIN_POP ?= 5000
GAZ_ALT_MIN_POP ?= 15000
$(BUILD)/tools/gazetteer: tools/gazetteer.c src/gazetteer.h $(BUILD)/libnewsgraph.a
	@mkdir -p $(BUILD)/tools
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)
gazetteer: $(BUILD)/tools/gazetteer
	$(BUILD)/tools/gazetteer -o data/gazetteer.bin --countries $(GEONAMES)/countryInfo.txt \
	    --admin1 $(GEONAMES)/admin1CodesASCII.txt --cities $(GEONAMES)/cities15000.txt.gz \
	    --cities $(GEONAMES)/cities1000-2020-03-18.txt.gz --demonyms lexicons/demonyms.tsv \
	    --aliases lexicons/place_aliases.tsv --min-pop $(GAZ_MIN_POP) --alt-min-pop $(GAZ_ALT_MIN_POP)

eval: $(BUILD)/newsgraph
	python3 eval/run.py --bin $(BUILD)/newsgraph --out $(BUILD)/eval

bench: $(BUILD)/newsgraph
	bash bench/run.sh $(BUILD)/newsgraph

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BUILD)/newsgraph $(DESTDIR)$(PREFIX)/bin/newsgraph
	install -m 644 $(BUILD)/libnewsgraph.a $(DESTDIR)$(PREFIX)/lib/libnewsgraph.a
	install -m 755 $(BUILD)/libnewsgraph.so $(DESTDIR)$(PREFIX)/lib/libnewsgraph.so.0
	ln -sf libnewsgraph.so.0 $(DESTDIR)$(PREFIX)/lib/libnewsgraph.so
	install -m 644 include/newsgraph.h $(DESTDIR)$(PREFIX)/include/newsgraph.h
	sed -e 's|^prefix=.*|prefix=$(PREFIX)|' $(BUILD)/newsgraph.pc > $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsgraph.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsgraph $(DESTDIR)$(PREFIX)/lib/libnewsgraph.* \
	    $(DESTDIR)$(PREFIX)/include/newsgraph.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsgraph.pc

clean:
	rm -rf $(BUILD)
