#!/bin/sh
# t6080-signals.sh: signal handling (seed 000): a custom handler feeding a
# self-pipe, signalfd, SIGHUP reload, graceful SIGTERM, and SIGPIPE when a
# pipe's reader dies (or EPIPE when it is ignored).
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

wait_for() {
	_i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && return 1
		sleep 0.1
	done
}

for mode in self-pipe signalfd; do
	opt=; [ $mode = signalfd ] && opt=--signalfd
	echo "greeting=hello" >"$TMP/conf"
	rm -f "$TMP/pid"
	timeout 30 "$PROCSCOPE" trace -o "$TMP/$mode.trace" "$EX/signals" $opt --config "$TMP/conf" \
		--pidfile "$TMP/pid" --timeout 20 >"$TMP/$mode.out" 2>&1 &
	tp=$!
	wait_for "$TMP/$mode.out" '^ready'
	ok $? "$mode: the daemon is ready"
	pid=$(cat "$TMP/pid" 2>/dev/null)
	echo "greeting=bye" >"$TMP/conf"
	kill -HUP "$pid"
	wait_for "$TMP/$mode.out" '^reloaded'
	kill -USR1 "$pid"
	wait_for "$TMP/$mode.out" '^status'
	kill -TERM "$pid"
	wait $tp
	ok $? "$mode: SIGTERM ends it with status 0"
	out=$(cat "$TMP/$mode.out")
	has_line "$out" "ready: pid $pid, $mode, config \"greeting=hello\"" "$mode: config read at start"
	like "$out" '^signal SIGHUP' "$mode: SIGHUP received"
	has_line "$out" 'reloaded config: "greeting=bye"' "$mode: SIGHUP reloads the config"
	has_line "$out" 'status: 1 reloads, config "greeting=bye"' "$mode: SIGUSR1 reports status"
	has_line "$out" 'clean exit' "$mode: graceful shutdown"
	ok $([ ! -e "$TMP/pid" ]; echo $?) "$mode: the pid file is removed"
	tr=$(cat "$TMP/$mode.trace")
	if [ $mode = self-pipe ]; then
		like "$tr" "^--- SIGHUP \\{si_signo=SIGHUP, si_code=SI_USER, si_pid=$$, si_uid=$(id -u)\\} ---\$" \
			"$mode: trace: SIGHUP delivery with its sender"
		like "$tr" '^rt_sigaction\(SIGHUP, \{sa_handler=0x[0-9a-f]+, sa_mask=\[\], sa_flags=SA_RESTORER\|SA_RESTART, sa_restorer=0x[0-9a-f]+\}, NULL, 8\) += 0$' \
			"$mode: trace: a handler installed with SA_RESTART"
		like "$tr" '^pipe2\(\[3, 4\], O_NONBLOCK\|O_CLOEXEC\) += 0$' "$mode: trace: the self-pipe"
		like "$tr" '^write\(4, "\\1", 1\) += 1$' "$mode: trace: the handler writes SIGHUP's number"
		like "$tr" '^write\(4, "\\17", 1\) += 1$' "$mode: trace: and SIGTERM's"
		like "$tr" '^rt_sigreturn\(\{mask=\[\]\}\) += ' "$mode: trace: the handler returns"
	else
		like "$tr" '^rt_sigprocmask\(SIG_BLOCK, \[HUP INT USR1 TERM\], NULL, 8\) += 0$' \
			"$mode: trace: the signals are blocked"
		like "$tr" '^signalfd4\(-1, \[HUP INT USR1 TERM\], 8, SFD_CLOEXEC\) += 3$' "$mode: trace: signalfd4"
		like "$tr" '^read\(3, .*, 128\) += 128$' "$mode: trace: a signal read as a 128-byte record"
		unlike "$tr" '^rt_sigreturn' "$mode: trace: no handler ever runs"
		unlike "$tr" '^--- SIGHUP' "$mode: trace: a blocked signal read from signalfd is never delivered"
	fi
done

# --- SIGPIPE ------------------------------------------------------------------------------
out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/sp" "$EX/sigpipe")
ok $? "sigpipe exits 0"
w=$(printf '%s\n' "$out" | sed -n 's/^reader [0-9]*, writer \([0-9]*\).*/\1/p')
has_line "$out" "writer $w killed by SIGPIPE" "the writer is killed by SIGPIPE"
tr=$(cat "$TMP/sp.$w" 2>/dev/null)
like "$tr" '^write\(4, "line [0-9]+\\n", [0-9]+\) += -1 EPIPE \(Broken pipe\)$' "trace: the write fails with EPIPE"
like "$tr" "^--- SIGPIPE \\{si_signo=SIGPIPE, si_code=SI_USER, si_pid=$w, si_uid=$(id -u)\\} ---\$" \
	"trace: and the kernel sends SIGPIPE"
has_line "$tr" '+++ killed by SIGPIPE +++' "trace: which kills it"

out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/si" "$EX/sigpipe" --ignore 2>"$TMP/si.err")
ok $? "sigpipe --ignore exits 0"
w=$(printf '%s\n' "$out" | sed -n 's/^reader [0-9]*, writer \([0-9]*\).*/\1/p')
has_line "$out" "writer $w got EPIPE and exited normally" "with SIGPIPE ignored the writer sees EPIPE"
like "$(cat "$TMP/si.err")" "^sigpipe: writer $w: write: Broken pipe" "and reports it"
tr=$(cat "$TMP/si.$w" 2>/dev/null)
like "$tr" '^rt_sigaction\(SIGPIPE, \{sa_handler=SIG_IGN, ' "trace: SIGPIPE set to SIG_IGN"
like "$tr" '^write\(4, "line [0-9]+\\n", [0-9]+\) += -1 EPIPE \(Broken pipe\)$' "trace: the write fails with EPIPE"
# An ignored signal is normally discarded at once, but a traced process still
# reports it to its tracer (ptrace), so the trace shows it, and it does no harm.
unlike "$tr" '^\+\+\+ killed by' "trace: the ignored SIGPIPE does not kill it"
has_line "$tr" '+++ exited with 3 +++' "trace: normal exit"

done_testing
