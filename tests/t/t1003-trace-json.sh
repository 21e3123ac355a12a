#!/bin/sh
# --json: a header line, then one valid JSON object per event.
. "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null 2>&1 || skip_all "jq is not installed"

"$PROCSCOPE" trace --json -o "$TMP/t.jsonl" "$FIX/basic" >/dev/null 2>&1
is "$?" 3 "exit status passed through with --json"
ok_cmd "every line is valid JSON" jq -e . "$TMP/t.jsonl"
is "$(head -1 "$TMP/t.jsonl" | jq -r '[.type,.tool,.schema,.backend] | join(" ")')" "header procscope 1 ptrace" "header line names tool, schema and backend"
is "$(head -1 "$TMP/t.jsonl" | jq -r '.command[0]')" "$FIX/basic" "header holds the command"
is "$(jq -c 'select(.name=="access" and (.args[0]|type)=="string" and (.args[0]|startswith("/nonexistent")))| [.args, .ret, .errno, .error]' "$TMP/t.jsonl")" \
   '[["/nonexistent/procscope",["F_OK"]],-1,"ENOENT","No such file or directory"]' "access: decoded args, errno name and message"
is "$(jq -c 'select(.name=="write" and .args[0]==4) | .args[1]' "$TMP/t.jsonl")" '"\u0001\u0002tab\there\"q"' "control bytes escaped in JSON strings"
is "$(jq -c 'select(.name=="write" and .args[2]==55) | .args[1].truncated' "$TMP/t.jsonl")" 'true' "a string cut at -s is marked truncated"
is "$(jq -c 'select(.name=="pipe2") | .args[0]' "$TMP/t.jsonl")" '[3,4]' "int array"
is "$(jq -r 'select(.type=="syscall" and .ret != null) | .dur | type' "$TMP/t.jsonl" | sort -u)" "number" "every finished syscall has a duration"
is "$(tail -1 "$TMP/t.jsonl" | jq -c '[.type,.code]')" '["exit",3]' "exit event"

"$PROCSCOPE" trace --json -o "$TMP/s.jsonl" "$FIX/signalled" >/dev/null 2>&1
is "$(jq -c 'select(.type=="signal") | [.sig, .siginfo.si_code]' "$TMP/s.jsonl" | head -1)" '["SIGUSR1","SI_TKILL"]' "signal event with decoded siginfo"
is "$(tail -1 "$TMP/s.jsonl" | jq -c '[.type,.sig,.core_dumped]')" '["killed","SIGTERM",false]' "killed event"

# invalid UTF-8 from a tracee still gives valid JSON, with the exact bytes in hex
printf 'ok\377\376' > "$TMP/bin"
"$PROCSCOPE" trace --json -e trace=read -o "$TMP/c.jsonl" cat "$TMP/bin" >/dev/null 2>&1
ok_cmd "invalid UTF-8 input still gives valid JSON" jq -e . "$TMP/c.jsonl"
is "$(jq -r 'select(.name=="read" and .ret==4) | .args[1].hex' "$TMP/c.jsonl")" "6f6bfffe" "exact bytes kept in hex"
# every decoder's output stays valid JSON (named arguments, sockaddrs, structs, -v)
for prog in "$BD"/syscalls/*; do
	[ -x "$prog" ] || continue
	timeout 20 "$PROCSCOPE" trace -f -v --json -o "$TMP/all.jsonl" "$prog" >/dev/null 2>&1
	ok_cmd "$(basename "$prog"): every line valid JSON" jq -e . "$TMP/all.jsonl"
done

# -ff: one JSON Lines file per process, each starting with the header
"$PROCSCOPE" trace -ff --json -o "$TMP/ff" "$FIX/forker" >/dev/null 2>&1
is "$(ls "$TMP"/ff.* | wc -l)" 2 "-ff --json: a file per process"
for f in "$TMP"/ff.*; do
	is "$(head -1 "$f" | jq -r .type)" header "$(basename "$f") starts with the header"
	ok_cmd "$(basename "$f") is valid JSON Lines" jq -e . "$f"
done
done_testing
