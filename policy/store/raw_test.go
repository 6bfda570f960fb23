package store_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/earshot/earshot/policy/store"
)

// openRawSQLite opens the database file in dataDir with the driver alone,
// to look at what the store wrote.
func openRawSQLite(t *testing.T, dataDir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dataDir, store.SQLiteFile)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}
