#!/bin/sh
# -e status=, -z, -Z (lines held until the call ends) and -e signal=, against
# strace with the same options on the same fixtures.
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

norm() { sed -E 's/^[0-9]+ +//; s/\[pid +[0-9]+\]/[pid N]/; s/(si_pid|si_uid)=[0-9]+/\1=N/g; s/(kill|tgkill)\([0-9]+, [0-9]+/\1(N, N/; s/(kill)\([0-9]+/\1(N/; s/(getpid|gettid)\(\) += [0-9]+/\1() = N/; s/^(.*(wait4|clone)\(.*\)) += [0-9]+$/\1 = N/; s/wait4\([0-9]+/wait4(N/; s/0x[0-9a-f]{8,}/0xADDR/g' "$1"; }

compare() { # compare NAME FIXTURE-ARGS... ; options in $OPTS
	name=$1
	shift
	strace $OPTS -o "$TMP/s.$name" "$@" >/dev/null 2>&1
	"$PROCSCOPE" trace $OPTS -o "$TMP/p.$name" "$@" >/dev/null 2>&1
	norm "$TMP/s.$name" > "$TMP/s.$name.n"
	norm "$TMP/p.$name" > "$TMP/p.$name.n"
	if [ -n "${SORTED:-}" ]; then
		# two processes in one file: their lines interleave as the scheduler ran them
		sort -o "$TMP/s.$name.n" "$TMP/s.$name.n"
		sort -o "$TMP/p.$name.n" "$TMP/p.$name.n"
	fi
	lines=$(wc -l < "$TMP/s.$name.n")
	if diff -u "$TMP/s.$name.n" "$TMP/p.$name.n" > "$TMP/d.$name"; then
		ok 0 "$name: all $lines lines identical to strace ($OPTS)"
	else
		ok 1 "$name: lines identical to strace ($OPTS)"
		diag "$(head -20 "$TMP/d.$name")"
	fi
}

SET=write,read,close,access,getpid,exit_group
OPTS="-z -e trace=$SET"
compare z "$FIX/basic"
grep -q EBADF "$TMP/p.z.n"
is "$?" "1" "-z: no failed call printed"
OPTS="-Z -e trace=$SET"
compare Z "$FIX/basic"
has_line "$(cat "$TMP/p.Z.n")" 'close(-1)                               = -1 EBADF (Bad file descriptor)' \
	"-Z: close(-1) failed and is printed"
OPTS="-e status=unfinished -e trace=$SET"
compare unfinished "$FIX/basic"
is "$(grep -c '^exit_group' "$TMP/p.unfinished.n")" "1" "status=unfinished: exit_group, which never returns"
OPTS="-e status=!successful -e trace=$SET"
compare not-successful "$FIX/basic"
OPTS="-e status=none"
compare none "$FIX/basic"
OPTS="-f -z -e trace=write,exit_group,wait4,clone"
SORTED=1 compare forked "$FIX/forker"

# A signal that arrives while a call is held is printed first, the call after.
OPTS="-e status=successful,failed -e trace=kill,rt_sigreturn,getpid,write"
compare signal-held "$FIX/signalled"

# -e signal=
OPTS="-e signal=none -e trace=kill"
compare sig-none "$FIX/signalled"
unlike "$(cat "$TMP/p.sig-none.n")" '^--- |killed by' "signal=none: no --- line, no killed-by line either (as strace)"
OPTS="-e signal=!usr1 -e trace=kill"
compare sig-not-usr1 "$FIX/signalled"
OPTS="-e signals=SIGUSR1,term -e trace=kill"
compare sig-names "$FIX/signalled"
OPTS="-e s=10 -e trace=kill"
compare sig-number "$FIX/signalled"

# Bad sets: one line, exit 2.
"$PROCSCOPE" trace -e status=bogus true 2>"$TMP/e"
is "$?" "2" "status=bogus: exit 2"
is "$(cat "$TMP/e")" "procscope: trace: invalid status 'bogus' (successful, failed, unfinished, unavailable, detached)" \
	"status=bogus: names the bad element"
"$PROCSCOPE" trace -e signal=SIGNOPE true 2>"$TMP/e"
is "$?" "2" "signal=SIGNOPE: exit 2"
is "$(cat "$TMP/e")" "procscope: trace: invalid signal 'SIGNOPE'" "signal=SIGNOPE: names it"
"$PROCSCOPE" trace -e signal=65 true 2>"$TMP/e"
is "$?" "2" "signal=65: out of range"

done_testing
