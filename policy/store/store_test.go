package store_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
	"github.com/jackc/pgx/v5"
)

func testLog(t testing.TB) *slog.Logger {
	if tt, ok := t.(*testing.T); ok {
		return slog.New(slog.NewTextHandler(tt.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// at0 is a start time for calls whose time does not matter.
var at0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// backend opens stores of one kind. url returns the database URL and data
// directory of a fresh database that several Opens may share.
type backend struct {
	name string
	url  func(t testing.TB) (databaseURL, dataDir string)
}

var backends = []backend{
	{"sqlite", func(t testing.TB) (string, string) { return "", t.TempDir() }},
	{"postgres", func(t testing.TB) (string, string) { return storetest.PostgresURL(t), "" }},
}

func mustOpen(t testing.TB, databaseURL, dataDir string) store.Store {
	t.Helper()
	s, err := store.Open(ctxT(t), databaseURL, dataDir, testLog(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return mustOpen(t, "", t.TempDir()) })
}

func TestPostgres(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return mustOpen(t, storetest.PostgresURL(t), "") })
}

// schemaRows returns the (version, name) rows of schema_migrations.
func schemaRows(t *testing.T, b backend, databaseURL, dataDir string) []string {
	t.Helper()
	const q = `SELECT version || ' ' || name FROM schema_migrations ORDER BY version`
	var out []string
	switch b.name {
	case "sqlite":
		db := openRawSQLite(t, dataDir)
		rows, err := db.QueryContext(ctxT(t), q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	case "postgres":
		conn := rawPostgres(t, databaseURL)
		rows, err := conn.Query(ctxT(t), q)
		if err != nil {
			t.Fatal(err)
		}
		out, err = pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func rawPostgres(t *testing.T, databaseURL string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctxT(t), databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := conn.Close(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return conn
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	latest := store.LatestVersion()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			dbURL, dir := b.url(t)
			res, err := store.Migrate(ctxT(t), dbURL, dir, testLog(t))
			if err != nil {
				t.Fatalf("first Migrate: %v", err)
			}
			if want := (store.MigrateResult{From: 0, To: latest}); res != want {
				t.Errorf("first Migrate = %+v, want %+v", res, want)
			}
			res, err = store.Migrate(ctxT(t), dbURL, dir, testLog(t))
			if err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			if want := (store.MigrateResult{From: latest, To: latest}); res != want {
				t.Errorf("second Migrate = %+v, want %+v", res, want)
			}
			rows := schemaRows(t, b, dbURL, dir)
			if len(rows) != latest || !strings.HasPrefix(rows[0], "1 001_") {
				t.Errorf("schema_migrations = %q, want %d rows from 1 001_…", rows, latest)
			}

			// Data survives re-opening.
			s := mustOpen(t, dbURL, dir)
			c := store.Call{ID: "c1", Channel: "sip", StartedAt: time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC)}
			if err := s.CreateCall(ctxT(t), c); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = mustOpen(t, dbURL, dir)
			got, err := s.GetCall(ctxT(t), "c1")
			if err != nil || !got.StartedAt.Equal(c.StartedAt) {
				t.Errorf("after re-open GetCall = %+v, %v; want %+v", got, err, c)
			}
		})
	}
}

// TestConcurrentOpen opens one fresh database from several pools at once,
// as several processes starting together would: each migration must be
// applied once and every Open must succeed.
func TestConcurrentOpen(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			dbURL, dir := b.url(t)
			const n = 4
			stores := make([]store.Store, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-start
					stores[i], errs[i] = store.Open(ctxT(t), dbURL, dir, testLog(t))
				})
			}
			close(start)
			wg.Wait()
			for i, s := range stores {
				if errs[i] != nil {
					t.Errorf("Open %d: %v", i, errs[i])
					continue
				}
				if err := s.Close(); err != nil {
					t.Errorf("Close %d: %v", i, err)
				}
			}
			if rows := schemaRows(t, b, dbURL, dir); len(rows) != store.LatestVersion() {
				t.Errorf("schema_migrations = %q, want %d rows", rows, store.LatestVersion())
			}
		})
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			dbURL, dir := b.url(t)
			if _, err := store.Migrate(ctxT(t), dbURL, dir, testLog(t)); err != nil {
				t.Fatal(err)
			}
			const q = `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', '2099-01-01T00:00:00.000000Z')`
			switch b.name {
			case "sqlite":
				if _, err := openRawSQLite(t, dir).ExecContext(ctxT(t), q); err != nil {
					t.Fatal(err)
				}
			case "postgres":
				if _, err := rawPostgres(t, dbURL).Exec(ctxT(t), q); err != nil {
					t.Fatal(err)
				}
			}
			s, err := store.Open(ctxT(t), dbURL, dir, testLog(t))
			if err == nil {
				s.Close()
				t.Fatal("Open of a database with a newer schema succeeded")
			}
			if !strings.Contains(err.Error(), "newer") {
				t.Errorf("Open err = %v, want it to say the schema is newer", err)
			}
		})
	}
}

