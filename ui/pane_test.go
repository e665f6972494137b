package ui

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// modulePath is this module's import path: its types are dumped in full; another
// package's types only by their plain values (their pointers are the library's business,
// such as the textarea's memo cache).
const modulePath = "github.com/smppconsole/smppconsole"

// stateOf dumps every field the console can reach, one "path: value" line each, so two
// dumps of an unchanged model are equal and a diff names the field that moved.
func stateOf(m *Model) string {
	var lines []string
	dumpValue(&lines, "m", reflect.ValueOf(m).Elem(), true, map[uintptr]bool{})
	return strings.Join(lines, "\n")
}

func dumpValue(out *[]string, path string, v reflect.Value, ours bool, seen map[uintptr]bool) {
	add := func(s string) { *out = append(*out, path+": "+s) }
	switch v.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Invalid:
		return
	case reflect.Bool:
		add(fmt.Sprint(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		add(fmt.Sprint(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		add(fmt.Sprint(v.Uint()))
	case reflect.Float32, reflect.Float64:
		add(fmt.Sprint(v.Float()))
	case reflect.String:
		add(fmt.Sprintf("%q", v.String()))
	case reflect.Pointer:
		if !ours {
			return
		}
		if v.IsNil() {
			add("nil")
			return
		}
		if seen[v.Pointer()] {
			add("(seen)")
			return
		}
		seen[v.Pointer()] = true
		dumpValue(out, path, v.Elem(), ours, seen)
	case reflect.Interface:
		if !ours {
			return
		}
		if v.IsNil() {
			add("nil")
			return
		}
		dumpValue(out, path, v.Elem(), ours, seen)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			add("nil")
			return
		}
		add(fmt.Sprintf("len %d", v.Len()))
		for i := 0; i < v.Len(); i++ {
			dumpValue(out, fmt.Sprintf("%s[%d]", path, i), v.Index(i), ours, seen)
		}
	case reflect.Map:
		if !ours {
			return
		}
		add(fmt.Sprintf("len %d", v.Len()))
		type kv struct {
			k string
			v reflect.Value
		}
		var kvs []kv
		for it := v.MapRange(); it.Next(); {
			var k []string
			dumpValue(&k, "", it.Key(), ours, map[uintptr]bool{})
			kvs = append(kvs, kv{strings.Join(k, ","), it.Value()})
		}
		sort.Slice(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
		for _, e := range kvs {
			dumpValue(out, path+"["+e.k+"]", e.v, ours, seen)
		}
	case reflect.Struct:
		t := v.Type()
		inner := ours && strings.HasPrefix(t.PkgPath(), modulePath)
		for i := 0; i < v.NumField(); i++ {
			dumpValue(out, path+"."+t.Field(i).Name, v.Field(i), inner, seen)
		}
	}
}

// firstDiff is the first line where two dumps differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(al), len(bl)); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("before %s\nafter  %s", al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines before, %d after", len(al), len(bl))
}

// No View changes the model: every pane computes its scroll positions, sizes and cached
// rows in Update and SetSize, so drawing the frame twice draws the same frame and leaves
// the model as it was.
func TestViewChangesNothing(t *testing.T) {
	tabs := func(n int) []string {
		k := make([]string, n)
		for i := range k {
			k[i] = "tab"
		}
		return k
	}
	cases := []struct {
		name string
		w, h int
		do   func(m *Model)
	}{
		{"log", 80, 24, func(m *Model) {}},
		{"log scrolled", 120, 40, func(m *Model) { press(m, "up", "up", "up", "up", "up") }},
		{"filter", 80, 24, func(m *Model) { press(m, "/"); typeText(m, "submit") }},
		{"compose", 80, 24, func(m *Model) { press(m, "n"); typeText(m, "447700900123"); press(m, "tab"); typeText(m, "Hello") }},
		{"compose advanced, last field", 80, 24, func(m *Model) {
			press(m, "n", "ctrl+o")
			press(m, tabs(19)...)
		}},
		{"compose side by side", 160, 48, func(m *Model) { press(m, "n", "ctrl+o"); press(m, tabs(12)...) }},
		{"detail", 80, 24, func(m *Model) {
			press(m, "g", "down", "down", "down", "down", "down", "down", "down", "down", "enter")
			press(m, "down", "down", "down", "down", "down", "down", "down", "down", "down", "down")
		}},
		{"detail wide", 160, 48, func(m *Model) {
			press(m, "g", "down", "down", "down", "down", "down", "down", "down", "down", "enter", "G")
		}},
		{"help scrolled", 80, 24, func(m *Model) { press(m, "?", "pgdown", "pgdown") }},
		{"receipts timeline", 80, 24, func(m *Model) { press(m, "tab", "up", "enter", "down", "down") }},
		{"MO detail", 80, 24, func(m *Model) { press(m, "tab", "tab", "enter") }},
		{"too small", 50, 12, func(m *Model) {}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := newTestModel(t, c.w, c.h)
			feed(m, scenario()...)
			m.Update(statsMsg(scenarioStats()))
			c.do(m)
			before := stateOf(m)
			first := m.View()
			if after := stateOf(m); after != before {
				t.Fatalf("View changed the model:\n%s", firstDiff(before, after))
			}
			if second := m.View(); second != first {
				t.Fatalf("a second View drew another frame:\n%s\n----\n%s", first, second)
			}
		})
	}
}

// The log's rows do not depend on when they were drawn: once a second link appears every
// row names its link, those drawn (and cached) while there was one link included.
func TestLogRowsNameTheirLinkOnceThereAreTwo(t *testing.T) {
	tx := func(seq uint32) smppclient.PDUEvent {
		ev := pduEvent(t0, smppclient.Out, pduBytes(wire.EnquireLink, 0, seq))
		ev.Link = "tx"
		return ev
	}
	rx := pduEvent(t0, smppclient.Out, pduBytes(wire.EnquireLink, 0, 3))
	rx.Link = "rx"

	drawn, _ := newTestModel(t, 120, 40)
	feed(drawn, tx(1), tx(2))
	_ = drawn.View() // the program draws after every message
	feed(drawn, rx)

	fresh, _ := newTestModel(t, 120, 40)
	feed(fresh, tx(1), tx(2), rx)
	if got, want := drawn.View(), fresh.View(); got != want {
		t.Fatalf("rows drawn before the second link:\n%s\nwant:\n%s", got, want)
	}
	contains(t, drawn.View(), "tx -> enquire_link          #1")
}
