#!/bin/sh
# t5000-ps.sh: procscope ps against ps and pstree on processes in known
# states: a multi-threaded process blocked in read(), a zombie, a stopped
# process, an orphan; -T, --tree, -u, --json, a vanished pid, bad input.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

pids=
trap 'kill -9 $pids 2>/dev/null; rm -rf "$TMP"' EXIT

"$FIX/proc_threads" >"$TMP/fx" &
fx=$!
pids=$fx
# A zombie: sleep 0 exits, and the exec'd sleep 300 never reaps it.
sh -c 'sleep 0 & exec sleep 300' &
zparent=$!
sleep 300 &
stopped=$!
pids="$pids $zparent $stopped"
for i in $(seq 100); do
	[ "$(cat /proc/$stopped/comm)" = sleep ] && break # exec'd, not the forked shell
	sleep 0.05
done
kill -STOP "$stopped"
for i in $(seq 100); do
	z=$(cat /proc/$zparent/task/$zparent/children 2>/dev/null | tr -d ' ')
	[ -s "$TMP/fx" ] && [ -n "$z" ] && [ "$(awk '{print $3}' /proc/$z/stat 2>/dev/null)" = Z ] &&
		[ "$(awk '{print $3}' /proc/$stopped/stat)" = T ] &&
		[ "$(ls /proc/$fx/task | wc -l)" = 3 ] && break
	sleep 0.05
done
list="$fx $z $stopped"

out=$("$PROCSCOPE" ps $list)
ok $? "ps PID... exits 0"
is "$(printf '%s\n' "$out" | head -1 | tr -s ' ' | sed 's/^ //')" \
	"PID PPID USER STAT NLWP RSS TIME STARTED CMD" "header names ps's columns"
# Every field ps also shows agrees: PID PPID USER STAT NLWP RSS.
want=$(ps -o pid=,ppid=,user=,stat=,nlwp=,rss= -p "$(echo $list | tr ' ' ,)" | awk '{$1=$1};1')
got=$(printf '%s\n' "$out" | tail -n +2 | awk '{print $1, $2, $3, $4, $5, $6}')
is "$got" "$want" "PID PPID USER STAT NLWP RSS agree with ps -o"
# STAT letters: N is added when the test itself runs niced (nice make check).
like "$out" "^ *$fx .* SN?l +3 .* $FIX/proc_threads\$" "threaded process: Sl, 3 threads, command line"
like "$out" "^ *$z +$zparent .* ZN? +1 +0 .* \[sleep\] <defunct>\$" "zombie: Z, RSS 0, [comm] <defunct>"
like "$out" "^ *$stopped .* TN? +1 .* sleep 300\$" "stopped process: T"
is "$(printf '%s\n' "$out" | awk -v p=$fx '$1 == p {print $7}')" \
	"$(ps -o time= -p $fx | tr -d ' ')" "TIME as ps shows it"

# -T: one row per thread, TIDs those of /proc/PID/task.
out=$("$PROCSCOPE" ps -T $fx)
is "$(printf '%s\n' "$out" | tail -n +2 | awk '{print $2}' | tr '\n' ' ')" \
	"$(ls /proc/$fx/task | sort -n | tr '\n' ' ')" "-T lists every thread id"
is "$(printf '%s\n' "$out" | tail -n +2 | awk '{print $2, $5}')" \
	"$(ps -T -o spid=,stat= -p $fx | awk '{$1=$1};1')" "-T: per-thread STAT agrees with ps -T"

# --tree: as pstree -A -p -n -l draws the same subtree.
is "$("$PROCSCOPE" ps --tree $fx)" "$(pstree -A -p -n -l $fx)" "--tree of a threaded process is pstree's"
is "$("$PROCSCOPE" ps --tree $zparent)" "sleep($zparent)---sleep($z) <defunct>" \
	"--tree marks the zombie child"

