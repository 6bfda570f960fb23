package crypto

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// KeySize is the size in bytes of every secret Earshot loads: master keys,
// the pseudonymisation key and the audit signing seed.
const KeySize = 32

// Secret is a 32-byte secret key.
type Secret [KeySize]byte

// ParseSecret decodes a secret written as 64 hex digits or as base64
// (standard or URL alphabet, padded or not) of 32 bytes. Surrounding white
// space is ignored. source names where text came from ("file
// /etc/earshot/master.key", "environment variable EARSHOT_MASTER_KEY");
// errors name it and never contain the text.
func ParseSecret(source string, text []byte) (Secret, error) {
	var s Secret
	text = bytes.TrimSpace(text)
	if len(text) == 0 {
		return s, fmt.Errorf("crypto: key from %s is empty", source)
	}
	if isHex(text) {
		// A base64 key of only hex characters is too unlikely to consider.
		if len(text) != hex.EncodedLen(KeySize) {
			return s, fmt.Errorf("crypto: key from %s has %d hex digits, want %d", source, len(text), hex.EncodedLen(KeySize))
		}
		if _, err := hex.Decode(s[:], text); err != nil {
			return Secret{}, fmt.Errorf("crypto: key from %s is not valid hex", source)
		}
		return s, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		buf := make([]byte, enc.DecodedLen(len(text)))
		n, err := enc.Decode(buf, text)
		if err != nil {
			continue
		}
		if n != KeySize {
			clear(buf)
			return s, fmt.Errorf("crypto: key from %s decodes to %d bytes, want %d (64 hex digits or 44 base64 characters)", source, n, KeySize)
		}
		copy(s[:], buf)
		clear(buf)
		return s, nil
	}
	return s, fmt.Errorf("crypto: key from %s is neither hex nor base64 (%d characters); want 64 hex digits or 44 base64 characters", source, len(text))
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ReadSecretFile reads a secret from a file (see ParseSecret).
func ReadSecretFile(path string) (Secret, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Secret{}, fmt.Errorf("crypto: read key file: %w", err)
	}
	defer clear(b)
	return ParseSecret("file "+path, b)
}

// SecretFromEnv reads a secret from an environment variable (see
// ParseSecret).
func SecretFromEnv(name string) (Secret, error) {
	v, ok := os.LookupEnv(name)
	if !ok {
		return Secret{}, fmt.Errorf("crypto: environment variable %s is not set", name)
	}
	return ParseSecret("environment variable "+name, []byte(v))
}

// NewSecret returns 32 random bytes.
func NewSecret() Secret {
	var s Secret
	rand.Read(s[:]) // never fails (crypto/rand since Go 1.24)
	return s
}

// WriteNewSecretFile writes a new random secret to path as hex, mode 0600,
// creating the directory (mode 0700) if needed. It refuses to replace an
// existing file: a lost master key is lost data.
func WriteNewSecretFile(path string) (Secret, error) {
	s := NewSecret()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return Secret{}, fmt.Errorf("crypto: create key directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Secret{}, fmt.Errorf("crypto: create key file: %w", err)
	}
	text := make([]byte, hex.EncodedLen(KeySize)+1)
	hex.Encode(text, s[:])
	text[len(text)-1] = '\n'
	_, err = f.Write(text)
	clear(text)
	err = errors.Join(err, f.Sync(), f.Close())
	if err != nil {
		return Secret{}, fmt.Errorf("crypto: write key file: %w", err)
	}
	return s, syncDir(filepath.Dir(path))
}

// LoadOrCreateSecretFile reads the secret at path, or creates it with
// WriteNewSecretFile if there is no file. created reports which.
func LoadOrCreateSecretFile(path string) (s Secret, created bool, err error) {
	s, err = ReadSecretFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		s, err = WriteNewSecretFile(path)
		if errors.Is(err, fs.ErrExist) { // created by another process meanwhile
			s, err = ReadSecretFile(path)
			return s, false, err
		}
		return s, err == nil, err
	}
	return s, false, err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("crypto: sync key directory: %w", err)
	}
	err = errors.Join(d.Sync(), d.Close())
	if err != nil {
		return fmt.Errorf("crypto: sync key directory: %w", err)
	}
	return nil
}
