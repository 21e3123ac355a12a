/* Unit tests: the -c summary table (arithmetic, widths, sorting, columns) on
 * hand-made numbers, and the summary formatter on hand-made events. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "format/format.h"
#include "format/summary.h"
#include "tap.h"

static const char *table(const struct summary *s, enum sum_sort sort, const char *cols)
{
	static struct strbuf sb;
	static uint8_t c[SUMCOL_MAX_COLS];

	sb_reset(&sb);
	if (cols && summary_parse_columns(cols, c) < 0)
		return "(bad columns)";
	summary_table(s, sort, cols ? c : NULL, &sb);
	return sb.buf ? sb.buf : "";
}

/* A fake CPU clock: each reading advances by the next step. */
static uint64_t fake_now;
static const uint64_t *fake_steps;

static int fake_cpu(pid_t tid, uint64_t *ns)
{
	(void)tid;
	fake_now += *fake_steps++;
	*ns = fake_now;
	return 0;
}

static void feed(struct formatter *f, long nr, int64_t ret, uint64_t t0, uint64_t t1)
{
	struct call c = { .nr = nr, .ret = ret, .entered = true };
	struct event ev = { .type = EV_SYSCALL_ENTRY, .pid = 42, .call = &c };

	c.mono_entry = t0;
	f->ops->event(f, &ev);
	c.exited = true;
	c.mono_exit = t1;
	ev.type = EV_SYSCALL_EXIT;
	f->ops->event(f, &ev);
}

