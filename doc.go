// Package smppconsole is the root of the smppconsole module: a terminal UI SMPP console.
// See README.md; the binary lives in cmd/smppconsole.
package smppconsole
