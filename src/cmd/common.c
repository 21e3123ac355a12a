/* common.c: what several subcommands parse the same way. */
#include <stdint.h>

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
