/* inject.c: parsing strace's -e inject= and -e fault= (core/inject.h). */
#include "core/inject.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/outopts.h"
#include "core/util.h"
#include "decode/xlat.h"

/* An errno by name (ENOENT) or number; 0 when it is neither. */
static long errno_value(const char *s)
{
	unsigned long long u;
	char *end;

	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		u = strtoull(s, &end, 10);
		if (errno || *end)
			return 0;
	} else if (!xlat_value(xlat_get(XLAT_ID(errno)), s, &u)) {
		return 0;
	}
	return u >= 1 && u <= 4095 ? (long)u : 0;
}

static int parse_u32(const char *s, char **end, uint32_t *out)
{
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, end, 10);
	if (errno || v > 0xffffffffu)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* first[..last][+[step]] */
static int parse_when(const char *s, struct inject_rule *r)
{
	char *end;

	if (parse_u32(s, &end, &r->first) < 0 || r->first == 0)
		return -1;
	r->last = UINT32_MAX;
	r->step = 0;
	if (end[0] == '.' && end[1] == '.') {
		if (parse_u32(end + 2, &end, &r->last) < 0 || r->last < r->first)
			return -1;
		r->step = 1; /* "N..M": each call from the Nth to the Mth */
	}
	if (*end == '+') {
		end++;
		r->step = 1;
		if (*end && (parse_u32(end, &end, &r->step) < 0 || r->step == 0))
			return -1;
	} else if (r->last == UINT32_MAX) {
		r->last = r->first; /* "N": the Nth call alone */
	}
	return *end ? -1 : 0;
}

int inject_parse(const char *kind, const char *spec, struct inject_rule *r)
{
	char *copy = xstrdup(spec), *colon = strchr(copy, ':'), *tok, *save = NULL;
	bool fault = !strcmp(kind, "fault"), have_ret = false;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	r->first = 1;
	r->last = UINT32_MAX;
	r->step = 1;
	if (colon)
		*colon = '\0';
	if (!*copy) {
		error("trace: -e %s=: no syscalls before the first ':'", kind);
		goto out;
	}
	if (outopt_parse_sc_set("trace", r->set, copy, NULL) < 0)
		goto out;
	for (tok = colon ? strtok_r(colon + 1, ":", &save) : NULL; tok; tok = strtok_r(NULL, ":", &save)) {
		char *eq = strchr(tok, '=');
		const char *val = eq ? eq + 1 : "";

		if (eq)
			*eq = '\0';
		if (!strcmp(tok, "error")) {
			long e = errno_value(val);

			if (!e) {
				error("trace: -e %s=: error=%s: not an errno name or number (1..4095)", kind, val);
				goto out;
			}
			r->ret = -e;
			have_ret = true;
		} else if (!strcmp(tok, "retval") && !fault) {
			char *end;
			long long v;

			errno = 0;
			v = strtoll(val, &end, 0);
			if (errno || end == val || *end || v < 0) {
				error("trace: -e inject=: retval=%s: expected a number from 0", val);
				goto out;
			}
			r->ret = v;
			have_ret = true;
		} else if (!strcmp(tok, "when")) {
			if (parse_when(val, r) < 0) {
				error("trace: -e %s=: when=%s: expected FIRST[..LAST][+[STEP]], counting from 1",
				      kind, val);
				goto out;
			}
		} else if (!strcmp(tok, "signal") || !strcmp(tok, "syscall") || !strcmp(tok, "delay_enter") ||
			   !strcmp(tok, "delay_exit") || (fault && !strcmp(tok, "retval"))) {
			error("trace: -e %s=: %s= is not supported yet (error=, %swhen= are)", kind, tok,
			      fault ? "" : "retval=, ");
			goto out;
		} else {
			error("trace: -e %s=: unknown '%s' (error=, %swhen=)", kind, tok, fault ? "" : "retval=, ");
			goto out;
		}
	}
	if (!have_ret) {
		if (!fault) {
			error("trace: -e inject=: say what to inject: :error=ERRNO or :retval=VALUE");
			goto out;
		}
		r->ret = -ENOSYS; /* fault's default, as strace's */
	}
	rc = 0;
out:
	free(copy);
	return rc;
}
