package main

import (
	"encoding"
	"flag"
	"fmt"
)

// textValue is what textVar reads: a type with UnmarshalText and MarshalText.
type textValue interface {
	encoding.TextUnmarshaler
	encoding.TextMarshaler
}

// textFlag reads a flag with its type's UnmarshalText, as flag.TextVar does, except
// that a value the type refuses does not stop the parse with the flag package's message
// and the whole usage: the error is kept, named after the flag, for the command to say
// once with its other usage errors (as the JSON result with send --json, issue 8).
type textFlag struct {
	name string
	v    textValue
	err  *error
}

func (t textFlag) Set(s string) error {
	if err := t.v.UnmarshalText([]byte(s)); err != nil && *t.err == nil {
		*t.err = fmt.Errorf("--%s: %w", t.name, err)
	}
	return nil
}

func (t textFlag) String() string {
	if t.v == nil { // the flag package's zero value, for PrintDefaults
		return ""
	}
	b, _ := t.v.MarshalText()
	return string(b)
}

// textVar declares a flag read into v by its UnmarshalText; v holds the default. The
// first refused value is kept in *err.
func textVar(fs *flag.FlagSet, v textValue, name, usage string, err *error) {
	fs.Var(textFlag{name: name, v: v, err: err}, name, usage)
}
