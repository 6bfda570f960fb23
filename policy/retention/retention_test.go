package retention_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/retention"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
)

const day = 24 * time.Hour

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

type backend struct {
	name string
	open func(t testing.TB) store.Database
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

var backends = []backend{
	{"sqlite", func(t testing.TB) store.Database { return openDB(t, "", t.TempDir()) }},
	{"postgres", func(t testing.TB) store.Database { return openDB(t, storetest.PostgresURL(t), "") }},
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// recordings is a recording store on disk: one file per call, deleted
// once its call ended before the cutoff.
type recordings struct {
	dir   string
	ended map[string]time.Time // zero: live
}

func (r *recordings) path(callID string) string { return filepath.Join(r.dir, callID+".rec") }

func (r *recordings) DeleteBefore(_ context.Context, cutoff time.Time) (int64, error) {
	var n int64
	for id, ended := range r.ended {
		if ended.IsZero() || !ended.Before(cutoff) {
			continue
		}
		err := os.Remove(r.path(id))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

var now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// fixture fills a database with calls of assorted ages.
type fixture struct {
	db   store.Database
	log  *audit.Log
	recs *recordings
	clk  *clock
}

func newFixture(t *testing.T, db store.Database) *fixture {
	ctx := ctxT(t)
	clk := &clock{t: now.Add(-7 * 365 * day)}
	log, err := audit.New(audit.Config{Store: db, SigningKey: ed25519.NewKeyFromSeed(make([]byte, 32)), CheckpointEvery: 5, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	// Five audit records seven years ago (checkpoint at 5), then today.
	for range 5 {
		if _, err := log.Append(ctx, audit.Entry{Actor: "user:ann", Action: audit.Login}); err != nil {
			t.Fatal(err)
		}
	}
	clk.Set(now)
	f := &fixture{db: db, log: log, recs: &recordings{dir: t.TempDir(), ended: map[string]time.Time{}}, clk: clk}
	calls := []struct {
		id  string
		age time.Duration
		end bool
	}{
		{"old", 400 * day, true}, {"mid", 100 * day, true}, {"recent", 10 * day, true},
		{"fresh", 1 * day, true}, {"live", 400 * day, false},
	}
	for _, c := range calls {
		call := store.Call{ID: c.id, Channel: "sip", StartedAt: now.Add(-c.age)}
		if c.end {
			call.EndedAt, call.EndReason = call.StartedAt.Add(10*time.Minute), "bye"
			f.recs.ended[c.id] = call.EndedAt
		} else {
			f.recs.ended[c.id] = time.Time{}
		}
		if err := db.CreateCall(ctx, call); err != nil {
			t.Fatal(err)
		}
		for seq := range 2 {
			if err := db.AddSegment(ctx, store.Segment{CallID: c.id, Seq: seq, Redacted: redact.Restore("hello", nil)}); err != nil {
				t.Fatal(err)
			}
			if err := db.AddRawSegment(ctx, store.RawSegment{CallID: c.id, Seq: seq, Subject: "ps-x", Sealed: []byte{1}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.AddConsentChange(ctx, store.ConsentChange{CallID: c.id, Seq: 1, Subject: "ps-x", State: "granted",
			Method: "dtmf", Actor: "ivr", At: call.StartedAt}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f.recs.path(c.id), []byte("ciphertext"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) reaper(t *testing.T, p retention.Policy) *retention.Reaper {
	r, err := retention.New(retention.Config{Policy: p, Store: f.db, Recordings: f.recs, Audit: f.log, Clock: f.clk, BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *fixture) left(t *testing.T) string {
	ctx := ctxT(t)
	var out []string
	for _, id := range []string{"old", "mid", "recent", "fresh", "live"} {
		segs, err := f.db.Segments(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			out = append(out, id+":gone")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, err := f.db.RawSegments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		_, ferr := os.Stat(f.recs.path(id))
		out = append(out, fmt.Sprintf("%s:%d/%d/%v", id, len(segs), len(raw), ferr == nil))
	}
	return strings.Join(out, " ")
}

func retentionRecords(t *testing.T, db store.Database) map[string]map[string]any {
	recs, err := db.AuditRecords(ctxT(t), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, r := range recs {
		if r.Action != string(audit.RetentionDelete) {
			continue
		}
		var d map[string]any
		if err := json.Unmarshal([]byte(r.Details), &d); err != nil {
			t.Fatal(err)
		}
		if r.Subject != "" || r.Object != "" || r.Actor != "system:retention" {
			t.Errorf("retention record %+v carries a subject or object", r)
		}
		out[d["class"].(string)] = d
	}
	return out
}

func TestReaper(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, b.open(t))
			r := f.reaper(t, retention.DefaultPolicy())
			const before = "old:2/2/true mid:2/2/true recent:2/2/true fresh:2/2/true live:2/2/true"
			if got := f.left(t); got != before {
				t.Fatalf("fixture = %s", got)
			}
			res, err := r.Run(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			want := retention.Result{
				retention.RawTranscript:      8, // old, mid, recent, live: older than 7 days
				retention.Audio:              2, // old, mid: ended more than 30 days ago
				retention.RedactedTranscript: 6, // old, mid, live: older than 90 days
				retention.CallMetadata:       2, // old (ended over a year ago) and its consent change
				retention.Audit:              5, // the records of seven years ago, through checkpoint 5
			}
			if fmt.Sprint(res) != fmt.Sprint(want) {
				t.Errorf("Run = %v, want %v", res, want)
			}
			if got, want := f.left(t), "old:gone mid:0/0/false recent:2/0/true fresh:2/2/true live:0/0/true"; got != want {
				t.Errorf("left = %s, want %s", got, want)
			}
			// The live call is kept though it started long ago.
			if _, err := f.db.GetCall(ctxT(t), "live"); err != nil {
				t.Errorf("live call: %v", err)
			}
			consent, err := f.db.ConsentChangesOf(ctxT(t), "ps-x")
			if err != nil || len(consent) != 4 {
				t.Errorf("consent changes left = %d, %v; want 4", len(consent), err)
			}

			recs := retentionRecords(t, f.db)
			if len(recs) != 5 {
				t.Fatalf("retention records for %d classes, want 5: %v", len(recs), recs)
			}
			if d := recs["raw_transcript"]; d["deleted"] != 8.0 || d["ttl"] != "168h0m0s" || d["cutoff"] != "2025-05-25T00:00:00Z" {
				t.Errorf("raw_transcript record = %v", d)
			}
			if d := recs["call_metadata"]; d["calls"] != 1.0 || d["consent_changes"] != 1.0 || d["deleted"] != 2.0 {
				t.Errorf("call_metadata record = %v", d)
			}
			if d := recs["audit"]; d["through_seq"] != 5.0 {
				t.Errorf("audit prune record = %v", d)
			}
			if _, err := f.log.Verify(ctxT(t)); err != nil {
				t.Errorf("audit log after retention: %v", err)
			}

			// A second pass finds nothing and records nothing.
			n := auditCount(t, f.db)
			res, err = r.Run(ctxT(t))
			if err != nil || len(res) != 0 {
				t.Errorf("second Run = %v, %v; want nothing", res, err)
			}
			if auditCount(t, f.db) != n {
				t.Error("a pass that deleted nothing wrote audit records")
			}

			// A year later everything ended is gone; the live call stays.
			f.clk.Set(now.Add(366 * day))
			if _, err := r.Run(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			if got, want := f.left(t), "old:gone mid:gone recent:gone fresh:gone live:0/0/true"; got != want {
				t.Errorf("a year later left = %s, want %s", got, want)
			}
		})
	}
}

func auditCount(t *testing.T, db store.Database) int {
	recs, err := db.AuditRecords(ctxT(t), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

func TestReaperKeepsForever(t *testing.T) {
	t.Parallel()
	f := newFixture(t, backends[0].open(t))
	r := f.reaper(t, retention.Policy{retention.Audio: 30 * day})
	res, err := r.Run(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res) != fmt.Sprint(retention.Result{retention.Audio: 2}) {
		t.Errorf("Run = %v, want only audio", res)
	}
	if got, want := f.left(t), "old:2/2/false mid:2/2/false recent:2/2/true fresh:2/2/true live:2/2/true"; got != want {
		t.Errorf("left = %s, want %s", got, want)
	}
}

func TestReaperErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, backends[0].open(t))
	r, err := retention.New(retention.Config{Policy: retention.DefaultPolicy(), Store: f.db, Audit: f.log, Clock: f.clk,
		Recordings: retention.DeleterFunc(func(context.Context, time.Time) (int64, error) { return 1, errors.New("disk gone") })})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(ctxT(t))
	if err == nil || !strings.Contains(err.Error(), "audio") || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("Run err = %v, want the audio failure", err)
	}
	if res[retention.RawTranscript] != 8 || res[retention.Audio] != 1 {
		t.Errorf("Run = %v: the other classes must still run, and partial counts be kept", res)
	}
	if _, ok := retentionRecords(t, f.db)["audio"]; !ok {
		t.Error("the audio deletions that happened were not audited")
	}
	if _, err := retention.New(retention.Config{Policy: retention.DefaultPolicy()}); err == nil {
		t.Error("New without a store succeeded")
	}
	if _, err := retention.New(retention.Config{Policy: retention.Policy{retention.Audit: -1}, Store: f.db, Audit: f.log}); err == nil {
		t.Error("New with a negative TTL succeeded")
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		cfg     map[string]string
		want    map[retention.Class]time.Duration
		wantErr string
	}{
		{cfg: nil, want: retention.DefaultPolicy()},
		{cfg: map[string]string{"audio": "14d", "raw_transcript": "36h"},
			want: map[retention.Class]time.Duration{retention.Audio: 14 * day, retention.RawTranscript: 36 * time.Hour}},
		{cfg: map[string]string{"audit": "0"}, want: map[retention.Class]time.Duration{retention.Audit: 0}},
		{cfg: map[string]string{"audio": "0"}, wantErr: "make call_metadata 0"},
		{cfg: map[string]string{"redacted_transcript": "400d"}, wantErr: "outlives call_metadata"},
		{cfg: map[string]string{"call_metadata": "0", "audio": "0", "raw_transcript": "0", "redacted_transcript": "0", "quality_stats": "0"},
			want: map[retention.Class]time.Duration{retention.CallMetadata: 0, retention.Audio: 0}},
		{cfg: map[string]string{"video": "1d"}, wantErr: "unknown data class"},
		{cfg: map[string]string{"audio": "a month"}, wantErr: "want a Go duration"},
		{cfg: map[string]string{"audio": "-5h"}, wantErr: "want a Go duration"},
		{cfg: map[string]string{"audio": "-5d"}, wantErr: "want a Go duration"},
	}
	for _, tc := range tests {
		p, err := retention.ParsePolicy(tc.cfg)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParsePolicy(%v) err = %v, want %q", tc.cfg, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePolicy(%v): %v", tc.cfg, err)
			continue
		}
		for c, ttl := range tc.want {
			if p[c] != ttl {
				t.Errorf("ParsePolicy(%v)[%s] = %v, want %v", tc.cfg, c, p[c], ttl)
			}
		}
	}
	if err := retention.DefaultPolicy().Validate(); err != nil {
		t.Errorf("the default policy is invalid: %v", err)
	}
}

// fakeStore counts passes; it has nothing to delete.
type fakeStore struct{ calls atomic.Int64 }

func (f *fakeStore) DeleteCallsEndedBefore(context.Context, time.Time, int) (int64, error) {
	f.calls.Add(1)
	return 0, nil
}
func (f *fakeStore) DeleteSegmentsBefore(context.Context, time.Time, int) (int64, error) {
	return 0, nil
}
func (f *fakeStore) DeleteRawSegmentsBefore(context.Context, time.Time, int) (int64, error) {
	return 0, nil
}
func (f *fakeStore) DeleteConsentBefore(context.Context, time.Time, int) (int64, error) {
	return 0, nil
}

type fakeAudit struct{}

func (fakeAudit) Append(context.Context, audit.Entry) (store.AuditRecord, error) {
	return store.AuditRecord{}, nil
}
func (fakeAudit) Prune(context.Context, string, time.Time) (int64, error) { return 0, nil }

func TestLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &fakeStore{}
		r, err := retention.New(retention.Config{Policy: retention.DefaultPolicy(), Store: st, Audit: fakeAudit{}})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		reports := 0
		loop := r.Start(time.Hour, func(retention.Result, error) {
			mu.Lock()
			reports++
			mu.Unlock()
		})
		synctest.Wait()
		mu.Lock()
		if reports != 1 || st.calls.Load() != 1 {
			t.Errorf("at start: %d reports, %d passes; want 1 and 1", reports, st.calls.Load())
		}
		mu.Unlock()
		time.Sleep(3*time.Hour + time.Minute)
		synctest.Wait()
		mu.Lock()
		if reports != 4 {
			t.Errorf("after 3 hours: %d reports, want 4", reports)
		}
		mu.Unlock()
		loop.Stop()
		loop.Stop()
		time.Sleep(5 * time.Hour)
		synctest.Wait()
		if n := st.calls.Load(); n != 4 {
			t.Errorf("passes after Stop: %d, want 4", n)
		}
	})
}
