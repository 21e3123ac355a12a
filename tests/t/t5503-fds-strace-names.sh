#!/bin/sh
# fd_describe_strace (procscope fds --decode-fds) names each fd exactly as
# strace -yy / -y / --decode-fds=SET print it inside "FD<...>": the fdkinds
# fixture runs under strace and touches every fd with fcntl(F_GETFD).
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

[ -x "$FIX/fdkinds" ] || skip_all "fixture fdkinds not built"
command -v strace >/dev/null || skip_all "strace not installed"

run() { # run NAME STRACE-DECODE-OPTION OUR-SET
	mkdir "$TMP/$1"
	(cd "$TMP/$1" && FDKINDS_TOUCH=1 exec strace -o "$TMP/$1.st" -e trace=fcntl $2 \
		"$FIX/fdkinds" "$TMP/$1" <"/dev/null" >"$TMP/$1.out" 2>"$TMP/$1.err") &
	SPID=$!
	i=0
	until grep -qx ready "$TMP/$1.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -ge 200 ]; then
			ok 1 "$1: fixture started under strace"
			cat "$TMP/$1.err" >&2
			return
		fi
		sleep 0.05
	done
	P=$(sed -n 's/^pid=//p' "$TMP/$1.out")
	# strace: "fcntl(3<pipe:[123]>, F_GETFD) = 0" -> "3<pipe:[123]>"
	sed -n 's/^fcntl(\([0-9][0-9]*\(<.*>\(([a-z]*)\)\{0,1\}\)\{0,1\}\), F_GETFD).* = [0-9x].*/\1/p' \
		"$TMP/$1.st" | sort >"$TMP/$1.want"
	"$PROCSCOPE" fds --decode-fds="$3" -p "$P" | sed "s/^$P //" | sort >"$TMP/$1.got"
	ok $? "$1: fds --decode-fds=$3 exits 0"
	kill "$(sed -n 's/^pid=//p' "$TMP/$1.out")" 2>/dev/null
	wait $SPID 2>/dev/null
	n=$(wc -l <"$TMP/$1.want")
	[ "$n" -ge 25 ]
	ok $? "$1: strace printed $n fds"
	while read -r line; do
		fd=${line%%[<]*}
		is "$(grep "^$fd\(<\|\$\)" "$TMP/$1.got")" "$line" "$1: fd $fd as strace $2 prints it"
	done <"$TMP/$1.want"
}

run yy -yy all
run y -y path
run socket --decode-fds=socket socket
run dev --decode-fds=dev dev
run pidfd --decode-fds=pidfd pidfd

# A process that does not exist: one line on stderr, status 1.
"$PROCSCOPE" fds --decode-fds -p 999999999 >"$TMP/o" 2>"$TMP/err"
is "$?" 1 "--decode-fds on a missing pid exits 1"
is "$(cat "$TMP/err")" "procscope fds: process 999999999: No such process" "and says so"
is "$(cat "$TMP/o")" "" "and prints nothing"
done_testing
