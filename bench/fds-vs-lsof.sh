#!/bin/sh
# fds-vs-lsof: `procscope fds` against `lsof -n -P` over every process,
# run alternately N times (default 7) so both see the same system; prints
# each median wall time and the ratio lsof/procscope (> 1: we are faster).
#
#   sh bench/fds-vs-lsof.sh [N]          PROCSCOPE=path/to/procscope to choose the binary
#   LOAD=100 sh bench/fds-vs-lsof.sh     first start 100 fdkinds fixtures (2 processes
#                                        and ~30 fds of every kind each) for a busier system
#
# Both write to /dev/null. Plain `lsof -n -P` is the yardstick; procscope
# fds also finds pipe and socket peers, which lsof does only with +E, so
# that is timed too.
set -eu
N=${1:-7}
TOP=$(cd "$(dirname "$0")/.." && pwd)
PROCSCOPE=${PROCSCOPE:-$TOP/build/procscope}
[ -x "$PROCSCOPE" ] || { echo "fds-vs-lsof: no $PROCSCOPE (run make)" >&2; exit 1; }
command -v lsof >/dev/null || { echo "fds-vs-lsof: lsof not installed" >&2; exit 1; }

now() { date +%s%N; }
time_ms() { # time_ms CMD... -> milliseconds of one run
	t0=$(now)
	"$@" >/dev/null 2>&1 || true
	t1=$(now)
	echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

tmp=$(mktemp -d)
pids=""
trap 'kill $pids 2>/dev/null; rm -rf "$tmp"' EXIT
FIXTURE=${FIXTURE:-$TOP/build/fixtures/fdkinds}
k=0
while [ "$k" -lt "${LOAD:-0}" ]; do
	mkdir "$tmp/f$k"
	"$FIXTURE" "$tmp/f$k" >"$tmp/f$k/out" 2>&1 </dev/null &
	pids="$pids $!"
	k=$((k + 1))
done
[ "${LOAD:-0}" -gt 0 ] && sleep 1
i=0
while [ $i -lt "$N" ]; do
	time_ms "$PROCSCOPE" fds >>"$tmp/ours"
	time_ms lsof -n -P >>"$tmp/lsof"
	time_ms lsof -n -P +E >>"$tmp/lsofE"
	i=$((i + 1))
done
ours=$(median <"$tmp/ours")
lsof=$(median <"$tmp/lsof")
lsofE=$(median <"$tmp/lsofE")
procs=$(ls -d /proc/[0-9]* | wc -l)
rows=$("$PROCSCOPE" fds | wc -l)
echo "processes: $procs, rows: $rows, runs: $N each, alternating"
echo "procscope fds:  median ${ours} ms"
echo "lsof -n -P:     median ${lsof} ms"
echo "lsof -n -P +E:  median ${lsofE} ms"
awk -v a="$lsof" -v b="$ours" -v c="$lsofE" 'BEGIN {
	if (b == 0) b = 1
	printf "ratio lsof/procscope: %.2f (lsof +E/procscope: %.2f)\n", a / b, c / b
}'
