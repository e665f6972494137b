package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"unicode/utf8"
)

// SaveOptions say what SaveProfile may write.
type SaveOptions struct {
	// WritePassword writes the profile's password into the file. Without it the
	// password is never written: password_env is, when set.
	WritePassword bool
}

// SaveResult says what SaveProfile did.
type SaveResult struct {
	Created   bool     // the file did not exist
	Tightened bool     // the file was readable by others, and is 0600 now
	Path      string   // the file written
	Removed   []string // keys taken out of the profile: password when password_env replaces it, a message default cleared
}

// SaveProfile writes p as [profiles.NAME] into the config file at path, creating it
// (mode 0600, its directory 0700) if missing, else rewriting only that profile's keys
// in place: every other line, comment, blank line and the order of tables and keys
// stays as it was. A key keeps its line, and the comment after it; keys the file lacks
// are added at the end of their table; a key whose value is unchanged, or is the
// default and absent, is not touched. The password is written only when
// opt.WritePassword; otherwise password_env (if set) is written and a password key
// the file already had is left as it was — unless password_env is set, which replaces
// it. The file keeps mode 0600 (a wider one is tightened, and that is reported). The
// new text is read back before it is written, atomically (temp file in the same
// directory, fsync, rename): a file the loader refuses, before or after, is not written.
func SaveProfile(path string, p Profile, opt SaveOptions) (SaveResult, error) {
	res := SaveResult{Path: path}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // TLS files in the file are relative to it
	}
	target := path
	if t, err := filepath.EvalSymlinks(path); err == nil {
		target = t // write the file a link points at, not over the link
	}
	old, err := os.ReadFile(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Created = true
	case err != nil:
		return res, fmt.Errorf("cannot save profile %q: %w", p.Name, err)
	}
	text, removed, err := editProfile(path, string(old), p, opt)
	if err != nil {
		return res, err
	}
	res.Removed = removed
	if res.Tightened, err = writeAtomic(target, []byte(text), res.Created); err != nil {
		return res, fmt.Errorf("cannot save profile %q: %w", p.Name, err)
	}
	return res, nil
}

// editProfile returns text with profile p saved into it, checked by reading it back.
func editProfile(path, text string, p Profile, opt SaveOptions) (string, []string, error) {
	fail := func(err error) (string, []string, error) {
		return "", nil, fmt.Errorf("cannot save profile %q to %s: %w; nothing was written", p.Name, path, err)
	}
	switch {
	case p.Name == "":
		return "", nil, errors.New("cannot save a profile without a name")
	case !utf8.ValidString(p.Name):
		return fail(errors.New("the name is not valid UTF-8, which a TOML file cannot hold"))
	}
	before, err := Parse(path, text)
	if err != nil {
		return fail(fmt.Errorf("the file does not load (%v)", err))
	}
	want, err := normalize(p, opt)
	if err != nil {
		return fail(err)
	}
	old, exists := before.profiles[p.Name]
	if !exists {
		old = Defaults()
		old.Name = p.Name
	}
	e := &editor{text: text, name: p.Name, exists: exists}
	if e.secs, err = scanTOML(text); err != nil {
		return fail(err)
	}
	if err := e.locate(); err != nil {
		return fail(err)
	}
	keep := func(f profileField) bool { // fields SaveProfile does not write
		switch f.key() {
		case "password":
			return !opt.WritePassword || want.PasswordEnv != ""
		}
		return false
	}
	for _, f := range profileFields {
		if keep(f) {
			continue
		}
		if err := e.set(f, old, want); err != nil {
			return fail(err)
		}
	}
	if want.PasswordEnv != "" && e.kv["password"] != nil {
		e.remove("password") // password_env replaces it: the two together do not load
	}
	out := e.apply()

	// Read it back: the profile as saved, every other one as it was.
	after, err := Parse(path, out)
	if err != nil {
		return fail(fmt.Errorf("the edited file would not load (%v)", err))
	}
	got := after.profiles[p.Name]
	want.Password, want.PasswordFrom = "", ""
	switch {
	case want.PasswordEnv != "":
	case opt.WritePassword:
		if e.kv["password"] != nil || p.Password != "" {
			want.Password, want.PasswordFrom = p.Password, "profile"
		}
	case e.kv["password"] != nil:
		want.Password, want.PasswordFrom = old.Password, old.PasswordFrom
	}
	if diff := differing(got, want); diff != "" {
		return fail(fmt.Errorf("the edited file would read back differently (%s)", diff))
	}
	if after.DefaultProfile != before.DefaultProfile || !reflect.DeepEqual(after.Sim, before.Sim) {
		return fail(errors.New("the edit would change default_profile or [sim]"))
	}
	for _, n := range before.names {
		if n != p.Name && !reflect.DeepEqual(after.profiles[n], before.profiles[n]) {
			return fail(fmt.Errorf("the edit would change profile %q", n))
		}
	}
	if len(after.names) != len(before.names)+map[bool]int{true: 0, false: 1}[exists] {
		return fail(errors.New("the edit would change the list of profiles"))
	}
	return out, e.removed, nil
}

// normalize is p as the loader would read it back: "off" for every negative interval,
// TLS files absolute (relative ones are taken from the working directory, as the
// session takes them; ~/ is the home directory, as in a file).
func normalize(p Profile, opt SaveOptions) (Profile, error) {
	if p.EnquireLinkInterval <= 0 {
		p.EnquireLinkInterval = -1
	}
	passwordSet := opt.WritePassword && p.ownPassword()
	if opt.WritePassword && p.PasswordEnv != "" && passwordSet {
		return p, errors.New("both the password and password_env are given: the file can hold one of them")
	}
	if errs := p.problems(passwordSet, false); len(errs) > 0 {
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.Error())
		}
		return p, errors.New(strings.Join(msgs, "; "))
	}
	t := &p.TLS
	for _, f := range []*string{&t.CAFile, &t.CertFile, &t.KeyFile} {
		if *f == "" {
			continue
		}
		*f = tlsFile("", *f)
		if abs, err := filepath.Abs(*f); err == nil {
			*f = abs
		}
	}
	return p, nil
}

// differing names the first field, by key, where a and b differ; "" if none. Values
// are not shown: one of them may be the password.
func differing(a, b Profile) string {
	if a.Name != b.Name {
		return "the profile's name"
	}
	if a.PasswordFrom != b.PasswordFrom {
		return "where the password comes from"
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for _, f := range profileFields {
		if !reflect.DeepEqual(va.FieldByIndex(f.index).Interface(), vb.FieldByIndex(f.index).Interface()) {
			return "key " + f.key()
		}
	}
	return ""
}

// writeAtomic replaces path with data, mode 0600, through a temp file in the same
// directory: a crash leaves the old file or the new one, never half of one. It
// reports whether an existing file's mode let others read it.
func writeAtomic(path string, data []byte, create bool) (tightened bool, err error) {
	dir := filepath.Dir(path)
	if create {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return false, err
		}
	} else if st, err := os.Stat(path); err == nil && runtime.GOOS != "windows" {
		tightened = st.Mode().Perm()&0o077 != 0
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return false, err
	}
	if _, err = tmp.Write(data); err != nil {
		return false, err
	}
	if err = tmp.Sync(); err != nil {
		return false, err
	}
	if err = tmp.Close(); err != nil {
		return false, err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return false, err
	}
	// The rename is durable once the directory is written out too.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return tightened, nil
}
