#!/bin/sh
# The strace compatibility script on its quick set of real programs (ls, find,
# tar, cp -r, git status, python3, a sh pipeline, fixtures): procscope must
# reproduce at least MIN percent of strace's lines, after normalising only
# pids, random bytes and times (see tests/compat/compat.sh).
#
# MIN is set from measured figures, on the quick set (about 3,250 lines):
# - two strace runs agree on 99.8-99.9% (3239-3242 lines): scheduling (the
#   order of a SIGCHLD against a wait4, a futex a thread did or did not need)
#   costs at most about 10 lines;
# - procscope, when this test was written, matched 97.8-97.9% (3174-3177
#   lines); the rest is decoding still to do (NULL printed as 0x0, getcwd and
#   uname results, clone3's struct).
# 96% leaves about 60 lines under today's figure, six times the scheduling
# noise, so it fails on a regression (a decoder or a -ff file lost) and not
# by chance. Raise it as the decoders close the gap.
MIN=96
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"
command -v setarch >/dev/null 2>&1 || skip_all "setarch is not installed"
strace -o /dev/null true >/dev/null 2>&1 || skip_all "strace cannot trace here (ptrace denied?)"

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
