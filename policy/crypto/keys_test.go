package crypto_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
)

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// backend opens a data store and a vault of one kind, each fresh.
type backend struct {
	name  string
	data  func(t testing.TB) store.Database
	vault func(t testing.TB) store.Vault
}

var backends = []backend{
	{
		name:  "sqlite",
		data:  func(t testing.TB) store.Database { return openData(t, "", t.TempDir()) },
		vault: func(t testing.TB) store.Vault { return openVault(t, "", t.TempDir()) },
	},
	{
		name:  "postgres",
		data:  func(t testing.TB) store.Database { return openData(t, storetest.PostgresURL(t), "") },
		vault: func(t testing.TB) store.Vault { return openVault(t, storetest.PostgresURL(t), "") },
	},
}

func openData(t testing.TB, url, dir string) store.Database {
	t.Helper()
	db, err := store.OpenDatabase(ctxT(t), url, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openVault(t testing.TB, url, dir string) store.Vault {
	t.Helper()
	v, err := store.OpenVault(ctxT(t), url, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// forEachBackend runs fn as a parallel subtest per backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, b)
		})
	}
}

var testPseudonyms = crypto.NewPseudonymizer(crypto.Secret{42})

// ps returns the pseudonym of a test identity.
func ps(id string) string {
	s, err := testPseudonyms.Identity("test", id)
	if err != nil {
		panic(err)
	}
	return s
}

func newKeyring() *crypto.Keyring { return crypto.NewKeyring(crypto.NewMasterKey(crypto.NewSecret())) }

// sameBucket returns n pseudonyms that share one bucket, and one that does
// not.
func sameBucket(n int) (same []string, other string) {
	byBucket := map[int][]string{}
	for i := 0; ; i++ {
		s := ps(fmt.Sprintf("subject%04d", i))
		b := crypto.BucketOf(s)
		byBucket[b] = append(byBucket[b], s)
		if len(byBucket[b]) == n {
			for _, c := range byBucket {
				if crypto.BucketOf(c[0]) != b {
					return byBucket[b], c[0]
				}
			}
		}
	}
}

func TestKeysSealOpen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := ctxT(t)
		keys := crypto.NewKeys(b.data(t), b.vault(t), newKeyring())
		first, err := keys.ForSubject(ctx, ps("alice"))
		if err != nil {
			t.Fatal(err)
		}
		again, err := keys.ForSubject(ctx, ps("alice"))
		if err != nil || again.ID() != first.ID() || again.Subject() != ps("alice") {
			t.Fatalf("ForSubject again = %v, %v; want the same key", again.ID(), err)
		}
		bob, err := keys.ForSubject(ctx, ps("bob"))
		if err != nil || bob.ID() == first.ID() {
			t.Fatalf("ForSubject(bob) = %v, %v; want another key", bob.ID(), err)
		}

		text := []byte("my card is 4111 1111 1111 1111")
		aad := []byte("call-1/0")
		sealed, err := keys.Seal(ctx, ps("alice"), text, aad)
		if err != nil {
			t.Fatal(err)
		}
		got, err := keys.Open(ctx, ps("alice"), sealed, aad)
		if err != nil || !bytes.Equal(got, text) {
			t.Fatalf("Open = %q, %v", got, err)
		}
		if _, err := keys.Open(ctx, ps("bob"), sealed, aad); !errors.Is(err, crypto.ErrWrongKey) {
			t.Errorf("Open as another subject: err = %v, want ErrWrongKey", err)
		}
		if _, err := bob.Open(sealed, aad); !errors.Is(err, crypto.ErrWrongKey) {
			t.Errorf("Open with another subject's key: err = %v, want ErrWrongKey", err)
		}

		var rec bytes.Buffer
		w, err := keys.NewWriter(ctx, ps("alice"), &rec, []byte("call-1"))
		if err != nil {
			t.Fatal(err)
		}
		audio := bytes.Repeat([]byte{1, 2, 3, 4}, 20000)
		if _, err := w.Write(audio); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r, err := keys.NewReader(ctx, ps("alice"), bytes.NewReader(rec.Bytes()), []byte("call-1"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, audio) {
			t.Errorf("recording read back: %d bytes, %v", len(got), err)
		}
		if _, err := keys.NewReader(ctx, ps("bob"), bytes.NewReader(rec.Bytes()), []byte("call-1")); !errors.Is(err, crypto.ErrWrongKey) {
			t.Errorf("NewReader as another subject: err = %v, want ErrWrongKey", err)
		}
		for _, bad := range []string{"", "+442079460000"} {
			if _, err := keys.ForSubject(ctx, bad); err == nil {
				t.Errorf("ForSubject(%q) succeeded: subjects must be pseudonyms", bad)
			}
		}
	})
}

func TestKeysConcurrentCreate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := ctxT(t)
		data, vault := b.data(t), b.vault(t)
		ring := newKeyring()
		// Two Keys over the same stores stand for two processes.
		keys := []*crypto.Keys{crypto.NewKeys(data, vault, ring), crypto.NewKeys(data, vault, ring)}
		const n = 8
		ids := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				sk, err := keys[i%2].ForSubject(ctx, ps("same"))
				if err == nil {
					ids[i] = sk.ID()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		for i := range ids {
			if ids[i] != ids[0] {
				t.Fatalf("concurrent ForSubject gave keys %v; want one", ids)
			}
		}
	})
}

