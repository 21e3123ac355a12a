#!/bin/sh
# t6010-echo.sh: the TCP echo servers of seed 002 under procscope trace.
# The blocking server serves one client at a time; the epoll server is
# edge-triggered and non-blocking, and small socket buffers force its partial
# writes and EAGAINs, which the trace must show.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

# wait_for FILE REGEX: waits up to 10 s for a line matching REGEX in FILE.
wait_for() {
	_i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && return 1
		sleep 0.1
	done
}
port_of() { sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$1" | head -1; }

# --- the blocking server: two clients, served one after the other --------------
timeout 60 "$PROCSCOPE" trace -o "$TMP/blk.trace" "$EX/echo_blocking" --clients 2 --timeout 30 \
	>"$TMP/blk.out" 2>"$TMP/blk.err" &
srv=$!
wait_for "$TMP/blk.out" '^listening on'
ok $? "blocking server starts listening"
port=$(port_of "$TMP/blk.out")
out=$(timeout 30 "$EX/echo_client" --port "${port:-1}" --clients 2 --messages 50 --size 100 2>&1)
ok $? "client gets every byte back from the blocking server"
like "$out" '^2 clients x 50 messages x 100 bytes: all echoed correctly$' "client reports a correct echo"
wait $srv
ok $? "blocking server exits after its two clients"
tr=$(cat "$TMP/blk.trace")
like "$tr" '^socket\(AF_INET, SOCK_STREAM, IPPROTO_TCP\) += 3$' "trace: socket"
has_line "$tr" "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0" "trace: SO_REUSEADDR"
has_line "$tr" 'bind(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0' \
	"trace: bind to port 0"
like "$tr" '^listen\(3, 1\) += 0$' "trace: listen with the seed's backlog of 1"
has_line "$tr" "getsockname(3, {sa_family=AF_INET, sin_port=htons($port), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 0" \
	"trace: getsockname reveals the port the kernel chose"
n=$(printf '%s\n' "$tr" | grep -Ec '^accept\(3, \{sa_family=AF_INET, sin_port=htons\([0-9]+\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, \[16\]\) = 4$')
is "$n" 2 "trace: both clients are accepted as fd 4 (one at a time: the first is closed before the second)"
like "$tr" '^read\(4, "abcdefghijklmnopqrstuvwxyz012345"\.\.\., 4096\) = [0-9]+$' "trace: read of the client's data"
like "$tr" '^write\(4, "abcdefghijklmnopqrstuvwxyz012345"\.\.\., [0-9]+\) = [0-9]+$' "trace: echo write"
n=$(printf '%s\n' "$tr" | grep -Ec '^read\(4, "", 4096\) += 0$')
is "$n" 2 "trace: EOF read once per client"
n=$(printf '%s\n' "$tr" | grep -Ec '^close\(4\) += 0$')
is "$n" 2 "trace: the client socket is closed once per client"

# --- the epoll server: 20 clients at once, small buffers ------------------------
timeout 60 "$PROCSCOPE" trace -o "$TMP/ep.trace" "$EX/echo_epoll" --exit-after 20 --sndbuf 4096 \
	--timeout 30 >"$TMP/ep.out" 2>"$TMP/ep.err" &
srv=$!
wait_for "$TMP/ep.out" '^listening on'
ok $? "epoll server starts listening"
port=$(port_of "$TMP/ep.out")
# --hold 1: the connections stay open a moment after the last echo, so the
# server's last read finds the socket empty (EAGAIN) rather than at EOF, and it
# drops EPOLLOUT then: the "dropped once drained" line below is always there.
out=$(timeout 30 "$EX/echo_client" --port "${port:-1}" --clients 20 --messages 100 --size 3000 \
	--rcvbuf 4096 --hold 1 2>&1)
ok $? "20 concurrent clients get every byte back from the epoll server"
like "$out" '^20 clients x 100 messages x 3000 bytes: all echoed correctly$' "client reports a correct echo"
wait $srv
ok $? "epoll server exits after 20 clients"
stats=$(grep '^clients' "$TMP/ep.out")
like "$stats" '^clients 20, bytes echoed 6000000, partial writes [1-9][0-9]*, EAGAIN on write [1-9][0-9]*$' \
	"server saw 20 clients, echoed 6 MB, and had partial writes and EAGAINs"

tr=$(cat "$TMP/ep.trace")
like "$tr" '^socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC\|SOCK_NONBLOCK, IPPROTO_TCP\) += 3$' \
	"trace: non-blocking listening socket"
like "$tr" '^epoll_create1\(EPOLL_CLOEXEC\) += 4$' "trace: epoll_create1"
has_line "$tr" "epoll_ctl(4, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0" \
	"trace: listener registered edge-triggered"
like "$tr" '^accept4\(3, \{sa_family=AF_INET, sin_port=htons\([0-9]+\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, \[16\], SOCK_CLOEXEC\|SOCK_NONBLOCK\) = 5$' \
	"trace: accept4 of the first client"
like "$tr" '^accept4\(3, 0x[0-9a-f]+, \[16\], SOCK_CLOEXEC\|SOCK_NONBLOCK\) = -1 EAGAIN \(Resource temporarily unavailable\)$' \
	"trace: accept loop runs until EAGAIN"
has_line "$tr" "epoll_ctl(4, EPOLL_CTL_ADD, 5, {events=EPOLLIN|EPOLLET, data={u32=5, u64=5}}) = 0" \
	"trace: client socket registered edge-triggered"
like "$tr" '^epoll_wait\(4, \[\{events=EPOLLIN, data=\{u32=3, u64=3\}\}.*\], 64, -1\) = [1-9][0-9]*$' \
	"trace: epoll_wait reports the listener readable"
like "$tr" '^write\(([5-9]|[1-9][0-9]), ".*"\.\.\., [0-9]+\) = -1 EAGAIN \(Resource temporarily unavailable\)$' \
	"trace: a write to a client fails with EAGAIN"
like "$tr" '^epoll_ctl\(4, EPOLL_CTL_MOD, [0-9]+, \{events=EPOLLIN\|EPOLLOUT\|EPOLLET, data=\{u32=[0-9]+, u64=[0-9]+\}\}\) = 0$' \
	"trace: EPOLLOUT requested while output is pending"
like "$tr" '^epoll_ctl\(4, EPOLL_CTL_MOD, [0-9]+, \{events=EPOLLIN\|EPOLLET, data=\{u32=[0-9]+, u64=[0-9]+\}\}\) = 0$' \
	"trace: EPOLLOUT dropped once the output drained"
like "$tr" '^epoll_wait\(4, \[.*\{events=(EPOLLIN\|)?EPOLLOUT, data=\{u32=[0-9]+, u64=[0-9]+\}\}.*\], 64, -1\) = [1-9][0-9]*$' \
	"trace: epoll_wait reports a client writable"
partial=$(printf '%s\n' "$tr" | awk '
	/^write\(([5-9]|[1-9][0-9]+), / {
		if (match($0, /, [0-9]+\) += [0-9]+$/)) {
			split(substr($0, RSTART + 2), f, /[) =]+/)
			if (f[2] + 0 < f[1] + 0) n++
		}
	}
	END { print n + 0 }')
ok $([ "$partial" -gt 0 ]; echo $?) "trace: partial writes (return value below the count): $partial"
like "$tr" '^read\([0-9]+, "", 65536\) += 0$' "trace: EOF from a client"

done_testing
