package recording_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/recording"
	"github.com/earshot/earshot/policy/store"
)

const rate = 16000

type fixture struct {
	db      store.Database
	keys    *crypto.Keys
	rec     *recording.Recorder
	dir     string
	subject string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	root := t.TempDir()
	ctx := t.Context()
	db, err := store.OpenDatabase(ctx, "", filepath.Join(root, "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	vault, err := store.OpenVault(ctx, "", filepath.Join(root, "keys"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vault.Close() })
	keys := crypto.NewKeys(db, vault, crypto.NewKeyring(crypto.NewMasterKey(crypto.NewSecret())))
	dir := filepath.Join(root, "data", "recordings")
	rec, err := recording.New(recording.Options{Dir: dir, Keys: keys, Store: db})
	if err != nil {
		t.Fatal(err)
	}
	subject, err := crypto.NewPseudonymizer(crypto.NewSecret()).Phone("+4512345678")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, keys: keys, rec: rec, dir: dir, subject: subject}
}

func (f *fixture) call(t *testing.T, id string) *recording.Tap {
	t.Helper()
	if err := f.db.CreateCall(t.Context(), store.Call{ID: id, Channel: "sip", StartedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	tap, err := f.rec.NewTap(id, f.subject)
	if err != nil {
		t.Fatal(err)
	}
	return tap
}

// signal is a recognisable non-zero waveform: sample i is its own index
// (mod 30000) plus one, so any sample tells where in the call it was.
func signal(from, n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16((from+i)%30000 + 1)
	}
	return s
}

// feed writes seconds [from, to) of the signal in 20 ms frames, calling
// at(ms) before each frame.
func feed(t *testing.T, tap *recording.Tap, fromMS, toMS int, at func(ms int)) {
	t.Helper()
	for ms := fromMS; ms < toMS; ms += 20 {
		if at != nil {
			at(ms)
		}
		if err := tap.WritePCM(signal(ms*rate/1000, rate/50)); err != nil {
			t.Fatal(err)
		}
	}
}

// rawStored decrypts the file as stored, without applying the stored
// mutes: what the ciphertext holds.
func (f *fixture) rawStored(t *testing.T, callID string) []int16 {
	t.Helper()
	file, err := os.Open(filepath.Join(f.dir, callID+".rec"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	rd, err := f.keys.NewReader(t.Context(), f.subject, bufio.NewReader(file), []byte(callID))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rd)
	if err != nil && !errors.Is(err, crypto.ErrTruncated) {
		t.Fatal(err)
	}
	out := make([]int16, len(b)/2)
	for i := range out {
		out[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return out
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func TestClosedTapWritesNothing(t *testing.T) {
	f := newFixture(t)
	tap := f.call(t, "c1")
	feed(t, tap, 0, 3000, nil)
	if err := tap.Mute(t.Context(), "CARD_NUMBER", 100, 200); err != nil {
		t.Fatal(err)
	}
	if err := tap.Finish(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := countFiles(t, f.dir); n != 0 {
		t.Errorf("%d files in the recordings directory, want none", n)
	}
	if _, err := f.db.Recording(t.Context(), "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("recording row of a call without consent: err = %v", err)
	}
	if _, _, err := f.rec.ReadPCM(t.Context(), "c1"); !errors.Is(err, recording.ErrNotFound) {
		t.Errorf("ReadPCM: err = %v, want ErrNotFound", err)
	}
}

// TestGrantAndWithdraw: opened at 5 s and closed at 15 s, the recording
// holds exactly the audio of 5 s to 15 s, and the tap does not reopen.
func TestGrantAndWithdraw(t *testing.T) {
	f := newFixture(t)
	tap := f.call(t, "c1")
	feed(t, tap, 0, 20000, func(ms int) {
		switch ms {
		case 5000:
			tap.SetOpen(true)
			if err := tap.Prepare(t.Context()); err != nil {
				t.Fatal(err)
			}
		case 15000:
			tap.SetOpen(false)
		case 17000:
			tap.SetOpen(true) // withdrawn is final
		}
	})
	if tap.Recording() {
		t.Error("tap reopened after it was closed")
	}
	if err := tap.Finish(t.Context()); err != nil {
		t.Fatal(err)
	}
	pcm, info, err := f.rec.ReadPCM(t.Context(), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if info.OffsetMS != 5000 || info.DurationMS != 10000 || !info.Complete || info.EndedAt.IsZero() {
		t.Errorf("recording %+v, want offset 5000, duration 10000, complete", info.Recording)
	}
	if want := signal(5*rate, 10*rate); !slices16Equal(pcm, want) {
		t.Errorf("recorded %d samples starting %v, want the %d samples of 5 s to 15 s", len(pcm), pcm[:min(3, len(pcm))], len(want))
	}
	var b bytes.Buffer
	if _, err := f.rec.WriteWAV(t.Context(), "c1", &b); err != nil {
		t.Fatal(err)
	}
	a, err := wav.Read(&b)
	if err != nil || a.Rate != rate || len(a.Samples) != 10*rate {
		t.Errorf("WAV: %v, rate %d, %d samples", err, a.Rate, len(a.Samples))
	}
}

func slices16Equal(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// zeroRuns reports whether s[lo:hi] is all zero.
func allZero(s []int16) bool {
	for _, v := range s {
		if v != 0 {
			return false
		}
	}
	return true
}

// TestMuteBeforeStoring: a final that arrives while its audio is held
// mutes the stored audio itself; one that arrives after its audio was
// written is muted on read only, and counted late.
func TestMuteBeforeStoring(t *testing.T) {
	f := newFixture(t)
	tap := f.call(t, "c1")
	ctx := t.Context()
	tap.SetOpen(true)
	feed(t, tap, 0, 12000, func(ms int) {
		switch ms {
		case 2200:
			tap.Utterance(2000) // a partial: speech from 2 s
		case 6000:
			// The final, 4 s after the speech began: the card was 3-4 s.
			if err := tap.Mute(ctx, "CARD_NUMBER", 3000, 4000); err != nil {
				t.Fatal(err)
			}
			tap.EndUtterance()
		case 11000:
			// A final for 1-1.5 s, long written: late.
			if err := tap.Mute(ctx, "PHONE", 1000, 1500); err != nil {
				t.Fatal(err)
			}
		}
	})
	if err := tap.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if tap.Late() != 1 {
		t.Errorf("Late = %d, want 1", tap.Late())
	}
	stored := f.rawStored(t, "c1")
	ms := func(v int) int { return v * rate / 1000 }
	if !allZero(stored[ms(2850):ms(4150)]) {
		t.Error("the card span (padded 150 ms) is not silent in the stored audio")
	}
	if allZero(stored[ms(2000):ms(2800)]) || allZero(stored[ms(4200):ms(5000)]) {
		t.Error("audio around the card span was muted too")
	}
	if allZero(stored[ms(1000):ms(1500)]) {
		t.Error("late span silent in the stored audio: it was written before its final")
	}
	served, _, err := f.rec.ReadPCM(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if !allZero(served[ms(850):ms(1650)]) || !allZero(served[ms(2850):ms(4150)]) {
		t.Error("served audio not muted over both spans")
	}
	if allZero(served[ms(5000):ms(6000)]) {
		t.Error("served audio muted outside the spans")
	}
}

// TestMaxHold: an utterance that never gets its final is written as
// silence once held for MaxHold, and the span is stored as unresolved.
func TestMaxHold(t *testing.T) {
	f := newFixture(t)
	tap := f.call(t, "c1")
	ctx := t.Context()
	tap.SetOpen(true)
	feed(t, tap, 0, 20000, func(ms int) {
		if ms == 1000 {
			tap.Utterance(1000)
		}
	})
	if err := tap.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	stored := f.rawStored(t, "c1")
	if len(stored) != 20*rate {
		t.Fatalf("stored %d samples, want %d", len(stored), 20*rate)
	}
	if allZero(stored[:rate]) || !allZero(stored[rate:]) {
		t.Error("want the first second as spoken and the unresolved rest silent")
	}
	mutes, err := f.db.RecordingMutes(ctx, "c1")
	if err != nil || len(mutes) == 0 || mutes[0].Kind != recording.KindUnresolved || mutes[0].StartMS != 1000 {
		t.Errorf("mutes = %+v, %v; want unresolved from 1000 ms", mutes, err)
	}
}

func TestDiscard(t *testing.T) {
	f := newFixture(t)
	tap := f.call(t, "c1")
	ctx := t.Context()
	tap.SetOpen(true)
	feed(t, tap, 0, 5000, nil)
	if countFiles(t, f.dir) != 1 {
		t.Fatal("no recording file while recording")
	}
	tap.SetOpen(false)
	if err := tap.Discard(ctx); err != nil {
		t.Fatal(err)
	}
	feed(t, tap, 5000, 6000, nil)
	if err := tap.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countFiles(t, f.dir); n != 0 {
		t.Errorf("%d files after Discard", n)
	}
	if _, err := f.db.Recording(ctx, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("row after Discard: %v", err)
	}
}

// TestCrash: a recording whose tap never finished (the process died)
// reads up to its last sealed chunk, and holds no plaintext.
func TestCrash(t *testing.T) {
	f := newFixture(t)
	tap := f.call(t, "c1")
	tap.SetOpen(true)
	feed(t, tap, 0, 6000, nil)
	pcm, info, err := f.rec.ReadPCM(t.Context(), "c1")
	if err != nil {
		t.Fatal(err)
	}
	// 6 s fed, 2 s in the delay line, whole 1 s chunks sealed.
	if len(pcm) != 4*rate || info.Complete {
		t.Errorf("read %d samples (complete %v), want %d", len(pcm), info.Complete, 4*rate)
	}
	if !slices16Equal(pcm, signal(0, len(pcm))) {
		t.Error("crashed recording reads other audio")
	}
	raw, err := os.ReadFile(filepath.Join(f.dir, "c1.rec"))
	if err != nil {
		t.Fatal(err)
	}
	plain := make([]byte, 0, 64)
	for _, s := range signal(rate, 32) {
		plain = binary.LittleEndian.AppendUint16(plain, uint16(s))
	}
	if bytes.Contains(raw, plain) {
		t.Error("the file holds plaintext audio")
	}
}

// TestErasure: after the subject's key is destroyed nothing reads, and
// DeleteOf and DeleteBefore remove files and rows.
func TestErasure(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	for _, id := range []string{"c1", "c2"} {
		tap := f.call(t, id)
		tap.SetOpen(true)
		feed(t, tap, 0, 3000, nil)
		if err := tap.Finish(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := f.rec.DeleteBefore(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("DeleteBefore an hour ago = %d, %v", n, err)
	}
	if n, err := f.rec.DeleteBefore(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Errorf("DeleteBefore = %d, %v", n, err)
	}
	tap := f.call(t, "c3")
	tap.SetOpen(true)
	feed(t, tap, 0, 3000, nil)
	if err := tap.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.keys.DestroySubjectKey(ctx, f.subject); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.rec.ReadPCM(ctx, "c3"); !errors.Is(err, crypto.ErrKeyDestroyed) {
		t.Errorf("ReadPCM after erasure: err = %v, want ErrKeyDestroyed", err)
	}
	if n, err := f.rec.DeleteOf(ctx, f.subject); err != nil || n != 1 {
		t.Errorf("DeleteOf = %d, %v", n, err)
	}
	if n := countFiles(t, f.dir); n != 0 {
		t.Errorf("%d files left", n)
	}
}

func TestNewTapRefuses(t *testing.T) {
	f := newFixture(t)
	if _, err := f.rec.NewTap("../x", f.subject); err == nil {
		t.Error("a call ID with a path was accepted")
	}
	if _, err := f.rec.NewTap("c1", "+4512345678"); err == nil {
		t.Error("a raw number as subject was accepted")
	}
}

// TestLaggingMediaPath: when samples reach the tap later than they
// arrived (the recogniser pushes back), a grant and a withdrawal still
// cut the recording where they happened in the call, not where the
// processing was.
func TestLaggingMediaPath(t *testing.T) {
	f := newFixture(t)
	now := time.Unix(1_000_000, 0)
	rec, err := recording.New(recording.Options{Dir: f.dir, Keys: f.keys, Store: f.db, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	f.rec = rec
	tap := f.call(t, "c1") // answered now
	feed(t, tap, 0, 2000, nil)
	now = now.Add(5 * time.Second) // 3 s of backlog
	tap.SetOpen(true)
	feed(t, tap, 2000, 12000, nil)
	now = now.Add(10 * time.Second) // withdrawn at 15 s; processing at 12 s
	tap.SetOpen(false)
	if tap.Recording() {
		t.Error("tap still reports recording after the withdrawal")
	}
	feed(t, tap, 12000, 20000, nil)
	if err := tap.Finish(t.Context()); err != nil {
		t.Fatal(err)
	}
	pcm, info, err := f.rec.ReadPCM(t.Context(), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if info.OffsetMS != 5000 || info.DurationMS != 10000 || !slices16Equal(pcm, signal(5000*16, 10*rate)) {
		t.Errorf("recording offset %d ms, %d ms long; want 5000 ms and 10000 ms", info.OffsetMS, info.DurationMS)
	}
}
