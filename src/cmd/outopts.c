/* outopts.c: the options that shape a trace's output, shared by `trace` and
 * `replay` so that a recording prints with exactly the options a live trace
 * takes (strace's letters, their checks and their messages). */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/outopts.h"
#include "core/util.h"
#include "format/summary.h"

void outopts_init(struct outopts *oc, const char *cmd)
{
	memset(oc, 0, sizeof(*oc));
	oc->cmd = cmd;
	oc->fo.d.strsize = 32;
	oc->fo.acolumn = 40;
	oc->select_all = true;
	memset(oc->selected, 0xff, sizeof(oc->selected));
}

/* The class names strace 6.1 also takes without '%' (its legacy aliases); they
 * win over a syscall of the same name. "net", "creds", "stat"... need the '%'
 * ("stat" is the syscall). */
static bool legacy_class(const char *tok)
{
	static const char *const names[] = {
		"desc", "file", "memory", "process", "signal", "ipc", "network",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(tok, names[i]))
			return true;
	return false;
}

/* A syscall given by its decimal number, as strace takes it: any number below
 * its table's end (the highest syscall it names + 1), named or not; -1 if the
 * token is not such a number. */
static long sc_number(const char *tok)
{
	static long end;
	char *e;
	long nr;

	if (!end)
		for (nr = 0; nr < SC_TABLE_SIZE; nr++)
			if (sc_known(nr))
				end = nr + 1;
	errno = 0;
	nr = strtol(tok, &e, 10);
	if (*e || errno || nr < 0 || nr >= end)
		return -1;
	return nr;
}

/* One syscall of a SET: a number, a name, or syscall_0x1c2; -1 if none. */
static long sc_token(const char *tok)
{
	char *end;
	long nr;

	if (*tok >= '0' && *tok <= '9')
		return sc_number(tok);
	nr = sc_lookup(tok);
	if (nr < 0 && !strncmp(tok, "syscall_", 8)) {
		nr = strtol(tok + 8, &end, 0);
		if (*end || nr < 0)
			nr = -1;
	}
	return nr;
}

/* A syscall SET (-e trace=, raw=, abbrev=): names, %class, class (the legacy
 * ones), a number, /regex, ?name, all,
 * none; a leading ! negates. Fills out (SC_TABLE_SIZE bits); *negated tells
 * whether numbers beyond the table are in the set. */
int outopt_parse_sc_set(const char *cmd, uint8_t *out, const char *spec, bool *negated)
{
	char *copy = xstrdup(spec), *save = NULL, *tok;
	bool negate = false;
	uint8_t set[SC_TABLE_SIZE / 8] = { 0 };
	int rc = 0;
	long nr;

	if (*spec == '!') {
		negate = true;
		spec++;
		free(copy);
		copy = xstrdup(spec);
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool optional = false;

		if (*tok == '?') {
			optional = true;
			tok++;
		}
		if (!strcmp(tok, "all")) {
			memset(set, 0xff, sizeof(set));
		} else if (!strcmp(tok, "none")) {
			/* nothing */
		} else if (*tok == '%' || legacy_class(tok)) {
			uint32_t bits = sc_class_bits(*tok == '%' ? tok + 1 : tok);

			if (!bits) {
				if (optional)
					continue;
				rc = error("%s: invalid system call '%s'", cmd, tok);
				goto out;
			}
			for (nr = 0; nr < SC_TABLE_SIZE; nr++)
				if (sc_known(nr) && (sc_sig(nr)->classes & bits))
					set[nr >> 3] |= 1u << (nr & 7);
		} else if (*tok == '/') {
			regex_t re;
			int n = 0;

			if (regcomp(&re, tok + 1, REG_EXTENDED | REG_NOSUB)) {
				rc = error("%s: invalid regular expression '%s'", cmd, tok + 1);
				goto out;
			}
			for (nr = 0; nr < SC_TABLE_SIZE; nr++) {
				char buf[24];

				if (sc_known(nr) && !regexec(&re, sc_name(nr, buf), 0, NULL, 0)) {
					set[nr >> 3] |= 1u << (nr & 7);
					n++;
				}
			}
			regfree(&re);
			if (!n && !optional) {
				rc = error("%s: regular expression '%s' matches no system call", cmd, tok + 1);
				goto out;
			}
		} else {
			nr = sc_token(tok);
			if (nr < 0) {
				if (optional)
					continue;
				rc = error("%s: invalid system call '%s'", cmd, tok);
				goto out;
			}
			set[nr >> 3] |= 1u << (nr & 7);
		}
	}
	for (nr = 0; nr < SC_TABLE_SIZE; nr++) {
		bool in = set[nr >> 3] & (1u << (nr & 7));

		if (negate ? !in : in)
			out[nr >> 3] |= 1u << (nr & 7);
		else
			out[nr >> 3] &= ~(1u << (nr & 7));
	}
	if (negated)
		*negated = negate;
out:
	free(copy);
	return rc;
}

