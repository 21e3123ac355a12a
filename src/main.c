/* main.c: the subcommand table and dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/util.h"

/* Keep in the order --help lists them. A command is listed only once it exists. */
static const struct command commands[] = {
	{ "trace", cmd_trace, "trace system calls and signals (strace's options and output)" },
	{ "replay", cmd_replay, "print a recording made with 'trace --record' with any formatter" },
	{ "ps", cmd_ps, "list processes (ps columns and STAT letters, --tree as pstree)" },
	{ "show", cmd_show, "everything /proc tells about one process" },
	{ "fds", cmd_fds, "open files of processes, every fd kind detailed (lsof)" },
	{ "maps", cmd_maps, "memory mappings as pmap -x shows them, by region; --libs" },
	{ "ns", cmd_ns, "list namespaces as lsns does, --tree by owning user namespace" },
	{ "recover", cmd_recover, "copy out a file a process holds open (deleted or not)" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: procscope COMMAND [OPTIONS] [ARGS]\n\n"
		   "Shows what Linux processes are doing.\n\ncommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s  %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'procscope COMMAND --help' for a command's options.\n"
		   "\nexamples:\n"
		   "  procscope trace ls -l /etc              strace ls -l /etc\n"
		   "  procscope trace -f -e trace=%%file make   strace -f -e trace=%%file make\n"
		   "  procscope trace -p 1234                 strace -p 1234\n"
		   "  procscope ps --tree                     pstree -p\n"
		   "  procscope fds --port 8080               lsof -i :8080\n"
		   "  procscope show 1234                     (ps, /proc/1234/status, decoded)\n");
}

int main(int argc, char **argv)
{
	const char *name;
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	name = argv[1];
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
		printf("procscope version %s\n", PROCSCOPE_VERSION);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(name, commands[i].name)) {
			/* getopt names the command in its messages: "procscope maps: ..." */
			char *self = xmalloc(strlen(name) + sizeof("procscope "));

			sprintf(self, "procscope %s", name);
			argv[1] = self;
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	if (name[0] == '-')
		error("unknown option '%s' (options follow a command: 'procscope trace %s ...')",
		      name, name);
	else
		error("'%s' is not a procscope command (to trace a program: 'procscope trace %s')",
		      name, name);
	return EXIT_USAGE;
}
