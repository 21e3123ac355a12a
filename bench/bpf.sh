#!/bin/sh
# bench/bpf.sh: each workload untraced, under `procscope trace` with the ptrace
# backend and with the bpf backend (root only), side by side: median wall
# times, the ratios to untraced, and the events the bpf backend lost; then
# the range (fastest - slowest run) of each time.
#
#   sh bench/bpf.sh [--reps N] [--only NAME,...] [--buffer-size N] [--strace]
#                   [--pinned] [--no-ptrace] [--against DIR]
#
# Each tracer runs as `procscope trace -f -o /dev/null --backend=B COMMAND`
# (full decoding, output thrown away). The three runs of one workload
# alternate, REPS times, so a slow spell of the machine hits all alike. Times
# include the tracer's start-up (the bpf backend loads its program); the
# start-up alone (tracing `true`, less untraced `true`) is measured first, and
# the last column is the ratio without it: (bpf - start) / untraced.
# --no-ptrace leaves the ptrace runs out (they take most of the time);
# --strace adds `strace -f -o /dev/null` runs and the bpf/strace ratio;
# --pinned runs everything (untraced too) under `taskset -c 0`;
# --against DIR also runs DIR/procscope's bpf backend in every repetition (an
# A/B of two builds: its median and ratio in the last columns, "old").
set -u

die() {
	echo "bench/bpf: $*" >&2
	exit 2
}

cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
PS=$B/procscope
reps=5
only=
bufsize=
ptrace=1
old=
strace=
pin=

while [ $# -gt 0 ]; do
	case $1 in
	--reps) [ $# -ge 2 ] || die "--reps needs a number"; reps=$2; shift ;;
	--only) [ $# -ge 2 ] || die "--only needs names"; only=$2; shift ;;
	--buffer-size) [ $# -ge 2 ] || die "--buffer-size needs a size"; bufsize=$2; shift ;;
	--no-ptrace) ptrace= ;;
	--against) [ $# -ge 2 ] || die "--against needs a build directory"; old=$2/procscope; shift ;;
	--strace) strace=${STRACE:-strace} ;;
	--pinned) pin="taskset -c 0" ;;
	-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option '$1'" ;;
	esac
	shift
done
case $reps in ''|*[!0-9]*|0) die "--reps: expected a positive number, not '$reps'" ;; esac
[ -x "$PS" ] || die "$PS is missing (run make first)"
[ -z "$old" ] || [ -x "$old" ] || die "$old is missing"
[ "$(id -u)" = 0 ] || die "the bpf backend needs root"
[ -z "$strace" ] || command -v "$strace" >/dev/null 2>&1 || die "--strace: $strace is not installed"
[ -z "$pin" ] || command -v taskset >/dev/null 2>&1 || die "--pinned needs taskset (util-linux)"
"$PS" trace --backend=bpf -e trace=none -o /dev/null true 2>/dev/null ||
	die "the bpf backend does not work here: $("$PS" trace --backend=bpf true 2>&1 | head -1)"

