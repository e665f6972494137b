package wire

import (
	"fmt"
	"strconv"
	"strings"
)

// interface_version values (SMPP 3.4 §5.2.4, 5.0 §4.7.13): one octet, 0x00-0x33 for
// 3.3 or earlier, 0x34 for 3.4, 0x50 for 5.0.
const (
	InterfaceVersion33 byte = 0x33
	InterfaceVersion34 byte = 0x34
	InterfaceVersion50 byte = 0x50
)

// ParseInterfaceVersion reads "3.3", "3.4", "5.0" (also "0x34", "52") to 0x33, 0x34,
// 0x50. A number is the octet itself (hex with 0x, else decimal) and must be one SMPP
// gives a meaning: 0x00-0x33 (3.3 or earlier), 0x34 or 0x50. "34" and "50" are refused
// with a hint: as decimal octets they would be 0x22 and 0x32, which nobody means.
func ParseInterfaceVersion(s string) (byte, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "v")
	switch t {
	case "3.3":
		return InterfaceVersion33, nil
	case "3.4":
		return InterfaceVersion34, nil
	case "5.0", "5":
		return InterfaceVersion50, nil
	case "33", "34", "50":
		return 0, fmt.Errorf("interface version %q: did you mean %s.%s (0x%s)? write 3.3, 3.4 or 5.0, or the octet as 0x%s",
			s, t[:1], t[1:], t, t)
	case "":
		return 0, fmt.Errorf("interface version is empty: want 3.3, 3.4 or 5.0")
	}
	n, err := strconv.ParseUint(t, 0, 8)
	if err != nil {
		return 0, fmt.Errorf("interface version %q: want 3.3, 3.4 or 5.0 (or the octet, such as 0x34)", s)
	}
	v := byte(n)
	if v > InterfaceVersion34 && v != InterfaceVersion50 {
		return 0, fmt.Errorf("interface version %q is 0x%02X, which is no SMPP version: want 3.3 (0x33 or below), 3.4 (0x34) or 5.0 (0x50)", s, v)
	}
	return v, nil
}

// InterfaceVersionName names an interface_version octet: 0x34 -> "3.4", 0x33 -> "3.3",
// 0x50 -> "5.0", any other "0x%02X".
func InterfaceVersionName(v byte) string {
	switch v {
	case InterfaceVersion33:
		return "3.3"
	case InterfaceVersion34:
		return "3.4"
	case InterfaceVersion50:
		return "5.0"
	}
	return fmt.Sprintf("0x%02X", v)
}