/* -e quiet=SET: which messages to leave out, by strace's names. */
static int parse_quiet(const char *cmd, const char *set, unsigned *mask)
{
	static const struct {
		const char *name;
		unsigned bits;
	} kinds[] = {
		{ "attach", QUIET_ATTACH },
		{ "exit", QUIET_EXIT },
		{ "exits", QUIET_EXIT },
		{ "path-resolution", QUIET_PATH },
		{ "personality", QUIET_PERSONALITY },
		{ "thread-execve", QUIET_SUPERSEDED },
		{ "superseded", QUIET_SUPERSEDED },
		{ "all", QUIET_ALL },
		{ "none", 0 },
	};
	bool neg = set[0] == '!';
	char *copy = xstrdup(set + neg), *tok, *save = NULL;
	unsigned bits = 0;
	size_t i;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(kinds) && strcmp(kinds[i].name, tok); i++)
			;
		if (i == ARRAY_SIZE(kinds)) {
			error("%s: -e quiet=: unknown message kind '%s' (attach, exit, path-resolution, "
			      "personality, thread-execve, superseded, all, none)", cmd, tok);
			free(copy);
			return -1;
		}
		bits |= kinds[i].bits;
	}
	free(copy);
	*mask = neg ? QUIET_ALL & ~bits : bits;
	return 0;
}

/* -e EXPR: trace= (or a bare SET), status=, signal=, read=, write=, raw=,
 * abbrev=, verbose=, quiet=, with strace's short and plural spellings. */
static int parse_expr(struct outopts *oc, const char *expr)
{
	const char *eq = strchr(expr, '=');
	size_t klen = eq ? (size_t)(eq - expr) : 0;
	struct fmt_opts *fo = &oc->fo;

	if (!eq || (klen == 5 && !strncmp(expr, "trace", 5)) || (klen == 1 && expr[0] == 't')) {
		oc->select_all = false;
		return outopt_parse_sc_set(oc->cmd, oc->selected, eq ? eq + 1 : expr,
					   &oc->trace_unknown);
	}
	if (klen == 6 && !strncmp(expr, "status", 6))
		return filter_parse_status(eq + 1, &fo->status_mask);
	if ((klen == 6 && !strncmp(expr, "signal", 6)) || (klen == 7 && !strncmp(expr, "signals", 7)) ||
	    (klen == 1 && expr[0] == 's'))
		return filter_parse_signals(eq + 1, &fo->sig_hidden);
	if ((klen == 4 && !strncmp(expr, "read", 4)) || (klen == 5 && !strncmp(expr, "reads", 5)) ||
	    (klen == 1 && expr[0] == 'r')) {
		fo->d.dump_read = &oc->dump_read;
		return filter_parse_fdset(eq + 1, &oc->dump_read);
	}
	if ((klen == 5 && !strncmp(expr, "write", 5)) || (klen == 6 && !strncmp(expr, "writes", 6)) ||
	    (klen == 1 && expr[0] == 'w')) {
		fo->d.dump_write = &oc->dump_write;
		return filter_parse_fdset(eq + 1, &oc->dump_write);
	}
	if ((klen == 3 && !strncmp(expr, "raw", 3)) || (klen == 1 && expr[0] == 'x')) {
		fo->raw_set = oc->raw_set;
		return outopt_parse_sc_set(oc->cmd, oc->raw_set, eq + 1, NULL);
	}
	if ((klen == 6 && !strncmp(expr, "abbrev", 6)) || (klen == 1 && expr[0] == 'a')) {
		fo->abbrev_set = oc->abbrev_set;
		return outopt_parse_sc_set(oc->cmd, oc->abbrev_set, eq + 1, NULL);
	}
	if ((klen == 7 && !strncmp(expr, "verbose", 7)) || (klen == 1 && expr[0] == 'v')) {
		fo->verbose_set = oc->verbose_set;
		return outopt_parse_sc_set(oc->cmd, oc->verbose_set, eq + 1, NULL);
	}
	if ((klen == 6 && !strncmp(expr, "inject", 6)) || (klen == 5 && !strncmp(expr, "fault", 5))) {
		if (!oc->inject_kinds)
			return error("%s: -e %.*s= changes what a running program's syscalls do; "
				     "it has no meaning here", oc->cmd, (int)klen, expr);
		if (oc->ninject == (int)ARRAY_SIZE(oc->inject_specs))
			return error("%s: more than %zu -e inject=/fault= rules", oc->cmd,
				     ARRAY_SIZE(oc->inject_specs));
		oc->inject_kinds[oc->ninject] = expr[0] == 'i' ? "inject" : "fault";
		oc->inject_specs[oc->ninject++] = xstrdup(eq + 1); /* the caller frees it */
		return 0;
	}
	if ((klen == 5 && !strncmp(expr, "quiet", 5)) || (klen == 6 && !strncmp(expr, "silent", 6)) ||
	    (klen == 7 && !strncmp(expr, "silence", 7)) || (klen == 1 && expr[0] == 'q'))
		return parse_quiet(oc->cmd, eq + 1, &fo->quiet);
	return error("%s: -e %.*s= is not supported yet", oc->cmd, (int)klen, expr);
}

