#!/bin/sh
# trace --backend=bpf: the same fixtures under the ptrace and the bpf backend
# give the same text, except the arguments the bpf backend cannot capture,
# which it prints as addresses; the capture hooks' structs (rt_sigaction,
# sockaddrs, iovecs, msghdrs ...) it does capture. Also: exit statuses, -f,
# selection in the kernel, the lost-event report, --backend=auto and the errors.
. "$(dirname "$0")/../lib.sh"

# The usage errors hold in every build.
"$PROCSCOPE" trace --backend=nope true >/dev/null 2>"$TMP/err"
is "$?" 2 "--backend=nope is a usage error"
like "$(cat "$TMP/err")" "unknown backend" "and says so"
"$PROCSCOPE" trace --buffer-size=1000 true >/dev/null 2>"$TMP/err"
is "$?" 2 "--buffer-size that is not a power of 2 is a usage error"

if [ "$(id -u)" != 0 ]; then
	"$PROCSCOPE" trace --backend=bpf true >/dev/null 2>"$TMP/err"
	is "$?" 1 "not root: --backend=bpf exits 1"
	like "$(cat "$TMP/err")" "^procscope: trace: --backend=bpf: not supported" "with one line saying why"
	done_testing
	exit
fi
"$PROCSCOPE" trace --backend=bpf -e trace=none true 2>"$TMP/err" >/dev/null
if [ $? -ne 0 ]; then
	diag "$(cat "$TMP/err")"
	like "$(cat "$TMP/err")" "^procscope: trace: --backend=bpf: not supported" \
		"no bpf here: one line saying why"
	"$PROCSCOPE" trace --backend=auto -e trace=exit_group true 2>"$TMP/err" >/dev/null
	is "$?" 0 "--backend=auto falls back to ptrace"
	done_testing
	exit
fi

