#!/bin/sh
# t6050-io.sh: the seed 003/000 I/O examples under procscope trace: tee with
# epoll (a slow reader forces EAGAIN), sendfile to a socket, an inotify
# directory watcher, and a lazily faulted mmap of a large file.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

# --- tee --------------------------------------------------------------------------------
head -c 3000000 /dev/urandom >"$TMP/in"
# The reader sleeps first, so the 64 KiB pipe fills and tee's write blocks.
timeout 60 "$PROCSCOPE" trace -o "$TMP/tee.trace" "$EX/tee" "$TMP/copy" <"$TMP/in" |
	(sleep 0.5; cat >"$TMP/out")
ok $? "tee exits 0"
ok_cmd "stdout gets every byte" cmp "$TMP/in" "$TMP/out"
ok_cmd "the file gets every byte" cmp "$TMP/in" "$TMP/copy"
tr=$(cat "$TMP/tee.trace")
like "$tr" "^openat\\(AT_FDCWD, \"$TMP/copy\", O_WRONLY\\|O_CREAT\\|O_TRUNC\\|O_CLOEXEC, 0666\\) += 3\$" \
	"trace: the file is truncated (the seed's O_RDWR without O_TRUNC left old bytes)"
like "$tr" '^epoll_create1\(EPOLL_CLOEXEC\) += 4$' "trace: epoll_create1"
like "$tr" '^openat\(AT_FDCWD, "/proc/self/fd/1", O_WRONLY\|O_NONBLOCK\|O_CLOEXEC\) = 5$' \
	"trace: stdout reopened non-blocking (a private open file description)"
has_line "$tr" 'epoll_ctl(4, EPOLL_CTL_ADD, 5, {events=0, data={u32=0, u64=0}}) = 0' \
	"trace: stdout registered with no events yet"
like "$tr" '^write\(5, ".*"\.\.\., [0-9]+\) = -1 EAGAIN \(Resource temporarily unavailable\)$' \
	"trace: the full pipe gives EAGAIN"
has_line "$tr" 'epoll_ctl(4, EPOLL_CTL_MOD, 5, {events=EPOLLOUT, data={u32=0, u64=0}}) = 0' \
	"trace: then tee asks for EPOLLOUT"
like "$tr" '^epoll_wait\(4, \[\{events=EPOLLOUT, data=\{u32=0, u64=0\}\}\], 16, -1\) = 1$' \
	"trace: and epoll_wait says when stdout drains"
like "$tr" '^write\(3, ".*"\.\.\., 65536\) = 65536$' "trace: the regular file gets plain blocking writes"
unlike "$tr" 'epoll_ctl\(4, EPOLL_CTL_ADD, 3,' "trace: the regular file is not given to epoll"
# O_NONBLOCK must not leak into the pipe the shell shares with us.
flags=$(printf 'x\n' | { "$EX/tee" >/dev/null; sed -n 's/^flags:[[:space:]]*//p' /proc/self/fdinfo/0; })
ok $([ $((0$flags & 04000)) -eq 0 ]; echo $?) "stdin's shared description is left blocking (flags $flags)"

# --- sendfile ------------------------------------------------------------------------------
head -c 1048576 /dev/urandom >"$TMP/file"
out=$(timeout 60 "$PROCSCOPE" trace -ff -o "$TMP/sf" "$EX/sendfile" "$TMP/file")
ok $? "sendfile exits 0"
like "$out" "^receiver [0-9]+: 1048576 bytes, identical to $TMP/file\$" "the receiver gets the file intact"
sp=$(printf '%s\n' "$out" | sed -n 's/^sender \([0-9]*\):.*/\1/p')
s=$(cat "$TMP/sf.$sp" 2>/dev/null)
like "$s" "^openat\\(AT_FDCWD, \"$TMP/file\", O_RDONLY\\) += 3\$" "trace: the sender opens the file"
like "$s" '^sendfile\(5, 3, \[0\] => \[1048576\], 1048576\) += 1048576$' \
	"trace: sendfile(socket, file, [0] => [1048576], ...)"
after=$(printf '%s\n' "$s" | sed -n "\\|^openat(AT_FDCWD, \"$TMP/file\"|,\$p")
unlike "$after" '^(read|pread64|readv)\(3,' "trace: the sender never read()s the file"
like "$s" '^accept\(4, NULL, NULL\) += 5$' "trace: the socket is the accepted connection"
err=$("$EX/sendfile" /dev/null 2>&1)
is "$?" 1 "sendfile refuses a non-regular input"
like "$err" 'not a regular file' "and says why"

