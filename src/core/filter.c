/* filter.c: parsers for trace's -e status= and -e signal= (see filter.h). */
#include "core/filter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "decode/decode.h"
#include "format/format.h"
#include "format/out.h"
#include "syscalls/syscalls.h"

/* A status mask that selects nothing but is not 0 (0 means "no filter"). */
#define STATUS_NOTHING (1u << 31)

int filter_parse_status(const char *spec, unsigned *mask)
{
	static const struct { const char *name; unsigned bits; } names[] = {
		{ "successful", STATUS_SUCCESSFUL }, { "failed", STATUS_FAILED },
		{ "unfinished", STATUS_UNFINISHED }, { "unavailable", STATUS_UNAVAILABLE },
		{ "detached", STATUS_DETACHED },     { "all", STATUS_ALL },
		{ "none", 0 },
	};
	bool negate = *spec == '!';
	char *copy = xstrdup(spec + negate), *save = NULL, *tok;
	unsigned set = 0;
	size_t i;
	int rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == ARRAY_SIZE(names)) {
			rc = error("trace: invalid status '%s' (successful, failed, unfinished, unavailable, detached)",
				   tok);
			goto out;
		}
		set |= names[i].bits;
	}
	if (negate)
		set = ~set & STATUS_ALL;
	*mask = set ? set : STATUS_NOTHING;
out:
	free(copy);
	return rc;
}

/* A signal by number, or by name with or without "SIG" in any case. */
static int signal_number(const char *tok)
{
	static const struct { const char *name; int sig; } aliases[] = {
		{ "IOT", 6 }, { "POLL", 29 }, { "CLD", 17 }, { "UNUSED", 31 },
	};
	const char *name = tok;
	char buf[16];
	size_t i;
	long v;
	int sig;

	if (parse_long(tok, 1, 64, &v) == 0)
		return (int)v;
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (sig = 1; sig <= 64; sig++) {
		const char *s = signame(sig, buf);

		if (s && !strcasecmp(s + 3, name))
			return sig;
	}
	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (!strcasecmp(aliases[i].name, name))
			return aliases[i].sig;
	return -1;
}

int filter_parse_signals(const char *spec, uint64_t *hidden)
{
	bool negate = *spec == '!';
	char *copy = xstrdup(spec + negate), *save = NULL, *tok;
	uint64_t set = 0;
	int rc = 0, sig;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			set = ~0ull;
		} else if (!strcmp(tok, "none")) {
			/* nothing */
		} else {
			sig = signal_number(tok);
			if (sig < 0) {
				rc = error("trace: invalid signal '%s'", tok);
				goto out;
			}
			set |= 1ull << (sig - 1);
		}
	}
	*hidden = negate ? set : ~set;
out:
	free(copy);
	return rc;
}

void pathset_add(struct pathset *ps, const char *path)
{
	char *real = realpath(path, NULL);

	ps->paths = xrealloc(ps->paths, (ps->n + 2) * sizeof(*ps->paths));
	ps->paths[ps->n++] = xstrdup(path);
	if (real && strcmp(real, path)) {
		fprintf(stderr, "%s: Requested path \"%s\" resolved into \"%s\"\n", progname, path, real);
		ps->paths[ps->n++] = real;
	} else {
		free(real);
	}
}

void pathset_free(struct pathset *ps)
{
	int i;

	for (i = 0; i < ps->n; i++)
		free(ps->paths[i]);
	free(ps->paths);
	ps->paths = NULL;
	ps->n = 0;
}

static bool path_in(const struct pathset *ps, const void *p, size_t len)
{
	int i;

	for (i = 0; i < ps->n; i++)
		if (strlen(ps->paths[i]) == len && !memcmp(ps->paths[i], p, len))
			return true;
	return false;
}

