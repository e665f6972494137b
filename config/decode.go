package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/smppconsole/smppconsole/smsc"
)

// File is a loaded configuration file.
type File struct {
	Path           string
	DefaultProfile string       // default_profile
	Sim            *smsc.Config // the [sim] section, nil if absent
	Warnings       []string     // things to tell the operator, such as a readable password

	profiles map[string]Profile
	names    []string // in file order
}

// document is the file's top level. Profiles stay undecoded until each can be decoded
// into its own copy of the defaults.
type document struct {
	DefaultProfile string                    `toml:"default_profile"`
	Profiles       map[string]toml.Primitive `toml:"profiles"`
	Sim            *smsc.Config              `toml:"sim"`
}

// Load reads and checks a configuration file.
func Load(path string) (*File, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(path, string(text))
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(path); err == nil && runtime.GOOS != "windows" {
		if perm := st.Mode().Perm(); perm&0o077 != 0 {
			var with []string
			for _, n := range f.names {
				if f.profiles[n].Password != "" {
					with = append(with, strconv.Quote(n))
				}
			}
			if len(with) > 0 {
				f.Warnings = append(f.Warnings, fmt.Sprintf(
					"%s holds the password of profile %s and can be read by others (mode %04o): chmod 600 %s, or use password_env or SMPP_PASSWORD",
					path, strings.Join(with, ", "), perm, path))
			}
		}
	}
	return f, nil
}

// LoadOptional is Load for the default location: a file that does not exist is an
// empty configuration, not an error.
func LoadOptional(path string) (*File, error) {
	f, err := Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Path: path, profiles: map[string]Profile{}}, nil
	}
	return f, err
}

// Names lists the profiles in file order.
func (f *File) Names() []string { return append([]string(nil), f.names...) }

// Profile returns the named profile. An empty name means default_profile, or the only
// profile, or the defaults when the file has none.
func (f *File) Profile(name string) (Profile, error) {
	if name == "" {
		switch {
		case f.DefaultProfile != "":
			name = f.DefaultProfile
		case len(f.names) == 1:
			name = f.names[0]
		case len(f.names) == 0:
			return Defaults(), nil
		default:
			return Profile{}, fmt.Errorf("%s has %d profiles (%s) and no default_profile: choose one with --profile",
				f.Path, len(f.names), strings.Join(f.names, ", "))
		}
	}
	p, ok := f.profiles[name]
	if !ok {
		if len(f.names) == 0 {
			return Profile{}, fmt.Errorf("no profile %q: %s has no profiles", name, f.Path)
		}
		return Profile{}, fmt.Errorf("no profile %q in %s (it has %s)", name, f.Path, strings.Join(f.names, ", "))
	}
	return p, nil
}

// Parse reads configuration text; path is used in errors and relative TLS file names
// are resolved against its directory.
func Parse(path, text string) (f *File, err error) {
	// The TOML decoder is third-party code fed arbitrary text: never let it take the
	// process down.
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%s: cannot read this file: %v", path, r)
		}
	}()
	src := source{path: path, text: text}
	if err := notUTF8(path, text); err != nil {
		return nil, err
	}
	var doc document
	md, err := toml.Decode(text, &doc)
	if err != nil {
		return nil, src.decodeError(err, nil, nil)
	}
	f = &File{Path: path, DefaultProfile: doc.DefaultProfile, Sim: doc.Sim, profiles: map[string]Profile{}}
	if err := caseError(&md, src); err != nil {
		return nil, err
	}
	for _, k := range md.Keys() {
		if len(k) == 2 && k[0] == "profiles" {
			f.names = append(f.names, k[1])
		}
	}
	if len(f.names) != len(doc.Profiles) { // defensive: keys seen only as dotted paths
		f.names = f.names[:0]
		for n := range doc.Profiles {
			f.names = append(f.names, n)
		}
		sort.Strings(f.names)
	}
	for _, name := range f.names {
		if k, bad := notText(&md, toml.Key{"profiles", name}); bad {
			return nil, src.mismatchError(&md, k)
		}
		p := Defaults()
		p.Name = name
		if err := md.PrimitiveDecode(doc.Profiles[name], &p); err != nil {
			return nil, src.decodeError(err, &md, &profileAt{name, doc.Profiles[name]})
		}
		f.profiles[name] = p
	}
	// Every decode has run, so what is left undecoded is not a key we know.
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, fmt.Errorf("%s:%d: unknown key %q%s", path, src.line(k), k.String(), suggest(k))
	}
	dir := filepath.Dir(path)
	for _, name := range f.names {
		p := f.profiles[name]
		if err := p.check(&md, dir); err != nil {
			var ke *keyError
			if errors.As(err, &ke) {
				key := append(toml.Key{"profiles", name}, strings.Split(ke.key, ".")...)
				return nil, src.keyError(key, ke.msg)
			}
			return nil, fmt.Errorf("%s: profile %q: %v", path, name, err)
		}
		f.profiles[name] = p
	}
	if f.DefaultProfile != "" {
		if _, ok := f.profiles[f.DefaultProfile]; !ok {
			return nil, src.keyError(toml.Key{"default_profile"}, fmt.Sprintf("no profile %q", f.DefaultProfile))
		}
	}
	if doc.Sim != nil {
		// Let the simulator check its own section.
		if _, err := smsc.New(*doc.Sim); err != nil {
			return nil, fmt.Errorf("%s:%d: [sim]: %v", path, src.line(toml.Key{"sim"}), err)
		}
	}
	return f, nil
}

// keyError is a value the decoder took but the profile cannot use; key is relative to
// the profile.
type keyError struct{ key, msg string }

func (e *keyError) Error() string { return fmt.Sprintf("key %q: %s", e.key, e.msg) }

// check validates a decoded profile and finishes it: presence (from md) decides where
// the password came from, relative TLS files are resolved against dir. The rules are
// problems'; the first one found is the error.
func (p *Profile) check(md *toml.MetaData, dir string) error {
	passwordSet := md.IsDefined("profiles", p.Name, "password")
	if passwordSet {
		p.PasswordFrom = "profile"
	}
	if p.EnquireLinkInterval == 0 {
		p.EnquireLinkInterval = -1 // "0s" or "off": no enquire_link
	}
	t := &p.TLS
	t.CAFile, t.CertFile, t.KeyFile = tlsFile(dir, t.CAFile), tlsFile(dir, t.CertFile), tlsFile(dir, t.KeyFile)
	if errs := p.problems(passwordSet, false); len(errs) > 0 {
		return &keyError{errs[0].Key, errs[0].Msg}
	}
	return nil
}

// tlsFile resolves a TLS file name from a profile: ~/ is the home directory, and a
// relative name is relative to the config file.
func tlsFile(dir, s string) string {
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, s[2:])
		}
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(dir, s)
	}
	return s
}
