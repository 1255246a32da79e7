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
# -MMD -MP: each object's header dependencies, written by the compiler.
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -fPIC -MMD -MP -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)
# The library exports only what include/newsgraph.h marks NG_API.
LIB_CFLAGS = -fvisibility=hidden
# The CLI's last resort for the gazetteer: the source tree it was built in
# (an installed CLI finds PREFIX/share/newsgraph first). The library itself
# has no compiled-in paths.
SOURCE_DATA ?= $(abspath data)
LDLIBS_ALL = $(PKG_LIBS) -lm $(LDLIBS)

LIB_SRC  := $(sort $(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
# The NER trainer and the CoNLL reader: build tools, not in the library.
TRAIN_SRC := tools/ner_train.c tools/conll.c tools/pos_learn.c tools/parse_learn.c
TRAIN_OBJ := $(TRAIN_SRC:tools/%.c=$(BUILD)/obj/tools/%.o)
TRAIN_LIB := $(BUILD)/libngtrain.a
TRAINER   := build/tools/train-ner
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 20
SRC_H    := $(wildcard src/*.h)

# The default NER model is committed: models/ner.bin, trained only on
# openly licensed sets (models/MODEL.md, models/NOTICE), copied beside the
# CLI like pos.bin. `make train-open` retrains it from ../shared.
SHARED     ?= ../shared
MODEL      := build/models/ner.bin
OPEN_DATA  := $(SHARED)/data/ner-open
OPEN_SETS  := $(shell grep '^[a-z0-9]' models/ner-open.sets)
OPEN_CLUSTERS := build/models/clusters-open.tsv
OPEN_TEXT  := build/models/ewt-train-text.txt
OPEN_CLUSTER_ARGS := --text $(OPEN_TEXT) $(foreach s,$(OPEN_SETS),--conll $(OPEN_DATA)/$(firstword $(subst :, ,$(s))))

# The CoNLL-2003 model, for research users who have the data: its terms
# forbid shipping it, so `make train-conll` builds it into build/conll
# (never the default, never committed), with a copy of the CLI that loads
# it (the CLI reads <its dir>/models). `make eval` scores both models.
CONLL_DIR   := build/conll
CONLL_MODEL := $(CONLL_DIR)/models/ner.bin
NER_DATA := $(SHARED)/data/conll2003-en/eng.train
NER_INPUTS := $(NER_DATA) $(SHARED)/data/conll2003-en/eng.testa $(SHARED)/data/geonames/countryInfo.txt \
              $(SHARED)/data/geonames/admin1CodesASCII.txt $(SHARED)/data/geonames/cities15000.txt.gz \
              $(addprefix lexicons/,demonyms.tsv org_words.txt titles.txt first_names.txt organisations.txt) src/tagger.c tools/ner_train.c src/tagger.h
CONLL_EVAL := $(if $(wildcard $(NER_DATA)),$(CONLL_MODEL) $(CONLL_DIR)/models/pos.bin $(CONLL_DIR)/newsgraph)

# Word clusters for the CoNLL model, learned by tools/clusters.c from raw news
# text in ../shared (research-only text, so the table is built here and
# stored inside the CoNLL ner.bin, never committed; see models/MODEL.md). The HTML
# pages go through our own extractor first; eng.testa/testb text is never read.
CLUSTERS     := build/models/clusters.tsv
CLUSTER_TOOL := build/tools/clusters
RAW_TEXT     := build/models/raw-news.jsonl
D := $(SHARED)/data
CLUSTER_HTML := $(wildcard $(D)/news-html-corpus/l3s-gn1/original $(D)/news-html-corpus/dragnet-2012/html \
                  $(D)/news-html-corpus/postlight-fixtures/html $(D)/article-extraction-benchmark/html)
CLUSTER_ARGS := $(addprefix --text ,$(wildcard $(D)/news-text-bbc $(D)/quotes_polnear/train/text $(D)/quotes_polnear/dev/text)) \
                $(addprefix --gmb ,$(wildcard $(D)/ner-gmb/ner_dataset.csv.gz)) --conll $(NER_DATA)

POS_MODEL := build/models/pos.bin
PARSE_MODEL := build/models/parse.bin
PARSE_TRAIN_ARGS ?= --epochs 20 --jackknife 5 --trans-bits 19 --label-bits 14 --seed 1
POS_DATA  := $(SHARED)/data/ud-english

# (the phony list)
.PHONY: tsan train train-pos train-parse train-syntax train-open train-conll gazetteer lexicons lexicons-words lexicons-entity lexicons-events lexicons-check all lib test unit cli-test golden seed sanitize fuzz fuzz-build eval bench install uninstall clean
all: $(BUILD)/newsgraph $(BUILD)/libnewsgraph.so $(BUILD)/newsgraph.pc $(BUILD)/newsgraph-store.pc $(MODEL) $(POS_MODEL) $(PARSE_MODEL)

# The POS model is committed (models/pos.bin: UD English EWT, CC BY-SA 4.0,
# models/NOTICE) and copied beside ner.bin, where the CLI looks. `make
# train-pos` retrains it from ../shared; nothing else does.
$(POS_MODEL): models/pos.bin
	@mkdir -p build/models
	cp models/pos.bin $@
train-pos: build/tools/train-pos
	build/tools/train-pos --train $(POS_DATA)/en_ewt-ud-train.conllu.gz --dev $(POS_DATA)/en_ewt-ud-dev.conllu.gz \
	    --epochs 12 --hash-bits 18 --upos-bits 18 --models 2 --seed 1 --out models/pos.bin
	cp models/pos.bin $(POS_MODEL)

# The language identifier's model, src/langid_model.h (committed), compiled
# from the texts lexicons/langid/<code>.txt by tools/train_langid.c; the
# texts are our own writing (models/MODEL.md). Only `make train-langid`
# rebuilds it.
.PHONY: train-langid
$(BUILD)/tools/train-langid: tools/train_langid.c $(BUILD)/libnewsgraph.a
	@mkdir -p $(BUILD)/tools
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)
train-langid: $(BUILD)/tools/train-langid
	$(BUILD)/tools/train-langid --dir lexicons/langid --out src/langid_model.h

# The parser model likewise (models/parse.bin, same data and license);
# `make train-parse` retrains it with the committed pos.bin's tags for dev
# and jackknifed tags for train (models/MODEL.md).
$(PARSE_MODEL): models/parse.bin
	@mkdir -p build/models
	cp models/parse.bin $@
train-parse: build/tools/train-parse
	nice build/tools/train-parse --train $(POS_DATA)/en_ewt-ud-train.conllu.gz --dev $(POS_DATA)/en_ewt-ud-dev.conllu.gz \
	    --pos models/pos.bin $(PARSE_TRAIN_ARGS) --out models/parse.bin
	cp models/parse.bin $(PARSE_MODEL)
# Both committed syntax models, in order (the parser is trained on pos.bin's
# tags). `make train` stays the NER model's: built here, never committed.
train-syntax:
	$(MAKE) train-pos
	$(MAKE) train-parse

$(MODEL): models/ner.bin
	@mkdir -p build/models
	cp models/ner.bin $@

# Deterministic: the same sets, lexicons and GeoNames give the same bytes.
train-open: $(TRAINER) $(CLUSTER_TOOL)
	@mkdir -p build/models
	gzip -dc $(SHARED)/data/ud-english/en_ewt-ud-train.conllu.gz | sed -n 's/^# text = //p' > $(OPEN_TEXT)
	nice $(CLUSTER_TOOL) -o $(OPEN_CLUSTERS) $(OPEN_CLUSTER_ARGS)
	nice $(TRAINER) $(foreach s,$(OPEN_SETS),--train $(OPEN_DATA)/$(s)) \
	    --geonames $(SHARED)/data/geonames --lexicons lexicons --two-pass --ensemble 2 --hash-bits 17 \
	    --clusters $(OPEN_CLUSTERS) --out models/ner.bin
	cp models/ner.bin $(MODEL)

train-conll: $(CONLL_MODEL) $(CONLL_DIR)/models/pos.bin $(CONLL_DIR)/newsgraph
$(CONLL_MODEL): $(NER_INPUTS) $(CLUSTERS) $(TRAINER) | build/newsgraph
	@mkdir -p $(CONLL_DIR)/models
	nice $(TRAINER) --train $(SHARED)/data/conll2003-en/eng.train --dev $(SHARED)/data/conll2003-en/eng.testa \
	    --geonames $(SHARED)/data/geonames --lexicons lexicons --two-pass --ensemble 2 --hash-bits 17 \
	    --clusters $(CLUSTERS) --out $@
# The POS model beside it, for the stages that need it; a new pos.bin is
# copied, never a reason to retrain the NER model.
$(CONLL_DIR)/models/pos.bin: $(POS_MODEL)
	@mkdir -p $(CONLL_DIR)/models
	cp $(POS_MODEL) $@
$(CONLL_DIR)/newsgraph: build/newsgraph
	@mkdir -p $(CONLL_DIR)
	cp build/newsgraph $@

# The extractor's text of the HTML pages (order-only on the program, like
# the model: extractor changes barely move the clusters).
$(RAW_TEXT): | build/newsgraph
	@mkdir -p build/models
	build/newsgraph extract --no-ner --gazetteer '' --quiet $(CLUSTER_HTML) > $@.tmp && mv $@.tmp $@

$(CLUSTERS): $(CLUSTER_TOOL) $(RAW_TEXT) $(NER_DATA)
	nice $(CLUSTER_TOOL) -o $@ $(CLUSTER_ARGS) --jsonl $(RAW_TEXT)

# Order-only on the library, like the model on the program: a library change
# does not redo the clusters and the model (make train does).
$(CLUSTER_TOOL): tools/clusters.c | build/newsgraph
	@mkdir -p build/tools
	$(CC) $(CFLAGS_ALL) -o $@ $< build/libnewsgraph.a $(LDLIBS_ALL)

ifneq ($(BUILD),build)
build/newsgraph:
	$(MAKE) BUILD=build build/newsgraph
build/tools/train-ner:
	$(MAKE) BUILD=build build/tools/train-ner
build/tools/train-pos:
	$(MAKE) BUILD=build build/tools/train-pos
build/tools/train-parse:
	$(MAKE) BUILD=build build/tools/train-parse
endif

# The parser's trainer: like train-pos; it tags its data with models/pos.bin.
$(BUILD)/tools/train-parse: tools/train_parse.c $(TRAIN_LIB) $(BUILD)/libnewsgraph.a
	@mkdir -p $(BUILD)/tools
	$(CC) $(CFLAGS_ALL) -Itools -o $@ $< $(TRAIN_LIB) $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)

# The trainer links the library's internal objects (static library).
$(BUILD)/tools/train-ner: tools/train_ner.c $(TRAIN_LIB) $(BUILD)/libnewsgraph.a
	@mkdir -p $(BUILD)/tools
	$(CC) $(CFLAGS_ALL) -Itools -o $@ $< $(TRAIN_LIB) $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)

# The POS trainer: like train-ner, over the internal objects.
$(BUILD)/tools/train-pos: tools/train_pos.c $(TRAIN_LIB) $(BUILD)/libnewsgraph.a
	@mkdir -p $(BUILD)/tools
	$(CC) $(CFLAGS_ALL) -Itools -o $@ $< $(TRAIN_LIB) $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)

$(BUILD)/obj/tools/%.o: tools/%.c
	@mkdir -p $(BUILD)/obj/tools
	$(CC) $(CFLAGS_ALL) -Itools -c -o $@ $<

$(TRAIN_LIB): $(TRAIN_OBJ)
	rm -f $@ && ar rcs $@ $^

train:
	rm -f $(CONLL_MODEL)
	$(MAKE) train-conll

lib: $(BUILD)/libnewsgraph.a

$(BUILD)/obj/%.o: src/%.c Makefile | $(BUILD)/obj
	$(CC) $(CFLAGS_ALL) $(LIB_CFLAGS) -c -o $@ $<

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/tools/*.d $(BUILD)/*.d $(BUILD)/tests/*.d)

# make lexicons: recompile lexicons/*.tsv into src/*.h tables; with
# VADER=path/to/vader_lexicon.txt also rebuild lexicons/tone.tsv from it.
VADER ?=
lexicons: lexicons-words lexicons-entity lexicons-events
# verbs.tsv with each stage's own word list, and tone.tsv (lexicons/README.md)
lexicons-words:
	python3 tools/gen_lexicons.py $(if $(VADER),--vader $(VADER))
# The event coder's tables (src/event_tables.h); lexicons/cameo_codes.tsv is
# refreshed from the CAMEO codebook lookups when ../shared is here.
CAMEO_CODEBOOK := $(SHARED)/data/cameo_codebook
lexicons-events:
	@if [ -f $(CAMEO_CODEBOOK)/icews_cameo-codes.utf8.csv ]; then \
	  python3 tools/gen_event_lexicon.py cameo $(CAMEO_CODEBOOK) > lexicons/cameo_codes.tsv.tmp && \
	  mv lexicons/cameo_codes.tsv.tmp lexicons/cameo_codes.tsv; fi
	python3 tools/gen_event_lexicon.py tables
# Fails naming each table in src/ that differs from what lexicons/ compile to.
lexicons-check:
	@sh tools/check_lexicons.sh

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/libnewsgraph.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

# soname 1: ng_options gained its size field, the pipeline its resources.
$(BUILD)/libnewsgraph.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libnewsgraph.so.1 -o $@ $^ $(LDLIBS_ALL)

# The store (store/, include/newsgraph_store.h): SQLite under the public
# header of the engine only (no -Isrc); the engine library has no SQLite.
STORE_SRC := $(sort $(wildcard store/*.c))
STORE_OBJ := $(STORE_SRC:store/%.c=$(BUILD)/obj/store/%.o)
STORE_LIBS := $(shell pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3) -lpthread
STORE_CFLAGS = $(CSTD) $(WARN) $(OPT) -fPIC -MMD -MP -Iinclude -Istore $(shell pkg-config --cflags sqlite3 2>/dev/null) $(CFLAGS)
$(BUILD)/obj/store/%.o: store/%.c Makefile
	@mkdir -p $(BUILD)/obj/store
	$(CC) $(STORE_CFLAGS) -c -o $@ $<
$(BUILD)/libnewsgraph_store.a: $(STORE_OBJ)
	rm -f $@ && ar rcs $@ $^
-include $(wildcard $(BUILD)/obj/store/*.d)
# The store's unit test sees its internal headers and links SQLite.
$(BUILD)/tests/test_store: tests/test_store.c $(BUILD)/libnewsgraph_store.a $(BUILD)/libnewsgraph.a | $(BUILD)/tests
	$(CC) $(STORE_CFLAGS) -Itests -o $@ $< $(BUILD)/libnewsgraph_store.a $(BUILD)/libnewsgraph.a $(LDLIBS_ALL) $(STORE_LIBS)

# The store's query-latency bench (bench/store.sh).
$(BUILD)/store_query: bench/store_query.c $(BUILD)/libnewsgraph_store.a $(BUILD)/libnewsgraph.a
	$(CC) $(STORE_CFLAGS) -o $@ $< $(BUILD)/libnewsgraph_store.a $(BUILD)/libnewsgraph.a $(LDLIBS_ALL) $(STORE_LIBS)

# The CLI sees only the public headers (no -Isrc). `serve` (server/) is
# part of it, on libmicrohttpd.
CLI_SRC := $(sort $(wildcard cli/*.c)) $(sort $(wildcard server/*.c))
MHD_LIBS := $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
CLI_CFLAGS = $(CSTD) $(WARN) $(OPT) -MMD -MP -Iinclude -Icli -Iserver -DNG_SOURCE_DATA='"$(SOURCE_DATA)"' \
             -DNG_SOURCE_WEB='"$(abspath web)"' $(shell pkg-config --cflags libmicrohttpd 2>/dev/null) $(CFLAGS)
$(BUILD)/newsgraph: $(CLI_SRC) $(BUILD)/libnewsgraph_store.a $(BUILD)/libnewsgraph.a
	$(CC) $(CLI_CFLAGS) -MF $(BUILD)/newsgraph.d -o $@ $(CLI_SRC) $(BUILD)/libnewsgraph_store.a $(BUILD)/libnewsgraph.a $(LDLIBS_ALL) $(STORE_LIBS) $(MHD_LIBS)
	@# Other builds (sanitizers, clang) find the one model as <dir of the program>/models.
	@if [ "$(BUILD)" != build ] && [ ! -e $(BUILD)/models ] && [ ! -L $(BUILD)/models ]; then ln -s $(abspath build/models) $(BUILD)/models; fi

$(BUILD)/newsgraph.pc: newsgraph.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/#define NG_VERSION "\(.*\)"/\1/p' include/newsgraph.h)|g' \
	    -e 's|@PKGS@|$(PKGS)|g' $< > $@

$(BUILD)/newsgraph-store.pc: newsgraph-store.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/#define NG_VERSION "\(.*\)"/\1/p' include/newsgraph.h)|g' $< > $@

$(BUILD)/tests/%: tests/%.c $(BUILD)/libnewsgraph.a $(TRAIN_LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) -Itests -Itools -o $@ $< $(TRAIN_LIB) $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)

# make test: the compiled lexicons are up to date (lexicons-check), unit tests,
# then CLI and golden tests against build/newsgraph.
test: lexicons-check unit cli-test golden seed

unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do $$t || fail=1; done; exit $$fail

cli-test: $(BUILD)/newsgraph $(BUILD)/tools/train-ner $(BUILD)/tools/train-pos $(BUILD)/tools/train-parse $(PARSE_MODEL)
	@fail=0; for t in tests/cli*.sh; do bash $$t $(BUILD)/newsgraph || fail=1; done; exit $$fail

golden: $(BUILD)/newsgraph
	@bash tests/golden.sh $(BUILD)/newsgraph

# The issues' acceptance checks on ../shared/seed (skipped without it).
# Never trains: `make` builds the model, tests only use what is there.
seed: $(BUILD)/newsgraph
	@python3 tests/seed.py $(BUILD)/newsgraph

# The unit and CLI tests again, built with AddressSanitizer and UBSan.
sanitize:
	$(MAKE) BUILD=build/asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDLIBS="-fsanitize=address,undefined" unit cli-test

# The CLI's threads (extract -j, ingest -j) under ThreadSanitizer (clang).
tsan:
	$(MAKE) CC=clang BUILD=build/tsan OPT="-O1 -g -fsanitize=thread" LDLIBS="-fsanitize=thread" build/tsan/newsgraph
	TSAN_OPTIONS=halt_on_error=1 bash tests/cli_jobs.sh build/tsan/newsgraph
	@# ingest: the extractors, ng_store_ingest's queue and the store's writer thread
	python3 tests/store_corpus.py 300 9 > build/tsan/ingest.jsonl && rm -f build/tsan/ingest.db*
	TSAN_OPTIONS=halt_on_error=1 build/tsan/newsgraph ingest -q -j 3 --db build/tsan/ingest.db build/tsan/ingest.jsonl

# libFuzzer targets (clang); each runs FUZZ_SECONDS.
# The library is compiled once with the fuzzer's coverage instrumentation
# (fuzzer-no-link) and each target links against it.
FUZZ_FLAGS := $(CSTD) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -Iinclude -Isrc -Itools \
              -MMD -MP $(PKG_CFLAGS)
FUZZ_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/fuzz/obj/%.o) $(TRAIN_SRC:tools/%.c=$(BUILD)/fuzz/obj/%.o)
fuzz-build: $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
$(BUILD)/fuzz/obj/%.o: src/%.c
	@mkdir -p $(BUILD)/fuzz/obj
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(BUILD)/fuzz/obj/%.o: tools/%.c
	@mkdir -p $(BUILD)/fuzz/obj
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
-include $(wildcard $(BUILD)/fuzz/obj/*.d)
$(BUILD)/fuzz/libfuzz.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/fuzz/%: fuzz/%.c $(BUILD)/fuzz/libfuzz.a
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/fuzz/libfuzz.a $(LDLIBS_ALL)
# The store's target links the store too, built with the same instrumentation, and SQLite.
FUZZ_STORE_OBJ := $(STORE_SRC:store/%.c=$(BUILD)/fuzz/obj/store/%.o)
-include $(wildcard $(BUILD)/fuzz/obj/store/*.d)
$(BUILD)/fuzz/obj/store/%.o: store/%.c
	@mkdir -p $(BUILD)/fuzz/obj/store
	clang $(FUZZ_FLAGS) -Istore -fsanitize=fuzzer-no-link -c -o $@ $<
$(BUILD)/fuzz/fuzz_store: fuzz/fuzz_store.c $(BUILD)/fuzz/libfuzz.a $(FUZZ_STORE_OBJ)
	clang $(FUZZ_FLAGS) -Istore -fsanitize=fuzzer -o $@ $< $(FUZZ_STORE_OBJ) $(BUILD)/fuzz/libfuzz.a $(LDLIBS_ALL) $(STORE_LIBS)
fuzz: fuzz-build
	@mkdir -p $(BUILD)/fuzz-corpus
	@set -e; for f in $(FUZZ_SRC:fuzz/%.c=%); do \
	  mkdir -p $(BUILD)/fuzz-corpus/$$f; \
	  seeds=; [ -d fuzz/corpus/$$f ] && seeds=fuzz/corpus/$$f; \
	  echo "fuzz: $$f for $(FUZZ_SECONDS)s"; \
	  $(BUILD)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 -print_final_stats=0 \
	      $(BUILD)/fuzz-corpus/$$f $$seeds 2>$(BUILD)/fuzz/$$f.log || { tail -50 $(BUILD)/fuzz/$$f.log; exit 1; }; \
	done; echo "fuzz: all targets ran clean"

# The entity resolver's compiled lexicons (src/entity_tables.h, committed).
# lexicons/countries.tsv is refreshed from GeoNames when ../shared is here.
GEONAMES_COUNTRIES ?= ../shared/data/geonames/countryInfo.txt
lexicons-entity:
	@if [ -f $(GEONAMES_COUNTRIES) ]; then \
	  python3 tools/gen_entity_tables.py countries $(GEONAMES_COUNTRIES) > lexicons/countries.tsv.tmp && \
	  mv lexicons/countries.tsv.tmp lexicons/countries.tsv; fi
	python3 tools/gen_entity_tables.py tables lexicons > src/entity_tables.h.tmp && mv src/entity_tables.h.tmp src/entity_tables.h

# The store's FIPS 10-4 country codes for the GDELT exports (store/fips_codes.h, committed).
.PHONY: store-fips
store-fips:
	python3 tools/gen_fips.py $(GEONAMES_COUNTRIES) > store/fips_codes.h.tmp && mv store/fips_codes.h.tmp store/fips_codes.h

$(BUILD)/obj/entity.o: src/entity_tables.h
$(BUILD)/obj/entity.o $(BUILD)/obj/record.o $(BUILD)/obj/pipeline.o: src/entity.h

# With ../shared's CoNLL-2003, eval also builds and scores the CoNLL model
# (eval/ner.py prints it next to the shipped open model).
eval: $(BUILD)/newsgraph $(BUILD)/entity_driver $(MODEL) $(CONLL_EVAL)
	python3 eval/run.py --bin $(BUILD)/newsgraph --out $(BUILD)/eval

# Rebuilds data/gazetteer.bin from GeoNames (see data/GAZETTEER.md).
GEONAMES ?= ../shared/data/geonames
GAZ_MIN_POP ?= 2000
GAZ_ALT_MIN_POP ?= 15000
$(BUILD)/tools/gazetteer: tools/gazetteer.c $(BUILD)/libnewsgraph.a
	@mkdir -p $(BUILD)/tools
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)
gazetteer: $(BUILD)/tools/gazetteer
	$(BUILD)/tools/gazetteer -o data/gazetteer.bin --countries $(GEONAMES)/countryInfo.txt \
	    --admin1 $(GEONAMES)/admin1CodesASCII.txt --cities $(GEONAMES)/cities15000.txt.gz \
	    --cities $(GEONAMES)/cities1000-2020-03-18.txt.gz --demonyms lexicons/demonyms.tsv \
	    --aliases lexicons/place_aliases.tsv --admin2 lexicons/us_counties.tsv --min-pop $(GAZ_MIN_POP) --alt-min-pop $(GAZ_ALT_MIN_POP)

bench: $(BUILD)/newsgraph $(BUILD)/entity_driver $(BUILD)/events_coder $(BUILD)/store_query
	bash bench/run.sh $(BUILD)/newsgraph
	bash bench/store.sh $(BUILD)/newsgraph

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BUILD)/newsgraph $(DESTDIR)$(PREFIX)/bin/newsgraph
	install -m 644 $(BUILD)/libnewsgraph.a $(DESTDIR)$(PREFIX)/lib/libnewsgraph.a
	install -m 755 $(BUILD)/libnewsgraph.so $(DESTDIR)$(PREFIX)/lib/libnewsgraph.so.1
	ln -sf libnewsgraph.so.1 $(DESTDIR)$(PREFIX)/lib/libnewsgraph.so
	install -m 644 include/newsgraph.h $(DESTDIR)$(PREFIX)/include/newsgraph.h
	install -m 644 $(BUILD)/libnewsgraph_store.a $(DESTDIR)$(PREFIX)/lib/libnewsgraph_store.a
	install -m 644 include/newsgraph_store.h $(DESTDIR)$(PREFIX)/include/newsgraph_store.h
	sed -e 's|^prefix=.*|prefix=$(PREFIX)|' $(BUILD)/newsgraph-store.pc > $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsgraph-store.pc
	sed -e 's|^prefix=.*|prefix=$(PREFIX)|' $(BUILD)/newsgraph.pc > $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsgraph.pc
	install -d $(DESTDIR)$(PREFIX)/share/newsgraph
	install -m 644 data/gazetteer.bin $(DESTDIR)$(PREFIX)/share/newsgraph/gazetteer.bin
	@# The NER model (the committed open one: models/MODEL.md).
	if [ -f $(MODEL) ]; then install -d $(DESTDIR)$(PREFIX)/share/newsgraph && \
	    install -m 644 $(MODEL) $(DESTDIR)$(PREFIX)/share/newsgraph/ner.bin; fi
	install -m 644 models/pos.bin $(DESTDIR)$(PREFIX)/share/newsgraph/pos.bin
	install -m 644 models/parse.bin $(DESTDIR)$(PREFIX)/share/newsgraph/parse.bin
	@# The web UI of `newsgraph serve` (docs/api.md).
	install -d $(DESTDIR)$(PREFIX)/share/newsgraph/web/vendor
	install -m 644 web/*.html web/*.js web/*.css $(DESTDIR)$(PREFIX)/share/newsgraph/web/
	install -m 644 web/vendor/* $(DESTDIR)$(PREFIX)/share/newsgraph/web/vendor/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsgraph $(DESTDIR)$(PREFIX)/lib/libnewsgraph.* $(DESTDIR)$(PREFIX)/lib/libnewsgraph_store.a \
	    $(DESTDIR)$(PREFIX)/include/newsgraph.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsgraph.pc \
	    $(DESTDIR)$(PREFIX)/include/newsgraph_store.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/newsgraph-store.pc \
	    $(DESTDIR)$(PREFIX)/share/newsgraph/ner.bin $(DESTDIR)$(PREFIX)/share/newsgraph/pos.bin $(DESTDIR)$(PREFIX)/share/newsgraph/parse.bin \
	    $(DESTDIR)$(PREFIX)/share/newsgraph/gazetteer.bin
	rm -rf $(DESTDIR)$(PREFIX)/share/newsgraph/web

clean:
	rm -rf $(BUILD)

# The event coder's bench driver (bench/events.sh runs it from `make bench`).
$(BUILD)/events_coder: bench/events_coder.c $(BUILD)/libnewsgraph.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)

# Entity-resolution eval driver (eval/entity.py runs it from `make eval`).
$(BUILD)/entity_driver: eval/entity_driver.c $(BUILD)/libnewsgraph.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libnewsgraph.a $(LDLIBS_ALL)
