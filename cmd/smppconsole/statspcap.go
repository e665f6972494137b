package main

import (
	"bytes"
	"sort"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/stats"
)

// isPcap tells a capture from hex text by its magic number (capture.Sniff).
func isPcap(b []byte) bool { return capture.Sniff(b) != capture.NotCapture }

// pcapSource reads the SMPP PDUs of a pcap or pcapng capture through capture.Read, which
// reassembles TCP with gopacket's reassembly, and hands them over in time order across
// conversations. A damaged file yields what came before the damage, then its StopError.
type pcapSource struct {
	data   []byte
	maxLen int
}

func (p pcapSource) Each(fn func(stats.Record)) error {
	c, err := capture.Read(bytes.NewReader(p.data), capture.ReadOptions{})
	if err != nil {
		return err
	}
	var all []stats.Record
	for _, cv := range c.Conversations {
		conv := cv.String()
		for _, pdu := range cv.PDUs {
			if p.maxLen > 0 && len(pdu.Raw) > p.maxLen {
				continue
			}
			side := stats.SideESME
			if pdu.Dir == capture.ToESME {
				side = stats.SideSMSC
			}
			all = append(all, stats.Record{At: pdu.At, Conv: conv, Side: side, Raw: pdu.Raw})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].At.Before(all[j].At) })
	for _, r := range all {
		fn(r)
	}
	if c.Stopped != nil {
		return c.Stopped
	}
	return nil
}
