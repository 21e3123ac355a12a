#!/bin/sh
# t5100-show.sh: procscope show on a process whose every field we know
# (tests/fixtures/proc_threads), a deleted executable, a zombie, another
# user's view of a root process, a vanished pid, in text and JSON.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

pids=
trap 'kill -9 $pids 2>/dev/null; rm -rf "$TMP"' EXIT

"$FIX/proc_threads" >"$TMP/fx" &
fx=$!
pids=$fx
for i in $(seq 100); do
	[ -s "$TMP/fx" ] && [ "$(ls /proc/$fx/task | wc -l)" = 3 ] && break
	sleep 0.05
done

out=$("$PROCSCOPE" show $fx)
ok $? "show exits 0"
field() { printf '%s\n' "$out" | awk -v k="$1" '$1 == k {sub(/^ *[^ ]+ +/, ""); print; exit}'; }
is "$(printf '%s\n' "$out" | head -1)" "process $fx (proc_threads)" "first line names the process"
is "$(field cmdline)" "$FIX/proc_threads" "cmdline"
is "$(field exe)" "$(readlink /proc/$fx/exe)" "exe"
is "$(field cwd)" "$(readlink /proc/$fx/cwd)" "cwd"
is "$(field root)" "/" "root"
is "$(field state)" "S (sleeping)" "state"
like "$(field parents)" "^$fx proc_threads <- $$ " "parent chain starts with our shell"
like "$(field parents)" " <- 1 [^ ]+\$" "parent chain ends at PID 1"
u=$(id -u)
n=$(id -un)
is "$(field uid)" "real $u($n) effective $u($n) saved $u($n) fs $u($n)" "uids with names"
for k in CapInh CapPrm CapEff CapBnd CapAmb SigPnd ShdPnd SigBlk SigIgn SigCgt; do
	is "$(field $k | cut -d' ' -f1)" "$(awk -v k="$k:" '$1 == k {print $2}' /proc/$fx/status)" "$k hex as status shows it"
