#!/bin/sh
# bench/run.sh: each workload untraced, under strace and under procscope
# trace, side by side; prints the median times and the ratios.
#
#   sh bench/run.sh [--quick] [--reps N] [--only NAME,...] [--mode M]
#                   [--tracer-args "ARGS"] [--markdown FILE] [--list]
#
#   --quick          counts divided by 10, 3 repetitions (default: 5)
#   --reps N         repetitions of each (workload, tool) pair
#   --only A,B       only these workloads (--list shows the names)
#   --mode M         unpinned, pinned or both (default both)
#   --tracer-args S  extra options for both tracers, e.g. "-e trace=openat"
#   --markdown FILE  also write the tables as markdown to FILE
#
# Both tracers run as `TRACER -f -o /dev/null [ARGS] COMMAND`. The tracer
# commands are variables, so the script can be run against anything that
# takes strace's options: STRACE (default strace) and PSTRACE (default
# "$B/procscope trace"). B is the build directory (default build).
#
# For one workload the three runs alternate (untraced, strace, procscope),
# REPS times, so a slow spell of the machine hits all three alike.
#
# Modes: "unpinned" runs each tool as a user would. "pinned" runs everything
# under taskset -c 0 (the tracer and, by inheritance, its tracees; the
# untraced workload too), because this VM wakes an idle CPU slowly and a
# tracer that bounces between CPUs pays that on every stop.
#
# Times are wall-clock seconds from `date +%s%N` around the whole command,
# tracer start-up included. Nothing here asserts on a time.
set -u

usage() {
	sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

die() {
	echo "bench: $*" >&2
	exit 2
}

cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
BD=$B/bench
STRACE=${STRACE:-strace}
PSTRACE=${PSTRACE:-$B/procscope trace}

reps=
scale=1
only=
modes="unpinned pinned"
targs=
markdown=
list=0

while [ $# -gt 0 ]; do
	case $1 in
	--quick) scale=10 ;;
	--reps)
		[ $# -ge 2 ] || die "--reps needs a number"
		case $2 in '' | *[!0-9]* | 0) die "invalid --reps: $2" ;; esac
		reps=$2
		shift
		;;
	--only)
		[ $# -ge 2 ] || die "--only needs a list of workloads"
		only=$(echo "$2" | tr ',' ' ')
		shift
		;;
	--mode)
		[ $# -ge 2 ] || die "--mode needs unpinned, pinned or both"
		case $2 in
		unpinned | pinned) modes=$2 ;;
		both) modes="unpinned pinned" ;;
		*) die "invalid --mode: $2 (unpinned, pinned or both)" ;;
		esac
		shift
		;;
	--tracer-args)
		[ $# -ge 2 ] || die "--tracer-args needs a string"
		targs=$2
		shift
		;;
	--markdown)
		[ $# -ge 2 ] || die "--markdown needs a file name"
		markdown=$2
		shift
		;;
	--list) list=1 ;;
	-h | --help) usage ;;
	*) die "unknown option: $1 (see --help)" ;;
	esac
	shift
done
[ -n "$reps" ] || { [ "$scale" -eq 1 ] && reps=5 || reps=3; }

n() { echo $(($1 / scale)); }

# The workloads, in the order they run: "NAME|EXTRA TRACER ARGS|COMMAND".
# Counts are the issue's; --quick divides them. find, tar and python3 are
# fixed in size. python3 is /usr/bin's, not a version manager's shim.
WORKLOADS="getppid||$BD/getppid $(n 1000000)
devrw||$BD/devrw $(n 500000)
openstat||$BD/openstat $(n 300000)
forkexec||$BD/forkexec $(n 1000)
threads||$BD/threads 4 $(n 200000)
pingpong||$BD/pingpong $(n 100000)
epoll||$BD/epoll_echo $(n 100000)
find||find /usr
tar||tar cf /dev/null /usr/include
python||/usr/bin/python3 -c 'import json, email, http.client'
openat-filter|-e trace=openat|$BD/openstat $(n 300000)
getppid-filter|-e trace=openat|$BD/getppid $(n 1000000)"

if [ "$list" -eq 1 ]; then
	echo "$WORKLOADS" | awk -F'|' '{ printf "%-14s %-16s %s\n", $1, $2, $3 }'
	exit 0
fi

names=$(echo "$WORKLOADS" | cut -d'|' -f1)
for w in $only; do
	echo "$names" | grep -qx -- "$w" || die "unknown workload: $w (see --list)"
done

for prog in getppid devrw openstat forkexec threads pingpong epoll_echo; do
	[ -x "$BD/$prog" ] || die "$BD/$prog is missing (run make first)"
done
command -v "${STRACE%% *}" >/dev/null || die "strace not found: $STRACE"
[ -x "${PSTRACE%% *}" ] || command -v "${PSTRACE%% *}" >/dev/null ||
	die "procscope not found: $PSTRACE (run make first)"

results=$(mktemp "${TMPDIR:-/tmp}/bench.XXXXXX")
errlog=$(mktemp "${TMPDIR:-/tmp}/bench-err.XXXXXX")
trap 'rm -f "$results" "$errlog"' EXIT
trap 'exit 130' INT TERM

