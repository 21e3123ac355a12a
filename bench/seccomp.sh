#!/bin/sh
# bench/seccomp.sh: what procscope's seccomp filtering costs, against the
# untraced run and against the floor any seccomp filter sets.
#
#   sh bench/seccomp.sh [--reps N]
#
# For each workload, alternating REPS times (default 11): untraced; under
# seccomp_floor (a filter that allows everything, no tracer: the cost of the
# kernel's seccomp entry path alone); under `procscope trace -f -e
# trace=openat -o /dev/null` (issue #4's target: at most 1.10x untraced).
# Prints the medians and the ratios to untraced. Wall-clock times from
# `date +%s%N`, procscope's start-up included. Nothing asserts on a time.
set -u

die() {
	echo "bench: $*" >&2
	exit 2
}

TOP=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
case $B in /*) BD=$B ;; *) BD=$TOP/$B ;; esac
reps=11
while [ $# -gt 0 ]; do
	case $1 in
	--reps) [ $# -ge 2 ] || die "--reps needs a number"; reps=$2; shift ;;
	-h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option: $1 (see --help)" ;;
	esac
	shift
done
case $reps in '' | *[!0-9]* | 0) die "--reps: expected a positive number, not '$reps'" ;; esac
for f in procscope bench/seccomp_floor bench/getppid bench/threads; do
	[ -x "$BD/$f" ] || die "$BD/$f is not built (run make)"
done

now() { date +%s%N; }

# time_us CMD...: the command's wall time in microseconds
time_us() {
	s=$(now)
	"$@" >/dev/null 2>&1
	e=$(now)
	echo $(((e - s) / 1000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-22s %12s %12s %12s %9s %9s\n' workload untraced floor procscope floor/x procscope/x
for w in "getppid x1M|$BD/bench/getppid 1000000" "4 threads x200k|$BD/bench/threads 4 200000"; do
	name=${w%%|*}
	cmd=${w#*|}
	tmp=$(mktemp -d) || exit 1
	i=0
	while [ "$i" -lt "$reps" ]; do
		time_us $cmd >>"$tmp/u"
		time_us "$BD/bench/seccomp_floor" $cmd >>"$tmp/f"
		time_us "$BD/procscope" trace -f -e trace=openat -o /dev/null $cmd >>"$tmp/p"
		i=$((i + 1))
	done
	u=$(median <"$tmp/u")
	f=$(median <"$tmp/f")
	p=$(median <"$tmp/p")
	rm -rf "$tmp"
	awk -v n="$name" -v u="$u" -v f="$f" -v p="$p" 'BEGIN {
		printf "%-22s %10.1fms %10.1fms %10.1fms %8.3fx %8.3fx\n", n, u / 1000, f / 1000, p / 1000, f / u, p / u }'
done
