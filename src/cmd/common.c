/* common.c: what several subcommands parse the same way. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/util.h"

int cmd_pid_operand(int argc, char **argv, int first, const char *cmd, long *pid)
{
	if (first != argc - 1) {
		error(first == argc ? "%s: a PID is needed" : "%s: only one PID is taken", cmd);
		return error("try 'procscope %s --help'", cmd);
	}
	if (parse_long(argv[first], 1, INT32_MAX, pid))
		return error("%s: invalid pid '%s'", cmd, argv[first]);
	return 0;
}

int cmd_bad_option(const char *cmd, const char *optstring, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *spec = optopt > 0 && optopt < 0x100 ? strchr(optstring, optopt) : NULL;
	/* "procscope: ps: ...", but "procscope fds: ..." where progname names it */
	const char *who = strstr(progname, cmd) ? "" : cmd, *sep = *who ? ": " : "";
	char help[48];

	snprintf(help, sizeof(help), " (see 'procscope %s --help')", cmd);
	if (!strncmp(arg, "--", 2) && optopt && strchr(arg, '='))
		error("%s%soption '%.*s' takes no argument%s", who, sep, (int)strcspn(arg, "="), arg, help);
	else if (!strncmp(arg, "--", 2) && optopt)
		error("%s%soption '%s' needs an argument%s", who, sep, arg, help);	/* a long option */
	else if (spec && spec[1] == ':')
		error("%s%soption -%c needs an argument%s", who, sep, optopt, help);
	else if (optopt > 0 && optopt < 0x100)
		error("%s%sunknown option -%c%s", who, sep, optopt, help);
	else
		error("%s%sunknown option '%s'%s", who, sep, arg, help);
	return EXIT_USAGE;
}
