package segment

import "fmt"

// UnmarshalText reads a method as ParseMethod does (for TOML and flag.TextVar).
func (m *Method) UnmarshalText(b []byte) error {
	v, err := ParseMethod(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// MarshalText writes the method's name; an unknown value is an error.
func (m Method) MarshalText() ([]byte, error) {
	if m < 0 || int(m) >= len(methodNames) {
		return nil, fmt.Errorf("segment: no name for %s", m)
	}
	return []byte(methodNames[m]), nil
}
