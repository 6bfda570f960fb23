package crypto

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/earshot/earshot/policy/store"
)

// errNotPseudonym refuses a subject that is not a pseudonym, so no raw
// number is ever stored beside a key.
var errNotPseudonym = errors.New("crypto: subject is not a pseudonym")

// Buckets is how many buckets subjects are spread over. Erasing a subject
// rewraps the keys of its bucket (1/Buckets of all subjects) and makes a
// data backup taken before the erasure unreadable for that bucket only.
// Each subject key records its bucket, so changing this number affects
// only new subjects.
const Buckets = 1024

// SweepGrace is how old an unused KEK in the vault must be before Sweep
// deletes it: a KEK is put in the vault a moment before the transaction
// that makes it current commits.
const SweepGrace = 5 * time.Minute

// Keys manages subject keys: it creates them on first use, unwraps them to
// seal and open data, destroys them on erasure, and rewraps KEKs when the
// master key rotates. It is safe for concurrent use by goroutines and by
// several processes sharing the data store and the vault.
type Keys struct {
	data  store.KeyStore
	vault store.Vault
	wrap  KeyWrapper
	now   func() time.Time
}

// NewKeys returns a Keys over the data store's subject keys, the vault's
// KEKs and a master key wrapper. vault must be another database than data
// (see CheckSeparate). The caller keeps ownership of both stores.
func NewKeys(data store.KeyStore, vault store.Vault, wrap KeyWrapper) *Keys {
	return &Keys{data: data, vault: vault, wrap: wrap, now: time.Now}
}

// BucketOf returns the bucket of a subject pseudonym.
func BucketOf(subject string) int {
	h := sha256.Sum256([]byte(subject))
	return int(binary.BigEndian.Uint32(h[:4]) % Buckets)
}

