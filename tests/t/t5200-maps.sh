#!/bin/sh
# t5200-maps.sh: procscope maps against pmap -x (every row's address, size,
# RSS, dirty and mode, and the totals) and ldd (--libs), the regions of a
# known process, JSON, a denied and a vanished process.
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

pids=
trap 'kill -9 $pids 2>/dev/null; rm -rf "$TMP"' EXIT
"$FIX/proc_threads" >"$TMP/fx" &
fx=$!
pids=$fx
for i in $(seq 100); do [ -s "$TMP/fx" ] && break; sleep 0.05; done

out=$("$PROCSCOPE" maps $fx)
ok $? "maps exits 0"
pm=$(pmap -x $fx)
is "$(printf '%s\n' "$out" | head -1)" "$(printf '%s\n' "$pm" | head -1)" "first line: pid and command, as pmap"
is "$(printf '%s\n' "$out" | sed -n 2p | tr -s ' ')" "Address Kbytes RSS Dirty Mode Region Mapping" \
	"header: pmap -x's columns plus Region"
is "$(printf '%s\n' "$out" | sed '1,2d;/^---/,$d' | awk '{print $1, $2, $3, $4, $5}')" \
	"$(printf '%s\n' "$pm" | sed '1,2d;/^---/,$d' | awk '{print $1, $2, $3, $4, $5}')" \
	"every row's address, Kbytes, RSS, Dirty and Mode agree with pmap -x"
is "$(printf '%s\n' "$out" | tail -1 | tr -s ' ')" "$(printf '%s\n' "$pm" | tail -1 | tr -s ' ')" \
	"totals agree with pmap -x"
region() { printf '%s\n' "$out" | sed '1,2d;/^---/,$d' | awk -v r="$1" '$6 == r' | head -1; }
like "$(region text)" " r-x-- text +proc_threads\$" "the program's code is text"
like "$(region data)" " rw--- data +proc_threads\$" "the program's writable segment is data"
like "$(region heap)" " heap +\[ anon \]\$" "heap"
like "$(region stack)" " stack +\[ stack \]\$" "stack"
like "$(region vdso)" " r-x-- vdso " "vdso"
like "$(region lib)" " lib +(libc\.so\.6|ld-linux)" "shared libraries are lib"
like "$(region shm)" "^[0-9a-f]+ +64 +64 +64 rw-s- shm +zero \(deleted\)\$" "the shared anonymous mapping is shm"
like "$(region bss)" " rw--- bss " "anonymous memory after a file's data is bss"

# --libs: the ldd of the live process.
is "$("$PROCSCOPE" maps --libs $fx | awk '{print $1}' | xargs -n1 basename | sort)" \
	"$(ldd "$FIX/proc_threads" | awk '{print $1}' | xargs -n1 basename | sort)" "--libs names what ldd names"
like "$("$PROCSCOPE" maps --libs $fx)" "^	libc\.so\.6 => /.*libc\.so\.6 \(0x[0-9a-f]{16}\)\$" "--libs: ldd's line format"

# JSON
js=$("$PROCSCOPE" maps --json $fx)
ok $? "--json exits 0"
is "$(printf '%s' "$js" | jq -r .schema)" "procscope.maps/1" "JSON schema"
is "$(printf '%s' "$js" | jq -r '.totals | "\(.size_kb) \(.rss_kb) \(.dirty_kb)"')" \
	"$(printf '%s\n' "$pm" | tail -1 | awk '{print $3, $4, $5}')" "JSON totals agree with pmap"
is "$(printf '%s' "$js" | jq '.mappings | length')" "$(printf '%s\n' "$pm" | sed '1,2d;/^---/,$d' | wc -l)" \
	"JSON has one mapping per pmap row"
is "$(printf '%s' "$js" | jq -r '.mappings[] | select(.region == "text") | .path')" "$(readlink /proc/$fx/exe)" \
	"JSON text mapping's path is the exe"
is "$(printf '%s' "$js" | jq -r '.mappings[0].start')" "0x$(head -1 /proc/$fx/maps | cut -d- -f1 | sed 's/^0*//')" \
	"JSON addresses are hex strings"
is "$(printf '%s' "$js" | jq -r '.libs[] | select(.name == "libc.so.6") | .deleted')" false "JSON libs"

# Denied and vanished.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PROCSCOPE" maps $fx 2>&1 >/dev/null)
	is "$?" 1 "as nobody, maps of a root process exits 1"
	is "$err" "procscope: read /proc/$fx/smaps: Permission denied" "as nobody: the denied file is named"
else
	ok 0 "# SKIP not root"
	ok 0 "# SKIP not root"
fi
sleep 300 &
gone=$!
kill -9 $gone
wait $gone 2>/dev/null
err=$("$PROCSCOPE" maps $gone 2>&1 >/dev/null)
is "$?" 1 "a vanished pid exits 1"
is "$err" "procscope: process $gone: no such process" "a vanished pid is reported as gone"
"$PROCSCOPE" maps x >/dev/null 2>&1
is "$?" 2 "a bad pid is a usage error"
like "$("$PROCSCOPE" maps --help)" "^examples:" "--help has examples"
done_testing