done
like "$(field SigIgn | cut -d' ' -f2)" "(^|,)SIGUSR2(,|\$)" "SigIgn decoded: SIGUSR2 (a background job also ignores SIGINT, SIGQUIT)"
like "$(field SigCgt | cut -d' ' -f2)" "(^|,)SIGTERM(,|\$)" "SigCgt decoded: SIGTERM caught"
is "$(field seccomp)" "$(awk '$1 == "Seccomp:" {print $2}' /proc/$fx/status) (disabled)" "seccomp mode"
is "$(field no_new_privs)" "0" "no_new_privs"
is "$(field VmRSS)" "$(awk '$1 == "VmRSS:" {print $2, $3}' /proc/$fx/status)" "VmRSS"
is "$(field VmSize)" "$(awk '$1 == "VmSize:" {print $2, $3}' /proc/$fx/status)" "VmSize"
like "$(field RSS)" "^anon [0-9]+ kB  file [0-9]+ kB  shmem 64 kB\$" "RSS split: the 64 KiB shared mapping is shmem"
like "$(field policy)" "^SCHED_OTHER  nice $(awk '{print $19}' /proc/$fx/stat) " "scheduling policy and nice (the kernel's, field 19 of stat)"
is "$(field threads)" 3 "threads"
like "$(field page)" "^faults +minor [0-9]+  major [0-9]+\$" "page faults"
like "$out" "^  ctxt switches  voluntary [0-9]+  involuntary [0-9]+\$" "context switches"
is "$(field mnt | cut -d' ' -f1)" "$(readlink /proc/$fx/ns/mnt | tr -dc 0-9)" "mnt namespace inode"
like "$out" "^  Max open files +$(ulimit -n) " "limits: open files soft limit"
like "$out" "^  rchar +[0-9]+\$" "io counters"
is "$(field wchan)" "$(cat /proc/$fx/wchan)" "wchan"
kinds() { # the fds of $1 by kind, counted from the link texts
	for l in /proc/$1/fd/*; do
		t=$(readlink "$l")
		case $t in pipe:*) echo pipe ;; socket:*) echo socket ;; /dev/*) echo chr ;; /*) echo regular ;; *) echo other ;; esac
	done | sort | uniq -c | awk '{printf "  %s %s", $2, $1}'
}
is "$(field open)" "$(ls /proc/$fx/fd | wc -l)  $(for k in regular chr pipe socket; do kinds $fx | grep -o "$k [0-9]*"; done | paste -sd' ' | sed 's/ \([a-z]\)/  \1/g')" \
	"fds by kind agree with the fd links" || diag "$(ls -l /proc/$fx/fd)"
like "$out" "^  /.*/libc\.so\.6\$" "libraries: libc"

# -T: per-thread signal masks; the first reader thread blocks SIGUSR1.
out=$("$PROCSCOPE" show -T $fx)
is "$(printf '%s\n' "$out" | grep -c '^  thread ')" 3 "-T: one block per thread"
is "$(printf '%s\n' "$out" | awk '/^    SigBlk/ {print $3}' | grep -c '^SIGUSR1$')" 1 "-T: one thread blocks SIGUSR1"
is "$(printf '%s\n' "$out" | awk '/^  thread / {print $4}' | sort -u | tr -d '\n')" "S" "-T: all threads sleeping"

# JSON
js=$("$PROCSCOPE" show --json -T -e $fx)
ok $? "--json exits 0"
j() { printf '%s' "$js" | jq -r "$1"; }
is "$(j .schema)" "procscope.show/1" "JSON schema"
is "$(j .identity.exe)" "$(readlink /proc/$fx/exe)" "JSON exe"
is "$(j .identity.exe_deleted)" "false" "JSON exe_deleted"
is "$(j '.identity.parents[0].pid')" "$$" "JSON first parent"
is "$(j .identity.uids.effective.name)" "$n" "JSON effective user name"
is "$(j .security.capabilities.effective.hex)" "$(awk '$1 == "CapEff:" {print $2}' /proc/$fx/status)" "JSON CapEff hex"
is "$(j '.security.capabilities.effective.names | length')" \
	"$(capsh --decode=$(awk '$1 == "CapEff:" {print $2}' /proc/$fx/status) 2>/dev/null | sed 's/.*=//' | tr ',' '\n' | grep -c cap_ || j '.security.capabilities.effective.names | length')" \
	"JSON CapEff names: as many as capsh decodes"
is "$(j '.signals.ignored.names | index("SIGUSR2") != null')" true "JSON ignored signals"
is "$(j '[.threads[].signals.blocked.names[]] | join(",")')" "SIGUSR1" "JSON per-thread blocked"
is "$(j .memory.vm_rss_kb)" "$(awk '$1 == "VmRSS:" {print $2}' /proc/$fx/status)" "JSON vm_rss_kb"
is "$(j .memory.rss_shmem_kb)" 64 "JSON rss_shmem_kb"
is "$(j .scheduling.threads)" 3 "JSON threads"
is "$(j '.namespaces[] | select(.type == "net") | .inode')" "$(readlink /proc/$fx/ns/net | tr -dc 0-9)" "JSON net inode"
is "$(j '.fds.by_kind.pipe')" "$(ls -l /proc/$fx/fd | grep -c 'pipe:')" "JSON fds by kind"
is "$(j '.environ | map(select(startswith("PATH="))) | length')" 1 "JSON -e: environment has PATH"
is "$(j '.libs | map(select(endswith("/libc.so.6"))) | length')" 1 "JSON libs"
is "$(j .gone)" false "JSON gone false"

# A deleted executable.
cp "$FIX/proc_threads" "$TMP/doomed"
"$TMP/doomed" >"$TMP/d" &
dpid=$!
pids="$pids $dpid"
for i in $(seq 100); do [ -s "$TMP/d" ] && break; sleep 0.05; done
rm "$TMP/doomed"
out=$("$PROCSCOPE" show $dpid)
is "$(field exe)" "$TMP/doomed (deleted)" "exe of a deleted program is marked (deleted)"
is "$("$PROCSCOPE" show --json $dpid | jq -r '"\(.identity.exe) \(.identity.exe_deleted)"')" "$TMP/doomed true" \
	"JSON exe_deleted true"

# A zombie: no address space, shown as such, not as zero.
sh -c 'sleep 0 & exec sleep 300' &
zp=$!
pids="$pids $zp"
for i in $(seq 100); do
	z=$(cat /proc/$zp/task/$zp/children 2>/dev/null | tr -d ' ')
	[ -n "$z" ] && [ "$(awk '{print $3}' /proc/$z/stat)" = Z ] && break
	sleep 0.05
done
out=$("$PROCSCOPE" show $z)
is "$(field state)" "Z (zombie)" "zombie state"
is "$(field VmRSS)" "- (no address space)" "zombie VmRSS is unavailable, not 0"
is "$("$PROCSCOPE" show --json $z | jq -c '[.memory.vm_rss_kb, .identity.state]')" '[null,"Z"]' "JSON zombie vm_rss_kb null"

# Another user's view of a root process.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PROCSCOPE" show $fx)
	ok $? "as nobody, show of a root process exits 0"
	is "$(field exe)" "- (Permission denied)" "as nobody: exe is '-' with the reason"
	is "$(field cwd)" "- (Permission denied)" "as nobody: cwd is '-' with the reason"
	is "$(field open)" "- (Permission denied)" "as nobody: fds unavailable"
	like "$(field SigIgn | cut -d' ' -f2)" "SIGUSR2" "as nobody: status fields still shown"
	js=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PROCSCOPE" show --json $fx)
	is "$(j '[.identity.exe, .identity.cwd, .fds, .io] | map(. == null) | all')" true "as nobody: JSON nulls"
	is "$(j .unavailable.exe)" "Permission denied" "as nobody: JSON reason for exe"
	is "$(j .unavailable.io)" "Permission denied" "as nobody: JSON reason for io"
else
	for i in 1 2 3 4 5 6 7 8; do ok 0 "# SKIP not root"; done
fi

# A vanished pid, bad input.
sleep 300 &
gone=$!
kill -9 $gone
wait $gone 2>/dev/null
err=$("$PROCSCOPE" show $gone 2>&1 >/dev/null)
is "$?" 1 "a vanished pid exits 1"
is "$err" "procscope: process $gone: no such process" "a vanished pid is reported as gone"
"$PROCSCOPE" show >/dev/null 2>&1
is "$?" 2 "no pid is a usage error"
"$PROCSCOPE" show 1 2 >/dev/null 2>&1
is "$?" 2 "two pids are a usage error"
like "$("$PROCSCOPE" show --help)" "^examples:" "--help has examples"
done_testing
