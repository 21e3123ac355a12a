#!/bin/sh
# tests/compat/compat.sh: how much of strace's output procscope reproduces,
# line for line, on real programs.
#
#   sh tests/compat/compat.sh [--quick] [--only NAME,...] [--diff] [--min PCT]
#                             [--tracer "CMD"] [--reference "CMD"] [--args "OPTS"]
#                             [--list] [--keep]
#
#   --quick        only the programs marked "quick" in tests/compat/programs
#   --only A,B     only these programs (--list shows the names)
#   --diff         show the differing line pairs (< strace, > procscope)
#   --min PCT      exit 1 if the total identical share is below PCT percent
#   --tracer CMD   the tracer under test (default "$B/procscope trace")
#   --reference CMD  what it is compared with (default strace; e.g. the ptrace
#                  backend, to compare --backend=bpf with it)
#   --args OPTS    more options for both tracers, e.g. "-v" or "-s 64 -y"
#   --keep         keep the traces and print where they are
#
# Each program runs three times, from the same freshly rebuilt directory, with
# the same options (-ff -o FILE), a fixed environment (env -i, PATH, HOME,
# LANG=C) and address randomisation off (setarch -R): twice under strace and
# once under the tracer. Two strace runs already differ a little (scheduling,
# file contents that hold times); that figure is printed beside ours, as the
# ceiling to compare against.
#
# The per-process files (FILE.PID) are paired in order of creation (their pids
# sorted numerically), not by pid. normalise.awk rewrites only what
# legitimately differs between runs (pids, getrandom bytes, times, the tracer's
# own envp address); everything else counts.
#
# A file's score is the number of lines in the longest common subsequence of
# the two (what diff keeps), out of the longer file's line count. A process
# one tracer shows and the other does not counts all its lines as different.
set -u

die() {
	echo "compat: $*" >&2
	exit 2
}

TOP=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$TOP/tests/compat
B=${B:-build}
case $B in /*) BD=$B ;; *) BD=$TOP/$B ;; esac
STRACE=${STRACE:-strace}
TRACER="$BD/procscope trace"
set_name=full
only=
show_diff=0
min=
keep=0
list=0
targs=

while [ $# -gt 0 ]; do
	case $1 in
	--quick) set_name=quick ;;
	--only)
		[ $# -ge 2 ] || die "--only needs a list of programs"
		only=$(echo "$2" | tr ',' ' ')
		shift
		;;
	--diff) show_diff=1 ;;
	--min)
		[ $# -ge 2 ] || die "--min needs a percentage"
		echo "$2" | grep -Eq '^[0-9]+([.][0-9]+)?$' || die "invalid --min: $2"
		min=$2
		shift
		;;
	--tracer)
		[ $# -ge 2 ] || die "--tracer needs a command"
		TRACER=$2
		shift
		;;
	--reference)
		[ $# -ge 2 ] || die "--reference needs a command"
		STRACE=$2
		shift
		;;
	--args)
		[ $# -ge 2 ] || die "--args needs options"
		targs=$2
		shift
		;;
	--keep) keep=1 ;;
	--list) list=1 ;;
	-h | --help)
		sed -n '5,17p' "$0" | sed 's/^# \{0,1\}//' >&2
		exit 2
		;;
	*) die "unknown option: $1 (see --help)" ;;
	esac
	shift
done

# The program list: "NAME<TAB>COMMAND" lines, the file's entries first, then
# every fixture and syscall program the build made that the file does not name.
programs() {
	awk -v set="$set_name" -v namedfile="$WORKROOT/named" '
		/^[ \t]*(#|$)/ { next }
		{
			name = $1; kind = $2
			cmd = $0
			sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", cmd)
			named[name] = 1
			if (kind == "skip") next
			if (kind != "quick" && kind != "full") {
				printf "compat: programs: %s: set must be quick, full or skip\n", name > "/dev/stderr"
				exit 2
			}
			if (set == "full" || kind == "quick")
				printf "%s\t%s\n", name, cmd
		}
		END { for (n in named) print n > namedfile }
	' "$HERE/programs" || exit 2
	[ "$set_name" = full ] || return 0
	for dir in fixtures syscalls; do
		for p in "$BD/$dir"/*; do
			[ -f "$p" ] && [ -x "$p" ] || continue
			n=$dir/${p##*/}
			grep -qxF "$n" "$WORKROOT/named" && continue
			printf '%s\t$BD/%s .\n' "$n" "$n"
		done
	done
}

command -v "${STRACE%% *}" >/dev/null || die "reference tracer not found: $STRACE"
command -v setarch >/dev/null || die "setarch not found (util-linux)"
tracer_bin=${TRACER%% *}
[ -x "$tracer_bin" ] || command -v "$tracer_bin" >/dev/null ||
	die "tracer not found: $tracer_bin (run make first)"

