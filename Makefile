# procscope: plain make, out-of-tree build directory.
#
#   make                      build build/procscope, the fixtures and the examples
#   make check                run every test (prove)
#   make demo                 build, then trace a real program
#   make DEVELOPER=1          strict warnings, -Werror
#   make SANITIZE=address,undefined
#   make install PREFIX=/usr/local
#   make V=1                  show the commands

.DELETE_ON_ERROR:
.SUFFIXES:

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
B         ?= build
CC        ?= cc
VERSION   := 0.1.0

CFLAGS    ?= -O2 -g
ALL_CFLAGS := -std=gnu11 -D_GNU_SOURCE -MMD -MP -Isrc -I$(B)/gen \
	      -DPROCSCOPE_VERSION='"$(VERSION)"' $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS)
LDLIBS    := -lpthread -lrt

ifeq ($(DEVELOPER),1)
ALL_CFLAGS += -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	      -Wmissing-prototypes -Wwrite-strings -Wvla -Wno-unused-parameter \
	      -Wno-missing-field-initializers -Werror
else
ALL_CFLAGS += -Wall
endif

ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

ifeq ($(V),1)
Q :=
echo_cmd = @:
else
Q := @
echo_cmd = @printf '  %-7s %s\n'
endif

# --- sources -----------------------------------------------------------------
# *.bpf.c is kernel code, built by the eBPF block below, never by $(CC).
SRCS      := $(filter-out %.bpf.c,$(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c)))
OBJS      := $(SRCS:%.c=$(B)/%.o)
LIB_OBJS  := $(filter-out $(B)/src/main.o,$(OBJS))

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/unit/%)
FIX_SRCS  := $(wildcard tests/fixtures/*.c)
FIX_BINS  := $(FIX_SRCS:tests/fixtures/%.c=$(B)/fixtures/%)
SC_SRCS   := $(wildcard tests/syscalls/*.c)
SC_BINS   := $(SC_SRCS:tests/syscalls/%.c=$(B)/syscalls/%)
EX_SRCS   := $(wildcard examples/*.c)
EX_BINS   := $(EX_SRCS:examples/%.c=$(B)/examples/%)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)

UNISTD_H  ?= $(firstword $(wildcard /usr/include/x86_64-linux-gnu/asm/unistd_64.h \
			 /usr/include/asm/unistd_64.h))
XLAT_SRCS := $(sort $(wildcard src/decode/xlat/*.in))
GEN_HDRS  := $(B)/gen/syscall_names.h $(B)/gen/syscall_sigs.h $(B)/gen/xlat_ids.h \
	     $(B)/gen/xlat_tables.h

all: $(B)/procscope $(FIX_BINS) $(SC_BINS) $(EX_BINS) $(BENCH_BINS)

$(B)/procscope: $(OBJS)
	$(echo_cmd) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(@D)
	$(echo_cmd) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# --- generated tables ----------------------------------------------------------
$(B)/gen/syscall_names.h: scripts/gen-syscall-names.sh $(UNISTD_H)
	@mkdir -p $(@D)
	$(echo_cmd) GEN $@
	$(Q)sh scripts/gen-syscall-names.sh $(UNISTD_H) > $@

SC_TBLS   := $(sort $(wildcard src/syscalls/tbl/*.tbl))
$(B)/gen/syscall_sigs.h: scripts/gen-syscall-sigs.awk $(SC_TBLS)
	@mkdir -p $(@D)
	$(echo_cmd) GEN $@
	$(Q)awk -f scripts/gen-syscall-sigs.awk $(SC_TBLS) > $@

$(B)/gen/xlat_ids.h $(B)/gen/xlat_tables.h &: scripts/gen-xlat.sh $(XLAT_SRCS)
	@mkdir -p $(@D)
	$(echo_cmd) GEN $(B)/gen/xlat_ids.h
	$(Q)sh scripts/gen-xlat.sh $(B)/gen $(XLAT_SRCS)

# --- eBPF backend (optional) -----------------------------------------------------
# With clang, bpftool, libbpf (pkg-config) and the kernel's BTF (or a vmlinux.h
# given as VMLINUX_H=FILE), src/backend/bpf/trace.bpf.c is compiled with
# `clang -target bpf`, `bpftool gen skeleton` makes build/gen/trace.skel.h, and
# src/backend/bpf.c is built with HAVE_BPF and linked with libbpf. Without
# them (or with BPF=0) the backend is left out and --backend=bpf says so.
# scripts/install-deps.sh installs what this needs.
BPF_CLANG   ?= clang
BPFTOOL     ?= $(firstword $(shell command -v bpftool 2>/dev/null) \
			   $(wildcard /usr/sbin/bpftool /sbin/bpftool))
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
ifneq ($(BPF),0)
HAVE_BPF := $(shell command -v $(BPF_CLANG) >/dev/null 2>&1 && [ -n "$(BPFTOOL)" ] && \
	      pkg-config --exists libbpf 2>/dev/null && \
	      { [ -n "$(VMLINUX_H)" ] || [ -r $(VMLINUX_BTF) ]; } && echo 1)
endif
ifeq ($(HAVE_BPF),1)
BPF_SKEL    := $(B)/gen/trace.skel.h
ALL_CFLAGS  += -DHAVE_BPF $(shell pkg-config --cflags libbpf)
LDLIBS      += $(shell pkg-config --libs libbpf)

$(B)/src/backend/bpf.o: $(BPF_SKEL)

$(B)/gen/vmlinux.h:
	@mkdir -p $(@D)
	$(echo_cmd) GEN $@
	$(Q)$(if $(VMLINUX_H),cp $(VMLINUX_H) $@,$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@)

$(B)/gen/trace.bpf.o: src/backend/bpf/trace.bpf.c src/backend/bpf/trace_event.h $(B)/gen/vmlinux.h
	$(echo_cmd) BPF $@
	$(Q)$(BPF_CLANG) -g -O2 -target bpf -D__TARGET_ARCH_x86 -Isrc -I$(B)/gen -c -o $@ $<

$(BPF_SKEL): $(B)/gen/trace.bpf.o
	$(echo_cmd) SKEL $@
	$(Q)$(BPFTOOL) gen skeleton $< name trace_bpf > $@
endif

# --- tests, fixtures, examples, bench ---------------------------------------------
$(B)/tests/unit/%: tests/unit/%.c $(LIB_OBJS) | $(GEN_HDRS)
	@mkdir -p $(@D)
	$(echo_cmd) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LDLIBS)

# Fixtures and examples are the traced programs: built without sanitizers so
# their syscalls are exactly the ones they make.
PLAIN_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O1 -g -Wall $(if $(filter 1,$(DEVELOPER)),-Wextra -Werror -Wno-unused-parameter)

$(B)/fixtures/%: tests/fixtures/%.c
	@mkdir -p $(@D)
	$(echo_cmd) CC $@
	$(Q)$(CC) $(PLAIN_CFLAGS) -o $@ $< -lpthread -lrt

$(B)/syscalls/%: tests/syscalls/%.c tests/syscalls/selftest.h
	@mkdir -p $(@D)
	$(echo_cmd) CC $@
	$(Q)$(CC) $(PLAIN_CFLAGS) -Itests/syscalls -o $@ $< -lpthread -lrt

$(B)/examples/%: examples/%.c
	@mkdir -p $(@D)
	$(echo_cmd) CC $@
	$(Q)$(CC) $(PLAIN_CFLAGS) -o $@ $< -lpthread -lrt

$(B)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(echo_cmd) CC $@
	$(Q)$(CC) $(PLAIN_CFLAGS) -O2 -o $@ $< -lpthread -lrt

# --- user-facing targets -------------------------------------------------------------
check: all $(UNIT_BINS)
	@B=$(B) sh tests/run.sh

demo: $(B)/procscope
	@sh scripts/demo.sh $(B)

bench: all
	@sh bench/run.sh

deps:
	@sh scripts/install-deps.sh

install: $(B)/procscope
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(B)/procscope $(DESTDIR)$(BINDIR)/procscope
	install -m 0644 doc/procscope.1 $(DESTDIR)$(MANDIR)/man1/procscope.1

clean:
	rm -rf $(B)

.PHONY: all check demo bench deps install clean

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)
