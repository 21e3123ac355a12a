/* test_bpfwin: the eBPF backend's windows (backend/bpfwin.c) on hand-made
 * copies: which reads they serve, and which they refuse (the decoder then
 * prints an address, never bytes the kernel side did not copy). And the table
 * itself: every syscall with a capture hook has windows, or is one of the few
 * named here whose memory the kernel side does not follow. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backend/bpfwin.h"
#include "core/strbuf.h"
#include "syscalls/syscalls.h"
#include "tap.h"

static void add(struct strbuf *sb, uint64_t addr, const char *bytes, uint32_t len, uint32_t err)
{
	struct bpfwin_hdr h = { .addr = addr, .len = err ? 0 : len, .err = err };

	sb_add(sb, &h, sizeof(h));
	if (!err)
		sb_add(sb, bytes, len);
}

static int serve(const struct strbuf *sb, uint64_t addr, uint32_t want, bool str, char *dst, uint32_t *got)
{
	memset(dst, 'Z', 64);
	return bpfwin_serve((const uint8_t *)sb->buf, sb->len, addr, want, str, (uint8_t *)dst, got);
}

static void test_serve(void)
{
	struct strbuf sb = STRBUF_INIT;
	char dst[64];
	uint32_t got;

	add(&sb, 0x1000, "0123456789abcdef", 16, 0);
	add(&sb, 0x2000, "hello", 6, 0);	  /* a string with its NUL */
	add(&sb, 0x2100, "abcd", 4, 0);		  /* a string cut at 4 bytes */
	add(&sb, 0x3000, NULL, 0, EFAULT);	  /* an entry copy that faulted ... */
	add(&sb, 0x3000, "again!!!", 8, 0);	  /* ... read again at the exit */
	add(&sb, 0x4000, NULL, 0, EFAULT);	  /* a fault and nothing else */

	ok(serve(&sb, 0x1004, 8, false, dst, &got) == 0 && got == 8 && !memcmp(dst, "456789ab", 8),
	   "a read inside a copy is served from it");
	ok(serve(&sb, 0x1000, 16, false, dst, &got) == 0 && got == 16, "a read of the whole copy is served");
	ok(serve(&sb, 0x1004, 16, false, dst, &got) == EFAULT && got == 0,
	   "a read running past the copy's end is refused");
	ok(serve(&sb, 0xfff, 4, false, dst, &got) == EFAULT, "a read starting before it is refused");
	ok(serve(&sb, 0x5000, 4, false, dst, &got) == EFAULT && dst[0] == 'Z',
	   "memory nothing copied reads as a fault, and nothing is written");
	ok(serve(&sb, 0x2000, 33, true, dst, &got) == 0 && got == 6 && !strcmp(dst, "hello"),
	   "a string ends at its NUL, well within what was asked");
	ok(serve(&sb, 0x2002, 33, true, dst, &got) == 0 && got == 4 && !strcmp(dst, "llo"),
	   "a string starting inside a copy");
	ok(serve(&sb, 0x2100, 3, true, dst, &got) == 0 && got == 3 && !memcmp(dst, "abc", 3),
	   "a cut string serves a shorter request whole (the string goes on)");
	ok(serve(&sb, 0x2100, 33, true, dst, &got) == EFAULT,
	   "but not a longer one: where it ends was not copied");
	ok(serve(&sb, 0x3000, 8, false, dst, &got) == 0 && !memcmp(dst, "again!!!", 8),
	   "a faulted copy is passed over for the one read again");
	ok(serve(&sb, 0x4000, 1, false, dst, &got) == EFAULT, "a copy that faulted serves nothing");
	ok(serve(&sb, 0x1000, 0, false, dst, &got) == 0 && got == 0, "an empty read at a copy is served");
	sb_release(&sb);
}

/* Capture hooks whose memory the kernel side does not follow: rt_sigreturn's
 * frame is read by trace.bpf.c itself; sendmmsg's vector (and recvmmsg's,
 * whose timeout is covered) holds a msghdr per entry, a loop in a loop. */
static const char *const uncovered[] = { "rt_sigreturn", "sendmmsg" };

static bool is_uncovered(const char *name)
{
	for (size_t i = 0; i < sizeof(uncovered) / sizeof(uncovered[0]); i++)
		if (!strcmp(uncovered[i], name))
			return true;
	return false;
}

static void test_table(void)
{
	struct dopts d = { .strsize = 32 };
	int hooks = 0, covered = 0, bad = 0;

	for (long nr = 0; nr < TE_NR_MAX; nr++) {
		const struct syscall_sig *s;
		struct te_wins w;

		if (!sc_known(nr) || !(s = sc_sig(nr))->capture)
			continue;
		hooks++;
		bpfwin_of(s->name, &d, &w);
		if (!w.w[0].kind) {
			if (!is_uncovered(s->name)) {
				printf("# %s has a capture hook and no windows\n", s->name);
				bad++;
			}
			continue;
		}
		covered++;
		for (int k = 0; k < TE_WIN_MAX && w.w[k].kind; k++) {
			const struct te_win *x = &w.w[k];

			if (x->arg >= s->nargs || !x->max || x->max > TE_CAP_MAX || !(x->when & 3) ||
			    (x->size >= TE_SZ_ARG0 && x->size < TE_SZ_ARG0 + 6 && x->size - TE_SZ_ARG0 >= s->nargs) ||
			    (x->size >= TE_SZ_PTR0 && x->size - TE_SZ_PTR0 >= s->nargs)) {
				printf("# %s: window %d is malformed\n", s->name, k);
				bad++;
			}
		}
	}
	ok(hooks > 40, "syscalls with capture hooks found (%d)", hooks);
	ok(!bad && covered + (int)(sizeof(uncovered) / sizeof(uncovered[0])) == hooks,
	   "every hook but %zu has well-formed windows (%d)", sizeof(uncovered) / sizeof(uncovered[0]),
	   covered);

	/* -s sets how much of a buffer is copied */
	struct te_wins w;

	d.strsize = 100;
	bpfwin_of("writev", &d, &w);
	ok(w.w[0].kind == TE_W_IOV && w.w[0].max == 101 && w.w[0].n == 64,
	   "writev: -s 100 copies 101 bytes of each buffer, of 64 iovecs at most");
	bpfwin_of("msgsnd", &d, &w);
	ok(w.w[0].kind == TE_W_MEM && w.w[0].max == 109 && w.w[0].n == 8,
	   "msgsnd: the 8-byte mtype, then -s + 1 bytes of mtext");
	bpfwin_of("getpid", &d, &w);
	ok(!w.w[0].kind, "a syscall without a hook has no windows");
}

int main(void)
{
	test_serve();
	test_table();
	return done_testing();
}
