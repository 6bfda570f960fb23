package recording_test

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/retention"
	"github.com/earshot/earshot/policy/store"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

// TestRetentionDeletesRecordings runs the retention reaper with a fake
// clock over a real store and recorder: a recording is kept until the
// audio TTL has passed since it ended, then its file and row are deleted
// and the deletion audited.
func TestRetentionDeletesRecordings(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	tap := f.call(t, "c1")
	tap.SetOpen(true)
	feed(t, tap, 0, 3000, nil)
	if err := tap.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	ended := time.Now()
	log, err := audit.New(audit.Config{Store: f.db, SigningKey: ed25519.NewKeyFromSeed(make([]byte, 32))})
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: ended.Add(29 * 24 * time.Hour)}
	reaper, err := retention.New(retention.Config{Policy: retention.DefaultPolicy(), Store: f.db, Recordings: f.rec, Audit: log, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := reaper.Run(ctx); err != nil || res[retention.Audio] != 0 {
		t.Fatalf("day 29: %v, %v; want nothing deleted", res, err)
	}
	if countFiles(t, f.dir) != 1 {
		t.Fatal("recording deleted before its TTL")
	}
	clock.t = ended.Add(31 * 24 * time.Hour)
	res, err := reaper.Run(ctx)
	if err != nil || res[retention.Audio] != 1 {
		t.Fatalf("day 31: %v, %v; want one recording deleted", res, err)
	}
	if countFiles(t, f.dir) != 0 {
		t.Error("recording file left after its TTL")
	}
	if _, err := f.db.Recording(ctx, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("recording row after its TTL: %v", err)
	}
	recs, err := f.db.AuditRecords(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var audited bool
	for _, r := range recs {
		var d map[string]any
		if r.Action == string(audit.RetentionDelete) && json.Unmarshal([]byte(r.Details), &d) == nil && d["class"] == "audio" && d["deleted"] == float64(1) {
			audited = true
		}
	}
	if !audited {
		t.Error("the deletion is not audited")
	}
}
