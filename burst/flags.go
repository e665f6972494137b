package burst

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/smppclient"
)

// Flags are the flags of `smppconsole burst` that belong to the run, not to the
// connection or the message's fields. They are defined here once, so that the
// subcommand and the console's `:burst` read the same words the same way.
type Flags struct {
	Count          int
	Duration       time.Duration
	Rate           float64
	Ramp           string // FROM:TO:OVER
	Window, Binds  int
	RetryThrottled int
	RetryBackoff   time.Duration
	Adaptive       bool
	WaitDLR        time.Duration
	CSV            string
	Seed           uint64
	Metrics        string
	ExpectRate     float64
	MaxP99         time.Duration

	// The templates, registered by RegisterTemplates: the subcommand has them among
	// send's message flags instead (--from is there an address or a template).
	To, From, Text string
}

// Register defines the run's flags on fs, with the subcommand's defaults.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.IntVar(&f.Count, "count", 0, "messages to send")
	fs.DurationVar(&f.Duration, "duration", 0, "send for this long")
	fs.Float64Var(&f.Rate, "rate", 100, "messages per second, all binds together")
	fs.StringVar(&f.Ramp, "ramp", "", "FROM:TO:OVER, e.g. 100:1000:30s: from one rate to another over a time (replaces --rate)")
	fs.IntVar(&f.Window, "window", 100, "outstanding submit_sm per bind (default: the profile's window, if it sets one, else 100)")
	fs.IntVar(&f.Binds, "binds", 1, "binds of the chosen type, each its own session")
	fs.IntVar(&f.RetryThrottled, "retry-throttled", 0, "send a message again at most N times when ESME_RTHROTTLED or ESME_RMSGQFUL refused it")
	fs.DurationVar(&f.RetryBackoff, "retry-backoff", DefaultRetryBackoff, "first wait before a retry, doubled each time")
	fs.BoolVar(&f.Adaptive, "adaptive", false, "cut the rate on throttling, then creep back (AIMD); the report gives the rate it settled on")
	fs.DurationVar(&f.WaitDLR, "wait-dlr", 0, "after the last response, wait this long for the final receipts (implies --dlr)")
	fs.StringVar(&f.CSV, "csv", "", "file of rows to,from,text (header optional): each row once, or cycled to --count or --duration")
	fs.Uint64Var(&f.Seed, "seed", 1, "seed of {rand:N} and {uuid}")
	fs.StringVar(&f.Metrics, "metrics", "", "serve Prometheus metrics at http://ADDR/metrics while it runs, e.g. 127.0.0.1:9464")
	fs.Float64Var(&f.ExpectRate, "expect-rate", 0, "fail unless at least this many msg/s were accepted (within 2%)")
	fs.DurationVar(&f.MaxP99, "max-p99", 0, "fail when the submit→resp p99 is above this")
}

// RegisterTemplates defines --to, --from and --text as templates, for a caller that has
// no message flags of its own (the console, whose other message fields come from the
// compose form).
func (f *Flags) RegisterTemplates(fs *flag.FlagSet) {
	fs.StringVar(&f.To, "to", "", "destination template, e.g. 4477009{range:00000-99999}")
	fs.StringVar(&f.From, "from", "", "source address or template, e.g. Load{rand:3}")
	fs.StringVar(&f.Text, "text", "", "text template, e.g. \"load {seq}\"")
}

// FlagSet is every flag ParseFlags reads, the run's and the templates, bound to f.
func (f *Flags) FlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("burst", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f.Register(fs)
	f.RegisterTemplates(fs)
	return fs
}

