package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/earshot/earshot/policy/store"
)

// Witness keeps the latest checkpoint outside the database, so deleting
// the newest records together with their checkpoints is still detected.
type Witness interface {
	// Publish records cp if it is newer than the one kept.
	Publish(ctx context.Context, cp store.AuditCheckpoint) error
	// Latest returns the kept checkpoint; ok is false if there is none.
	Latest(ctx context.Context) (cp store.AuditCheckpoint, ok bool, err error)
}

// FileWitness is a Witness in a JSON file, rewritten atomically (temporary
// file, fsync, rename, fsync of the directory). Keep it in the key
// directory, outside the data directory. It is safe for concurrent use in
// one process; two processes sharing the file may briefly publish an older
// checkpoint over a newer one, which weakens the witness but never makes
// Verify fail wrongly.
type FileWitness struct {
	path string
	mu   sync.Mutex
}

// NewFileWitness returns a witness kept at path.
func NewFileWitness(path string) *FileWitness { return &FileWitness{path: path} }

type witnessFile struct {
	Seq       int64     `json:"seq"`
	Hash      []byte    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	Signature []byte    `json:"signature"`
}

// Latest implements Witness.
func (w *FileWitness) Latest(context.Context) (store.AuditCheckpoint, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.read()
}

func (w *FileWitness) read() (store.AuditCheckpoint, bool, error) {
	b, err := os.ReadFile(w.path)
	if errors.Is(err, fs.ErrNotExist) {
		return store.AuditCheckpoint{}, false, nil
	}
	if err != nil {
		return store.AuditCheckpoint{}, false, fmt.Errorf("audit: read witness: %w", err)
	}
	var f witnessFile
	if err := json.Unmarshal(b, &f); err != nil {
		return store.AuditCheckpoint{}, false, fmt.Errorf("audit: witness file %s: %w", w.path, err)
	}
	return store.AuditCheckpoint{Seq: f.Seq, Hash: f.Hash, At: f.At.UTC(), KeyID: f.KeyID, Signature: f.Signature}, true, nil
}

// Publish implements Witness.
func (w *FileWitness) Publish(_ context.Context, cp store.AuditCheckpoint) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	old, ok, err := w.read()
	if err != nil {
		return err
	}
	if ok && old.Seq >= cp.Seq {
		return nil
	}
	b, err := json.Marshal(witnessFile{Seq: cp.Seq, Hash: cp.Hash, At: cp.At, KeyID: cp.KeyID, Signature: cp.Signature})
	if err != nil {
		return err
	}
	dir := filepath.Dir(w.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("audit: witness directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".witness-*")
	if err != nil {
		return fmt.Errorf("audit: write witness: %w", err)
	}
	_, err = tmp.Write(b)
	err = errors.Join(err, tmp.Sync(), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), w.path)
	}
	if err != nil {
		return errors.Join(fmt.Errorf("audit: write witness: %w", err), os.Remove(tmp.Name()))
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("audit: sync witness directory: %w", err)
	}
	if err := errors.Join(d.Sync(), d.Close()); err != nil {
		return fmt.Errorf("audit: sync witness directory: %w", err)
	}
	return nil
}