# Addresses are the same in both runs only without ASLR; pids and mkstemp's
# names never are, nor names made from a pid (and the program's own report of
# them, which -s cuts at a run-dependent place).
norm() {
	sed -E 's/^[0-9]+ +//; s/(getpid|getppid|gettid)\(\) += [0-9]+/\1() = PID/;
		s/(set_tid_address\(.*\)|clone\(.*\)|clone3\(.*\)|wait4\(.*\)|vfork\(\)|fork\(\)) += [0-9]+$/\1 = PID/;
		s/(si_pid|si_uid)=[0-9]+/\1=N/g; s/(wait4|kill|rt_sigqueueinfo)\(-?[0-9]+/\1(PID/; s/(tgkill\(PID, )[0-9]+/\1TID/;
		s/^(execve\(.*\], )0x[0-9a-f]+ /\1ENVP /;
		s/^((shm|sem|msg)get\(.*\)) += [0-9]+$/\1 = ID/; s/^((shm|sem|msg)[a-z]+)\([0-9]+/\1(ID/;
		s/^getrandom\("[^"]*"/getrandom("BYTES"/; s/\) +=( |$)/) =\1/;
		s#(/tmp/[A-Za-z0-9_.-]+\.)[A-Za-z0-9]{6}#\1XXXXXX#g;
		s/procscope-selfdesc-[0-9]+/procscope-selfdesc-PID/g; s/(write\(1, ")mq_open.*/\1.../' "$1" |
	# glibc's mkstemp takes its first name's randomness from the clock and
	# calls getrandom only when that falls in the biased range (1 in 22): a
	# getrandom just before the openat of the name comes and goes.
	awk '/^getrandom\("BYTES", 8, GRND_NONBLOCK\) = 8$/ { held = $0; next }
	held != "" { if ($0 !~ /^openat\(.*\.XXXXXX", O_RDWR\|O_CREAT\|O_EXCL/) print held; held = "" }
	{ print }
	END { if (held != "") print held }'
}

# same_but_addresses PTRACE-FILE BPF-FILE: prints the bpf lines that differ from
# their ptrace line other than by an address standing for captured memory.
same_but_addresses() {
	if [ "$(wc -l < "$1")" != "$(wc -l < "$2")" ]; then
		echo "line counts differ: $(wc -l < "$1") vs $(wc -l < "$2")"
		return
	fi
	sep=$(printf '\037')
	paste -d "$sep" "$1" "$2" | awk -F "$sep" '
	$1 == $2 { next }
	# Numbers only the kernel hands out, differing from run to run (ports,
	# pids inside structs, time left): the compat.sh check below names them
	# properly for the programs whose structs bpf captures.
	{ a = $1; b = $2; gsub(/[0-9]+/, "N", a); gsub(/[0-9]+/, "N", b); if (a == b) next }
	{
		# the bpf line as a pattern: literal text, each address a wildcard
		n = split($2, parts, /0x[0-9a-f]+/)
		re = "^"
		for (i = 1; i <= n; i++) {
			lit = parts[i]
			gsub(/[][\\.^$*+?(){}|\/]/, "\\\\&", lit)
			re = re lit (i < n ? ".*" : "")
		}
		# a result decorated from memory: poll() = 1 ([{fd=3, revents=POLLIN}])
		re = re (n > 1 ? "( \\(.*\\))?" : "") "$"
		if ($1 !~ re)
			print "> " $2 "\n< " $1
	}'
}
NORAND=""
command -v setarch >/dev/null 2>&1 && setarch -R true 2>/dev/null && NORAND="setarch -R"

# run BACKEND NAME OPTS... -- CMD...: trace into $TMP/BACKEND.NAME, normalised
run() {
	be=$1 name=$2
	shift 2
	$NORAND "$PROCSCOPE" trace --backend="$be" -o "$TMP/$be.$name.raw" "$@" >"$TMP/$be.$name.out" 2>&1
	echo $? > "$TMP/$be.$name.rc"
	# -ff: one file per process, in pid order (the order they were created).
	# A process another one SIGKILLs stops wherever the kill finds it, which
	# differs from run to run, and under ptrace also with the tracer's pace
	# (a syscall's exit stop not yet taken ends "<unfinished ...>) = ?"):
	# only its end is compared. (killed_in_read below checks such an end.)
	if [ ! -f "$TMP/$be.$name.raw" ]; then
		for f in $(ls "$TMP" | grep "^$be\.$name\.raw\." | sort -t. -k4n); do
			if [ "$(tail -1 "$TMP/$f")" = "+++ killed by SIGKILL +++" ]; then
				tail -1 "$TMP/$f"
			else
				cat "$TMP/$f"
			fi
		done > "$TMP/$be.$name.raw"
	fi
	norm "$TMP/$be.$name.raw" | sed -E "${REPORT_NORM:-}" > "$TMP/$be.$name"
}

# compare NAME ALLOWED-REGEX OPTS... CMD...: lines that differ must all match
# ALLOWED-REGEX in the bpf text (an address where ptrace shows the memory).
compare() {
	name=$1
	shift
	run ptrace "$name" "$@"
	run bpf "$name" "$@"
	is "$(cat "$TMP/bpf.$name.rc")" "$(cat "$TMP/ptrace.$name.rc")" "$name: same exit status"
	total=$(wc -l < "$TMP/ptrace.$name")
	diff "$TMP/ptrace.$name" "$TMP/bpf.$name" > "$TMP/d.$name"
	same=$(diff --unchanged-line-format='%L' --old-line-format='' --new-line-format='' \
		"$TMP/ptrace.$name" "$TMP/bpf.$name" | wc -l)
	bad=$(same_but_addresses "$TMP/ptrace.$name" "$TMP/bpf.$name")
	if [ -z "$bad" ] && [ "$total" -gt 0 ]; then
		ok 0 "$name: $same of $total lines identical to ptrace, the rest only where bpf shows an address"
	else
		ok 1 "$name: the bpf text equals the ptrace text but for uncaptured arguments"
		diag "$(printf '%s\n' "$bad" | head -20)"
	fi
}

compare basic -- "$FIX/basic"
compare basic-s4 -s 4 -- "$FIX/basic"
compare basic-x -x -e trace=write,read,access -- "$FIX/basic"
# A fatal signal with the default action reaches a task that is not ptraced as
# SIGKILL (the kernel's shortcut): its --- SIGTERM {...} --- line comes from
# signal_generate, after the kill that sent it, as ptrace shows it. The
# handler returns through rt_sigreturn, whose mask is read from its frame.
compare signalled -- "$FIX/signalled"
has_line "$(cat "$TMP/bpf.signalled")" \
	"--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=N, si_uid=N} ---" "signalled: the SIGTERM line"
has_line "$(cat "$TMP/bpf.signalled")" "rt_sigreturn({mask=[]}) = 0" "signalled: rt_sigreturn's mask"

# Signals the task ignores, which the kernel drops unless the task is ptraced
# (strace shows them): SIGCHLD by default, after the wait4 its child's end
# woke (flock waits for its command); SIG_IGN (trap ''), SIGWINCH and SIGURG by
# default, after the kill that sent them.
if command -v flock >/dev/null 2>&1; then
	compare sigchld -- flock "$TMP/lock" sleep 0.1
	like "$(grep -A1 '^wait4' "$TMP/bpf.sigchld")" "--- SIGCHLD \\{si_signo=SIGCHLD, si_code=CLD_EXITED" \
		"sigchld: --- SIGCHLD after wait4"
fi
compare sigign -- sh -c 'trap "" USR1; kill -USR1 $$; kill -WINCH $$; kill -URG $$; kill -CHLD $$'
is "$(grep -c '^--- SIG' "$TMP/bpf.sigign")" 4 "sigign: the four ignored signals shown"

# A fatal signal from another process while the task runs in user code: its
# line comes before the task's end.
sig_from_outside() {
	rm -f "$TMP/loop.pid"
	$NORAND "$PROCSCOPE" trace --backend="$1" -o "$TMP/$1.outside.raw" \
		sh -c 'echo $$ > "$0"; while :; do :; done' "$TMP/loop.pid" &
	tracer=$!
	i=0
	while [ ! -s "$TMP/loop.pid" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.2
	kill -TERM "$(cat "$TMP/loop.pid")"
	wait "$tracer" 2>/dev/null
	echo $? > "$TMP/$1.outside.rc"
	norm "$TMP/$1.outside.raw" | sed -E 's/^(write\(1, ")[0-9]+/\1PID/' > "$TMP/$1.outside"
}
sig_from_outside ptrace
sig_from_outside bpf
is "$(cat "$TMP/bpf.outside.rc")" "$(cat "$TMP/ptrace.outside.rc")" "outside: same exit status"
is "$(same_but_addresses "$TMP/ptrace.outside" "$TMP/bpf.outside")" "" \
	"outside: the bpf text equals the ptrace text but for addresses"
is "$(tail -2 "$TMP/bpf.outside" | sed 's/{.*}/{...}/')" "--- SIGTERM {...} ---
+++ killed by SIGTERM +++" "outside: --- SIGTERM, then +++ killed by SIGTERM +++"
for f in "$BD"/syscalls/*; do
	[ -x "$f" ] || continue
	# Resource figures (times, getrusage) differ between any two runs, and
	# this program prints them: its lines cannot match another run's.
	[ "$(basename "$f")" = selfdesc_res ] && continue
	# selfdesc_wait reports its children's resource use (ru_utime),
	# selfdesc_ipc the System V ids it got, whose digits differ between
	# runs: so do the lengths of its report's writes, and where they are cut.
	case $(basename "$f") in selfdesc_wait | selfdesc_ipc)
		REPORT_NORM='s/^write\(1, ".*\) = [0-9]+$/write(1, REPORT) = N/' ;;
	esac
	# -ff: each process in its own file, so no line depends on how they interleave
	compare "$(basename "$f")" -ff -- "$f"
	unset REPORT_NORM
done

# Exit statuses come through as the command left.
run bpf exit7 -f -- "$FIX/forker"
is "$(cat "$TMP/bpf.exit7.rc")" 7 "forker: exit status 7 passed through"
has_line "$(cat "$TMP/bpf.exit7")" "+++ exited with 7 +++" "+++ exited with 7 +++"
run bpf killed -- "$FIX/signalled"
is "$(cat "$TMP/bpf.killed.rc")" "$(cat "$TMP/ptrace.signalled.rc")" "killed by a signal: the same status as ptrace"
like "$(tail -1 "$TMP/bpf.killed")" '^\+\+\+ killed by SIG' "+++ killed by SIG... +++"

# -f follows children; without it the child's write is not there.
like "$(cat "$TMP/bpf.exit7")" 'write\(1, "child\\n", 6\)' "-f: the child's write is traced"
run bpf nofollow -e trace=write -- "$FIX/forker"
unlike "$(cat "$TMP/bpf.nofollow")" '"child' "without -f the child is not traced"

# The selection is applied in the kernel: only these names appear.
run bpf sel -e trace=getpid,exit_group -- "$FIX/basic"
is "$(sed -E 's/\(.*//' "$TMP/bpf.sel" | grep -v '^+++' | sort -u | tr '\n' ' ')" "exit_group getpid " \
	"-e trace=getpid,exit_group: nothing else"

# A ring buffer with no room for a record: lost records are counted and said.
# Each write record carries 4 KiB of data (-s 4096), more than half of a 4K
# ring can ever hold, so every one of the 20 is lost, however fast the reader
# is (a burst of small records into a small ring depends on the race).
"$PROCSCOPE" trace --backend=bpf --buffer-size=4K -s 4096 -e trace=write -o /dev/null \
	dd if=/dev/zero of=/dev/null bs=8192 count=20 2>"$TMP/lost.err" >/dev/null
is "$(grep '^procscope:' "$TMP/lost.err")" \
	"procscope: 20 events lost (ring buffer full); rerun with --buffer-size" \
	"a 4K buffer loses the 20 records it has no room for, and says how many"

# A task killed in a blocking read: ptrace sees no exit, and bpf, whose
# kernel side sees "= ? ERESTARTSYS", holds that exit back and drops it when
# SIGKILL ends the task: both print "read(3,  <unfinished ...>) = ?". The task
# is alone, so its entry goes out only when the reader finds it blocked (or
# when it dies): either way the same line.
killed_in_read() {
	rm -f "$TMP/fifo" "$TMP/catpid"
	mkfifo "$TMP/fifo"
	"$PROCSCOPE" trace --backend="$1" -e trace=read -o "$TMP/kr.$1" \
		sh -c 'echo $$ > "$0"; exec cat "$1"' "$TMP/catpid" "$TMP/fifo" &
	tracer=$!
	sleep 30 > "$TMP/fifo" &
	holder=$!
	i=0
	while [ $i -lt 200 ]; do
		c=$(cat "$TMP/catpid" 2>/dev/null)
		# blocked in the fifo's read (pipe_read, anon_pipe_read in 6.16+)
		case $c/$(cat "/proc/$c/wchan" 2>/dev/null) in [0-9]*/*pipe_read) break ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL "$c"
	wait "$tracer"
	kill "$holder"
	wait "$holder" 2>/dev/null
	tail -2 "$TMP/kr.$1"
}
kr_ptrace=$(killed_in_read ptrace)
kr_bpf=$(killed_in_read bpf)
has_line "$kr_ptrace" "+++ killed by SIGKILL +++" "killed in read: ptrace says +++ killed by SIGKILL +++"
is "$kr_bpf" "$kr_ptrace" "killed in read: bpf ends the line as ptrace does (<unfinished ...>) = ?)"

# The clock is read only when an output shows times: -T and -ttt still get them.
"$PROCSCOPE" trace --backend=bpf -T -e trace=nanosleep,clock_nanosleep -o "$TMP/T" sleep 0.1
like "$(head -1 "$TMP/T")" ' <0\.(09|1[0-9])[0-9]*>$' "-T: a 0.1 s sleep lasts 0.1 s"
"$PROCSCOPE" trace --backend=bpf -ttt -e trace=exit_group -o "$TMP/ttt" true
t=$(sed -n 's/^\([0-9]*\)\..*/\1/p' "$TMP/ttt" | head -1)
now=$(date +%s)
ok "$([ -n "$t" ] && [ "$t" -ge $((now - 5)) ] && [ "$t" -le $((now + 1)) ] && echo 0 || echo 1)" \
	"-ttt: the time of day"

# --backend=auto picks bpf here (root, BTF); -v and the JSON header say which.
"$PROCSCOPE" trace -v --backend=auto -e trace=exit_group -o /dev/null true 2>"$TMP/auto.err"
like "$(cat "$TMP/auto.err")" 'backend bpf \(auto\)' "-v --backend=auto: says bpf"
"$PROCSCOPE" trace --json --backend=auto -e trace=exit_group -o "$TMP/j" true
like "$(head -1 "$TMP/j")" '"backend":"bpf"' "the JSON header names the backend"
"$PROCSCOPE" trace -v -y --backend=auto -e trace=exit_group -o /dev/null true 2>"$TMP/auto.err"
like "$(cat "$TMP/auto.err")" 'backend ptrace \(auto: bpf -y needs the ptrace backend\)' "-y: auto keeps ptrace"
"$PROCSCOPE" trace -v -P /etc/hostname --backend=auto -e trace=exit_group -o /dev/null true 2>"$TMP/auto.err"
like "$(cat "$TMP/auto.err")" 'backend ptrace \(auto: bpf -P needs the ptrace backend\)' "-P: auto keeps ptrace"
# Asked for by name, bpf says it cannot rather than drop -y's paths, -P's
# matches on fds or -e read=/write='s dumps.
for opt in "-y|-y" "-P /etc/hostname|-P" "-e write=1|-e write=" "-e read=all|-e read="; do
	name=${opt#*|}
	"$PROCSCOPE" trace --backend=bpf ${opt%|*} -o "$TMP/none" true >/dev/null 2>"$TMP/err"
	is "$?" 1 "--backend=bpf ${opt%|*}: exits 1"
	like "$(cat "$TMP/err")" "^procscope: trace: --backend=bpf cannot do $name: .*use --backend=ptrace or auto" \
		"--backend=bpf ${opt%|*}: one line saying why and what to use"
	is "$(wc -l < "$TMP/err")" 1 "--backend=bpf ${opt%|*}: one line"
done
"$PROCSCOPE" trace -v -e write=1 --backend=auto -e trace=exit_group -o /dev/null true 2>"$TMP/auto.err"
like "$(cat "$TMP/auto.err")" 'backend ptrace \(auto: bpf -e write= needs the ptrace backend\)' \
	"-e write=: auto keeps ptrace"

# Capture hooks (structs behind pointers, iovecs, msghdrs, sockaddrs ...) run
# on what the kernel side copied (its windows): on the programs that exercise
# them the bpf text is the ptrace text, line for line, once compat.sh has
# named pids, ids, ports and times alike. The rest is what differs between two
# runs anyway (ports, ppoll's time left) and what is out of reach (getdents
# buffers over 4 KiB, mmsghdr vectors).
hooks=syscalls/selfdesc_caps,syscalls/selfdesc_sched,syscalls/selfdesc_sig,syscalls/selfdesc_file_stat
hooks=$hooks,syscalls/selfdesc_ipc,syscalls/selfdesc_ioctl,syscalls/selfdesc_ioctl_sock,syscalls/selfdesc_iov
hooks=$hooks,syscalls/selfdesc_net_msg,syscalls/selfdesc_net_sockopt,syscalls/selfdesc_select
hooks=$hooks,syscalls/selfdesc_events,syscalls/selfdesc_wait,syscalls/selfdesc_res,syscalls/file_basic
B=$BD sh "$TOP/tests/compat/compat.sh" --reference "$PROCSCOPE trace" --tracer "$PROCSCOPE trace --backend=bpf" \
	--only "$hooks" --min 95 >"$TMP/hooks.out" 2>"$TMP/hooks.err"
rc=$?
is "$rc" 0 "capture hooks: the bpf text equals the ptrace text ($(grep '^TOTAL' "$TMP/hooks.out" | cut -d' ' -f2-6))"
[ "$rc" -ne 0 ] && diag "$(cat "$TMP/hooks.out" "$TMP/hooks.err")"
# And by themselves, without the comparison's machinery:
mkdir "$TMP/fb"
"$PROCSCOPE" trace --backend=bpf -o "$TMP/bpf.fb" "$BD/syscalls/file_basic" "$TMP/fb" >/dev/null 2>&1
like "$(cat "$TMP/bpf.fb")" 'writev\(3, \[\{iov_base="abc", iov_len=3\}, \{iov_base="defgh", iov_len=5\}\], 2\) += 8' \
	"writev: iovecs and their buffers"
like "$(cat "$TMP/bpf.fb")" 'fcntl\(3, F_SETLK, \{l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=0\}\) += 0' \
	"fcntl: the struct flock"
like "$(cat "$TMP/bpf.fb")" 'statx\(AT_FDCWD, "f1", AT_STATX_SYNC_AS_STAT, STATX_TYPE\|STATX_SIZE, \{stx_mask=' \
	"statx: the struct statx"
like "$(cat "$TMP/bpf.fb")" 'getdents64\(7, 0x[0-9a-f]+ /\* 2 entries \*/, 64\) += 48' "getdents64: its entries counted"

# -c: the CPU time strace counts is read at stops, which bpf's tracees never
# make; bpf counts the wall-clock time between the kernel side's entry and
# exit times (as -w) and says so, rather than print CPU clocks read later.
"$PROCSCOPE" trace --backend=bpf -c -o "$TMP/c" "$BD/bench/getppid" 20000 >/dev/null 2>"$TMP/c.err"
is "$?" 0 "-c: exits 0"
like "$(cat "$TMP/c.err")" '^procscope: trace: --backend=bpf: -c counts the wall-clock time in each syscall \(as -w does\)' \
	"-c: says the time is wall-clock"
like "$(grep ' getppid$' "$TMP/c")" '^ *[0-9.]+ +0\.0[0-9]*[1-9][0-9]* +[0-9]+ +20000 +getppid$' \
	"-c: 20000 getppid calls, their time above 0"
"$PROCSCOPE" trace --backend=bpf -c -w -o "$TMP/c" true >/dev/null 2>"$TMP/c.err"
is "$(cat "$TMP/c.err")" "" "-c -w: nothing to say"

# A bad command: the same one-line error and status as with ptrace.
"$PROCSCOPE" trace --backend=bpf /nonexistent/cmd >/dev/null 2>"$TMP/err"
is "$?" 1 "a missing command exits 1"
done_testing
