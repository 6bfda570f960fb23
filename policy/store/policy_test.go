package store_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
)

func mustOpenDatabase(t testing.TB, databaseURL, dataDir string) store.Database {
	t.Helper()
	db, err := store.OpenDatabase(ctxT(t), databaseURL, dataDir, testLog(t))
	if err != nil {
		t.Fatalf("OpenDatabase: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func mustOpenVault(t testing.TB, databaseURL, keyDir string) store.Vault {
	t.Helper()
	v, err := store.OpenVault(ctxT(t), databaseURL, keyDir, testLog(t))
	if err != nil {
		t.Fatalf("OpenVault: %v", err)
	}
	t.Cleanup(func() {
		if err := v.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return v
}

func TestSQLiteDatabase(t *testing.T) {
	t.Parallel()
	storetest.RunDatabase(t, func(t *testing.T) store.Database { return mustOpenDatabase(t, "", t.TempDir()) })
}

func TestPostgresDatabase(t *testing.T) {
	t.Parallel()
	storetest.RunDatabase(t, func(t *testing.T) store.Database { return mustOpenDatabase(t, storetest.PostgresURL(t), "") })
}

func TestSQLiteVault(t *testing.T) {
	t.Parallel()
	storetest.RunVault(t, func(t *testing.T) store.Vault { return mustOpenVault(t, "", t.TempDir()) })
}

func TestPostgresVault(t *testing.T) {
	t.Parallel()
	storetest.RunVault(t, func(t *testing.T) store.Vault { return mustOpenVault(t, storetest.PostgresURL(t), "") })
}

// TestVaultFile checks that the vault is its own file in the key
// directory, and that a deleted key's bytes are in none of the key
// directory's files afterwards (secure_delete and WAL truncation), while a
// kept key's bytes are (so the scan can see keys at all).
func TestVaultFile(t *testing.T) {
	t.Parallel()
	keyDir := t.TempDir()
	v := mustOpenVault(t, "", keyDir)
	if _, err := os.Stat(filepath.Join(keyDir, store.VaultFile)); err != nil {
		t.Fatalf("vault file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(keyDir, store.SQLiteFile)); !os.IsNotExist(err) {
		t.Errorf("OpenVault created %s too (err = %v)", store.SQLiteFile, err)
	}
	gone := bytes.Repeat([]byte("GONE-KEY-material-"), 4)
	kept := bytes.Repeat([]byte("KEPT-KEY-material-"), 4)
	now := time.Now()
	// Enough other keys that the deleted one shares pages with live rows.
	for i := range 50 {
		k := store.BucketKey{ID: fmt.Sprintf("kek-%02d", i), Bucket: i, WrapKeyID: "m1",
			Wrapped: bytes.Repeat([]byte{byte(i)}, 60), CreatedAt: now}
		if err := v.PutBucketKey(ctxT(t), k); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []store.BucketKey{
		{ID: "kek-gone", Bucket: 99, WrapKeyID: "m1", Wrapped: gone, CreatedAt: now},
		{ID: "kek-kept", Bucket: 98, WrapKeyID: "m1", Wrapped: kept, CreatedAt: now},
	} {
		if err := v.PutBucketKey(ctxT(t), k); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := v.DeleteBucketKey(ctxT(t), "kek-gone"); err != nil || !ok {
		t.Fatalf("DeleteBucketKey = %v, %v", ok, err)
	}
	var all []byte
	entries, err := os.ReadDir(keyDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(keyDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, gone) {
			t.Errorf("%s still holds the deleted key's bytes", e.Name())
		}
		all = append(all, b...)
	}
	if !bytes.Contains(all, kept) {
		t.Error("no file holds the kept key's bytes; the scan proves nothing")
	}
}
