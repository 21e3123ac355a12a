#!/bin/sh
# t6030-ipc.sh: the IPC examples (seeds 002 and 004) under procscope trace -ff:
# an unnamed pipe across fork, the seed's broken named pipe and the fixed one,
# POSIX shared memory with process-shared semaphores, fd passing with
# SCM_RIGHTS, and a POSIX message queue. Each process's trace is its own file
# (PREFIX.PID); the examples print their pids.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
EX=$BD/examples

# pid_of TEXT WORD: the number after "WORD " in TEXT ("producer 123, ...").
pid_of() { printf '%s\n' "$1" | sed -n "s/.*$2 \([0-9][0-9]*\).*/\1/p" | head -1; }
# tr_of PREFIX PID: that process's trace (empty if the file is missing).
tr_of() { cat "$1.$2" 2>/dev/null; }

# --- unnamed pipe ---------------------------------------------------------------
out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/pipe" "$EX/pipe_fork" --messages 3)
ok $? "pipe_fork exits 0"
has_line "$out" 'consumer '"$(pid_of "$out" consumer)"': EOF after 3 lines' "consumer reads 3 lines, then EOF"
p=$(tr_of "$TMP/pipe" "$(pid_of "$out" producer)")
c=$(tr_of "$TMP/pipe" "$(pid_of "$out" consumer)")
like "$p" '^pipe2?\(\[3, 4\](, 0)?\) += 0$' "trace: pipe creates fds 3 (read) and 4 (write)"
like "$p" '^clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD, child_tidptr=0x[0-9a-f]+\) = [0-9]+$' \
	"trace: fork is a clone"
like "$p" '^close\(3\) += 0$' "trace: producer closes the read end"
like "$c" '^close\(4\) += 0$' "trace: consumer closes the write end"
like "$p" '^write\(4, "message 1\\n", 10\) += 10$' "trace: producer writes a message"
like "$c" '^read\(3, "", 4096\) += 0$' "trace: consumer reads EOF"
like "$p" '^wait4\([0-9]+, \[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 0\}\], 0, NULL\) = [0-9]+$' "trace: producer reaps the consumer"

err=$(timeout 30 "$EX/pipe_fork" --messages 2 --keep-write-end --timeout 1 2>&1 >/dev/null)
is "$?" 1 "a consumer that keeps the write end never gets EOF"
like "$err" 'consumer never saw EOF .*still holds a write end' "and the example says why"

# --- the seed's broken named pipe -------------------------------------------------
mkdir "$TMP/home" "$TMP/cwd"
err=$(cd "$TMP/cwd" && HOME=$TMP/home timeout 30 "$PROCSCOPE" trace -o "$TMP/fb.trace" \
	"$EX/fifo_broken" writer 2>&1)
is "$?" 1 "fifo_broken writer fails"
like "$err" '^fifo_broken: open ~/my_pipe: No such file or directory$' "with ENOENT, as in the seed"
has_line "$(cat "$TMP/fb.trace")" 'openat(AT_FDCWD, "~/my_pipe", O_WRONLY|O_CREAT, 0640) = -1 ENOENT (No such file or directory)' \
	"trace: the kernel got \"~\" unexpanded"
unlike "$(cat "$TMP/fb.trace")" '^mknodat' "trace: nothing creates a FIFO"
# With a directory literally named "~", O_CREAT makes a regular file, not a FIFO.
mkdir "$TMP/cwd/~"
out=$(cd "$TMP/cwd" && timeout 30 "$EX/fifo_broken" writer --messages 2)
ok $? "with a directory named ~ the writer 'succeeds'"
has_line "$out" 'wrote 2 messages into ~/my_pipe, which is a regular file' "but into a regular file"
ok $([ -f "$TMP/cwd/~/my_pipe" ] && ! [ -p "$TMP/cwd/~/my_pipe" ]; echo $?) "~/my_pipe is a regular file, not a FIFO"

# --- the fixed named pipe: two unrelated processes --------------------------------
timeout 30 "$PROCSCOPE" trace -o "$TMP/fr.trace" "$EX/fifo" --role reader --path "$TMP/my_pipe" \
	>"$TMP/fr.out" 2>&1 &
