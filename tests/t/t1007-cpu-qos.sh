#!/bin/sh
# t1007: the ptrace backend's CPU wake-up latency request (doc/performance.md):
# held on /dev/cpu_dma_latency while stops come, dropped after a quiet spell,
# taken again at the next stop; --no-cpu-qos never takes it; the traced
# command never sees the timer that drives it.
. "$(dirname "$0")/../lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (/dev/cpu_dma_latency is root's)"
[ -w /dev/cpu_dma_latency ] || skip_all "no /dev/cpu_dma_latency here"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

err=$("$PROCSCOPE" trace -v -o /dev/null true 2>&1 >/dev/null)
like "$err" "holding a 0 us CPU wake-up latency request" "-v says the request is held"
err=$("$PROCSCOPE" trace -v --no-cpu-qos -o /dev/null true 2>&1 >/dev/null)
unlike "$err" "latency request" "--no-cpu-qos: no request"

# procscope's own writes to the request, seen by strace (procscope is its
# tracee; the shell is procscope's). Each cat's start-up is a burst of stops,
# which takes the request (0 us); the 0.5 s sleep between is a quiet spell of
# several 100 ms ticks, which drops it.
# (LeakSanitizer cannot run under ptrace: off for these two, in a sanitizer build)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
strace -qq -e trace=openat,write -e signal=none -o "$TMP/q" \
	"$PROCSCOPE" trace -f -o /dev/null sh -c 'cat /etc/hostname; sleep 0.5; cat /etc/hostname' >/dev/null
is "$?" 0 "the traced shell exits 0 under strace"
fd=$(sed -n 's|^openat(AT_FDCWD, "/dev/cpu_dma_latency", O_WRONLY\|O_CLOEXEC) = \([0-9]*\)$|\1|p' "$TMP/q")
like "$fd" '^[0-9]+$' "procscope opened /dev/cpu_dma_latency"
writes=$(sed -n "s/^write($fd, \"\\(.*\\)\", 4) *= 4\$/\\1/p" "$TMP/q" | sed 's/^\\0\\0\\0\\0$/zero/; s/^[^z].*/release/' | tr '\n' ' ')
# (a loaded machine may add quiet spells of its own: each is a release and a retake)
like "$writes" '^zero (release zero )+(release )?$' "0 us in a burst of stops, released in the quiet spell, 0 us in the next burst"
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -qq -e trace=openat -o "$TMP/f" "$PROCSCOPE" trace -f -e trace=openat -o /dev/null true
ok_cmd "a seccomp-filtered trace of a few stops never opens it" sh -c "! grep -q cpu_dma_latency '$TMP/f'"
# A new task stops at once, filter or not: a fork takes the request.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -qq -e trace=openat,write -o "$TMP/k" "$PROCSCOPE" trace -f -e trace=openat -o /dev/null \
	sh -c '/bin/true; /bin/true'
ok_cmd "a seccomp-filtered trace takes it at a fork" grep -q '^openat(AT_FDCWD, "/dev/cpu_dma_latency"' "$TMP/k"
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -qq -e trace=openat -o "$TMP/n" "$PROCSCOPE" trace --no-cpu-qos -o /dev/null true
ok_cmd "--no-cpu-qos does not even open it" sh -c "! grep -q cpu_dma_latency '$TMP/n'"

# The timer's SIGALRM is procscope's alone: a traced sleep is not killed by
# it, and a command's own alarm() still works.
"$PROCSCOPE" trace -o /dev/null sleep 0.35
is "$?" 0 "a traced sleep spanning several ticks exits 0"
out=$("$PROCSCOPE" trace -o /dev/null perl -e '$SIG{ALRM} = sub { print "alarm\n"; exit 3 }; alarm 1; sleep 5')
is "$?:$out" "3:alarm" "the command's own alarm() reaches its handler"
done_testing
