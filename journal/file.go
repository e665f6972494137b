package journal

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/smppconsole/smppconsole/capture"
)

// timeLayout names files by their UTC start, so that names sort oldest first.
// bufferSize holds what a burst writes between flushes without a write to the file.
const bufferSize = 256 << 10

const timeLayout = "20060102T150405.000000Z"

// newFile opens the next file, writes its section and interface, and applies the
// retention cap. Under mu (or before the journal is shared).
func (j *Journal) newFile() error {
	// A name taken (a rotation within the same microsecond) moves on by a microsecond,
	// so that names still sort in the order the files were written.
	at := j.o.Now().UTC()
	var f *os.File
	var path string
	var err error
	for i := 0; i < 1000; i++ {
		path = filepath.Join(j.o.Dir, at.Format(timeLayout)+"-"+j.o.Name+Ext)
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !os.IsExist(err) {
			break
		}
		at = at.Add(time.Microsecond)
	}
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	intf := pcapgo.NgInterface{Name: "smpp", Description: "SMPP session recorded by smppconsole", LinkType: layers.LinkTypeEthernet, SnapLength: capture.SnapLen}
	bw := bufio.NewWriterSize(f, bufferSize)
	w, err := pcapgo.NewNgWriterInterface(bw, intf, pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "smppconsole", Comment: "session " + j.o.Name}})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("journal %s: %w", path, err)
	}
	st, _ := f.Stat()
	j.f, j.bw, j.w, j.path, j.size = f, bw, w, path, 0
	if st != nil {
		j.size = st.Size()
	}
	j.prune()
	return nil
}

// rotate closes the full file and goes on in a new one, each conversation restarting
// with a handshake so that every file decodes on its own.
func (j *Journal) rotate() error {
	if err := j.flush(); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := j.f.Close(); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	j.f = nil
	for _, c := range j.convs {
		c.c.Restart()
	}
	return j.newFile()
}

// prune deletes the oldest journals until the total is under MaxTotal; the file being
// written is never deleted.
func (j *Journal) prune() {
	files, total := Journals(j.o.Dir)
	for _, f := range files {
		if total <= j.o.MaxTotal {
			return
		}
		if f.Path == j.path {
			continue
		}
		if os.Remove(f.Path) == nil {
			total -= f.Size
		}
	}
}

// File is one journal on disk.
type File struct {
	Path string
	Size int64
}

// Journals lists the journals in dir, oldest first, and their total size.
func Journals(dir string) ([]File, int64) {
	ents, _ := os.ReadDir(dir)
	var out []File
	var total int64
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), Ext) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, File{Path: filepath.Join(dir, e.Name()), Size: info.Size()})
		total += info.Size()
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Path < out[b].Path })
	return out, total
}
