/* prctl.c: prctl(2) by option, as strace 6.1 prints the common ones. */
#include <linux/prctl.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"

void cap_prctl(struct capctx *cc, int phase);
void dec_prctl(struct dctx *d, int phase);

/* How an option's arguments print. */
enum pr_form {
	PF_ARGS4,	/* the four arguments in hex (options strace does not decode further) */
	PF_NONE,	/* nothing after the option */
	PF_INT,		/* one integer */
	PF_INT4,	/* four integers (no_new_privs) */
	PF_SIG,		/* a signal */
	PF_INTPTR,	/* int * written by the kernel: [N] */
	PF_SIGPTR,	/* int * written by the kernel, a signal: [SIGTERM] */
	PF_STR_IN,	/* a name: "hello" */
	PF_STR_OUT,	/* a name written by the kernel (16 bytes) */
	PF_DUMPABLE,	/* SUID_DUMP_* */
	PF_CAP,		/* a capability */
};

static const struct {
	int option;
	unsigned char form;
	unsigned char ret_dumpable; /* the result is a SUID_DUMP_* value */
} forms[] = {
	{ PR_SET_PDEATHSIG, PF_SIG, 0 },	 { PR_GET_PDEATHSIG, PF_SIGPTR, 0 },
	{ PR_GET_DUMPABLE, PF_NONE, 1 },	 { PR_SET_DUMPABLE, PF_DUMPABLE, 0 },
	{ PR_GET_KEEPCAPS, PF_NONE, 0 },	 { PR_SET_KEEPCAPS, PF_INT, 0 },
	{ PR_SET_NAME, PF_STR_IN, 0 },		 { PR_GET_NAME, PF_STR_OUT, 0 },
	{ PR_GET_SECCOMP, PF_NONE, 0 },		 { PR_CAPBSET_READ, PF_CAP, 0 },
	{ PR_CAPBSET_DROP, PF_CAP, 0 },		 { PR_GET_TIMERSLACK, PF_NONE, 0 },
	{ PR_SET_TIMERSLACK, PF_INT, 0 },	 { PR_SET_CHILD_SUBREAPER, PF_INT, 0 },
	{ PR_GET_CHILD_SUBREAPER, PF_INTPTR, 0 }, { PR_SET_NO_NEW_PRIVS, PF_INT4, 0 },
	{ PR_GET_NO_NEW_PRIVS, PF_INT4, 0 },	 { PR_GET_THP_DISABLE, PF_INT4, 0 },
	{ PR_SET_THP_DISABLE, PF_INT4, 0 },
};

static int form_of(unsigned long option, bool *ret_dumpable)
{
	size_t i;

	*ret_dumpable = false;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if ((unsigned long)forms[i].option == option) {
			*ret_dumpable = forms[i].ret_dumpable;
			return forms[i].form;
		}
	}
	return PF_ARGS4;
}

void cap_prctl(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	bool rd;
	int form = form_of(c->args[0], &rd);

	if (!c->args[1])
		return;
	if (phase == PH_ENTRY && form == PF_STR_IN)
		cap_queue_str(cc, CAP_EXTRA(0), c->args[1], cc->opt->strsize + 1);
	else if (phase == PH_EXIT && !call_failed(c) && form == PF_STR_OUT)
		cap_queue_str(cc, CAP_EXTRA(0), c->args[1], 16);
	else if (phase == PH_EXIT && !call_failed(c) && (form == PF_INTPTR || form == PF_SIGPTR))
		cap_queue(cc, CAP_EXTRA(0), c->args[1], 4);
}

void dec_prctl(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const struct xlat *caps = xlat_get(XLAT_ID(cap_names));
	bool rd;
	int form = form_of(c->args[0], &rd), i;
	const int32_t *ip;

	if (phase == PH_ENTRY) {
		o_xval(d->o, xlat_get(XLAT_ID(pr_options)), c->args[0], "PR_???");
		switch (form) {
		case PF_ARGS4:
			for (i = 1; i < 5; i++)
				o_hex(d->o, c->args[i]);
			break;
		case PF_INT:
			o_uint(d->o, c->args[1]);
			break;
		case PF_INT4:
			for (i = 1; i < 5; i++)
				o_uint(d->o, c->args[i]);
			break;
		case PF_SIG:
			dec_signo(d, (int)c->args[1]);
			break;
		case PF_STR_IN:
			dec_cstr(d, CAP_EXTRA(0), c->args[1]);
			break;
		case PF_DUMPABLE:
			o_xval(d->o, xlat_get(XLAT_ID(suid_dump)), c->args[1], "SUID_DUMP_???");
			break;
		case PF_CAP:
			o_xval(d->o, caps, c->args[1], "CAP_???");
			break;
		}
		return;
	}
	switch (form) {
	case PF_STR_OUT:
		if (call_failed(c))
			o_ptr(d->o, c->args[1]);
		else
			dec_cstr(d, CAP_EXTRA(0), c->args[1]);
		break;
	case PF_INTPTR:
	case PF_SIGPTR:
		ip = call_failed(c) ? NULL : dec_mem(d, CAP_EXTRA(0), 4);
		if (!ip) {
			o_ptr(d->o, c->args[1]);
			break;
		}
		o_array_begin(d->o);
		if (form == PF_SIGPTR)
			dec_signo(d, *ip);
		else
			o_int(d->o, *ip);
		o_array_end(d->o);
		break;
	default:
		break;
	}
	if (rd && !call_failed(c)) {
		const char *s = xlat_lookup(xlat_get(XLAT_ID(suid_dump)), c->ret);

		if (s)
			snprintf(d->ret_aux, sizeof(d->ret_aux), "(%s)", s);
	}
}
