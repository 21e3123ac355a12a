#!/bin/sh
# t3200: the memory, process and signal decoders against strace 6.1, line by line.
# Each tests/syscalls/{mem,sig,proc}_*.c program runs once under strace and once
# under procscope trace; the outputs must be identical after normalising only
# what differs from run to run: addresses (ASLR), this run's pids, and random
# bytes returned by getrandom.
. "$(dirname "$0")/../lib.sh"

command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"
strace -o /dev/null true 2>/dev/null || skip_all "strace cannot trace here (ptrace denied)"

# norm FILE: print FILE with the run-dependent values replaced.
norm() {
	awk '
	FNR == NR {
		if (match($0, /^(getpid|getppid|fork|vfork|clone|clone3|set_tid_address)\(.*\) += [0-9]+$/)) {
			n = $NF; pids[n] = 1
		}
		if (match($0, /si_pid=[0-9]+/))
			pids[substr($0, RSTART + 7, RLENGTH - 7)] = 1
		next
	}
	{
		line = $0
		gsub(/0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]+/, "ADDR", line)
		if (line ~ /^getrandom\("/)
			gsub(/\\x[0-9a-f][0-9a-f]/, "\\xXX", line)
		# Only where a pid can stand: a pid number can also be a size (8192).
		if (line ~ /^(getpid|getppid|gettid|kill|tkill|tgkill|wait4|waitid|clone|clone3|fork|vfork|set_tid_address|rt_sigqueueinfo|rt_tgsigqueueinfo|pidfd_open|getpgid|setpgid|getpgrp|getsid|setsid|prlimit64|sched_|---)/)
			for (p in pids)
				gsub("(^|[^0-9])" p "([^0-9]|$)", "<PID>", line)
		print line
	}' "$1" "$1"
}

for prog in "$BD"/syscalls/mem_* "$BD"/syscalls/sig_* "$BD"/syscalls/proc_*; do
	[ -x "$prog" ] || continue
	name=$(basename "$prog")
	strace -o "$TMP/$name.strace" "$prog" >/dev/null 2>&1
	"$PROCSCOPE" trace -o "$TMP/$name.ps" "$prog" >/dev/null 2>&1
	norm "$TMP/$name.strace" >"$TMP/$name.want"
	norm "$TMP/$name.ps" >"$TMP/$name.got"
	total=$(wc -l <"$TMP/$name.want")
	same=$(diff "$TMP/$name.want" "$TMP/$name.got" >/dev/null && echo "$total" ||
	       diff --unchanged-line-format='x
' --old-line-format='' --new-line-format='' "$TMP/$name.want" "$TMP/$name.got" | wc -l)
	if diff -u "$TMP/$name.want" "$TMP/$name.got" >"$TMP/$name.diff"; then
		ok 0 "$name: all $total lines identical to strace"
	else
		ok 1 "$name: $same of $total lines identical to strace"
		diag "$(head -20 "$TMP/$name.diff")"
	fi
done

done_testing
