# mzsearch — one non-recursive Makefile.
#   make            build mzindex and mzsearch into $(BUILD)/
#   make test       unit + end-to-end tests (closing line "N passed, N failed")
#   make check-asan the same tests built with AddressSanitizer + UBSan
#   make deps       install the Debian packages the build needs
#   make install    PREFIX=/usr/local by default: the programs, man pages,
#                   and libmzsearch (header, .a, .so, mzsearch.pc)
#   make eval / make bench   need ../shared (say so when it is absent)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man/man1
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR  ?= $(PREFIX)/lib
BUILD   ?= build
CC      ?= cc
CXX     ?= c++
OPT     ?= -O2 -g
SAN     ?=
WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter -Werror=format
# C only: a caller of an old libmzsearch signature fails to build
CWARN    = -Werror=incompatible-pointer-types
CPPFLAGS_ALL = -Iinclude -Ishim -Isegmenter -Icommon -D_GNU_SOURCE $(CPPFLAGS)
CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS   := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
LIBS_PKGS    := libarchive libxml-2.0
PKG_CFLAGS  := $(shell pkg-config --cflags $(LIBS_PKGS) 2>/dev/null || echo -I/usr/include/libxml2)
PKG_LIBS    := $(shell pkg-config --libs $(LIBS_PKGS) 2>/dev/null || echo -larchive -lxml2)
# libmicrohttpd: mzsearch --serve only (not the library), loaded when the
# server starts (dlopen: a search does not load it and GnuTLS under it).
MHD_CFLAGS  := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_SONAME  := $(shell objdump -p $$(pkg-config --variable=libdir libmicrohttpd \
                 2>/dev/null)/libmicrohttpd.so 2>/dev/null | sed -n 's/^ *SONAME *//p')
XAPIAN_CXXFLAGS := $(shell xapian-config --cxxflags 2>/dev/null)
XAPIAN_LIBS     := $(shell xapian-config --libs 2>/dev/null || echo -lxapian)
# Every object can go into libmzsearch.so: position independent, and only
# what include/mzsearch.h marks MZ_PUBLIC is exported from it.
LIBFLAGS     = -fPIC -fvisibility=hidden
CFLAGS_ALL   = -std=c11 $(OPT) $(SAN) $(WARN) $(CWARN) $(LIBFLAGS) $(CJSON_CFLAGS) $(PKG_CFLAGS) $(MHD_CFLAGS) $(CFLAGS)
CXXFLAGS_ALL = -std=c++17 $(OPT) $(SAN) $(WARN) $(LIBFLAGS) -fvisibility-inlines-hidden $(XAPIAN_CXXFLAGS) $(CXXFLAGS)
# Build and test packages (jq and xapian-tools are used by the tests).
# poppler-utils, antiword and catdoc read .pdf and .doc (optional at run
# time: without them such files are skipped with a reason); python3 makes
# the .docx test files.  libmicrohttpd serves mzsearch --serve; curl,
# chromium, chromium-driver and python3-selenium test it (the browser test
# is skipped where chromium is absent).
DEB_PACKAGES = clang libclang-rt-14-dev libxapian-dev libcjson-dev libarchive-dev libxml2-dev \
               pkg-config gcc g++ make jq xapian-tools python3 python3-jieba \
               poppler-utils antiword catdoc libmicrohttpd-dev curl \
               chromium chromium-driver python3-selenium
# libstdc++ first: the loader then finds its own symbols (most of the
# relocations at start-up) without walking past libxapian's (measured:
# 6% fewer instructions before main).
LDLIBS_ALL   = -lstdc++ $(XAPIAN_LIBS) $(CJSON_LIBS) $(PKG_LIBS) -lm $(LDLIBS)