static char *slurp(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

int main(void)
{
	struct summary *s = summary_new();
	uint8_t cols[SUMCOL_MAX_COLS];
	enum sum_sort key;

	is_str(table(s, SUMSORT_TIME, NULL), "", "no calls: no table at all, as strace");

	/* read: 3 calls, 1+2+6 us, one failed; openat: 1 call of 3 us. */
	summary_add(s, SYS_read, 1000, false);
	summary_add(s, SYS_read, 2000, true);
	summary_add(s, SYS_read, 6000, false);
	summary_add(s, SYS_openat, 3000, false);
	summary_add(s, 100000, 5000, false); /* out of the table: not counted */
	is_str(table(s, SUMSORT_TIME, NULL),
	       "% time     seconds  usecs/call     calls    errors syscall\n"
	       "------ ----------- ----------- --------- --------- ----------------\n"
	       " 75.00    0.000009           3         3         1 read\n"
	       " 25.00    0.000003           3         1           openat\n"
	       "------ ----------- ----------- --------- --------- ----------------\n"
	       "100.00    0.000012           3         4         1 total\n",
	       "default columns: percent of total, seconds, usecs/call truncated, blank errors");
	is_str(table(s, SUMSORT_CALLS, "calls,name"),
	       "    calls syscall\n"
	       "--------- ----------------\n"
	       "        3 read\n"
	       "        1 openat\n"
	       "--------- ----------------\n"
	       "        4 total\n",
	       "-U calls,name -S calls");
	is_str(table(s, SUMSORT_NAME, "name,min-time,max-time"),
	       "syscall          shortest  longest\n"
	       "---------------- -------- --------\n"
	       "openat           0.000003 0.000003\n"
	       "read             0.000001 0.000006\n"
	       "---------------- -------- --------\n"
	       "total            0.000001 0.000006\n",
	       "-S name, name first is padded, min and max over all rows in total");
	is_str(table(s, SUMSORT_NOTHING, "calls"),
	       "    calls syscall\n"
	       "--------- ----------------\n"
	       "        3 read\n"
	       "        1 openat\n"
	       "--------- ----------------\n"
	       "        4 total\n",
	       "-S nothing is syscall number order; name is appended when not given");

	/* Equal keys sort by syscall number; a long name widens its column. */
	summary_add(s, SYS_sched_getaffinity, 3000, false);
	summary_add(s, SYS_close, 3000, false);
	is_str(table(s, SUMSORT_MIN, "min-time,errors"),
	       "shortest    errors syscall\n"
	       "-------- --------- ------------------\n"
	       "0.000003           close\n"
	       "0.000003           sched_getaffinity\n"
	       "0.000003           openat\n"
	       "0.000001         1 read\n"
	       "-------- --------- ------------------\n"
	       "0.000001         1 total\n",
	       "-S min-time descending, ties by number, name column one wider than the longest");
	is_str(table(s, SUMSORT_AVG, "avg-time,time"),
	       " usecs/call % time syscall\n"
	       "----------- ------ ------------------\n"
	       "          3  50.00 read\n"
	       "          3  16.67 close\n"
	       "          3  16.67 sched_getaffinity\n"
	       "          3  16.67 openat\n"
	       "----------- ------ ------------------\n"
	       "          3 100.00 total\n",
	       "-S avg-time, percent rounded to 2 places");
	summary_free(s);

	/* Zero time everywhere: rows 0.00, total still 100.00. Big counts widen. */
	s = summary_new();
	summary_add(s, SYS_write, 0, false);
	{
		int i;

		for (i = 0; i < 3; i++)
			summary_add(s, SYS_write, 0, true);
	}
	is_str(table(s, SUMSORT_TIME, NULL),
	       "% time     seconds  usecs/call     calls    errors syscall\n"
	       "------ ----------- ----------- --------- --------- ----------------\n"
	       "  0.00    0.000000           0         4         3 write\n"
	       "------ ----------- ----------- --------- --------- ----------------\n"
	       "100.00    0.000000           0         4         3 total\n",
	       "zero time: 0.00 per row, 100.00 total");
	summary_free(s);
	s = summary_new();
	summary_add(s, SYS_read, 12345678901234ull, false);
	is_str(table(s, SUMSORT_TIME, "total-time"),
	       "     seconds syscall\n"
	       "------------ ----------------\n"
	       "12345.678901 read\n"
	       "------------ ----------------\n"
	       "12345.678901 total\n",
	       "a value wider than its column widens it");
	summary_free(s);

	/* Option parsing */
	ok(summary_parse_sort("shortest", &key) == 0 && key == SUMSORT_MIN, "-S shortest is min-time");
	ok(summary_parse_sort("count", &key) == 0 && key == SUMSORT_CALLS, "-S count is calls");
	ok(summary_parse_sort("none", &key) == 0 && key == SUMSORT_NOTHING, "-S none is nothing");
	ok(summary_parse_sort("bogus", &key) == -EINVAL, "-S bogus is refused");
	ok(summary_parse_columns("calls,time,calls", cols) == 0 && cols[0] == SUMCOL_CALLS &&
		   cols[1] == SUMCOL_PERCENT && cols[2] == SUMCOL_NAME && cols[3] == SUMCOL_END,
	   "-U: duplicates once, name appended");
	ok(summary_parse_columns("syscall,count", cols) == 0 && cols[0] == SUMCOL_NAME &&
		   cols[1] == SUMCOL_CALLS && cols[2] == SUMCOL_END,
	   "-U: name where given, aliases");
	ok(summary_parse_columns("calls,nope", cols) == -EINVAL, "-U: unknown column refused");

	/* The formatter on events: -w takes entry-to-exit latency, otherwise CPU time. */
	{
		char path[] = "/tmp/test_summary.XXXXXX";
		int fd = mkstemp(path);
		struct outputs out;
		struct fmt_opts fo = { 0 };
		struct formatter *f;
		static const uint64_t steps[] = { 100, 4000, 100, 2000 };

		close(fd);
		ok(outputs_open(&out, path, false) == 0, "open a scratch output");
		fo.out = &out;
		fo.summary_wall = true;
		fo.summary_cols = cols;
		summary_parse_columns("calls,errors,total-time,max-time", cols);
		f = fmt_summary_new(&fo);
		feed(f, SYS_getpid, 7, 1000, 11000);
		feed(f, SYS_getpid, -ENOENT, 20000, 25000);
		feed(f, SYS_write, -4096, 0, 1000); /* -4096 is not an error return */
		f->ops->finish(f);
		f->ops->free(f);
		outputs_close(&out);
		is_str(slurp(path),
		       "    calls    errors     seconds  longest syscall\n"
		       "--------- --------- ----------- -------- ----------------\n"
		       "        2         1    0.000015 0.000010 getpid\n"
		       "        1              0.000001 0.000001 write\n"
		       "--------- --------- ----------- -------- ----------------\n"
		       "        3         1    0.000016 0.000010 total\n",
		       "-w: wall-clock latency from the events' monotonic times");

		ok(outputs_open(&out, path, false) == 0, "reopen the scratch output");
		fo.summary_wall = false;
		fo.cpu_clock = fake_cpu;
		fo.summary_overhead_ns = 1000;
		fake_steps = steps;
		f = fmt_summary_new(&fo);
		feed(f, SYS_getpid, 7, 0, 999999);
		feed(f, SYS_getpid, 7, 0, 999999);
		f->ops->finish(f);
		f->ops->free(f);
		outputs_close(&out);
		is_str(slurp(path),
		       "    calls    errors     seconds  longest syscall\n"
		       "--------- --------- ----------- -------- ----------------\n"
		       "        2              0.000004 0.000003 getpid\n"
		       "--------- --------- ----------- -------- ----------------\n"
		       "        2              0.000004 0.000003 total\n",
		       "CPU time between entry and exit, less the -O overhead");
		unlink(path);
	}
	return done_testing();
}
