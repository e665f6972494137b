// Package journal records every session durably: each PDU as it crossed the wire, with
// its time stamp, and each connection event, in a pcapng file that Wireshark and
// tshark decode as SMPP over TCP. It is a smppclient.Recorder: PDUs are written
// synchronously into a buffer, and a flusher writes the buffer out at least every
// 100 ms, so a kill -9 loses at most the last 100 ms of the session.
package journal

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/smppconsole/smppconsole/capture"
	"github.com/smppconsole/smppconsole/dissect"
	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// Defaults for Options.
const (
	DefaultMaxSize  = 1 << 30  // one file, 1 GiB
	DefaultMaxTotal = 10 << 30 // every journal kept, 10 GiB
	// FlushInterval is how often buffered records reach the file: half the 100 ms a
	// kill -9 may lose, so a late tick still keeps the promise.
	FlushInterval = 50 * time.Millisecond
	// Ext is the journals' file extension.
	Ext = ".pcapng"
)

// Options configure a Journal. Zero values take the defaults.
type Options struct {
	Dir         string // default: Dir()
	Name        string // the profile or host, in the file name
	MaxSize     int64  // rotate to a new file past this size, default DefaultMaxSize
	MaxTotal    int64  // delete the oldest journals past this total, default DefaultMaxTotal
	ShowSecrets bool   // keep bind passwords in clear
	Now         func() time.Time
}

// Dir is where journals go: $XDG_STATE_HOME/smppconsole/sessions, XDG_STATE_HOME
// defaulting to ~/.local/state.
func Dir() (string, error) {
	state, err := StateDir()
	if err != nil {
		return "", fmt.Errorf("journal: %w", err)
	}
	return filepath.Join(state, "sessions"), nil
}

// StateDir is the console's state directory, XDG_STATE_HOME/smppconsole
// (~/.local/state/smppconsole without it): the journals, and the filter and command
// histories, live under it.
func StateDir() (string, error) {
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no XDG_STATE_HOME and no home directory: %w", err)
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "smppconsole"), nil
}

// Journal writes one session's record, rotating files at MaxSize. It is safe for
// concurrent use. Write errors stop the recording and are reported by Err and Close.
type Journal struct {
	o Options

	mu    sync.Mutex
	f     *os.File
	bw    *bufio.Writer // under w: one write to the file per flush, not per 4 KiB
	w     *pcapgo.NgWriter
	path  string
	convs map[string]*conv // by link name
	err   error
	done  bool
	frame func([]byte) error // writes one frame with at and comments below
	at    time.Time
	notes []string
	size  int64 // of the file, buffered blocks included
	dirty bool  // blocks buffered since the last flush

	stop, stopped chan struct{}
}

type conv struct {
	c     *capture.Framer
	notes [2][]string // the comment of a PDU out, in: made once
}

func newConv(link string, c *capture.Framer) *conv {
	return &conv{c: c, notes: [2][]string{{link + " " + smppclient.Out.String()}, {link + " " + smppclient.In.String()}}}
}

// Open starts a journal in a new file and its flusher.
func Open(o Options) (*Journal, error) {
	if o.Dir == "" {
		d, err := Dir()
		if err != nil {
			return nil, err
		}
		o.Dir = d
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.MaxTotal <= 0 {
		o.MaxTotal = DefaultMaxTotal
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Name = safeName(o.Name)
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &Journal{o: o, convs: map[string]*conv{}, stop: make(chan struct{}), stopped: make(chan struct{})}
	j.frame = j.writeFrame
	if err := j.newFile(); err != nil {
		return nil, err
	}
	go j.flusher()
	return j, nil
}

// Path is the file being written now.
func (j *Journal) Path() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.path
}

// Err is the error that stopped the recording, if any.
func (j *Journal) Err() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err
}

// Connected starts a new TCP conversation for link, with the real endpoints.
func (j *Journal) Connected(at time.Time, link string, local, remote net.Addr) {
	j.mu.Lock()
	defer j.mu.Unlock()
	c, err := capture.NewFramer(capture.EndpointOf(local, capture.DefaultESME), capture.EndpointOf(remote, capture.DefaultSMSC))
	if err != nil {
		return // EndpointOf falls back to IPv4 defaults: cannot happen
	}
	j.convs[link] = newConv(link, c)
	// No comment: the session's own LinkEvent, "connected to … from …", follows.
	j.write(at, nil, func() error { return c.Start(j.frame) })
}

