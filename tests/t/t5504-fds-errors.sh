#!/bin/sh
# procscope fds when data is not there: another user's process (unavailable,
# as lsof marks it, never zero), a process that has exited (gone), a pid
# that does not exist, and bad options.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

[ -x "$FIX/fdkinds" ] || skip_all "fixture fdkinds not built"
command -v jq >/dev/null || skip_all "jq not installed"

mkdir "$TMP/fk"
(cd "$TMP/fk" && exec "$FIX/fdkinds" "$TMP/fk" <"/dev/null" >"$TMP/fk.out" 2>"$TMP/fk.err") &
FKPID=$!
trap 'kill $FKPID 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
until grep -qx ready "$TMP/fk.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 200 ] || { cat "$TMP/fk.err" >&2; skip_all "fixture did not start"; }
	sleep 0.05
done
P=$(sed -n 's/^pid=//p' "$TMP/fk.out")
C=$(sed -n 's/^child=//p' "$TMP/fk.out")

# --- another user's process -------------------------------------------------
# As root, look at the fixture as nobody; otherwise look at pid 1 (root's).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	T=$P
else
	AS=""
	T=1
fi
if [ "$(id -u)" = 0 ] && [ -z "$AS" ]; then
	ok 0 "# SKIP no setpriv to drop privileges"
else
	$AS "$PROCSCOPE" fds -p "$T" >"$TMP/den" 2>"$TMP/den.err"
	is "$?" 0 "unreadable process: exit 0"
	is "$(cat "$TMP/den.err")" "" "unreadable process: not an error message"
	for x in cwd:cwd rtd:root txt:exe; do
		like "$(cat "$TMP/den")" " $T +[a-z0-9_-]+ +${x%%:*} +unknown +/proc/$T/${x#*:} \(readlink: Permission denied\)$" \
			"${x%%:*} marked unavailable as lsof marks it"
	done
	like "$(cat "$TMP/den")" " $T +[a-z0-9_-]+ +NOFD +/proc/$T/fd \(opendir: Permission denied\)$" \
		"fd table marked unavailable (NOFD)"
	unlike "$(cat "$TMP/den")" " [0-9]+[rwu] " "no fd rows invented"
	if command -v lsof >/dev/null; then
		is "$($AS "$PROCSCOPE" fds -p "$T" | tail -n +2 | tr -s ' ' | cut -d' ' -f3-)" \
			"$($AS lsof -n -P -p "$T" 2>/dev/null | tail -n +2 | tr -s ' ' | cut -d' ' -f3-)" \
			"the same rows as lsof run by the same user"
	fi
	$AS "$PROCSCOPE" fds -p "$T" --json >"$TMP/den.json"
	is "$(jq -c '[.processes[0].fds[] | [.fd, .error.errno, .size, .inode, .device, .link]]' "$TMP/den.json")" \
		'[["cwd","EACCES",null,null,null,null],["rtd","EACCES",null,null,null,null],["txt","EACCES",null,null,null,null],["NOFD","EACCES",null,null,null,null]]' \
		"JSON: unavailable values are null with the error, never 0"
fi

# A user's own process is fully readable without privilege.
if [ -n "$AS" ]; then
	mkdir -m 777 "$TMP/nb"
	chmod 755 "$TMP"
	$AS sh -c 'cd "$1" && exec "$2" "$1" </dev/null >"$1/out" 2>&1' - "$TMP/nb" "$FIX/fdkinds" &
	i=0
	until grep -qx ready "$TMP/nb/out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || break
		sleep 0.05
	done
	NP=$(sed -n 's/^pid=//p' "$TMP/nb/out")
	$AS "$PROCSCOPE" fds -p "$NP" >"$TMP/own"
	unlike "$(cat "$TMP/own")" "Permission denied" "own process as nobody: nothing denied"
	like "$(cat "$TMP/own")" " $(sed -n 's/^pipe_r=//p' "$TMP/nb/out")r +FIFO .* pipe [0-9]+,fdkinds,[0-9]+w$" \
		"own process as nobody: pipe peer found"
	like "$(cat "$TMP/own")" " $(sed -n 's/^sockpair=//p' "$TMP/nb/out")u +unix .*->INO=[0-9]+ [0-9]+,fdkinds,[0-9]+u \(CONNECTED\)$" \
		"own process as nobody: unix peer found"
	kill "$NP"
fi

# --- a process that has exited ------------------------------------------------
# SIGKILL the child: the fixture does not reap it, so it stays a zombie,
# a process that has exited and holds no files.
kill -KILL "$C"
i=0
while [ "$(awk '{print $3}' "/proc/$C/stat" 2>/dev/null)" != Z ] && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
"$PROCSCOPE" fds -p "$C" >"$TMP/gone" 2>"$TMP/gone.err"
is "$?" 0 "exited process: exit 0"
is "$(cat "$TMP/gone.err")" "" "exited process: not an error message"
is "$(tail -n +2 "$TMP/gone" | tr -s ' ')" "fdkinds $C $(id -un) NOFD (process exited)" "exited process reported as gone"
"$PROCSCOPE" fds -p "$C" --json >"$TMP/gone.json"
is "$(jq -c '.processes[0] | [.pid, .gone, .fds]' "$TMP/gone.json")" "[$C,true,[]]" "JSON: gone true, no fds"
# The parent's pipe now has no other end.
like "$("$PROCSCOPE" fds -p "$P")" " $(sed -n 's/^pipe_r=//p' "$TMP/fk.out")r +FIFO .* pipe$" "pipe whose peer exited: no peer"

# --- missing pid and bad options -------------------------------------------------
"$PROCSCOPE" fds -p 999999999 >"$TMP/o" 2>"$TMP/e"
is "$?" 1 "missing pid: exit 1"
is "$(cat "$TMP/e")" "procscope fds: process 999999999: No such process" "missing pid: one line"
"$PROCSCOPE" fds -p "$P,999999999" >"$TMP/o" 2>"$TMP/e"
is "$?" 1 "one missing pid of two: exit 1"
like "$(cat "$TMP/o")" "^fdkinds +$P " "the other one is still listed"

usage() { # usage DESCRIPTION ARGS... -> exit 2 and one line naming the problem
	_d=$1
	shift
	"$PROCSCOPE" fds "$@" >"$TMP/o" 2>"$TMP/e"
	is "$?" 2 "$_d: exit 2"
	is "$(wc -l <"$TMP/e" | tr -d ' ')" 1 "$_d: one line on stderr"
}
usage "-p abc" -p abc
usage "-p 0" -p 0
usage "-p empty" -p ,
usage "--port 70000" --port 70000
usage "--port x" --port x
usage "unknown option" --bogus
usage "stray argument" /etc/passwd
usage "--decode-fds without -p" --decode-fds
usage "--decode-fds=bad" --decode-fds=bad -p 1
"$PROCSCOPE" fds --path "$TMP/nonexistent" >"$TMP/o" 2>"$TMP/e"
is "$?" 1 "--path to a missing file: exit 1"
is "$(cat "$TMP/e")" "procscope fds: --path $TMP/nonexistent: No such file or directory" "--path: names the file and why"
"$PROCSCOPE" fds --help >"$TMP/o"
is "$?" 0 "--help exits 0"
like "$(cat "$TMP/o")" "^examples:" "--help has examples"
like "$(cat "$TMP/o")" "--port N" "--help lists --port"

done_testing
