package message

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smppconsole/smppconsole/wire"
)

// Type of number (TON) and numbering plan indicator (NPI) values, SMPP 3.4 §5.2.5-6.
const (
	TONUnknown       byte = 0
	TONInternational byte = 1
	TONNational      byte = 2
	TONNetwork       byte = 3
	TONSubscriber    byte = 4
	TONAlphanumeric  byte = 5
	TONAbbreviated   byte = 6

	NPIUnknown  byte = 0
	NPIISDN     byte = 1 // E.163/E.164
	NPIData     byte = 3 // X.121
	NPITelex    byte = 4 // F.69
	NPILandMob  byte = 6 // E.212
	NPINational byte = 8
	NPIPrivate  byte = 9
	NPIERMES    byte = 10
	NPIInternet byte = 14 // IP
	NPIWAP      byte = 18 // WAP client id
)

// TONName describes a type_of_number value.
func TONName(v byte) string { return wire.TONName(v) }

// NPIName describes a numbering_plan_indicator value.
func NPIName(v byte) string { return wire.NPIName(v) }

// Address is an SME address with its TON and NPI.
type Address struct {
	Addr string
	TON  byte
	NPI  byte
}

func (a Address) String() string { return fmt.Sprintf("%s (TON %d, NPI %d)", a.Addr, a.TON, a.NPI) }

// MaxAddrLen is the longest source_addr/destination_addr: a 21-octet C-string.
const MaxAddrLen = 20

// MaxAlphanumericLen is the longest alphanumeric sender a handset displays (11 GSM characters).
const MaxAlphanumericLen = 11

// ParseAddress reads "ADDR" or "ADDR,TON,NPI". TON and NPI may be numbers or names
// (international, national, alphanumeric, isdn, …). Without them they are inferred: a
// leading '+' or 10 or more digits is international/ISDN, fewer digits is a short code
// (unknown/ISDN), anything else is an alphanumeric sender (alphanumeric/unknown).
func ParseAddress(s string) (Address, error) {
	parts := strings.Split(s, ",")
	addr := strings.TrimSpace(parts[0])
	switch len(parts) {
	case 1:
		return InferAddress(addr)
	case 3:
		ton, err := parseTON(parts[1])
		if err != nil {
			return Address{}, err
		}
		npi, err := parseNPI(parts[2])
		if err != nil {
			return Address{}, err
		}
		a := Address{Addr: strings.TrimPrefix(addr, "+"), TON: ton, NPI: npi}
		return a, a.Validate()
	default:
		return Address{}, fmt.Errorf("address %q: want ADDR or ADDR,TON,NPI", s)
	}
}

// InferAddress chooses TON and NPI for a bare address as ParseAddress describes.
func InferAddress(addr string) (Address, error) {
	var a Address
	switch {
	case addr == "":
		a = Address{}
	case strings.HasPrefix(addr, "+") && isDigits(addr[1:]):
		a = Address{Addr: addr[1:], TON: TONInternational, NPI: NPIISDN}
	case isDigits(addr) && len(addr) >= 10:
		a = Address{Addr: addr, TON: TONInternational, NPI: NPIISDN}
	case isDigits(addr):
		a = Address{Addr: addr, TON: TONUnknown, NPI: NPIISDN}
	default:
		a = Address{Addr: addr, TON: TONAlphanumeric, NPI: NPIUnknown}
	}
	return a, a.Validate()
}

// Validate checks the address fits its field and its TON.
func (a Address) Validate() error {
	if len(a.Addr) > MaxAddrLen {
		return fmt.Errorf("address %q is %d characters; the field holds at most %d", a.Addr, len(a.Addr), MaxAddrLen)
	}
	if a.TON == TONInternational && a.Addr != "" && !isDigits(a.Addr) {
		return fmt.Errorf("address %q: an international number must be digits only", a.Addr)
	}
	if a.TON == TONAlphanumeric && len([]rune(a.Addr)) > MaxAlphanumericLen {
		return fmt.Errorf("alphanumeric sender %q is %d characters; handsets show at most %d", a.Addr, len([]rune(a.Addr)), MaxAlphanumericLen)
	}
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func parseTON(s string) (byte, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "unknown":
		return TONUnknown, nil
	case "intl", "international":
		return TONInternational, nil
	case "national":
		return TONNational, nil
	case "network", "network-specific":
		return TONNetwork, nil
	case "subscriber":
		return TONSubscriber, nil
	case "alpha", "alnum", "alphanumeric":
		return TONAlphanumeric, nil
	case "abbreviated":
		return TONAbbreviated, nil
	}
	return parseByte("TON", s, 6)
}

func parseNPI(s string) (byte, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "unknown":
		return NPIUnknown, nil
	case "isdn", "e164", "e.164":
		return NPIISDN, nil
	case "data", "x121":
		return NPIData, nil
	case "telex":
		return NPITelex, nil
	case "land-mobile", "e212":
		return NPILandMob, nil
	case "national":
		return NPINational, nil
	case "private":
		return NPIPrivate, nil
	case "ermes":
		return NPIERMES, nil
	case "internet", "ip":
		return NPIInternet, nil
	case "wap":
		return NPIWAP, nil
	}
	return parseByte("NPI", s, 18)
}

func parseByte(what, s string, max int) (byte, error) {
	n, err := strconv.ParseUint(s, 0, 8)
	if err != nil {
		return 0, fmt.Errorf("%s %q: want a number 0-%d or a name", what, s, max)
	}
	if int(n) > max {
		return 0, fmt.Errorf("%s %d is reserved (0-%d are defined)", what, n, max)
	}
	return byte(n), nil
}
