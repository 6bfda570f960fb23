package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
)

// rawCard is what a caller said. The store must keep none of its digits.
const rawCard = "my card is 4111 1111 1111 1111"

// cardForms are the ways the card number could appear if it leaked.
var cardForms = []string{"4111 1111 1111 1111", "4111111111111111", "4111", "1111"}

// TestNoRawText stores a segment redacted from raw speech and then reads
// the database below the store's API: SQLite's files byte by byte,
// PostgreSQL's tables as text. Neither may hold the card's digits.
func TestNoRawText(t *testing.T) {
	t.Parallel()
	red := redact.Text(rawCard)
	if strings.ContainsAny(red.Text(), "0123456789") {
		t.Fatalf("redact.Text(%q) = %q still has digits; this test needs a redacted segment", rawCard, red.Text())
	}
	seg := store.Segment{CallID: "c1", Seq: 0, StartMS: 0, EndMS: 2500, Redacted: red}
	call := store.Call{ID: "c1", Channel: "sip", Route: "billing", Codec: "PCMU", StartedAt: at0}

	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			dbURL, dir := b.url(t)
			s := mustOpen(t, dbURL, dir)
			if err := s.CreateCall(ctxT(t), call); err != nil {
				t.Fatal(err)
			}
			if err := s.AddSegment(ctxT(t), seg); err != nil {
				t.Fatal(err)
			}
			got, err := s.Segments(ctxT(t), "c1")
			if err != nil || len(got) != 1 || got[0].Redacted.Text() != red.Text() {
				t.Fatalf("Segments = %v, %v; want the redacted segment back", got, err)
			}

			switch b.name {
			case "sqlite":
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				checkSQLiteFiles(t, dir, red.Text())
			case "postgres":
				checkPostgresTables(t, dbURL, red.Text())
			}
		})
	}
}

// checkSQLiteFiles reads every file in dir (database, WAL, shared memory).
func checkSQLiteFiles(t *testing.T, dir, redacted string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, form := range cardForms {
			if bytes.Contains(data, []byte(form)) {
				t.Errorf("%s contains %q", e.Name(), form)
			}
		}
		all = append(all, data...)
	}
	// Control: the redacted text is there, so the scan looked at the data.
	if !bytes.Contains(all, []byte(redacted)) {
		t.Errorf("the database files do not contain the redacted text %q; the scan proves nothing", redacted)
	}
}

var digit = regexp.MustCompile(`[0-9]`)

// checkPostgresTables reads every row of every table in the test schema.
func checkPostgresTables(t *testing.T, databaseURL, redacted string) {
	t.Helper()
	conn := rawPostgres(t, databaseURL)
	rows, err := conn.Query(ctxT(t), `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(tables) < 3 {
		t.Fatalf("tables in the test schema = %v, want the store's tables", tables)
	}
	var all strings.Builder
	for _, table := range tables {
		var dump string
		if err := conn.QueryRow(ctxT(t), `SELECT coalesce(string_agg(t::text, E'\n'), '') FROM `+table+` t`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		for _, form := range cardForms {
			if strings.Contains(dump, form) {
				t.Errorf("table %s contains %q", table, form)
			}
		}
		all.WriteString(dump)
	}
	if !strings.Contains(all.String(), redacted) {
		t.Errorf("the tables do not contain the redacted text %q; the scan proves nothing", redacted)
	}
	// The text column holds no digit at all.
	var text string
	if err := conn.QueryRow(ctxT(t), `SELECT text FROM segments WHERE call_id = 'c1'`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if digit.MatchString(text) {
		t.Errorf("stored segment text %q has digits", text)
	}
}
