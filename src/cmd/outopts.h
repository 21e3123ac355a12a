/* outopts.h: the options that shape a trace's output (strace's -s -a -t -r -T
 * -q -e -z -Z -v -x -X -y -c -C -w -S -U -O, --decode-fds, --json), parsed
 * the same way by `procscope trace` and `procscope replay`.
 *
 * USAGE
 *   struct outopts oc;
 *   outopts_init(&oc, "replay");
 *   while ((opt = getopt_long(argc, argv, OUTOPTS_SHORT "o:h", ...)) != -1)
 *           switch (outopts_option(&oc, opt, optarg)) {
 *           case 1: continue;          one of ours
 *           case -1: return EXIT_USAGE; invalid: the message is printed
 *           }                           0: the command's own option
 *   outopts_finish(&oc);
 *   fmt = outopts_formatter(&oc);      text or JSON, with -c/-C's table
 */
#ifndef PROCSCOPE_OUTOPTS_H
#define PROCSCOPE_OUTOPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/filter.h"
#include "format/format.h"
#include "format/record.h"
#include "format/summary.h"
#include "syscalls/syscalls.h"

/* The short options outopts_option() takes, for getopt. */
#define OUTOPTS_SHORT "s:a:trTnqe:zZvxX:ycCwS:U:O:"
/* Long options: give these values in the command's struct option table. */
enum {
	OUTOPT_JSON = 0x100,
	OUTOPT_DECODE_FDS,
	/* strace's long forms of -e NAME=: --trace=SET is -e trace=SET */
	OUTOPT_E_TRACE,
	OUTOPT_E_SIGNAL,
	OUTOPT_E_STATUS,
	OUTOPT_E_ABBREV,
	OUTOPT_E_VERBOSE,
	OUTOPT_E_RAW,
	OUTOPT_E_READ,
	OUTOPT_E_WRITE,
	OUTOPT_E_QUIET,
	OUTOPT_E_INJECT,
	OUTOPT_E_FAULT,
	OUTOPT_FIRST_FREE
};

/* The long options outopts_option() takes (strace's names for them), to put
 * in the command's struct option table. */
#define OUTOPTS_LONG                                                                      \
	{ "json", no_argument, NULL, OUTOPT_JSON },                                       \
	{ "decode-fds", required_argument, NULL, OUTOPT_DECODE_FDS },                     \
	{ "string-limit", required_argument, NULL, 's' },                                 \
	{ "columns", required_argument, NULL, 'a' },                                      \
	{ "relative-timestamps", no_argument, NULL, 'r' },                                \
	{ "syscall-times", no_argument, NULL, 'T' },                                      \
	{ "syscall-number", no_argument, NULL, 'n' },                                     \
	{ "no-abbrev", no_argument, NULL, 'v' },                                          \
	{ "successful-only", no_argument, NULL, 'z' },                                    \
	{ "failed-only", no_argument, NULL, 'Z' },                                        \
	{ "const-print-style", required_argument, NULL, 'X' },                            \
	{ "summary-only", no_argument, NULL, 'c' },                                       \
	{ "summary", no_argument, NULL, 'C' },                                            \
	{ "summary-wall-clock", no_argument, NULL, 'w' },                                 \
	{ "summary-sort-by", required_argument, NULL, 'S' },                              \
	{ "summary-columns", required_argument, NULL, 'U' },                              \
	{ "summary-syscall-overhead", required_argument, NULL, 'O' },                     \
	{ "trace", required_argument, NULL, OUTOPT_E_TRACE },                             \
	{ "signal", required_argument, NULL, OUTOPT_E_SIGNAL },                           \
	{ "status", required_argument, NULL, OUTOPT_E_STATUS },                           \
	{ "abbrev", required_argument, NULL, OUTOPT_E_ABBREV },                           \
	{ "verbose", required_argument, NULL, OUTOPT_E_VERBOSE },                         \
	{ "raw", required_argument, NULL, OUTOPT_E_RAW },                                 \
	{ "read", required_argument, NULL, OUTOPT_E_READ },                               \
	{ "write", required_argument, NULL, OUTOPT_E_WRITE },                             \
	{ "quiet", required_argument, NULL, OUTOPT_E_QUIET },                             \
	{ "inject", required_argument, NULL, OUTOPT_E_INJECT },                           \
	{ "fault", required_argument, NULL, OUTOPT_E_FAULT }

struct outopts {
	const char *cmd;	/* "trace", "replay": the prefix of messages */
	struct fmt_opts fo;
	bool json;
	int summary;		/* 1: -c (table only), 2: -C (trace and table) */
	bool select_all;	/* no -e trace= was given */
	bool trace_unknown;	/* the set is negated: numbers beyond the table are in it */
	bool strsize_given;	/* -s was given */
	bool decode_fds_given;	/* -y or --decode-fds was given */
	int zflag;		/* the last of -z, -Z */
	int qcount;		/* -q given how many times */
	/* -e inject=/fault= as given ("inject", SPEC): trace parses them; NULL
	 * inject_kinds means the command takes none (replay). */
	const char **inject_kinds;
	char *inject_specs[32];
	int ninject;
	uint8_t selected[SC_TABLE_SIZE / 8];	/* -e trace= */
	uint8_t raw_set[SC_TABLE_SIZE / 8];	/* -e raw= */
	uint8_t abbrev_set[SC_TABLE_SIZE / 8];	/* -e abbrev= */
	uint8_t verbose_set[SC_TABLE_SIZE / 8];	/* -e verbose= */
	uint8_t sum_cols[SUMCOL_MAX_COLS];	/* -U */
	struct fdset dump_read, dump_write;	/* -e read=, -e write= */
};

void outopts_init(struct outopts *oc, const char *cmd);
/* 1: opt was an output option and is applied; 0: not one of ours; -1: its
 * argument is invalid (the message is printed). */
int outopts_option(struct outopts *oc, int opt, const char *arg);
/* After the last option: derive what depends on several (-e abbrev= with -v). */
void outopts_finish(struct outopts *oc);
/* The formatter the options ask for: strace's text or JSON Lines, the -c
 * table alone, or (-C) both. */
struct formatter *outopts_formatter(struct outopts *oc);
/* A syscall SET (-e trace=, raw=, abbrev=, verbose=) into out, one bit per
 * number; *negated (if given) tells whether numbers beyond the table are in it. */
int outopt_parse_sc_set(const char *cmd, uint8_t *out, const char *spec, bool *negated);

static inline bool outopts_selected(const struct outopts *oc, long nr)
{
	if (oc->select_all)
		return true;
	if (nr < 0 || nr >= SC_TABLE_SIZE)
		return oc->trace_unknown;
	return oc->selected[nr >> 3] & (1u << (nr & 7));
}

#endif
