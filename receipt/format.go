package receipt

import (
	"fmt"
	"time"
)

// FormatFields are the values Format writes.
type FormatFields struct {
	ID                   string
	Sub, Dlvrd           int
	SubmitDate, DoneDate time.Time
	Stat                 string // a stat word such as State.Stat(); written as given
	Err                  int
	Text                 string // the first 20 characters (runes) are written
}

// Format builds the receipt text the spec's Appendix B calls "typical":
//
//	id:%s sub:%03d dlvrd:%03d submit date:%s done date:%s stat:%s err:%03d text:%.20s
//
// with YYMMDDhhmm dates written in each time's own location. A zero time is
// written as "0000000000", which Parse reads back as a zero time.
func Format(f FormatFields) string {
	return fmt.Sprintf("id:%s sub:%03d dlvrd:%03d submit date:%s done date:%s stat:%s err:%03d text:%.20s",
		f.ID, f.Sub, f.Dlvrd, formatDate(f.SubmitDate), formatDate(f.DoneDate), f.Stat, f.Err, f.Text)
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "0000000000"
	}
	return t.Format("0601021504")
}
