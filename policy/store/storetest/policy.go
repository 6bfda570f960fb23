package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/store"
)

// RunVault runs the contract suite of store.Vault. Each
// subtest calls open for a fresh, empty vault, which open must close in a
// t.Cleanup; subtests run in parallel.
func RunVault(t *testing.T, open func(t *testing.T) store.Vault) {
	tests := []struct {
		name string
		fn   func(t *testing.T, v store.Vault)
	}{
		{"BucketKeyRoundTrip", testBucketKeyRoundTrip},
		{"BucketKeyInvalid", testBucketKeyInvalid},
		{"BucketKeyDelete", testBucketKeyDelete},
		{"BucketKeyRewrap", testBucketKeyRewrap},
		{"VaultCancelledContext", testVaultCancelled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := open(t)
			tc.fn(t, v)
			if err := v.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

// RunDatabase runs the contract suite of the policy sub-stores of
// store.Database. Each subtest calls open for a fresh, empty database,
// which open must close in a t.Cleanup; subtests run in parallel.
func RunDatabase(t *testing.T, open func(t *testing.T) store.Database) {
	tests := []struct {
		name string
		fn   func(t *testing.T, db store.Database)
	}{
		{"KeyBucket", testKeyBucket},
		{"KeyBucketRollback", testKeyBucketRollback},
		{"KeyBucketSerialised", testKeyBucketSerialised},
		{"AuditAppend", testAuditAppend},
		{"AuditAppendRefused", testAuditAppendRefused},
		{"AuditConcurrentAppend", testAuditConcurrentAppend},
		{"AuditRecordsPaging", testAuditRecordsPaging},
		{"AuditCheckpoints", testAuditCheckpoints},
		{"AuditPrune", testAuditPrune},
		{"ConsentLedger", testConsentLedger},
		{"ConsentConcurrent", testConsentConcurrent},
		{"ConsentInvalid", testConsentInvalid},
		{"RawSegments", testRawSegments},
		{"RetentionCalls", testRetentionCalls},
		{"RetentionSegments", testRetentionSegments},
		{"RetentionConsent", testRetentionConsent},
		{"RetentionInvalid", testRetentionInvalid},
		{"PolicyCancelledContext", testPolicyCancelled},
		{"CallSubjects", testCallSubjects},
		{"Recordings", testRecordings},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := open(t)
			tc.fn(t, db)
			if err := db.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

// isValidation reports whether err is an error that is neither sentinel.
func isValidation(err error) bool {
	return err != nil && !errors.Is(err, store.ErrDuplicate) && !errors.Is(err, store.ErrNotFound)
}

// --- Vault ---

func bucketKey(id string, bucket int, wrapKey string, created time.Time) store.BucketKey {
	return store.BucketKey{
		ID: id, Bucket: bucket, WrapKeyID: wrapKey,
		Wrapped:   []byte("wrapped:" + id + ":" + wrapKey + "\x00\xff"),
		CreatedAt: created,
	}
}

func sameBucketKey(t *testing.T, got, want store.BucketKey) {
	t.Helper()
	if got.ID != want.ID || got.Bucket != want.Bucket || got.WrapKeyID != want.WrapKeyID ||
		!bytes.Equal(got.Wrapped, want.Wrapped) || !got.CreatedAt.Equal(stored(want.CreatedAt)) ||
		got.CreatedAt.Location() != time.UTC {
		t.Errorf("bucket key = %+v, want %+v", got, want)
	}
}

func bucketKeyIDs(keys []store.BucketKey) []string {
	var out []string
	for _, k := range keys {
		out = append(out, k.ID)
	}
	return out
}

func testBucketKeyRoundTrip(t *testing.T, v store.Vault) {
	ctx := ctxT(t)
	if keys, err := v.BucketKeys(ctx); err != nil || keys != nil {
		t.Fatalf("BucketKeys of an empty vault = %v, %v; want nil, nil", keys, err)
	}
	keys := []store.BucketKey{
		bucketKey("kek-b", 7, "mk-1", at(0, 123456789)),
		bucketKey("kek-a", 0, "mk-2", at(1, 0)),
		bucketKey("kek-c", 7, "mk-1", at(2, 0)), // two KEKs of one bucket while it rotates
	}
	for _, k := range keys {
		if err := v.PutBucketKey(ctx, k); err != nil {
			t.Fatalf("PutBucketKey(%s): %v", k.ID, err)
		}
	}
	for _, want := range keys {
		got, err := v.BucketKey(ctx, want.ID)
		if err != nil {
			t.Fatalf("BucketKey(%s): %v", want.ID, err)
		}
		sameBucketKey(t, got, want)
	}
	all, err := v.BucketKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := bucketKeyIDs(all), []string{"kek-a", "kek-b", "kek-c"}; !slices.Equal(got, want) {
		t.Errorf("BucketKeys = %v, want %v", got, want)
	}
	if _, err := v.BucketKey(ctx, "kek-z"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("BucketKey(unknown) err = %v, want ErrNotFound", err)
	}
	if err := v.PutBucketKey(ctx, bucketKey("kek-a", 1, "mk-9", at(9, 0))); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("PutBucketKey(taken ID) err = %v, want ErrDuplicate", err)
	}
	got, err := v.BucketKey(ctx, "kek-a")
	if err != nil {
		t.Fatal(err)
	}
	sameBucketKey(t, got, keys[1])
}

func testBucketKeyInvalid(t *testing.T, v store.Vault) {
	ctx := ctxT(t)
	good := bucketKey("kek-1", 3, "mk-1", at(0, 0))
	tests := []struct {
		name string
		edit func(k *store.BucketKey)
	}{
		{"empty ID", func(k *store.BucketKey) { k.ID = "" }},
		{"empty wrap key", func(k *store.BucketKey) { k.WrapKeyID = "" }},
		{"empty wrapped", func(k *store.BucketKey) { k.Wrapped = nil }},
		{"zero time", func(k *store.BucketKey) { k.CreatedAt = time.Time{} }},
		{"negative bucket", func(k *store.BucketKey) { k.Bucket = -1 }},
		{"NUL in ID", func(k *store.BucketKey) { k.ID = "a\x00" }},
	}
	for _, tc := range tests {
		k := good
		tc.edit(&k)
		if err := v.PutBucketKey(ctx, k); !isValidation(err) {
			t.Errorf("%s: PutBucketKey err = %v, want a validation error", tc.name, err)
		}
	}
	if keys, err := v.BucketKeys(ctx); err != nil || len(keys) != 0 {
		t.Errorf("invalid keys were stored: %v, %v", bucketKeyIDs(keys), err)
	}
	if _, err := v.DeleteBucketKey(ctx, ""); !isValidation(err) {
		t.Errorf("DeleteBucketKey(\"\") err = %v, want a validation error", err)
	}
}

func testBucketKeyDelete(t *testing.T, v store.Vault) {
	ctx := ctxT(t)
	for _, k := range []store.BucketKey{bucketKey("kek-1", 1, "mk", at(0, 0)), bucketKey("kek-2", 1, "mk", at(0, 0))} {
		if err := v.PutBucketKey(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := v.DeleteBucketKey(ctx, "kek-1"); err != nil || !ok {
		t.Fatalf("DeleteBucketKey = %v, %v; want true", ok, err)
	}
	if _, err := v.BucketKey(ctx, "kek-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted key still found (err = %v)", err)
	}
	if ok, err := v.DeleteBucketKey(ctx, "kek-1"); err != nil || ok {
		t.Errorf("second DeleteBucketKey = %v, %v; want false, nil", ok, err)
	}
	if _, err := v.BucketKey(ctx, "kek-2"); err != nil {
		t.Errorf("another key was deleted: %v", err)
	}
}

func testBucketKeyRewrap(t *testing.T, v store.Vault) {
	ctx := ctxT(t)
	k := bucketKey("kek-1", 1, "mk-old", at(0, 0))
	if err := v.PutBucketKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	if ok, err := v.RewrapBucketKey(ctx, "kek-1", k.Wrapped, "mk-new", []byte("rewrapped")); err != nil || !ok {
		t.Fatalf("RewrapBucketKey = %v, %v; want true", ok, err)
	}
	// A stale old value (another process rewrapped first) changes nothing.
	if ok, err := v.RewrapBucketKey(ctx, "kek-1", k.Wrapped, "mk-other", []byte("again")); err != nil || ok {
		t.Errorf("RewrapBucketKey with a stale old value = %v, %v; want false, nil", ok, err)
	}
	if ok, err := v.RewrapBucketKey(ctx, "kek-9", k.Wrapped, "mk-new", []byte("x")); err != nil || ok {
		t.Errorf("RewrapBucketKey of an unknown key = %v, %v; want false, nil", ok, err)
	}
	got, err := v.BucketKey(ctx, "kek-1")
	if err != nil || got.WrapKeyID != "mk-new" || string(got.Wrapped) != "rewrapped" {
		t.Errorf("after rewrap = %+v, %v", got, err)
	}
}

func testVaultCancelled(t *testing.T, v store.Vault) {
	ctx, cancel := context.WithCancel(ctxT(t))
	cancel()
	ops := map[string]func() error{
		"PutBucketKey":    func() error { return v.PutBucketKey(ctx, bucketKey("k", 1, "m", at(0, 0))) },
		"BucketKey":       func() error { _, err := v.BucketKey(ctx, "k"); return err },
		"BucketKeys":      func() error { _, err := v.BucketKeys(ctx); return err },
		"DeleteBucketKey": func() error { _, err := v.DeleteBucketKey(ctx, "k"); return err },
		"RewrapBucketKey": func() error { _, err := v.RewrapBucketKey(ctx, "k", []byte("a"), "m", []byte("b")); return err },
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: err = %v, want context.Canceled", name, err)
		}
	}
}

// --- KeyStore ---

func subjectKey(id, subject string, bucket int, kek string) store.SubjectKey {
	return store.SubjectKey{ID: id, Subject: subject, Bucket: bucket, KEKID: kek,
		Wrapped: []byte("w:" + id + ":" + kek), CreatedAt: at(0, 123456789)}
}

func sameSubjectKey(t *testing.T, got, want store.SubjectKey) {
	t.Helper()
	if got.ID != want.ID || got.Subject != want.Subject || got.Bucket != want.Bucket || got.KEKID != want.KEKID ||
		!bytes.Equal(got.Wrapped, want.Wrapped) || !got.CreatedAt.Equal(stored(want.CreatedAt)) ||
		got.CreatedAt.Location() != time.UTC {
		t.Errorf("subject key = %+v, want %+v", got, want)
	}
}

func testKeyBucket(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	if m, err := db.KeyBucketKEKs(ctx); err != nil || len(m) != 0 {
		t.Fatalf("KeyBucketKEKs of an empty store = %v, %v", m, err)
	}
	want := []store.SubjectKey{subjectKey("sk-1", "ps-a", 5, "kek-1"), subjectKey("sk-2", "ps-b", 5, "kek-1")}
	err := db.UpdateKeyBucket(ctx, 5, func(tx store.KeyBucketTx) error {
		if tx.KEKID() != "" {
			t.Errorf("KEKID of a new bucket = %q, want empty", tx.KEKID())
		}
		if err := tx.SetKEKID("kek-1"); err != nil {
			return err
		}
		if tx.KEKID() != "kek-1" {
			t.Errorf("KEKID after SetKEKID = %q", tx.KEKID())
		}
		for _, k := range want {
			if err := tx.PutSubjectKey(k); err != nil {
				return err
			}
		}
		// A refused key leaves the transaction usable.
		if err := tx.PutSubjectKey(subjectKey("sk-3", "ps-a", 5, "kek-1")); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("second key of a subject err = %v, want ErrDuplicate", err)
		}
		if err := tx.PutSubjectKey(subjectKey("sk-1", "ps-c", 5, "kek-1")); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("taken key ID err = %v, want ErrDuplicate", err)
		}
		if err := tx.PutSubjectKey(subjectKey("sk-4", "ps-d", 6, "kek-1")); !isValidation(err) {
			t.Errorf("key of another bucket err = %v, want a validation error", err)
		}
		keys, err := tx.SubjectKeys()
		if err != nil || len(keys) != 2 {
			t.Errorf("SubjectKeys in the transaction = %d, %v; want 2", len(keys), err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("UpdateKeyBucket: %v", err)
	}
	for _, w := range want {
		got, err := db.SubjectKey(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameSubjectKey(t, got, w)
		got, err = db.SubjectKeyOf(ctx, w.Subject)
		if err != nil {
			t.Fatal(err)
		}
		sameSubjectKey(t, got, w)
	}
	if _, err := db.SubjectKeyOf(ctx, "ps-c"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SubjectKeyOf(unknown) err = %v, want ErrNotFound", err)
	}
	if _, err := db.SubjectKey(ctx, "sk-9"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SubjectKey(unknown) err = %v, want ErrNotFound", err)
	}
	m, err := db.KeyBucketKEKs(ctx)
	if err != nil || len(m) != 1 || m[5] != "kek-1" {
		t.Errorf("KeyBucketKEKs = %v, %v; want {5: kek-1}", m, err)
	}

	// Rotate: rewrap both keys, delete one subject, set the new KEK.
	err = db.UpdateKeyBucket(ctx, 5, func(tx store.KeyBucketTx) error {
		if tx.KEKID() != "kek-1" {
			t.Errorf("KEKID = %q, want kek-1", tx.KEKID())
		}
		keys, err := tx.SubjectKeys()
		if err != nil {
			return err
		}
		if n, err := tx.DeleteSubjectKeys("ps-a"); err != nil || n != 1 {
			t.Errorf("DeleteSubjectKeys = %d, %v; want 1", n, err)
		}
		for _, k := range keys {
			if k.Subject == "ps-a" {
				continue
			}
			if err := tx.RewrapSubjectKey(k.ID, "kek-2", []byte("rewrapped")); err != nil {
				return err
			}
		}
		if err := tx.RewrapSubjectKey("sk-1", "kek-2", []byte("x")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("rewrap of a deleted key err = %v, want ErrNotFound", err)
		}
		return tx.SetKEKID("kek-2")
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SubjectKey(ctx, "sk-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted key found (err = %v)", err)
	}
	got, err := db.SubjectKey(ctx, "sk-2")
	if err != nil || got.KEKID != "kek-2" || string(got.Wrapped) != "rewrapped" {
		t.Errorf("rewrapped key = %+v, %v", got, err)
	}
}

func testKeyBucketRollback(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	boom := errors.New("boom")
	err := db.UpdateKeyBucket(ctx, 1, func(tx store.KeyBucketTx) error {
		if err := tx.SetKEKID("kek-1"); err != nil {
			return err
		}
		if err := tx.PutSubjectKey(subjectKey("sk-1", "ps-a", 1, "kek-1")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("UpdateKeyBucket err = %v, want fn's error", err)
	}
	if _, err := db.SubjectKey(ctx, "sk-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a key of a failed transaction was stored (err = %v)", err)
	}
	if m, err := db.KeyBucketKEKs(ctx); err != nil || m[1] != "" {
		t.Errorf("KEK of a failed transaction = %q, %v; want none", m[1], err)
	}
	if err := db.UpdateKeyBucket(ctx, -1, func(store.KeyBucketTx) error { return nil }); !isValidation(err) {
		t.Errorf("UpdateKeyBucket(-1) err = %v, want a validation error", err)
	}
}

// testKeyBucketSerialised increments a counter kept in the bucket's KEK ID
// from many goroutines: without the bucket lock, updates would be lost.
func testKeyBucketSerialised(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	const writers, each = 6, 5
	errs := runParallel(writers, func(w int) error {
		for range each {
			err := db.UpdateKeyBucket(ctx, 9, func(tx store.KeyBucketTx) error {
				var n int
				if tx.KEKID() != "" {
					if _, err := fmt.Sscanf(tx.KEKID(), "n%d", &n); err != nil {
						return err
					}
				}
				return tx.SetKEKID(fmt.Sprintf("n%d", n+1))
			})
			if err != nil {
				return fmt.Errorf("writer %d: %w", w, err)
			}
		}
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	m, err := db.KeyBucketKEKs(ctx)
	if err != nil || m[9] != fmt.Sprintf("n%d", writers*each) {
		t.Errorf("counter = %q, %v; want n%d", m[9], err, writers*each)
	}
}

// --- AuditStore ---

// chainNext returns a next function that links a record to the head with
// a simple hash, as policy/audit does with its own encoding.
func chainNext(actor, action, subject string, atT time.Time) func(store.AuditHead) (store.AuditRecord, error) {
	return func(h store.AuditHead) (store.AuditRecord, error) {
		prev := h.Hash
		if h.Seq == 0 {
			prev = make([]byte, sha256.Size)
		}
		r := store.AuditRecord{
			Seq: h.Seq + 1, At: stored(atT), Actor: actor, Action: action, Subject: subject,
			Object: "call-1", Details: `{"n":1}`, PrevHash: prev,
		}
		sum := sha256.Sum256(binary.BigEndian.AppendUint64(slices.Clone(prev), uint64(r.Seq)))
		r.Hash = sum[:]
		return r, nil
	}
}

func mustAppend(t *testing.T, db store.Database, next func(store.AuditHead) (store.AuditRecord, error)) store.AuditRecord {
	t.Helper()
	r, err := db.AppendAudit(ctxT(t), next)
	if err != nil {
		t.Fatalf("AppendAudit: %v", err)
	}
	return r
}

func sameAudit(t *testing.T, got, want store.AuditRecord) {
	t.Helper()
	if got.Seq != want.Seq || !got.At.Equal(want.At) || got.At.Location() != time.UTC ||
		got.Actor != want.Actor || got.Action != want.Action || got.Subject != want.Subject ||
		got.Object != want.Object || got.Details != want.Details ||
		!bytes.Equal(got.PrevHash, want.PrevHash) || !bytes.Equal(got.Hash, want.Hash) {
		t.Errorf("audit record = %+v, want %+v", got, want)
	}
}

// checkChain reads the whole log and checks seqs run from first without
// gaps and each record links to the one before.
func checkChain(t *testing.T, db store.Database, first int64, n int) []store.AuditRecord {
	t.Helper()
	recs, err := db.AuditRecords(ctxT(t), 0, n+10)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n {
		t.Fatalf("log has %d records, want %d", len(recs), n)
	}
	for i, r := range recs {
		if r.Seq != first+int64(i) {
			t.Fatalf("record %d has seq %d, want %d", i, r.Seq, first+int64(i))
		}
		if i > 0 && !bytes.Equal(r.PrevHash, recs[i-1].Hash) {
			t.Fatalf("record %d does not link to record %d", r.Seq, recs[i-1].Seq)
		}
	}
	return recs
}

func testAuditAppend(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	if h, err := db.AuditHead(ctx); err != nil || h.Seq != 0 || h.Hash != nil {
		t.Fatalf("AuditHead of an empty log = %+v, %v; want zero", h, err)
	}
	var want []store.AuditRecord
	var heads []store.AuditHead
	for i, action := range []string{"login", "transcript.read", "consent.change"} {
		next := chainNext("user:ann", action, "ps-"+action, at(i, 999))
		r := mustAppend(t, db, func(h store.AuditHead) (store.AuditRecord, error) {
			heads = append(heads, h)
			return next(h)
		})
		want = append(want, r)
	}
	if heads[0].Seq != 0 || heads[1].Seq != 1 || !bytes.Equal(heads[2].Hash, want[1].Hash) {
		t.Errorf("next was given heads %+v", heads)
	}
	got := checkChain(t, db, 1, 3)
	for i := range want {
		sameAudit(t, got[i], want[i])
	}
	h, err := db.AuditHead(ctx)
	if err != nil || h.Seq != 3 || !bytes.Equal(h.Hash, want[2].Hash) {
		t.Errorf("AuditHead = %+v, %v; want seq 3", h, err)
	}
}

func testAuditAppendRefused(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	first := mustAppend(t, db, chainNext("a", "login", "", at(0, 0)))
	sentinel := errors.New("next failed")
	tests := []struct {
		name string
		edit func(r *store.AuditRecord) error
	}{
		{"error from next", func(r *store.AuditRecord) error { return sentinel }},
		{"seq skips", func(r *store.AuditRecord) error { r.Seq++; return nil }},
		{"seq repeats", func(r *store.AuditRecord) error { r.Seq--; return nil }},
		{"prev hash wrong", func(r *store.AuditRecord) error { r.PrevHash = []byte("x"); return nil }},
		{"empty hash", func(r *store.AuditRecord) error { r.Hash = nil; return nil }},
		{"empty action", func(r *store.AuditRecord) error { r.Action = ""; return nil }},
		{"empty actor", func(r *store.AuditRecord) error { r.Actor = ""; return nil }},
		{"not UTC", func(r *store.AuditRecord) error { r.At = r.At.In(time.FixedZone("X", 3600)); return nil }},
		{"below microseconds", func(r *store.AuditRecord) error { r.At = r.At.Add(1); return nil }},
		{"NUL in details", func(r *store.AuditRecord) error { r.Details = "{\x00}"; return nil }},
	}
	for _, tc := range tests {
		next := chainNext("a", "login", "", at(1, 0))
		_, err := db.AppendAudit(ctx, func(h store.AuditHead) (store.AuditRecord, error) {
			r, _ := next(h)
			return r, tc.edit(&r)
		})
		if err == nil {
			t.Errorf("%s: AppendAudit succeeded", tc.name)
		}
		if tc.name == "error from next" && !errors.Is(err, sentinel) {
			t.Errorf("%s: err = %v, want next's error", tc.name, err)
		}
	}
	got := checkChain(t, db, 1, 1)
	sameAudit(t, got[0], first)
}

func testAuditConcurrentAppend(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	const writers, each = 8, 15
	errs := runParallel(writers, func(w int) error {
		for i := range each {
			if _, err := db.AppendAudit(ctx, chainNext(fmt.Sprintf("w%d", w), "login", "", at(i, 0))); err != nil {
				return fmt.Errorf("writer %d: %w", w, err)
			}
		}
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	checkChain(t, db, 1, writers*each)
}

func testAuditRecordsPaging(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	for i := range 10 {
		subject := ""
		if i%3 == 0 {
			subject = "ps-x"
		}
		mustAppend(t, db, chainNext("a", "transcript.read", subject, at(i, 0)))
	}
	var seqs []int64
	for after := int64(0); ; {
		page, err := db.AuditRecords(ctx, after, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, r := range page {
			seqs = append(seqs, r.Seq)
		}
		after = page[len(page)-1].Seq
	}
	if want := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}; !slices.Equal(seqs, want) {
		t.Errorf("paged seqs = %v, want %v", seqs, want)
	}
	of, err := db.AuditRecordsOf(ctx, "ps-x", 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	seqs = seqs[:0]
	for _, r := range of {
		seqs = append(seqs, r.Seq)
	}
	if want := []int64{4, 7, 10}; !slices.Equal(seqs, want) {
		t.Errorf("AuditRecordsOf(ps-x, after 1) seqs = %v, want %v", seqs, want)
	}
	if _, err := db.AuditRecords(ctx, 0, 0); !isValidation(err) {
		t.Errorf("AuditRecords(limit 0) err = %v, want a validation error", err)
	}
}

func checkpoint(seq int64, hash []byte) store.AuditCheckpoint {
	return store.AuditCheckpoint{Seq: seq, Hash: hash, At: at(100, 0), KeyID: "key-1", Signature: []byte("sig-" + fmt.Sprint(seq))}
}

func testAuditCheckpoints(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	if cps, err := db.AuditCheckpoints(ctx); err != nil || len(cps) != 0 {
		t.Fatalf("AuditCheckpoints of an empty log = %v, %v", cps, err)
	}
	for _, seq := range []int64{4, 2} {
		if err := db.AddAuditCheckpoint(ctx, checkpoint(seq, []byte{byte(seq)})); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddAuditCheckpoint(ctx, checkpoint(4, []byte{9})); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("duplicate checkpoint err = %v, want ErrDuplicate", err)
	}
	for _, bad := range []store.AuditCheckpoint{
		{Seq: 0, Hash: []byte{1}, At: at(0, 0), KeyID: "k", Signature: []byte{1}},
		{Seq: 5, Hash: nil, At: at(0, 0), KeyID: "k", Signature: []byte{1}},
		{Seq: 5, Hash: []byte{1}, At: at(0, 0), KeyID: "", Signature: []byte{1}},
		{Seq: 5, Hash: []byte{1}, At: at(0, 0), KeyID: "k"},
	} {
		if err := db.AddAuditCheckpoint(ctx, bad); !isValidation(err) {
			t.Errorf("AddAuditCheckpoint(%+v) err = %v, want a validation error", bad, err)
		}
	}
	cps, err := db.AuditCheckpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cps) != 2 || cps[0].Seq != 2 || cps[1].Seq != 4 || !bytes.Equal(cps[1].Hash, []byte{4}) ||
		string(cps[1].Signature) != "sig-4" || cps[1].KeyID != "key-1" || !cps[1].At.Equal(stored(at(100, 0))) {
		t.Errorf("AuditCheckpoints = %+v", cps)
	}
}

func testAuditPrune(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	var recs []store.AuditRecord
	for i := range 8 {
		recs = append(recs, mustAppend(t, db, chainNext("a", "login", "", at(i, 0))))
	}
	if _, err := db.PruneAudit(ctx, 5); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("PruneAudit without a checkpoint err = %v, want ErrNotFound", err)
	}
	for _, seq := range []int64{3, 5} {
		if err := db.AddAuditCheckpoint(ctx, checkpoint(seq, recs[seq-1].Hash)); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.PruneAudit(ctx, 5)
	if err != nil || n != 5 {
		t.Fatalf("PruneAudit(5) = %d, %v; want 5", n, err)
	}
	checkChain(t, db, 6, 3)
	cps, err := db.AuditCheckpoints(ctx)
	if err != nil || len(cps) != 1 || cps[0].Seq != 5 {
		t.Errorf("checkpoints after prune = %+v, %v; want only the anchor at 5", cps, err)
	}
	// Prune everything: the head is the anchor, and appends continue from it.
	if err := db.AddAuditCheckpoint(ctx, checkpoint(8, recs[7].Hash)); err != nil {
		t.Fatal(err)
	}
	if n, err := db.PruneAudit(ctx, 8); err != nil || n != 3 {
		t.Fatalf("PruneAudit(8) = %d, %v; want 3", n, err)
	}
	h, err := db.AuditHead(ctx)
	if err != nil || h.Seq != 8 || !bytes.Equal(h.Hash, recs[7].Hash) {
		t.Fatalf("AuditHead after pruning all = %+v, %v; want the anchor at 8", h, err)
	}
	r := mustAppend(t, db, chainNext("a", "login", "", at(9, 0)))
	if r.Seq != 9 || !bytes.Equal(r.PrevHash, recs[7].Hash) {
		t.Errorf("append after prune = seq %d; want 9 linked to the anchor", r.Seq)
	}
}

// --- ConsentStore ---

func change(callID string, seq int64, subject, state string, atT time.Time) store.ConsentChange {
	return store.ConsentChange{CallID: callID, Seq: seq, Subject: subject, State: state,
		Method: "dtmf", Actor: "ivr", PromptVersion: "v3", At: atT}
}

func consentKeys(cs []store.ConsentChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s#%d:%s", c.CallID, c.Seq, c.State))
	}
	return out
}

func testConsentLedger(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	if cs, err := db.ConsentChanges(ctx, "c1"); err != nil || cs != nil {
		t.Fatalf("ConsentChanges of an unknown call = %v, %v; want nil, nil", cs, err)
	}
	steps := []store.ConsentChange{
		change("c1", 1, "ps-a", "granted", at(10, 0)),
		change("c2", 1, "ps-b", "denied", at(5, 0)),
		change("c1", 2, "ps-a", "withdrawn", at(20, 0)),
		change("c3", 1, "ps-a", "granted", at(15, 0)),
	}
	for _, c := range steps {
		if err := db.AddConsentChange(ctx, c); err != nil {
			t.Fatalf("AddConsentChange(%+v): %v", c, err)
		}
	}
	if err := db.AddConsentChange(ctx, change("c1", 2, "ps-a", "granted", at(30, 0))); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("taken seq err = %v, want ErrDuplicate", err)
	}
	if err := db.AddConsentChange(ctx, change("c1", 4, "ps-a", "granted", at(30, 0))); !isValidation(err) {
		t.Errorf("seq gap err = %v, want a validation error", err)
	}
	cs, err := db.ConsentChanges(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := consentKeys(cs), []string{"c1#1:granted", "c1#2:withdrawn"}; !slices.Equal(got, want) {
		t.Errorf("ConsentChanges(c1) = %v, want %v", got, want)
	}
	if c := cs[0]; c.Subject != "ps-a" || c.Method != "dtmf" || c.Actor != "ivr" || c.PromptVersion != "v3" ||
		!c.At.Equal(stored(at(10, 0))) || c.At.Location() != time.UTC {
		t.Errorf("stored change = %+v", c)
	}
	of, err := db.ConsentChangesOf(ctx, "ps-a")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := consentKeys(of), []string{"c1#1:granted", "c3#1:granted", "c1#2:withdrawn"}; !slices.Equal(got, want) {
		t.Errorf("ConsentChangesOf(ps-a) = %v, want %v (by time)", got, want)
	}
	n, err := db.DeleteConsentOf(ctx, "ps-a")
	if err != nil || n != 3 {
		t.Fatalf("DeleteConsentOf = %d, %v; want 3", n, err)
	}
	if of, err := db.ConsentChangesOf(ctx, "ps-a"); err != nil || len(of) != 0 {
		t.Errorf("after delete ConsentChangesOf = %v, %v", consentKeys(of), err)
	}
	if cs, err := db.ConsentChanges(ctx, "c2"); err != nil || len(cs) != 1 {
		t.Errorf("another subject's changes = %v, %v; want kept", consentKeys(cs), err)
	}
}

func testConsentConcurrent(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	const n = 6
	errs := runParallel(n, func(i int) error {
		return db.AddConsentChange(ctx, change("c1", 1, "ps-a", fmt.Sprintf("state%d", i), at(i, 0)))
	})
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("writers %d and %d both stored seq 1", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrDuplicate):
			t.Errorf("writer %d: %v, want nil or ErrDuplicate", i, err)
		}
	}
	cs, err := db.ConsentChanges(ctx, "c1")
	if err != nil || len(cs) != 1 || cs[0].State != fmt.Sprintf("state%d", winner) {
		t.Errorf("ConsentChanges = %v, %v; want the winner's change alone", consentKeys(cs), err)
	}
}

func testConsentInvalid(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	good := change("c1", 1, "ps-a", "granted", at(0, 0))
	tests := []struct {
		name string
		edit func(c *store.ConsentChange)
	}{
		{"seq 0", func(c *store.ConsentChange) { c.Seq = 0 }},
		{"first seq 2", func(c *store.ConsentChange) { c.Seq = 2 }},
		{"empty call", func(c *store.ConsentChange) { c.CallID = "" }},
		{"empty subject", func(c *store.ConsentChange) { c.Subject = "" }},
		{"empty state", func(c *store.ConsentChange) { c.State = "" }},
		{"empty method", func(c *store.ConsentChange) { c.Method = "" }},
		{"empty actor", func(c *store.ConsentChange) { c.Actor = "" }},
		{"zero time", func(c *store.ConsentChange) { c.At = time.Time{} }},
		{"bad UTF-8 prompt", func(c *store.ConsentChange) { c.PromptVersion = "\xff" }},
	}
	for _, tc := range tests {
		c := good
		tc.edit(&c)
		if err := db.AddConsentChange(ctx, c); !isValidation(err) {
			t.Errorf("%s: err = %v, want a validation error", tc.name, err)
		}
	}
	if cs, err := db.ConsentChanges(ctx, "c1"); err != nil || len(cs) != 0 {
		t.Errorf("invalid changes stored: %v, %v", consentKeys(cs), err)
	}
}

// --- RawTranscriptStore ---

func testRawSegments(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	mustCreate(t, db, call("c1", at(0, 0)))
	want := []store.RawSegment{
		{CallID: "c1", Seq: 0, Subject: "ps-a", StartMS: 0, EndMS: 900, Sealed: []byte{1, 0, 2, 0xff}},
		{CallID: "c1", Seq: 1, Subject: "ps-a", StartMS: 1000, EndMS: 1900, Sealed: bytes.Repeat([]byte{7}, 5000)},
	}
	for _, i := range []int{1, 0} {
		if err := db.AddRawSegment(ctx, want[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddRawSegment(ctx, want[0]); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("duplicate raw segment err = %v, want ErrDuplicate", err)
	}
	if err := db.AddRawSegment(ctx, store.RawSegment{CallID: "nope", Subject: "ps-a", Sealed: []byte{1}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("raw segment of an unknown call err = %v, want ErrNotFound", err)
	}
	for _, bad := range []store.RawSegment{
		{CallID: "c1", Seq: 5, Subject: "ps-a"},
		{CallID: "c1", Seq: 5, Sealed: []byte{1}},
		{CallID: "c1", Seq: -1, Subject: "ps-a", Sealed: []byte{1}},
	} {
		if err := db.AddRawSegment(ctx, bad); !isValidation(err) {
			t.Errorf("AddRawSegment(%+v) err = %v, want a validation error", bad, err)
		}
	}
	got, err := db.RawSegments(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("RawSegments = %d segments, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.CallID != w.CallID || g.Seq != w.Seq || g.Subject != w.Subject || g.StartMS != w.StartMS ||
			g.EndMS != w.EndMS || !bytes.Equal(g.Sealed, w.Sealed) {
			t.Errorf("RawSegments[%d] = %+v, want %+v", i, g, w)
		}
	}
	if _, err := db.RawSegments(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RawSegments(unknown) err = %v, want ErrNotFound", err)
	}
	mustCreate(t, db, call("c2", at(0, 0)))
	if segs, err := db.RawSegments(ctx, "c2"); err != nil || segs != nil {
		t.Errorf("RawSegments of a call with none = %v, %v; want nil, nil", segs, err)
	}
}

// --- RetentionStore ---

// drain calls del with limit until it deletes fewer than limit, and
// returns the total and the number of calls.
func drain(t *testing.T, del func(limit int) (int64, error), limit int) (total int64, calls int) {
	t.Helper()
	for {
		n, err := del(limit)
		if err != nil {
			t.Fatal(err)
		}
		total += n
		calls++
		if n < int64(limit) {
			return total, calls
		}
		if calls > 1000 {
			t.Fatal("delete never drains")
		}
	}
}

func testRetentionCalls(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	cutoff := at(1000, 0)
	// old0..old4 ended before the cutoff; "live" started long ago and is
	// still live; "recent" ended after the cutoff.
	for i := range 5 {
		c := call(fmt.Sprintf("old%d", i), at(i, 0))
		c.EndedAt, c.EndReason = at(500+i, 0), "bye"
		mustCreate(t, db, c)
		if err := db.AddSegment(ctx, seg(c.ID, 0, "hello")); err != nil {
			t.Fatal(err)
		}
		if err := db.AddRawSegment(ctx, store.RawSegment{CallID: c.ID, Subject: "ps-a", Sealed: []byte{1}}); err != nil {
			t.Fatal(err)
		}
	}
	mustCreate(t, db, call("live", at(0, 0)))
	recent := call("recent", at(900, 0))
	recent.EndedAt, recent.EndReason = at(1000, 0), "bye" // at the cutoff: kept
	mustCreate(t, db, recent)

	total, calls := drain(t, func(limit int) (int64, error) { return db.DeleteCallsEndedBefore(ctx, cutoff, limit) }, 2)
	if total != 5 || calls != 3 {
		t.Errorf("deleted %d calls in %d passes of 2, want 5 in 3", total, calls)
	}
	left, err := db.ListCalls(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(left), []string{"recent", "live"}; !slices.Equal(got, want) {
		t.Errorf("calls left = %v, want %v", got, want)
	}
	// Everything under a deleted call went with it.
	if _, err := db.Segments(ctx, "old0"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("segments of a deleted call: err = %v, want ErrNotFound", err)
	}
	for _, del := range []func(int) (int64, error){
		func(l int) (int64, error) { return db.DeleteSegmentsBefore(ctx, cutoff, l) },
		func(l int) (int64, error) { return db.DeleteRawSegmentsBefore(ctx, cutoff, l) },
	} {
		if n, err := del(100); err != nil || n != 0 {
			t.Errorf("rows of deleted calls left behind: %d, %v", n, err)
		}
	}
}

func testRetentionSegments(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	cutoff := at(1000, 0)
	for _, c := range []store.Call{call("old", at(10, 0)), call("new", at(1000, 0))} {
		mustCreate(t, db, c)
		for seq := range 3 {
			if err := db.AddSegment(ctx, seg(c.ID, seq, "text")); err != nil {
				t.Fatal(err)
			}
			if err := db.AddRawSegment(ctx, store.RawSegment{CallID: c.ID, Seq: seq, Subject: "ps-a", Sealed: []byte{1}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	total, _ := drain(t, func(l int) (int64, error) { return db.DeleteRawSegmentsBefore(ctx, cutoff, l) }, 2)
	if total != 3 {
		t.Errorf("deleted %d raw segments, want 3", total)
	}
	if segs, err := db.Segments(ctx, "old"); err != nil || len(segs) != 3 {
		t.Errorf("redacted segments after deleting raw ones = %d, %v; want 3 kept", len(segs), err)
	}
	total, _ = drain(t, func(l int) (int64, error) { return db.DeleteSegmentsBefore(ctx, cutoff, l) }, 2)
	if total != 3 {
		t.Errorf("deleted %d segments, want 3", total)
	}
	for id, want := range map[string]int{"old": 0, "new": 3} {
		segs, err := db.Segments(ctx, id)
		if err != nil || len(segs) != want {
			t.Errorf("Segments(%s) = %d, %v; want %d", id, len(segs), err, want)
		}
		raw, err := db.RawSegments(ctx, id)
		if err != nil || len(raw) != want {
			t.Errorf("RawSegments(%s) = %d, %v; want %d", id, len(raw), err, want)
		}
	}
	// The call itself is metadata, with its own retention.
	if _, err := db.GetCall(ctx, "old"); err != nil {
		t.Errorf("GetCall(old) after deleting its segments: %v", err)
	}
}

func testRetentionConsent(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	for i := range 5 {
		if err := db.AddConsentChange(ctx, change(fmt.Sprintf("c%d", i), 1, "ps-a", "granted", at(i*100, 0))); err != nil {
			t.Fatal(err)
		}
	}
	// c1 is still live: its consent stays. c0 ended; c2 has no call row.
	mustCreate(t, db, call("c1", at(100, 0)))
	ended := call("c0", at(0, 0))
	ended.EndedAt, ended.EndReason = at(1, 0), "bye"
	mustCreate(t, db, ended)
	total, _ := drain(t, func(l int) (int64, error) { return db.DeleteConsentBefore(ctx, at(250, 0), l) }, 1)
	if total != 2 {
		t.Errorf("deleted %d consent changes, want 2", total)
	}
	of, err := db.ConsentChangesOf(ctx, "ps-a")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := consentKeys(of), []string{"c1#1:granted", "c3#1:granted", "c4#1:granted"}; !slices.Equal(got, want) {
		t.Errorf("consent left = %v, want %v", got, want)
	}
}

func testRetentionInvalid(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	mustCreate(t, db, call("c1", at(0, 0)))
	for name, del := range map[string]func(time.Time, int) (int64, error){
		"calls":    func(c time.Time, l int) (int64, error) { return db.DeleteCallsEndedBefore(ctx, c, l) },
		"segments": func(c time.Time, l int) (int64, error) { return db.DeleteSegmentsBefore(ctx, c, l) },
		"raw":      func(c time.Time, l int) (int64, error) { return db.DeleteRawSegmentsBefore(ctx, c, l) },
		"consent":  func(c time.Time, l int) (int64, error) { return db.DeleteConsentBefore(ctx, c, l) },
	} {
		if _, err := del(time.Time{}, 10); !isValidation(err) {
			t.Errorf("%s: zero cutoff err = %v, want a validation error", name, err)
		}
		if _, err := del(at(0, 0), 0); !isValidation(err) {
			t.Errorf("%s: limit 0 err = %v, want a validation error", name, err)
		}
	}
}

func testPolicyCancelled(t *testing.T, db store.Database) {
	mustCreate(t, db, call("c1", at(0, 0)))
	ctx, cancel := context.WithCancel(ctxT(t))
	cancel()
	ops := map[string]func() error{
		"AppendAudit": func() error {
			_, err := db.AppendAudit(ctx, chainNext("a", "login", "", at(0, 0)))
			return err
		},
		"AuditHead":          func() error { _, err := db.AuditHead(ctx); return err },
		"AuditRecords":       func() error { _, err := db.AuditRecords(ctx, 0, 1); return err },
		"AddAuditCheckpoint": func() error { return db.AddAuditCheckpoint(ctx, checkpoint(1, []byte{1})) },
		"PruneAudit":         func() error { _, err := db.PruneAudit(ctx, 1); return err },
		"AddConsentChange":   func() error { return db.AddConsentChange(ctx, change("c1", 1, "ps", "granted", at(0, 0))) },
		"ConsentChanges":     func() error { _, err := db.ConsentChanges(ctx, "c1"); return err },
		"AddRawSegment": func() error {
			return db.AddRawSegment(ctx, store.RawSegment{CallID: "c1", Subject: "ps", Sealed: []byte{1}})
		},
		"DeleteCallsEndedBefore": func() error { _, err := db.DeleteCallsEndedBefore(ctx, at(0, 0), 1); return err },
		"SubjectKeyOf":           func() error { _, err := db.SubjectKeyOf(ctx, "ps"); return err },
		"KeyBucketKEKs":          func() error { _, err := db.KeyBucketKEKs(ctx); return err },
		"UpdateKeyBucket": func() error {
			return db.UpdateKeyBucket(ctx, 1, func(tx store.KeyBucketTx) error { return tx.SetKEKID("k") })
		},
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: err = %v, want context.Canceled", name, err)
		}
	}
	if recs, err := db.AuditRecords(ctxT(t), 0, 10); err != nil || len(recs) != 0 {
		t.Errorf("AppendAudit with a cancelled context stored %d records (%v)", len(recs), err)
	}
}
