package dissect

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"

	"github.com/smppconsole/smppconsole/wire"
)

var (
	updateGolden = flag.Bool("update", false, "rewrite testdata/presentation.golden")
	dumpGolden   = flag.String("dump", "", "write every case's presentation to this file, to diff two versions")
)

// goldenBases are PDUs of every type, well formed and not; goldenCorpus adds every
// prefix of each (command_length kept, and command_length fixed up) and a few damaged
// octets, so the damaged-PDU presentation is pinned as well as the good one.
func goldenBases(t testing.TB) [][]byte {
	var out [][]byte
	add := func(s string) { out = append(out, mustHex(t, s)) }
	add("00000018 00000003 00000000 00000001 00 000000 00000000")
	add("00000010 80000009 0000000e 00000001")
	add("0000002f 00000009 00000000 00000001 7379730068756e74657232000000340101003100")
	add("00000041 00000004 00000000 00000002 00 0101 3434373730303930303132330001013434373730303930303132330040000000000000000008 0500032a0201 4869")
	add("00000030 00000005 00000000 00000003 00 0101 343400 0101 343500 04 00 00 00 00 00 00 05 00 04 deadbeef")
	add("0000002b 00000004 00000000 00000002 00 0000 00 0000 00 40 00 00 00 00 00 00 00 00 05 09000341 4243")
	b, err := os.ReadFile("testdata/netsmpp.hex")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			add(line[2:])
		}
	}
	bind := pdu.NewBindRequest(pdu.Transceiver)
	bind.SystemID, bind.Password, bind.SystemType = "smppclient1", "s3cret", "VMA"
	bind.AddressRange.AddressRange = "^44"
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.SourceAddr = pdu.NewAddressWithTonNpi(5, 0)
	_ = sm.SourceAddr.SetAddress("MyBrand")
	sm.DestAddr = pdu.NewAddressWithTonNpi(1, 1)
	_ = sm.DestAddr.SetAddress("447700900123")
	sm.RegisteredDelivery = 0x11
	sm.ProtocolID, sm.PriorityFlag = 1, 3
	_ = sm.ScheduleDeliveryTime
	msg, _ := pdu.NewShortMessageWithEncoding("Привет", data.UCS2)
	sm.Message = msg
	dlr := pdu.NewDeliverSM().(*pdu.DeliverSM)
	dlr.EsmClass = 0x04
	_ = dlr.SourceAddr.SetAddress("447700900123")
	_ = dlr.DestAddr.SetAddress("MyBrand")
	txt, _ := pdu.NewShortMessage("id:1A2B sub:001 dlvrd:001 submit date:2611252030 done date:2611252031 stat:DELIVRD err:000 text:Hello")
	dlr.Message = txt
	for _, p := range []pdu.PDU{bind, sm, dlr, pdu.NewEnquireLink(), pdu.NewUnbind(), sm.GetResponse(), dlr.GetResponse(),
		bind.GetResponse(), pdu.NewQuerySM(), pdu.NewCancelSM(), pdu.NewReplaceSM(), pdu.NewDataSM(), pdu.NewSubmitMulti(),
		pdu.NewGenericNack(), pdu.NewAlertNotification(), pdu.NewOutbind()} {
		out = append(out, wire.Marshal(p, 7))
	}
	out = append(out, wire.Marshal(dlr, 8, wire.CStringTLV(wire.TagReceiptedMessageID, "1A2B"), wire.Uint8TLV(wire.TagMessageState, 2),
		wire.TLV{Tag: wire.TagNetworkErrorCode, Value: []byte{3, 0, 1}}, wire.TLV{Tag: 0x1500, Value: []byte{1, 2, 3, 4}},
		wire.TLV{Tag: wire.TagSarMsgRefNum, Value: []byte{0, 1, 2, 3}}, wire.Uint8TLV(wire.TagScInterfaceVersion, 0x34), wire.TLV{Tag: 0x7777}))
	ds := pdu.NewDataSM().(*pdu.DataSM)
	ds.EsmClass = 0x04
	_ = ds.SourceAddr.SetAddress("447700900123")
	out = append(out, wire.Marshal(ds, 9, wire.CStringTLV(wire.TagReceiptedMessageID, "77"), wire.Uint8TLV(wire.TagMessageState, 5),
		wire.TLV{Tag: wire.TagMessagePayload, Value: []byte("id:77 stat:UNDELIV err:001")}))
	// Hand-built: submit_multi with an SME and a list, its resp with unsuccess_sme,
	// query_sm_resp, cancel_sm, replace_sm with times, alert_notification, an unknown
	// command, a broadcast command, a too-long system_id, a bad dest_flag.
	add("00000000 00000021 00000000 00000003 00 0101 343400 02 01 0101 343500 02 6c697374 00 00 00 00 323631313235323033303030303034 2b00 000000 01 00 00 00 02 4869")
	add("00000000 80000021 00000000 00000003 6d696400 02 0101 343500 00000058 0000 3600 0000000b")
	add("00000000 80000003 00000000 00000004 6d696400 3236313132353230333030303030342b00 02 00")
	add("00000000 00000008 00000000 00000005 00 6d696400 0101 343400 0101 343500")
	add("00000000 00000007 00000000 00000006 6d696400 0101 343400 3030303030313030303030303030305200 00 01 00 02 4869")
	add("00000000 00000102 00000000 00000007 0101 343400 0101 343500 0422 0001 01")
	add("00000000 00000999 00000000 00000001 01020304")
	add("00000000 00000111 00000000 00000001 01020304")
	add("00000000 00000009 00000000 00000001 3132333435363738393031323334353637383900 707700 00 34 00 00 00")
	add("00000000 00000021 00000000 00000003 00 0101 343400 02 03 0101 343500 00")
	add("00000000 00000009 00000000 00000001 73797300 68756e746572326c6f6e67")
	for _, b := range out {
		if b[0]|b[1]|b[2]|b[3] == 0 {
			binary.BigEndian.PutUint32(b, uint32(len(b)))
		}
	}
	return out
}

