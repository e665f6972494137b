#!/bin/sh
# run_ops.sh - query, replace, cancel, submit_multi, data_sm and raw PDUs from
# `smppconsole` against the Net::SMPP SMSC (netsmpp_smsc.pl --store), captured by tshark.
# Prints what each command printed and exited with, then tshark's verdict on the capture.
#
#   BIN=/tmp/smppconsole OUT=/tmp/interop PORT=27752 sh interop/run_ops.sh
set -u
BIN=${BIN:-/tmp/smppconsole}; OUT=${OUT:-/tmp/interop}; P=${PORT:-27752}
DIR=$(dirname "$0")
mkdir -p "$OUT"
perl "$DIR/netsmpp_smsc.pl" --port "$P" --mode ok --conns 9 --store "$OUT/ops.store" 2> "$OUT/ops.smsc.log" & SMSC=$!
tshark -i lo -f "tcp port $P" -w "$OUT/ops.pcap" 2> "$OUT/ops.tshark.err" & TS=$!
sleep 3   # tshark needs a moment before it captures
export SMPP_PASSWORD=y
A="--host 127.0.0.1 --port $P --system-id x"
step() {
    echo "== $*"
    "$BIN" "$@" $A > "$OUT/ops.step" 2>&1; rc=$?
    grep -v '^connecting' "$OUT/ops.step"; echo "exit $rc"
}
ID=$("$BIN" send $A --from MyBrand --to 447700900123 --text hello --json 2>/dev/null | grep -o '"message_id":"[^"]*"' | cut -d'"' -f4)
echo "== send: message_id $ID"
step query --id "$ID" --from MyBrand
step replace --id "$ID" --from MyBrand --text "hello again" --validity 2h --registered-delivery 1
step cancel --id "$ID" --from MyBrand --to 447700900123
step query --id "$ID" --from MyBrand
step query --id FFFF --from MyBrand
step send --op submit_multi --from MyBrand --to 447700900123 --to "447700900124;447700900999;dl:staff" --text "hi all"
step send --op data_sm --from MyBrand --to 447700900123 --text "hello data"
step send --raw "00000010 00000015 00000000 00000001"
sleep 1
kill -INT $TS; wait $TS
wait $SMSC; echo "smsc exit $?"
echo "== tshark: SMPP PDUs malformed or with warnings (none wanted):"
tshark -r "$OUT/ops.pcap" -d tcp.port=="$P",smpp -Y 'smpp && (_ws.malformed || _ws.expert.severity >= warning)' 2>/dev/null
tshark -r "$OUT/ops.pcap" -d tcp.port=="$P",smpp -Y smpp -T fields -e smpp.command_id 2>/dev/null | tr , '\n' | sort | uniq -c
