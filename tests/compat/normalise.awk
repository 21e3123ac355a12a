# normalise.awk: rewrites one -ff trace file so that two traces of the same
# program can be compared line by line. It changes only what legitimately
# differs between two runs; everything else must match, since the point is to
# show real differences between tracers.
#
#   awk -v map=MAPFILE -v root=0|1 -f normalise.awk TRACEFILE
#
# MAPFILE has "PID TOKEN" lines: each traced pid and the token standing for it
# (its rank in creation order), and the tracer's own pid. root=1 marks the file
# of the first process, whose execve line names the tracer's memory.
#
# What is rewritten, and why:
# - pids, in the places a pid is shown: the arguments and results of the pid
#   syscalls (clone, wait4, kill, getpid ...), si_pid=, {pid=, /proc/PID, and
#   rt_sigreturn's result (the interrupted call's, often a fork's), futex
#   values (pthread_join waits on the thread's tid word). Pids
#   are handed out by the kernel and differ on every run. Pids no run knows
#   (the shell's process group, for one) are the same in both and kept.
# - SysV IPC ids (shmget, semget, msgget results and their uses): a kernel
#   counter, like pids.
# - inode numbers (st_ino, stx_ino, d_ino with -v; pipe:[N], socket:[N],
#   UNIX:[N->M] with -y/-yy): the work directory is rebuilt for every run and
#   pipes and sockets are new each run, so they get new inodes. They are named by
#   order of first appearance in the file, so one inode keeps one name and a
#   field printed from the wrong place still shows.
# - getrandom's bytes: random by definition.
# - times: stat and statx timestamps, si_utime/si_stime, rusage times, the
#   results of the time syscalls, sysinfo's uptime, loads and free memory,
#   and statfs's free blocks and inodes (they move with any write anywhere).
# - the envp address of the first execve: strace prints the address of the
#   tracer's own environment block, which lies on the tracer's stack, so it
#   depends on the tracer's command line, not on the program. Under
#   -e verbose= without execve, argv's address is the tracer's as well.

BEGIN {
	while ((getline line < map) > 0) {
		split(line, f, " ")
		pidmap[f[1]] = f[2]
	}
	close(map)
	pidcalls = "^(clone|clone3|fork|vfork|wait4|waitid|waitpid|getpid|getppid|gettid|" \
		"set_tid_address|getpgid|getpgrp|setpgid|getsid|setsid|kill|tkill|tgkill|" \
		"rt_sigqueueinfo|rt_tgsigqueueinfo|pidfd_open|pidfd_send_signal|prlimit64|" \
		"sched_[a-z_]+|process_vm_readv|process_vm_writev|process_madvise|" \
		"rt_sigreturn|futex|get_robust_list|kcmp|ioprio_get|ioprio_set|ptrace|move_pages|migrate_pages)\\("
	timecalls = "^(clock_gettime|clock_gettime64|gettimeofday|time|times|timerfd_gettime|" \
		"timerfd_settime|timer_gettime|timer_settime|getitimer|setitimer|" \
		"clock_adjtime|adjtimex|sched_rr_get_interval)\\("
}

