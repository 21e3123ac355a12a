#!/bin/sh
# -e trace=%CLASS selects the same syscalls as strace, for every class.
#
# First on tests/fixtures/allsys, which makes every syscall once (the set of
# names each tracer prints is the class, as each tracer defines it), then on
# real programs (ls, find, tar, python3, a shell pipeline), where the names
# printed, with their repetitions, must be the same. tests/unit/test_sysent.c
# checks the same facts inside the table; this checks the filter end to end
# (seccomp program included, since procscope starts the command).
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

CLASSES="file desc process network signal ipc memory creds clock stat lstat fstat %stat statfs fstatfs %statfs pure"

# The syscall names of a trace, one per line, sorted. An unfinished call is
# counted when it resumes. A call the kernel restarted (= ? ERESTART..., as
# when SIGCHLD interrupts a fork) is left out: it happens or not by timing.
# With a second argument "all", every call started is counted (allsys, where
# pause ends in ERESTARTNOHAND and only the set of names matters).
names() {
	awk -v all="${2:-}" '{
		pid = $1; line = $0; sub(/^[0-9]+ +/, "", line)
		if (line ~ /^<\.\.\. [a-z_0-9]+ resumed>/) {
			if ((all || !(line ~ /= \? ERESTART/)) && pending[pid] != "")
				print pending[pid]
			pending[pid] = ""
		} else if (line ~ /^[a-z_0-9]+\(/) {
			name = line; sub(/\(.*/, "", name)
			if (line ~ /<unfinished \.\.\.>$/)
				pending[pid] = name
			else if (all || !(line ~ /= \? ERESTART/))
				print name
		}
	}' "$1" | sort
}

# strace prints syscalls it has no name for (x86_64 leaves 335..423 unused)
# under every class; they belong to none, so neither side's are compared.
named() { grep -v '^syscall_0x'; }

for c in $CLASSES; do
	strace -f -qq -o "$TMP/s" -e trace=%$c "$FIX/allsys" >/dev/null 2>&1
	"$PROCSCOPE" trace -f -qq -o "$TMP/p" -e trace=%$c "$FIX/allsys" >/dev/null 2>&1
	names "$TMP/s" all | uniq | named > "$TMP/s.n"
	names "$TMP/p" all | uniq | named > "$TMP/p.n"
	if [ -s "$TMP/s.n" ] && diff -u "$TMP/s.n" "$TMP/p.n" > "$TMP/d"; then
		ok 0 "allsys, %$c: the same $(wc -l < "$TMP/s.n") syscalls as strace"
	else
		ok 1 "allsys, %$c: the same syscalls as strace"
		diag "$(grep '^[-+][a-z]' "$TMP/d" | head -20)"
	fi
done

mkdir -p "$TMP/tree/a/b" && echo data > "$TMP/tree/a/f" && ln -s f "$TMP/tree/a/l"
# run LABEL MODE COMMAND...: MODE "calls" compares every call with its
# repetitions (one process, the same calls each run); "names" compares the set
# of names, for a shell and its children, where how often a shell sets a
# signal handler depends on when its children end.
run() {
	label=$1
	mode=$2
	shift 2
	for c in $CLASSES; do
		strace -f -qq -o "$TMP/s" -e trace=%$c "$@" >/dev/null 2>&1
		"$PROCSCOPE" trace -f -qq -o "$TMP/p" -e trace=%$c "$@" >/dev/null 2>&1
		names "$TMP/s" > "$TMP/s.n"
		names "$TMP/p" > "$TMP/p.n"
		if [ "$mode" = names ]; then
			sort -u -o "$TMP/s.n" "$TMP/s.n"
			sort -u -o "$TMP/p.n" "$TMP/p.n"
		fi
		if diff -u "$TMP/s.n" "$TMP/p.n" > "$TMP/d"; then
			ok 0 "$label, %$c: the same $(wc -l < "$TMP/s.n") $mode as strace"
		else
			ok 1 "$label, %$c: the same $mode as strace"
			diag "$(grep '^[-+][a-z]' "$TMP/d" | sort | uniq -c | head -20)"
		fi
	done
}

# strace 6.1 also takes the first classes without '%' (legacy aliases, which
# win over a syscall name) and syscalls by number below its table's end.
for c in desc file memory process signal ipc network; do
	strace -f -qq -o "$TMP/s" -e trace=$c "$FIX/allsys" >/dev/null 2>&1
	"$PROCSCOPE" trace -f -qq -o "$TMP/p" -e trace=$c "$FIX/allsys" >/dev/null 2>&1
	names "$TMP/s" all | uniq | named > "$TMP/s.n"
	names "$TMP/p" all | uniq | named > "$TMP/p.n"
	if [ -s "$TMP/s.n" ] && diff -u "$TMP/s.n" "$TMP/p.n" > "$TMP/d"; then
		ok 0 "allsys, $c (no %): the same $(wc -l < "$TMP/s.n") syscalls as strace"
	else
		ok 1 "allsys, $c (no %): the same syscalls as strace"
		diag "$(grep '^[-+][a-z]' "$TMP/d" | head -20)"
	fi
done
# Which tokens each accepts: the same verdict and the same complaint.
for c in net creds clock pure stat_like %stat_like %NETWORK %foo '?%foo' '?net' \
	0 1 01 450 451 9999 0x1 1x 'file,net' 'file,network' '!network'; do
	s=$(strace -qq -e trace="$c" true 2>&1 >/dev/null | sed -n 's/^strace: //p')
	p=$("$PROCSCOPE" trace -qq -e trace="$c" true 2>&1 >/dev/null |
		sed -n 's/^procscope: trace: //p')
	is "$p" "$s" "-e trace=$c: accepted or refused as strace does"
done
# By number: write is 1.
"$PROCSCOPE" trace -qq -o "$TMP/p" -e trace=1 echo hi >/dev/null 2>&1
like "$(cat "$TMP/p")" '^write\(1, "hi\\n", 3\) += 3$' "-e trace=1 is write"

run ls calls ls -la "$TMP/tree"
run find calls find "$TMP/tree"
run tar calls tar cf "$TMP/t.tar" -C "$TMP" tree
if command -v python3 >/dev/null 2>&1; then
	# python3 may be a shell script (pyenv's shim) that runs the interpreter.
	run python3 names python3 -c pass
fi
run 'sh pipeline' names sh -c 'echo | cat'

done_testing
