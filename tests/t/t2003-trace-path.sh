#!/bin/sh
# -P PATH: only syscalls that access PATH, by a path argument or through an fd
# that refers to it, against strace with the same options.
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

norm() { sed -E 's/^[0-9]+ +//; s/0x[0-9a-f]{8,}/ADDR/g; s/si_pid=[0-9]+/si_pid=N/' "$1"; }

compare() { # compare NAME ARGS...
	name=$1
	shift
	strace -o "$TMP/s.$name" "$@" >/dev/null 2>"$TMP/s.$name.err"
	"$PROCSCOPE" trace -o "$TMP/p.$name" "$@" >/dev/null 2>"$TMP/p.$name.err"
	norm "$TMP/s.$name" > "$TMP/s.$name.n"
	norm "$TMP/p.$name" > "$TMP/p.$name.n"
	lines=$(wc -l < "$TMP/s.$name.n")
	if diff -u "$TMP/s.$name.n" "$TMP/p.$name.n" > "$TMP/d.$name"; then
		ok 0 "$name: all $lines lines identical to strace ($*)"
	else
		ok 1 "$name: lines identical to strace ($*)"
		diag "$(head -20 "$TMP/d.$name")"
	fi
}

# basic opens /dev/zero, reads 16 bytes from it and closes it.
compare zero -P /dev/zero "$FIX/basic"
has_line "$(cat "$TMP/p.zero.n")" 'read(3, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 16' \
	"read(3) is shown: fd 3 refers to /dev/zero"
unlike "$(cat "$TMP/p.zero.n")" '</dev/zero>' "without -y the fd's path is not printed"
# (openat is left out: strace -y also decorates AT_FDCWD with the cwd, which trace -y does not yet)
compare zero-y -y -P /dev/zero -e trace=read,close "$FIX/basic"
like "$(cat "$TMP/p.zero-y.n")" '^read\(3</dev/zero>, ' "with -y it is"

compare two -P /nonexistent/procscope -P /dev/zero -e trace=access,close "$FIX/basic"
has_line "$(cat "$TMP/p.two.n")" 'access("/nonexistent/procscope", F_OK)  = -1 ENOENT (No such file or directory)' \
	"several -P: a path that does not exist matches by name"

# A symlink is resolved, and both names match, with strace's message.
ln -s /dev/zero "$TMP/zlink"
compare link -P "$TMP/zlink" "$FIX/basic"
is "$(cat "$TMP/p.link.err")" "procscope: Requested path \"$TMP/zlink\" resolved into \"/dev/zero\"" \
	"the resolution is reported as strace reports it"

# -f: a child's calls on the path, through a pipeline.
# (-e signal=none: how many SIGCHLDs the shell gets depends on timing)
compare pipeline -f -e signal=none -P /etc/hostname -e trace=openat,read,close sh -c "cat /etc/hostname | cat"

# Counting: -c counts only what -P selects.
strace -c -U calls,errors,name -S name -P /dev/zero -o "$TMP/s.count" "$FIX/basic" >/dev/null 2>&1
"$PROCSCOPE" trace -c -U calls,errors,name -S name -P /dev/zero -o "$TMP/p.count" "$FIX/basic" >/dev/null 2>&1
is "$(cat "$TMP/p.count")" "$(cat "$TMP/s.count")" "-c -P: the same table as strace"

"$PROCSCOPE" trace -P 2>"$TMP/e"
is "$?" "2" "-P without a path: exit 2"
is "$(head -1 "$TMP/e")" "procscope: trace: option -P needs an argument (see 'procscope trace --help')" \
   "-P without a path: said so, with where help is"

done_testing
