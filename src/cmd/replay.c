/* replay.c: `procscope replay FILE`, print a recording with any formatter. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/util.h"
#include "format/format.h"
#include "format/record.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: procscope replay [OPTIONS] FILE\n"
"\n"
"Print a recording made with 'procscope trace --record FILE', as the trace\n"
"would have printed it live, with any formatter.\n"
"\n"
"  -o FILE          write to FILE (default: stderr, as trace does)\n"
"  -ff              with -o, one file per process: FILE.PID\n"
"  --json           JSON Lines instead of strace's text\n"
"  -s N             show at most N bytes of strings (at most what was recorded)\n"
"  -a N             align return values at column N (default 40)\n"
"  -t, -tt, -ttt, -r, -T   timestamps and durations, as trace\n"
"  -x, -xx, -X raw|abbrev|verbose, -q, -qq   as trace\n"
"  -h, --help       this help\n"
"\n"
"Examples:\n"
"  procscope trace --record run.rec -o /dev/null ./prog\n"
"  procscope replay run.rec                     the strace text\n"
"  procscope replay -tt -T run.rec              with times\n"
"  procscope replay --json -o run.jsonl run.rec\n");
}

enum { OPT_JSON = 0x100 };

int cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct fmt_opts fo = { 0 };
	struct outputs out;
	struct record_meta m;
	struct formatter *fmt;
	const char *outfile = NULL;
	bool json = false;
	int opt, fd, rc, ff = 0, nprocs = 1;
	long v;
	unsigned strsize = 32;

	fo.acolumn = 40;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+o:fs:a:trTqxX:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': outfile = optarg; break;
		case 'f': ff++; break;
		case 's':
			if (parse_long(optarg, 0, 1 << 24, &v) < 0)
				die(EXIT_USAGE, "replay: -s: invalid string limit '%s'", optarg);
			strsize = v;
			break;
		case 'a':
			if (parse_long(optarg, 0, 1000, &v) < 0)
				die(EXIT_USAGE, "replay: -a: invalid column '%s'", optarg);
			fo.acolumn = v;
			break;
		case 't': fo.tstamp++; break;
		case 'r': fo.relative = true; break;
		case 'T': fo.durations = true; break;
		case 'q': fo.quiet++; break;
		case 'x': fo.d.xflag++; break;
		case 'X':
			if (!strcmp(optarg, "raw"))
				fo.d.xlat_style = XLAT_STYLE_RAW;
			else if (!strcmp(optarg, "verbose"))
				fo.d.xlat_style = XLAT_STYLE_VERBOSE;
			else if (strcmp(optarg, "abbrev"))
				die(EXIT_USAGE, "replay: -X: expected raw, abbrev or verbose, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return 0;
		case OPT_JSON: json = true; break;
		default:
			error("replay: unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "Try 'procscope replay --help' for more information.\n");
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		error("replay: expected one recording FILE");
		fprintf(stderr, "Try 'procscope replay --help' for more information.\n");
		return EXIT_USAGE;
	}
	if (replay_open(argv[optind], &m, &fd) < 0)
		return 1;
	/* A string cannot be longer than what was recorded. */
	fo.d.strsize = MIN(strsize, m.strsize);
	fo.d.verbose = m.verbose;
	fo.d.decode_fds = m.decode_fds;
	if (outputs_open(&out, outfile, ff > 1) < 0) {
		record_meta_free(&m);
		close(fd);
		return 1;
	}
	fo.out = &out;
	fo.follow = m.follow;
	fo.pid_pfx_file = outfile && ff < 2 && (m.follow || m.npids > 1) && !json;
	fo.nprocs = &nprocs;
	fo.backend = m.backend;
	fo.argv = m.argv;
	fmt = json ? fmt_json_new(&fo) : fmt_text_new(&fo);
	rc = replay_run(fd, argv[optind], fmt, &nprocs);
	fmt->ops->finish(fmt);
	fmt->ops->free(fmt);
	outputs_close(&out);
	close(fd);
	record_meta_free(&m);
	return rc < 0 || out.error ? 1 : 0;
}
