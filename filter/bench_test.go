package filter

import (
	"testing"
)

// BenchmarkMatch is the cost of one PDU through a filter. "header" reads the 16 header
// octets only (no decode, no allocation); "body" decodes each PDU afresh (Reset), as a
// first scan does; "body-cached" is a later scan of the same Packets.
func BenchmarkMatch(b *testing.B) {
	raws := corpus()
	for _, c := range []struct{ name, expr string }{
		{"header", "smpp.command_id == submit_sm_resp && smpp.command_status != ESME_ROK"},
		{"body", "smpp.destination_addr contains \"4477009001\" || smpp.message_id == \"662316\""},
	} {
		f, err := Compile(c.expr)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			var p Packet
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				p.Reset()
				p.Raw = raws[i%len(raws)].raw
				f.Match(&p)
			}
		})
		if c.name == "body" {
			b.Run("body-cached", func(b *testing.B) {
				ps := packets()
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					f.Match(ps[i%len(ps)])
				}
			})
		}
	}
}

// BenchmarkScan1M is a full scan of 1,000,000 retained PDUs (the corpus repeated): one
// op is the whole scan.
func BenchmarkScan1M(b *testing.B) {
	const n = 1_000_000
	raws := corpus()
	ps := make([]Packet, n)
	for i := range ps {
		c := raws[i%len(raws)]
		ps[i] = Packet{Raw: c.raw, Dir: c.dir, Link: c.link}
	}
	for _, c := range []struct{ name, expr string }{
		{"header", "smpp.command_id == submit_sm_resp && smpp.command_status != ESME_ROK"},
		{"meta", "dir == in && link == trx"},
		{"body", "smpp.destination_addr contains \"4477009001\" || smpp.message_id == \"662316\""},
	} {
		f, err := Compile(c.expr)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// A first scan: nothing decoded yet.
				for i := range ps {
					ps[i].Reset()
				}
				hits := 0
				for i := range ps {
					if f.Match(&ps[i]) {
						hits++
					}
				}
				if hits == 0 {
					b.Fatal("no PDU matched")
				}
			}
		})
	}
}
