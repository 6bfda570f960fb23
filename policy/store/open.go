package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// SQLiteFile is the database file name Open uses inside the data directory.
const SQLiteFile = "earshot.db"

// VaultFile is the database file name OpenVault uses inside the key
// directory.
const VaultFile = "vault.db"

// backend is what both backends implement.
type backend interface {
	Database
	Vault
}

// Open opens the store named by databaseURL and migrates its schema to
// LatestVersion. An empty databaseURL selects the embedded SQLite file
// <dataDir>/earshot.db, creating dataDir (mode 0700) and the file (mode 0600)
// if needed; a postgres:// or postgresql:// URL selects PostgreSQL, and
// dataDir is then unused. A nil log discards logs. The caller must Close the
// returned Store. Errors never contain the URL's password.
func Open(ctx context.Context, databaseURL, dataDir string, log *slog.Logger) (Store, error) {
	s, _, err := open(ctx, databaseURL, dataDir, SQLiteFile, log)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// OpenDatabase opens the store like Open and returns it with its policy
// sub-stores.
func OpenDatabase(ctx context.Context, databaseURL, dataDir string, log *slog.Logger) (Database, error) {
	s, _, err := open(ctx, databaseURL, dataDir, SQLiteFile, log)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// OpenVault opens the key vault: the SQLite file <keyDir>/vault.db when
// databaseURL is empty, else the PostgreSQL database it names. The vault
// must be a different database (or schema) from the data store, and keyDir
// must lie outside the data directory: erasure is final because the
// bucket keys it destroys are in no copy of the data store (see
// policy/crypto). The vault has the same schema as the data store and is
// migrated like it; only its bucket_keys table is used.
func OpenVault(ctx context.Context, databaseURL, keyDir string, log *slog.Logger) (Vault, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s, _, err := open(ctx, databaseURL, keyDir, VaultFile, log.With("vault", true))
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Migrate opens the store like Open, reports the schema versions before and
// after migrating, and closes it. It is what `earshot migrate` runs.
func Migrate(ctx context.Context, databaseURL, dataDir string, log *slog.Logger) (MigrateResult, error) {
	s, res, err := open(ctx, databaseURL, dataDir, SQLiteFile, log)
	if err != nil {
		return MigrateResult{}, err
	}
	return res, s.Close()
}

func open(ctx context.Context, databaseURL, dataDir, file string, log *slog.Logger) (backend, MigrateResult, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if databaseURL == "" {
		if dataDir == "" {
			return nil, MigrateResult{}, errors.New("store: no database URL and no data directory")
		}
		s, res, err := openSQLite(ctx, filepath.Join(dataDir, file), log.With("store", "sqlite"))
		if err != nil {
			return nil, MigrateResult{}, err
		}
		return s, res, nil
	}
	switch scheme := urlScheme(databaseURL); scheme {
	case "postgres", "postgresql":
		s, res, err := openPostgres(ctx, databaseURL, log.With("store", "postgres"))
		if err != nil {
			return nil, MigrateResult{}, scrubError(err, urlSecrets(databaseURL))
		}
		return s, res, nil
	case "":
		return nil, MigrateResult{}, errors.New("store: database URL has no scheme; want postgres:// or an empty URL for SQLite")
	default:
		return nil, MigrateResult{}, fmt.Errorf("store: unsupported database URL scheme %q; want postgres:// or postgresql://, or an empty URL for SQLite", scheme)
	}
}

// urlScheme returns the lower-cased scheme of a URL (RFC 3986 section 3.1)
// or "" if it has none. It does not use url.Parse, whose errors quote the
// whole URL, password included.
func urlScheme(raw string) string {
	for i, c := range raw {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(raw[:i])
		default:
			return ""
		}
	}
	return ""
}

var passwordParam = regexp.MustCompile(`(?i)[?&]password=([^&#]*)`)

// urlSecrets returns, best effort and in raw and decoded form, the
// passwords a URL carries: in its user information and in a password
// query parameter (which pgx also accepts).
func urlSecrets(raw string) []string {
	var raws []string
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		authority := rest
		if i := strings.IndexAny(authority, "/?#"); i >= 0 && strings.LastIndex(authority, "@") < i {
			authority = authority[:i]
		}
		if i := strings.LastIndex(authority, "@"); i >= 0 {
			if _, pw, ok := strings.Cut(authority[:i], ":"); ok {
				raws = append(raws, pw)
			}
		}
	}
	for _, m := range passwordParam.FindAllStringSubmatch(raw, -1) {
		raws = append(raws, m[1])
	}
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, s := range raws {
		add(s)
		if d, err := url.PathUnescape(s); err == nil {
			add(d)
		}
		if d, err := url.QueryUnescape(s); err == nil {
			add(d)
		}
	}
	return out
}

// scrubError hides secrets in err's message. The original error stays
// reachable through errors.Is and errors.As.
func scrubError(err error, secrets []string) error {
	msg := err.Error()
	scrubbed := msg
	for _, s := range secrets {
		scrubbed = strings.ReplaceAll(scrubbed, s, "xxxxx")
	}
	if scrubbed == msg {
		return err
	}
	return &scrubbedError{msg: scrubbed, err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