# run_one MODE NAME TOOL EXTRA COMMAND: times one run and appends
# "MODE NAME TOOL SECONDS REP" to $results, or "... FAIL" if it failed. A run
# that takes over 15 minutes counts as failed rather than hanging the bench.
run_one() {
	_pin=
	[ "$1" = pinned ] && _pin="taskset -c 0"
	case $3 in
	untraced) _tr= ;;
	strace) _tr="$STRACE -f -o /dev/null $targs $4" ;;
	procscope) _tr="$PSTRACE -f -o /dev/null $targs $4" ;;
	esac
	_t0=$(date +%s%N)
	eval "$_pin timeout -k 5 900 $_tr $5" </dev/null >/dev/null 2>"$errlog"
	_rc=$?
	_t1=$(date +%s%N)
	if [ $_rc -ne 0 ]; then
		echo "$1 $2 $3 FAIL $i" >>"$results"
		printf 'bench: %s %s under %s failed (exit %d): %s\n' "$1" "$2" "$3" "$_rc" \
			"$(grep -v 'Removing leading' "$errlog" | head -1)" >&2
		return
	fi
	_s=$(echo "$_t0 $_t1" | awk '{ printf "%.4f", ($2 - $1) / 1e9 }')
	echo "$1 $2 $3 $_s $i" >>"$results"
	printf ' %s %s' "$3" "$_s" >&2
}

{
	echo "kernel $(uname -r), $(nproc) CPUs, $($STRACE -V | head -1)"
	echo "procscope: $PSTRACE; $reps runs each; counts / $scale${targs:+; tracer args: $targs}"
} >&2

for mode in $modes; do
	echo "$WORKLOADS" | while IFS='|' read -r name extra cmd; do
		if [ -n "$only" ] && ! echo " $only " | grep -q " $name "; then
			continue
		fi
		i=1
		while [ $i -le "$reps" ]; do
			printf '%s %s %d/%d:' "$mode" "$name" "$i" "$reps" >&2
			for tool in untraced strace procscope; do
				run_one "$mode" "$name" "$tool" "$extra" "$cmd"
			done
			echo >&2
			i=$((i + 1))
		done
	done
done

# The table: medians per (mode, workload, tool), in the workloads' order. A
# tool with any failed run shows FAIL: a median over the runs that happened
# to succeed would flatter it. The last column pairs the runs instead: the
# procscope/strace ratio of each repetition (the two ran one after the other),
# their median and, in brackets, the lowest and highest. A slow spell of the
# machine moves both times of a pair, so this spread says how far the ratio
# itself swings.
report() { # report FORMAT (text or md)
	awk -v fmt="$1" -v modes="$modes" -v names="$(echo $names)" \
		-v reps="$reps" -v scale="$scale" -v targs="$targs" '
	function median(list,    a, k, m, i, j, t) {
		k = split(list, a, " ")
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		m = int((k + 1) / 2)
		return k % 2 ? a[m] : (a[m] + a[m + 1]) / 2
	}
	function cell(mode, w, tool) {
		if (fail[mode, w, tool]) return "FAIL"
		if (!((mode SUBSEP w SUBSEP tool) in times)) return ""
		return sprintf("%.3f", median(times[mode, w, tool]))
	}
	function ratio(a, b) {
		if (a == "" || b == "" || a == "FAIL" || b == "FAIL" || b + 0 == 0) return "-"
		return sprintf("%.2fx", a / b)
	}
	function row(c1, c2, c3, c4, c5, c6, c7) {
		if (fmt == "md")
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", c1, c2, c3, c4, c5, c6, c7
		else
			printf "%-14s %10s %10s %10s %12s %10s  %s\n", c1, c2, c3, c4, c5, c6, c7
	}
	# The per-repetition procscope/strace ratios: "median [lowest-highest]".
	function paired(mode, w,    r, list, k, a, i, j, t, lo, hi) {
		if (fail[mode, w, "strace"] || fail[mode, w, "procscope"]) return "-"
		list = ""
		for (r = 1; r <= reps; r++)
			if (((mode SUBSEP w SUBSEP "strace" SUBSEP r) in at) &&
			    ((mode SUBSEP w SUBSEP "procscope" SUBSEP r) in at) &&
			    at[mode, w, "strace", r] + 0 > 0)
				list = list " " at[mode, w, "procscope", r] / at[mode, w, "strace", r]
		k = split(list, a, " ")
		if (!k) return "-"
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return sprintf("%.2fx [%.2f-%.2f]", median(list), a[1], a[k])
	}
	{
		if ($4 == "FAIL") fail[$1, $2, $3] = 1
		else {
			times[$1, $2, $3] = times[$1, $2, $3] " " $4
			at[$1, $2, $3, $5] = $4
		}
		seen[$1, $2] = 1
	}
	END {
		nw = split(names, order, " ")
		nm = split(modes, m, " ")
		for (i = 1; i <= nm; i++) {
			title = m[i] == "pinned" ? \
				"pinned: everything under taskset -c 0" : \
				"unpinned: each tool as a user runs it"
			title = title sprintf(" (median of %d runs, seconds; counts / %d%s)",
				reps, scale, targs == "" ? "" : "; tracer args " targs)
			if (fmt == "md") {
				printf "%s### %s\n\n", (i > 1 ? "\n" : ""), title
				row("workload", "untraced", "strace", "procscope", "ps/untraced", "ps/strace",
				    "ps/strace per run")
				print "|---|---:|---:|---:|---:|---:|---:|"
			} else {
				printf "%s%s\n", (i > 1 ? "\n" : ""), title
				row("workload", "untraced", "strace", "procscope", "ps/untraced", "ps/strace",
				    "ps/strace per run")
			}
			for (w = 1; w <= nw; w++) {
				if (!((m[i] SUBSEP order[w]) in seen)) continue
				u = cell(m[i], order[w], "untraced")
				s = cell(m[i], order[w], "strace")
				p = cell(m[i], order[w], "procscope")
				row(order[w], u, s, p, ratio(p, u), ratio(p, s), paired(m[i], order[w]))
			}
		}
	}' "$results"
}

echo >&2
report text
if [ -n "$markdown" ]; then
	report md >"$markdown" || die "cannot write $markdown"
fi
! grep -q ' FAIL$' "$results"
