#!/bin/sh
# procscope fds on a process holding every fd kind (tests/fixtures/fdkinds):
# each row's columns in text, and each kind's fields in JSON.
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
v() { sed -n "s/^$1=//p" "$TMP/fk.out"; }
P=$(v pid)
C=$(v child)
ME=$(id -un)

"$PROCSCOPE" fds -p "$P" >"$TMP/out" 2>"$TMP/err"
ok $? "fds -p exits 0"
is "$(cat "$TMP/err")" "" "no messages on stderr"
is "$(head -1 "$TMP/out" | tr -s ' ')" "COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME" "lsof's header"

# row FD: the row of that FD column, blanks squeezed.
row() { awk -v fd="$1" '$4 == fd' "$TMP/out" | tr -s ' '; }
ino() { stat -L -c %i "/proc/$P/fd/$1"; }
dev() { stat -L -c '%Hd,%Ld' "/proc/$P/fd/$1"; }
pre="fdkinds $P $ME"

D=$(stat -c '%Hd,%Ld' "$TMP/fk")
is "$(row cwd)" "$pre cwd DIR $D $(stat -c '%s %i' "$TMP/fk") $TMP/fk" "cwd row"
is "$(row rtd)" "$pre rtd DIR $(stat -c '%Hd,%Ld %s %i' /) /" "rtd row"
X=$(readlink -f "$FIX/fdkinds")
is "$(row txt)" "$pre txt REG $(stat -c '%Hd,%Ld %s %i' "$X") $X" "txt row"
like "$(row mem)" "^$pre mem REG [0-9]+,[0-9]+ [0-9]+ [0-9]+ /.*libc\.so" "mem row for libc"

N=/dev/null
is "$(row 0r)" "$pre 0r CHR 1,3 0t0 $(stat -c %i $N) /dev/null" "stdin: /dev/null, read-only"
is "$(row 1w)" "$pre 1w REG $(stat -c '%Hd,%Ld %s %i' "$TMP/fk.out") $TMP/fk.out pos=$(stat -c %s "$TMP/fk.out") flags=O_WRONLY|O_LARGEFILE" \
	"stdout: regular file with position and flags"

fd=$(v pipe_r)
is "$(row "${fd}r")" "$pre ${fd}r FIFO $(dev "$fd") 0t0 $(ino "$fd") pipe $C,fdkinds,$(v child_pipe_w)w" \
	"pipe: the child holds the write end"
fd=$(v fifo)
is "$(row "${fd}r")" "$pre ${fd}r FIFO $(dev "$fd") 0t0 $(ino "$fd") $TMP/fk/fifo $C,fdkinds,$(v child_fifo_w)w" \
	"FIFO: path, the child holds the write end"

fd=$(v sockpair)
like "$(row "${fd}u")" "^$pre ${fd}u unix 0x[0-9a-f]{16} 0t0 $(ino "$fd") type=STREAM ->INO=[0-9]+ $C,fdkinds,$(v child_sockpair)u \(CONNECTED\)$" \
	"socketpair: the peer is the child's fd"

port=$(v tcp_port)
cport=$(v tcp_client_port)
fd=$(v tcp_listen)
is "$(row "${fd}u")" "$pre ${fd}u IPv4 $(ino "$fd") 0t0 TCP 127.0.0.1:$port (LISTEN)" "TCP listener"
fd=$(v tcp_client)
is "$(row "${fd}u")" "$pre ${fd}u IPv4 $(ino "$fd") 0t0 TCP 127.0.0.1:$cport->127.0.0.1:$port $P,fdkinds,$(v tcp_accepted)u (ESTABLISHED)" \
	"TCP client: addresses, state and the accepting fd"
fd=$(v tcp_accepted)
is "$(row "${fd}u")" "$pre ${fd}u IPv4 $(ino "$fd") 0t0 TCP 127.0.0.1:$port->127.0.0.1:$cport $P,fdkinds,$(v tcp_client)u (ESTABLISHED)" \
	"TCP accepted: addresses, state and the client fd"
if [ -n "$(v tcp6_listen)" ]; then
	fd=$(v tcp6_listen)
	is "$(row "${fd}u")" "$pre ${fd}u IPv6 $(ino "$fd") 0t0 TCP [::1]:$(v tcp6_port) (LISTEN)" "TCP over IPv6"
else
	ok 0 "# SKIP no IPv6 loopback"
fi
fd=$(v udp)
is "$(row "${fd}u")" "$pre ${fd}u IPv4 $(ino "$fd") 0t0 UDP 127.0.0.1:$(v udp_port)" "UDP: no state"

fd=$(v unix_listen)
like "$(row "${fd}u")" "^$pre ${fd}u unix 0x[0-9a-f]{16} 0t0 $(ino "$fd") $TMP/fk/sock type=STREAM \(LISTEN\)$" \
	"UNIX listener: path, type, LISTEN"