// Settings turns the flags into a run's Settings, checking each in words. With --csv
// and neither --count nor --duration the rows give the count once read (each row
// once), so the count is not asked for here.
func (f *Flags) Settings() (Settings, error) {
	s := Settings{Count: f.Count, Duration: f.Duration, Rate: f.Rate, RetryThrottled: f.RetryThrottled,
		RetryBackoff: f.RetryBackoff, Adaptive: f.Adaptive, WaitReceipts: f.WaitDLR}
	if f.Ramp != "" {
		p := strings.Split(f.Ramp, ":")
		if len(p) != 3 {
			return s, fmt.Errorf("--ramp %q: want FROM:TO:OVER, e.g. 100:1000:30s", f.Ramp)
		}
		from, err1 := strconv.ParseFloat(p[0], 64)
		to, err2 := strconv.ParseFloat(p[1], 64)
		over, err3 := time.ParseDuration(p[2])
		if err := errors.Join(err1, err2, err3); err != nil || over <= 0 || from <= 0 {
			return s, fmt.Errorf("--ramp %q: want two positive rates and a positive time, e.g. 100:1000:30s", f.Ramp)
		}
		s.RampFrom, s.Rate, s.RampOver = from, to, over
	}
	if f.Binds < 1 || f.Binds > 1000 {
		return s, fmt.Errorf("--binds %d: want 1 to 1000", f.Binds)
	}
	if f.Window < 1 || f.Window > smppclient.MaxWindow {
		return s, fmt.Errorf("--window %d: want 1 to %d", f.Window, smppclient.MaxWindow)
	}
	if f.ExpectRate < 0 || f.MaxP99 < 0 || f.RetryBackoff <= 0 {
		return s, errors.New("--expect-rate, --max-p99 and --retry-backoff must not be negative")
	}
	v := s
	if f.CSV != "" && v.Count == 0 && v.Duration == 0 {
		v.Count = 1 // stands for the rows, counted when the file is read
	}
	return s, v.Validate()
}

// FlagError is a flag ParseFlags could not read: Arg is the index in args of the word
// at fault, Flag the flag's name ("" when the word is not a flag).
type FlagError struct {
	Arg  int
	Flag string
	Msg  string
}

func (e *FlagError) Error() string { return e.Msg }

// ParseFlags reads the run's flags and the templates from args (as the console's
// `:burst` has them), each value through the flag's own Set as the flag package would,
// then checks them as Settings does. A word that cannot be read is a *FlagError naming
// it; a run that makes no sense is a plain error in the words of Settings.
func ParseFlags(args []string) (Flags, Settings, error) {
	var f Flags
	fs := f.FlagSet()
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if i+1 < len(args) {
				return f, Settings{}, &FlagError{Arg: i + 1, Msg: fmt.Sprintf("unexpected argument %q: burst takes only flags", args[i+1])}
			}
			break
		}
		if len(a) < 2 || a[0] != '-' {
			return f, Settings{}, &FlagError{Arg: i, Msg: fmt.Sprintf("unexpected argument %q: burst takes only flags, e.g. --rate 100", a)}
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		name, value, hasValue := strings.Cut(name, "=")
		fl := fs.Lookup(name)
		if fl == nil || name == "" {
			return f, Settings{}, &FlagError{Arg: i, Flag: name, Msg: fmt.Sprintf("unknown flag %s", a)}
		}
		if fl.Name == "to" && f.To != "" {
			// As the subcommand: one destination template (send's submit_multi takes several).
			return f, Settings{}, &FlagError{Arg: i, Flag: name, Msg: "--to given more than once: burst takes one template"}
		}
		at := i
		if bv, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && bv.IsBoolFlag() && !hasValue {
			value, hasValue = "true", true
		}
		if !hasValue {
			if i+1 >= len(args) {
				return f, Settings{}, &FlagError{Arg: i, Flag: name, Msg: fmt.Sprintf("--%s needs a value: %s", name, fl.Usage)}
			}
			i++
			at, value = i, args[i]
		}
		if err := fs.Set(name, value); err != nil {
			return f, Settings{}, &FlagError{Arg: at, Flag: name, Msg: fmt.Sprintf("--%s: invalid value %q: %s", name, value, valueWant(fl))}
		}
	}
	s, err := f.Settings()
	return f, s, err
}

// valueWant says what kind of value a flag takes, in words.
func valueWant(fl *flag.Flag) string {
	g, _ := fl.Value.(flag.Getter)
	if g == nil {
		return fl.Usage
	}
	switch g.Get().(type) {
	case bool:
		return "want true or false"
	case time.Duration:
		return "want a time such as 30s or 2m"
	case int, uint64:
		return "want a whole number"
	case float64:
		return "want a number"
	}
	return fl.Usage
}
