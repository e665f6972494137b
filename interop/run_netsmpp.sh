#!/bin/sh
# run_netsmpp.sh - run `smppconsole send` against the Net::SMPP SMSC (netsmpp_smsc.pl)
# in every scenario, capturing loopback with tshark, and print one verdict line each.
#   BIN=/tmp/smppconsole OUT=/tmp/interop [GOLIB=/tmp/golib] [LIBSMPP34=/tmp/libsmpp34_smsc] \
#       sh interop/run_netsmpp.sh [scenario ...]
# Needs perl with Net::SMPP, tshark (root, or a user allowed to capture on lo), python3
# (to find a free port). Every process it starts is stopped by its own PID.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${BIN:-/tmp/smppconsole}
OUT=${OUT:-/tmp/interop}
mkdir -p "$OUT"
LONG=$(python3 -c 'print(("Interop check of long messages against Net::SMPP. " * 7)[:300])')
EMOJI='Emoji 😀 and € £ ñ 漢字 🚀 end'
LONGU=$(python3 -c 'print(("UCS2 long 😀 € 漢字 " * 12)[:150])')
status=0

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# run NAME MODE DLRID WANT_EXIT -- send flags...
run() {
    name=$1 mode=$2 dlrid=$3 want=$4; shift 5
    port=$(freeport)
    pcap=$OUT/$name.pcap
    tshark -i lo -f "tcp port $port" -w "$pcap" -q >"$OUT/$name.tshark.log" 2>&1 &
    tpid=$!
    i=0; until grep -q 'Capture started' "$OUT/$name.tshark.log" 2>/dev/null || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
    sleep 1 # the filter is attached a moment after tshark says it started
    case $mode in
    libsmpp34) "$LIBSMPP34" "$port" "$dlrid" >"$OUT/$name.smsc.log" 2>&1 & ;;
    *) perl "$HERE/netsmpp_smsc.pl" --port "$port" --mode "$mode" --dlr-id "$dlrid" >"$OUT/$name.smsc.log" 2>&1 & ;;
    esac
    spid=$!
    i=0; until grep -q listening "$OUT/$name.smsc.log" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i+1)); done
    t0=$(date +%s.%N)
    if [ "$1" = golib ]; then
        "$GOLIB" -addr "127.0.0.1:$port" >"$OUT/$name.out" 2>"$OUT/$name.err"
    else
        "$BIN" send --host 127.0.0.1 --port "$port" --system-id x --password y "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
    fi
    rc=$?
    t1=$(date +%s.%N)
    i=0; while kill -0 "$spid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
    kill "$spid" 2>/dev/null; wait "$spid"; src=$?
    sleep 0.5; kill -INT "$tpid"; wait "$tpid"
    bad=$(tshark -r "$pcap" -d "tcp.port==$port,smpp" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null)
    nbad=$(printf '%s' "$bad" | grep -c .)
    npdu=$(tshark -r "$pcap" -d "tcp.port==$port,smpp" -Y smpp -T fields -e smpp.command_id 2>/dev/null | tr ',' '\n' | grep -c .)
    verdict="tshark clean ($npdu PDUs)"
    [ "$nbad" -ne 0 ] && verdict="tshark: $nbad flagged frame(s)"
    [ "$npdu" -eq 0 ] && verdict="tshark: nothing captured" && nbad=1
    ok=PASS
    [ "$rc" != "$want" ] && ok=FAIL
    [ "$src" != 0 ] && [ -z "${ANYSMSC:-}" ] && ok="$ok(smsc=$src)" && ok=FAIL
    # Optional checks of what the SMSC saw: a line it must have logged, how many binds.
    if [ -n "${EXPECT:-}" ] && ! grep -qE -- "$EXPECT" "$OUT/$name.smsc.log"; then ok="FAIL(smsc never logged /$EXPECT/)"; fi
    if [ -n "${NOTSAID:-}" ] && grep -qE -- "$NOTSAID" "$OUT/$name.out" "$OUT/$name.err"; then ok="FAIL(client said /$NOTSAID/)"; fi
    if [ -n "${BINDS:-}" ]; then
        nb=$(grep -c -- '<- bind_' "$OUT/$name.smsc.log")
        [ "$nb" != "$BINDS" ] && ok="FAIL($nb binds, want $BINDS)"
    fi
    # The Net::SMPP server logs each message it reassembled: it must be the text sent.
    text=; prev=
    for a in "$@"; do [ "$prev" = --text ] && text=$a; prev=$a; done
    if [ -n "$text" ] && [ "$want" = 0 ] && [ "$mode" = ok ] && ! grep -qF "\"$text\"" "$OUT/$name.smsc.log"; then
        ok="FAIL(text not reassembled)"
    fi
    [ "$ok" = PASS ] || status=1
    printf '%-14s exit %s (want %s) in %.1fs  smsc rc %s  %s  %s\n' "$name" "$rc" "$want" \
        "$(echo "$t1 - $t0" | bc)" "$src" "$verdict" "$ok"
    [ "$nbad" -ne 0 ] && printf '%s\n' "$bad" | sed 's/^/    /'
    return 0
}

