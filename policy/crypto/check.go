package crypto

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/earshot/earshot/policy/store"
)

// CheckKeyDir refuses a key directory inside the data directory (or equal
// to it): a copy of the data directory would then hold the vault, and
// erasure would not be final for it. Both paths are compared after making
// them absolute and resolving symbolic links of the parts that exist.
func CheckKeyDir(dataDir, keyDir string) error {
	if dataDir == "" || keyDir == "" {
		return errors.New("crypto: data directory and key directory must both be set")
	}
	d, err := resolve(dataDir)
	if err != nil {
		return err
	}
	k, err := resolve(keyDir)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(d, k)
	if err != nil {
		return fmt.Errorf("crypto: compare key and data directories: %w", err)
	}
	if rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		return fmt.Errorf("crypto: key directory %s is inside the data directory %s: copies of the data directory would hold the key vault; put it elsewhere", keyDir, dataDir)
	}
	return nil
}

// resolve makes p absolute and resolves the symbolic links of its longest
// existing prefix.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("crypto: %w", err)
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// CheckSeparate verifies that the vault is not the data store's own
// database: it puts a canary KEK in the vault and looks for it through the
// data store. The canary is deleted again.
func CheckSeparate(ctx context.Context, data store.Database, vault store.Vault) error {
	id := randomID("canary-", 16)
	err := vault.PutBucketKey(ctx, store.BucketKey{ID: id, Bucket: 0, WrapKeyID: "canary", Wrapped: []byte{0}, CreatedAt: time.Now()})
	if err != nil {
		return fmt.Errorf("crypto: check vault: %w", err)
	}
	var seen bool
	if dv, ok := data.(interface {
		BucketKey(ctx context.Context, id string) (store.BucketKey, error)
	}); ok {
		_, err := dv.BucketKey(ctx, id)
		switch {
		case err == nil:
			seen = true
		case !errors.Is(err, store.ErrNotFound):
			return errors.Join(fmt.Errorf("crypto: check vault: %w", err), deleteCanary(ctx, vault, id))
		}
	}
	if err := deleteCanary(ctx, vault, id); err != nil {
		return err
	}
	if seen {
		return errors.New("crypto: the key vault is the data store's own database; erasure would not be final for its backups: give the vault its own file or database")
	}
	return nil
}

func deleteCanary(ctx context.Context, vault store.Vault, id string) error {
	if _, err := vault.DeleteBucketKey(context.WithoutCancel(ctx), id); err != nil {
		return fmt.Errorf("crypto: delete vault check canary: %w", err)
	}
	return nil
}