# A small C project for make: the fixtures, rebuilt into a scratch directory.
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/procscope-bench.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
cat > "$SCRATCH/Makefile" <<EOF
SRCS := \$(wildcard $(pwd)/tests/fixtures/*.c)
all: \$(notdir \$(SRCS:.c=))
%: $(pwd)/tests/fixtures/%.c
	\$(CC) -O1 -o \$@ \$< -lpthread
EOF

# GNU tar does not read the files when the archive is /dev/null (it only stats
# them): "tar" is 24 ms of dense metadata syscalls, where the bpf start-up
# weighs most. "tar-file" writes a real archive, as tar is normally used.
WORKLOADS="getppid|$B/bench/getppid 1000000
find|find /usr
tar|tar cf /dev/null /usr/include
tar-file|tar cf $SCRATCH/inc.tar /usr/include
make|make -s -B -C $SCRATCH"

now() { date +%s%N; }
# Each timed run starts with the dirty pages of the one before written out:
# tar-file writes a 50 MB archive, and its writeback would slow whichever run
# came next (a fixed order, so always the same tool).
start() { sync; date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
range() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f-%.1f", v[1] / 1000, v[NR] / 1000 }'; }

# The bpf backend's start-up: loading and verifying the program, attaching.
: > "$SCRATCH/s"
i=0
while [ $i -lt "$reps" ]; do
	t0=$(start); $pin true; t1=$(now)
	$pin "$PS" trace --backend=bpf -o /dev/null true >/dev/null 2>&1; t2=$(now)
	echo $(( (t2 - t1 - (t1 - t0)) / 1000 )) >> "$SCRATCH/s"
	i=$((i + 1))
done
start=$(median < "$SCRATCH/s")
awk -v s="$start" -v r="$(range < "$SCRATCH/s")" \
	-v m="$([ -n "$pin" ] && echo "pinned to CPU 0" || echo unpinned)" \
	'BEGIN { printf "bpf start-up: %.1fms (median of tracing true; range %sms); %s\n", s / 1000, r, m }'

: > "$SCRATCH/ranges"
printf '%-8s %10s %10s %10s %8s %8s %8s %8s%s%s\n' workload untraced ptrace bpf ptrace/x bpf/x lost \
	'-start/x' "${old:+        old    old/x}" "${strace:+     strace bpf/strace}"
echo "$WORKLOADS" | while IFS='|' read -r name cmd; do
	if [ -n "$only" ]; then
		case ",$only," in *",$name,"*) ;; *) continue ;; esac
	fi
	: > "$SCRATCH/u"; : > "$SCRATCH/p"; : > "$SCRATCH/b"; : > "$SCRATCH/o"; : > "$SCRATCH/lost"
	: > "$SCRATCH/st"
	i=0
	while [ $i -lt "$reps" ]; do
		t0=$(start); $pin $cmd >/dev/null 2>&1; t1=$(now)
		echo $(( (t1 - t0) / 1000 )) >> "$SCRATCH/u"
		if [ -n "$ptrace" ]; then
			t0=$(start); $pin "$PS" trace -f -o /dev/null $cmd >/dev/null 2>&1; t1=$(now)
			echo $(( (t1 - t0) / 1000 )) >> "$SCRATCH/p"
		fi
		if [ -n "$strace" ]; then
			t0=$(start); $pin "$strace" -f -o /dev/null $cmd >/dev/null 2>&1; t1=$(now)
			echo $(( (t1 - t0) / 1000 )) >> "$SCRATCH/st"
		fi
		t0=$(start)
		$pin "$PS" trace -f -o /dev/null --backend=bpf ${bufsize:+--buffer-size=$bufsize} $cmd \
			>/dev/null 2>"$SCRATCH/err"
		t1=$(now)
		echo $(( (t1 - t0) / 1000 )) >> "$SCRATCH/b"
		sed -n 's/^procscope: \([0-9]*\) events lost.*/\1/p' "$SCRATCH/err" >> "$SCRATCH/lost"
		if [ -n "$old" ]; then
			t0=$(start)
			$pin "$old" trace -f -o /dev/null --backend=bpf ${bufsize:+--buffer-size=$bufsize} $cmd \
				>/dev/null 2>&1
			t1=$(now)
			echo $(( (t1 - t0) / 1000 )) >> "$SCRATCH/o"
		fi
		i=$((i + 1))
	done
	[ -n "$ptrace" ] || echo 0 > "$SCRATCH/p"
	[ -n "$old" ] || echo 0 > "$SCRATCH/o"
	[ -n "$strace" ] || echo 0 > "$SCRATCH/st"
	u=$(median < "$SCRATCH/u"); p=$(median < "$SCRATCH/p"); b=$(median < "$SCRATCH/b")
	o=$(median < "$SCRATCH/o"); st=$(median < "$SCRATCH/st")
	printf '%-8s %18s %18s %18s%s\n' "$name" "$(range < "$SCRATCH/u")" "$(range < "$SCRATCH/p")" \
		"$(range < "$SCRATCH/b")" "${old:+ $(range < "$SCRATCH/o")}" >> "$SCRATCH/ranges"
	lost=$(awk '{ s += $1 } END { print s + 0 }' "$SCRATCH/lost")
	awk -v n="$name" -v u="$u" -v p="$p" -v b="$b" -v l="$lost" -v s="$start" -v o="$o" -v t="$st" 'BEGIN {
		printf "%-8s %9.1fms %9.1fms %9.1fms %7.2fx %7.2fx %8d %7.2fx", n, u / 1000, p / 1000,
			b / 1000, p / u, b / u, l, (b - s) / u
		if (o > 0)
			printf " %9.1fms %7.2fx", o / 1000, o / u
		if (t > 0)
			printf " %9.1fms %9.3fx", t / 1000, b / t
		printf "\n" }'
done
echo
printf '%-8s %18s %18s %18s%s\n' range untraced ptrace bpf "${old:+ old}"
cat "$SCRATCH/ranges"
