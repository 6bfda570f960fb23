package crypto_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earshot/earshot/policy/crypto"
)

// key32 is a fixed test secret: bytes 0..31.
func key32() crypto.Secret {
	var s crypto.Secret
	for i := range s {
		s[i] = byte(i)
	}
	return s
}

// key32b is key32 as a slice.
func key32b() []byte {
	s := key32()
	return s[:]
}

var parseSecretTests = []struct {
	name    string
	text    string
	wantErr string // "" means success with key32
}{
	{"hex", hex.EncodeToString(key32b()), ""},
	{"hex upper case", strings.ToUpper(hex.EncodeToString(key32b())), ""},
	{"hex with newline", hex.EncodeToString(key32b()) + "\n", ""},
	{"base64", base64.StdEncoding.EncodeToString(key32b()), ""},
	{"base64 unpadded", base64.RawStdEncoding.EncodeToString(key32b()), ""},
	{"base64 URL", base64.URLEncoding.EncodeToString(key32b()), ""},
	{"base64 URL unpadded with spaces", "  " + base64.RawURLEncoding.EncodeToString(key32b()) + " \r\n", ""},
	{"empty", "", "is empty"},
	{"blank", " \n\t", "is empty"},
	{"short hex", hex.EncodeToString(key32b()[:16]), "has 32 hex digits, want 64"},
	{"long hex", hex.EncodeToString(append(key32b(), 0)), "has 66 hex digits, want 64"},
	{"short base64", base64.StdEncoding.EncodeToString(key32b()[:16]), "decodes to 16 bytes, want 32"},
	{"long base64", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xff}, 48)), "decodes to 48 bytes, want 32"},
	{"garbage", "this is not a key at all, is it?!", "neither hex nor base64"},
	{"passphrase", "correct horse battery staple", "neither hex nor base64"},
}

func TestParseSecret(t *testing.T) {
	const source = "environment variable TEST_KEY"
	for _, tc := range parseSecretTests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := crypto.ParseSecret(source, []byte(tc.text))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseSecret: %v", err)
				}
				if got != key32() {
					t.Errorf("ParseSecret = %x, want %x", got, key32())
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseSecret succeeded, want an error containing %q", tc.wantErr)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.wantErr) || !strings.Contains(msg, source) {
				t.Errorf("error %q does not say %q and name %q", msg, tc.wantErr, source)
			}
			if trimmed := strings.TrimSpace(tc.text); len(trimmed) >= 4 && strings.Contains(msg, trimmed) {
				t.Errorf("error %q quotes the key text", msg)
			}
		})
	}
}

func FuzzParseSecret(f *testing.F) {
	for _, tc := range parseSecretTests {
		f.Add([]byte(tc.text))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		s, err := crypto.ParseSecret("fuzz", text)
		if err != nil {
			// (Inputs with white space could match the message's words.)
			if tr := bytes.TrimSpace(text); len(tr) >= 16 && !bytes.ContainsAny(tr, " \t\r\n\v\f") && strings.Contains(err.Error(), string(tr)) {
				t.Errorf("error %q quotes the key text", err)
			}
			return
		}
		// A key that parses round-trips through hex.
		again, err := crypto.ParseSecret("fuzz", []byte(hex.EncodeToString(s[:])))
		if err != nil || again != s {
			t.Errorf("hex of a parsed key does not parse back: %v", err)
		}
	})
}

func TestSecretFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	path := filepath.Join(dir, "master.key")
	s, err := crypto.WriteNewSecretFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode() != want {
			t.Errorf("%s mode = %v, %v; want %v", p, fi.Mode(), err, want)
		}
	}
	got, err := crypto.ReadSecretFile(path)
	if err != nil || got != s {
		t.Fatalf("ReadSecretFile = %x, %v; want the written key", got, err)
	}
	if s == (crypto.Secret{}) {
		t.Error("new secret is all zeros")
	}
	if _, err := crypto.WriteNewSecretFile(path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("WriteNewSecretFile over an existing key: err = %v, want ErrExist", err)
	}
	if again, _ := crypto.ReadSecretFile(path); again != s {
		t.Error("the existing key file was replaced")
	}

	loaded, created, err := crypto.LoadOrCreateSecretFile(path)
	if err != nil || created || loaded != s {
		t.Errorf("LoadOrCreateSecretFile(existing) = created %v, %v; want the existing key", created, err)
	}
	other := filepath.Join(dir, "other.key")
	fresh, created, err := crypto.LoadOrCreateSecretFile(other)
	if err != nil || !created || fresh == s {
		t.Errorf("LoadOrCreateSecretFile(new) = created %v, %v; want a new key", created, err)
	}

	bad := filepath.Join(dir, "bad.key")
	if err := os.WriteFile(bad, []byte("abcd"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := crypto.ReadSecretFile(bad); err == nil || !strings.Contains(err.Error(), "file "+bad) {
		t.Errorf("ReadSecretFile(bad) err = %v, want it to name the file", err)
	}
	if _, err := crypto.ReadSecretFile(filepath.Join(dir, "missing.key")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadSecretFile(missing) err = %v, want ErrNotExist", err)
	}
}

func TestSecretFromEnv(t *testing.T) {
	t.Setenv("EARSHOT_TEST_KEY", base64.StdEncoding.EncodeToString(key32b()))
	if s, err := crypto.SecretFromEnv("EARSHOT_TEST_KEY"); err != nil || s != key32() {
		t.Errorf("SecretFromEnv = %x, %v", s, err)
	}
	t.Setenv("EARSHOT_TEST_KEY", "deadbeef")
	if _, err := crypto.SecretFromEnv("EARSHOT_TEST_KEY"); err == nil || !strings.Contains(err.Error(), "environment variable EARSHOT_TEST_KEY") {
		t.Errorf("SecretFromEnv(short) err = %v, want it to name the variable", err)
	}
	if _, err := crypto.SecretFromEnv("EARSHOT_TEST_KEY_UNSET"); err == nil || !strings.Contains(err.Error(), "not set") {
		t.Errorf("SecretFromEnv(unset) err = %v", err)
	}
}
