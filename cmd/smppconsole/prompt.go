package main

import (
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/term"
)

// promptPassword asks for a password on a terminal with echo off. ok is false, and
// nothing is written, when in is not a terminal.
func promptPassword(in io.Reader, out io.Writer, prompt string) (pw string, ok bool, err error) {
	f, isFile := in.(*os.File)
	if !isFile || !term.IsTerminal(f.Fd()) {
		return "", false, nil
	}
	fmt.Fprint(out, prompt)
	b, err := term.ReadPassword(f.Fd())
	fmt.Fprintln(out)
	if err != nil {
		return "", true, fmt.Errorf("reading the password: %w", err)
	}
	return string(b), true, nil
}
