#!/bin/sh
# The strace compatibility script on its quick set of real programs (ls, find,
# tar, cp -r, git status, python3, a sh pipeline, fixtures): procscope must
# reproduce at least MIN percent of strace's lines, after normalising only
# pids, random bytes and times (see tests/compat/compat.sh).
#
# MIN is set from measured figures, on the quick set (about 3,250 lines):
# - two strace runs agree on 99.8-99.9% (3238-3242 lines): scheduling (the
#   order of a SIGCHLD against a wait4, a futex a thread did or did not need)
#   costs up to about 8 lines;
# - procscope matched 97.8% at first, and 99.7-99.8% (3237-3239 lines) once
#   getcwd, NULL buffers, clone3 and sysinfo were decoded; what is left is
#   uname's struct and the scheduling above.
# 98.5% allows about 49 lines, some 40 above today's loss, five times the
# scheduling noise: it fails on a regression (a decoder, a -ff file, a lost
# event) and not by chance. Raise it as the last decoders land.
MIN=98.5
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"
command -v setarch >/dev/null 2>&1 || skip_all "setarch is not installed"
strace -o /dev/null true >/dev/null 2>&1 || skip_all "strace cannot trace here (ptrace denied?)"

# The normaliser on hand-made lines: what it must rewrite, and what it must
# leave alone (a pid inside data, a sleep's requested time, addresses).
printf '300 <pgrp>\n400 <tracer>\n500 <pid1>\n501 <pid2>\n' >"$TMP/map"
cat >"$TMP/in" <<'IN'
execve("/bin/ls", ["ls"], 0x7fffffffe5c8 /* 3 vars */) = 0
clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x7ffff7d8fa10) = 501
wait4(501, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 501
getppid() = 400
getpgrp() = 300
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=501, si_uid=0, si_status=0, si_utime=3, si_stime=1} ---
openat(AT_FDCWD, "/proc/501/stat", O_RDONLY) = 3
read(3, "501 (x) S", 9) = 9
getrandom("\x12\x34\x56\x78", 4, GRND_NONBLOCK) = 4
fstat(3, {st_ino=777, st_atime=1700000000 /* 2023-11-14T22:13:20+0000 */, st_atime_nsec=12}) = 0
shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 9
shmat(9, NULL, 0) = 0x7ffff7fbf000
nanosleep({tv_sec=0, tv_nsec=1000000}, NULL) = 0
pipe2([3<pipe:[2001]>, 4<pipe:[2001]>], 0) = 0
IN
cat >"$TMP/want" <<'WANT'
execve("/bin/ls", ["ls"], <tracer-envp> /* 3 vars */) = 0
clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x7ffff7d8fa10) = <pid2>
wait4(<pid2>, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = <pid2>
getppid() = <tracer>
getpgrp() = <pgrp>
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=<pid2>, si_uid=0, si_status=0, si_utime=<time>, si_stime=<time>} ---
openat(AT_FDCWD, "/proc/<pid2>/stat", O_RDONLY) = 3
read(3, "501 (x) S", 9) = 9
getrandom("<random>", 4, GRND_NONBLOCK) = 4
fstat(3, {st_ino=<ino1>, st_atime=<time>, st_atime_nsec=<time>}) = 0
shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = <ipc1>
shmat(<ipc1>, NULL, 0) = 0x7ffff7fbf000
nanosleep({tv_sec=0, tv_nsec=1000000}, NULL) = 0
pipe2([3<pipe:[<ino2>]>, 4<pipe:[<ino2>]>], 0) = 0
WANT
awk -v map="$TMP/map" -v root=1 -f "$TOP/tests/compat/normalise.awk" "$TMP/in" >"$TMP/got"
is "$(diff "$TMP/want" "$TMP/got")" "" "normalise.awk rewrites pids, random bytes, times, ids and nothing else"

B=$BD sh "$TOP/tests/compat/compat.sh" --quick --tracer "$PROCSCOPE trace" --min "$MIN" \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
diag "$(cat "$TMP/out")"
ok $((rc > 1)) "compat.sh ran the quick set (exit $rc)"
[ "$rc" -gt 1 ] && diag "$(cat "$TMP/err")"

# Every program must make as many processes (and so -ff files) under
# procscope as under strace: a lost fork or thread is not a formatting issue.
bad=$(awk '$2 ~ /^[0-9]+\/[0-9]+$/ { split($2, n, "/"); if (n[1] != n[2]) print $1 }' "$TMP/out")
is "$bad" "" "same number of traced processes as strace for every program"

total=$(grep '^TOTAL' "$TMP/out")
like "$total" '^TOTAL identical/lines = [0-9]+/[0-9]+ = ' "a total is printed"
pct=$(echo "$total" | sed -n 's|^TOTAL identical/lines = [0-9]*/[0-9]* = \([0-9.]*\)%.*|\1|p')
ok $((rc == 1)) "total identical share ${pct:-?}% is at least $MIN%"
done_testing
