package message

import (
	"fmt"
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

// Role says which address of a message an address is: a destination must be a number
// unless its TON says otherwise, a source may be an alphanumeric sender.
type Role int

const (
	SourceAddr      Role = iota // source_addr
	DestinationAddr             // destination_addr
)

func (r Role) String() string {
	if r == DestinationAddr {
		return "destination"
	}
	return "source"
}

// ParseAddress reads a source address, "ADDR" or "ADDR,TON,NPI", as ParseAddressAs does.
func ParseAddress(s string) (Address, error) { return ParseAddressAs(SourceAddr, s) }

// ParseDestination reads a destination address, as ParseAddressAs does.
func ParseDestination(s string) (Address, error) { return ParseAddressAs(DestinationAddr, s) }

// ParseAddressAs reads "ADDR" or "ADDR,TON,NPI". TON and NPI may be numbers or names
// (international, national, alphanumeric, isdn, …); without them they are inferred as
// ResolveAddress describes.
func ParseAddressAs(r Role, s string) (Address, error) {
	parts := strings.Split(s, ",")
	switch len(parts) {
	case 1:
		return ResolveAddress(r, parts[0], nil, nil)
	case 3:
		ton, err := parseTON(parts[1])
		if err != nil {
			return Address{}, err
		}
		npi, err := parseNPI(parts[2])
		if err != nil {
			return Address{}, err
		}
		return ResolveAddress(r, parts[0], &ton, &npi)
	default:
		return Address{}, fmt.Errorf("address %q: want ADDR or ADDR,TON,NPI", s)
	}
}

// InferAddress chooses TON and NPI for a bare source address.
func InferAddress(addr string) (Address, error) { return ResolveAddress(SourceAddr, addr, nil, nil) }

// ResolveAddress turns what an operator typed into an address; ton and npi are the
// values they chose, nil to infer them. It is the one place send, the compose form and
// the profiles read addresses, so all three agree.
//
// A number may be written as people write it: spaces, dashes, dots and parentheses are
// dropped ("+44 7700 900123", "(0044) 7700-900123"). A leading '+' or "00" is the
// international prefix: the number is international/ISDN and is sent without the
// prefix, since TON 1 already says it. Without a prefix, 10 or more digits are
// international/ISDN and fewer are a short code (unknown/ISDN). Anything else is an
// alphanumeric sender (alphanumeric/unknown) as a source; as a destination it is almost
// always a typing mistake, so it is refused unless TON 5 is given explicitly.
func ResolveAddress(r Role, text string, ton, npi *byte) (Address, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		a := Address{}
		if ton != nil {
			a.TON = *ton
		}
		if npi != nil {
			a.NPI = *npi
		}
		return a, nil
	}
	explicitAlpha := ton != nil && *ton == TONAlphanumeric
	rawNPI := npi != nil && (*npi == NPIInternet || *npi == NPIWAP)
	var a Address
	digits, intl, isNumber := number(s)
	taken := explicitAlpha || rawNPI
	switch {
	case !taken && isIPv4(s):
		return Address{Addr: s}, fmt.Errorf("%s %q looks like an IP address: give its NPI as 14 (internet), e.g. %s,0,14", r, s, s)
	case !taken && !isNumber && r == DestinationAddr:
		return Address{Addr: s}, fmt.Errorf("destination %q is not a phone number (it has letters or other characters a number has not); "+
			"to send to an alphanumeric address on purpose, give TON 5 (alphanumeric) explicitly (%s,5,0 on the command line)", s, s)
	case taken || !isNumber:
		// Taken as typed: a name, an IP address, or whatever the TON and NPI say it is.
		a = Address{Addr: s, TON: TONAlphanumeric, NPI: NPIUnknown}
		if !explicitAlpha && rawNPI {
			a.TON = TONUnknown
		}
	case intl:
		a = Address{Addr: digits, TON: TONInternational, NPI: NPIISDN}
	case len(digits) >= 10:
		a = Address{Addr: digits, TON: TONInternational, NPI: NPIISDN}
	default:
		a = Address{Addr: digits, TON: TONUnknown, NPI: NPIISDN}
	}
	if ton != nil {
		a.TON = *ton
		if !taken && intl && a.TON != TONInternational {
			// With another TON the prefix is part of what the SMSC dials: keep "00",
			// drop '+' (it is never dialled).
			a.Addr = strings.TrimPrefix(cleanNumber(s), "+")
		}
	}
	if npi != nil {
		a.NPI = *npi
	}
	return a, a.Validate()
}

// number reads s as a phone number written as people write it. It returns the digits
// without the international prefix, whether there was one ('+' or "00"), and false when
// s is not a number at all.
func number(s string) (digits string, intl, ok bool) {
	if strings.Trim(s, "0123456789+-.() ") != "" || strings.Trim(s, "+-.() ") == "" {
		return "", false, false
	}
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "00") {
		// "+44 (0)20 7946 0000": the (0) is the national trunk prefix, never dialled
		// after a country code.
		s = strings.Replace(s, "(0)", "", 1)
	}
	c := cleanNumber(s)
	switch {
	case strings.HasPrefix(c, "+") && isDigits(c[1:]):
		return c[1:], true, true
	case !isDigits(c):
		return "", false, false // a '+' in the middle
	case strings.HasPrefix(c, "00") && len(c) >= 2+minInternationalDigits && c[2] != '0':
		return c[2:], true, true
	}
	return c, false, true
}

// minInternationalDigits is the shortest number taken as international after "00":
// country code and subscriber number together are longer than this, short codes not.
const minInternationalDigits = 7

// cleanNumber drops the characters people put in numbers to read them.
func cleanNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')':
			return -1
		}
		return r
	}, s)
}

func isIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 || !isDigits(p) {
			return false
		}
	}
	return true
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
	n, err := ParseOctet(s)
	if err != nil || s == "" {
		return 0, fmt.Errorf("%s %q: want a number 0-%d or a name", what, s, max)
	}
	if int(n) > max {
		return 0, fmt.Errorf("%s %d is reserved (0-%d are defined)", what, n, max)
	}
	return byte(n), nil
}
