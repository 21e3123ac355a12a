#!/bin/sh
# t6070-sandbox.sh: the mini container of seed 003: clone() into six new
# namespaces, uid/gid maps, PID 1 inside, its own hostname and proc, chroot;
# seen from inside (its report), from outside (/proc, procscope ns and show)
# and in the trace.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

[ "$(id -u)" = 0 ] || skip_all "sandbox test needs root (user namespaces may be restricted otherwise)"
mkdir "$TMP/root"
if ! err=$(timeout 30 "$EX/sandbox" --root "$TMP/root" --hold 0 2>&1 >/dev/null); then
	case "$err" in
	*"clone with new namespaces"*) skip_all "namespaces unavailable here: $err" ;;
	esac
fi

# --- from inside ------------------------------------------------------------------------------
timeout 60 "$EX/sandbox" --root "$TMP/root" --hold 20 >"$TMP/sb.out" 2>&1 &
tp=$!
i=0
while ! grep -q '^inside: / contains' "$TMP/sb.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
out=$(cat "$TMP/sb.out")
pid=$(printf '%s\n' "$out" | sed -n 's/^outside: sandbox pid \([0-9]*\).*/\1/p')
has_line "$out" "inside: pid 1, ppid 0, uid 0, gid 0, hostname sandbox" "inside: PID 1, root, its own hostname"
has_line "$out" "inside: /proc lists 1 process" "inside: its proc shows only itself"
has_line "$out" "inside: network interfaces: lo" "inside: only a loopback device"
like "$out" '^inside: / contains:( [a-z0-9]+)+$' "inside: / is the prepared root"
like "$out" '^inside: / contains:.* proc' "inside: with proc mounted"

# --- from outside --------------------------------------------------------------------------------
is "$(sed -n 's/^NSpid:[[:space:]]*//p' /proc/$pid/status | tr -s '\t ' ' ')" "$pid 1" \
	"outside: NSpid maps pid $pid to 1"
differ=0
for ns in user pid mnt uts ipc net; do
	[ "$(readlink /proc/$pid/ns/$ns)" != "$(readlink /proc/self/ns/$ns)" ] && differ=$((differ + 1))
done
is "$differ" 6 "outside: all six namespaces differ from ours"
is "$(cat /proc/$pid/uid_map | tr -s ' ' | sed 's/^ //')" "0 $(id -u) 1" "outside: uid_map maps 0 to our uid"

ns_out=$("$PROCSCOPE" ns 2>&1)
show_out=$("$PROCSCOPE" show "$pid" 2>&1)
for ns in user pid mnt uts ipc net; do
	ino=$(readlink /proc/$pid/ns/$ns | sed 's/.*\[\([0-9]*\)\]/\1/')
	like "$ns_out" "^[[:space:]]*$ino[[:space:]]+$ns[[:space:]].*$pid" \
		"procscope ns: a $ns row for inode $ino held by $pid"
	like "$show_out" "$ns.*$ino" "procscope show $pid: the $ns namespace, inode $ino"
done
like "$show_out" "NSpid.*$pid[^0-9]+1" "procscope show $pid: NSpid $pid 1"

kill -TERM "$pid"
wait $tp
ok $? "sandbox exits 0 on SIGTERM (PID 1 needs its own handler)"
like "$(cat "$TMP/sb.out")" '^inside: SIGTERM, leaving$' "inside: the handler ran"
ok $(! grep -q " $TMP/root" /proc/mounts; echo $?) "no mount is left on the host"

# --- a command inside, and its trace ------------------------------------------------------------
out=$(timeout 60 "$PROCSCOPE" trace -ff -o "$TMP/sb" "$EX/sandbox" --root "$TMP/root" -- \
	/bin/sh -c 'echo "pid $$"; cat /proc/sys/kernel/hostname; touch /usr/x 2>&1 || true' 2>&1)
ok $? "a command runs inside the sandbox"
has_line "$out" "pid 1" "the shell is PID 1"
has_line "$out" "sandbox" "and sees the hostname sandbox"
like "$out" "Read-only file system" "/usr is mounted read-only"
pid=$(printf '%s\n' "$out" | sed -n 's/^outside: sandbox pid \([0-9]*\).*/\1/p')
parent=$(grep -l '^clone(child_stack=' "$TMP"/sb.* 2>/dev/null | head -1)
p=$(cat "$parent" 2>/dev/null)
c=$(cat "$TMP/sb.$pid" 2>/dev/null)
like "$p" "^clone\\(child_stack=0x[0-9a-f]+, flags=CLONE_NEWNS\\|CLONE_NEWUTS\\|CLONE_NEWIPC\\|CLONE_NEWUSER\\|CLONE_NEWPID\\|CLONE_NEWNET\\|SIGCHLD\\) = $pid\$" \
	"trace: clone with the six CLONE_NEW* flags"
like "$p" "^openat\\(AT_FDCWD, \"/proc/$pid/uid_map\", O_WRONLY\\) = [0-9]+\$" "trace: the parent opens uid_map"
like "$p" "^write\\([0-9]+, \"0 $(id -u) 1\\\\n\", [0-9]+\\) += [0-9]+\$" "trace: and writes the mapping"
like "$p" '^write\([0-9]+, "deny", 4\) += 4$' "trace: setgroups is denied before gid_map"
like "$c" '^sethostname\("sandbox", 7\) += 0$' "trace: sethostname in the child"
like "$c" '^mount\(NULL, "/", NULL, MS_REC\|MS_PRIVATE, NULL\) += 0$' "trace: mounts made private"
has_line "$c" "mount(\"proc\", \"$TMP/root/proc\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL) = 0" \
	"trace: a new proc mounted in the root"
like "$c" "^chroot\\(\"$TMP/root\"\\) += 0\$" "trace: chroot"
like "$c" '^execve\("/bin/sh", \["/bin/sh", "-c", .*\) = 0$' "trace: exec inside the root"

done_testing