# Objects are rebuilt when the flags change (an older build's objects were
# not position independent).
FLAGS_STAMP := $(BUILD)/flags.stamp
FLAGS_NOW    = $(CC) $(CXX) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(CXXFLAGS_ALL)
ifeq ($(filter clean deps deps-list,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD) && { echo '$(FLAGS_NOW)' | cmp -s - $(FLAGS_STAMP) || \
  echo '$(FLAGS_NOW)' >$(FLAGS_STAMP); })
endif

SEG_SRC   := $(wildcard segmenter/*.c)
COMMON_SRC:= $(wildcard common/*.c)
SHIM_SRC  := $(wildcard shim/*.cc)
IDX_SRC   := $(wildcard indexer/*.c)
QRY_SRC   := $(wildcard query/*.c)

obj = $(patsubst %.c,$(BUILD)/%.o,$(patsubst %.cc,$(BUILD)/%.o,$(1)))
LIB_OBJ := $(call obj,$(SEG_SRC) $(COMMON_SRC) $(SHIM_SRC)) $(BUILD)/common/sense_data.o
IDX_OBJ := $(call obj,$(IDX_SRC))
QRY_OBJ := $(call obj,$(QRY_SRC)) $(BUILD)/query/thesaurus_data.o \
           $(BUILD)/query/web_data.o
# The server (mzsearch --serve) and its page: in the program only.
SERVE_OBJ := $(BUILD)/query/serve.o $(BUILD)/query/serve_api.o \
             $(BUILD)/query/web_data.o
# Unit tests: tests/unit_*.c, each its own program linked with the library
# parts and with the indexer/query modules it names (not the programs':
# main.c, and mzindex's printer indexer/cli_print.c).
UNIT_SRC := $(wildcard tests/unit_*.c)
UNIT_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
IDX_LIBOBJ := $(filter-out $(BUILD)/indexer/main.o $(BUILD)/indexer/cli_%.o,$(IDX_OBJ))
QRY_LIBOBJ := $(filter-out $(BUILD)/query/main.o $(SERVE_OBJ),$(QRY_OBJ))

# libmzsearch: the engine (everything but the programs' main.c, and
# mzsearch's own printer and options), static and shared.  The shared one
# exports only the public header's functions.
LIB_VERSION := $(shell sed -n 's/^\#define MZ_VERSION "\(.*\)"/\1/p' common/version.h)
LIB_SONAME  := libmzsearch.so.0
PROG_ONLY   := $(BUILD)/query/print.o $(BUILD)/query/args.o \
               $(BUILD)/query/draft_cli.o $(SERVE_OBJ)
ENGINE_OBJ  := $(LIB_OBJ) $(IDX_LIBOBJ) $(filter-out $(PROG_ONLY),$(QRY_LIBOBJ))
LIBA  := $(BUILD)/libmzsearch.a
LIBSO := $(BUILD)/$(LIB_SONAME)

# Fuzz targets (tests/fuzz/fuzz_*.c) and the modules each one exercises.
FUZZ_TARGETS := text docx html query record
FUZZ_SRC_text  := segmenter/segment.c indexer/decode.c indexer/passage.c
FUZZ_SRC_docx  := $(FUZZ_SRC_text) indexer/extract.c
FUZZ_SRC_html  := $(FUZZ_SRC_docx)
FUZZ_SRC_query := segmenter/segment.c common/safetext.c query/parse.c query/match.c query/snippet.c \
                  query/sense.c query/seen.c common/sensedict.c $(BUILD)/common/sense_data.o
FUZZ_SRC_record := common/record.c
FUZZ_SECONDS ?= 60
REPLAY_BIN := $(patsubst %,$(BUILD)/tests/replay_%,$(FUZZ_TARGETS))

all: $(BUILD)/mzindex $(BUILD)/mzsearch lib $(BUILD)/built-from

# Which source the programs were built from, for the benches' reports: a
# copied build (bench-scale runs over one) still names its own commit.
$(BUILD)/built-from: $(BUILD)/mzindex $(BUILD)/mzsearch
	@{ git rev-parse --short HEAD 2>/dev/null || echo unknown; \
	  git status --porcelain -- indexer query shim segmenter common 2>/dev/null | cut -c4-; } >$@

lib: $(LIBA) $(LIBSO) $(BUILD)/libmzsearch.so

$(LIBA): $(ENGINE_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The version script keeps C++ template code (std::, Xapian's inlines)
# that default visibility would export out of the library's interface.
$(LIBSO): $(ENGINE_OBJ) $(BUILD)/libmzsearch.map
	$(CXX) $(OPT) $(SAN) -shared -Wl,-soname,$(LIB_SONAME) \
	  -Wl,--version-script=$(BUILD)/libmzsearch.map -o $@ $(ENGINE_OBJ) \
	  $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/libmzsearch.map: include/mzsearch.h
	@mkdir -p $(dir $@)
	@{ echo '{ global:'; \
	  grep '^MZ_PUBLIC' $< | grep -o 'mz_[a-z0-9_]*(' | sed 's/($$/;/'; \
	  echo 'local: *; };'; } >$@

$(BUILD)/libmzsearch.so: $(LIBSO)
	ln -sf $(LIB_SONAME) $@

# mzsearch.pc, written by make install (it names PREFIX's folders).
PC_LINES = 'prefix=$(PREFIX)' 'includedir=$(INCLUDEDIR)' \
	  'libdir=$(LIBDIR)' '' 'Name: mzsearch' \
	  'Description: full-text search of Chinese meeting materials (libmzsearch)' \
	  'Version: $(LIB_VERSION)' \
	  'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lmzsearch' \
	  'Libs.private: $(strip $(LDLIBS_ALL))'

$(BUILD)/mzindex: $(IDX_OBJ) $(LIB_OBJ)
	$(CXX) $(OPT) $(SAN) -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

# mzsearch hands a --similar draft to mzindex --extract (query/draft_cli.c):
# without the document readers' libraries (libarchive, libxml2 and ICU
# under it) it starts about twice as fast.
SRCH_OBJ := $(filter-out $(BUILD)/query/draft.o,$(QRY_OBJ))
$(BUILD)/mzsearch: $(SRCH_OBJ) $(LIB_OBJ)
	$(CXX) $(OPT) $(SAN) -o $@ $^ $(LDFLAGS) -lstdc++ $(XAPIAN_LIBS) \
	  $(CJSON_LIBS) -lpthread -ldl -lm $(LDLIBS)

$(BUILD)/query/serve.o: CPPFLAGS += $(if $(MHD_SONAME),-DMZ_MHD_SONAME='"$(MHD_SONAME)"')

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB_OBJ) $(IDX_LIBOBJ) $(QRY_LIBOBJ)
	$(CXX) $(OPT) $(SAN) -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

# The shipped thesaurus, compiled into mzsearch as one C string.
$(BUILD)/query/thesaurus_data.c: query/thesaurus.txt
	@mkdir -p $(dir $@)
	@{ echo 'const char mz_default_thesaurus[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' $<; \
	  echo '    ;'; } >$@

# The page mzsearch --serve sends, compiled in (nothing from elsewhere):
# each file of query/web/ as one C string, mz_web_NAME_EXT ('?' escaped:
# no trigraphs).
WEB_FILES := query/web/index.html query/web/app.js query/web/style.css
$(BUILD)/query/web_data.c: $(WEB_FILES)
	@mkdir -p $(dir $@)
	@for f in $(WEB_FILES); do \
	  echo "const char mz_web_$$(basename $$f | tr '.-' '__')[] ="; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	    -e 's/^/    "/' -e 's/$$/\\n"/' $$f; \
	  echo '    ;'; done >$@

$(BUILD)/query/web_data.o: $(BUILD)/query/web_data.c $(FLAGS_STAMP)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/query/thesaurus_data.o: $(BUILD)/query/thesaurus_data.c $(FLAGS_STAMP)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The word list of the sense test (query/sense.h), compiled from
# python3-jieba's frequency dictionary (MIT) and linked in as it is; its
# version is recorded in every index (schema.h, MZ_META_SENSE).
SENSE_DICT    ?= /usr/lib/python3/dist-packages/jieba/dict.txt
SENSE_VERSION ?= $(shell dpkg-query -W -f='python3-jieba $${Version}' python3-jieba 2>/dev/null || echo unknown)
$(BUILD)/common/sense_dict.bin: query/sense_compile.py $(wildcard $(SENSE_DICT))
	@mkdir -p $(dir $@)
	@test -r "$(SENSE_DICT)" || { echo "$(SENSE_DICT): not found; run 'make deps' (it installs python3-jieba) or give SENSE_DICT=FILE"; exit 1; }
	python3 query/sense_compile.py "$(SENSE_DICT)" "$(SENSE_VERSION)" $@

$(BUILD)/common/sense_data.S: $(BUILD)/common/sense_dict.bin
	@printf '%s\n' '	.section .rodata' '	.balign 16' \
	  '	.globl mz_sense_blob' '	.hidden mz_sense_blob' 'mz_sense_blob:' \
	  '	.incbin "$(abspath $<)"' '	.globl mz_sense_blob_end' \
	  '	.hidden mz_sense_blob_end' 'mz_sense_blob_end:' \
	  '	.section .note.GNU-stack,"",@progbits' >$@

$(BUILD)/common/sense_data.o: $(BUILD)/common/sense_data.S
	$(CC) -c -o $@ $<

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -Iindexer -Iquery -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.cc $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS_ALL) $(CXXFLAGS_ALL) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

units: $(UNIT_BIN) $(REPLAY_BIN)

# The fuzz targets, replayed over their regression inputs by `make test`.
$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ) $(IDX_LIBOBJ) $(QRY_LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -Iindexer -Iquery -c -o $@.o $<
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c -o $@.main.o tests/fuzz/replay.c
	$(CXX) $(OPT) $(SAN) -o $@ $@.o $@.main.o $(LIB_OBJ) $(IDX_LIBOBJ) $(QRY_LIBOBJ) $(LDFLAGS) $(LDLIBS_ALL)

# libFuzzer (clang): each target for FUZZ_SECONDS, from a seed corpus made of
# the test materials; what crashes lands in build-fuzz/ to be kept in
# tests/fuzz/regressions/.
fuzz: $(BUILD)/common/sense_data.o
	@mkdir -p build-fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	  case $$t in text) srcs="$(FUZZ_SRC_text)";; docx) srcs="$(FUZZ_SRC_docx)";; \
	    html) srcs="$(FUZZ_SRC_html)";; query) srcs="$(FUZZ_SRC_query)";; \
	    record) srcs="$(FUZZ_SRC_record)";; esac; \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
	    -Iinclude -Ishim -Isegmenter -Icommon -Iindexer -Iquery $(PKG_CFLAGS) \
	    tests/fuzz/fuzz_$$t.c $$srcs $(PKG_LIBS) -o build-fuzz/fuzz_$$t; \
	  mkdir -p build-fuzz/corpus-$$t; \
	  cp tests/sample/* tests/fuzz/regressions/$$t-* build-fuzz/corpus-$$t/ 2>/dev/null || true; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crash-$$t- \
	    -print_final_stats=0 build-fuzz/corpus-$$t 2>&1 | tail -n 2; \
	done

# The test runner prints one "ok"/"not ok" line a check and ends with the
# closing line "N passed, N failed".
# tests/e2e_library.sh builds examples/search.c against `make install`
# into a temporary DESTDIR (MZ_DESTDIR), removed afterwards.
test: all units $(BUILD)/xapian-floor $(BUILD)/xapian-build-floor
	@d=$$(mktemp -d) && \
	$(MAKE) -s --no-print-directory install DESTDIR=$$d PREFIX=/usr >/dev/null && \
	MZ_DESTDIR=$$d MZ_CC="$(CC)" MZ_SAN="$(SAN)" LC_ALL=C.UTF-8 \
	  tests/run.sh $(BUILD); rc=$$?; rm -rf "$$d"; exit $$rc

check-asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" test

# The package list, one line (tests/e2e_docs.sh checks the README names it).
deps-list:
	@echo $(DEB_PACKAGES)

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "all build packages present"; fi

# Relevance on ../shared/eval: the seeds alone and with the laws, default
# and --exact, per topic and mean (says so and does nothing when ../shared
# is absent).
eval: all
	@eval/run.sh $(BUILD)

# Speed against ripgrep, SQLite FTS5 and plain Xapian on ../shared/corpus and
# on a 10x corpus made from it, in one run (says so and does nothing when the
# corpus is absent); writes bench/RESULTS.md.  About 20 minutes;
# BENCH_ARGS=--quick for a short look (3 runs, no 10x corpus), see
# bench/bench.py --help.  make bench-deps installs the peers.
BENCH_ARGS ?=
BENCH_PACKAGES = ripgrep hyperfine python3-xapian sqlite3 xapian-tools
# bench/floor.cc: the least a one-process Xapian search does (timed beside
# mzsearch as "xapian floor").
$(BUILD)/xapian-floor: bench/floor.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_ALL) -o $@ $< $(LDFLAGS) -lstdc++ $(XAPIAN_LIBS)

# bench/buildfloor.cc: the least a full build on Xapian pays for an index
# of mzindex's (timed beside mzindex as "xapian build floor").
$(BUILD)/xapian-build-floor: bench/buildfloor.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_ALL) -pthread -o $@ $< $(LDFLAGS) -lstdc++ $(XAPIAN_LIBS)

# bench/load.c: the load client timing mzsearch --serve (the "served" rows).
$(BUILD)/mzload: bench/load.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -D_GNU_SOURCE $(WARN) -pthread -o $@ $<

bench: all bench-deps $(BUILD)/xapian-floor $(BUILD)/xapian-build-floor $(BUILD)/mzload
	@if [ -d ../shared/corpus/laws ]; then \
	  /usr/bin/python3 bench/bench.py $(BUILD) ../shared/corpus/laws ../shared/corpus/seeds \
	    --out bench/RESULTS.md $(BENCH_ARGS); \
	else echo "bench: ../shared/corpus is not here; nothing to measure"; fi

# The scale bench (bench/scale.py): mzsearch on 1x, 10x and 30x of the
# generated corpus and on the 10x corpus as 4 shards, 2 of them served by
# xapian-tcpsrv; writes bench/SCALE.md.  Apart from make bench (which it
# would make an hour longer): about an hour on 2 busy cores, some 14 GB of
# scratch in /tmp, removed at the end.  SCALE_ARGS: see bench/scale.py --help.
SCALE_ARGS ?=
bench-scale: all bench-deps $(BUILD)/xapian-floor
	@if [ -d ../shared/corpus/laws ]; then \
	  /usr/bin/python3 bench/scale.py $(BUILD) ../shared/corpus/laws ../shared/corpus/seeds \
	    --out bench/SCALE.md $(SCALE_ARGS); \
	else echo "bench-scale: ../shared/corpus is not here; nothing to measure"; fi

bench-deps:
	@missing=""; for p in $(BENCH_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "all bench packages present"; fi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 755 $(BUILD)/mzindex $(BUILD)/mzsearch $(DESTDIR)$(BINDIR)/
	install -m 644 man/mzindex.1 man/mzsearch.1 $(DESTDIR)$(MANDIR)/
	install -m 644 include/mzsearch.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/
	ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libmzsearch.so
	printf '%s\n' $(PC_LINES) >$(DESTDIR)$(LIBDIR)/pkgconfig/mzsearch.pc

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all lib units test check-asan deps deps-list install clean fuzz eval bench bench-scale bench-deps

# Keep intermediate objects (and keep make quiet after the closing line).
.SECONDARY:
