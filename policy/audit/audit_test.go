package audit_test

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
	"github.com/jackc/pgx/v5"
)

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// db is a fresh database of one backend with raw SQL access below the
// store, to tamper with.
type db struct {
	store.Database
	url, dir string
	exec     func(t *testing.T, query string)
}

type backend struct {
	name string
	open func(t testing.TB) db
}

var backends = []backend{
	{"sqlite", func(t testing.TB) db {
		dir := t.TempDir()
		return db{Database: openDB(t, "", dir), dir: dir, exec: func(t *testing.T, q string) {
			t.Helper()
			raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.SQLiteFile)+"?_pragma=busy_timeout(5000)")
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.ExecContext(ctxT(t), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}}
	}},
	{"postgres", func(t testing.TB) db {
		url := storetest.PostgresURL(t)
		return db{Database: openDB(t, url, ""), url: url, exec: func(t *testing.T, q string) {
			t.Helper()
			conn, err := pgx.Connect(ctxT(t), url)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctxT(t))
			if _, err := conn.Exec(ctxT(t), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}}
	}},
}

func openDB(t testing.TB, url, dir string) store.Database {
	t.Helper()
	d, err := store.OpenDatabase(ctxT(t), url, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// clock is a test clock that advances one second per reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func signingKey(n byte) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = n
	return ed25519.NewKeyFromSeed(seed)
}

func newLog(t testing.TB, st store.AuditStore, every int, w audit.Witness) *audit.Log {
	t.Helper()
	l, err := audit.New(audit.Config{Store: st, SigningKey: signingKey(1), CheckpointEvery: every, Witness: w, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var pseudo = crypto.NewPseudonymizer(crypto.Secret{7})

func subject(t testing.TB, n int) string {
	s, err := pseudo.Phone(fmt.Sprintf("+4420794600%02d", n))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fill appends n records of assorted actions.
func fill(t *testing.T, l *audit.Log, n int) []store.AuditRecord {
	t.Helper()
	acts := []audit.Action{audit.Login, audit.TranscriptRead, audit.RecordingRead, audit.ConsentChange, audit.TranscriptReadRaw}
	var out []store.AuditRecord
	for i := range n {
		r, err := l.Append(ctxT(t), audit.Entry{
			Actor: "user:ann", Action: acts[i%len(acts)], Subject: subject(t, i%3), Object: fmt.Sprintf("call-%d", i),
			Details: map[string]any{"n": i, "view": "redacted", "ok": true},
		})
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		out = append(out, r)
	}
	return out
}

func mustVerify(t *testing.T, l *audit.Log) audit.Report {
	t.Helper()
	rep, err := l.Verify(ctxT(t))
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

// wantBroken checks that Verify names seq (and kind, if not empty).
func wantBroken(t *testing.T, l *audit.Log, seq int64, kind audit.Kind) {
	t.Helper()
	_, err := l.Verify(ctxT(t))
	var be *audit.BrokenError
	if !errors.As(err, &be) || !errors.Is(err, audit.ErrBroken) {
		t.Fatalf("Verify err = %v, want a BrokenError at seq %d", err, seq)
	}
	if be.Seq != seq || (kind != "" && be.Kind != kind) {
		t.Errorf("Verify = %v, want seq %d %s", err, seq, kind)
	}
}

func forEachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, b)
		})
	}
}

func TestAppendVerify(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		d := b.open(t)
		l := newLog(t, d, 4, nil)
		if rep := mustVerify(t, l); rep.Records != 0 || rep.Last != 0 {
			t.Errorf("empty log report = %+v", rep)
		}
		recs := fill(t, l, 10)
		if recs[0].Seq != 1 || recs[9].Seq != 10 || recs[3].Details != `{"n":3,"ok":true,"view":"redacted"}` {
			t.Errorf("records: first seq %d, last %d, details %s", recs[0].Seq, recs[9].Seq, recs[3].Details)
		}
		rep := mustVerify(t, l)
		if rep.First != 1 || rep.Last != 10 || rep.Records != 10 || rep.Checkpoints != 2 || rep.LastCheckpoint != 8 {
			t.Errorf("report = %+v, want records 1-10 and checkpoints at 4 and 8", rep)
		}
		cp, err := l.Checkpoint(ctxT(t))
		if err != nil || cp.Seq != 10 {
			t.Fatalf("Checkpoint = %+v, %v; want seq 10", cp, err)
		}
		if _, err := l.Checkpoint(ctxT(t)); err != nil {
			t.Errorf("second Checkpoint at the same head: %v", err)
		}
		if rep := mustVerify(t, l); rep.LastCheckpoint != 10 {
			t.Errorf("LastCheckpoint = %d, want 10", rep.LastCheckpoint)
		}
	})
}

func TestAppendRefused(t *testing.T) {
	d := backends[0].open(t)
	l := newLog(t, d, 0, nil)
	ok := audit.Entry{Actor: "user:ann", Action: audit.Login}
	tests := []struct {
		name string
		edit func(e *audit.Entry)
	}{
		{"unknown action", func(e *audit.Entry) { e.Action = "transcript.delete" }},
		{"empty actor", func(e *audit.Entry) { e.Actor = "" }},
		{"raw number as subject", func(e *audit.Entry) { e.Subject = "+442079460000" }},
		{"number in details", func(e *audit.Entry) { e.Details = map[string]any{"caller": "+44 20 7946 0000"} }},
		{"number with dots", func(e *audit.Entry) { e.Details = map[string]any{"caller": "020.7946.0000"} }},
		{"card in a list", func(e *audit.Entry) { e.Details = map[string]any{"x": []any{"4111111111111111"}} }},
		{"number in a key", func(e *audit.Entry) { e.Details = map[string]any{"07946000000": 1} }},
		{"unsupported type", func(e *audit.Entry) { e.Details = map[string]any{"t": time.Now()} }},
		{"long string", func(e *audit.Entry) { e.Details = map[string]any{"s": strings.Repeat("a", 300)} }},
	}
	for _, tc := range tests {
		e := ok
		tc.edit(&e)
		if _, err := l.Append(ctxT(t), e); err == nil {
			t.Errorf("%s: Append succeeded", tc.name)
		}
	}
	// Short digit runs, numbers and nested values are fine.
	e := ok
	e.Details = map[string]any{"deleted": 12345678, "class": "audio", "ttl": "720h0m0s", "by": map[string]any{"v": []string{"a", "12"}},
		"cutoff": "2025-03-01T12:00:00Z"}
	r, err := l.Append(ctxT(t), e)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	if r.Seq != 1 || r.Details != `{"by":{"v":["a","12"]},"class":"audio","cutoff":"2025-03-01T12:00:00Z","deleted":12345678,"ttl":"720h0m0s"}` {
		t.Errorf("record = seq %d details %s", r.Seq, r.Details)
	}
	for _, a := range []audit.Action{audit.TranscriptRead, audit.TranscriptReadRaw, audit.RecordingRead, audit.ConsentChange,
		audit.SubjectErase, audit.SubjectExport, audit.Login, audit.LoginFailed, audit.ConfigChange, audit.RetentionDelete, audit.KeyRotate} {
		if !a.Valid() {
			t.Errorf("%s is not valid", a)
		}
	}
}

// TestTamper edits every column of the first, a middle and the last record
// (each on a fresh log), deletes and reorders rows, all with raw SQL below
// the store, and checks that Verify names the seq.
func TestTamper(t *testing.T) {
	type edit struct {
		name string
		sql  func(seq int) string
		seq  func(seq int) int64 // the seq Verify must name
		kind audit.Kind
	}
	at := func(s int) int64 { return int64(s) }
	edits := []edit{
		{"seq", func(s int) string { return fmt.Sprintf(`UPDATE audit_log SET seq = seq + 1000 WHERE seq = %d`, s) }, at, audit.Missing},
		{"at", func(s int) string {
			return fmt.Sprintf(`UPDATE audit_log SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = %d`, s)
		}, at, audit.Edited},
		{"actor", func(s int) string {
			return fmt.Sprintf(`UPDATE audit_log SET actor = 'user:mallory' WHERE seq = %d`, s)
		}, at, audit.Edited},
		{"action", func(s int) string {
			return fmt.Sprintf(`UPDATE audit_log SET action = 'config.change' WHERE seq = %d`, s)
		}, at, audit.Edited},
		{"subject", func(s int) string { return fmt.Sprintf(`UPDATE audit_log SET subject = '' WHERE seq = %d`, s) }, at, audit.Edited},
		{"object", func(s int) string {
			return fmt.Sprintf(`UPDATE audit_log SET object = object || 'x' WHERE seq = %d`, s)
		}, at, audit.Edited},
		{"details", func(s int) string { return fmt.Sprintf(`UPDATE audit_log SET details = '{}' WHERE seq = %d`, s) }, at, audit.Edited},
		{"prev_hash", func(s int) string { return fmt.Sprintf(`UPDATE audit_log SET prev_hash = hash WHERE seq = %d`, s) }, at, audit.Edited},
		{"hash", func(s int) string { return fmt.Sprintf(`UPDATE audit_log SET hash = prev_hash WHERE seq = %d`, s) }, at, audit.Edited},
		{"delete", func(s int) string { return fmt.Sprintf(`DELETE FROM audit_log WHERE seq = %d`, s) }, at, audit.Missing},
	}
	forEachBackend(t, func(t *testing.T, b backend) {
		for _, e := range edits {
			for _, seq := range []int{1, 5, 10} {
				t.Run(fmt.Sprintf("%s/%d", e.name, seq), func(t *testing.T) {
					d := b.open(t)
					l := newLog(t, d, 4, nil)
					fill(t, l, 10)
					if _, err := l.Checkpoint(ctxT(t)); err != nil {
						t.Fatal(err)
					}
					mustVerify(t, l)
					d.exec(t, e.sql(seq))
					kind := e.kind
					if e.name == "delete" && seq == 10 || e.name == "seq" && seq == 10 {
						kind = "" // the tail: Missing or Truncated, both at 10
					}
					wantBroken(t, l, e.seq(seq), kind)
				})
			}
		}
		t.Run("reorder", func(t *testing.T) {
			d := b.open(t)
			l := newLog(t, d, 4, nil)
			fill(t, l, 10)
			d.exec(t, `UPDATE audit_log SET seq = -1 WHERE seq = 3`)
			d.exec(t, `UPDATE audit_log SET seq = 3 WHERE seq = 6`)
			d.exec(t, `UPDATE audit_log SET seq = 6 WHERE seq = -1`)
			wantBroken(t, l, 3, audit.Edited)
		})
		t.Run("delete the tail below a checkpoint", func(t *testing.T) {
			d := b.open(t)
			l := newLog(t, d, 4, nil)
			fill(t, l, 10) // checkpoints at 4 and 8
			d.exec(t, `DELETE FROM audit_log WHERE seq >= 7`)
			wantBroken(t, l, 7, audit.Truncated)
		})
		t.Run("rewrite the chain with fresh hashes", func(t *testing.T) {
			d := b.open(t)
			l := newLog(t, d, 4, nil)
			recs := fill(t, l, 10)
			// Change record 6 and recompute every hash after it, as
			// someone who knows the algorithm but not the signing key can.
			prev := recs[4].Hash
			for i := 5; i < 10; i++ {
				r := recs[i]
				if i == 5 {
					r.Actor = "user:mallory"
				}
				r.PrevHash = prev
				r.Hash = audit.Hash(r)
				prev = r.Hash
				d.exec(t, fmt.Sprintf(`UPDATE audit_log SET actor = '%s', prev_hash = %s, hash = %s WHERE seq = %d`,
					r.Actor, hexLit(b.name, r.PrevHash), hexLit(b.name, r.Hash), r.Seq))
			}
			wantBroken(t, l, 8, audit.BadCheckpoint)
		})
		t.Run("forged checkpoint", func(t *testing.T) {
			d := b.open(t)
			l := newLog(t, d, 4, nil)
			fill(t, l, 10)
			d.exec(t, `UPDATE audit_checkpoints SET signature = hash WHERE seq = 8`)
			wantBroken(t, l, 8, audit.BadCheckpoint)
		})
		t.Run("untrusted signer", func(t *testing.T) {
			d := b.open(t)
			fill(t, newLog(t, d, 4, nil), 5)
			other, err := audit.New(audit.Config{Store: d, SigningKey: signingKey(2)})
			if err != nil {
				t.Fatal(err)
			}
			wantBroken(t, other, 4, audit.BadCheckpoint)
			trusting, err := audit.New(audit.Config{Store: d, SigningKey: signingKey(2), TrustedKeys: []ed25519.PublicKey{signingKey(1).Public().(ed25519.PublicKey)}})
			if err != nil {
				t.Fatal(err)
			}
			mustVerify(t, trusting)
		})
		t.Run("witness catches deleted checkpoints", func(t *testing.T) {
			d := b.open(t)
			w := audit.NewFileWitness(filepath.Join(t.TempDir(), "keys", "audit-witness.json"))
			l := newLog(t, d, 4, w)
			fill(t, l, 10)
			if rep := mustVerify(t, l); rep.Witnessed != 8 {
				t.Fatalf("Witnessed = %d, want 8", rep.Witnessed)
			}
			d.exec(t, `DELETE FROM audit_log WHERE seq >= 6`)
			d.exec(t, `DELETE FROM audit_checkpoints WHERE seq >= 6`)
			wantBroken(t, l, 6, audit.Truncated)
			// Without the witness the cut is invisible: that is its job.
			mustVerify(t, newLog(t, d, 4, nil))
		})
	})
}

// hexLit writes bytes as a SQL literal of the backend.
func hexLit(backend string, b []byte) string {
	if backend == "sqlite" {
		return fmt.Sprintf("X'%x'", b)
	}
	return fmt.Sprintf(`'\x%x'::bytea`, b)
}

func TestPrune(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		d := b.open(t)
		l := newLog(t, d, 4, nil)
		recs := fill(t, l, 10) // one second apart; checkpoints at 4 and 8
		// Nothing is older than the first record: nothing to prune.
		if n, err := l.Prune(ctxT(t), "system:retention", recs[0].At); err != nil || n != 0 {
			t.Fatalf("Prune before the first record = %d, %v", n, err)
		}
		// Records up to 9 are older than record 10: prune through 8.
		n, err := l.Prune(ctxT(t), "system:retention", recs[9].At)
		if err != nil || n != 8 {
			t.Fatalf("Prune = %d, %v; want 8", n, err)
		}
		rep := mustVerify(t, l)
		if rep.First != 9 || rep.Last != 11 {
			t.Errorf("after prune report = %+v, want records 9 to 11 (11: the prune record)", rep)
		}
		left, err := d.AuditRecords(ctxT(t), 0, 10)
		if err != nil || len(left) != 3 || left[2].Action != string(audit.RetentionDelete) ||
			left[2].Details != `{"class":"audit","records":8,"through_seq":8}` {
			t.Errorf("records left = %+v, %v", left, err)
		}
		fill(t, l, 3)
		mustVerify(t, l)
	})
}

func TestPruneForged(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		// Deleting the head of the log down to a checkpoint, without the
		// prune record, is caught.
		d := b.open(t)
		l := newLog(t, d, 4, nil)
		fill(t, l, 10)
		d.exec(t, `DELETE FROM audit_log WHERE seq <= 4`)
		wantBroken(t, l, 4, audit.Missing)
		// So is deleting the anchor of a real prune.
		d2 := b.open(t)
		l2 := newLog(t, d2, 4, nil)
		recs := fill(t, l2, 10)
		if _, err := l2.Prune(ctxT(t), "system:retention", recs[9].At); err != nil {
			t.Fatal(err)
		}
		d2.exec(t, `DELETE FROM audit_checkpoints WHERE seq = 8`)
		wantBroken(t, l2, 8, audit.Missing)
	})
}

// TestConcurrentAppend appends from goroutines through two stores (two
// connection pools, as two processes have): the chain never forks.
func TestConcurrentAppend(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		d := b.open(t)
		second := openDB(t, d.url, d.dir)
		logs := []*audit.Log{newLog(t, d, 7, nil), newLog(t, second, 7, nil)}
		const writers, each = 6, 15
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					if _, err := logs[w%2].Append(ctxT(t), audit.Entry{Actor: fmt.Sprintf("user:%d", w), Action: audit.Login,
						Details: map[string]any{"i": i}}); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if rep := mustVerify(t, logs[0]); rep.Records != writers*each || rep.Last != writers*each {
			t.Errorf("report = %+v, want %d records", rep, writers*each)
		}
	})
}

// TestAppendTwoProcesses appends from this process and two child processes
// at once.
func TestAppendTwoProcesses(t *testing.T) {
	if os.Getenv("EARSHOT_AUDIT_CHILD") != "" {
		t.Skip("in a child process")
	}
	forEachBackend(t, func(t *testing.T, b backend) {
		d := b.open(t)
		const each = 40
		var cmds []*exec.Cmd
		for i := range 2 {
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildAppend$", "-test.count=1")
			cmd.Env = append(os.Environ(), "EARSHOT_AUDIT_CHILD="+strconv.Itoa(i), "EARSHOT_AUDIT_URL="+d.url,
				"EARSHOT_AUDIT_DIR="+d.dir, "EARSHOT_AUDIT_N="+strconv.Itoa(each))
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		l := newLog(t, d, 10, nil)
		for i := range each {
			if _, err := l.Append(ctxT(t), audit.Entry{Actor: "parent", Action: audit.Login, Details: map[string]any{"i": i}}); err != nil {
				t.Error(err)
			}
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("child: %v", err)
			}
		}
		rep := mustVerify(t, l)
		if rep.Records != 3*each {
			t.Errorf("records = %d, want %d", rep.Records, 3*each)
		}
		actors := map[string]int{}
		recs, err := d.AuditRecords(ctxT(t), 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			actors[r.Actor]++
		}
		if actors["parent"] != each || actors["child-0"] != each || actors["child-1"] != each {
			t.Errorf("records per process = %v", actors)
		}
	})
}

// TestChildAppend is the child of TestAppendTwoProcesses.
func TestChildAppend(t *testing.T) {
	child := os.Getenv("EARSHOT_AUDIT_CHILD")
	if child == "" {
		t.Skip("run by TestAppendTwoProcesses as a child process")
	}
	d := openDB(t, os.Getenv("EARSHOT_AUDIT_URL"), os.Getenv("EARSHOT_AUDIT_DIR"))
	n, _ := strconv.Atoi(os.Getenv("EARSHOT_AUDIT_N"))
	l := newLog(t, d, 10, nil)
	for i := range n {
		if _, err := l.Append(ctxT(t), audit.Entry{Actor: "child-" + child, Action: audit.Login, Details: map[string]any{"i": i}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSigningKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "audit.key")
	k1, err := audit.LoadSigningKey(path)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := audit.LoadSigningKey(path)
	if err != nil || !k1.Equal(k2) {
		t.Errorf("reloaded signing key differs (%v)", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if !strings.HasPrefix(audit.KeyID(k1.Public().(ed25519.PublicKey)), "ak-") {
		t.Error("KeyID has no ak- prefix")
	}
}

func TestFileWitness(t *testing.T) {
	w := audit.NewFileWitness(filepath.Join(t.TempDir(), "w.json"))
	if _, ok, err := w.Latest(ctxT(t)); ok || err != nil {
		t.Fatalf("Latest of a new witness = %v, %v", ok, err)
	}
	cp := store.AuditCheckpoint{Seq: 8, Hash: []byte{1, 2}, At: time.Date(2025, 1, 1, 0, 0, 0, 1000, time.UTC), KeyID: "ak-1", Signature: []byte{3}}
	if err := w.Publish(ctxT(t), cp); err != nil {
		t.Fatal(err)
	}
	older := cp
	older.Seq = 4
	if err := w.Publish(ctxT(t), older); err != nil {
		t.Fatal(err)
	}
	got, ok, err := w.Latest(ctxT(t))
	if err != nil || !ok || got.Seq != 8 || string(got.Hash) != "\x01\x02" || !got.At.Equal(cp.At) || got.KeyID != "ak-1" {
		t.Errorf("Latest = %+v, %v, %v; want the newer checkpoint", got, ok, err)
	}
}

// BenchmarkAppend measures appending one record, from one goroutine and
// from GOMAXPROCS goroutines, checkpointing every 1000.
func BenchmarkAppend(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			d := be.open(b)
			l := newLog(b, d, 0, nil)
			e := audit.Entry{Actor: "user:ann", Action: audit.TranscriptRead, Subject: subject(b, 1), Object: "call-1",
				Details: map[string]any{"view": "redacted"}}
			b.Run("serial", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := l.Append(b.Context(), e); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := l.Append(b.Context(), e); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		})
	}
}
