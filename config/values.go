package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/wire"
)

// The value types below implement toml.Unmarshaler rather than TextUnmarshaler because
// they must tell a TOML integer from a string: enquire_link_interval = 30 is a mistake
// (30 what?), interface_version = 0x34 and = "0x34" are both fine.

// Duration is a time.Duration written as "500ms", "30s", "1m30s" or "off" (zero).
type Duration time.Duration

// D is the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// UnmarshalTOML takes a string only: a bare number has no unit.
func (d *Duration) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("want a duration such as \"30s\" or \"1m30s\", got %v", v)
	}
	return d.UnmarshalText([]byte(s))
}

// UnmarshalText reads what UnmarshalTOML reads from a string (for flag.TextVar).
func (d *Duration) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "off" {
		*d = 0
		return nil
	}
	x, err := time.ParseDuration(s)
	if err != nil || x < 0 {
		return fmt.Errorf("%q is not a duration: want e.g. \"500ms\", \"30s\", \"2m\"", s)
	}
	*d = Duration(x)
	return nil
}

// MarshalText writes the duration as time.Duration does, without its zero tails ("1m",
// not "1m0s"), which UnmarshalText reads; "off" for a negative one.
func (d Duration) MarshalText() ([]byte, error) {
	if d < 0 {
		return []byte("off"), nil
	}
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return []byte(s), nil
}

// Octet is a one-octet field (interface_version, addr_ton, registered_delivery…),
// written as a number 0-255 or as a string such as "0x34".
type Octet byte

// UnmarshalTOML takes an integer 0-255 or a string ParseUint reads (base prefixes work).
func (o *Octet) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		if x < 0 || x > 255 {
			return fmt.Errorf("%d: want a number 0-255", x)
		}
		*o = Octet(x)
		return nil
	case string:
		n, err := message.ParseOctet(x)
		if err != nil {
			return err
		}
		*o = Octet(n)
		return nil
	}
	return fmt.Errorf("want a number 0-255, got %v", v)
}

// Version is an interface_version: "3.3", "3.4" or "5.0" (what the operator reads in
// the spec), or the octet itself, 0x34 or "0x34". A bare 3.4 (a TOML float) is taken too.
type Version byte

// UnmarshalTOML takes a string, an integer or a float that wire.ParseInterfaceVersion reads.
func (v *Version) UnmarshalTOML(x any) error {
	switch t := x.(type) {
	case string:
		return v.UnmarshalText([]byte(t))
	case int64: // 0x34 in the file
		return v.UnmarshalText([]byte(strconv.FormatInt(t, 10)))
	case float64:
		return v.UnmarshalText([]byte(strconv.FormatFloat(t, 'f', 1, 64)))
	}
	return fmt.Errorf("want \"3.3\", \"3.4\" or \"5.0\", got %v", x)
}

// UnmarshalText reads what wire.ParseInterfaceVersion reads (for flag.TextVar).
func (v *Version) UnmarshalText(b []byte) error {
	n, err := wire.ParseInterfaceVersion(string(b))
	if err != nil {
		return err
	}
	*v = Version(n)
	return nil
}

// MarshalText writes the version by its name, "3.4", which UnmarshalText reads.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

func (v Version) String() string { return wire.InterfaceVersionName(byte(v)) }

// Status is a command_status, written by name (ESME_RX_T_APPN) or number (0x64): a
// wire.Status that also takes a TOML integer.
type Status wire.Status

// UnmarshalTOML takes a number, or a string that wire.ParseStatus reads.
func (s *Status) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		if x < 0 || x > 0xFFFFFFFF {
			return fmt.Errorf("%d is not a command_status", x)
		}
		*s = Status(x)
		return nil
	case string:
		n, err := wire.ParseStatus(x)
		if err != nil {
			return fmt.Errorf("%q: want a command_status name (ESME_RX_T_APPN) or number (0x64)", x)
		}
		*s = Status(n)
		return nil
	}
	return fmt.Errorf("want a command_status name or number, got %v", v)
}

// MarshalText writes the status by its name (or hex number), which UnmarshalTOML reads.
func (s Status) MarshalText() ([]byte, error) { return wire.Status(s).MarshalText() }