# --- inotify --------------------------------------------------------------------------------
mkdir "$TMP/w"
timeout 30 "$PROCSCOPE" trace -o "$TMP/in.trace" "$EX/inotify_watch" --timeout 10 "$TMP/w" \
	>"$TMP/in.out" 2>&1 &
wp=$!
i=0
while ! grep -q '^watching' "$TMP/in.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo hi >"$TMP/w/a.txt"
mv "$TMP/w/a.txt" "$TMP/w/b.txt"
chmod 600 "$TMP/w/b.txt"
rm "$TMP/w/b.txt"
rmdir "$TMP/w"
wait $wp
ok $? "inotify_watch stops when the directory goes"
out=$(cat "$TMP/in.out")
has_line "$out" "watching $TMP/w (wd 1)" "the watch is set up"
has_line "$out" "wd 1: IN_CREATE a.txt" "IN_CREATE"
has_line "$out" "wd 1: IN_CLOSE_WRITE a.txt" "IN_CLOSE_WRITE"
like "$out" '^wd 1: IN_MOVED_FROM a\.txt \(cookie [0-9]+\)$' "IN_MOVED_FROM with a cookie"
c1=$(printf '%s\n' "$out" | sed -n 's/.*MOVED_FROM.*cookie \([0-9]*\).*/\1/p')
has_line "$out" "wd 1: IN_MOVED_TO b.txt (cookie $c1)" "IN_MOVED_TO with the same cookie"
has_line "$out" "wd 1: IN_ATTRIB b.txt" "IN_ATTRIB for chmod"
has_line "$out" "wd 1: IN_DELETE b.txt" "IN_DELETE"
has_line "$out" "wd 1: IN_DELETE_SELF" "IN_DELETE_SELF for the directory"
has_line "$out" "wd 1: IN_IGNORED" "IN_IGNORED: the watch is gone"
tr=$(cat "$TMP/in.trace")
like "$tr" '^inotify_init1\(IN_CLOEXEC\) += 3$' "trace: inotify_init1"
has_line "$tr" "inotify_add_watch(3, \"$TMP/w\", IN_MODIFY|IN_ATTRIB|IN_CLOSE_WRITE|IN_MOVED_FROM|IN_MOVED_TO|IN_CREATE|IN_DELETE|IN_DELETE_SELF|IN_MOVE_SELF) = 1" \
	"trace: inotify_add_watch with its mask decoded"
like "$tr" '^read\(3, .*, 4368\) = [0-9]+$' "trace: events are read from the inotify fd"

# --- mmap ------------------------------------------------------------------------------------
out=$(timeout 60 "$PROCSCOPE" trace -o "$TMP/mm.trace" "$EX/mmap_lazy" --create 64 "$TMP/big")
ok $? "mmap_lazy exits 0"
faults() { printf '%s\n' "$out" | grep -A1 -F "$1" | sed -n 's/.* \([0-9]*\) minor *\([0-9]*\) major faults.*/\1 \2/p' | head -1; }
set -- $(faults "mmap of the whole file")
ok $([ $(($1 + $2)) -le 1 ]; echo $?) "mapping 64 MiB costs no page fault ($1 minor, $2 major)"
set -- $(faults "read the last 1000 bytes")
ok $([ $(($1 + $2)) -ge 1 ] && [ $(($1 + $2)) -le 2 ]; echo $?) "reading its last 1000 bytes costs 1-2 faults ($1 + $2)"
set -- $(faults "MADV_RANDOM")
ok $([ $(($1 + $2)) -ge 1000 ] && [ $(($1 + $2)) -le 1100 ]; echo $?) \
	"with MADV_RANDOM each of 1024 touched pages is a fault ($1 + $2)"
set -- $(faults "new mapping, 1 byte in every page")
ok $([ $(($1 + $2)) -lt 4096 ]; echo $?) \
	"touching all 16384 pages costs far fewer faults: fault-around ($1 + $2)"
tr=$(cat "$TMP/mm.trace")
like "$tr" '^mmap\(NULL, 67108864, PROT_READ, MAP_PRIVATE, 3, 0\) = 0x[0-9a-f]+$' "trace: the 64 MiB mmap"
like "$tr" '^madvise\(0x[0-9a-f]+, 67108864, MADV_RANDOM\) += 0$' "trace: madvise(MADV_RANDOM)"
unlike "$tr" '^read\(3, "abcdefghijklmnopqrstuvwxyzabcdef"' "trace: the file is never read()"

done_testing
