#!/bin/sh
# run_burst.sh - `smppconsole burst` against the Net::SMPP SMSC (netsmpp_smsc.pl), which
# nobody here wrote: the SMSC must receive exactly the traffic asked for.
#   BIN=/tmp/smppconsole OUT=/tmp/interop-burst sh interop/run_burst.sh [COUNT RATE BINDS]
# Checks, from the SMSC's own log: the number of binds, the number of submit_sm, that every
# text is distinct, and the submit_sm per second (each full second within 2% of RATE); and
# that tshark reads the capture with no malformed PDU and the same submit_sm count.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${BIN:-/tmp/smppconsole}
OUT=${OUT:-/tmp/interop-burst}
COUNT=${1:-3000}; RATE=${2:-500}; BINDS=${3:-2}
mkdir -p "$OUT"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tshark -i lo -f "tcp port $port" -w "$OUT/burst.pcap" -q >"$OUT/tshark.log" 2>&1 &
tpid=$!
i=0; until grep -q 'Capture started' "$OUT/tshark.log" 2>/dev/null || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
sleep 1
perl "$HERE/netsmpp_smsc.pl" --port "$port" --conns "$BINDS" >"$OUT/smsc.log" 2>&1 &
spid=$!
i=0; until grep -q listening "$OUT/smsc.log" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i+1)); done
"$BIN" burst --host 127.0.0.1 --port "$port" --system-id x --password y --binds "$BINDS" \
    --count "$COUNT" --rate "$RATE" --to '4477009{range:00000-99999}' --text 'burst {seq} {uuid}' \
    --json >"$OUT/report.json" 2>"$OUT/burst.err"
rc=$?
wait "$spid"; src=$?
sleep 0.5; kill -INT "$tpid"; wait "$tpid"
python3 - "$OUT" "$COUNT" "$RATE" "$BINDS" "$rc" "$src" "$port" <<'PY'
import collections, json, re, subprocess, sys
out, count, rate, binds, rc, src, port = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
log = open(out + "/smsc.log").read().splitlines()
nbinds = sum(1 for l in log if "<- bind_" in l)
subs = [float(l.split()[1]) for l in log if "<- submit_sm " in l]
texts = [m.group(1) for l in log for m in [re.search(r'REASSEMBLED .*?: "(.*)" \[', l)] if m]
per = collections.Counter(int(t - subs[0]) for t in subs) if subs else {}
full = [per[s] for s in sorted(per)[:-1]]   # the last second is partial
worst = max((abs(n - rate) / rate for n in full), default=1)
pdus = subprocess.run(["tshark", "-r", out + "/burst.pcap", "-d", "tcp.port==%s,smpp" % port, "-Y", "smpp.command_id == 0x00000004",
                       "-T", "fields", "-e", "smpp.sequence_number"], capture_output=True, text=True).stdout.replace(",", " ").split()
bad = subprocess.run(["tshark", "-r", out + "/burst.pcap", "-d", "tcp.port==%s,smpp" % port, "-Y", "_ws.malformed || _ws.expert.severity >= warning"],
                     capture_output=True, text=True).stdout.strip()
rep = json.load(open(out + "/report.json"))
ok = (rc == "0" and src == "0" and nbinds == binds and len(subs) == count and len(set(texts)) == count
      and worst <= 0.02 and len(pdus) >= count and not bad)
print("burst exit %s, smsc exit %s; binds %d (want %d); submit_sm at the SMSC %d, distinct texts %d (want %d); "
      "per second %s (worst %.2f%% off %g); tshark: %d submit_sm, %s; report accepted %s -> %s" % (
      rc, src, nbinds, binds, len(subs), len(set(texts)), count, full, worst * 100, rate, len(pdus),
      "clean" if not bad else "FLAGGED:\n" + bad, rep.get("counts", {}).get("outcomes", {}).get("accepted"), "PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
PY