# One fixed path for the whole invocation: it appears in the traces (getcwd,
# paths), so it must be the same for every run that is compared.
WORKROOT=$(mktemp -d "${TMPDIR:-/tmp}/procscope-compat.XXXXXX") || exit 1
WORK=$WORKROOT/work
if [ "$keep" -eq 0 ]; then
	trap 'rm -rf "$WORKROOT"' EXIT
fi
trap 'exit 130' INT TERM

list_file=$WORKROOT/programs
programs >"$list_file" || exit 2
if [ -n "$only" ]; then
	for n in $only; do
		cut -f1 "$list_file" | grep -qxF "$n" || die "unknown program: $n (see --list)"
	done
	awk -F'\t' -v only=" $only " 'index(only, " " $1 " ")' "$list_file" >"$list_file.only"
	mv "$list_file.only" "$list_file"
fi
if [ "$list" -eq 1 ]; then
	awk -F'\t' '{ printf "%-22s %s\n", $1, $2 }' "$list_file"
	exit 0
fi

# setup_work: rebuilds $WORK from nothing, byte for byte and time for time the
# same on every call, so each traced run starts from the same state.
FIXED_DATE='2020-01-02 03:04:05 UTC'
setup_work() {
	rm -rf "$WORK"
	mkdir -p "$WORK/src/lib" "$WORK/doc" "$WORK/repo" || return 1
	for i in 1 2 3 4 5; do
		printf '/* file %d */\nint f%d(void)\n{\n\treturn %d;\n}\n' $i $i $i >"$WORK/src/f$i.c"
		printf 'int f%d(void);\n' $i >"$WORK/src/lib/f$i.h"
	done
	printf 'notes\n' >"$WORK/doc/README"
	ln -s ../doc/README "$WORK/src/README"
	awk 'BEGIN { for (i = 0; i < 4000; i++) printf "line %05d of the big file, fixed text\n", i }' \
		>"$WORK/big.dat"
	(
		cd "$WORK/repo" &&
			export GIT_AUTHOR_DATE="$FIXED_DATE" GIT_COMMITTER_DATE="$FIXED_DATE" \
				GIT_AUTHOR_NAME=compat GIT_AUTHOR_EMAIL=compat@example.invalid \
				GIT_COMMITTER_NAME=compat GIT_COMMITTER_EMAIL=compat@example.invalid \
				GIT_CONFIG_NOSYSTEM=1 HOME="$WORK" &&
			git init -q -b main . &&
			cp -r ../src ../doc . &&
			touch -h -d "$FIXED_DATE" $(find . -path ./.git -prune -o -print) &&
			git add . && git commit -q -m 'first' &&
			printf 'changed\n' >>doc/README && printf 'new\n' >untracked.txt &&
			git rm -q src/f5.c && git commit -q -m 'second' &&
			printf 'again\n' >>src/f1.c &&
			touch -h -d "$FIXED_DATE" $(find . -path ./.git -prune -o -print) &&
			git update-index -q --refresh
		# The refresh records the files' final stat data, taken after
		# the last touch, in an index written later than any file's
		# mtime: git status then finds nothing racy and hashes nothing,
		# on every run alike.
	) >/dev/null || return 1
	touch -h -d "$FIXED_DATE" $(find "$WORK" -path "$WORK/repo" -prune -o -print)
}

# run_traced DIR TRACER-CMD COMMAND: one traced run into DIR/trace.PID, with
# the tracer's pid in DIR/tracer-pid and its exit status in DIR/status.
run_traced() {
	mkdir -p "$1"
	setup_work </dev/null || die "cannot build $WORK"
	(
		out=$1
		cd "$WORK" || exit 1
		eval "set -- $2 -ff -o \"\$out/trace\" $targs -- $3"
		# The tracer's pid, process group and session, read from
		# /proc before the exec chain ends in the tracer (same pid).
		timeout -k 5 30 sh -c 'read -r _ _ _ _ pg sid _ </proc/$$/stat
			echo $$ $pg $sid >"$0"; exec "$@"' "$out/tracer-pid" \
			env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C setarch -R "$@"
		# Not the last command, so dash forks it: a tracer that dies of
		# its tracee's signal then makes no "Terminated" message here.
		exit $?
	) </dev/null >"$WORKROOT/stdout" 2>"$WORKROOT/stderr"
	echo $? >"$1/status"
	# The output files have one path for every run: -y prints it.
	mv "$WORKROOT/stdout" "$WORKROOT/stderr" "$1/"
	rm -rf "$WORK"
}

# trace_files DIR: the run's trace files, oldest process first.
trace_files() {
	ls "$1" | sed -n 's/^trace\.\([0-9][0-9]*\)$/\1/p' | sort -n | sed "s|^|$1/trace.|"
}

