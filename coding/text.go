package coding

import "fmt"

// UnmarshalText reads a scheme as ParseScheme does, so TOML and flag.TextVar take the
// same names the command line always took.
func (s *Scheme) UnmarshalText(b []byte) error {
	v, err := ParseScheme(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalText writes the scheme's name; a value outside the known schemes is an error
// rather than a name ParseScheme would refuse.
func (s Scheme) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(schemeNames) {
		return nil, fmt.Errorf("coding: no name for %s", s)
	}
	return []byte(schemeNames[s]), nil
}
