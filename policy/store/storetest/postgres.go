package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgresURL is the test server `make test` starts: PostgreSQL on
// 127.0.0.1:5432, trust authentication, database test.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL returns a postgres:// URL whose search_path is a schema
// created for this test alone and dropped when the test ends (after the
// cleanups the test registers later, such as closing its store). Tests
// using it can run in parallel.
//
// The server is EARSHOT_TEST_DATABASE_URL, or DefaultPostgresURL. If it
// cannot be reached the test fails, unless EARSHOT_SKIP_POSTGRES=1, in
// which case it is skipped.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("EARSHOT_TEST_DATABASE_URL")
	if base == "" {
		base = DefaultPostgresURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// url.Parse errors quote the URL; keep a password out of the log.
		t.Fatalf("EARSHOT_TEST_DATABASE_URL must be a postgres:// URL")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		if os.Getenv("EARSHOT_SKIP_POSTGRES") == "1" {
			t.Skipf("skipping: PostgreSQL at %s is unreachable and EARSHOT_SKIP_POSTGRES=1: %v", u.Redacted(), err)
		}
		t.Fatalf("PostgreSQL at %s is unreachable (start it, as `make test` does, or set EARSHOT_SKIP_POSTGRES=1 to skip): %v", u.Redacted(), err)
	}
	defer func() {
		if err := conn.Close(ctx); err != nil {
			t.Errorf("close setup connection: %v", err)
		}
	}()

	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema := "earshot_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
			return
		}
		defer func() {
			if err := conn.Close(ctx); err != nil {
				t.Errorf("close cleanup connection: %v", err)
			}
		}()
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})

	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
