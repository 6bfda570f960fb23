// Package storetest is the contract test suite of store.Store: every
// backend must pass Run, and RunDatabase and RunVault for the policy
// sub-stores. It also provides PostgresURL, which gives a test a private
// PostgreSQL schema, for other packages whose stores live in PostgreSQL
// too.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
)

// Run runs the contract suite. Each subtest calls open for a fresh, empty
// store, which open must close in a t.Cleanup; subtests run in parallel.
// Every subtest closes its store early once (Close must be idempotent).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"CallRoundTrip", testCallRoundTrip},
		{"CreateCallDuplicate", testCreateCallDuplicate},
		{"CreateCallInvalid", testCreateCallInvalid},
		{"GetCallUnknown", testGetCallUnknown},
		{"EndCall", testEndCall},
		{"ListCalls", testListCalls},
		{"SegmentsRoundTrip", testSegmentsRoundTrip},
		{"SegmentErrors", testSegmentErrors},
		{"SegmentsPerCall", testSegmentsPerCall},
		{"Settings", testSettings},
		{"ConcurrentAddSegment", testConcurrentAddSegment},
		{"ConcurrentDuplicateSegment", testConcurrentDuplicateSegment},
		{"ConcurrentEndCall", testConcurrentEndCall},
		{"CancelledContext", testCancelledContext},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			tc.fn(t, s)
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if err := s.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// at is a fixed instant with nanoseconds, in a non-UTC zone, so tests see
// both the truncation and the conversion to UTC.
func at(sec int, nsec int) time.Time {
	zone := time.FixedZone("UTC+2", 2*3600)
	return time.Date(2025, time.March, 30, 1, 59, 0, 0, zone).Add(time.Duration(sec)*time.Second + time.Duration(nsec))
}

// stored is what a time should read back as.
func stored(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

func sameCall(t *testing.T, got, want store.Call) {
	t.Helper()
	want.StartedAt = stored(want.StartedAt)
	want.EndedAt = stored(want.EndedAt)
	if got.ID != want.ID || got.Channel != want.Channel || got.Route != want.Route ||
		got.Codec != want.Codec || got.EndReason != want.EndReason {
		t.Errorf("call = %+v, want %+v", got, want)
	}
	for _, tm := range []struct {
		name      string
		got, want time.Time
	}{{"StartedAt", got.StartedAt, want.StartedAt}, {"EndedAt", got.EndedAt, want.EndedAt}} {
		if !tm.got.Equal(tm.want) {
			t.Errorf("call %s %s = %v, want %v", got.ID, tm.name, tm.got, tm.want)
		}
		if !tm.got.IsZero() && tm.got.Location() != time.UTC {
			t.Errorf("call %s %s location = %v, want UTC", got.ID, tm.name, tm.got.Location())
		}
	}
}

func mustCreate(t *testing.T, s store.Store, c store.Call) {
	t.Helper()
	if err := s.CreateCall(ctxT(t), c); err != nil {
		t.Fatalf("CreateCall(%s): %v", c.ID, err)
	}
}

func call(id string, started time.Time) store.Call {
	return store.Call{ID: id, Channel: "sip", Route: "support", Codec: "PCMU", StartedAt: started}
}

func testCallRoundTrip(t *testing.T, s store.Store) {
	tests := []store.Call{
		{ID: "live", Channel: "sip", Route: "sales", Codec: "PCMU", StartedAt: at(0, 123456789)},
		{ID: "ended", Channel: "webrtc", Route: "", Codec: "opus", StartedAt: at(1, 0), EndedAt: at(61, 999999999), EndReason: "bye"},
		{ID: "ünïcødé-☎", Channel: "file", Route: "ルート", Codec: "G722", StartedAt: at(2, 1000)},
		{ID: "utc", Channel: "sip", StartedAt: time.Date(2024, 2, 29, 23, 59, 59, 999_999_000, time.UTC)},
		{ID: "old", Channel: "sip", StartedAt: time.Date(1970, 1, 1, 0, 0, 0, 1000, time.UTC)},
		{ID: "year-1", Channel: "sip", StartedAt: time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC)},
		{ID: "year-9999", Channel: "sip", StartedAt: time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)},
	}
	for _, c := range tests {
		mustCreate(t, s, c)
	}
	for _, want := range tests {
		got, err := s.GetCall(ctxT(t), want.ID)
		if err != nil {
			t.Fatalf("GetCall(%s): %v", want.ID, err)
		}
		sameCall(t, got, want)
	}
}

