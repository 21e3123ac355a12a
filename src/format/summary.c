/* summary.c: the -c/-C/-w call summary, a formatter that counts instead of
 * printing, and strace 6.1's table (columns, widths, sort orders). */
#include "format/summary.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pidmap.h"
#include "core/util.h"
#include "format/format.h"
#include "syscalls/syscalls.h"

struct sc_count {
	uint64_t calls;
	uint64_t errors;
	uint64_t ns;	 /* total time */
	uint64_t min_ns; /* valid when calls > 0 */
	uint64_t max_ns;
};

struct summary {
	struct sc_count c[SC_TABLE_SIZE];
};

struct summary *summary_new(void)
{
	return xcalloc(1, sizeof(struct summary));
}

void summary_free(struct summary *s)
{
	free(s);
}

void summary_add(struct summary *s, long nr, uint64_t ns, bool failed)
{
	struct sc_count *k;

	/* strace counts only numbers its table knows; so do we. */
	if (nr < 0 || nr >= SC_TABLE_SIZE)
		return;
	k = &s->c[nr];
	if (!k->calls || ns < k->min_ns)
		k->min_ns = ns;
	if (ns > k->max_ns)
		k->max_ns = ns;
	k->calls++;
	k->ns += ns;
	if (failed)
		k->errors++;
}

/* --- the table ---------------------------------------------------------------- */

static const uint8_t default_cols[] = {
	SUMCOL_PERCENT, SUMCOL_TOTAL, SUMCOL_AVG, SUMCOL_CALLS, SUMCOL_ERRORS, SUMCOL_NAME, SUMCOL_END,
};

/* Header and minimum width of each column, as strace 6.1 prints them. */
static const struct {
	const char *head;
	unsigned min;
} coldesc[] = {
	[SUMCOL_PERCENT] = { "% time", 6 },
	[SUMCOL_TOTAL] = { "seconds", 11 },
	[SUMCOL_MIN] = { "shortest", 8 },
	[SUMCOL_MAX] = { "longest", 8 },
	[SUMCOL_AVG] = { "usecs/call", 11 },
	[SUMCOL_CALLS] = { "calls", 9 },
	[SUMCOL_ERRORS] = { "errors", 9 },
	[SUMCOL_NAME] = { "syscall", 16 },
};

struct row {
	long nr; /* -1: the total row */
	const char *name;
	struct sc_count k;
};

static enum sum_sort sort_key; /* for qsort's comparator */

static uint64_t avg_ns(const struct sc_count *k)
{
	return k->calls ? k->ns / k->calls : 0;
}

/* Rows sort descending by the key, equal keys by syscall number; names ascending. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	uint64_t x = 0, y = 0;

	switch (sort_key) {
	case SUMSORT_TIME:
		x = a->k.ns, y = b->k.ns;
		break;
	case SUMSORT_MIN:
		x = a->k.min_ns, y = b->k.min_ns;
		break;
	case SUMSORT_MAX:
		x = a->k.max_ns, y = b->k.max_ns;
		break;
	case SUMSORT_AVG:
		x = avg_ns(&a->k), y = avg_ns(&b->k);
		break;
	case SUMSORT_CALLS:
		x = a->k.calls, y = b->k.calls;
		break;
	case SUMSORT_ERRORS:
		x = a->k.errors, y = b->k.errors;
		break;
	case SUMSORT_NAME: {
		int r = strcmp(a->name, b->name);

		if (r)
			return r;
		break;
	}
	case SUMSORT_NOTHING:
		break;
	}
	if (x != y)
		return x > y ? -1 : 1;
	return a->nr < b->nr ? -1 : a->nr > b->nr;
}

static void fmt_secs(char *buf, size_t n, uint64_t ns)
{
	snprintf(buf, n, "%.6f", (double)ns / 1e9);
}

/* One cell's text. The total row shows 100.00 and blank errors when none, as strace. */
static void cell(char *buf, size_t n, int col, const struct row *r, uint64_t total_ns)
{
	const struct sc_count *k = &r->k;

	switch (col) {
	case SUMCOL_PERCENT:
		if (r->nr < 0)
			snprintf(buf, n, "100.00");
		else
			snprintf(buf, n, "%.2f", total_ns ? 100.0 * (double)k->ns / (double)total_ns : 0.0);
		break;
	case SUMCOL_TOTAL:
		fmt_secs(buf, n, k->ns);
		break;
	case SUMCOL_MIN:
		fmt_secs(buf, n, k->min_ns);
		break;
	case SUMCOL_MAX:
		fmt_secs(buf, n, k->max_ns);
		break;
	case SUMCOL_AVG:
		snprintf(buf, n, "%llu", (unsigned long long)(avg_ns(k) / 1000));
		break;
	case SUMCOL_CALLS:
		snprintf(buf, n, "%llu", (unsigned long long)k->calls);
		break;
	case SUMCOL_ERRORS:
		if (k->errors)
			snprintf(buf, n, "%llu", (unsigned long long)k->errors);
		else
			buf[0] = '\0';
		break;
	case SUMCOL_NAME:
		snprintf(buf, n, "%s", r->name);
		break;
	default:
		buf[0] = '\0';
		break;
	}
}