func randomID(prefix string, n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// kekAAD binds a wrapped KEK to its ID and bucket.
func kekAAD(id string, bucket int) []byte {
	return []byte("earshot/kek/v1\x00" + id + "\x00" + strconv.Itoa(bucket))
}

// subjectAAD binds a wrapped subject key to its ID and subject.
func subjectAAD(id, subject string) []byte {
	return []byte("earshot/subject-key/v1\x00" + id + "\x00" + subject)
}

// kek returns the KEK with this ID, or ErrKeyDestroyed if the vault does
// not have it.
func (k *Keys) kek(ctx context.Context, id string) (cipher.AEAD, error) {
	bk, err := k.vault.BucketKey(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: KEK %s is not in the vault", ErrKeyDestroyed, id)
	}
	if err != nil {
		return nil, err
	}
	secret, err := k.wrap.Unwrap(ctx, bk.Wrapped, kekAAD(bk.ID, bk.Bucket))
	if err != nil {
		return nil, fmt.Errorf("crypto: unwrap KEK %s: %w", id, err)
	}
	defer clear(secret)
	if len(secret) != KeySize {
		return nil, fmt.Errorf("%w: KEK %s has %d bytes", ErrTampered, id, len(secret))
	}
	return newAEAD(secret), nil
}

// newKEK creates a KEK for bucket and puts it in the vault.
func (k *Keys) newKEK(ctx context.Context, bucket int) (string, cipher.AEAD, error) {
	secret := NewSecret()
	defer clear(secret[:])
	id := randomID("kek-", 16)
	wrapped, err := k.wrap.Wrap(ctx, secret[:], kekAAD(id, bucket))
	if err != nil {
		return "", nil, fmt.Errorf("crypto: wrap new KEK: %w", err)
	}
	err = k.vault.PutBucketKey(ctx, store.BucketKey{ID: id, Bucket: bucket, WrapKeyID: k.wrap.KeyID(), Wrapped: wrapped, CreatedAt: k.now()})
	if err != nil {
		return "", nil, err
	}
	return id, newAEAD(secret[:]), nil
}

// unwrapRow unwraps a stored subject key. A rotation that commits between
// reading the row and reading its KEK makes the KEK vanish; the row is then
// read again under the new KEK.
func (k *Keys) unwrapRow(ctx context.Context, row store.SubjectKey) (*SubjectKey, error) {
	for attempt := 0; ; attempt++ {
		kek, err := k.kek(ctx, row.KEKID)
		if errors.Is(err, ErrKeyDestroyed) && attempt < 3 {
			again, rerr := k.data.SubjectKey(ctx, row.ID)
			if errors.Is(rerr, store.ErrNotFound) {
				return nil, fmt.Errorf("%w: subject key %s", ErrKeyDestroyed, row.ID)
			}
			if rerr != nil {
				return nil, rerr
			}
			if again.KEKID != row.KEKID {
				row = again
				continue
			}
		}
		if err != nil {
			return nil, err
		}
		secret, err := kek.Open(nil, nil, row.Wrapped, subjectAAD(row.ID, row.Subject))
		if err != nil {
			return nil, fmt.Errorf("%w: subject key %s fails authentication", ErrTampered, row.ID)
		}
		defer clear(secret)
		return newSubjectKey(row.ID, row.Subject, secret)
	}
}

// ForSubject returns the subject's key, creating it on first use. subject
// must be a pseudonym (see Pseudonymizer, IsPseudonym), never a raw number.
func (k *Keys) ForSubject(ctx context.Context, subject string) (*SubjectKey, error) {
	if !IsPseudonym(subject) {
		return nil, errNotPseudonym
	}
	for attempt := 0; ; attempt++ {
		row, err := k.data.SubjectKeyOf(ctx, subject)
		if err == nil {
			return k.unwrapRow(ctx, row)
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		sk, err := k.create(ctx, subject)
		if errors.Is(err, store.ErrDuplicate) && attempt < 3 {
			continue // another writer created it first
		}
		return sk, err
	}
}

func (k *Keys) create(ctx context.Context, subject string) (*SubjectKey, error) {
	bucket := BucketOf(subject)
	var sk *SubjectKey
	err := k.data.UpdateKeyBucket(ctx, bucket, func(tx store.KeyBucketTx) error {
		kekID := tx.KEKID()
		var kek cipher.AEAD
		var err error
		if kekID == "" {
			if kekID, kek, err = k.newKEK(ctx, bucket); err != nil {
				return err
			}
			if err := tx.SetKEKID(kekID); err != nil {
				return err
			}
		} else if kek, err = k.kek(ctx, kekID); err != nil {
			return err
		}
		secret := NewSecret()
		defer clear(secret[:])
		id := randomID("", keyIDSize)
		err = tx.PutSubjectKey(store.SubjectKey{
			ID: id, Subject: subject, Bucket: bucket, KEKID: kekID,
			Wrapped: kek.Seal(nil, nil, secret[:], subjectAAD(id, subject)), CreatedAt: k.now(),
		})
		if err != nil {
			return err
		}
		sk, err = newSubjectKey(id, subject, secret[:])
		return err
	})
	return sk, err
}

// Lookup returns the key with this ID, which must be subject's:
// ErrKeyDestroyed if it was destroyed, ErrWrongKey if it is another
// subject's.
func (k *Keys) Lookup(ctx context.Context, subject, keyID string) (*SubjectKey, error) {
	row, err := k.data.SubjectKey(ctx, keyID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: subject key %s", ErrKeyDestroyed, keyID)
	}
	if err != nil {
		return nil, err
	}
	if row.Subject != subject {
		return nil, fmt.Errorf("%w: key %s belongs to another subject", ErrWrongKey, keyID)
	}
	return k.unwrapRow(ctx, row)
}

// Seal seals a small value (a raw transcript segment) with the subject's
// key, creating it on first use. See SubjectKey.Seal for aad.
func (k *Keys) Seal(ctx context.Context, subject string, plaintext, aad []byte) ([]byte, error) {
	sk, err := k.ForSubject(ctx, subject)
	if err != nil {
		return nil, err
	}
	return sk.Seal(plaintext, aad), nil
}

// Open opens a value sealed for subject. After the subject's erasure it
// returns ErrKeyDestroyed.
func (k *Keys) Open(ctx context.Context, subject string, sealed, aad []byte) ([]byte, error) {
	id, err := SealedKeyID(sealed)
	if err != nil {
		return nil, err
	}
	sk, err := k.Lookup(ctx, subject, id)
	if err != nil {
		return nil, err
	}
	return sk.Open(sealed, aad)
}

// NewWriter starts a recording stream for subject (see
// SubjectKey.NewWriter). The Writer keeps the key: erasing the subject
// while it is open does not stop it, so erasure must stop live recordings
// first.
func (k *Keys) NewWriter(ctx context.Context, subject string, w io.Writer, aad []byte) (*Writer, error) {
	sk, err := k.ForSubject(ctx, subject)
	if err != nil {
		return nil, err
	}
	return sk.NewWriter(w, aad)
}

// NewReader reads a stream's header from r, looks up its key and returns a
// Reader; after the subject's erasure it returns ErrKeyDestroyed.
func (k *Keys) NewReader(ctx context.Context, subject string, r io.Reader, aad []byte) (*Reader, error) {
	header, err := readStreamHeader(r)
	if err != nil {
		return nil, err
	}
	id := streamKeyID(header)
	sk, err := k.Lookup(ctx, subject, hex.EncodeToString(id[:]))
	if err != nil {
		return nil, err
	}
	return sk.newReader(header, r, aad)
}

// DestroySubjectKey crypto-shreds a subject: it deletes their key and
// rotates their bucket's KEK (new KEK, the bucket's other keys rewrapped,
// old KEK deleted from the vault), so that no copy of the data store taken
// before can be decrypted for them. It reports whether the subject had a
// key; destroying twice is not an error.
func (k *Keys) DestroySubjectKey(ctx context.Context, subject string) (bool, error) {
	if !IsPseudonym(subject) {
		return false, errNotPseudonym
	}
	row, err := k.data.SubjectKeyOf(ctx, subject)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var destroyed bool
	var oldKEK string
	err = k.data.UpdateKeyBucket(ctx, row.Bucket, func(tx store.KeyBucketTx) error {
		n, err := tx.DeleteSubjectKeys(subject)
		if err != nil || n == 0 {
			return err
		}
		destroyed = true
		return k.rotate(ctx, tx, row.Bucket, &oldKEK)
	})
	if err != nil {
		return false, fmt.Errorf("crypto: destroy subject key: %w", err)
	}
	if oldKEK != "" {
		if _, err := k.vault.DeleteBucketKey(ctx, oldKEK); err != nil {
			// The key row is gone and nothing references oldKEK: Sweep
			// deletes it later, and a retry of the erasure calls Sweep.
			return destroyed, fmt.Errorf("crypto: delete old KEK: %w", err)
		}
	}
	if _, err := k.Sweep(ctx); err != nil {
		return destroyed, err
	}
	return destroyed, nil
}

// rotate gives the bucket a new KEK and rewraps its keys under it. Keys
// whose KEK is already gone (a creator that crashed mid-rotation) cannot
// be read by anyone and are left as they are.
func (k *Keys) rotate(ctx context.Context, tx store.KeyBucketTx, bucket int, oldKEK *string) error {
	newID, newKEK, err := k.newKEK(ctx, bucket)
	if err != nil {
		return err
	}
	keys, err := tx.SubjectKeys()
	if err != nil {
		return err
	}
	keks := map[string]cipher.AEAD{}
	for _, sk := range keys {
		kek, ok := keks[sk.KEKID]
		if !ok {
			kek, err = k.kek(ctx, sk.KEKID)
			if err != nil && !errors.Is(err, ErrKeyDestroyed) {
				return err
			}
			keks[sk.KEKID] = kek
		}
		if kek == nil {
			continue
		}
		secret, err := kek.Open(nil, nil, sk.Wrapped, subjectAAD(sk.ID, sk.Subject))
		if err != nil {
			return fmt.Errorf("%w: subject key %s fails authentication", ErrTampered, sk.ID)
		}
		err = tx.RewrapSubjectKey(sk.ID, newID, newKEK.Seal(nil, nil, secret, subjectAAD(sk.ID, sk.Subject)))
		clear(secret)
		if err != nil {
			return err
		}
	}
	*oldKEK = tx.KEKID()
	return tx.SetKEKID(newID)
}

// Sweep deletes from the vault every KEK that no bucket uses and that is
// older than SweepGrace: leftovers of a crash between a rotation's commit
// and the old KEK's deletion, or of a creation that failed. Erasure calls
// it; a server should call it at start. It returns how many it deleted.
func (k *Keys) Sweep(ctx context.Context) (int, error) {
	current, err := k.data.KeyBucketKEKs(ctx)
	if err != nil {
		return 0, err
	}
	inUse := make(map[string]bool, len(current))
	for _, id := range current {
		inUse[id] = true
	}
	all, err := k.vault.BucketKeys(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, bk := range all {
		if inUse[bk.ID] || k.now().Sub(bk.CreatedAt) < SweepGrace {
			continue
		}
		ok, err := k.vault.DeleteBucketKey(ctx, bk.ID)
		if err != nil {
			return n, fmt.Errorf("crypto: sweep KEK %s: %w", bk.ID, err)
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// Rewrap rewraps every KEK in the vault that is not wrapped by the
// wrapper's current key, and returns how many it rewrapped. Run it after
// a master key rotation, before dropping the old key from the Keyring.
// Subject keys are wrapped by KEKs and do not change.
func (k *Keys) Rewrap(ctx context.Context) (int, error) {
	all, err := k.vault.BucketKeys(ctx)
	if err != nil {
		return 0, err
	}
	current := k.wrap.KeyID()
	n := 0
	for _, bk := range all {
		if bk.WrapKeyID == current {
			continue
		}
		aad := kekAAD(bk.ID, bk.Bucket)
		secret, err := k.wrap.Unwrap(ctx, bk.Wrapped, aad)
		if err != nil {
			return n, fmt.Errorf("crypto: rewrap KEK %s: %w", bk.ID, err)
		}
		wrapped, err := k.wrap.Wrap(ctx, secret, aad)
		clear(secret)
		if err != nil {
			return n, fmt.Errorf("crypto: rewrap KEK %s: %w", bk.ID, err)
		}
		ok, err := k.vault.RewrapBucketKey(ctx, bk.ID, bk.Wrapped, current, wrapped)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