func goldenCorpus(t testing.TB) [][]byte {
	var out [][]byte
	for _, b := range goldenBases(t) {
		out = append(out, b)
		for n := 0; n < len(b); n++ {
			p := append([]byte(nil), b[:n]...)
			out = append(out, p)
			if n >= 4 {
				q := append([]byte(nil), p...)
				q[0], q[1], q[2], q[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
				out = append(out, q)
			}
		}
		for i := 16; i < len(b); i += 3 {
			for _, v := range []byte{0x00, 0xFF, 0x41} {
				q := append([]byte(nil), b...)
				q[i] = v
				out = append(out, q)
			}
		}
		out = append(out, append(append([]byte(nil), b...), 0xAA, 0xBB))
	}
	return out
}

func presentation(raw []byte) string {
	var b strings.Builder
	for _, o := range []Options{{}, {ShowSecrets: true}} {
		p := Dissect(raw, o)
		b.WriteString(Format(p))
		b.WriteString("summary: " + p.Summary + "\n")
		j, _ := json.Marshal(ToObject(p, true))
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestPresentationUnchanged pins the text, summary and JSON of a corpus of good and
// damaged PDUs, so that a change of how the fields are read cannot change what is shown.
func TestPresentationUnchanged(t *testing.T) {
	corpus := goldenCorpus(t)
	var got []string
	var dump strings.Builder
	for _, raw := range corpus {
		s := presentation(raw)
		sum := sha256.Sum256([]byte(s))
		key := sha256.Sum256(raw)
		got = append(got, hex.EncodeToString(key[:8])+" "+hex.EncodeToString(sum[:8]))
		fmt.Fprintf(&dump, "=== %x\n%s", raw, s)
	}
	if *dumpGolden != "" {
		if err := os.WriteFile(*dumpGolden, []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const path = "testdata/presentation.golden"
	if *updateGolden {
		if err := os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		want[k] = v
	}
	bad := 0
	for i, g := range got {
		k, v, _ := strings.Cut(g, " ")
		if w, ok := want[k]; !ok || w != v {
			bad++
			if bad <= 5 {
				t.Errorf("presentation of %x changed:\n%s", corpus[i], presentation(corpus[i]))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d presentations changed", bad, len(got))
	}
}