/* -O: strace's time format, a number with an optional s, ms, us or ns suffix
 * (seconds without one). */
static int parse_overhead(const char *arg, uint64_t *ns)
{
	static const struct { const char *sfx; double mul; } units[] = {
		{ "", 1e9 }, { "s", 1e9 }, { "ms", 1e6 }, { "us", 1e3 }, { "ns", 1 },
	};
	char *end;
	double v;
	size_t i;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || v < 0 || v > 1e6)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(units); i++)
		if (!strcmp(end, units[i].sfx)) {
			*ns = (uint64_t)(v * units[i].mul + 0.5);
			return 0;
		}
	return -EINVAL;
}

/* --decode-fds=path,socket,dev,pidfd,all */
static int parse_decode_fds(const char *cmd, const char *arg, unsigned *out)
{
	static const struct { const char *name; unsigned bits; } names[] = {
		{ "path", DECODE_FD_PATH }, { "socket", DECODE_FD_SOCKET }, { "dev", DECODE_FD_DEV },
		{ "pidfd", DECODE_FD_PIDFD },
		{ "all", DECODE_FD_PATH | DECODE_FD_SOCKET | DECODE_FD_DEV | DECODE_FD_PIDFD },
		{ "none", 0 },
	};
	char *copy = xstrdup(arg), *save = NULL, *tok;
	size_t i;

	*out = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == ARRAY_SIZE(names)) {
			free(copy);
			return error("%s: --decode-fds: unknown decoder '%s' (path, socket, dev, pidfd, all)",
				     cmd, tok);
		}
		*out |= names[i].bits;
	}
	free(copy);
	return 0;
}

