package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/store"
)

// --- SubjectStore ---

func testCallSubjects(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	for i, id := range []string{"a2", "a1", "b1"} {
		mustCreate(t, db, call(id, at(i, 0)))
	}
	if err := db.SetCallSubject(ctx, "nope", "ps-a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("subject of an unknown call: err = %v, want ErrNotFound", err)
	}
	for id, s := range map[string]string{"a1": "ps-a", "a2": "ps-a", "b1": "ps-b"} {
		if err := db.SetCallSubject(ctx, id, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetCallSubject(ctx, "a1", "ps-b"); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second subject of a call: err = %v, want ErrDuplicate", err)
	}
	if err := db.SetCallSubject(ctx, "a1", ""); !isValidation(err) {
		t.Errorf("empty subject: err = %v, want a validation error", err)
	}
	if s, err := db.CallSubject(ctx, "a1"); err != nil || s != "ps-a" {
		t.Errorf("CallSubject(a1) = %q, %v", s, err)
	}
	mustCreate(t, db, call("none", at(9, 0)))
	if _, err := db.CallSubject(ctx, "none"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CallSubject of a call without one: err = %v, want ErrNotFound", err)
	}
	calls, err := db.CallsOf(ctx, "ps-a")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range calls {
		ids = append(ids, c.ID)
	}
	if want := []string{"a2", "a1"}; !slices.Equal(ids, want) {
		t.Errorf("CallsOf(ps-a) = %v, want %v (oldest first)", ids, want)
	}
	if calls, err := db.CallsOf(ctx, "ps-x"); err != nil || calls != nil {
		t.Errorf("CallsOf(unknown) = %v, %v; want nil, nil", calls, err)
	}

	// Erasure deletes the calls and what hangs under them.
	if err := db.AddRawSegment(ctx, store.RawSegment{CallID: "a1", Subject: "ps-a", Sealed: []byte{1}}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRecording(ctx, recording("a1", "ps-a", at(0, 1))); err != nil {
		t.Fatal(err)
	}
	n, err := db.DeleteCallsOf(ctx, "ps-a")
	if err != nil || n != 2 {
		t.Fatalf("DeleteCallsOf = %d, %v; want 2", n, err)
	}
	for _, id := range []string{"a1", "a2"} {
		if _, err := db.GetCall(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("call %s after DeleteCallsOf: err = %v", id, err)
		}
		if _, err := db.CallSubject(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("subject of %s after DeleteCallsOf: err = %v", id, err)
		}
	}
	if _, err := db.Recording(ctx, "a1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("recording after DeleteCallsOf: err = %v", err)
	}
	if s, err := db.CallSubject(ctx, "b1"); err != nil || s != "ps-b" {
		t.Errorf("another subject's call after DeleteCallsOf: %q, %v", s, err)
	}
}

// --- RecordingStore ---

func recording(callID, subject string, started time.Time) store.Recording {
	return store.Recording{CallID: callID, Subject: subject, File: callID + ".rec", SampleRate: 16000,
		OffsetMS: 5000, StartedAt: started}
}

func testRecordings(t *testing.T, db store.Database) {
	ctx := ctxT(t)
	for i, id := range []string{"c1", "c2", "c3"} {
		mustCreate(t, db, call(id, at(i, 0)))
	}
	if err := db.AddRecording(ctx, recording("nope", "ps-a", at(0, 0))); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("recording of an unknown call: err = %v, want ErrNotFound", err)
	}
	for _, bad := range []store.Recording{
		{CallID: "c1", Subject: "ps-a", File: "f", SampleRate: 16000},                                   // no start
		{CallID: "c1", Subject: "ps-a", SampleRate: 16000, StartedAt: at(0, 0)},                         // no file
		{CallID: "c1", File: "f", SampleRate: 16000, StartedAt: at(0, 0)},                               // no subject
		{CallID: "c1", Subject: "ps-a", File: "f", StartedAt: at(0, 0)},                                 // no rate
		{CallID: "c1", Subject: "ps-a", File: "f", SampleRate: 8000, OffsetMS: -1, StartedAt: at(0, 0)}, // negative
	} {
		if err := db.AddRecording(ctx, bad); !isValidation(err) {
			t.Errorf("AddRecording(%+v) err = %v, want a validation error", bad, err)
		}
	}
	r1 := recording("c1", "ps-a", at(0, 1))
	if err := db.AddRecording(ctx, r1); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRecording(ctx, r1); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second recording of a call: err = %v, want ErrDuplicate", err)
	}
	got, err := db.Recording(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	want := r1
	want.StartedAt = r1.StartedAt.UTC().Truncate(time.Microsecond)
	if got != want {
		t.Errorf("Recording = %+v, want %+v", got, want)
	}
	if _, err := db.Recording(ctx, "c2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Recording of a call without one: err = %v", err)
	}
	if err := db.FinishRecording(ctx, "c2", 1, true, at(1, 0)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FinishRecording without a recording: err = %v, want ErrNotFound", err)
	}
	if err := db.FinishRecording(ctx, "c1", 10000, true, at(5, 0)); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Recording(ctx, "c1")
	if got.DurationMS != 10000 || !got.Complete || !got.EndedAt.Equal(at(5, 0)) {
		t.Errorf("after FinishRecording: %+v", got)
	}
	r2 := recording("c2", "ps-a", at(1, 1))
	r3 := recording("c3", "ps-b", at(2, 1))
	for _, r := range []store.Recording{r2, r3} {
		if err := db.AddRecording(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.FinishRecording(ctx, "c3", 500, false, at(3, 0)); err != nil {
		t.Fatal(err)
	}
	of, err := db.RecordingsOf(ctx, "ps-a")
	if err != nil || len(of) != 2 || of[0].CallID != "c1" || of[1].CallID != "c2" {
		t.Errorf("RecordingsOf(ps-a) = %+v, %v", of, err)
	}
	// c2 has not ended; c3 ended at 3, c1 at 5.
	exp, err := db.RecordingsEndedBefore(ctx, at(10, 0), 10)
	if err != nil || len(exp) != 2 || exp[0].CallID != "c3" || exp[1].CallID != "c1" {
		t.Errorf("RecordingsEndedBefore(10) = %+v, %v; want c3, c1", exp, err)
	}
	if exp, err := db.RecordingsEndedBefore(ctx, at(4, 0), 10); err != nil || len(exp) != 1 || exp[0].CallID != "c3" {
		t.Errorf("RecordingsEndedBefore(4) = %+v, %v; want c3", exp, err)
	}
	if exp, err := db.RecordingsEndedBefore(ctx, at(10, 0), 1); err != nil || len(exp) != 1 {
		t.Errorf("RecordingsEndedBefore limit 1 = %+v, %v", exp, err)
	}

	mutes := []store.Mute{{StartMS: 7000, EndMS: 9000, Kind: "CARD_NUMBER"}, {StartMS: 6000, EndMS: 6500, Kind: "dtmf"}}
	if err := db.AddRecordingMutes(ctx, "c1", mutes); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRecordingMutes(ctx, "nope", mutes); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("mutes of an unknown recording: err = %v, want ErrNotFound", err)
	}
	if err := db.AddRecordingMutes(ctx, "c1", []store.Mute{{StartMS: 5, EndMS: 4, Kind: "x"}}); !isValidation(err) {
		t.Errorf("backwards mute: err = %v, want a validation error", err)
	}
	gotM, err := db.RecordingMutes(ctx, "c1")
	if want := []store.Mute{mutes[1], mutes[0]}; err != nil || !slices.Equal(gotM, want) {
		t.Errorf("RecordingMutes = %+v, %v; want %+v", gotM, err, want)
	}
	if ok, err := db.DeleteRecording(ctx, "c1"); err != nil || !ok {
		t.Errorf("DeleteRecording = %v, %v", ok, err)
	}
	if ok, err := db.DeleteRecording(ctx, "c1"); err != nil || ok {
		t.Errorf("DeleteRecording twice = %v, %v; want false", ok, err)
	}
	if m, err := db.RecordingMutes(ctx, "c1"); err != nil || len(m) != 0 {
		t.Errorf("mutes after DeleteRecording = %+v, %v", m, err)
	}
	// Deleting a call deletes its recording row.
	if n, err := db.DeleteCallsEndedBefore(ctx, at(100, 0), 10); err != nil || n != 0 {
		t.Fatalf("no call has ended: %d, %v", n, err)
	}
	if err := db.EndCall(ctx, "c3", at(3, 0), "bye"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.DeleteCallsEndedBefore(ctx, at(100, 0), 10); err != nil || n != 1 {
		t.Fatalf("DeleteCallsEndedBefore = %d, %v", n, err)
	}
	if _, err := db.Recording(ctx, "c3"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("recording of a deleted call: err = %v", err)
	}
}
