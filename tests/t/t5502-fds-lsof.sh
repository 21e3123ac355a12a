#!/bin/sh
# procscope fds agrees with `lsof -n -P +E` on the fdkinds fixture and its
# child: every column of every row both print. NAME: ours starts with
# lsof's (we add details after it); COMMAND: lsof cuts it to 9 characters.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

[ -x "$FIX/fdkinds" ] || skip_all "fixture fdkinds not built"
command -v lsof >/dev/null || skip_all "lsof not installed"

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
P=$(sed -n 's/^pid=//p' "$TMP/fk.out")
C=$(sed -n 's/^child=//p' "$TMP/fk.out")

# Split lsof-style columns: COMMAND, PID, USER and FD are the first four
# words; TYPE, DEVICE, SIZE/OFF and NODE are right-aligned (they end where
# their header ends; DEVICE may be blank), NAME starts where its header
# starts. Prints
# "PID FD|COMMAND|USER|TYPE|DEVICE|SIZE/OFF|NODE|NAME" with spaces trimmed.
cat >"$TMP/cols.awk" <<'EOF'
function trim(s) { sub(/^ +/, "", s); sub(/ +$/, "", s); return s }
NR == 1 {
	n = split("PID USER FD TYPE DEVICE SIZE/OFF NODE NAME", h, " ")
	for (k = 1; k <= n; k++)
		at[h[k]] = index($0, h[k])
	e_type = at["TYPE"] + 3
	e_dev = at["DEVICE"] + 5; e_size = at["SIZE/OFF"] + 7; e_node = at["NODE"] + 3
	next
}
{
	# COMMAND and USER are left-aligned words; the rest is cut at the ends.
	split($0, w, " ")
	pid = w[2]
	fd = w[4]
	type = trim(substr($0, 1, e_type)); sub(/.* /, "", type)
	dev = trim(substr($0, e_type + 1, e_dev - e_type))
	size = trim(substr($0, e_dev + 1, e_size - e_dev))
	node = trim(substr($0, e_size + 1, e_node - e_size))
	name = trim(substr($0, at["NAME"]))
	if (fd == "mem" || fd == "DEL")
		fd = fd ":" node # one row per mapped file
	printf "%s %s|%s|%s|%s|%s|%s|%s|%s\n", pid, fd, substr(w[1], 1, 9), w[3], type, dev, size, node, name
}
EOF

lsof -n -P +E -p "$P,$C" >"$TMP/lsof.raw" 2>/dev/null
awk -f "$TMP/cols.awk" "$TMP/lsof.raw" | sort >"$TMP/lsof"
"$PROCSCOPE" fds -p "$P,$C" >"$TMP/ours.raw"
ok $? "fds -p PID,CHILD exits 0"
awk -f "$TMP/cols.awk" "$TMP/ours.raw" | sort >"$TMP/ours"

# lsof +E also lists the endpoint processes' own rows for other processes;
# keep only the two processes we asked about.
grep -E "^($P|$C) " "$TMP/lsof" >"$TMP/lsof.sel"
nl=$(wc -l <"$TMP/lsof.sel")
[ "$nl" -gt 30 ] || skip_all "lsof listed only $nl rows"

missing=0
while IFS='|' read -r key cmd user type dev size node name; do
	ours=$(grep -F "$key|" "$TMP/ours" | head -1)
	if [ -z "$ours" ]; then
		ok 1 "row $key ($type $name) is listed"
		missing=$((missing + 1))
		continue
	fi
	IFS='|' read -r okey ocmd ouser otype odev osize onode oname <<EOF2
$ours
EOF2
	is "$ocmd|$ouser|$otype|$odev|$osize|$onode" "$cmd|$user|$type|$dev|$size|$node" \
		"row $key: COMMAND USER TYPE DEVICE SIZE/OFF NODE as lsof"
	case "$oname" in
	"$name" | "$name "*) ok 0 "row $key: NAME starts with lsof's ($name)" ;;
	*)
		ok 1 "row $key: NAME starts with lsof's"
		diag "lsof: $name" "ours: $oname"
		;;
	esac
done <"$TMP/lsof.sel"
is "$missing" 0 "every lsof row has its row"

# And no row of ours is unknown to lsof.
cut -d'|' -f1 "$TMP/lsof.sel" | sort -u >"$TMP/k.lsof"
cut -d'|' -f1 "$TMP/ours" | sort -u >"$TMP/k.ours"
is "$(comm -13 "$TMP/k.lsof" "$TMP/k.ours" | tr '\n' ' ')" "" "no rows lsof does not have"

done_testing