cl=$(v unix_client)
ac=$(v unix_accepted)
is "$(row "${cl}u" | cut -d' ' -f8-)" "$(ino "$cl") type=STREAM ->INO=$(ino "$ac") $P,fdkinds,${ac}u (CONNECTED)" \
	"UNIX client: its peer is the accepted socket"
is "$(row "${ac}u" | cut -d' ' -f8-)" "$(ino "$ac") $TMP/fk/sock type=STREAM ->INO=$(ino "$cl") $P,fdkinds,${cl}u (CONNECTED)" \
	"UNIX accepted: path and its peer the client"

fd=$(v netlink)
is "$(row "${fd}u")" "$pre ${fd}u netlink 0t0 $(ino "$fd") ROUTE portid=$P" "netlink: protocol and port id"

fd=$(v eventfd)
like "$(row "${fd}u")" "^$pre ${fd}u a_inode $(dev "$fd") 0 $(ino "$fd") \[eventfd:[0-9]+\] count=5$" "eventfd: its count"
pr=$(v pipe_r)
is "$(row "$(v epoll)u" | cut -d' ' -f9-)" "[eventpoll:$pr,$fd] $pr=EPOLLIN|EPOLLERR|EPOLLHUP $fd=EPOLLIN|EPOLLOUT|EPOLLERR|EPOLLHUP" \
	"epoll: the watched fds and their event masks"
fd=$(v inotify)
is "$(row "${fd}r" | cut -d' ' -f9-)" "inotify watch=$D:$(stat -c %i "$TMP/fk"):IN_CREATE|IN_DELETE" \
	"inotify: the watch's device, inode and mask"
fd=$(v timerfd)
like "$(row "${fd}u" | cut -d' ' -f9-)" '^\[timerfd\] clock=CLOCK_MONOTONIC next=9[0-9]{2}\.[0-9]{9} interval=5\.000000000$' \
	"timerfd: clock, next expiry, interval"
fd=$(v signalfd)
is "$(row "${fd}u" | cut -d' ' -f9-)" "[signalfd] mask=SIGUSR1|SIGTERM" "signalfd: the mask by name"
fd=$(v memfd)
is "$(row "${fd}u" | cut -d' ' -f5-)" "REG $(dev "$fd") 4096 $(ino "$fd") /memfd:procscope-memfd (deleted) pos=0 flags=O_RDWR|O_LARGEFILE" \
	"memfd: its name and size"
fd=$(v pidfd)
is "$(row "${fd}u" | cut -d' ' -f5-)" "a_inode $(dev "$fd") 0 $(ino "$fd") [pidfd:$C] command=fdkinds" "pidfd: its target"
fd=$(v netns)
is "$(row "${fd}r" | cut -d' ' -f5-)" "REG $(dev "$fd") 0 $(ino "$fd") net" "namespace fd"
fd=$(v regular)
is "$(row "${fd}w" | cut -d' ' -f5-)" "REG $D 1234 $(ino "$fd") $TMP/fk/regular pos=1234 flags=O_WRONLY|O_APPEND|O_LARGEFILE" \
	"regular file: size, position, flags"
fd=$(v deleted)
is "$(row "${fd}u" | cut -d' ' -f5-)" "REG $D 0 $(ino "$fd") $TMP/fk/deleted (deleted) pos=0 flags=O_RDWR|O_LARGEFILE" \
	"deleted file: marked deleted"
fd=$(v dir)
is "$(row "${fd}r" | cut -d' ' -f5-)" "DIR $D $(stat -c '%s %i' "$TMP/fk") $TMP/fk" "directory"
fd=$(v devnull)
is "$(row "${fd}r" | cut -d' ' -f5-)" "CHR 1,3 0t0 $(stat -c %i /dev/null) /dev/null" "character device: rdev and offset"

# Every fd of the process has exactly one row.
is "$(grep -c "^fdkinds  *$P .* [0-9][0-9]*[rwu] " "$TMP/out")" "$(ls "/proc/$P/fd" | wc -l)" "one row per open fd"

# --- JSON ---
"$PROCSCOPE" fds -p "$P" --json >"$TMP/json" 2>"$TMP/err"
ok $? "--json exits 0"
ok_cmd "--json is one valid JSON document" jq -e . "$TMP/json"
j() { jq -c "$1" "$TMP/json"; }
is "$(j '[.schema, .version]')" '["procscope-fds",1]' "schema name and version"
is "$(j ".processes[0] | [.pid, .command, .user, .gone]")" "[$P,\"fdkinds\",\"$ME\",false]" "process fields"
f() { jq -c ".processes[0].fds[] | select(.fd == $1) | $2" "$TMP/json"; }

