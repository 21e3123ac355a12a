/*
 * two_hosts.c: "machine A talks to machine B" on one machine, with two
 * network namespaces joined by a virtual Ethernet cable.
 *
 * Seed 002 (part C, "from hub/switch/router to socket programming") follows
 * a message from machine A's transport layer down to its NIC, across the
 * wire and up machine B's stack. A network namespace is a whole separate
 * network stack (interfaces, addresses, routes, ports), and a veth pair is a
 * cable with one NIC at each end. So:
 *
 *   netns A: vethA 10.200.0.1/24  <==== veth pair ====>  netns B: vethB 10.200.0.2/24
 *            echo_epoll server                                    echo_client
 *
 * The namespaces and the cable are made with iproute2 (`ip netns add`,
 * `ip link add ... type veth peer ...`), which this program runs; each
 * program is then moved into its namespace with setns() on
 * /run/netns/NAME before it execs. From the host, `procscope fds -p PID`
 * shows each side's TCP connection with the addresses of *its* namespace
 * (10.200.0.1:7000->10.200.0.2:N on A, the mirror image on B), because
 * /proc/PID/net follows the process's namespace.
 *
 * Everything it creates carries its pid in the name and is deleted at the
 * end (deleting a namespace destroys its end of the cable, and so the
 * pair). Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN).
 *
 * usage: two_hosts [--port N] [--messages M] [--hold S] [--timeout S]
 *   Prints "server PID in netns A ..., client PID in netns B ...", runs
 *   one echo exchange, keeps the connection open --hold seconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "two_hosts";
static char ns_a[32], ns_b[32], dir[PATH_MAX];

/* Runs "ip ARGS..." and waits; returns its exit status (or -1). */
static int ip(const char *first, ...)
{
	const char *argv[16] = { "ip", first };
	int n = 2, status;
	va_list ap;
	pid_t pid;

	va_start(ap, first);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp("ip", (char **)argv);
		fprintf(stderr, "%s: exec ip: %s (is iproute2 installed?)\n", prog, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	if (WEXITSTATUS(status))
		fprintf(stderr, "%s: ip %s ... failed with status %d\n", prog, first, WEXITSTATUS(status));
	return WEXITSTATUS(status);
}

/* Starts dir/program in network namespace ns; stdout to out_fd if >= 0. */
static pid_t spawn_in(const char *ns, int out_fd, const char **argv)
{
	char path[PATH_MAX];
	pid_t pid;
	int fd;

	pid = fork();
	if (pid != 0)
		return pid;
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "%s: enter netns %s: %s\n", prog, ns, strerror(errno));
		_exit(126);
	}
	if (out_fd >= 0 && dup2(out_fd, 1) < 0)
		_exit(126);
	if (snprintf(path, sizeof(path), "%s/%s", dir, argv[0]) >= (int)sizeof(path))
		_exit(126);
	execv(path, (char *const *)argv);
	fprintf(stderr, "%s: exec %s: %s\n", prog, path, strerror(errno));
	_exit(127);
}

