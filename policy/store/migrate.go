package store

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// migrationFS holds one folder per backend of files named NNN_name.sql.
// Version numbers start at 1, have no gaps, and are the same list in every
// backend folder (a test checks it), so LatestVersion means one schema.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migration is one embedded schema step.
type migration struct {
	version int
	name    string // file name without the .sql suffix, e.g. "001_init"
	sql     string
}

// loadMigrations reads the migrations of one backend folder, sorted by
// version, and checks that versions run 1, 2, 3… without gap or repeat.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations %s: %w", dir, err)
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		name := strings.TrimSuffix(e.Name(), ".sql")
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s/%s: name must be NNN_name.sql", dir, e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("store: read migration %s/%s: %w", dir, e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations in %s: expected version %d, found %s", dir, i+1, m.name)
		}
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("store: no migrations in %s", dir)
	}
	return ms, nil
}

// LatestVersion is the schema version this binary migrates databases to.
func LatestVersion() int {
	ms, err := loadMigrations(migrationFS, "migrations/sqlite")
	if err != nil {
		// The embedded files are checked by tests; a broken set is a build
		// defect, not a runtime condition.
		panic(err)
	}
	return ms[len(ms)-1].version
}

// pending returns the migrations above version current, or an error if the
// database is ahead of this binary.
func pending(all []migration, current int) ([]migration, error) {
	latest := all[len(all)-1].version
	if current > latest {
		return nil, fmt.Errorf("store: database schema version %d is newer than this binary's %d; upgrade earshot", current, latest)
	}
	return all[current:], nil
}

// MigrateResult reports what Open or Migrate did to the schema.
type MigrateResult struct {
	From, To int // schema version before and after
}