static void put_cell(struct strbuf *sb, int col, const char *text, unsigned width, bool last)
{
	size_t len = strlen(text);

	if (col == SUMCOL_NAME) {
		sb_puts(sb, text);
		if (!last && len < width)
			sb_pad(sb, ' ', width - len);
	} else {
		if (len < width)
			sb_pad(sb, ' ', width - len);
		sb_puts(sb, text);
	}
}

static void put_rule(struct strbuf *sb, const uint8_t *cols, const unsigned *w)
{
	int i;

	for (i = 0; cols[i] != SUMCOL_END; i++) {
		if (i)
			sb_putc(sb, ' ');
		sb_pad(sb, '-', w[i]);
	}
	sb_putc(sb, '\n');
}

void summary_table(const struct summary *s, enum sum_sort sort, const uint8_t *cols,
		   struct strbuf *sb)
{
	struct row *rows = xmalloc(sizeof(*rows) * (SC_TABLE_SIZE + 1));
	char (*names)[24] = xmalloc(sizeof(*names) * SC_TABLE_SIZE);
	unsigned w[SUMCOL_MAX_COLS] = { 0 };
	struct row total = { .nr = -1, .name = "total" };
	char buf[64];
	size_t n = 0, r;
	long nr;
	int i;

	if (!cols)
		cols = default_cols;
	for (nr = 0; nr < SC_TABLE_SIZE; nr++) {
		const struct sc_count *k = &s->c[nr];

		if (!k->calls)
			continue;
		rows[n].nr = nr;
		rows[n].name = sc_name(nr, names[nr]);
		rows[n].k = *k;
		if (!total.k.calls || k->min_ns < total.k.min_ns)
			total.k.min_ns = k->min_ns;
		if (k->max_ns > total.k.max_ns)
			total.k.max_ns = k->max_ns;
		total.k.calls += k->calls;
		total.k.errors += k->errors;
		total.k.ns += k->ns;
		n++;
	}
	if (!n)
		goto out;
	sort_key = sort;
	qsort(rows, n, sizeof(*rows), row_cmp);
	rows[n] = total;

	/* Widths: the minimum, or the widest cell; the name column is one wider
	 * than the longest name (strace leaves a space after it). */
	for (i = 0; cols[i] != SUMCOL_END; i++) {
		w[i] = coldesc[cols[i]].min;
		for (r = 0; r <= n; r++) {
			size_t len;

			cell(buf, sizeof(buf), cols[i], &rows[r], total.k.ns);
			len = strlen(buf) + (cols[i] == SUMCOL_NAME && r < n);
			if (len > w[i])
				w[i] = len;
		}
	}
	for (i = 0; cols[i] != SUMCOL_END; i++) {
		if (i)
			sb_putc(sb, ' ');
		put_cell(sb, cols[i], coldesc[cols[i]].head, w[i], cols[i + 1] == SUMCOL_END);
	}
	sb_putc(sb, '\n');
	put_rule(sb, cols, w);
	for (r = 0; r <= n; r++) {
		if (r == n)
			put_rule(sb, cols, w);
		for (i = 0; cols[i] != SUMCOL_END; i++) {
			if (i)
				sb_putc(sb, ' ');
			cell(buf, sizeof(buf), cols[i], &rows[r], total.k.ns);
			put_cell(sb, cols[i], buf, w[i], cols[i + 1] == SUMCOL_END);
		}
		sb_putc(sb, '\n');
	}
out:
	free(names);
	free(rows);
}

/* --- options ------------------------------------------------------------------ */

struct name_val {
	const char *name;
	int val;
};

static int lookup(const struct name_val *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].val;
	return -1;
}