is "$(f '"cwd"' '[.class, .type, .mode, .path]')" "[\"dir\",\"DIR\",null,\"$TMP/fk\"]" "cwd in JSON"
fd=$(v pipe_r)
is "$(f "$fd" '[.class, .type, .mode, .offset, .inode, .peers]')" \
	"[\"pipe\",\"FIFO\",\"r\",0,$(ino "$fd"),[{\"pid\":$C,\"command\":\"fdkinds\",\"fd\":$(v child_pipe_w),\"mode\":\"w\"}]]" \
	"pipe in JSON: peer pid, command, fd, mode"
fd=$(v fifo)
is "$(f "$fd" '[.class, .path, .peers[0].pid, .peers[0].fd]')" "[\"fifo\",\"$TMP/fk/fifo\",$C,$(v child_fifo_w)]" "FIFO in JSON"
fd=$(v sockpair)
is "$(f "$fd" '[.class, .socket.type, .socket.state, .socket.path, .peers[0].pid, .peers[0].fd]')" \
	"[\"unix\",\"STREAM\",\"CONNECTED\",null,$C,$(v child_sockpair)]" "socketpair in JSON"
fd=$(v unix_listen)
is "$(f "$fd" '[.socket.state, .socket.path, .socket.peer_inode]')" "[\"LISTEN\",\"$TMP/fk/sock\",null]" "UNIX listener in JSON"
fd=$(v tcp_client)
is "$(f "$fd" '.socket')" \
	"{\"family\":\"inet\",\"protocol\":\"TCP\",\"local_address\":\"127.0.0.1\",\"local_port\":$cport,\"remote_address\":\"127.0.0.1\",\"remote_port\":$port,\"state\":\"ESTABLISHED\"}" \
	"TCP client in JSON"
is "$(f "$fd" '.peers | map([.pid, .fd])')" "[[$P,$(v tcp_accepted)]]" "TCP peer in JSON"
fd=$(v tcp_listen)
is "$(f "$fd" '[.socket.state, .socket.remote_address, .socket.remote_port]')" '["LISTEN",null,null]' "TCP listener in JSON"
fd=$(v udp)
is "$(f "$fd" '[.socket.protocol, .socket.local_port, .socket.state]')" "[\"UDP\",$(v udp_port),null]" "UDP in JSON"
fd=$(v netlink)
is "$(f "$fd" '.socket')" "{\"family\":\"netlink\",\"protocol\":\"ROUTE\",\"port_id\":$P}" "netlink in JSON"
fd=$(v epoll)
is "$(f "$fd" '.watched | map([.fd, .events])')" \
	"[[$pr,\"EPOLLIN|EPOLLERR|EPOLLHUP\"],[$(v eventfd),\"EPOLLIN|EPOLLOUT|EPOLLERR|EPOLLHUP\"]]" "epoll in JSON"
fd=$(v inotify)
is "$(f "$fd" '.watches')" "[{\"wd\":1,\"inode\":$(stat -c %i "$TMP/fk"),\"device\":\"$D\",\"mask\":\"IN_CREATE|IN_DELETE\"}]" \
	"inotify in JSON"
is "$(f "$(v eventfd)" '[.class, .count]')" '["eventfd",5]' "eventfd in JSON"
fd=$(v timerfd)
is "$(f "$fd" '[.clock, .armed, .interval_ns, (.next_expiry_ns > 900000000000)]')" '["CLOCK_MONOTONIC",true,5000000000,true]' \
	"timerfd in JSON"
is "$(f "$(v signalfd)" '.signals')" '["SIGUSR1","SIGTERM"]' "signalfd in JSON"
is "$(f "$(v memfd)" '[.class, .memfd_name, .deleted, .size]')" '["memfd","procscope-memfd",true,4096]' "memfd in JSON"
is "$(f "$(v pidfd)" '[.class, .target_pid, .target_command]')" "[\"pidfd\",$C,\"fdkinds\"]" "pidfd in JSON"
is "$(f "$(v netns)" '[.class, .namespace, .inode]')" "[\"namespace\",\"net\",$(ino "$(v netns)")]" "namespace in JSON"
is "$(f "$(v regular)" '[.class, .mode, .size, .position, .flags, .deleted]')" \
	'["regular","w",1234,1234,"O_WRONLY|O_APPEND|O_LARGEFILE",false]' "regular file in JSON"
is "$(f "$(v deleted)" '[.deleted, .path]')" "[true,\"$TMP/fk/deleted (deleted)\"]" "deleted file in JSON"
is "$(f "$(v devnull)" '[.class, .device, .offset, .size]')" '["chr","1,3",0,0]' "character device in JSON"
is "$(jq '[.processes[0].fds[] | select(.error != null)] | length' "$TMP/json")" "0" "no errors for our own process"

# Text and JSON agree on the NAME column.
is "$(jq -r ".processes[0].fds[] | select(.fd == $(v tcp_client)) | .name" "$TMP/json")" \
	"$(row "$(v tcp_client)u" | cut -d' ' -f9-)" "JSON name is the text NAME column"

done_testing
