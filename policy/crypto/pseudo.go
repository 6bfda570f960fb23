package crypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
)

// Pseudonymizer turns identifiers of data subjects (phone numbers, WebRTC
// identities) into pseudonyms: HMAC-SHA256 under a secret pseudonymisation
// key, truncated to 160 bits and written "ps_" and 32 lower-case base32
// characters. The same identifier always gives the same pseudonym, so
// consent, keys and audit records of one caller meet, and a DPO finds them
// by pseudonymising the number the caller gives. Without the key a
// pseudonym cannot be reversed, not even by trying every phone number.
//
// The key must be kept as secret as a master key and never rotated (every
// pseudonym would change). It is safe for concurrent use.
type Pseudonymizer struct {
	key Secret
}

// NewPseudonymizer returns a Pseudonymizer with the given key.
func NewPseudonymizer(key Secret) *Pseudonymizer { return &Pseudonymizer{key: key} }

var pseudoEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Identity returns the pseudonym of id in a namespace of identifiers
// ("webrtc", "sip-uri", ...: lower-case letters, digits and '-'), so equal
// strings in different namespaces stay different subjects.
func (p *Pseudonymizer) Identity(namespace, id string) (string, error) {
	if namespace == "" || strings.Trim(namespace, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return "", fmt.Errorf("crypto: pseudonym namespace %q: want lower-case letters, digits and '-'", namespace)
	}
	if id == "" {
		return "", errors.New("crypto: empty identifier")
	}
	mac := hmac.New(sha256.New, p.key[:])
	mac.Write([]byte("earshot/pseudonym/v1\x00"))
	mac.Write([]byte(namespace))
	mac.Write([]byte{0})
	mac.Write([]byte(id))
	return "ps_" + strings.ToLower(pseudoEncoding.EncodeToString(mac.Sum(nil)[:20])), nil
}

// Phone returns the pseudonym of a phone number. Visual separators
// (space, '-', '.', '(', ')') and a "tel:" prefix are dropped, so
// "+44 20 7946-0000" and "+442079460000" are one subject; what remains must
// be an optional '+' and 3 to 20 digits. Numbers should be in E.164 form:
// a national and an international spelling of one number stay different.
// Errors never quote the number.
func (p *Pseudonymizer) Phone(number string) (string, error) {
	n, err := NormalizePhone(number)
	if err != nil {
		return "", err
	}
	return p.Identity("tel", n)
}

// NormalizePhone returns the number as Phone pseudonymises it.
func NormalizePhone(number string) (string, error) {
	s := strings.TrimPrefix(strings.TrimSpace(number), "tel:")
	var b strings.Builder
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
			digits++
		case c == '+' && b.Len() == 0 && i == strings.IndexRune(s, '+'):
			b.WriteRune(c)
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return "", errors.New("crypto: phone number has a character other than digits, a leading '+' and separators")
		}
	}
	if digits < 3 || digits > 20 {
		return "", fmt.Errorf("crypto: phone number has %d digits, want 3 to 20", digits)
	}
	return b.String(), nil
}

// IsPseudonym reports whether s has the form of a pseudonym this package
// makes, so stores of pseudonyms can refuse anything else (a raw number).
func IsPseudonym(s string) bool {
	if len(s) != 3+32 || s[:3] != "ps_" {
		return false
	}
	for _, c := range s[3:] {
		if !('a' <= c && c <= 'z' || '2' <= c && c <= '7') {
			return false
		}
	}
	return true
}
