#!/bin/sh
# -c, -C, -w, -S, -U, -O: the call summary, against strace with the same options.
# Times differ between two runs, so the tables are compared in full where no
# time column is shown, and by structure (columns, rows, totals) where one is.
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

both() { # both NAME OPTS... -- the same run under strace and procscope, -o files
	name=$1
	shift
	strace -o "$TMP/s.$name" "$@" >/dev/null 2>&1
	src=$?
	"$PROCSCOPE" trace -o "$TMP/p.$name" "$@" >/dev/null 2>&1
	prc=$?
	is "$prc" "$src" "$name: same exit status as strace ($src)"
}

same_file() { # same_file NAME DESCRIPTION
	if diff -u "$TMP/s.$1" "$TMP/p.$1" > "$TMP/d.$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		diag "$(head -20 "$TMP/d.$1")"
	fi
}

# Counts, errors and names are exact: the basic fixture's syscalls are known.
both counts -c -U calls,errors,name -S name "$FIX/basic"
same_file counts "-c -U calls,errors,name -S name: identical to strace"
has_line "$(cat "$TMP/p.counts")" "        6         1 close" "close: 6 calls (the loader's too), 1 error (close(-1))"

both bycalls -c -U name,calls,errors -S calls -e trace=write,read,close,access "$FIX/basic"
same_file bycalls "-S calls, name first, -e trace=: identical to strace"

both nothing -f -c -U count,error -S nothing "$FIX/forker"
same_file nothing "-f -S nothing (syscall number order), aliases: identical to strace"

# Default columns: the same rows and totals; times are checked for form only.
both default -c -S calls "$FIX/basic"
cut_times() { sed -E 's/^ *[0-9.]+ +[0-9.]+ +[0-9]+ //' "$1"; }
is "$(cut_times "$TMP/p.default")" "$(cut_times "$TMP/s.default")" \
	"default columns: calls, errors and names as strace"
is "$(head -2 "$TMP/p.default")" "$(head -2 "$TMP/s.default")" "default header and rule as strace"
like "$(tail -1 "$TMP/p.default")" '^100\.00 +[0-9]+\.[0-9]{6} +[0-9]+ +[0-9]+ +[0-9]+ total$' \
	"total row: 100.00 percent, seconds with 6 decimals"
pct=$(awk '/^-/ { n++; next } n == 1 { s += $1 } END { printf "%.0f", s }' "$TMP/p.default")
is "$pct" "100" "the rows' percentages add up to 100"
unlike "$(cat "$TMP/p.default")" 'write\(|\+\+\+ exited' "-c prints no trace lines and no exit line"

# -w and all time columns: structure, ordering by longest.
both wall -c -w -S max-time -U max-time,min-time,avg-time,total-time,time-percent,calls "$FIX/basic"
is "$(head -2 "$TMP/p.wall")" "$(head -2 "$TMP/s.wall")" "-w with every time column: header as strace"
is "$(awk '{ print $NF }' "$TMP/p.wall" | sort)" "$(awk '{ print $NF }' "$TMP/s.wall" | sort)" \
	"-w: the same syscalls as strace"
sorted=$(awk '/^-/ { n++; next } n == 1 { print $1 }' "$TMP/p.wall")
is "$sorted" "$(printf '%s\n' "$sorted" | sort -rn)" "-S max-time: longest first"
ok $(awk '/^-/ { n++; next } n == 1 && $2 > $1 { bad = 1 } END { exit bad }' "$TMP/p.wall"; echo $?) \
	"shortest <= longest in every row"

# -C: the trace, then the table after the exit line.
both trace_too -C -e trace=close,access "$FIX/basic"
has_line "$(cat "$TMP/p.trace_too")" "close(-1)                               = -1 EBADF (Bad file descriptor)" \
	"-C prints the trace"
is "$(grep -n '+++ exited with 3 +++' "$TMP/p.trace_too" | cut -d: -f1)" "$(grep -n '+++ exited' "$TMP/s.trace_too" | cut -d: -f1)" \
	"-C: the table follows the exit line, as strace"
is "$(cut_times "$TMP/p.trace_too" | tail -7 | sort)" "$(cut_times "$TMP/s.trace_too" | tail -7 | sort)" \
	"-C: the same table rows (their order is by time)"

# -O takes the overhead off each call: with a huge one every time is zero.
"$PROCSCOPE" trace -c -O 1s -U total-time,calls -e trace=close "$FIX/basic" >/dev/null 2>"$TMP/o"
has_line "$(cat "$TMP/o")" "   0.000000         6 close" "-O 1s: every time is 0"

# An empty selection prints nothing, as strace.
"$PROCSCOPE" trace -c -e trace=none "$FIX/basic" >/dev/null 2>"$TMP/none"
is "$(cat "$TMP/none")" "" "-c with nothing counted prints nothing"

# Bad arguments: usage errors.
"$PROCSCOPE" trace -c -S bogus true 2>"$TMP/e"
is "$?" "2" "-S bogus: exit 2"
like "$(cat "$TMP/e")" "^procscope: trace: -S: invalid sort key 'bogus'" "-S bogus: one-line error"
"$PROCSCOPE" trace -c -U calls,bogus true 2>"$TMP/e"
is "$?" "2" "-U bogus: exit 2"
"$PROCSCOPE" trace -c -O 3parsecs true 2>"$TMP/e"
is "$?" "2" "-O 3parsecs: exit 2"

done_testing