bool pathset_match(const struct pathset *ps, const struct call *c)
{
	const struct syscall_sig *sig = sc_sig(c->nr);
	const struct capture *k;
	int i;

	for (i = 0; i < sig->nargs; i++) {
		switch (sig->args[i].kind) {
		case AK_PATH:
			k = call_cap(c, i);
			if (k && (k->flags & CAP_NUL) && path_in(ps, call_cap_data(c, k), k->len))
				return true;
			break;
		case AK_FD:
		case AK_DIRFD:
			k = call_cap(c, CAP_FDDESC(i));
			/* A deleted file's link says "PATH (deleted)": no longer the path. */
			if (k && !(k->flags & (CAP_FAULT | CAP_DELETED)) &&
			    path_in(ps, call_cap_data(c, k), k->len))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

int filter_parse_fdset(const char *spec, struct fdset *set)
{
	bool negate = *spec == '!', all = false;
	char *copy = xstrdup(spec + negate), *save = NULL, *tok;
	int rc = 0;
	long v;

	memset(set, 0, sizeof(*set));
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			all = true;
		} else if (!strcmp(tok, "none")) {
			/* nothing */
		} else if (parse_long(tok, 0, 1023, &v) == 0) {
			set->bits[v / 64] |= 1ull << (v % 64);
		} else {
			rc = error("trace: invalid descriptor '%s' (0..1023, all, none)", tok);
			goto out;
		}
	}
	if (all) {
		/* every fd (or, negated, none) */
		memset(set->bits, 0, sizeof(set->bits));
		negate = !negate;
	}
	set->negate = negate;
out:
	free(copy);
	return rc;
}

bool fdset_any(const struct fdset *set)
{
	size_t i;

	if (!set || set->negate)
		return set != NULL;
	for (i = 0; i < ARRAY_SIZE(set->bits); i++)
		if (set->bits[i])
			return true;
	return false;
}

bool fdset_has(const struct fdset *set, long long fd)
{
	bool in;

	if (!set || fd < 0)
		return false;
	in = fd < 1024 && (set->bits[fd / 64] & (1ull << (fd % 64)));
	return set->negate ? !in : in;
}

int dump_arg(const struct dopts *o, const struct syscall_sig *s, const struct call *c)
{
	int i;

	if ((!o->dump_read && !o->dump_write) || s->nargs < 2 || s->args[0].kind != AK_FD)
		return -1;
	for (i = 1; i < s->nargs; i++) {
		if (s->args[i].kind == AK_IBUF && fdset_has(o->dump_write, (int)c->args[0]))
			return i;
		if (s->args[i].kind == AK_OBUF && fdset_has(o->dump_read, (int)c->args[0]))
			return i;
	}
	return -1;
}

int dump_iov(const struct dopts *o, const struct syscall_sig *s, const struct call *c)
{
	const char *n = s->name;
	bool w;

	if (!o->dump_read && !o->dump_write)
		return 0;
	if (*n == 'p')
		n++;
	w = !strncmp(n, "writev", 6);
	if (!w && strncmp(n, "readv", 5))
		return 0;
	if (w)
		return fdset_has(o->dump_write, (int)c->args[0]) ? DUMP_WRITE : 0;
	return fdset_has(o->dump_read, (int)c->args[0]) ? DUMP_READ : 0;
}

int dump_msg(const struct dopts *o, const struct syscall_sig *s, const struct call *c, bool *vector)
{
	const char *n = s->name;
	bool w;

	if (!o->dump_read && !o->dump_write)
		return 0;
	w = !strncmp(n, "send", 4);
	if (!w && strncmp(n, "recv", 4))
		return 0;
	n += 4;
	if (strcmp(n, "msg") && strcmp(n, "mmsg"))
		return 0;
	*vector = n[1] == 'm';
	if (w)
		return fdset_has(o->dump_write, (int)c->args[0]) ? DUMP_WRITE : 0;
	return fdset_has(o->dump_read, (int)c->args[0]) ? DUMP_READ : 0;
}
