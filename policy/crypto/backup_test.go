package crypto_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
	"github.com/jackc/pgx/v5"
)

// copyDir copies the files under src to dst, as a file-level backup does.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// recordingPath is where the test keeps a subject's recording.
func recordingPath(dataDir, subject string) string {
	return filepath.Join(dataDir, "recordings", "call-1."+subject+".rec")
}

// TestBackupAfterErasure is invariant 5: a copy of the data directory and
// database taken before a subject's erasure no longer decrypts that
// subject's recording or raw text afterwards, even with the master key and
// the live vault. Subjects in other buckets stay readable from the copy.
func TestBackupAfterErasure(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		root := t.TempDir()
		dataDir, keyDir, backupDir := filepath.Join(root, "data"), filepath.Join(root, "keys"), filepath.Join(root, "backup")
		runBackupScenario(t, dataDir, keyDir, func() store.Database { return openData(t, "", dataDir) },
			func(data store.Database) store.Database {
				// A consistent file copy: close, copy, reopen.
				if err := data.Close(); err != nil {
					t.Fatal(err)
				}
				copyDir(t, dataDir, backupDir)
				return openData(t, "", dataDir)
			},
			func() (store.Database, string) { return openData(t, "", backupDir), backupDir },
			openVault(t, "", keyDir))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		root := t.TempDir()
		dataDir, keyDir, backupDir := filepath.Join(root, "data"), filepath.Join(root, "keys"), filepath.Join(root, "backup")
		dataURL, backupURL := storetest.PostgresURL(t), storetest.PostgresURL(t)
		runBackupScenario(t, dataDir, keyDir, func() store.Database { return openData(t, dataURL, "") },
			func(data store.Database) store.Database {
				// Restore the data schema's tables into another schema, as
				// restoring a dump does, and copy the recordings.
				backup := openData(t, backupURL, "")
				conn, err := pgx.Connect(ctxT(t), dataURL)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close(ctxT(t))
				to := schemaOf(t, backupURL)
				for _, table := range []string{"calls", "raw_segments", "subject_keys", "key_buckets", "bucket_keys"} {
					if _, err := conn.Exec(ctxT(t), `INSERT INTO `+to+`.`+table+` SELECT * FROM `+table); err != nil {
						t.Fatalf("copy %s: %v", table, err)
					}
				}
				copyDir(t, filepath.Join(dataDir, "recordings"), filepath.Join(backupDir, "recordings"))
				if err := backup.Close(); err != nil {
					t.Fatal(err)
				}
				return data
			},
			func() (store.Database, string) { return openData(t, backupURL, ""), backupDir },
			openVault(t, storetest.PostgresURL(t), ""))
	})
}

func schemaOf(t *testing.T, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return pgx.Identifier{u.Query().Get("search_path")}.Sanitize()
}

func runBackupScenario(t *testing.T, dataDir, keyDir string, open func() store.Database,
	backup func(store.Database) store.Database, openBackup func() (store.Database, string), vault store.Vault) {
	ctx := ctxT(t)
	if err := crypto.CheckKeyDir(dataDir, keyDir); err != nil {
		t.Fatal(err)
	}
	master, err := crypto.WriteNewSecretFile(filepath.Join(keyDir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	ring := crypto.NewKeyring(crypto.NewMasterKey(master))
	data := open()
	if err := crypto.CheckSeparate(ctx, data, vault); err != nil {
		t.Fatal(err)
	}
	keys := crypto.NewKeys(data, vault, ring)

	neighbours, far := sameBucket(2)
	gone, neighbour := neighbours[0], neighbours[1]
	subjects := []string{gone, neighbour, far}
	if err := data.CreateCall(ctx, store.Call{ID: "call-1", Channel: "sip", StartedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	raw := func(s string) []byte { return []byte("raw words of " + s + ": card 4111 1111 1111 1111") }
	audio := func(s string) []byte { return bytes.Repeat([]byte("pcm of "+s), 5000) }
	if err := os.MkdirAll(filepath.Join(dataDir, "recordings"), 0o700); err != nil {
		t.Fatal(err)
	}
	for i, s := range subjects {
		sealed, err := keys.Seal(ctx, s, raw(s), []byte("call-1"))
		if err != nil {
			t.Fatal(err)
		}
		if err := data.AddRawSegment(ctx, store.RawSegment{CallID: "call-1", Seq: i, Subject: s, Sealed: sealed}); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(recordingPath(dataDir, s), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		w, err := keys.NewWriter(ctx, s, f, []byte("call-1"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(audio(s)); err != nil {
			t.Fatal(err)
		}
		if err := errors.Join(w.Close(), f.Sync(), f.Close()); err != nil {
			t.Fatal(err)
		}
	}
	kekBefore, err := data.KeyBucketKEKs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	oldKEK, err := vault.BucketKey(ctx, kekBefore[crypto.BucketOf(gone)])
	if err != nil {
		t.Fatal(err)
	}

	data = backup(data) // the backup, taken before the erasure
	keys = crypto.NewKeys(data, vault, ring)
	if ok, err := keys.DestroySubjectKey(ctx, gone); err != nil || !ok {
		t.Fatalf("DestroySubjectKey = %v, %v", ok, err)
	}

	// read opens a subject's raw text and recording through keys over db.
	read := func(db store.Database, dir, s string) error {
		k := crypto.NewKeys(db, vault, ring)
		segs, err := db.RawSegments(ctx, "call-1")
		if err != nil {
			return err
		}
		var sealed []byte
		for _, seg := range segs {
			if seg.Subject == s {
				sealed = seg.Sealed
			}
		}
		text, err := k.Open(ctx, s, sealed, []byte("call-1"))
		if err != nil {
			return err
		}
		if !bytes.Equal(text, raw(s)) {
			t.Errorf("raw text of %s read back wrong", s)
		}
		f, err := os.Open(recordingPath(dir, s))
		if err != nil {
			return err
		}
		defer f.Close()
		r, err := k.NewReader(ctx, s, f, []byte("call-1"))
		if err != nil {
			return err
		}
		got, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, audio(s)) {
			t.Errorf("recording of %s read back wrong", s)
		}
		return nil
	}

	backupDB, backupDir := openBackup()
	// The erased subject: gone from the live store and from the backup.
	for name, db := range map[string]store.Database{"live store": data, "backup": backupDB} {
		dir := dataDir
		if name == "backup" {
			dir = backupDir
		}
		if err := read(db, dir, gone); !errors.Is(err, crypto.ErrKeyDestroyed) {
			t.Errorf("erased subject from the %s: err = %v, want ErrKeyDestroyed", name, err)
		}
	}
	// Everyone else reads from the live store; from the backup, only
	// subjects of other buckets do (the erased subject's bucket was
	// rotated, see the package doc).
	for _, s := range []string{neighbour, far} {
		if err := read(data, dataDir, s); err != nil {
			t.Errorf("%s from the live store: %v", s, err)
		}
	}
	if err := read(backupDB, backupDir, far); err != nil {
		t.Errorf("subject of another bucket from the backup: %v", err)
	}
	if err := read(backupDB, backupDir, neighbour); !errors.Is(err, crypto.ErrKeyDestroyed) {
		t.Errorf("subject of the erased bucket from the backup: err = %v, want ErrKeyDestroyed", err)
	}

	// The old KEK is in no file of the key directory any more (where the
	// SQLite vault lives: secure_delete and WAL truncation).
	err = filepath.WalkDir(keyDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, oldKEK.Wrapped) {
			t.Errorf("%s still holds the destroyed KEK", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