func TestKeysDestroy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := ctxT(t)
		data, vault := b.data(t), b.vault(t)
		keys := crypto.NewKeys(data, vault, newKeyring())
		neighbours, far := sameBucket(3)
		gone := neighbours[0]
		sealed := map[string][]byte{}
		for _, s := range append(neighbours, far) {
			v, err := keys.Seal(ctx, s, []byte("secret of "+s), []byte(s))
			if err != nil {
				t.Fatal(err)
			}
			sealed[s] = v
		}
		before, err := keys.ForSubject(ctx, gone)
		if err != nil {
			t.Fatal(err)
		}
		kekBefore, err := data.KeyBucketKEKs(ctx)
		if err != nil {
			t.Fatal(err)
		}

		ok, err := keys.DestroySubjectKey(ctx, gone)
		if err != nil || !ok {
			t.Fatalf("DestroySubjectKey = %v, %v; want true", ok, err)
		}
		if _, err := keys.Open(ctx, gone, sealed[gone], []byte(gone)); !errors.Is(err, crypto.ErrKeyDestroyed) {
			t.Errorf("Open after destroy: err = %v, want ErrKeyDestroyed", err)
		}
		// The bucket's other subjects, and other buckets, still open.
		for _, s := range append(neighbours[1:], far) {
			got, err := keys.Open(ctx, s, sealed[s], []byte(s))
			if err != nil || string(got) != "secret of "+s {
				t.Errorf("Open(%s) after destroying a neighbour = %q, %v", s, got, err)
			}
		}
		// The bucket was rotated and its old KEK is gone from the vault.
		kekAfter, err := data.KeyBucketKEKs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		bucket := crypto.BucketOf(gone)
		if kekAfter[bucket] == kekBefore[bucket] {
			t.Error("the bucket's KEK did not change")
		}
		if kekAfter[crypto.BucketOf(far)] != kekBefore[crypto.BucketOf(far)] {
			t.Error("another bucket's KEK changed")
		}
		if _, err := vault.BucketKey(ctx, kekBefore[bucket]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("old KEK still in the vault (err = %v)", err)
		}

		if ok, err := keys.DestroySubjectKey(ctx, gone); err != nil || ok {
			t.Errorf("second DestroySubjectKey = %v, %v; want false, nil", ok, err)
		}
		// A new key for the subject is a new generation: old data stays gone.
		after, err := keys.ForSubject(ctx, gone)
		if err != nil || after.ID() == before.ID() {
			t.Fatalf("ForSubject after destroy = %v, %v; want a new key", after.ID(), err)
		}
		if _, err := keys.Open(ctx, gone, sealed[gone], []byte(gone)); !errors.Is(err, crypto.ErrKeyDestroyed) {
			t.Errorf("Open of old data with a new key generation: err = %v, want ErrKeyDestroyed", err)
		}
		if _, err := keys.Lookup(ctx, gone, before.ID()); !errors.Is(err, crypto.ErrKeyDestroyed) {
			t.Errorf("Lookup of the destroyed key: err = %v, want ErrKeyDestroyed", err)
		}
	})
}

func TestKeysMasterRotation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := ctxT(t)
		data, vault := b.data(t), b.vault(t)
		oldKey := crypto.NewMasterKey(crypto.NewSecret())
		newKey := crypto.NewMasterKey(crypto.NewSecret())
		subjects, far := sameBucket(2)
		subjects = append(subjects, far)

		oldKeys := crypto.NewKeys(data, vault, crypto.NewKeyring(oldKey))
		sealed := map[string][]byte{}
		for _, s := range subjects {
			v, err := oldKeys.Seal(ctx, s, []byte(s), nil)
			if err != nil {
				t.Fatal(err)
			}
			sealed[s] = v
		}
		openAll := func(keys *crypto.Keys) error {
			for _, s := range subjects {
				got, err := keys.Open(ctx, s, sealed[s], nil)
				if err != nil {
					return err
				}
				if string(got) != s {
					return fmt.Errorf("Open(%s) = %q", s, got)
				}
			}
			return nil
		}

		newOnly := crypto.NewKeys(data, vault, crypto.NewKeyring(newKey))
		if err := openAll(newOnly); !errors.Is(err, crypto.ErrUnknownMasterKey) {
			t.Fatalf("new key alone before Rewrap: err = %v, want ErrUnknownMasterKey", err)
		}
		both := crypto.NewKeys(data, vault, crypto.NewKeyring(newKey, oldKey))
		if err := openAll(both); err != nil {
			t.Fatalf("new key with the old one before Rewrap: %v", err)
		}
		n, err := both.Rewrap(ctx)
		if err != nil || n != 2 {
			t.Fatalf("Rewrap = %d, %v; want the 2 KEKs", n, err)
		}
		if n, err := both.Rewrap(ctx); err != nil || n != 0 {
			t.Errorf("second Rewrap = %d, %v; want 0", n, err)
		}
		for _, bk := range mustBucketKeys(t, vault) {
			if bk.WrapKeyID != newKey.ID() {
				t.Errorf("KEK %s wrapped by %s after Rewrap, want %s", bk.ID, bk.WrapKeyID, newKey.ID())
			}
		}
		if err := openAll(newOnly); err != nil {
			t.Errorf("new key alone after Rewrap: %v", err)
		}
		if err := openAll(oldKeys); !errors.Is(err, crypto.ErrUnknownMasterKey) {
			t.Errorf("old key alone after Rewrap: err = %v, want ErrUnknownMasterKey", err)
		}
	})
}

