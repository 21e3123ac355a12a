#!/bin/sh
# The same fixture under strace and under procscope, with the same options:
# every line must be identical. Only pids (which differ between two runs) are
# normalised.
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

norm() { sed -E 's/^[0-9]+ +//; s/^(\[ *[0-9]+\] )?(getpid|getppid|gettid)\(\) += [0-9]+/\1\2() = PID/; s/(pipe|socket):\[[0-9]+\]/\1:[INO]/g; s/(getpid|getppid|gettid)\(\) += [0-9]+/\1() = PID/; s/(si_pid|si_uid)=[0-9]+/\1=N/g; s/(wait4|kill)\([0-9]+/\1(PID/; s/^(.*wait4.*\)) += [0-9]+$/\1 = PID/' "$1"; }

compare() { # compare NAME FIXTURE-ARGS... ; options in $OPTS
	name=$1
	shift
	# No address randomisation, so -e raw= addresses match between the runs.
	$NORAND strace $OPTS -o "$TMP/s.$name" "$@" >/dev/null 2>&1
	src=$?
	$NORAND "$PROCSCOPE" trace $OPTS -o "$TMP/p.$name" "$@" >/dev/null 2>&1
	prc=$?
	is "$prc" "$src" "$name: same exit status as strace ($src)"
	norm "$TMP/s.$name" > "$TMP/s.$name.n"
	norm "$TMP/p.$name" > "$TMP/p.$name.n"
	lines=$(wc -l < "$TMP/s.$name.n")
	if diff -u "$TMP/s.$name.n" "$TMP/p.$name.n" > "$TMP/d.$name"; then
		ok 0 "$name: all $lines lines identical to strace ($OPTS)"
	else
		ok 1 "$name: lines identical to strace ($OPTS)"
		diag "$(head -20 "$TMP/d.$name")"
	fi
}

NORAND=
setarch -R true 2>/dev/null && NORAND="setarch -R"
SET=write,read,close,access,pipe2,getpid,getppid,exit_group
OPTS="-e trace=$SET"
compare basic "$FIX/basic"
OPTS="-e trace=$SET -s 4 -a 20"
compare basic-s4 "$FIX/basic"
OPTS="-e trace=$SET -x"
compare basic-x "$FIX/basic"
OPTS="-e trace=$SET -xx"
compare basic-xx "$FIX/basic"
OPTS="-e trace=write,rt_sigreturn,kill,getpid"
compare signalled "$FIX/signalled"
OPTS="-e trace=$SET -e raw=write,read,access,exit_group"
compare basic-raw "$FIX/basic"
OPTS="-v -e trace=$SET,newfstatat -e abbrev=newfstatat"
compare basic-abbrev "$FIX/basic"
OPTS="-e trace=$SET,newfstatat -e verbose=none"
compare basic-verbose-none "$FIX/basic"
OPTS="-e trace=$SET,newfstatat -e verbose=!pipe2"
compare basic-verbose-set "$FIX/basic"
OPTS="-e trace=$SET -yy"
compare basic-yy "$FIX/basic"
# select under -e verbose=none: strace still names the ready fds after "= N"
# (the sets are not structures to it) but shows the time left as an address.
OPTS="-e trace=select -e verbose=none"
compare select-verbose-none "$BD/syscalls/selfdesc_select"
# -n: the syscall's number first, the last one on signal and exit lines
OPTS="-n -e trace=$SET"
compare basic-n "$FIX/basic"
OPTS="-n -e trace=write,rt_sigreturn,kill,getpid"
compare signalled-n "$FIX/signalled"
# Two processes: how their lines interleave (and so which calls are split into
# <unfinished ...> and <... resumed>) is up to the scheduler, so each process's
# lines are compared in its own -ff file, paired in order of creation.
OPTS="-ff -e trace=write,exit_group,wait4"
$NORAND strace $OPTS -o "$TMP/sf.forker" "$FIX/forker" >/dev/null 2>&1
src=$?
$NORAND "$PROCSCOPE" trace $OPTS -o "$TMP/pf.forker" "$FIX/forker" >/dev/null 2>&1
is "$?" "$src" "forker: same exit status as strace ($src)"
sfiles=$(ls "$TMP"/sf.forker.* | sort -t. -k3 -n)
pfiles=$(ls "$TMP"/pf.forker.* | sort -t. -k3 -n)
is "$(echo "$pfiles" | wc -l)" "$(echo "$sfiles" | wc -l)" "forker: one file per process, as strace"
# Whether SIGCHLD arrives before the parent's wait4 or after it returns is a race
# too: the signal lines are compared as a set, the rest in order.
for f in $sfiles; do norm "$f" | grep -v '^--- SIGCHLD'; echo "--"; done >"$TMP/sf.n"
for f in $pfiles; do norm "$f" | grep -v '^--- SIGCHLD'; echo "--"; done >"$TMP/pf.n"
is "$(for f in $pfiles; do norm "$f"; done | grep '^--- SIGCHLD' | sort)" \
   "$(for f in $sfiles; do norm "$f"; done | grep '^--- SIGCHLD' | sort)" "forker: the same SIGCHLD lines as strace"
if diff -u "$TMP/sf.n" "$TMP/pf.n" >"$TMP/d.forker"; then
	ok 0 "forker: each process's lines identical to strace's ($OPTS)"
else
	ok 1 "forker: each process's lines identical to strace's ($OPTS)"
	diag "$(head -20 "$TMP/d.forker")"
fi
OPTS="-ff -e trace=getppid,exit"
strace $OPTS -o "$TMP/sff" "$FIX/threads" >/dev/null 2>&1
"$PROCSCOPE" trace $OPTS -o "$TMP/pff" "$FIX/threads" >/dev/null 2>&1
is "$(ls "$TMP" | grep -c '^pff\.')" "$(ls "$TMP" | grep -c '^sff\.')" "-ff writes one file per thread, as strace"
is "$(cat "$TMP"/pff.* | sed 's/= [0-9]*$/= PID/' | sort | uniq -c)" \
   "$(cat "$TMP"/sff.* | sed 's/= [0-9]*$/= PID/' | sort | uniq -c)" "-ff files hold the same lines"
done_testing
