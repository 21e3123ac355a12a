#!/bin/sh
# trace --record and procscope replay: the replay prints what the live trace
# printed, with any formatter; damage is reported after the good part.
. "$(dirname "$0")/../lib.sh"

"$PROCSCOPE" trace -f --record "$TMP/r.rec" -o "$TMP/live.txt" "$FIX/forker" >/dev/null 2>&1
is "$?" 7 "recording keeps the exit status"
"$PROCSCOPE" replay -o "$TMP/rep.txt" "$TMP/r.rec"
is "$?" 0 "replay exits 0"
ok_cmd "replayed text equals the live text (-f -o)" cmp "$TMP/live.txt" "$TMP/rep.txt"

"$PROCSCOPE" trace -f --json --record "$TMP/j.rec" -o "$TMP/live.jsonl" "$FIX/forker" >/dev/null 2>&1
"$PROCSCOPE" replay --json -o "$TMP/rep.jsonl" "$TMP/j.rec"
ok_cmd "replayed JSON equals the live JSON" cmp "$TMP/live.jsonl" "$TMP/rep.jsonl"

"$PROCSCOPE" trace -tt -T -s 8 --record "$TMP/t.rec" -o "$TMP/live2.txt" "$FIX/signalled" >/dev/null 2>&1
"$PROCSCOPE" replay -tt -T -s 8 -o "$TMP/rep2.txt" "$TMP/t.rec"
ok_cmd "timestamps, durations and signals replay identically" cmp "$TMP/live2.txt" "$TMP/rep2.txt"
"$PROCSCOPE" replay -o "$TMP/rep3.txt" "$TMP/r.rec"
"$PROCSCOPE" replay --json -o "$TMP/rep3.jsonl" "$TMP/r.rec"
like "$(head -1 "$TMP/rep3.jsonl")" '"command":\["[^"]*forker"\]' "a text recording replays as JSON, header included"

# trace's output options apply to a replay: -e trace= picks from what was recorded
"$PROCSCOPE" trace -y --record "$TMP/b.rec" -o "$TMP/live_b.txt" "$FIX/basic" >/dev/null 2>&1
"$PROCSCOPE" replay -e trace=read,write,pipe2 -o "$TMP/rep_b.txt" "$TMP/b.rec"
is "$(cat "$TMP/rep_b.txt")" "$(grep -E '^(read|write|pipe2)\(|^\+\+\+' "$TMP/live_b.txt")" \
   "replay -e trace=read,write,pipe2: the live lines of those syscalls, with their -y paths"
like "$(cat "$TMP/rep_b.txt")" "^read\(3</dev/zero>" "the recorded -y descriptions are shown"
"$PROCSCOPE" replay -z -o "$TMP/rep_z.txt" "$TMP/b.rec"
is "$(cat "$TMP/rep_z.txt")" "$(grep -v -E '= -1 E[A-Z]+ |= \?$' "$TMP/live_b.txt")" \
   "replay -z: the live lines without the failed and the unfinished (exit_group) calls"
# -c: the table counts every call and error of the recording
"$PROCSCOPE" replay -c -o "$TMP/rep_c.txt" "$TMP/b.rec"
is "$(awk 'NR > 2 && $1 !~ /^-/ && $NF != "total" { print $NF, $4, ($6 == "" ? 0 : $5) }' "$TMP/rep_c.txt" | sort)" \
   "$(awk -F'(' '/^[a-z0-9_]+\(/ && !/= \?$/ { n[$1]++; if ($0 ~ /= -1 E[A-Z]+ /) e[$1]++ }
	END { for (k in n) print k, n[k], e[k] + 0 }' "$TMP/live_b.txt" | sort)" \
   "replay -c: calls and errors per syscall as in the live trace"
"$PROCSCOPE" replay -C -o "$TMP/rep_cc.txt" "$TMP/b.rec"
is "$(sed -n '/^% time/q; p' "$TMP/rep_cc.txt")" "$(cat "$TMP/live_b.txt")" "replay -C: the whole trace first"
calls=$(grep -c -E '^[a-z0-9_]+\(.*[^?]$' "$TMP/live_b.txt")
errors=$(grep -c -E '= -1 E[A-Z]+ ' "$TMP/live_b.txt")
like "$(sed -n '/^% time/,$p' "$TMP/rep_cc.txt")" "^100\.00 .* $calls +$errors total\$" \
     "then the table, every finished call ($calls) and error ($errors) counted"
msg=$("$PROCSCOPE" replay -yy -o /dev/null "$TMP/r.rec" 2>&1)
like "$msg" "recording has no fd descriptions" "replay -yy of a recording made without -y says why nothing shows"
msg=$("$PROCSCOPE" replay -e trace=nosuch "$TMP/b.rec" 2>&1)
is "$?" 2 "replay -e trace= with an unknown syscall is a usage error"
like "$msg" "replay: invalid system call 'nosuch'" "and names it"

# damage: print everything before it, then say where, exit 1
size=$(wc -c < "$TMP/r.rec")
head -c $((size - 10)) "$TMP/r.rec" > "$TMP/cut.rec"
msg=$("$PROCSCOPE" replay -o "$TMP/cut.txt" "$TMP/cut.rec" 2>&1)
is "$?" 1 "a truncated recording exits 1"
like "$msg" "replay: '.*cut.rec': truncated record at offset [0-9]+" "and says where it was cut"
is "$(head -n "$(($(wc -l < "$TMP/cut.txt") - 1))" "$TMP/cut.txt")" \
   "$(head -n "$(($(wc -l < "$TMP/cut.txt") - 1))" "$TMP/live.txt")" "everything before the damage is printed"
cp "$TMP/r.rec" "$TMP/bad.rec"
printf 'XXXX' | dd of="$TMP/bad.rec" bs=1 seek=200 conv=notrunc 2>/dev/null
"$PROCSCOPE" replay -o /dev/null "$TMP/bad.rec" 2>"$TMP/bad.err"
is "$?" 1 "a corrupted recording exits 1"
like "$(cat "$TMP/bad.err")" "damaged record|truncated record" "and names the damage"
echo "not a recording" > "$TMP/text.rec"
msg=$("$PROCSCOPE" replay "$TMP/text.rec" 2>&1)
is "$?" 1 "a file that is not a recording exits 1"
like "$msg" "is not a procscope recording" "and says so"
msg=$("$PROCSCOPE" replay "$TMP/missing.rec" 2>&1)
like "$msg" "cannot open '.*missing.rec': No such file or directory" "a missing recording is named"
msg=$("$PROCSCOPE" replay 2>&1)
is "$?" 2 "replay without FILE is a usage error"

# execve's environment is captured as a count without -v: replayed with -v it
# stays a count, not an empty list.
"$PROCSCOPE" trace --record "$TMP/e.rec" -o /dev/null -e trace=execve env -i A=1 B=2 true
"$PROCSCOPE" replay -v -o "$TMP/e.txt" "$TMP/e.rec"
like "$(grep '^execve("/bin/true"' "$TMP/e.txt")" '\], 0x[0-9a-f]+ /\* 2 vars \*/\) = 0$' \
	"replay -v of a count-only environment prints the count"
# -e abbrev=SET: syscalls outside SET print as -v, so their memory is captured.
"$PROCSCOPE" trace -e abbrev=none -e trace=execve -o "$TMP/a.txt" env -i A=1 B=2 true
like "$(grep '^execve("/bin/true"' "$TMP/a.txt")" '\["A=1", "B=2"\]\) = 0$' \
	"-e abbrev=none: execve's environment in full"
done_testing