# Maps every decimal word of s that is a known pid, wherever it is. Used on
# the pid syscalls' lines only, where no other number is likely to collide.
function map_words(s,    out, w) {
	out = ""
	while (match(s, /[0-9A-Za-z_]+/)) {
		w = substr(s, RSTART, RLENGTH)
		out = out substr(s, 1, RSTART - 1)
		if (w ~ /^[0-9]+$/ && (w in pidmap))
			w = pidmap[w]
		out = out w
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}

# Rewrites the number at the end of each match of re (re must end in [0-9]+):
# ino=1 names each inode number by its order of first appearance in this file
# (an address such as UDP:[127.0.0.1:5353] is left alone); ino=0 maps pids.
function map_trailing(s, re, ino,    out, m, start, len, k, num) {
	out = ""
	while (match(s, re)) {
		start = RSTART
		len = RLENGTH
		m = substr(s, start, len)
		if (ino && substr(s, start + len, 1) ~ /[.:]/) {
			out = out substr(s, 1, start + len - 1)
			s = substr(s, start + len)
			continue
		}
		k = match(m, /[0-9]+$/)
		num = substr(m, k)
		if (ino && !(num in inomap))
			inomap[num] = "<ino" (++nino) ">"
		if (ino)
			num = inomap[num]
		else if (num in pidmap)
			num = pidmap[num]
		out = out substr(s, 1, start - 1) substr(m, 1, k - 1) num
		s = substr(s, start + len)
	}
	return out s
}
function map_inodes(s, re) { return map_trailing(s, re, 1) }
function map_after(s, re) { return map_trailing(s, re, 0) }

{
	s = $0
	# -n's "[ NR] " prefix: set aside, so that what follows reads as a
	# plain line to the rules below (anchored at its start); put back at
	# the end.
	nr_pfx = ""
	if (match(s, /^\[ *[0-9]+\] /)) {
		nr_pfx = substr(s, 1, RLENGTH)
		s = substr(s, RLENGTH + 1)
	}
	if (s ~ pidcalls)
		s = map_words(s)
	s = map_after(s, "si_pid=[0-9]+")
	s = map_after(s, "[{ ]pid=[0-9]+")
	s = map_after(s, "/proc/[0-9]+")
	s = map_after(s, "execve in pid [0-9]+")
	s = map_after(s, "<pid changed to [0-9]+")

	# SysV IPC ids come from a kernel counter, like pids: name them by
	# order of creation (the *get result) and use that name where they
	# are passed on (the first argument of the other IPC calls).
	if (s ~ /^(shmget|semget|msgget)\(/ && match(s, /= [0-9]+$/)) {
		id = substr(s, RSTART + 2)
		if (!(id in ipcmap))
			ipcmap[id] = "<ipc" (++nipc) ">"
		s = substr(s, 1, RSTART + 1) ipcmap[id]
	}
	if (s ~ /^(shmat|shmctl|semop|semtimedop|semctl|msgsnd|msgrcv|msgctl)\([0-9]+,/) {
		k = index(s, "(")
		id = substr(s, k + 1, index(s, ",") - k - 1)
		if (id in ipcmap)
			s = substr(s, 1, k) ipcmap[id] substr(s, index(s, ","))
	}

	s = map_inodes(s, "(st_ino|stx_ino|d_ino)=[0-9]+")
	s = map_inodes(s, "[A-Za-z0-9-]+:\\[[0-9]+")
	s = map_inodes(s, "<ino[0-9]+>->[0-9]+")

	if (s ~ /^getrandom\("/)
		sub(/^getrandom\("([^"\\]|\\.)*"(\.\.\.)?/, "getrandom(\"<random>\"", s)

	gsub(/st_atime=[0-9]+( \/\* [^*]* \*\/)?/, "st_atime=<time>", s)
	gsub(/st_mtime=[0-9]+( \/\* [^*]* \*\/)?/, "st_mtime=<time>", s)
	gsub(/st_ctime=[0-9]+( \/\* [^*]* \*\/)?/, "st_ctime=<time>", s)
	gsub(/st_atime_nsec=[0-9]+/, "st_atime_nsec=<time>", s)
	gsub(/st_mtime_nsec=[0-9]+/, "st_mtime_nsec=<time>", s)
	gsub(/st_ctime_nsec=[0-9]+/, "st_ctime_nsec=<time>", s)
	gsub(/stx_atime=\{[^}]*\}( \/\* [^*]* \*\/)?/, "stx_atime=<time>", s)
	gsub(/stx_btime=\{[^}]*\}( \/\* [^*]* \*\/)?/, "stx_btime=<time>", s)
	gsub(/stx_ctime=\{[^}]*\}( \/\* [^*]* \*\/)?/, "stx_ctime=<time>", s)
	gsub(/stx_mtime=\{[^}]*\}( \/\* [^*]* \*\/)?/, "stx_mtime=<time>", s)
	gsub(/si_utime=[0-9]+/, "si_utime=<time>", s)
	gsub(/si_stime=[0-9]+/, "si_stime=<time>", s)
	gsub(/ru_utime=\{[^}]*\}/, "ru_utime=<time>", s)
	gsub(/ru_stime=\{[^}]*\}/, "ru_stime=<time>", s)

	if (s ~ timecalls) {
		gsub(/tv_sec=[0-9]+( \/\* [^*]* \*\/)?/, "tv_sec=<time>", s)
		gsub(/tv_nsec=[0-9]+/, "tv_nsec=<time>", s)
		gsub(/tv_usec=[0-9]+/, "tv_usec=<time>", s)
		gsub(/tms_[a-z]+=[0-9]+/, "tms=<time>", s)
		if (s ~ /^(time|times)\(/)
			sub(/= [0-9]+( \([^)]*\))?$/, "= <time>", s)
	}
	# Free blocks and inodes move with every other process's writes.
	if (s ~ /^(statfs|fstatfs)\(/) {
		sub(/f_bfree=[0-9]+/, "f_bfree=<free>", s)
		sub(/f_bavail=[0-9]+/, "f_bavail=<free>", s)
		sub(/f_ffree=[0-9]+/, "f_ffree=<free>", s)
	}
	if (s ~ /^sysinfo\(/) {
		sub(/uptime=[0-9]+/, "uptime=<time>", s)
		sub(/loads=\[[^]]*\]/, "loads=<load>", s)
		sub(/freeram=[0-9]+/, "freeram=<mem>", s)
		sub(/sharedram=[0-9]+/, "sharedram=<mem>", s)
		sub(/bufferram=[0-9]+/, "bufferram=<mem>", s)
		sub(/freeswap=[0-9]+/, "freeswap=<mem>", s)
		sub(/procs=[0-9]+/, "procs=<n>", s)
	}

	if (root && FNR == 1 && s ~ /^execve\(/) {
		sub(/\], 0x[0-9a-f]+ \/\* /, "], <tracer-envp> /* ", s)
		# -e verbose= without execve: argv is an address on the tracer's stack too
		sub(/", 0x[0-9a-f]+, 0x[0-9a-f]+\) +=/, "\", <tracer-argv>, <tracer-envp>) =", s)
	}
	print nr_pfx s
}