int outopts_option(struct outopts *oc, int opt, const char *arg)
{
	struct fmt_opts *fo = &oc->fo;
	long v;

	switch (opt) {
	case 's':
		if (parse_long(arg, 0, 1 << 24, &v) < 0)
			return error("%s: -s: invalid string limit '%s'", oc->cmd, arg);
		fo->d.strsize = v;
		oc->strsize_given = true;
		return 1;
	case 'a':
		if (parse_long(arg, 0, 1000, &v) < 0)
			return error("%s: -a: invalid column '%s'", oc->cmd, arg);
		fo->acolumn = v;
		return 1;
	case 't': fo->tstamp++; return 1;
	case 'r': fo->relative = true; return 1;
	case 'T': fo->durations = true; return 1;
	case 'n': fo->sc_number = true; return 1;
	case 'q':
		/* strace: -q attach,personality; -qq and exit; -qqq all */
		oc->qcount++;
		fo->quiet = oc->qcount == 1 ? QUIET_ATTACH | QUIET_PERSONALITY :
			    oc->qcount == 2 ? QUIET_ATTACH | QUIET_PERSONALITY | QUIET_EXIT : QUIET_ALL;
		return 1;
	case 'e': return parse_expr(oc, arg) < 0 ? -1 : 1;
	case 'z':
	case 'Z':
		/* strace: the last of -z, -Z and -e status= wins. */
		if (oc->zflag && oc->zflag != opt)
			warning("%s: only the last of -z and -Z takes effect; -e status= combines more",
				oc->cmd);
		oc->zflag = opt;
		fo->status_mask = opt == 'z' ? STATUS_SUCCESSFUL : STATUS_FAILED;
		return 1;
	case 'v': fo->d.verbose = true; return 1;
	case 'x': fo->d.xflag++; return 1;
	case 'X':
		if (!strcmp(arg, "raw"))
			fo->d.xlat_style = XLAT_STYLE_RAW;
		else if (!strcmp(arg, "abbrev"))
			fo->d.xlat_style = XLAT_STYLE_ABBREV;
		else if (!strcmp(arg, "verbose"))
			fo->d.xlat_style = XLAT_STYLE_VERBOSE;
		else
			return error("%s: -X: expected raw, abbrev or verbose, not '%s'", oc->cmd, arg);
		return 1;
	case 'y':
		/* -y paths, -yy everything strace decodes (sockets, devices, pidfds) */
		fo->d.decode_fds = fo->d.decode_fds ? DECODE_FD_PATH | DECODE_FD_SOCKET |
			DECODE_FD_DEV | DECODE_FD_PIDFD : DECODE_FD_PATH;
		oc->decode_fds_given = true;
		return 1;
	case OUTOPT_DECODE_FDS:
		oc->decode_fds_given = true;
		return parse_decode_fds(oc->cmd, arg, &fo->d.decode_fds) < 0 ? -1 : 1;
	case 'c': oc->summary = 1; return 1;
	case 'C': oc->summary = 2; return 1;
	case 'w': fo->summary_wall = true; return 1;
	case 'S': {
		enum sum_sort key;

		if (summary_parse_sort(arg, &key) < 0)
			return error("%s: -S: invalid sort key '%s' (time, min-time, max-time, avg-time, calls, errors, name, nothing)",
				     oc->cmd, arg);
		fo->summary_sort = key;
		return 1;
	}
	case 'U':
		if (summary_parse_columns(arg, oc->sum_cols) < 0)
			return error("%s: -U: invalid column list '%s' (time-percent, total-time, min-time, max-time, avg-time, calls, errors, name)",
				     oc->cmd, arg);
		fo->summary_cols = oc->sum_cols;
		return 1;
	case 'O':
		if (parse_overhead(arg, &fo->summary_overhead_ns) < 0)
			return error("%s: -O: invalid overhead '%s'", oc->cmd, arg);
		return 1;
	case OUTOPT_JSON:
		oc->json = true;
		return 1;
	case OUTOPT_E_TRACE:
	case OUTOPT_E_SIGNAL:
	case OUTOPT_E_STATUS:
	case OUTOPT_E_ABBREV:
	case OUTOPT_E_VERBOSE:
	case OUTOPT_E_RAW:
	case OUTOPT_E_READ:
	case OUTOPT_E_WRITE:
	case OUTOPT_E_QUIET:
	case OUTOPT_E_INJECT:
	case OUTOPT_E_FAULT: {
		static const char *const names[] = { "trace", "signal", "status", "abbrev", "verbose",
						     "raw", "read", "write", "quiet", "inject", "fault" };
		struct strbuf e = STRBUF_INIT;
		int rc;

		sb_printf(&e, "%s=%s", names[opt - OUTOPT_E_TRACE], arg);
		rc = parse_expr(oc, e.buf) < 0 ? -1 : 1;
		sb_release(&e);
		return rc;
	}
	default:
		return 0;
	}
}

void outopts_finish(struct outopts *oc)
{
	/* -e abbrev=: the options for syscalls inside and outside the set. */
	oc->fo.d_full = oc->fo.d;
	oc->fo.d_full.verbose = true;
	oc->fo.d_abbrev = oc->fo.d;
	oc->fo.d_abbrev.verbose = false;
}

struct formatter *outopts_formatter(struct outopts *oc)
{
	struct formatter *fmt, *two[2];

	if (oc->summary == 1)	/* -c: the table alone */
		return fmt_summary_new(&oc->fo);
	fmt = oc->json ? fmt_json_new(&oc->fo) : fmt_text_new(&oc->fo);
	if (!oc->summary)
		return fmt;
	/* -C: the trace, then the table after its last line */
	two[0] = fmt;
	two[1] = fmt_summary_new(&oc->fo);
	return fmt_tee_new(two, 2);
}
