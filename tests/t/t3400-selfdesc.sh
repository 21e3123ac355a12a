#!/bin/sh
# t3400: self-describing syscall tests. Each tests/syscalls/selfdesc_*.c
# program prints the exact line the tracer must print for every syscall it
# makes (see tests/syscalls/selftest.h). Its header names the syscalls to
# trace ("trace:") and the option sets to run with ("run:"); each run is one
# assertion: procscope's trace, from the program's getpid() marker on, must
# equal what the program printed, byte for byte. When strace can trace here,
# strace's trace is held to the same description first, so a program cannot
# describe anything strace 6.1 would not print.
. "$(dirname "$0")/../lib.sh"

SRC=$TOP/tests/syscalls
[ -x "$PROCSCOPE" ] || skip_all "procscope is not built"
have_strace=false
command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null && have_strace=true

# after_marker TRACE: the lines after the getpid() marker, without the final
# "+++ exited with 0 +++".
after_marker() {
	awk 'seen; /^getpid\(\) / { seen = 1 }' "$1" | sed '${/^+++ exited with 0 +++$/d;}'
}

# todo NAME OPTS: the reason a run is known to differ (work owned elsewhere).
todo() {
	case "$1 $2" in
	esac
}

for prog in "$BD"/syscalls/selfdesc_*; do
	[ -x "$prog" ] || continue
	name=$(basename "$prog")
	src=$SRC/$name.c
	set=$(sed -n 's/^ \* trace: *//p' "$src")
	if [ -z "$set" ]; then
		ok 1 "$name: its header names the syscalls to trace"
		continue
	fi
	sed -n 's/^ \* run:[ ]*//p' "$src" >"$TMP/$name.runs"
	[ -s "$TMP/$name.runs" ] || echo >"$TMP/$name.runs"
	i=0
	while IFS= read -r opts; do
		i=$((i + 1))
		base=$TMP/$name.$i
		if $have_strace; then
			# shellcheck disable=SC2086
			strace -o "$base.strace" -e trace="getpid,$set" $opts -- "$prog" $opts \
				>"$base.swant" 2>&1
			after_marker "$base.strace" >"$base.sgot"
			if [ -s "$base.swant" ] && diff -u "$base.swant" "$base.sgot" >"$base.sdiff"; then
				ok 0 "$name ${opts:-(defaults)}: strace prints what the program describes"
			else
				ok 1 "$name ${opts:-(defaults)}: strace prints what the program describes"
				diag "$(head -20 "$base.sdiff")"
			fi
		fi
		# $opts is split on purpose: "-X raw" is two arguments.
		# shellcheck disable=SC2086
		"$PROCSCOPE" trace -o "$base.trace" -e trace="getpid,$set" $opts -- "$prog" $opts \
			>"$base.want" 2>"$base.err"
		status=$?
		after_marker "$base.trace" >"$base.got"
		TODO=$(todo "$name" "$opts")
		lines=$(wc -l <"$base.want")
		if [ "$status" -eq 0 ] && [ "$lines" -gt 0 ] &&
		   diff -u "$base.want" "$base.got" >"$base.diff"; then
			ok 0 "$name ${opts:-(defaults)}: $lines lines as the program describes them"
		else
			ok 1 "$name ${opts:-(defaults)}: trace equals the program's own description"
			[ "$status" -eq 0 ] || diag "exit status $status: $(head -3 "$base.err")"
			diag "$(head -30 "$base.diff")"
		fi
		unset TODO
	done <"$TMP/$name.runs"
done

done_testing
