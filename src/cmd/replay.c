/* replay.c: `procscope replay FILE`, print a recording with any formatter. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/outopts.h"
#include "core/util.h"
#include "format/format.h"
#include "format/record.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: procscope replay [OPTIONS] FILE\n"
"\n"
"Print a recording made with 'procscope trace --record FILE', as the trace\n"
"would have printed it live, with any formatter and trace's output options.\n"
"\n"
"  -o FILE          write to FILE (default: stderr, as trace does)\n"
"  -ff              with -o, one file per process: FILE.PID\n"
"  --json           JSON Lines instead of strace's text\n"
"  -c, -C           the summary table alone (-c) or after the trace (-C); its time\n"
"                   is each call's recorded entry-to-exit time, as with -w\n"
"  -w, -S SORT, -U COLUMNS, -O OVERHEAD   as trace\n"
"  -e trace=SET     only these syscalls (of those recorded); status=, signal=,\n"
"                   raw=, abbrev=, verbose=, read=, write= as trace; -z, -Z\n"
"  -s N             show at most N bytes of strings (at most what was recorded)\n"
"  -a N             align return values at column N (default 40)\n"
"  -t, -tt, -ttt, -r, -T   timestamps and durations, as trace\n"
"  -n               syscall numbers, as trace\n"
"  -x, -xx, -X raw|abbrev|verbose, -v, -q, -qq, -qqq, -e quiet=SET   as trace\n"
"                   (and strace's long names: --trace=, --summary-only, ...)\n"
"  -y, -yy, --decode-fds=SET   show fd descriptions, of those recorded (the\n"
"                   default is the recording's own -y; --decode-fds=none hides them)\n"
"  -h, --help       this help\n"
"\n"
"Examples:\n"
"  procscope trace --record run.rec -o /dev/null ./prog\n"
"  procscope replay run.rec                     the strace text\n"
"  procscope replay -tt -T run.rec              with times\n"
"  procscope replay -c run.rec                  the summary table\n"
"  procscope replay -e trace=%%file -y run.rec   the file syscalls, with paths\n"
"  procscope replay --json -o run.jsonl run.rec\n");
}

/* -e trace= on a recording: a formatter in front of the real one that drops the
 * syscalls outside the set (the backend does this in a live trace). */
struct select_fmt {
	struct formatter f;
	struct formatter *next;
	const struct outopts *oc;
};

static void select_event(struct formatter *f, const struct event *ev)
{
	struct select_fmt *s = (struct select_fmt *)f;

	if ((ev->type == EV_SYSCALL_ENTRY || ev->type == EV_SYSCALL_EXIT) && ev->call &&
	    !outopts_selected(s->oc, ev->call->nr))
		return;
	s->next->ops->event(s->next, ev);
}

static void select_finish(struct formatter *f)
{
	struct select_fmt *s = (struct select_fmt *)f;

	s->next->ops->finish(s->next);
}

static void select_free(struct formatter *f)
{
	struct select_fmt *s = (struct select_fmt *)f;

	s->next->ops->free(s->next);
	free(s);
}

static const struct formatter_ops select_ops = {
	.event = select_event,
	.finish = select_finish,
	.free = select_free,
};

static struct formatter *select_new(struct formatter *next, const struct outopts *oc)
{
	struct select_fmt *s = xcalloc(1, sizeof(*s));

	s->f.ops = &select_ops;
	s->f.fo = next->fo;
	s->next = next;
	s->oc = oc;
	return &s->f;
}

int cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		OUTOPTS_LONG,
		{ NULL, 0, NULL, 0 },
	};
	static const char shortopts[] = "+" OUTOPTS_SHORT "o:fh";
	struct outopts oc;
	struct fmt_opts *fo = &oc.fo;
	struct outputs out;
	struct record_meta m;
	struct formatter *fmt;
	const char *outfile = NULL;
	int opt, fd, rc, ff = 0, nprocs = 1;

	outopts_init(&oc, "replay");
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		rc = outopts_option(&oc, opt, optarg);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc > 0)
			continue;
		switch (opt) {
		case 'o': outfile = optarg; break;
		case 'f': ff++; break;
		case 'h': usage(stdout); return 0;
		default:
			return cmd_bad_option("replay", shortopts, argv);
		}
	}
	if (optind != argc - 1) {
		error("replay: expected one recording FILE");
		fprintf(stderr, "Try 'procscope replay --help' for more information.\n");
		return EXIT_USAGE;
	}
	if (replay_open(argv[optind], &m, &fd) < 0)
		return 1;
	/* Nothing can show more than was recorded: strings as long as the
	 * recording's -s, fd descriptions of the kinds it took, envp with -v. */
	fo->d.strsize = oc.strsize_given ? MIN(fo->d.strsize, m.strsize) : m.strsize;
	fo->d.verbose = fo->d.verbose || m.verbose;
	if (oc.decode_fds_given && (fo->d.decode_fds & ~m.decode_fds))
		warning("replay: the recording has %s fd descriptions than asked for; record with "
			"the -y options to show", m.decode_fds ? "fewer" : "no");
	fo->d.decode_fds = oc.decode_fds_given ? fo->d.decode_fds & m.decode_fds : m.decode_fds;
	outopts_finish(&oc);
	if (outputs_open(&out, outfile, ff > 1 ? OUT_PER_PID : 0) < 0) {
		record_meta_free(&m);
		close(fd);
		return 1;
	}
	fo->out = &out;
	fo->follow = m.follow;
	fo->pid_pfx_file = outfile && ff < 2 && (m.follow || m.npids > 1) && !oc.json;
	fo->nprocs = &nprocs;
	fo->backend = m.backend;
	fo->argv = m.argv;
	fmt = outopts_formatter(&oc);
	if (!oc.select_all)
		fmt = select_new(fmt, &oc);
	rc = replay_run(fd, argv[optind], fmt, &nprocs);
	fmt->ops->finish(fmt);
	fmt->ops->free(fmt);
	outputs_close(&out);
	close(fd);
	record_meta_free(&m);
	return rc < 0 || out.error ? 1 : 0;
}
