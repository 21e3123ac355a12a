#!/bin/sh
# t6090-buffering.sh: stdio buffering (seed 000) seen as write() calls:
# line-buffered on a terminal, fully buffered in a pipe, unbuffered stderr.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

nwrites() { grep -Ec "^write\\($2, " "$1"; }

out=$(timeout 30 "$PROCSCOPE" trace -e trace=write -o "$TMP/pipe.trace" "$EX/buffering" --lines 100 | cat)
ok $? "buffering into a pipe exits 0"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 100 "all 100 lines arrive"
is "$(nwrites "$TMP/pipe.trace" 1)" 1 "into a pipe: one write for 100 lines"
like "$(cat "$TMP/pipe.trace")" '^write\(1, "line 1\\nline 2\\nline 3\\nline 4\\nline"\.\.\., 792\) = 792$' \
	"trace: the single write carries all 792 bytes"

timeout 30 "$PROCSCOPE" trace -e trace=write -o "$TMP/big.trace" "$EX/buffering" --lines 2000 >/dev/null
ok $? "buffering 2000 lines into /dev/null"
like "$(cat "$TMP/big.trace")" '^write\(1, "line 1\\n.*"\.\.\., 4096\) = 4096$' "full buffering writes 4096-byte blocks"

timeout 30 "$PROCSCOPE" trace -e trace=write -o "$TMP/fl.trace" "$EX/buffering" --lines 100 --flush | cat >/dev/null
is "$(nwrites "$TMP/fl.trace" 1)" 100 "with fflush after each line: 100 writes"

timeout 30 "$PROCSCOPE" trace -e trace=write -o "$TMP/err.trace" "$EX/buffering" --lines 100 --stderr 2>/dev/null
is "$(nwrites "$TMP/err.trace" 2)" 100 "stderr is unbuffered: 100 writes"

if ! command -v script >/dev/null 2>&1; then
	ok 0 "# SKIP script(1) is missing: no terminal test"
else
	timeout 30 script -qec "'$PROCSCOPE' trace -e trace=write -o '$TMP/tty.trace' '$EX/buffering' --lines 100" \
		/dev/null >/dev/null 2>&1
	is "$(nwrites "$TMP/tty.trace" 1)" 100 "on a terminal: one write per line"
	like "$(cat "$TMP/tty.trace")" '^write\(1, "line 1\\n", 7\) += 7$' "trace: the first line is written alone, 7 bytes"
fi

done_testing
