#!/bin/sh
# procscope fds selections: --path (who has this file open), --port (who
# listens on or talks through this port), -p and -c, over every process.
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
keys() { tail -n +2 | awk '{print $2 " " $4}' | sort | tr '\n' ' '; }

# --path over every process: exactly the fixture's fds on that file.
is "$("$PROCSCOPE" fds --path "$TMP/fk/regular" | keys)" "$P $(v regular)w " "--path FILE: the one process and fd"
is "$("$PROCSCOPE" fds --path "$TMP/fk/fifo" | keys)" "$(printf '%s\n' "$C $(v child_fifo_w)w" "$P $(v fifo)r" | sort | tr '\n' ' ')" \
	"--path FIFO: both ends, in both processes"
is "$("$PROCSCOPE" fds --path "$TMP/fk" | keys)" "$(printf '%s\n' "$P $(v dir)r" "$P cwd" "$C cwd" | sort | tr '\n' ' ')" \
	"--path DIR: the open dir and both cwds"
like "$("$PROCSCOPE" fds -p "$P" --path "$FIX/fdkinds")" "^fdkinds +$P .* txt +REG " "--path PROGRAM: the txt row"
"$PROCSCOPE" fds --path "$TMP/fk.err" --json >"$TMP/j"
is "$(jq -c "[.processes[] | select(.pid == $P) | .fds[] | .fd]" "$TMP/j")" "[2]" "--path with --json: only the matching fd"
is "$(jq '[.processes[] | select(.fds == [])] | length' "$TMP/j")" "0" "--path with --json: no empty processes"

# --port over every process: listener, client and accepted end.
port=$(v tcp_port)
is "$("$PROCSCOPE" fds --port "$port" | keys)" \
	"$(printf '%s\n' "$P $(v tcp_listen)u" "$P $(v tcp_client)u" "$P $(v tcp_accepted)u" | sort | tr '\n' ' ')" \
	"--port N: the listener and both ends of the connection"
is "$("$PROCSCOPE" fds --port "$(v tcp_client_port)" | keys)" \
	"$(printf '%s\n' "$P $(v tcp_client)u" "$P $(v tcp_accepted)u" | sort | tr '\n' ' ')" \
	"--port of the client side: both ends"
is "$("$PROCSCOPE" fds --port "$(v udp_port)" | keys)" "$P $(v udp)u " "--port finds UDP too"
[ -z "$("$PROCSCOPE" fds -p "$P" --port 1 | tail -n +2)" ]
ok $? "--port with no match: header only"

# -c: prefix of the command, both processes; -p: a list.
# (Other fdkinds may run at the same time: check ours are in, others out.)
"$PROCSCOPE" fds -c fdkind --no-mem >"$TMP/c"
is "$(awk -v p="$P" -v c="$C" 'NR > 1 && ($2 == p || $2 == c) {print $2}' "$TMP/c" | sort -u | tr '\n' ' ')" \
	"$(printf '%s\n' "$P" "$C" | sort | tr '\n' ' ')" "-c PREFIX selects by command"
is "$(awk 'NR > 1 && $1 != "fdkinds"' "$TMP/c")" "" "-c PREFIX selects nothing else"
is "$("$PROCSCOPE" fds -p "$C,$P" --no-mem | awk 'NR > 1 {print $2}' | sort -u | tr '\n' ' ')" \
	"$(printf '%s\n' "$P" "$C" | sort | tr '\n' ' ')" "-p PID,PID"
unlike "$("$PROCSCOPE" fds -p "$P" --no-mem)" " mem " "--no-mem leaves out mem rows"

# The whole system, as lsof: our fixture is in it, with its peers.
"$PROCSCOPE" fds >"$TMP/all" 2>"$TMP/all.err"
is "$?" 0 "fds with no selection exits 0"
like "$(cat "$TMP/all")" "^fdkinds +$P .* $(v pipe_r)r +FIFO .* pipe $C,fdkinds,$(v child_pipe_w)w$" "every process: fixture's pipe row"
ok_cmd "every process, JSON is valid" sh -c "'$PROCSCOPE' fds --json | jq -e '.processes | length > 1'"

done_testing