rd=$!
i=0
while ! [ -p "$TMP/my_pipe" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
out=$(timeout 30 "$PROCSCOPE" trace -o "$TMP/fw.trace" "$EX/fifo" --role writer --path "$TMP/my_pipe" \
	--messages 3)
ok $? "fifo writer exits 0"
wait $rd
ok $? "fifo reader exits 0"
like "$(cat "$TMP/fr.out")" 'reader [0-9]+: received "message 3"' "reader gets the writer's messages"
like "$(cat "$TMP/fr.out")" 'reader [0-9]+: EOF after 3 lines' "reader sees EOF when the writer closes"
ok $([ ! -e "$TMP/my_pipe" ]; echo $?) "the FIFO is removed by the process that made it"
has_line "$(cat "$TMP/fr.trace")" "mknodat(AT_FDCWD, \"$TMP/my_pipe\", S_IFIFO|0600) = 0" \
	"trace: mkfifo is mknodat with S_IFIFO"
has_line "$(cat "$TMP/fr.trace")" "openat(AT_FDCWD, \"$TMP/my_pipe\", O_RDONLY) = 3" "trace: reader opens read-only"
has_line "$(cat "$TMP/fw.trace")" "openat(AT_FDCWD, \"$TMP/my_pipe\", O_WRONLY) = 3" \
	"trace: writer opens write-only, without O_CREAT"
like "$(cat "$TMP/fw.trace")" '^write\(3, "message 1\\n", 10\) += 10$' "trace: writer writes"
# "~" expanded by the program itself.
out=$(HOME=$TMP/home timeout 30 "$PROCSCOPE" trace -f -o "$TMP/fh.trace" "$EX/fifo" --messages 1)
ok $? "fifo with the default path ~/my_pipe works"
like "$(cat "$TMP/fh.trace")" "mknodat\\(AT_FDCWD, \"$TMP/home/my_pipe\", S_IFIFO\\|0600\\) += 0\$" \
	"trace: ~ expanded from \$HOME"

# --- POSIX shared memory ------------------------------------------------------------
out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/shm" "$EX/shm" --messages 300)
ok $? "shm exits 0"
has_line "$out" "consumer $(pid_of "$out" consumer): message 300: \"message 300\"" \
	"consumer gets message 300 (the seed's uint8_t counter hangs after 255)"
has_line "$out" "consumer $(pid_of "$out" consumer): end of stream after 300 messages" "and no more"
pp=$(pid_of "$out" producer)
p=$(tr_of "$TMP/shm" "$pp")
c=$(tr_of "$TMP/shm" "$(pid_of "$out" consumer)")
has_line "$p" "openat(AT_FDCWD, \"/dev/shm/procscope-shm-$pp\", O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0600) = 3" \
	"trace: shm_open is an openat in /dev/shm"
like "$p" '^ftruncate\(3, [0-9]+\) += 0$' "trace: ftruncate sizes the object"
like "$p" '^mmap\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_SHARED, 3, 0\) = 0x[0-9a-f]+$' "trace: shared mapping"
like "$p" "^unlink\\(\"/dev/shm/procscope-shm-$pp\"\\) += 0\$" "trace: shm_unlink"
like "$p$c" '^futex\(0x[0-9a-f]+, FUTEX_WAIT_BITSET\|FUTEX_CLOCK_REALTIME, 0, \{tv_sec=[0-9]+, tv_nsec=[0-9]+\}, FUTEX_BITSET_MATCH_ANY\) = 0$' \
	"trace: a process sleeps on a shared (not FUTEX_PRIVATE) futex"
like "$p$c" '^futex\(0x[0-9a-f]+, FUTEX_WAKE, 1\) += 1$' "trace: and is woken by the other"
unlike "$c" '^(openat|mmap)\(.*/dev/shm' "trace: the consumer uses the inherited mapping"
ok $([ ! -e "/dev/shm/procscope-shm-$pp" ]; echo $?) "nothing left in /dev/shm"

# --- fd passing ------------------------------------------------------------------------
printf 'skip: the rest is read by the child\n' >"$TMP/passed.txt"
out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/fdp" "$EX/fdpass" --skip 6 "$TMP/passed.txt")
ok $? "fdpass exits 0"
has_line "$out" "child $(pid_of "$out" child): received fd 3 -> $TMP/passed.txt at offset 6" \
	"child gets a new fd for the same file, at the parent's offset"
has_line "$out" "the rest is read by the child" "child reads the file through it"
p=$(tr_of "$TMP/fdp" "$(pid_of "$out" parent)")
c=$(tr_of "$TMP/fdp" "$(pid_of "$out" child)")
like "$p" '^socketpair\(AF_UNIX, SOCK_STREAM, 0, \[3, 4\]\) += 0$' "trace: socketpair"
has_line "$p" 'sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="F", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[4]}], msg_controllen=24, msg_flags=0}, 0) = 1' \
	"trace: sendmsg with cmsg_type=SCM_RIGHTS carrying fd 4"
has_line "$c" 'recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="F", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=24, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 1' \
	"trace: recvmsg delivers it as fd 3"
unlike "$c" "openat\\(AT_FDCWD, \"$TMP/passed.txt\"" "trace: the child never opens the file"
like "$c" '^read\(3, "the rest is read by the child\\n", 4096\) = 30$' "trace: child reads from the received fd"
err=$("$EX/fdpass" "$TMP/missing" 2>&1)
is "$?" 1 "fdpass on a missing file fails"
like "$err" "^fdpass: open $TMP/missing: No such file or directory\$" "and names the file"

# --- POSIX message queue ------------------------------------------------------------------
out=$(timeout 30 "$PROCSCOPE" trace -ff -o "$TMP/mq" "$EX/mqueue" --messages 12)
ok $? "mqueue exits 0"
sp=$(pid_of "$out" sender)
rp=$(pid_of "$out" receiver)
first=$(printf '%s\n' "$out" | grep '^receiver' | head -1)
is "$first" "receiver $rp: priority 2: \"message 3\"" "highest priority first"
has_line "$out" "receiver $rp: end of stream after 12 messages" "all 12 messages arrive"
s=$(tr_of "$TMP/mq" "$sp")
r=$(tr_of "$TMP/mq" "$rp")
has_line "$s" "mq_open(\"procscope-mq-$sp\", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_flags=0, mq_maxmsg=8, mq_msgsize=128, mq_curmsgs=0}) = 3" \
	"trace: mq_open with its attributes"
has_line "$s" 'mq_timedsend(3, "message 1", 9, 0, NULL) = 0' "trace: mq_send is mq_timedsend with priority"
like "$r" '^mq_timedreceive\(3, "message 3", 128, \[2\], \{tv_sec=[0-9]+, tv_nsec=[0-9]+\}\) = 9$' \
	"trace: mq_timedreceive returns the priority"
like "$s" "^mq_unlink\\(\"procscope-mq-$sp\"\\) += 0\$" "trace: mq_unlink"

done_testing
