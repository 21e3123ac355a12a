/* summary.h: strace's -c/-C/-w call summary (counts, errors, time per syscall).
 *
 * The summary formatter sees every event like the text formatter does, and at
 * finish() writes strace's table to the main output stream:
 *
 *   % time     seconds  usecs/call     calls    errors syscall
 *   ------ ----------- ----------- --------- --------- ----------------
 *    57.52    0.000088           2        34        13 openat
 *   ...
 *   ------ ----------- ----------- --------- --------- ----------------
 *   100.00    0.000153           1       145        19 total
 *
 * A syscall counts when its exit is seen (one that never returns, exit_group,
 * is not counted, as in strace). Its time is the wall-clock latency between the
 * entry and exit stops with -w, otherwise the CPU time the thread spent between
 * them, read through fmt_opts.cpu_clock (see doc/summary.md).
 *
 * The table itself is built by the functions below, so unit tests can feed
 * hand-made numbers.
 *
 * USAGE
 *   struct summary *s = summary_new();
 *   summary_add(s, nr, duration_ns, failed);          once per finished call
 *   summary_table(s, SUMSORT_TIME, NULL, &sb);        strace's table into sb
 *   summary_free(s);
 */
#ifndef PROCSCOPE_SUMMARY_H
#define PROCSCOPE_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/strbuf.h"

/* -S: what the rows are sorted by (descending, ties by syscall number;
 * by name ascending; "nothing" is syscall number order). */
enum sum_sort {
	SUMSORT_TIME = 0,
	SUMSORT_MIN,
	SUMSORT_MAX,
	SUMSORT_AVG,
	SUMSORT_CALLS,
	SUMSORT_ERRORS,
	SUMSORT_NAME,
	SUMSORT_NOTHING,
};

/* -U: the columns, in the order given. */
enum sum_col {
	SUMCOL_END = 0,
	SUMCOL_PERCENT,	/* % time */
	SUMCOL_TOTAL,	/* seconds */
	SUMCOL_MIN,	/* shortest */
	SUMCOL_MAX,	/* longest */
	SUMCOL_AVG,	/* usecs/call */
	SUMCOL_CALLS,	/* calls */
	SUMCOL_ERRORS,	/* errors */
	SUMCOL_NAME,	/* syscall */
};

#define SUMCOL_MAX_COLS 9 /* 8 columns and the SUMCOL_END terminator */

struct summary;

struct summary *summary_new(void);
void summary_free(struct summary *s);
/* Count one finished call of syscall nr that took ns nanoseconds. */
void summary_add(struct summary *s, long nr, uint64_t ns, bool failed);
/* Append the table to sb; cols NULL means strace's default columns.
 * Nothing is appended when no call was counted (strace prints nothing then). */
void summary_table(const struct summary *s, enum sum_sort sort, const uint8_t *cols,
		   struct strbuf *sb);

/* Option parsing for -S and -U; return 0 or -EINVAL. cols gets SUMCOL_END
 * terminated columns, with the name column appended when it was not given. */
int summary_parse_sort(const char *arg, enum sum_sort *out);
int summary_parse_columns(const char *arg, uint8_t cols[SUMCOL_MAX_COLS]);

#endif