want() { [ $# -eq 0 ] && return 0; for s in "$@"; do [ "$s" = "$SC" ] && return 0; done; return 1; }
ALL="$*"
sc() { SC=$1; shift; want $ALL && run "$SC" "$@"; }

J="--json"
sc dlr-dec      ok dec 0 -- --to 447700900123 --text hi --wait-dlr 10s $J
sc dlr-same     ok same 0 -- --to 447700900123 --text hi --wait-dlr 10s $J
sc dlr-tlv      ok tlv 0 -- --to 447700900123 --text hi --wait-dlr 10s $J
sc long-udh     ok dec 0 -- --to 447700900123 --text "$LONG" --split udh --wait-dlr 10s $J
sc long-udh16   ok dec 0 -- --to 447700900123 --text "$LONG" --split udh16 --wait-dlr 10s $J
sc long-sar     ok dec 0 -- --to 447700900123 --text "$LONG" --split sar --wait-dlr 10s $J
sc long-payload ok dec 0 -- --to 447700900123 --text "$LONG" --split payload --wait-dlr 10s $J
sc ucs2         ok dec 0 -- --to 447700900123 --text "$EMOJI" --wait-dlr 10s $J
sc ucs2-long    ok dec 0 -- --to 447700900123 --text "$LONGU" --split sar --wait-dlr 10s $J
sc human        ok dec 0 -- --to +447700900123 --text "$LONG" --wait-dlr 10s
sc badpass      badpass dec 3 -- --to 447700900123 --text hi
sc badpass-bare badpass-bare dec 3 -- --to 447700900123 --text hi
sc enquire      enquire dec 4 -- --to 447700900123 --text hi --wait-dlr 10s $J
sc silent       silent dec 4 -- --to 447700900123 --text hi --resp-timeout 3s $J
# Issue 8: numbers as operators type them reach the SMSC as TON 1 with no prefix.
EXPECT='to=447700900123 ton=1 npi=1 ' sc intl-00 ok dec 0 -- --to 00447700900123 --text hi --wait-dlr 10s $J
EXPECT='to=447700900123 ton=1 npi=1 ' sc intl-spaced ok dec 0 -- --to '+44 7700 900123' --text hi --wait-dlr 10s $J
EXPECT='to=447700900123 ton=1 npi=1 ' sc intl-paren ok dec 0 -- --to '(0044) 7700-900.123' --text hi --wait-dlr 10s $J
# Refused before any traffic: no text, an alphanumeric destination, an impossible time.
# The SMSC never gets a connection, so its exit code is not checked.
ANYSMSC=1 BINDS=0 sc no-text ok dec 2 -- --to 447700900123
ANYSMSC=1 BINDS=0 sc alnum-dest ok dec 2 -- --to abc --text hi
ANYSMSC=1 BINDS=0 sc bad-time ok dec 2 -- --to 447700900123 --text hi --validity 991332250000000+
# A slow SMSC (every response 2 s late) with --resp-timeout 1s: the submit times out
# (exit 4), but the link is not declared dead and is bound exactly once. The SMSC's exit
# code is not checked: it writes its late answer after the client has gone.
ANYSMSC=1 BINDS=1 NOTSAID='dead|enquire_link' sc slow slow dec 4 -- --to 447700900123 --text hi --resp-timeout 1s $J
# The SMSC drops the link after the submit_sm_resp: the receipt is missing (exit 4).
ANYSMSC=1 sc drop drop dec 4 -- --to 447700900123 --text hi --wait-dlr 3s $J
# The library from a program outside the module (see README.md); skipped without GOLIB.
[ -n "${GOLIB:-}" ] && sc golib ok dec 0 -- golib
# The C server on libsmpp34 (see README.md); skipped without LIBSMPP34.
if [ -n "${LIBSMPP34:-}" ]; then
    sc c-dlr       libsmpp34 dec 0 -- --to 447700900123 --text hi --wait-dlr 10s $J
    sc c-dlr-tlv   libsmpp34 tlv 0 -- --to 447700900123 --text hi --wait-dlr 10s $J
    sc c-long-udh  libsmpp34 dec 0 -- --to 447700900123 --text "$LONG" --split udh --wait-dlr 10s $J
    sc c-long-sar  libsmpp34 dec 0 -- --to 447700900123 --text "$LONG" --split sar --wait-dlr 10s $J
    sc c-payload   libsmpp34 dec 0 -- --to 447700900123 --text "$LONG" --split payload --wait-dlr 10s $J
    sc c-ucs2      libsmpp34 dec 0 -- --to 447700900123 --text "$EMOJI" --wait-dlr 10s $J
    [ -n "${GOLIB:-}" ] && sc c-golib libsmpp34 dec 0 -- golib
fi
exit $status
