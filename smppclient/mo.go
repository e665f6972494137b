package smppclient

import (
	"fmt"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/coding"
	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/segment"
	"github.com/smppconsole/smppconsole/wire"
)

// MOFragment is the reassembly fragment a mobile-originated deliver_sm or data_sm
// carries: its place in a concatenated message from the UDH or the SAR TLVs, its user
// data and the text decoded for display. A live session and a capture read (package
// recorded) both reassemble through it. A UDH that does not parse gives an error, and
// the fragment then holds the whole short_message as one part.
func MOFragment(f *wire.SMBody, at time.Time, pduSeq uint32) (segment.Fragment, error) {
	body := f.Content()
	ref, total, seq := uint16(0), 1, 1
	var err error
	if f.ESMClass&message.ESMClassUDHI != 0 && len(f.ShortMessage) > 0 {
		u, uerr := segment.ParseUDH(f.ShortMessage)
		if uerr != nil {
			err = fmt.Errorf("MO from %s: UDH: %v; shown whole", f.Source.Addr, uerr)
		} else {
			body = f.ShortMessage[u.Length:]
			if u.Concat != nil {
				ref, total, seq = u.Concat.Ref, u.Concat.Total, u.Concat.Seq
			}
		}
	} else if t, ok := wire.FindTLV(f.TLVs, wire.TagSarTotalSegments); ok && len(t.Value) == 1 {
		total = int(t.Value[0])
		if s, ok := wire.FindTLV(f.TLVs, wire.TagSarSegmentSeqnum); ok && len(s.Value) == 1 {
			seq = int(s.Value[0])
		}
		if r, ok := wire.FindTLV(f.TLVs, wire.TagSarMsgRefNum); ok && len(r.Value) == 2 {
			ref = uint16(r.Value[0])<<8 | uint16(r.Value[1])
		}
	}
	return segment.Fragment{
		Key: moKey(address(f.Source), address(f.Dest), f.DataCoding), Ref: ref, Total: total, Seq: seq,
		Text: decodeText(f.DataCoding, body), Data: body, At: at, PDU: pduSeq,
	}, err
}

// MOEventOf is the event for a message reassembled from MOFragments.
func MOEventOf(m segment.Message, at time.Time, link string) MOEvent {
	src, dst, dc := parseMOKey(m.Key)
	return MOEvent{At: at, Link: link, Source: src, Dest: dst, Text: m.Text, DataCoding: dc,
		Parts: m.Total, Complete: m.Complete, Seqs: m.PDUs}
}

// moKey groups fragments by sender, recipient and data_coding; parseMOKey reverses it.
func moKey(src, dst message.Address, dc byte) string {
	return string([]byte{src.TON, src.NPI, dst.TON, dst.NPI, dc}) + src.Addr + "\x00" + dst.Addr
}

func parseMOKey(k string) (src, dst message.Address, dc byte) {
	if len(k) < 5 {
		return
	}
	src.TON, src.NPI, dst.TON, dst.NPI, dc = k[0], k[1], k[2], k[3], k[4]
	s, d, _ := strings.Cut(k[5:], "\x00")
	src.Addr, dst.Addr = s, d
	return
}

// decodeText decodes user data for display; what cannot be decoded is shown as hex with
// the reason.
func decodeText(dc byte, b []byte) string {
	d := coding.Decode(dc, b)
	switch {
	case !d.OK:
		return "[" + d.Reason + "] " + d.Hex
	case d.Text == "" && len(b) > 0:
		return d.Hex // binary
	}
	return d.Text
}
