package crypto_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/earshot/earshot/policy/crypto"
)

func TestMasterKeyID(t *testing.T) {
	a := crypto.NewMasterKey(key32())
	if a.ID() != crypto.NewMasterKey(key32()).ID() {
		t.Error("one key gives two IDs")
	}
	other := key32()
	other[0] ^= 1
	if b := crypto.NewMasterKey(other); b.ID() == a.ID() {
		t.Error("two keys give one ID")
	}
	if !strings.HasPrefix(a.ID(), "mk-") || len(a.ID()) != 3+16 || strings.ContainsAny(a.ID(), "0123456789") {
		t.Errorf("ID = %q, want mk- and 16 hex digits", a.ID())
	}
}

func TestKeyringWrap(t *testing.T) {
	ctx := t.Context()
	oldKey := crypto.NewMasterKey(key32())
	newKey := crypto.NewMasterKey(crypto.NewSecret())
	secret := bytes.Repeat([]byte{0xab}, 32)
	aad := []byte("kek-1/bucket 7")

	oldRing := crypto.NewKeyring(oldKey)
	wrapped, err := oldRing.Wrap(ctx, secret, aad)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(wrapped, secret) {
		t.Fatal("wrapped key contains the key")
	}
	again, _ := oldRing.Wrap(ctx, secret, aad)
	if bytes.Equal(again, wrapped) {
		t.Error("two wraps of one key are equal: the nonce is not random")
	}

	rotated := crypto.NewKeyring(newKey, oldKey)
	if rotated.KeyID() != newKey.ID() {
		t.Errorf("KeyID = %s, want the current key's %s", rotated.KeyID(), newKey.ID())
	}
	for name, ring := range map[string]*crypto.Keyring{"same": oldRing, "rotated": rotated} {
		got, err := ring.Unwrap(ctx, wrapped, aad)
		if err != nil || !bytes.Equal(got, secret) {
			t.Errorf("%s keyring: Unwrap = %x, %v", name, got, err)
		}
	}
	rewrapped, err := rotated.Wrap(ctx, secret, aad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := oldRing.Unwrap(ctx, rewrapped, aad); !errors.Is(err, crypto.ErrUnknownMasterKey) {
		t.Errorf("Unwrap by a keyring without the key: err = %v, want ErrUnknownMasterKey", err)
	}

	if _, err := oldRing.Unwrap(ctx, wrapped, []byte("kek-2/bucket 7")); !errors.Is(err, crypto.ErrTampered) {
		t.Errorf("Unwrap with other aad: err = %v, want ErrTampered", err)
	}
	for i := range wrapped {
		bad := bytes.Clone(wrapped)
		bad[i] ^= 0x40
		if _, err := oldRing.Unwrap(ctx, bad, aad); err == nil {
			t.Errorf("Unwrap with byte %d flipped succeeded", i)
		}
	}
	for _, bad := range [][]byte{nil, {1}, {2, 0}, {1, 200, 'm'}} {
		if _, err := oldRing.Unwrap(ctx, bad, aad); !errors.Is(err, crypto.ErrTampered) {
			t.Errorf("Unwrap(%x) err = %v, want ErrTampered", bad, err)
		}
	}
}