# JSON
js=$("$PROCSCOPE" ps --json $list)
ok $? "--json exits 0"
is "$(printf '%s' "$js" | jq -r .schema)" "procscope.ps/1" "JSON schema name"
is "$(printf '%s' "$js" | jq -r '.processes[] | "\(.pid) \(.ppid) \(.stat) \(.nlwp) \(.rss_kb)"')" \
	"$(ps -o pid=,ppid=,stat=,nlwp=,rss= -p "$(echo $list | tr ' ' ,)" | awk '{$1=$1};1')" \
	"JSON pid ppid stat nlwp rss_kb agree with ps"
is "$(printf '%s' "$js" | jq -r ".processes[] | select(.pid == $z) | \"\(.zombie) \(.state) \(.cmdline)\"")" \
	"true Z null" "JSON zombie: zombie true, state Z, no cmdline"
is "$(printf '%s' "$js" | jq -r ".processes[] | select(.pid == $fx) | .cmdline")" "$FIX/proc_threads" \
	"JSON cmdline"
is "$(printf '%s' "$js" | jq -r ".processes[] | select(.pid == $fx) | .user")" "$(id -un)" "JSON user"
is "$("$PROCSCOPE" ps --json -T $fx | jq '.processes[0].threads | length')" 3 "JSON -T: 3 threads"
is "$("$PROCSCOPE" ps --json --tree $zparent | jq -r '.tree[0].children[0] | "\(.pid) \(.zombie)"')" \
	"$z true" "JSON --tree nests the zombie under its parent"

# Orphans: the parent exits, the child is reparented (to PID 1 unless a
# subreaper takes it).
orphan=$(sh -c 'sleep 300 >/dev/null 2>&1 & echo $!')
pids="$pids $orphan"
sleep 0.1
if [ "$(awk '{print $4}' /proc/$orphan/stat)" = 1 ] && [ "$(awk '{print $6}' /proc/$orphan/stat)" -gt 1 ]; then
	like "$("$PROCSCOPE" ps $orphan)" "sleep 300 <orphan>\$" "a reparented child is marked <orphan>"
	is "$("$PROCSCOPE" ps --json $orphan | jq .processes[0].orphan)" true "JSON orphan true"
else
	ok 0 "# SKIP a subreaper adopted the orphan (ppid $(awk '{print $4}' /proc/$orphan/stat))"
	ok 0 "# SKIP JSON orphan"
fi
unlike "$("$PROCSCOPE" ps $fx)" "<orphan>" "a process with its parent alive is not an orphan"

# -u
me=$(id -un)
like "$("$PROCSCOPE" ps -u "$me")" "^ *$fx " "-u $me lists our fixture"
is "$("$PROCSCOPE" ps -u "$me" --json | jq "[.processes[] | select(.user != \"$me\")] | length")" 0 \
	"-u lists only that user's processes"
other=nobody
[ "$me" = nobody ] && other=root
is "$("$PROCSCOPE" ps -u $other $fx | wc -l)" 1 "-u $other against our process: header only"

# Unprivileged view of a root process: ps's fields are all readable.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PROCSCOPE" ps $fx)
	ok $? "as nobody, ps of a root process exits 0"
	like "$out" "^ *$fx +[0-9]+ root +SN?l " "as nobody, USER and STAT of a root process are shown"
else
	ok 0 "# SKIP not root"
	ok 0 "# SKIP not root"
fi

# A vanished process, a non-number, a bad option.
sleep 300 &
gone=$!
kill -9 $gone
wait $gone 2>/dev/null
err=$("$PROCSCOPE" ps $gone 2>&1 >/dev/null)
is "$?" 1 "a vanished pid exits 1"
is "$err" "procscope: process $gone: no such process" "a vanished pid is reported as gone"
"$PROCSCOPE" ps 12abc >/dev/null 2>&1
is "$?" 2 "a bad pid is a usage error"
err=$("$PROCSCOPE" ps --bogus 2>&1 >/dev/null)
is "$?" 2 "an unknown option is a usage error"
is "$err" "procscope: ps: unknown option '--bogus' (see 'procscope ps --help')" \
   "an unknown option: one line naming it, and where help is"
like "$("$PROCSCOPE" ps --help)" "^examples:" "--help has examples"
done_testing