# normalise_run DIR: writes DIR/norm.N for the N-th process's trace.
normalise_run() {
	trace_files "$1" | awk -v ids="$(cat "$1/tracer-pid" 2>/dev/null)" '
		# Session, group and tracer first: a later line wins in
		# normalise.awk, and a traced pid is the better name.
		BEGIN {
			n = split(ids, id, " ")
			if (n == 3) printf "%s <session>\n%s <pgrp>\n", id[3], id[2]
			if (n >= 1) printf "%s <tracer>\n", id[1]
		}
		{ sub(/.*\./, ""); printf "%s <pid%d>\n", $0, NR }' >"$1/pidmap"
	i=0
	for f in $(trace_files "$1"); do
		i=$((i + 1))
		awk -v map="$1/pidmap" -v root=$((i == 1)) -f "$HERE/normalise.awk" "$f" >"$1/norm.$i"
	done
	echo $i >"$1/nfiles"
}

# compare A B: prints "IDENTICAL LINES" for two normalised runs, and the
# differing lines to B/diff.
compare() {
	na=$(cat "$1/nfiles")
	nb=$(cat "$2/nfiles")
	n=$((na > nb ? na : nb))
	same=0
	lines=0
	: >"$2/diff"
	i=1
	while [ $i -le $n ]; do
		fa=$1/norm.$i
		fb=$2/norm.$i
		[ -f "$fa" ] || fa=/dev/null
		[ -f "$fb" ] || fb=/dev/null
		la=$(wc -l <"$fa")
		lb=$(wc -l <"$fb")
		only_a=$(diff "$fa" "$fb" | tee "$2/diff.$i" | grep -c '^<')
		if [ -s "$2/diff.$i" ]; then
			echo "--- process $i" >>"$2/diff"
			cat "$2/diff.$i" >>"$2/diff"
		fi
		same=$((same + la - only_a))
		lines=$((lines + (la > lb ? la : lb)))
		i=$((i + 1))
	done
	echo "$same $lines"
}

pct() { # pct PART WHOLE
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.1f%%\n", 100 * a / b }'
}

printf '%-22s %5s %6s %16s %16s\n' program procs lines "ours" "strace vs strace"
tot_same=0
tot_lines=0
base_same=0
base_lines=0
notes=$WORKROOT/notes
: >"$notes"
tab=$(printf '\t')
while IFS=$tab read -r name cmd; do
	dir=$WORKROOT/runs/$(echo "$name" | tr '/' '_')
	run_traced "$dir/strace1" "$STRACE" "$cmd"
	run_traced "$dir/ours" "$TRACER" "$cmd"
	run_traced "$dir/strace2" "$STRACE" "$cmd"
	for r in strace1 ours strace2; do
		normalise_run "$dir/$r"
	done
	set -- $(compare "$dir/strace1" "$dir/ours")
	same=$1 lines=$2
	set -- $(compare "$dir/strace1" "$dir/strace2")
	bsame=$1 blines=$2
	printf '%-22s %2s/%-2s %6d %7d %8s %7d %8s\n' "$name" \
		"$(cat "$dir/strace1/nfiles")" "$(cat "$dir/ours/nfiles")" "$lines" \
		"$same" "$(pct "$same" "$lines")" "$bsame" "$(pct "$bsame" "$blines")"
	for r in strace1 ours strace2; do
		case $(cat "$dir/$r/status") in
		124 | 137) echo "$name: the $r run timed out after 30 s" >>"$notes" ;;
		esac
	done
	s1=$(cat "$dir/strace1/status")
	so=$(cat "$dir/ours/status")
	if [ "$s1" != "$so" ]; then
		echo "$name: strace exited $s1, the tracer $so: $(head -1 "$dir/ours/stderr")" >>"$notes"
	fi
	tot_same=$((tot_same + same))
	tot_lines=$((tot_lines + lines))
	base_same=$((base_same + bsame))
	base_lines=$((base_lines + blines))
	if [ "$show_diff" -eq 1 ] && [ -s "$dir/ours/diff" ]; then
		echo "=== $name (< strace, > $TRACER)" >>"$WORKROOT/diffs"
		cat "$dir/ours/diff" >>"$WORKROOT/diffs"
	fi
done <"$list_file"

if [ -s "$notes" ]; then
	echo
	cat "$notes"
fi
if [ "$show_diff" -eq 1 ] && [ -s "$WORKROOT/diffs" ]; then
	echo
	cat "$WORKROOT/diffs"
fi
echo
echo "TOTAL identical/lines = $tot_same/$tot_lines = $(pct "$tot_same" "$tot_lines")" \
	"(strace vs strace: $base_same/$base_lines = $(pct "$base_same" "$base_lines"))"
[ "$keep" -eq 1 ] && echo "traces kept in $WORKROOT/runs"
if [ -n "$min" ]; then
	awk -v a="$tot_same" -v b="$tot_lines" -v m="$min" \
		'BEGIN { exit !(b > 0 && 100 * a / b >= m) }' || {
		echo "compat: identical share below --min $min%" >&2
		exit 1
	}
fi
exit 0