static int wait_ok(pid_t pid, const char *who)
{
	int status;

	if (waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "%s: wait for %s: %s\n", prog, who, strerror(errno));
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: %s failed (status 0x%x)\n", prog, who, status);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char port_s[16] = "7000", msgs_s[16] = "10", hold_s[16] = "0", tmo_s[16] = "30";
	char veth_a[16], veth_b[16], line[256], exe[PATH_MAX];
	const char *server_argv[] = { "echo_epoll", "--addr", "10.200.0.1", "--port", port_s,
				"--exit-after", "1", "--timeout", tmo_s, NULL };
	const char *client_argv[] = { "echo_client", "--addr", "10.200.0.1", "--port", port_s,
				"--messages", msgs_s, "--hold", hold_s, "--timeout", tmo_s, NULL };
	int i, p[2], status = 1;
	pid_t srv = -1, cli = -1;
	ssize_t n;
	FILE *srv_out;

	for (i = 1; i + 1 < argc; i += 2) {
		char *dst = !strcmp(argv[i], "--port")	   ? port_s :
			    !strcmp(argv[i], "--messages") ? msgs_s :
			    !strcmp(argv[i], "--hold")	   ? hold_s :
			    !strcmp(argv[i], "--timeout")  ? tmo_s : NULL;

		if (!dst || strlen(argv[i + 1]) >= 16 || strspn(argv[i + 1], "0123456789") !=
							       strlen(argv[i + 1]) || !argv[i + 1][0])
			break;
		strcpy(dst, argv[i + 1]);
	}
	if (i != argc) {
		fprintf(stderr, "usage: %s [--port N] [--messages M] [--hold S] [--timeout S]\n", prog);
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "%s: needs root to create network namespaces\n", prog);
		return 1;
	}
	/* The echo programs live next to this one. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0) {
		perror("two_hosts: readlink /proc/self/exe");
		return 1;
	}
	exe[n] = '\0';
	snprintf(dir, sizeof(dir), "%s", exe);
	*strrchr(dir, '/') = '\0';

	snprintf(ns_a, sizeof(ns_a), "psA-%d", (int)getpid());
	snprintf(ns_b, sizeof(ns_b), "psB-%d", (int)getpid());
	snprintf(veth_a, sizeof(veth_a), "vA%d", (int)getpid());
	snprintf(veth_b, sizeof(veth_b), "vB%d", (int)getpid());
	signal(SIGPIPE, SIG_IGN);
	if (ip("netns", "add", ns_a, NULL) || ip("netns", "add", ns_b, NULL) ||
	    ip("link", "add", veth_a, "netns", ns_a, "type", "veth", "peer", "name", veth_b, "netns",
	       ns_b, NULL) ||
	    ip("-n", ns_a, "addr", "add", "10.200.0.1/24", "dev", veth_a, NULL) ||
	    ip("-n", ns_b, "addr", "add", "10.200.0.2/24", "dev", veth_b, NULL) ||
	    ip("-n", ns_a, "link", "set", veth_a, "up", NULL) ||
	    ip("-n", ns_b, "link", "set", veth_b, "up", NULL) ||
	    ip("-n", ns_a, "link", "set", "lo", "up", NULL) ||
	    ip("-n", ns_b, "link", "set", "lo", "up", NULL))
		goto cleanup;

	if (pipe2(p, O_CLOEXEC)) {
		perror("two_hosts: pipe2");
		goto cleanup;
	}
	fflush(stdout);
	srv = spawn_in(ns_a, p[1], server_argv);
	close(p[1]);
	if (srv < 0) {
		perror("two_hosts: fork");
		goto cleanup;
	}
	/* The server prints "listening on ..." once it accepts connections. */
	srv_out = fdopen(p[0], "r");
	if (!srv_out || !fgets(line, sizeof(line), srv_out) || strncmp(line, "listening", 9)) {
		fprintf(stderr, "%s: the server did not start\n", prog);
		goto cleanup;
	}
	printf("A (%s): server: %s", ns_a, line);
	cli = spawn_in(ns_b, -1, client_argv);
	if (cli < 0) {
		perror("two_hosts: fork");
		goto cleanup;
	}
	printf("server %d in netns %s (10.200.0.1), client %d in netns %s (10.200.0.2)\n", (int)srv,
	       ns_a, (int)cli, ns_b);
	fflush(stdout);
	status = wait_ok(cli, "client");
	cli = -1;
	while (fgets(line, sizeof(line), srv_out))
		printf("A (%s): server: %s", ns_a, line);
	fclose(srv_out);
	status |= wait_ok(srv, "server");
	srv = -1;

cleanup:
	if (cli > 0) {
		kill(cli, SIGKILL);
		waitpid(cli, NULL, 0);
	}
	if (srv > 0) {
		kill(srv, SIGKILL);
		waitpid(srv, NULL, 0);
	}
	/* Deleting a namespace destroys its interfaces, so the veth pair too. */
	if (ip("netns", "del", ns_a, NULL) | ip("netns", "del", ns_b, NULL))
		status = 1;
	fflush(stdout);
	return status;
}
