package message

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ParseOctet reads one octet as an operator writes it: 64, 0x40 or 0b01000000; empty is
// 0. The one parser for octet fields typed into flags, the compose form and profiles.
func ParseOctet(s string) (byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 0, 8)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is more than one octet (0-255)", s)
		}
		return 0, fmt.Errorf("%q is not a number 0-255 (64, 0x40, 0b01000000)", s)
	}
	return byte(n), nil
}