// PDU records one PDU on link, a bind's password masked unless ShowSecrets.
func (j *Journal) PDU(at time.Time, link string, dir smppclient.Direction, raw []byte) {
	if !j.o.ShowSecrets && isBind(raw) {
		raw = dissect.Redact(raw)
	}
	d, n := capture.ToSMSC, 0
	if dir == smppclient.In {
		d, n = capture.ToESME, 1
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil || j.done {
		return
	}
	c := j.conv(link)
	j.at, j.notes = at, c.notes[n]
	if err := c.c.PDU(d, raw, j.frame); err != nil {
		j.fail(err)
		return
	}
	j.rotateIfFull()
}

// Event records a connection event on link, as the comment of an empty TCP
// acknowledgement in the link's conversation (pcapng comments belong to packets).
func (j *Journal) Event(at time.Time, link string, text string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	c := j.conv(link)
	j.write(at, []string{link + ": " + text}, func() error { return c.c.Ack(j.frame) })
}

// conv is link's conversation; before any connection, one between default endpoints,
// a port of its own for each link so that analysers keep them apart.
func (j *Journal) conv(link string) *conv {
	c := j.convs[link]
	if c == nil {
		esme := capture.DefaultESME
		esme.Port += uint16(len(j.convs) % 20000)
		cc, _ := capture.NewFramer(esme, capture.DefaultSMSC)
		c = newConv(link, cc)
		j.convs[link] = c
	}
	return c
}

// write runs build, whose frames get time at and notes as comments (the first frame
// only), then rotates if the file is full. Under mu.
func (j *Journal) write(at time.Time, notes []string, build func() error) {
	if j.err != nil || j.done {
		return
	}
	j.at, j.notes = at, notes
	if err := build(); err != nil {
		j.fail(err)
		return
	}
	j.rotateIfFull()
}

func (j *Journal) rotateIfFull() {
	if j.size >= j.o.MaxSize {
		if err := j.rotate(); err != nil {
			j.fail(err)
		}
	}
}

func (j *Journal) writeFrame(b []byte) error {
	ci := gopacket.CaptureInfo{Timestamp: j.at, CaptureLength: len(b), Length: len(b), InterfaceIndex: 0}
	var err error
	notes := j.notes
	if j.notes != nil {
		err = j.w.WritePacketWithOptions(ci, b, pcapgo.NgPacketOptions{Comments: j.notes})
		j.notes = nil
	} else {
		err = j.w.WritePacket(ci, b)
	}
	if err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	j.size += epbLen(len(b), notes)
	j.dirty = true
	return nil
}

// epbLen is the length of an enhanced packet block (pcapng section 4.3) with its
// comment options, as NgWriter writes it.
func epbLen(data int, notes []string) int64 {
	pad := func(n int) int64 { return int64((n + 3) &^ 3) }
	n := 32 + pad(data)
	if len(notes) > 0 {
		for _, c := range notes {
			n += 4 + pad(len(c))
		}
		n += 4
	}
	return n
}

// flush writes out what is buffered, the NgWriter's buffer and then the file's.
func (j *Journal) flush() error {
	if err := j.w.Flush(); err != nil {
		return err
	}
	return j.bw.Flush()
}

func (j *Journal) fail(err error) {
	j.err = err
	if j.f != nil {
		_ = j.flush()
		_ = j.f.Close()
		j.f = nil
	}
}

// Close flushes and closes the file and stops the flusher.
func (j *Journal) Close() error {
	j.mu.Lock()
	if j.done {
		j.mu.Unlock()
		return j.err
	}
	j.done = true
	close(j.stop)
	if j.f != nil {
		err := j.flush()
		if cerr := j.f.Close(); err == nil {
			err = cerr
		}
		j.f = nil
		if err != nil && j.err == nil {
			j.err = fmt.Errorf("journal %s: %w", j.path, err)
		}
	}
	err := j.err
	j.mu.Unlock()
	<-j.stopped
	return err
}

func (j *Journal) flusher() {
	defer close(j.stopped)
	t := time.NewTicker(FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-t.C:
			j.mu.Lock()
			if j.f != nil && j.err == nil && j.dirty {
				j.dirty = false
				if err := j.flush(); err != nil {
					j.fail(fmt.Errorf("journal %s: %w", j.path, err))
				}
			}
			j.mu.Unlock()
		}
	}
}

// isBind: the PDUs that carry a password (binds and outbind).
func isBind(raw []byte) bool {
	h, ok := wire.ParseHeader(raw)
	if !ok {
		return false
	}
	switch h.ID {
	case wire.BindTransmitter, wire.BindReceiver, wire.BindTransceiver, wire.Outbind:
		return true
	}
	return false
}

// safeName keeps a profile or host name to what is safe in a file name.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
	s = strings.Trim(s, ".")
	if s == "" {
		s = "session"
	}
	return s
}

// Session is a Recorder for one of several sessions sharing the journal (burst's
// binds): its links are named "name/link", each its own TCP conversation.
func (j *Journal) Session(name string) smppclient.Recorder { return session{j, name + "/"} }

type session struct {
	j      *Journal
	prefix string
}

func (s session) Connected(at time.Time, link string, local, remote net.Addr) {
	s.j.Connected(at, s.prefix+link, local, remote)
}
func (s session) PDU(at time.Time, link string, dir smppclient.Direction, raw []byte) {
	s.j.PDU(at, s.prefix+link, dir, raw)
}
func (s session) Event(at time.Time, link string, text string) { s.j.Event(at, s.prefix+link, text) }