func testCreateCallDuplicate(t *testing.T, s store.Store) {
	orig := call("c1", at(0, 0))
	mustCreate(t, s, orig)
	dup := call("c1", at(100, 0))
	dup.Route = "other"
	err := s.CreateCall(ctxT(t), dup)
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second CreateCall err = %v, want ErrDuplicate", err)
	}
	got, err := s.GetCall(ctxT(t), "c1")
	if err != nil {
		t.Fatal(err)
	}
	sameCall(t, got, orig)
}

func testCreateCallInvalid(t *testing.T, s store.Store) {
	tests := []struct {
		name string
		c    store.Call
	}{
		{"empty ID", call("", at(0, 0))},
		{"zero start", call("x", time.Time{})},
		{"NUL in ID", call("a\x00b", at(0, 0))},
		{"invalid UTF-8 route", store.Call{ID: "x", Route: "\xff\xfe", StartedAt: at(0, 0)}},
		{"year 10000", call("y", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"negative year end", store.Call{ID: "z", StartedAt: at(0, 0), EndedAt: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tc := range tests {
		err := s.CreateCall(ctxT(t), tc.c)
		if err == nil {
			t.Errorf("%s: CreateCall succeeded, want an error", tc.name)
			continue
		}
		if errors.Is(err, store.ErrDuplicate) || errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: err = %v, want a validation error", tc.name, err)
		}
	}
	calls, err := s.ListCalls(ctxT(t), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("invalid calls were stored: %+v", calls)
	}
}

func testGetCallUnknown(t *testing.T, s store.Store) {
	mustCreate(t, s, call("known", at(0, 0)))
	for _, id := range []string{"unknown", "", "KNOWN", "known "} {
		if _, err := s.GetCall(ctxT(t), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetCall(%q) err = %v, want ErrNotFound", id, err)
		}
	}
}

func testEndCall(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	c := call("c1", at(0, 0))
	mustCreate(t, s, c)

	if err := s.EndCall(ctx, "nope", at(5, 0), "bye"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("EndCall(unknown) err = %v, want ErrNotFound", err)
	}
	if err := s.EndCall(ctx, "c1", time.Time{}, "bye"); err == nil {
		t.Error("EndCall with a zero time succeeded")
	}
	got, err := s.GetCall(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.EndedAt.IsZero() || got.EndReason != "" {
		t.Fatalf("call ended by failed EndCalls: %+v", got)
	}

	if err := s.EndCall(ctx, "c1", at(30, 5555), "bye"); err != nil {
		t.Fatalf("EndCall: %v", err)
	}
	c.EndedAt, c.EndReason = at(30, 5555), "bye"
	got, err = s.GetCall(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	sameCall(t, got, c)

	// A second end (an idempotent Close, a late timer) keeps the first.
	if err := s.EndCall(ctx, "c1", at(90, 0), "timeout"); err != nil {
		t.Fatalf("second EndCall: %v", err)
	}
	got, err = s.GetCall(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	sameCall(t, got, c)
}

func ids(calls []store.Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.ID
	}
	return out
}

func testListCalls(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	if calls, err := s.ListCalls(ctx, 10); err != nil || len(calls) != 0 {
		t.Fatalf("ListCalls on an empty store = %v, %v; want none", ids(calls), err)
	}
	// Inserted out of order; "b" and "c" start at the same microsecond
	// (their nanoseconds differ only below the stored precision), so the ID
	// breaks the tie.
	for _, c := range []store.Call{
		call("a", at(10, 0)),
		call("d", at(40, 0)),
		call("b", at(20, 100)),
		call("c", at(20, 900)),
		call("e", at(-3600*24*365, 0)),
	} {
		mustCreate(t, s, c)
	}
	if err := s.EndCall(ctx, "d", at(50, 0), "bye"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		limit int
		want  []string
	}{
		{10, []string{"d", "c", "b", "a", "e"}},
		{5, []string{"d", "c", "b", "a", "e"}},
		{3, []string{"d", "c", "b"}},
		{1, []string{"d"}},
		{0, []string{}},
	}
	for _, tc := range tests {
		calls, err := s.ListCalls(ctx, tc.limit)
		if err != nil {
			t.Fatalf("ListCalls(%d): %v", tc.limit, err)
		}
		if got := ids(calls); !slices.Equal(got, tc.want) {
			t.Errorf("ListCalls(%d) = %v, want %v", tc.limit, got, tc.want)
		}
	}
	calls, err := s.ListCalls(ctx, 1)
	if err != nil || len(calls) != 1 {
		t.Fatalf("ListCalls(1) = %v, %v", ids(calls), err)
	}
	want := call("d", at(40, 0))
	want.EndedAt, want.EndReason = at(50, 0), "bye"
	sameCall(t, calls[0], want)

	if _, err := s.ListCalls(ctx, -1); err == nil {
		t.Error("ListCalls(-1) succeeded, want an error")
	}
}

// seg builds a segment from text that is already redacted, with its
// entities, the way the store reads one back.
func seg(callID string, seq int, text string, ents ...redact.Entity) store.Segment {
	return store.Segment{
		CallID:   callID,
		Seq:      seq,
		StartMS:  int64(seq) * 1000,
		EndMS:    int64(seq)*1000 + 900,
		Redacted: redact.Restore(text, ents),
	}
}

// card returns text containing a [CARD_NUMBER] label and its entity.
func card(prefix, suffix string) (string, redact.Entity) {
	const label = "[CARD_NUMBER]"
	return prefix + label + suffix, redact.Entity{Type: "CARD_NUMBER", Start: len(prefix), End: len(prefix) + len(label)}
}

// sameSegment reports whether two segments are equal, treating nil and
// empty entity lists alike.
func sameSegment(a, b store.Segment) bool {
	return a.CallID == b.CallID && a.Seq == b.Seq && a.StartMS == b.StartMS && a.EndMS == b.EndMS &&
		a.Redacted.Text() == b.Redacted.Text() && slices.Equal(a.Redacted.Entities(), b.Redacted.Entities())
}

func checkSegments(t *testing.T, s store.Store, callID string, want []store.Segment) {
	t.Helper()
	got, err := s.Segments(ctxT(t), callID)
	if err != nil {
		t.Fatalf("Segments(%s): %v", callID, err)
	}
	if len(got) != len(want) {
		t.Fatalf("Segments(%s) returned %d segments, want %d", callID, len(got), len(want))
	}
	for i := range want {
		if !sameSegment(got[i], want[i]) {
			t.Errorf("Segments(%s)[%d] = %s, want %s", callID, i, fmtSeg(got[i]), fmtSeg(want[i]))
		}
	}
}

func fmtSeg(s store.Segment) string {
	return fmt.Sprintf("{%s #%d %d-%dms %q %v}", s.CallID, s.Seq, s.StartMS, s.EndMS, s.Redacted.Text(), s.Redacted.Entities())
}

func testSegmentsRoundTrip(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	mustCreate(t, s, call("c1", at(0, 0)))
	if segs, err := s.Segments(ctx, "c1"); err != nil || len(segs) != 0 {
		t.Fatalf("Segments of a call with none = %d segments, %v; want 0, nil", len(segs), err)
	}

	text1, ent1 := card("my card is ", "")
	text2, ent2 := card("ça coûte 5 € — ", " ✓")
	name := redact.Entity{Type: "PERSON", Start: 0, End: len("[PERSON]")}
	want := []store.Segment{
		seg("c1", 0, "hello, how can I help?"),
		seg("c1", 1, text1, ent1),
		seg("c1", 2, text2, ent2),
		seg("c1", 3, "[PERSON] here, "+text1, name, redact.Entity{Type: "CARD_NUMBER", Start: ent1.Start + len("[PERSON] here, "), End: ent1.End + len("[PERSON] here, ")}),
		seg("c1", 4, ""),
		seg("c1", 1<<40, `quotes " and \ and '; DROP TABLE calls; --`),
	}
	want[4].StartMS, want[4].EndMS = 0, 0
	// Insert out of order: reading back sorts by Seq.
	for _, i := range []int{2, 0, 5, 3, 1, 4} {
		if err := s.AddSegment(ctx, want[i]); err != nil {
			t.Fatalf("AddSegment(%s): %v", fmtSeg(want[i]), err)
		}
	}
	checkSegments(t, s, "c1", want)
	// The segments survive the call ending.
	if err := s.EndCall(ctx, "c1", at(60, 0), "bye"); err != nil {
		t.Fatal(err)
	}
	checkSegments(t, s, "c1", want)
}

func testSegmentErrors(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	mustCreate(t, s, call("c1", at(0, 0)))
	orig := seg("c1", 7, "first")
	if err := s.AddSegment(ctx, orig); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		seg  store.Segment
		want error // nil: any error that is neither sentinel
	}{
		{"unknown call", seg("nope", 0, "hi"), store.ErrNotFound},
		{"duplicate seq", seg("c1", 7, "second"), store.ErrDuplicate},
		{"empty call ID", seg("", 0, "hi"), nil},
		{"negative seq", seg("c1", -1, "hi"), nil},
		{"NUL in text", seg("c1", 8, "a\x00b"), nil},
		{"invalid UTF-8 text", seg("c1", 9, "\xc3\x28"), nil},
	}
	for _, tc := range tests {
		err := s.AddSegment(ctx, tc.seg)
		switch {
		case err == nil:
			t.Errorf("%s: AddSegment succeeded, want an error", tc.name)
		case tc.want != nil && !errors.Is(err, tc.want):
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		case tc.want == nil && (errors.Is(err, store.ErrDuplicate) || errors.Is(err, store.ErrNotFound)):
			t.Errorf("%s: err = %v, want a validation error", tc.name, err)
		}
	}
	checkSegments(t, s, "c1", []store.Segment{orig})
	if _, err := s.Segments(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Segments(unknown) err = %v, want ErrNotFound", err)
	}
}

func testSegmentsPerCall(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	want := map[string][]store.Segment{}
	for _, id := range []string{"a", "b", "ab"} {
		mustCreate(t, s, call(id, at(0, 0)))
		for seq := range 3 {
			sg := seg(id, seq, fmt.Sprintf("%s says %d", id, seq))
			if err := s.AddSegment(ctx, sg); err != nil {
				t.Fatal(err)
			}
			want[id] = append(want[id], sg)
		}
	}
	for id, w := range want {
		checkSegments(t, s, id, w)
	}
}

func testSettings(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	if _, err := s.Setting(ctx, "admin_token_hash"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Setting(unset) err = %v, want ErrNotFound", err)
	}
	steps := []struct{ key, value string }{
		{"admin_token_hash", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"},
		{"empty", ""},
		{"multi\nline", "a\nb\tc ☎"},
		{"admin_token_hash", "replaced"},
	}
	want := map[string]string{}
	for _, st := range steps {
		if err := s.SetSetting(ctx, st.key, st.value); err != nil {
			t.Fatalf("SetSetting(%q): %v", st.key, err)
		}
		want[st.key] = st.value
	}
	for k, v := range want {
		got, err := s.Setting(ctx, k)
		if err != nil || got != v {
			t.Errorf("Setting(%q) = %q, %v; want %q", k, got, err, v)
		}
	}
	if err := s.SetSetting(ctx, "", "x"); err == nil {
		t.Error("SetSetting with an empty key succeeded")
	}
	if err := s.SetSetting(ctx, "k", "nul\x00"); err == nil {
		t.Error("SetSetting with a NUL byte succeeded")
	}
	if _, err := s.Setting(ctx, "k"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Setting after failed SetSetting err = %v, want ErrNotFound", err)
	}
}

// runParallel runs fn(0..n-1) on n goroutines started together and returns
// their errors.
func runParallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

func testConcurrentAddSegment(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	const (
		calls      = 3
		writers    = 8
		perWriter  = 10
		perCallAll = writers * perWriter
	)
	for c := range calls {
		mustCreate(t, s, call(fmt.Sprintf("c%d", c), at(c, 0)))
	}
	// Each writer adds its own seqs to every call, interleaved with the
	// others: seq = k*writers + w.
	errs := runParallel(writers, func(w int) error {
		for k := range perWriter {
			for c := range calls {
				id := fmt.Sprintf("c%d", c)
				seq := k*writers + w
				if err := s.AddSegment(ctx, seg(id, seq, fmt.Sprintf("writer %d item %d", w, k))); err != nil {
					return fmt.Errorf("writer %d: %w", w, err)
				}
			}
		}
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for c := range calls {
		id := fmt.Sprintf("c%d", c)
		want := make([]store.Segment, perCallAll)
		for seq := range perCallAll {
			want[seq] = seg(id, seq, fmt.Sprintf("writer %d item %d", seq%writers, seq/writers))
		}
		checkSegments(t, s, id, want)
	}
}

func testConcurrentDuplicateSegment(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	mustCreate(t, s, call("c1", at(0, 0)))
	const writers = 6
	errs := runParallel(writers, func(w int) error {
		return s.AddSegment(ctx, seg("c1", 0, fmt.Sprintf("writer %d", w)))
	})
	winner := -1
	for w, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("writers %d and %d both stored seq 0", winner, w)
		case err == nil:
			winner = w
		case !errors.Is(err, store.ErrDuplicate):
			t.Errorf("writer %d: err = %v, want nil or ErrDuplicate", w, err)
		}
	}
	if winner < 0 {
		t.Fatal("no writer stored seq 0")
	}
	checkSegments(t, s, "c1", []store.Segment{seg("c1", 0, fmt.Sprintf("writer %d", winner))})
}

func testConcurrentEndCall(t *testing.T, s store.Store) {
	ctx := ctxT(t)
	mustCreate(t, s, call("c1", at(0, 0)))
	const enders = 6
	errs := runParallel(enders, func(i int) error {
		return s.EndCall(ctx, "c1", at(10+i, 0), fmt.Sprintf("reason %d", i))
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetCall(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	// Exactly one end won, whole: its time goes with its reason.
	i := int(got.EndedAt.Sub(stored(at(10, 0))) / time.Second)
	if i < 0 || i >= enders || got.EndReason != fmt.Sprintf("reason %d", i) {
		t.Errorf("ended call = %+v: time and reason are not from the same EndCall", got)
	}
}

func testCancelledContext(t *testing.T, s store.Store) {
	mustCreate(t, s, call("c1", at(0, 0)))
	ctx, cancel := context.WithCancel(ctxT(t))
	cancel()
	ops := map[string]func() error{
		"CreateCall": func() error { return s.CreateCall(ctx, call("c2", at(0, 0))) },
		"EndCall":    func() error { return s.EndCall(ctx, "c1", at(1, 0), "bye") },
		"GetCall":    func() error { _, err := s.GetCall(ctx, "c1"); return err },
		"ListCalls":  func() error { _, err := s.ListCalls(ctx, 5); return err },
		"AddSegment": func() error { return s.AddSegment(ctx, seg("c1", 0, "hi")) },
		"Segments":   func() error { _, err := s.Segments(ctx, "c1"); return err },
		"Setting":    func() error { _, err := s.Setting(ctx, "k"); return err },
		"SetSetting": func() error { return s.SetSetting(ctx, "k", "v") },
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: err = %v, want context.Canceled", name, err)
		}
	}
	// Nothing was written.
	got, err := s.GetCall(ctxT(t), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.EndedAt.IsZero() {
		t.Error("EndCall with a cancelled context ended the call")
	}
	if _, err := s.GetCall(ctxT(t), "c2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CreateCall with a cancelled context stored the call (GetCall err = %v)", err)
	}
}
