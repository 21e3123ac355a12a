#!/bin/sh
# -e read=FDS, -e write=FDS: strace's hex dumps after read/write lines,
# against strace with the same options on the same fixture.
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

compare() { # compare NAME ARGS...
	name=$1
	shift
	strace -o "$TMP/s.$name" "$@" >/dev/null 2>&1
	"$PROCSCOPE" trace -o "$TMP/p.$name" "$@" >/dev/null 2>&1
	sed -E 's/(getpid|getppid)\(\) += [0-9]+/\1() = N/' "$TMP/s.$name" > "$TMP/s.$name.n"
	sed -E 's/(getpid|getppid)\(\) += [0-9]+/\1() = N/' "$TMP/p.$name" > "$TMP/p.$name.n"
	lines=$(wc -l < "$TMP/s.$name.n")
	if diff -u "$TMP/s.$name.n" "$TMP/p.$name.n" > "$TMP/d.$name"; then
		ok 0 "$name: all $lines lines identical to strace ($*)"
	else
		ok 1 "$name: lines identical to strace ($*)"
		diag "$(head -20 "$TMP/d.$name")"
	fi
}

SET=write,read,close,pipe2,getpid
# basic writes two lines to stdout, reads 16 bytes of /dev/zero on fd 3, then
# writes 12 bytes into a pipe (fd 4) and reads them back on fd 3.
compare w1 -e write=1 -e trace=$SET "$FIX/basic"
has_line "$(cat "$TMP/p.w1")" ' | 00000  68 65 6c 6c 6f 20 66 72  6f 6d 20 62 61 73 69 63  hello from basic |' \
	"write=1: the first line of the dump"
compare r3 -e read=3 -e trace=$SET -s 8 "$FIX/basic"
has_line "$(cat "$TMP/p.r3")" ' | 00000  01 02 74 61 62 09 68 65  72 65 22 71              ..tab.here"q     |' \
	"read=3: the pipe's 12 bytes in full though -s 8, a short last line padded"
like "$(cat "$TMP/p.r3")" '^ \| 00330  ' "read=3: libc's 832-byte ELF header, read on fd 3 too, is dumped whole"
compare all -e read=all -e write=all -e trace=$SET "$FIX/basic"
compare not3 -e read=!3 -e write=!1 -e trace=$SET "$FIX/basic"
compare none -e reads=none -e w=4 -e trace=$SET "$FIX/basic"
compare short -e write=1 -e trace=write -s 4 printf '%s' 'a much longer text than four bytes, in three dump lines: ok'
# readv/writev & co: each iovec dumped on its own (" * N bytes in buffer K"),
# a write's buffers even when it failed, a read's up to what it returned.
# (setarch -R: a failed readv shows stack addresses.)
IOV=readv,writev,preadv,pwritev,preadv2,pwritev2
NORAND="setarch $(uname -m) -R"
compare iov -e read=all -e write=all -e trace=$IOV $NORAND "$BD/syscalls/selfdesc_iov"
has_line "$(cat "$TMP/p.iov")" ' * 2 bytes in buffer 0' "iov: a buffer's header"
compare iov-s1 -e read=all -e write=all -s 1 -e trace=$IOV $NORAND "$BD/syscalls/selfdesc_iov"
compare iov-r3 -e read=3 -e trace=$IOV $NORAND "$BD/syscalls/selfdesc_iov"
# The socket calls: sendto/recvfrom as write/read, sendmsg/recvmsg iovec by
# iovec, sendmmsg/recvmmsg message by message (" = N buffers in vector V");
# writes dumped as asked, when they wrote less or failed (not when their
# buffer cannot be read). Failed recvfrom/recvmsg show stack addresses.
NET=sendto,recvfrom,sendmsg,recvmsg,sendmmsg,recvmmsg,write
NETP="$BD/syscalls/selfdesc_net_dump"
compare net -e read=all -e write=all -e trace=$NET $NORAND "$NETP"
has_line "$(cat "$TMP/p.net")" ' = 1 buffers in vector 1' "net: a vector's second message"
has_line "$(cat "$TMP/p.net")" ' | 01060  78 74 68 65 20 65 6e 64                           xthe end         |' \
	"net: a partial write's 4200 bytes asked, not the 4096 written"
compare net-s4 -e read=all -e write=all -s 4 -e trace=$NET $NORAND "$NETP" -s 4
compare net-v -e read=all -e write=all -v -e trace=$NET $NORAND "$NETP" -v
compare net-r4 -e read=4 -e trace=$NET $NORAND "$NETP"
compare net-w3 -e write=3 -X raw -e trace=$NET $NORAND "$NETP"
# A recording keeps the dumped bytes: its replay prints them as the live trace.
"$PROCSCOPE" trace -o "$TMP/live" --record "$TMP/net.rec" -e read=all -e write=all \
	-e trace=$NET $NORAND "$NETP" >/dev/null 2>&1
"$PROCSCOPE" replay -o "$TMP/rep" -e read=all -e write=all "$TMP/net.rec"
ok_cmd "net: a replay with -e read=all -e write=all prints the live dumps" cmp "$TMP/live" "$TMP/rep"
"$PROCSCOPE" replay -o "$TMP/rep4" -e read=4 "$TMP/net.rec"
ok_cmd "net: replay -e read=4 prints what a live trace with -e read=4 did" \
	cmp "$TMP/p.net-r4" "$TMP/rep4"

"$PROCSCOPE" trace -e read=x true 2>"$TMP/e"
is "$?" "2" "read=x: exit 2"
is "$(cat "$TMP/e")" "procscope: trace: invalid descriptor 'x' (0..1023, all, none)" "read=x: said so"

done_testing
