package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func names(ms []migration) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.name
	}
	return out
}

// Both backends must describe the same schema history, so LatestVersion
// means the same thing whichever one a deployment uses.
func TestMigrationSetsMatch(t *testing.T) {
	lite, err := loadMigrations(migrationFS, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := loadMigrations(migrationFS, "migrations/postgres")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names(lite), names(pg)) {
		t.Errorf("sqlite migrations %v differ from postgres %v", names(lite), names(pg))
	}
	if got, want := LatestVersion(), lite[len(lite)-1].version; got != want {
		t.Errorf("LatestVersion = %d, want %d", got, want)
	}
	for _, m := range append(lite, pg...) {
		if strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %s is empty", m.name)
		}
	}
}

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name    string
		fs      fstest.MapFS
		want    []string
		wantErr string
	}{
		{
			name: "sorted by number, not by name",
			fs: fstest.MapFS{
				"m/010_ten.sql":  file("x"),
				"m/002_two.sql":  file("x"),
				"m/001_one.sql":  file("x"),
				"m/README.md":    file("ignored"),
				"m/003_three.sq": file("ignored"),
				"m/004_a.sql/x":  file("a directory is ignored"),
				"m/003_3.sql":    file("x"),
				"m/004_four.sql": file("x"),
				"m/005_5.sql":    file("x"),
				"m/006_6.sql":    file("x"),
				"m/007_7.sql":    file("x"),
				"m/008_8.sql":    file("x"),
				"m/009_9.sql":    file("x"),
			},
			want: []string{"001_one", "002_two", "003_3", "004_four", "005_5", "006_6", "007_7", "008_8", "009_9", "010_ten"},
		},
		{name: "gap", fs: fstest.MapFS{"m/001_a.sql": file("x"), "m/003_c.sql": file("x")}, wantErr: "expected version 2"},
		{name: "repeat", fs: fstest.MapFS{"m/001_a.sql": file("x"), "m/001_b.sql": file("x")}, wantErr: "expected version 2"},
		{name: "starts at 2", fs: fstest.MapFS{"m/002_b.sql": file("x")}, wantErr: "expected version 1"},
		{name: "zero", fs: fstest.MapFS{"m/000_a.sql": file("x")}, wantErr: "NNN_name"},
		{name: "no number", fs: fstest.MapFS{"m/init.sql": file("x")}, wantErr: "NNN_name"},
		{name: "no name", fs: fstest.MapFS{"m/001.sql": file("x")}, wantErr: "NNN_name"},
		{name: "empty folder", fs: fstest.MapFS{"m/README": file("x")}, wantErr: "no migrations"},
		{name: "missing folder", fs: fstest.MapFS{}, wantErr: "read migrations"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := loadMigrations(tc.fs, "m")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(ms), tc.want) {
				t.Errorf("migrations = %v, want %v", names(ms), tc.want)
			}
		})
	}
}

func TestPending(t *testing.T) {
	all := []migration{{version: 1, name: "001_a"}, {version: 2, name: "002_b"}, {version: 3, name: "003_c"}}
	tests := []struct {
		current int
		want    []string
		wantErr bool
	}{
		{0, []string{"001_a", "002_b", "003_c"}, false},
		{1, []string{"002_b", "003_c"}, false},
		{3, []string{}, false},
		{4, nil, true},
	}
	for _, tc := range tests {
		got, err := pending(all, tc.current)
		if (err != nil) != tc.wantErr {
			t.Errorf("pending(%d) err = %v, want error %v", tc.current, err, tc.wantErr)
			continue
		}
		if !tc.wantErr && !slices.Equal(names(got), tc.want) {
			t.Errorf("pending(%d) = %v, want %v", tc.current, names(got), tc.want)
		}
	}
}

var urlSchemeTests = []struct {
	in, want string
}{
	{"postgres://u:p@h/db", "postgres"},
	{"PostgreSQL://h/db", "postgresql"},
	{"mysql://root@h", "mysql"},
	{"sqlite3:file.db", "sqlite3"},
	{"git+ssh://h", "git+ssh"},
	{"localhost:5432", "localhost"},
	{"a.b-c:x", "a.b-c"},
	{"", ""},
	{"://h", ""},
	{"1abc://h", ""},
	{"host=localhost user=u", ""},
	{"/var/lib/earshot.db", ""},
	{"po stgres://h", ""},
	{"ünï://h", ""},
	{"postgres", ""},
}

func TestURLScheme(t *testing.T) {
	for _, tc := range urlSchemeTests {
		if got := urlScheme(tc.in); got != tc.want {
			t.Errorf("urlScheme(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestURLSecrets(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"postgres://u:pw1@h/db", []string{"pw1"}},
		{"postgres://u@h/db", nil},
		{"postgres://u:@h/db", nil},
		{"postgres://h/db?sslmode=disable", nil},
		{"postgres://u:p%40ss@h/db", []string{"p%40ss", "p@ss"}},
		{"postgres://u:a+b@h/db", []string{"a+b", "a b"}},
		{"postgres://u:with/slash@h/db", []string{"with/slash"}},
		{"postgres://u:x@y@h/db", []string{"x@y"}},
		{"postgres://h/db?sslmode=disable&password=pw2", []string{"pw2"}},
		{"postgres://h/db?PASSWORD=pw3#frag", []string{"pw3"}},
		{"postgres://u:pw4@h/db?password=pw5", []string{"pw4", "pw5"}},
		{"postgres://h/db?user_password=no", nil},
	}
	for _, tc := range tests {
		if got := urlSecrets(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("urlSecrets(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScrubError(t *testing.T) {
	base := errors.New("dial u:s3cret@h: refused")
	err := scrubError(base, []string{"s3cret"})
	if got, want := err.Error(), "dial u:xxxxx@h: refused"; got != want {
		t.Errorf("scrubbed = %q, want %q", got, want)
	}
	if !errors.Is(err, base) {
		t.Error("scrubbed error does not wrap the original")
	}
	if err := scrubError(base, []string{"absent"}); err != base {
		t.Errorf("scrubError without a match = %v, want the original error", err)
	}
}

// FuzzOpenErrorHidesPassword opens PostgreSQL URLs whose password is
// arbitrary (minus the characters that end the user information) and
// checks the password never appears in the error. The context is cancelled
// so nothing reaches the network.
func FuzzOpenErrorHidesPassword(f *testing.F) {
	for _, seed := range []string{"hunter2", "p a s s", "pässwörd", "x%zz", "`quoted`", "1234 5678", "'; DROP", "€€€€", "tab\there"} {
		f.Add(seed, "/db?sslmode=disable")
		f.Add(seed, ":notaport/db")
	}
	for _, tc := range urlSchemeTests {
		f.Add("secret", tc.in)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.Fuzz(func(t *testing.T, pw, rest string) {
		if len(pw) < 4 || strings.ContainsAny(pw, "@/?#:%") {
			return
		}
		openErr := func(pw string) string {
			s, _, err := open(ctx, "postgres://u:"+pw+"@127.0.0.1"+rest, "", SQLiteFile, nil)
			if err == nil {
				s.Close()
				return ""
			}
			return err.Error()
		}
		// Text that is in the error whatever the password is (the host,
		// the rest of the URL) does not count.
		if strings.Contains(openErr("ZZZZplaceholderZZZZ"), pw) {
			return
		}
		if msg := openErr(pw); strings.Contains(msg, pw) {
			t.Errorf("error %q contains the password %q", msg, pw)
		}
	})
}
