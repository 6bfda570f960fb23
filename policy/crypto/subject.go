package crypto

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// Errors of decryption. They are distinct so a caller can tell an erased
// subject (ErrKeyDestroyed, expected) from damage (ErrTampered,
// ErrTruncated) and from a mix-up (ErrWrongKey).
var (
	// ErrKeyDestroyed: the key that sealed the data was destroyed by an
	// erasure; the data can never be read again.
	ErrKeyDestroyed = errors.New("crypto: key destroyed")
	// ErrWrongKey: the data was sealed under another key (another subject,
	// or another generation of this subject's key).
	ErrWrongKey = errors.New("crypto: sealed under another key")
	// ErrTampered: the data is malformed, or was altered, reordered or
	// given other additional data than it was sealed with.
	ErrTampered = errors.New("crypto: data altered or malformed")
	// ErrTruncated: a stream ends before its final chunk (a crash while
	// writing, or a cut). Everything read before it was authentic.
	ErrTruncated = errors.New("crypto: stream truncated")
)

// keyIDSize is the size of a subject key ID in ciphertext headers; its text
// form is hex.
const keyIDSize = 16

// SubjectKey is one data subject's data key, unwrapped. It seals small
// values (Seal, Open) and recording streams (NewWriter, NewReader). It is
// safe for concurrent use.
type SubjectKey struct {
	id      [keyIDSize]byte
	idText  string
	subject string
	secret  Secret
	value   cipher.AEAD
}

func newSubjectKey(idText, subject string, secret []byte) (*SubjectKey, error) {
	if len(secret) != KeySize {
		return nil, fmt.Errorf("%w: subject key of %d bytes", ErrTampered, len(secret))
	}
	k := &SubjectKey{idText: idText, subject: subject}
	if n, err := hex.Decode(k.id[:], []byte(idText)); err != nil || n != keyIDSize || len(idText) != 2*keyIDSize {
		return nil, fmt.Errorf("%w: subject key ID %q", ErrTampered, idText)
	}
	copy(k.secret[:], secret)
	k.value = newAEAD(k.derive(nil, "earshot/value/v1"))
	return k, nil
}

// derive returns a 32-byte key for one purpose (RFC 5869).
func (k *SubjectKey) derive(salt []byte, info string) []byte {
	b, err := hkdf.Key(sha256.New, k.secret[:], salt, info, KeySize)
	if err != nil {
		panic(err) // only for lengths above 255*32
	}
	return b
}

// ID returns the key's ID, which sealed data carries in its header.
func (k *SubjectKey) ID() string { return k.idText }

// Subject returns the pseudonym of the key's data subject.
func (k *SubjectKey) Subject() string { return k.subject }

const valueVersion = 1

// valueHeaderSize is the version byte and the key ID.
const valueHeaderSize = 1 + keyIDSize

// SealOverhead is how many bytes Seal adds to a value.
const SealOverhead = valueHeaderSize + 12 + 16

// Seal encrypts a small value (a raw transcript segment) bound to aad,
// which Open must be given again: use it for the context the value belongs
// to, such as the call ID and the segment number, so a sealed value cannot
// be moved.
func (k *SubjectKey) Seal(plaintext, aad []byte) []byte {
	out := make([]byte, valueHeaderSize, SealOverhead+len(plaintext))
	out[0] = valueVersion
	copy(out[1:], k.id[:])
	return k.value.Seal(out, nil, plaintext, valueAAD(out[:valueHeaderSize], aad))
}

func valueAAD(header, aad []byte) []byte {
	b := make([]byte, 0, len(header)+len(aad))
	return append(append(b, header...), aad...)
}

// Open decrypts a value sealed by Seal with the same aad.
func (k *SubjectKey) Open(sealed, aad []byte) ([]byte, error) {
	id, err := SealedKeyID(sealed)
	if err != nil {
		return nil, err
	}
	if id != k.idText {
		return nil, fmt.Errorf("%w: value sealed under key %s, not %s", ErrWrongKey, id, k.idText)
	}
	p, err := k.value.Open(nil, nil, sealed[valueHeaderSize:], valueAAD(sealed[:valueHeaderSize], aad))
	if err != nil {
		return nil, fmt.Errorf("%w: sealed value fails authentication", ErrTampered)
	}
	return p, nil
}

// SealedKeyID returns the ID of the key a sealed value names.
func SealedKeyID(sealed []byte) (string, error) {
	if len(sealed) < SealOverhead || sealed[0] != valueVersion {
		return "", fmt.Errorf("%w: not a sealed value", ErrTampered)
	}
	return hex.EncodeToString(sealed[1:valueHeaderSize]), nil
}
