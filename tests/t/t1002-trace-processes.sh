#!/bin/sh
# Threads, forks, non-leader execve, signals, kills, -p attach and detach,
# and bad input: each gives the right lines, exit status or message.
. "$(dirname "$0")/../lib.sh"

t=$("$PROCSCOPE" trace -f -e trace=getppid,exit "$FIX/threads" 2>&1)
is "$(printf '%s\n' "$t" | grep -c '\] getppid(')" 9 "-f follows 3 threads: 9 getppid calls"
is "$(printf '%s\n' "$t" | grep -c '<... getppid resumed>')" "$(printf '%s\n' "$t" | grep -c 'getppid( <unfinished ...>')" "every unfinished line is resumed"
is "$(printf '%s\n' "$t" | grep -c '+++ exited with 0 +++')" 4 "-f: an exit line per thread and the leader"
like "$t" '^\[pid +[0-9]+\] (getppid\(|<\.\.\. getppid resumed>)' "[pid N] prefix with several tracees on stderr (lines may interleave)"

"$PROCSCOPE" trace -f -o "$TMP/f.txt" "$FIX/forker" >/dev/null 2>&1
is "$?" 7 "exit status 7 passed through from the waited child"
like "$(cat "$TMP/f.txt")" '^[0-9]+ +write\(1, "child\\n", 6' "-f -o: 'PID ' prefix and the child's write"

t=$("$PROCSCOPE" trace -f -e trace=execve,exit_group "$FIX/exec_thread" 2>&1)
rc=$?
is "$rc" 0 "non-leader execve: exit status of /bin/true"
like "$t" '\+\+\+ superseded by execve in pid [0-9]+ \+\+\+' "the old leader is superseded, as strace says"
like "$t" '<\.\.\. execve resumed>.*= 0$' "execve resumes under the leader's pid"
# The same in a full trace (no seccomp filter: every stop, the exec event too).
"$PROCSCOPE" trace -f -o "$TMP/et.txt" "$FIX/exec_thread" >/dev/null 2>&1
is "$?" 0 "non-leader execve, full trace: exit status of /bin/true"
t=$(sed -E 's/^[0-9]+ +//' "$TMP/et.txt")
like "$t" '^\+\+\+ superseded by execve in pid [0-9]+ \+\+\+$' "full trace: the old leader is superseded"
like "$t" '^<\.\.\. execve resumed>\) += 0$' "full trace: execve resumes under the leader's pid"
leader=$(awk 'NR == 1 { print $1 }' "$TMP/et.txt")
is "$(awk '/exit_group\(0\)/ { print $1 }' "$TMP/et.txt")" "$leader" \
   "full trace: /bin/true's exit_group is under the leader's pid"

"$PROCSCOPE" trace -o "$TMP/s.txt" "$FIX/signalled" >/dev/null 2>&1
rc=$?
is "$rc" 143 "killed by SIGTERM: procscope dies the same way (128+15)"
t=$(cat "$TMP/s.txt")
like "$t" '^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=[0-9]+, si_uid=[0-9]+\} ---$' "signal line with siginfo"
has_line "$t" '+++ killed by SIGTERM +++' "killed line"

"$PROCSCOPE" trace -o "$TMP/v.txt" "$FIX/signalled" segv >/dev/null 2>&1
rc=$?
is "$rc" 139 "killed by SIGSEGV: exit status 128+11"
like "$(cat "$TMP/v.txt")" '^--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL\} ---$' "SIGSEGV siginfo with the fault address"

