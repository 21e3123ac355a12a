#!/bin/sh
# t5300-ns.sh: procscope ns against lsns on processes we put in new
# namespaces (unshare, as root), the --tree nesting by owning user
# namespace, JSON, the unprivileged view and bad options.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

pids=
trap 'kill $pids 2>/dev/null; rm -rf "$TMP"' EXIT

# Our own process's namespaces are listed whoever we are.
sleep 300 &
me=$!
pids=$me
out=$("$PROCSCOPE" ns 2>/dev/null)
ok $? "ns exits 0"
is "$(printf '%s\n' "$out" | head -1 | tr -s ' ')" " NS TYPE NPROCS PID USER ONS COMMAND" "header as lsns, plus ONS"
for t in mnt net pid uts ipc user cgroup time; do
	ino=$(readlink /proc/$me/ns/$t | sed 's/.*\[\([0-9]*\)\]/\1/')
	like "$out" "^$ino $t +[0-9]+ " "$t namespace of our sleep is listed"
done

j=$("$PROCSCOPE" ns --json)
ok $? "--json exits 0"
is "$(printf '%s' "$j" | jq -r .schema)" "procscope.ns/1" "JSON schema"
ino=$(readlink /proc/$me/ns/net | sed 's/.*\[\([0-9]*\)\]/\1/')
is "$(printf '%s' "$j" | jq -r --argjson i "$ino" '.namespaces[] | select(.ns == $i and .type == "net") | (.nprocs >= 1 and (.pid | type) == "number" and (.user | type) == "string") | tostring')" \
	"true" "JSON row for our net namespace has nprocs, pid, user"
is "$(printf '%s' "$j" | jq -r '[.namespaces[] | .type] | unique | join(" ")')" \
	"cgroup ipc mnt net pid time user uts" "every type appears"

t=$("$PROCSCOPE" ns -t net 2>/dev/null | tail -n +2 | awk '{print $2}' | sort -u)
is "$t" "net" "-t net lists only net namespaces"

"$PROCSCOPE" ns -t bogus >/dev/null 2>&1
is "$?" "2" "unknown type: usage error"
"$PROCSCOPE" ns extra >/dev/null 2>&1
is "$?" "2" "extra argument: usage error"
h=$("$PROCSCOPE" ns --help)
ok $? "--help exits 0"
like "$h" '^examples:' "--help has examples"

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
	done_testing
fi

# --- root: new namespaces, compared with lsns -----------------------------
unshare --net --uts --ipc --mount sleep 300 &
u=$!
pids="$pids $u"
# A user namespace (mapped to root) owning a new network namespace.
unshare --user --map-root-user --net sleep 300 &
un=$!
pids="$pids $un"
sleep 0.3
nsino() { readlink /proc/$1/ns/$2 | sed 's/.*\[\([0-9]*\)\]/\1/'; }

out=$("$PROCSCOPE" ns 2>/dev/null)
ref=$(lsns -n -o NS,TYPE,NPROCS,PID,USER,ONS,COMMAND)
for t in mnt net uts ipc; do
	ino=$(nsino $u $t)
	mine=$(printf '%s\n' "$out" | awk -v i="$ino" -v t="$t" '$1 == i && $2 == t' | tr -s ' ')
	theirs=$(printf '%s\n' "$ref" | awk -v i="$ino" -v t="$t" '$1 == i && $2 == t' | tr -s ' ' | sed 's/^ //')
	is "$mine" "$ino $t 1 $u root $(nsino $$ user) sleep 300" "unshared $t: our row"
	is "$mine" "$theirs" "unshared $t: same row as lsns"
done

U=$(nsino $un user)
N=$(nsino $un net)
mine=$(printf '%s\n' "$out" | awk -v i="$N" '$1 == i && $2 == "net"' | tr -s ' ')
theirs=$(printf '%s\n' "$ref" | awk -v i="$N" '$1 == i && $2 == "net"' | tr -s ' ' | sed 's/^ //')
is "$mine" "$theirs" "net namespace owned by a new user namespace: same row as lsns"
like "$mine" " $U sleep 300$" "its ONS is the new user namespace"

tree=$("$PROCSCOPE" ns --tree 2>/dev/null)
like "$tree" "^[|\`]-$U +user +1 +$un " "--tree: the new user namespace is nested one level"
like "$tree" "^  [\`]-$N +net +1 +$un |^\|  ?\`-$N +net" "--tree: its net namespace is nested under it"
is "$(printf '%s\n' "$tree" | grep -c .)" "$(printf '%s\n' "$out" | grep -c .)" \
	"--tree lists every namespace once"

j=$("$PROCSCOPE" ns --json)
is "$(printf '%s' "$j" | jq -r --argjson n "$N" '.namespaces[] | select(.ns == $n) | .owner_ns')" "$U" \
	"JSON owner_ns of the nested net namespace"
is "$(printf '%s' "$j" | jq -r --argjson n "$(nsino $u net)" '.namespaces[] | select(.ns == $n) | [.nprocs, .pid, .user, .command] | map(tostring) | join(",")')" \
	"1,$u,root,sleep 300" "JSON row of the unshared net namespace"

# --- unprivileged: root's namespaces are not readable --------------------
if command -v setpriv >/dev/null; then
	j=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROCSCOPE" ns --json)
	ok $? "as nobody: exits 0"
	is "$(printf '%s' "$j" | jq -r '(.processes_unreadable > 0) | tostring')" "true" \
		"as nobody: root's processes counted as unreadable"
	is "$(printf '%s' "$j" | jq -r --argjson n "$(nsino $u net)" '[.namespaces[] | select(.ns == $n)] | length')" "0" \
		"as nobody: root's unshared namespace is not shown"
	err=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROCSCOPE" ns 2>&1 >/dev/null)
	like "$err" "^procscope: ns: [0-9]+ processes not readable" "as nobody: text mode says how many were unreadable"
fi

done_testing
