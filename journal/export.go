package journal

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/smppclient"
)

// Record is one row of an export: a PDU, or a connection event when Event is set (Raw
// and Dir are then unused).
type Record struct {
	At    time.Time
	Link  string
	Dir   smppclient.Direction
	Raw   []byte
	Event string
}

// WriteFile writes records to a new pcapng file at path, as a journal writes them:
// each link its own TCP conversation, each PDU with its time stamp and a "link dir"
// comment, each event as a comment. The file is created 0600 and an existing file is
// never overwritten. Bind passwords are masked unless showSecrets. It returns how many
// PDUs it wrote.
func WriteFile(path string, records []Record, showSecrets bool) (int, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	intf := pcapgo.NgInterface{Name: "smpp", Description: "SMPP log exported by smppconsole", LinkType: layers.LinkTypeEthernet, SnapLength: capture.SnapLen}
	bw := bufio.NewWriterSize(f, bufferSize)
	w, err := pcapgo.NewNgWriterInterface(bw, intf, pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "smppconsole", Comment: "exported log"}})
	if err != nil {
		f.Close()
		os.Remove(path)
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	// A Journal without its flusher and with no rotation: the same framing and comments.
	j := &Journal{o: Options{MaxSize: math.MaxInt64, ShowSecrets: showSecrets}, convs: map[string]*conv{}, f: f, bw: bw, w: w, path: path}
	j.frame = j.writeFrame
	n := 0
	for i := range records {
		r := &records[i]
		if _, ok := j.convs[r.Link]; !ok {
			// The handshake first, without a comment: else the PDU's comment would go
			// to the SYN that starts the conversation.
			c := j.conv(r.Link)
			j.write(r.At, nil, func() error { return c.c.Start(j.frame) })
		}
		if r.Event != "" {
			j.Event(r.At, r.Link, r.Event)
			continue
		}
		j.PDU(r.At, r.Link, r.Dir, r.Raw)
		n++
	}
	if j.err != nil {
		// fail has closed the file
		os.Remove(path)
		return 0, j.err
	}
	err = j.flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}
