/* cmd.h: the subcommands. Each takes the arguments after its own name
 * (argv[0] is the subcommand name) and returns the process exit status. */
#ifndef PROCSCOPE_CMD_H
#define PROCSCOPE_CMD_H

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* The single PID operand at argv[first] of CMD: 0, or -1 after saying what is wrong. */
int cmd_pid_operand(int argc, char **argv, int first, const char *cmd, long *pid);
/* After getopt_long() returned '?' with opterr = 0: one line naming the option
 * that is unknown or lacks its argument, and where help is. Returns EXIT_USAGE. */
int cmd_bad_option(const char *cmd, const char *optstring, char **argv);

int cmd_trace(int argc, char **argv);
int cmd_replay(int argc, char **argv);

/* /proc reports (src/cmd/ps.c, show.c, fds.c, maps.c, ns.c, recover.c) */
int cmd_ps(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_fds(int argc, char **argv);
int cmd_maps(int argc, char **argv);
int cmd_ns(int argc, char **argv);
int cmd_recover(int argc, char **argv);

#endif