func mustBucketKeys(t *testing.T, v store.Vault) []store.BucketKey {
	t.Helper()
	keys, err := v.BucketKeys(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestKeysSweep(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := ctxT(t)
		data, vault := b.data(t), b.vault(t)
		keys := crypto.NewKeys(data, vault, newKeyring())
		if _, err := keys.ForSubject(ctx, ps("a")); err != nil {
			t.Fatal(err)
		}
		// Leftovers of crashes: an old unused KEK and a fresh one (a
		// rotation whose transaction has not committed yet).
		for _, bk := range []store.BucketKey{
			{ID: "kek-stale", Bucket: 1, WrapKeyID: "mk-x", Wrapped: []byte{1}, CreatedAt: time.Now().Add(-time.Hour)},
			{ID: "kek-fresh", Bucket: 1, WrapKeyID: "mk-x", Wrapped: []byte{1}, CreatedAt: time.Now()},
		} {
			if err := vault.PutBucketKey(ctx, bk); err != nil {
				t.Fatal(err)
			}
		}
		n, err := keys.Sweep(ctx)
		if err != nil || n != 1 {
			t.Fatalf("Sweep = %d, %v; want 1", n, err)
		}
		var left []string
		for _, bk := range mustBucketKeys(t, vault) {
			left = append(left, bk.ID)
		}
		if len(left) != 2 || !contains(left, "kek-fresh") {
			t.Errorf("KEKs left = %v, want the one in use and kek-fresh", left)
		}
		if _, err := keys.Seal(ctx, ps("a"), []byte("x"), nil); err != nil {
			t.Errorf("Seal after Sweep: %v", err)
		}
	})
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestCheckSeparate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := ctxT(t)
		data, vault := b.data(t), b.vault(t)
		if err := crypto.CheckSeparate(ctx, data, vault); err != nil {
			t.Errorf("separate stores: %v", err)
		}
		// The data store used as its own vault.
		if err := crypto.CheckSeparate(ctx, data, data.(store.Vault)); err == nil {
			t.Error("the data store as its own vault passed the check")
		}
		if keys := mustBucketKeys(t, vault); len(keys) != 0 {
			t.Errorf("the check left %d canaries in the vault", len(keys))
		}
	})
}

// BenchmarkKeysSeal seals a raw segment for a known subject through the
// store: key row, KEK from the vault, two unwraps, the seal.
func BenchmarkKeysSeal(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			ctx := b.Context()
			keys := crypto.NewKeys(be.data(b), be.vault(b), newKeyring())
			text := []byte("yes my card number is four one one one")
			if _, err := keys.Seal(ctx, ps("bench"), text, nil); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := keys.Seal(ctx, ps("bench"), text, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestKeysCreateWhileRotating creates keys in one bucket from two Keys
// (two processes) while a third destroys subjects of that bucket, rotating
// its KEK each time: every key that was not destroyed must still open what
// it sealed.
func TestKeysCreateWhileRotating(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := ctxT(t)
		data, vault := b.data(t), b.vault(t)
		ring := newKeyring()
		keys := []*crypto.Keys{crypto.NewKeys(data, vault, ring), crypto.NewKeys(data, vault, ring), crypto.NewKeys(data, vault, ring)}
		subjects, _ := sameBucket(16)
		doomed, kept := subjects[:6], subjects[6:]
		for _, s := range doomed {
			if _, err := keys[2].ForSubject(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		sealed := make([][]byte, len(kept))
		errs := make([]error, len(kept)+1)
		var wg sync.WaitGroup
		for i, s := range kept {
			wg.Go(func() {
				sealed[i], errs[i] = keys[i%2].Seal(ctx, s, []byte(s), nil)
			})
		}
		wg.Go(func() {
			for _, s := range doomed {
				if _, err := keys[2].DestroySubjectKey(ctx, s); err != nil {
					errs[len(kept)] = err
					return
				}
			}
		})
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		for i, s := range kept {
			got, err := keys[2].Open(ctx, s, sealed[i], nil)
			if err != nil || string(got) != s {
				t.Errorf("subject %d after concurrent rotations: %q, %v", i, got, err)
			}
		}
		if n := len(mustBucketKeys(t, vault)); n != 1 {
			t.Errorf("%d KEKs left in the vault, want the bucket's current one", n)
		}
	})
}
