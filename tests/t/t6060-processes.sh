#!/bin/sh
# t6060-processes.sh: the process examples (seeds 000, 001, 004): fork/exec/
# wait, an orphan adopted by PID 1 or a subreaper, a zombie that procscope ps
# shows as Z, vfork, and copy-on-write counted in minor page faults.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

pid_of() { printf '%s\n' "$1" | sed -n "s/.*$2 \([0-9][0-9]*\).*/\1/p" | head -1; }
tr_of() { cat "$1.$2" 2>/dev/null; }

# --- fork, exec, wait ---------------------------------------------------------------
out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/fe" "$EX/fork_exec" sh -c 'exit 3')
is "$?" 3 "fork_exec passes on the child's exit status"
pp=$(pid_of "$out" parent)
cp=$(pid_of "$out" child)
has_line "$out" "parent $pp: child $cp exited with status 3" "parent decodes the exit status"
p=$(tr_of "$TMP/fe" "$pp")
c=$(tr_of "$TMP/fe" "$cp")
like "$p" "^clone\\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\\|CLONE_CHILD_SETTID\\|SIGCHLD, child_tidptr=0x[0-9a-f]+\\) = $cp\$" \
	"trace: fork() is clone(..., SIGCHLD) returning the child's pid"
like "$c" '^execve\("/(usr/)?bin/sh", \["sh", "-c", "exit 3"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) = 0$' \
	"trace: the child execs sh"
like "$c" '^exit_group\(3\) += \?$' "trace: sh exits with 3"
has_line "$p" "wait4($cp, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = $cp" "trace: wait4 decodes the status"

out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/fs" "$EX/fork_exec" sh -c 'kill -TERM $$')
is "$?" 143 "a child killed by SIGTERM gives 128+15"
like "$out" 'killed by signal 15 \(Terminated\)$' "parent reports the signal"
has_line "$(tr_of "$TMP/fs" "$(pid_of "$out" parent)")" \
	"wait4($(pid_of "$out" child), [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = $(pid_of "$out" child)" \
	"trace: wait4 shows WTERMSIG == SIGTERM"

out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/fn" "$EX/fork_exec" /nonexistent/cmd 2>"$TMP/fn.err")
is "$?" 127 "an exec failure gives 127"
like "$(cat "$TMP/fn.err")" '^fork_exec: exec /nonexistent/cmd: No such file or directory$' "the child says why"
like "$(tr_of "$TMP/fn" "$(pid_of "$out" child)")" \
	'^execve\("/nonexistent/cmd", \["/nonexistent/cmd"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) = -1 ENOENT \(No such file or directory\)$' \
	"trace: the failed execve"

# --- orphans ----------------------------------------------------------------------------
out=$(timeout 30 "$EX/orphan")
ok $? "orphan exits 0"
pp=$(pid_of "$out" parent)
np=$(printf '%s\n' "$out" | sed -n 's/.*new parent is \([0-9]*\).*/\1/p')
ok $([ -n "$np" ] && [ "$np" != "$pp" ]; echo $?) "the orphan gets a new parent ($np, was $pp)"

out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/or" "$EX/orphan" --subreaper)
ok $? "orphan --subreaper exits 0"
sr=$(pid_of "$out" subreaper)
pp=$(pid_of "$out" parent)
cp=$(pid_of "$out" child)
like "$out" "^child $cp: parent $pp exited; new parent is $sr \\(orphan\\)\$" "the subreaper adopts the orphan"
has_line "$out" "subreaper $sr: reaped orphan $cp" "and reaps it"
like "$(tr_of "$TMP/or" "$sr")" '^prctl\(PR_SET_CHILD_SUBREAPER, 1\) += 0$' "trace: prctl(PR_SET_CHILD_SUBREAPER, 1)"
c=$(tr_of "$TMP/or" "$cp")
like "$c" "^getppid\\(\\) += $pp\$" "trace: getppid() is first the parent"
like "$c" "^getppid\\(\\) += $sr\$" "trace: then the subreaper"

# --- a zombie ------------------------------------------------------------------------------
timeout 30 "$EX/zombie" --hold 3 >"$TMP/z.out" 2>&1 &
zp=$!
i=0
while ! grep -q '^kill' "$TMP/z.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
z=$(pid_of "$(cat "$TMP/z.out")" zombie)
zpar=$(pid_of "$(cat "$TMP/z.out")" parent)
like "$(cat "$TMP/z.out")" "^zombie $z \\(parent $zpar\\): state Z, exit status 7" "the child is a zombie (its own /proc view)"
like "$(cat "$TMP/z.out")" "^kill\\($z, SIGKILL\\) succeeded; state is still Z\$" "SIGKILL does not remove a zombie"
is "$(ps -o stat=,ppid= -p "$z" | tr -s ' ' | sed 's/^ //; s/^ZN/Z/')" "Z $zpar" "ps shows Z (N when niced), still a child of its parent"
out=$("$PROCSCOPE" ps "$z" 2>&1)
like "$out" "(^|[[:space:]])$z[[:space:]].*[[:space:]]Z[slL+<N]*([[:space:]]|\$)" "procscope ps shows the zombie with STAT Z"
wait $zp
ok $? "zombie exits 0 after reaping"
has_line "$(cat "$TMP/z.out")" "reaped $z: exit status 7; state now ? (gone)" "reaped: the zombie is gone"
ok $([ ! -d "/proc/$z" ]; echo $?) "/proc/$z no longer exists"

# --- vfork ---------------------------------------------------------------------------------
out=$(timeout 60 "$PROCSCOPE" trace -ff -o "$TMP/vf" "$EX/vfork" --resident 8 --runs 1)
ok $? "vfork exits 0"
like "$out" '^  vfork\+exec\+wait: +[0-9]+ us$' "it times vfork"
vp=""
for f in "$TMP"/vf.*; do
	if grep -Eq '^vfork\(\) += [0-9]+$' "$f"; then vp=$f; fi
done
ok $([ -n "$vp" ]; echo $?) "trace: vfork() returns a pid"
vc=$(sed -n 's/^vfork() *= \([0-9]*\)$/\1/p' "$vp" 2>/dev/null)
like "$(tr_of "$TMP/vf" "$vc")" '^execve\("/bin/true", \["/bin/true"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) = 0$' \
	"trace: the vfork child's only act is execve"
like "$(cat "$vp" 2>/dev/null)" '^clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD' \
	"trace: the fork run is a plain clone"

# --- copy-on-write -------------------------------------------------------------------------
out=$(timeout 60 "$EX/cow" --mb 16)
ok $? "cow exits 0"
pages=4096
rd=$(printf '%s\n' "$out" | sed -n 's/.*read \([0-9]*\) shared pages: \([0-9]*\) minor faults.*/\2/p')
wr=$(printf '%s\n' "$out" | sed -n 's/.*wrote \([0-9]*\) pages: \([0-9]*\) minor faults.*/\2/p')
ok $([ "${rd:-999999}" -lt $((pages / 20)) ]; echo $?) "reading shared pages costs (almost) no faults: $rd"
ok $([ "${wr:-0}" -ge $((pages * 95 / 100)) ] && [ "${wr:-0}" -le $((pages * 11 / 10)) ]; echo $?) \
	"writing costs one fault per page: $wr for $pages pages"
like "$out" "parent [0-9]+: all $pages pages still hold the parent's data" "the parent's pages are untouched"

done_testing
