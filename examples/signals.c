/*
 * signals.c: a small daemon's signal handling, done safely.
 *
 * Seed 000 (Bite Size Linux, "signals"): SIGTERM asks a process to stop,
 * SIGHUP is by convention "reload your configuration" (nginx does this), and
 * a program can install its own handler for almost any signal. A handler
 * runs at *any* moment, between any two instructions of the main program, so
 * it may only call async-signal-safe functions: no printf, no malloc, no
 * locks. The robust patterns move the work out of the handler:
 *
 *  - self-pipe (default): the handler only write()s the signal number into a
 *    pipe; the main loop poll()s the pipe and does the real work. The trace
 *    shows the delivery, the handler's write and the return:
 *      --- SIGHUP {si_signo=SIGHUP, si_code=SI_USER, si_pid=42, si_uid=0} ---
 *      write(4, "\1", 1) = 1
 *      rt_sigreturn({mask=[]}) = ...
 *  - signalfd (--signalfd): the signals are blocked, so they are never
 *    delivered asynchronously, and read from a file descriptor instead:
 *      rt_sigprocmask(SIG_BLOCK, [HUP INT USR1 TERM], NULL, 8) = 0
 *      signalfd4(-1, [HUP INT USR1 TERM], 8, SFD_CLOEXEC) = 3
 *
 * The daemon reads --config FILE at start and again on SIGHUP, reports its
 * state on SIGUSR1, and on SIGTERM or SIGINT finishes cleanly: it removes
 * its --pidfile and exits 0.
 *
 * usage: signals [--signalfd] [--config FILE] [--pidfile FILE] [--timeout S]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

static const char *prog = "signals";
static int pipe_w = -1;

/* Async-signal-safe: one write(), errno preserved. The pipe is non-blocking,
 * so a full pipe (signals faster than the loop) drops a byte, not us. */
static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = sig;

	(void)!write(pipe_w, &b, 1);
	errno = saved;
}

/* Reads the first line of the config file into buf. */
static int load_config(const char *path, char *buf, size_t size)
{
	FILE *f;

	if (!path) {
		snprintf(buf, size, "(no config)");
		return 0;
	}
	f = fopen(path, "r");
	if (!f)
		return -errno;
	if (!fgets(buf, size, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGUSR1, SIGTERM };
	const char *config = NULL, *pidfile = NULL;
	bool use_signalfd = false, running = true;
	long timeout = 30, reloads = 0;
	char conf[256];
	sigset_t mask;
	int i, fd, ret, status = 0;
	char *end;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--signalfd")) {
			use_signalfd = true;
		} else if (!strcmp(argv[i], "--config") && i + 1 < argc) {
			config = argv[++i];
		} else if (!strcmp(argv[i], "--pidfile") && i + 1 < argc) {
			pidfile = argv[++i];
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			errno = 0;
			timeout = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || timeout < 1 || timeout > 86400) {
				fprintf(stderr, "%s: invalid timeout '%s'\n", prog, argv[i]);
				return 2;
			}
		} else {
			fprintf(stderr, "usage: %s [--signalfd] [--config FILE] [--pidfile FILE] [--timeout S]\n",
				prog);
			return 2;
		}
	}
	ret = load_config(config, conf, sizeof(conf));
	if (ret < 0) {
		fprintf(stderr, "%s: read config %s: %s\n", prog, config, strerror(-ret));
		return 1;
	}

	sigemptyset(&mask);
	for (i = 0; i < 4; i++)
		sigaddset(&mask, sigs[i]);
	if (use_signalfd) {
		/* Blocked signals stay pending until read from the fd. */
		if (sigprocmask(SIG_BLOCK, &mask, NULL)) {
			perror("signals: sigprocmask");
			return 1;
		}
		fd = signalfd(-1, &mask, SFD_CLOEXEC);
		if (fd < 0) {
			perror("signals: signalfd");
			return 1;
		}
	} else {
		struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
		int p[2];

		if (pipe2(p, O_CLOEXEC | O_NONBLOCK)) {
			perror("signals: pipe2");
			return 1;
		}
		fd = p[0];
		pipe_w = p[1];
		sigemptyset(&sa.sa_mask);
		for (i = 0; i < 4; i++) {
			if (sigaction(sigs[i], &sa, NULL)) {
				perror("signals: sigaction");
				return 1;
			}
		}
	}
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f)) {
			fprintf(stderr, "%s: write %s: %s\n", prog, pidfile, strerror(errno));
			return 1;
		}
	}
	printf("ready: pid %d, %s, config \"%s\"\n", (int)getpid(),
	       use_signalfd ? "signalfd" : "self-pipe", conf);
	fflush(stdout);

	while (running) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int sig, n = poll(&pfd, 1, timeout * 1000);

		if (n < 0) {
			if (errno == EINTR)
				continue; /* a handler ran; its byte is in the pipe */
			perror("signals: poll");
			status = 1;
			break;
		}
		if (n == 0) {
			fprintf(stderr, "%s: no signal for %ld s, giving up\n", prog, timeout);
			status = 1;
			break;
		}
		if (use_signalfd) {
			struct signalfd_siginfo si;

			if (read(fd, &si, sizeof(si)) != sizeof(si))
				continue;
			sig = si.ssi_signo;
			printf("signal SIG%s from pid %u\n", sigabbrev_np(sig), si.ssi_pid);
		} else {
			unsigned char b;

			if (read(fd, &b, 1) != 1)
				continue;
			sig = b;
			printf("signal SIG%s\n", sigabbrev_np(sig));
		}
		switch (sig) {
		case SIGHUP:
			ret = load_config(config, conf, sizeof(conf));
			if (ret < 0)
				printf("reload failed (%s); keeping config \"%s\"\n", strerror(-ret), conf);
			else
				printf("reloaded config: \"%s\"\n", conf);
			reloads++;
			break;
		case SIGUSR1:
			printf("status: %ld reloads, config \"%s\"\n", reloads, conf);
			break;
		default: /* SIGTERM, SIGINT */
			printf("shutting down\n");
			running = false;
		}
		fflush(stdout);
	}
	if (pidfile && unlink(pidfile)) {
		fprintf(stderr, "%s: unlink %s: %s\n", prog, pidfile, strerror(errno));
		status = 1;
	}
	if (status == 0)
		printf("clean exit\n");
	if (fclose(stdout))
		return 1;
	return status;
}
