package crypto

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"errors"
	"fmt"
)

// ErrUnknownMasterKey is returned when a wrapped key names a master key the
// Keyring does not hold: an old key was dropped before Keys.Rewrap ran.
var ErrUnknownMasterKey = errors.New("crypto: wrapped by an unknown master key")

// KeyWrapper wraps and unwraps key-encryption keys. Keyring implements it
// with local master keys; a KMS client (AWS KMS Encrypt/Decrypt, Vault
// Transit, PKCS#11) implements it by sending the key and aad to the KMS,
// and then no master key is ever in the process. Implementations must be
// safe for concurrent use and must authenticate aad.
type KeyWrapper interface {
	// KeyID names the key Wrap uses now. Keys.Rewrap rewraps everything
	// whose wrapping key ID differs.
	KeyID() string
	// Wrap encrypts key, bound to aad. The result names the wrapping key
	// itself, so Unwrap needs nothing else.
	Wrap(ctx context.Context, key, aad []byte) ([]byte, error)
	// Unwrap reverses Wrap; it fails if wrapped or aad were altered.
	Unwrap(ctx context.Context, wrapped, aad []byte) ([]byte, error)
}

// MasterKey is a master key with its ID.
type MasterKey struct {
	id   string
	aead cipher.AEAD
}

// NewMasterKey makes a master key of s. Its ID is derived from the key
// ("mk-" and 16 letters a–p, one per nibble of a domain-separated SHA-256),
// so every process that loads the same key agrees on it and no
// configuration names it. Letters, not hex digits, because the audit log
// refuses details with long digit runs (they may be phone numbers).
func NewMasterKey(s Secret) MasterKey {
	h := sha256.New()
	h.Write([]byte("earshot/master-key-id/v1\x00"))
	h.Write(s[:])
	var id [16]byte
	for i, b := range h.Sum(nil)[:8] {
		id[2*i], id[2*i+1] = 'a'+b>>4, 'a'+b&0xf
	}
	return MasterKey{id: "mk-" + string(id[:]), aead: newAEAD(s[:])}
}

// ID returns the key's ID. It reveals nothing usable about the key.
func (m MasterKey) ID() string { return m.id }

// newAEAD returns AES-256-GCM with random 96-bit nonces: Seal draws the
// nonce and prepends it, Open reads it back.
func newAEAD(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(fmt.Sprintf("crypto: AES key of %d bytes", len(key))) // every caller passes 32 bytes
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		panic(err) // cannot fail for AES
	}
	return aead
}

// Keyring is a KeyWrapper over local master keys: the current one wraps,
// any of them unwraps. To rotate, start with the new key as current and
// the old one in old, run Keys.Rewrap, then drop the old key.
type Keyring struct {
	current MasterKey
	byID    map[string]MasterKey
}

// NewKeyring returns a keyring that wraps with current and unwraps with
// current or any of old.
func NewKeyring(current MasterKey, old ...MasterKey) *Keyring {
	k := &Keyring{current: current, byID: map[string]MasterKey{current.id: current}}
	for _, m := range old {
		k.byID[m.id] = m
	}
	return k
}

// KeyID returns the current master key's ID.
func (k *Keyring) KeyID() string { return k.current.id }

const wrapVersion = 1

// wrapAAD binds a wrapped key to the master key ID and the caller's aad.
func wrapAAD(id string, aad []byte) []byte {
	b := make([]byte, 0, 32+len(id)+len(aad))
	b = append(b, "earshot/wrap/v1\x00"...)
	b = append(b, id...)
	b = append(b, 0)
	return append(b, aad...)
}

// Wrap encrypts key with the current master key: version byte, ID length
// and ID, then the GCM nonce, ciphertext and tag.
func (k *Keyring) Wrap(_ context.Context, key, aad []byte) ([]byte, error) {
	id := k.current.id
	out := make([]byte, 0, 2+len(id)+k.current.aead.NonceSize()+len(key)+k.current.aead.Overhead())
	out = append(out, wrapVersion, byte(len(id)))
	out = append(out, id...)
	return k.current.aead.Seal(out, nil, key, wrapAAD(id, aad)), nil
}

// Unwrap decrypts a key wrapped by any master key of the keyring.
func (k *Keyring) Unwrap(_ context.Context, wrapped, aad []byte) ([]byte, error) {
	if len(wrapped) < 2 || wrapped[0] != wrapVersion || len(wrapped) < 2+int(wrapped[1]) {
		return nil, fmt.Errorf("%w: malformed wrapped key", ErrTampered)
	}
	id := string(wrapped[2 : 2+int(wrapped[1])])
	m, ok := k.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownMasterKey, id)
	}
	key, err := m.aead.Open(nil, nil, wrapped[2+len(id):], wrapAAD(id, aad))
	if err != nil {
		return nil, fmt.Errorf("%w: wrapped key fails authentication under master key %s", ErrTampered, id)
	}
	return key, nil
}
