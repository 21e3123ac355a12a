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
done_testing