int summary_parse_sort(const char *arg, enum sum_sort *out)
{
	static const struct name_val keys[] = {
		{ "time", SUMSORT_TIME },	  { "time-percent", SUMSORT_TIME },
		{ "time-total", SUMSORT_TIME },	  { "total-time", SUMSORT_TIME },
		{ "min-time", SUMSORT_MIN },	  { "shortest", SUMSORT_MIN },
		{ "time-min", SUMSORT_MIN },	  { "max-time", SUMSORT_MAX },
		{ "longest", SUMSORT_MAX },	  { "time-max", SUMSORT_MAX },
		{ "avg-time", SUMSORT_AVG },	  { "time-avg", SUMSORT_AVG },
		{ "calls", SUMSORT_CALLS },	  { "count", SUMSORT_CALLS },
		{ "errors", SUMSORT_ERRORS },	  { "error", SUMSORT_ERRORS },
		{ "name", SUMSORT_NAME },	  { "syscall", SUMSORT_NAME },
		{ "syscall-name", SUMSORT_NAME }, { "nothing", SUMSORT_NOTHING },
		{ "none", SUMSORT_NOTHING },
	};
	int v = lookup(keys, ARRAY_SIZE(keys), arg);

	if (v < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int summary_parse_columns(const char *arg, uint8_t cols[SUMCOL_MAX_COLS])
{
	static const struct name_val names[] = {
		{ "time-percent", SUMCOL_PERCENT }, { "time", SUMCOL_PERCENT },
		{ "total-time", SUMCOL_TOTAL },	    { "time-total", SUMCOL_TOTAL },
		{ "min-time", SUMCOL_MIN },	    { "shortest", SUMCOL_MIN },
		{ "time-min", SUMCOL_MIN },	    { "max-time", SUMCOL_MAX },
		{ "longest", SUMCOL_MAX },	    { "time-max", SUMCOL_MAX },
		{ "avg-time", SUMCOL_AVG },	    { "time-avg", SUMCOL_AVG },
		{ "calls", SUMCOL_CALLS },	    { "count", SUMCOL_CALLS },
		{ "errors", SUMCOL_ERRORS },	    { "error", SUMCOL_ERRORS },
		{ "name", SUMCOL_NAME },	    { "syscall", SUMCOL_NAME },
		{ "syscall-name", SUMCOL_NAME },
	};
	char *copy = xstrdup(arg), *save = NULL, *tok;
	bool seen[SUMCOL_MAX_COLS] = { false };
	int n = 0, v, rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		v = lookup(names, ARRAY_SIZE(names), tok);
		if (v < 0) {
			rc = -EINVAL;
			goto out;
		}
		/* A column named twice is shown once, where it was first named. */
		if (seen[v])
			continue;
		seen[v] = true;
		cols[n++] = v;
	}
	if (!seen[SUMCOL_NAME])
		cols[n++] = SUMCOL_NAME;
	cols[n] = SUMCOL_END;
out:
	free(copy);
	return rc;
}

/* --- the formatter ------------------------------------------------------------ */

struct sfmt {
	struct formatter f;
	struct summary *s;
	struct pidmap cpu_at_entry; /* tid -> uint64_t * (CPU ns at its syscall entry) */
};

static void summary_event(struct formatter *f, const struct event *ev)
{
	struct sfmt *sf = (struct sfmt *)f;
	const struct fmt_opts *fo = f->fo;
	const struct call *c = ev->call;
	uint64_t *at, now, ns = 0;

	switch (ev->type) {
	case EV_SYSCALL_ENTRY:
		if (fo->summary_wall || !fo->cpu_clock)
			return;
		at = pidmap_get(&sf->cpu_at_entry, ev->pid);
		if (!at) {
			at = xmalloc(sizeof(*at));
			pidmap_put(&sf->cpu_at_entry, ev->pid, at);
		}
		if (fo->cpu_clock(ev->pid, at) < 0)
			*at = UINT64_MAX;
		return;
	case EV_SYSCALL_EXIT:
		if (!c || !c->exited)
			return;
		if (fo->summary_wall || !fo->cpu_clock) {
			if (c->mono_exit > c->mono_entry)
				ns = c->mono_exit - c->mono_entry;
		} else {
			at = pidmap_get(&sf->cpu_at_entry, ev->pid);
			/* No CPU figure (thread gone from /proc): count the call with 0. */
			if (at && *at != UINT64_MAX && fo->cpu_clock(ev->pid, &now) == 0 && now > *at)
				ns = now - *at;
		}
		if (fo->summary_overhead_ns)
			ns = ns > fo->summary_overhead_ns ? ns - fo->summary_overhead_ns : 0;
		summary_add(sf->s, c->nr, ns, call_failed(c));
		return;
	case EV_EXITED:
	case EV_KILLED:
	case EV_SUPERSEDED:
		free(pidmap_del(&sf->cpu_at_entry, ev->pid));
		return;
	default:
		return;
	}
}

static void summary_finish(struct formatter *f)
{
	struct sfmt *sf = (struct sfmt *)f;
	const struct fmt_opts *fo = f->fo;
	struct ostream *s = fo->out->main;
	struct strbuf sb = STRBUF_INIT;

	summary_table(sf->s, fo->summary_sort, fo->summary_cols, &sb);
	if (s) {
		sb_add(&s->buf, sb.buf, sb.len);
		os_flush(s);
	} else if (sb.len && write(STDERR_FILENO, sb.buf, sb.len) < 0) {
		/* -ff -o: no main file; the table goes to stderr. */
		error("write stderr: %s", strerror(errno));
	}
	sb_release(&sb);
}

static void summary_fmt_free(struct formatter *f)
{
	struct sfmt *sf = (struct sfmt *)f;
	size_t i;

	for (i = 0; i < sf->cpu_at_entry.cap; i++)
		if (sf->cpu_at_entry.keys[i] > 0)
			free(sf->cpu_at_entry.vals[i]);
	pidmap_free(&sf->cpu_at_entry);
	summary_free(sf->s);
	free(sf);
}

static const struct formatter_ops summary_ops = {
	.event = summary_event,
	.finish = summary_finish,
	.free = summary_fmt_free,
};

struct formatter *fmt_summary_new(const struct fmt_opts *fo)
{
	struct sfmt *sf = xcalloc(1, sizeof(*sf));

	sf->f.ops = &summary_ops;
	sf->f.fo = fo;
	sf->s = summary_new();
	return &sf->f;
}
