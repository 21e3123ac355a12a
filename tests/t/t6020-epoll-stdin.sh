#!/bin/sh
# t6020-epoll-stdin.sh: seed 002's epoll over stdin, under procscope trace:
# registration, level-triggered 10-byte reads, a "stop" split across reads,
# EOF seen as EPOLLHUP, the timeout, and EPERM for a regular file.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

# "stop" arrives in two pieces, 0.3 s apart, so no single read holds it.
out=$( (printf 'hello world\nst'; sleep 0.3; printf 'op\n') |
	timeout 30 "$PROCSCOPE" trace -o "$TMP/a.trace" "$EX/epoll_stdin" --add-file /etc/hostname)
ok $? "epoll_stdin exits 0 after \"stop\""
has_line "$out" '10 bytes from fd 0: "hello worl"' "reads stdin in 10-byte chunks"
has_line "$out" 'got "stop"' "recognises a stop line split across two reads"
like "$out" '^epoll_ctl /etc/hostname: Operation not permitted' "reports that epoll refuses a regular file"
tr=$(cat "$TMP/a.trace")
like "$tr" '^epoll_create1\(0\) += 3$' "trace: epoll_create1"
has_line "$tr" 'epoll_ctl(3, EPOLL_CTL_ADD, 0, {events=EPOLLIN, data={u32=0, u64=0}}) = 0' \
	"trace: stdin registered for EPOLLIN"
has_line "$tr" 'epoll_ctl(3, EPOLL_CTL_ADD, 4, {events=EPOLLIN, data={u32=4, u64=4}}) = -1 EPERM (Operation not permitted)' \
	"trace: EPERM for the regular file"
has_line "$tr" 'epoll_wait(3, [{events=EPOLLIN, data={u32=0, u64=0}}], 5, 30000) = 1' \
	"trace: epoll_wait returns stdin ready"
like "$tr" '^read\(0, "hello worl", 10\) += 10$' "trace: the first 10-byte read"
like "$tr" '^read\(0, "op\\n", 10\) += 3$' "trace: the read that completes \"stop\""

# End of input: EPOLLHUP, then read() returns 0.
out=$(printf 'abc' | timeout 30 "$PROCSCOPE" trace -o "$TMP/b.trace" "$EX/epoll_stdin")
ok $? "epoll_stdin exits 0 at EOF"
has_line "$out" 'EOF on fd 0' "reports EOF instead of spinning"
tr=$(cat "$TMP/b.trace")
has_line "$tr" 'epoll_wait(3, [{events=EPOLLHUP, data={u32=0, u64=0}}], 5, 30000) = 1' \
	"trace: EPOLLHUP once the writer is gone and the data consumed"
like "$tr" '^read\(0, "", 10\) += 0$' "trace: the EOF read"

# No input at all: the timeout is an error, not a silent loop.
err=$(sleep 1 | timeout 30 "$PROCSCOPE" trace -o "$TMP/c.trace" "$EX/epoll_stdin" --timeout 100 2>&1)
is "$?" 1 "timeout exits 1"
like "$err" 'no input within 100 ms' "timeout is reported"
like "$(cat "$TMP/c.trace")" '^epoll_wait\(3, \[\], 5, 100\) += 0$' "trace: epoll_wait times out with 0"

# A regular file as stdin cannot be registered at all.
err=$(timeout 30 "$EX/epoll_stdin" </etc/hostname 2>&1)
is "$?" 1 "a regular file on stdin is an error"
like "$err" '^epoll_stdin: epoll_ctl ADD stdin: Operation not permitted$' "and says which call failed"
out=$("$EX/epoll_stdin" --timeout x 2>&1)
is "$?" 2 "bad option value is a usage error"

done_testing