func TestOpenErrorsHidePassword(t *testing.T) {
	t.Parallel()
	const pw = "hunter2Secret"
	tests := []struct {
		name    string
		url     string
		secrets []string
		mention string // the error must contain this
	}{
		{"unknown scheme", "mysql://root:" + pw + "@localhost/db", []string{pw}, `"mysql"`},
		{"http scheme", "HTTP://u:" + pw + "@example.com/", []string{pw}, `"http"`},
		{"no scheme", "u:" + pw + "@localhost/db", []string{pw}, "scheme"},
		{"host:port", "localhost:5432", nil, `"localhost"`},
		{"bad port", "postgres://u:" + pw + "@127.0.0.1:notaport/db", []string{pw}, "postgres URL"},
		{"bad query escape", "postgres://u:" + pw + "@127.0.0.1/db?sslmode=%zz", []string{pw}, "postgres URL"},
		{"refused", "postgres://u:" + pw + "@127.0.0.1:1/db?sslmode=disable&connect_timeout=5", []string{pw}, "connect"},
		{"escaped password", "postgresql://u:p%40ss%2F" + pw + "@127.0.0.1:1/db?sslmode=disable", []string{"p%40ss%2F" + pw, "p@ss/" + pw}, "connect"},
		{"password parameter", "postgres://u@127.0.0.1:1/db?sslmode=disable&password=" + pw, []string{pw}, "connect"},
		{"password parameter bad port", "postgres://u@127.0.0.1:x/db?password=" + pw, []string{pw}, "postgres URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := store.Open(ctxT(t), tc.url, t.TempDir(), testLog(t))
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			msg := err.Error()
			for _, sec := range tc.secrets {
				if strings.Contains(msg, sec) {
					t.Errorf("error %q contains the password %q", msg, sec)
				}
			}
			if !strings.Contains(msg, tc.mention) {
				t.Errorf("error %q does not mention %q", msg, tc.mention)
			}
		})
	}
	if _, err := store.Open(ctxT(t), "", "", nil); err == nil {
		t.Error("Open with no URL and no data directory succeeded")
	}
}

func TestSQLiteFiles(t *testing.T) {
	t.Parallel()
	// A data directory that does not exist yet, with characters that mean
	// something in a file: URI.
	root := t.TempDir()
	dir := filepath.Join(root, "a dir?x=1#frag%20", "data")
	s := mustOpen(t, "", dir)
	if err := s.SetSetting(ctxT(t), "k", "v"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		mode os.FileMode
	}{
		{dir, 0o700 | os.ModeDir},
		{filepath.Join(dir, store.SQLiteFile), 0o600},
		{filepath.Join(dir, store.SQLiteFile+"-wal"), 0o600},
	} {
		fi, err := os.Stat(tc.path)
		if err != nil {
			t.Errorf("stat: %v", err)
			continue
		}
		if fi.Mode() != tc.mode {
			t.Errorf("%s mode = %v, want %v", tc.path, fi.Mode(), tc.mode)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "a dir?x=1#frag%20" {
		t.Errorf("files created in %s: %v, want only the data directory's parent", root, entries)
	}
	// The data directory is reused, not replaced.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, "", dir)
	if v, err := s.Setting(ctxT(t), "k"); err != nil || v != "v" {
		t.Errorf("Setting after re-open = %q, %v", v, err)
	}
}

func TestSQLiteNotADatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.SQLiteFile), []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctxT(t), "", dir, testLog(t))
	if err == nil {
		s.Close()
		t.Fatal("Open of a file that is not a database succeeded")
	}
}

func TestOpenCancelled(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			dbURL, dir := b.url(t)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			s, err := store.Open(ctx, dbURL, dir, testLog(t))
			if err == nil {
				s.Close()
				t.Fatal("Open with a cancelled context succeeded")
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Open err = %v, want context.Canceled", err)
			}
		})
	}
}
