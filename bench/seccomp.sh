#!/bin/sh
# bench/seccomp.sh: what procscope's seccomp filtering costs, against the
# untraced run and against the floor any seccomp filter sets.
#
#   sh bench/seccomp.sh [--reps N] [--pinned]
#
# For each workload, alternating REPS times (default 11): untraced; under
# seccomp_floor (a filter that allows everything, no tracer: the cost of the
# kernel's seccomp entry path alone); under `procscope trace -f -e
# trace=openat -o /dev/null` (issue #4's target: at most 1.10x untraced); and
# under `strace -f --seccomp-bpf -e trace=openat -o /dev/null` (STRACE, if
# installed). Prints the medians and the ratios to untraced, and procscope's
# to strace. --pinned runs everything under `taskset -c 0`. Wall-clock times
# from `date +%s%N`, start-up included. Nothing asserts on a time.
set -u

die() {
	echo "bench: $*" >&2
	exit 2
}

TOP=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
case $B in /*) BD=$B ;; *) BD=$TOP/$B ;; esac
STRACE=${STRACE:-strace}
reps=11
pin=
while [ $# -gt 0 ]; do
	case $1 in
	--reps) [ $# -ge 2 ] || die "--reps needs a number"; reps=$2; shift ;;
	--pinned) pin="taskset -c 0" ;;
	-h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option: $1 (see --help)" ;;
	esac
	shift
done
case $reps in '' | *[!0-9]* | 0) die "--reps: expected a positive number, not '$reps'" ;; esac
for f in procscope bench/seccomp_floor bench/getppid bench/threads; do
	[ -x "$BD/$f" ] || die "$BD/$f is not built (run make)"
done
command -v "$STRACE" >/dev/null 2>&1 || STRACE=
[ -z "$pin" ] || command -v taskset >/dev/null 2>&1 || die "--pinned needs taskset (util-linux)"

now() { date +%s%N; }

# time_us CMD...: the command's wall time in microseconds
time_us() {
	s=$(now)
	$pin "$@" >/dev/null 2>&1
	e=$(now)
	echo $(((e - s) / 1000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "seccomp filtering, $([ -n "$pin" ] && echo "pinned to CPU 0" || echo unpinned), $reps runs each"
printf '%-18s %10s %10s %10s %10s %8s %8s %8s %8s\n' workload untraced floor procscope strace \
	floor/x ps/x strace/x ps/strace
for w in "getppid x1M|$BD/bench/getppid 1000000" "4 threads x200k|$BD/bench/threads 4 200000"; do
	name=${w%%|*}
	cmd=${w#*|}
	tmp=$(mktemp -d) || exit 1
	: >"$tmp/s"
	i=0
	while [ "$i" -lt "$reps" ]; do
		time_us $cmd >>"$tmp/u"
		time_us "$BD/bench/seccomp_floor" $cmd >>"$tmp/f"
		time_us "$BD/procscope" trace -f -e trace=openat -o /dev/null $cmd >>"$tmp/p"
		[ -z "$STRACE" ] || time_us "$STRACE" -f --seccomp-bpf -e trace=openat -o /dev/null $cmd >>"$tmp/s"
		i=$((i + 1))
	done
	u=$(median <"$tmp/u")
	f=$(median <"$tmp/f")
	p=$(median <"$tmp/p")
	st=$(median <"$tmp/s")
	rm -rf "$tmp"
	awk -v n="$name" -v u="$u" -v f="$f" -v p="$p" -v s="${st:-0}" 'BEGIN {
		if (s > 0)
			printf "%-18s %8.1fms %8.1fms %8.1fms %8.1fms %7.3fx %7.3fx %7.2fx %7.3fx\n", n, u / 1000,
				f / 1000, p / 1000, s / 1000, f / u, p / u, s / u, p / s
		else
			printf "%-18s %8.1fms %8.1fms %8.1fms %10s %7.3fx %7.3fx %8s %8s\n", n, u / 1000,
				f / 1000, p / 1000, "-", f / u, p / u, "-", "-" }'
done