# -p: attach to a running process and its threads, then detach on SIGINT
"$FIX/sleeper" > "$TMP/pid" &
spid=$!
sleep 0.2
"$PROCSCOPE" trace -e trace=getppid -o "$TMP/a.txt" -p "$spid" 2>"$TMP/a.err" &
tpid=$!
sleep 0.5
kill -INT "$tpid"
wait "$tpid"
rc=$?
like "$(cat "$TMP/a.err")" "Process $spid attached" "attach message"
like "$(cat "$TMP/a.txt")" '^getppid\(\) += [0-9]+$' "attached process's syscalls are traced"
state=$(awk '/^State:/ {print $2}' "/proc/$spid/status" 2>/dev/null)
tracer=$(awk '/^TracerPid:/ {print $2}' "/proc/$spid/status" 2>/dev/null)
like "$state" '^[RS]$' "after SIGINT the process is running, not stopped ($state)"
is "$tracer" 0 "after SIGINT the process is no longer traced"
ok "$([ "$rc" -ne 0 ] && echo 0 || echo 1)" "interrupted trace exits non-zero ($rc)"
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null

# --spin polls for stops instead of sleeping: the same trace, the same status
"$PROCSCOPE" trace -f --spin -e trace=write,exit_group -o "$TMP/spin.txt" "$FIX/forker" >/dev/null 2>&1
is "$?" 7 "--spin: exit status passed through"
"$PROCSCOPE" trace -f -e trace=write,exit_group -o "$TMP/nospin.txt" "$FIX/forker" >/dev/null 2>&1
is "$(sed -E 's/^[0-9]+ +//; s/si_pid=[0-9]+/si_pid=N/' "$TMP/spin.txt" | sort)" "$(sed -E 's/^[0-9]+ +//; s/si_pid=[0-9]+/si_pid=N/' "$TMP/nospin.txt" | sort)" \
	"--spin: the same lines as without"
msg=$("$PROCSCOPE" trace --spin=0 true 2>&1)
is "$?" 2 "--spin=0 is a usage error"

# bad input: one line naming what failed, non-zero exit, no hang
msg=$("$PROCSCOPE" trace --no-such-option true 2>&1)
is "$?" 2 "unknown option: exit 2"
like "$msg" "unknown option '--no-such-option'" "unknown option is named"
msg=$("$PROCSCOPE" trace -s 2>&1)
is "$?" 2 "an option without its argument: exit 2"
is "$msg" "procscope: trace: option -s needs an argument (see 'procscope trace --help')" \
   "the option is named in one line, with where help is"
msg=$("$PROCSCOPE" trace --output 2>&1)
like "$msg" "^procscope: trace: option '--output' needs an argument" "a long option without its argument is named"
msg=$("$PROCSCOPE" trace -p 12abc 2>&1)
is "$?" 2 "-p with a bad pid: exit 2"
is "$msg" "procscope: trace: -p: invalid process id '12abc'" "-p names the bad pid as given"
msg=$("$PROCSCOPE" trace 2>&1)
is "$?" 2 "missing command: exit 2"
like "$msg" 'must have a COMMAND' "missing command is explained"
msg=$("$PROCSCOPE" trace /no/such/program 2>&1)
is "$?" 1 "program that does not exist: exit 1"
like "$msg" "cannot run '/no/such/program': No such file or directory" "missing program is named"
msg=$("$PROCSCOPE" trace -p 999999999 2>&1)
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "pid that does not exist: non-zero exit"
like "$msg" 'invalid process id|no such process' "missing pid is named"
msg=$("$PROCSCOPE" trace -p 4194000 2>&1)
like "$msg" 'attach to pid 4194000: no such process' "absent pid: no such process"
msg=$("$PROCSCOPE" trace -e trace=nosuchcall true 2>&1)
is "$?" 2 "unknown syscall name: exit 2"
like "$msg" "invalid system call 'nosuchcall'" "unknown syscall is named"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	sleep 5 &
	rootpid=$!
	msg=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROCSCOPE" trace -p "$rootpid" 2>&1)
	rc=$?
	kill "$rootpid"
	ok "$([ $rc -ne 0 ] && echo 0 || echo 1)" "pid that cannot be traced: non-zero exit"
	like "$msg" "attach to pid $rootpid: Operation not permitted" "permission problem is named"
fi
done_testing
