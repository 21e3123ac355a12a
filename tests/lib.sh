# tests/lib.sh: a small TAP library for the shell tests.
#
#   . "$TOP/tests/lib.sh"
#   is "$got" "$want" "description"
#   like "$got" 'grep -E regex' "description"
#   ok_cmd "description" command args...
#   skip_all "reason"
#   done_testing
#
# $PROCSCOPE is the binary under test; $B the build directory; $TMP a scratch
# directory removed at exit.
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${B:=build}"
: "${PROCSCOPE:=$TOP/$B/procscope}"
case "$B" in /*) BD=$B ;; *) BD=$TOP/$B ;; esac
FIX=$BD/fixtures
TMP=$(mktemp -d "${TMPDIR:-/tmp}/procscope-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
_n=0
_failed=0

# Set TODO="reason" before assertions that test work not done yet: they are
# reported as TAP TODO (shown by prove, not counted as failures). Unset it after.
# tests/todo.txt lists assertions of work not done yet ("tNNNN-name.sh N reason"):
# they run and report, as TODO, until the work lands and the line is removed.
_self=$(basename "$0")
ok() { # ok STATUS DESCRIPTION
	_n=$((_n + 1))
	_todo=${TODO:-}
	if [ -z "$_todo" ] && [ -f "$TOP/tests/todo.txt" ]; then
		_todo=$(awk -v f="$_self" -v n="$_n" '$1 == f && $2 == n { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' "$TOP/tests/todo.txt")
	fi
	_ok "$1" "$2" "$_todo"
}

_ok() { # _ok STATUS DESCRIPTION TODO-REASON
	_last_failed=0
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2${3:+ # TODO $3}"
	elif [ -n "$3" ]; then
		echo "not ok $_n - $2 # TODO $3"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
		_last_failed=1
		# prove shows a test's stderr even when not verbose: CI's log then
		# says which assertion failed and (diag below) why.
		echo "not ok $_n - $2" >&2
	fi
}

# After a failed assertion the lines go to stderr too, for the same reason.
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
	[ "${_last_failed:-0}" = 1 ] && printf '%s\n' "$@" | sed 's/^/# /' >&2
	return 0
}

is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:  '$1'" "want: '$2'"
	fi
}

like() { # like TEXT EXTENDED-REGEX DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "no line matches: $2" "in:" "$(printf '%s\n' "$1" | head -8)"
	fi
}

unlike() { # unlike TEXT EXTENDED-REGEX DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		diag "unexpected match: $2" "$(printf '%s\n' "$1" | grep -E -- "$2" | head -5)"
	else
		ok 0 "$3"
	fi
}

has_line() { # has_line TEXT EXACT-LINE DESCRIPTION
	if printf '%s\n' "$1" | grep -Fxq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "missing line: $2" "in:" "$(printf '%s\n' "$1" | head -8)"
	fi
}

ok_cmd() { # ok_cmd DESCRIPTION CMD...
	_d=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$_d"
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
	exit $?
}
