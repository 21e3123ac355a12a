#!/bin/sh
# t5400-recover.sh: procscope recover copies out a file deleted while open,
# refuses to overwrite without --force, checks sizes, and reports a gone
# process, a missing fd, a non-regular fd and a denied process plainly.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

# hold PID FD: wait until the background sleep PID holds FD (the shell sets the
# redirection up and execs sleep some time after '&' returns).
hold() {
	for _ in $(seq 200); do
		[ "$(cat /proc/$1/comm 2>/dev/null)" = sleep ] && [ -e /proc/$1/fd/$2 ] && return 0
		sleep 0.01
	done
	diag "process $1 never held fd $2"
}

# A holder process: sleep with the data file open as fd 3, then deleted.
head -c 200000 /dev/urandom >"$TMP/data"
printf 'tail line\n' >>"$TMP/data"
cp "$TMP/data" "$TMP/orig"
sleep 300 3<"$TMP/data" &
holder=$!
pids=$holder
hold $holder 3
trap 'kill $pids 2>/dev/null; rm -rf "$TMP"' EXIT
rm "$TMP/data"
size=$(wc -c <"$TMP/orig")

out=$("$PROCSCOPE" recover "$holder" 3 -o "$TMP/got")
ok $? "recover exits 0"
ok_cmd "the copy is byte for byte the deleted file" cmp "$TMP/orig" "$TMP/got"
is "$out" "recovered $size bytes of $TMP/data (deleted) (pid $holder fd 3) to $TMP/got" \
	"text report names size, source, (deleted) and output"
is "$(stat -c %s "$TMP/got")" "$size" "output size is the file's size"

# The holder's own offset is untouched: its fd 3 still reads from 0.
is "$(awk '/^pos:/ {print $2}' /proc/$holder/fdinfo/3)" "0" "the process's offset did not move"

# Refuses to overwrite; --force overwrites.
echo keep >"$TMP/exists"
err=$("$PROCSCOPE" recover "$holder" 3 -o "$TMP/exists" 2>&1)
is "$?" "1" "existing output: exit 1"
is "$err" "procscope: recover: $TMP/exists: File exists (use --force to overwrite)" \
	"existing output: one-line error"
is "$(cat "$TMP/exists")" "keep" "existing output left untouched"
"$PROCSCOPE" recover --force "$holder" 3 -o "$TMP/exists" >/dev/null
ok $? "--force: exit 0"
ok_cmd "--force: output replaced by the recovered file" cmp "$TMP/orig" "$TMP/exists"

# JSON.
j=$("$PROCSCOPE" recover --json "$holder" 3 -o "$TMP/j")
ok $? "--json exits 0"
is "$(printf '%s' "$j" | jq -r '[.schema, .pid, .fd, .source, .deleted, .output, .size, .copied, .ok, .error] | map(tostring) | join(" ")')" \
	"procscope.recover/1 $holder 3 $TMP/data true $TMP/j $size $size true null" "JSON fields"
j=$("$PROCSCOPE" recover --json "$holder" 3 -o "$TMP/j" 2>/dev/null)
is "$?" "1" "--json refusal: exit 1"
is "$(printf '%s' "$j" | jq -r '[.ok, .copied, (.error | test("File exists"))] | map(tostring) | join(" ")')" \
	"false null true" "--json refusal: ok false, copied null, error says why"

# A file that is not deleted is copied too, and not marked deleted.
echo "still here" >"$TMP/live"
sleep 300 4<"$TMP/live" &
live=$!
pids="$pids $live"
hold $live 4
out=$("$PROCSCOPE" recover "$live" 4 -o "$TMP/live.copy")
is "$out" "recovered 11 bytes of $TMP/live (pid $live fd 4) to $TMP/live.copy" "live file: no (deleted)"

# Recovering a live file onto itself is refused even with --force.
err=$("$PROCSCOPE" recover --force "$live" 4 -o "$TMP/live" 2>&1)
is "$?" "1" "onto itself: exit 1"
is "$err" "procscope: recover: $TMP/live is the file being recovered" "onto itself: message"
is "$(cat "$TMP/live")" "still here" "onto itself: the file is intact"

# An empty deleted file: zero bytes, sizes match.
: >"$TMP/empty"
sleep 300 5<"$TMP/empty" &
e=$!
pids="$pids $e"
hold $e 5
rm "$TMP/empty"
"$PROCSCOPE" recover "$e" 5 -o "$TMP/empty.copy" >/dev/null
ok $? "empty deleted file: exit 0"
is "$(stat -c %s "$TMP/empty.copy")" "0" "empty deleted file: empty copy"

# Errors.
err=$("$PROCSCOPE" recover "$holder" 9 -o "$TMP/x" 2>&1)
is "$?" "1" "missing fd: exit 1"
is "$err" "procscope: recover: process $holder has no fd 9" "missing fd: message"
ok_cmd "missing fd: no output file created" test ! -e "$TMP/x"

sleep 300 6</dev/null &
dn=$!
pids="$pids $dn"
hold $dn 6
err=$("$PROCSCOPE" recover "$dn" 6 -o "$TMP/x" 2>&1)
is "$?" "1" "character device fd: exit 1"
is "$err" "procscope: recover: fd 6 of process $dn is not a regular file (/dev/null)" \
	"character device fd: message names the file"
ok_cmd "character device fd: no output file created" test ! -e "$TMP/x"

sh -c 'exit 0' &
gone=$!
wait $gone
err=$("$PROCSCOPE" recover "$gone" 3 -o "$TMP/x" 2>&1)
is "$?" "1" "gone process: exit 1"
is "$err" "procscope: recover: process $gone: gone (no such process)" "gone process: message"

"$PROCSCOPE" recover "$holder" 3 >/dev/null 2>&1
is "$?" "2" "no -o: usage error"
"$PROCSCOPE" recover "$holder" >/dev/null 2>&1
is "$?" "2" "no FD: usage error"
err=$("$PROCSCOPE" recover abc 3 -o "$TMP/x" 2>&1)
is "$?" "2" "bad pid: usage error"
is "$err" "procscope: recover: bad pid 'abc'" "bad pid: one line"
"$PROCSCOPE" recover "$holder" -1 -o "$TMP/x" >/dev/null 2>&1
is "$?" "2" "negative fd: usage error"
h=$("$PROCSCOPE" recover --help)
ok $? "--help exits 0"
like "$h" '^examples:' "--help has examples"

# Another user's process: nobody cannot read root's fds.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 1777 "$TMP"
	err=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROCSCOPE" recover "$holder" 3 -o "$TMP/nobody" 2>&1)
	is "$?" "1" "as nobody against root's process: exit 1"
	is "$err" "procscope: recover: open /proc/$holder/fd/3: Permission denied" \
		"as nobody: permission denied, named"
fi

done_testing
