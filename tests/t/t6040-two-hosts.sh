#!/bin/sh
# t6040-two-hosts.sh: seed 002's "machine A talks to machine B": the epoll
# echo server in one network namespace, its client in another, joined by a
# veth pair. procscope fds must show each side's TCP connection with the
# addresses of that side's namespace. Root only.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

[ "$(id -u)" = 0 ] || skip_all "two_hosts needs root to create network namespaces"
command -v ip >/dev/null 2>&1 || skip_all "iproute2 (ip) is not installed"

timeout 60 "$EX/two_hosts" --port 7000 --messages 20 --hold 4 --timeout 30 >"$TMP/th.out" 2>&1 &
tp=$!
i=0
while ! grep -q '^all echoed' "$TMP/th.out" && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
out=$(cat "$TMP/th.out")
like "$out" '^all echoed; holding 1 connections open' "the client in B reached the server in A"
line=$(printf '%s\n' "$out" | grep '^server [0-9]* in netns')
srv=$(printf '%s\n' "$line" | sed -n 's/^server \([0-9]*\) in netns \([^ ]*\) .*/\1/p')
nsa=$(printf '%s\n' "$line" | sed -n 's/^server [0-9]* in netns \([^ ]*\) .*/\1/p')
cli=$(printf '%s\n' "$line" | sed -n 's/.*client \([0-9]*\) in netns.*/\1/p')
nsb=$(printf '%s\n' "$line" | sed -n 's/.*client [0-9]* in netns \([^ ]*\) .*/\1/p')
ok $([ -n "$srv" ] && [ -n "$cli" ]; echo $?) "server $srv in $nsa, client $cli in $nsb"
isnt_ns() { [ "$(readlink /proc/$1/ns/net)" != "$(readlink /proc/self/ns/net)" ]; }
ok $(isnt_ns "$srv" && isnt_ns "$cli" &&
	[ "$(readlink /proc/$srv/ns/net)" != "$(readlink /proc/$cli/ns/net)" ]; echo $?) \
	"server and client each have their own network namespace"
# What the kernel says, from inside each namespace, to check the example itself.
cport=$(ip netns exec "$nsa" ss -tnH state established 2>/dev/null |
	sed -n 's/.*10\.200\.0\.1:7000[[:space:]]*10\.200\.0\.2:\([0-9]*\).*/\1/p' | head -1)
ok $([ -n "$cport" ]; echo $?) "ss in $nsa: 10.200.0.1:7000 <-> 10.200.0.2:$cport established"

fa=$("$PROCSCOPE" fds -p "$srv" 2>&1)
fb=$("$PROCSCOPE" fds -p "$cli" 2>&1)
like "$fa" "10\\.200\\.0\\.1:7000->10\\.200\\.0\\.2:$cport" "procscope fds on A: 10.200.0.1:7000->10.200.0.2:$cport"
like "$fa" "10\\.200\\.0\\.1:7000->10\\.200\\.0\\.2:$cport.*ESTABLISHED" "procscope fds on A: ESTABLISHED"
like "$fb" "10\\.200\\.0\\.2:$cport->10\\.200\\.0\\.1:7000" "procscope fds on B: 10.200.0.2:$cport->10.200.0.1:7000"
like "$fa" "10\\.200\\.0\\.1:7000 \\(LISTEN\\)|10\\.200\\.0\\.1:7000[[:space:]].*LISTEN" "procscope fds on A: the listening socket"

wait $tp
ok $? "two_hosts exits 0"
like "$(cat "$TMP/th.out")" '^1 clients x 20 messages x 100 bytes: all echoed correctly$' "every byte crossed the cable"
unlike "$(ip netns list 2>/dev/null)" "^($nsa|$nsb)( |\$)" "both namespaces are deleted"
unlike "$(ip -o link 2>/dev/null)" "vA${nsa#psA-}[@:]|vB${nsa#psA-}[@:]" "no veth is left on the host"

done_testing
