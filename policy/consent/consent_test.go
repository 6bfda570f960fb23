package consent_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/consent"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
)

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

func forEachBackend(t *testing.T, fn func(t *testing.T, db store.Database)) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, b.open(t))
		})
	}
}

func newLedger(t testing.TB, db store.Database) (*consent.Ledger, *audit.Log) {
	t.Helper()
	seed := make([]byte, ed25519.SeedSize)
	log, err := audit.New(audit.Config{Store: db, SigningKey: ed25519.NewKeyFromSeed(seed)})
	if err != nil {
		t.Fatal(err)
	}
	return consent.NewLedger(db, log, nil), log
}

var pseudo = crypto.NewPseudonymizer(crypto.Secret{3})

func caller(t testing.TB, n int) string {
	s, err := pseudo.Phone(fmt.Sprintf("+4479460000%02d", n))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func change(t testing.TB, callID string, state consent.State) consent.Change {
	return consent.Change{CallID: callID, Subject: caller(t, 1), State: state, Method: consent.DTMF, Actor: "ivr", PromptVersion: "2025-03-v2"}
}

var states = []consent.State{consent.Unknown, consent.Granted, consent.Denied, consent.Withdrawn}

// reach records the shortest path from unknown to s on a fresh call.
func reach(t *testing.T, l *consent.Ledger, callID string, s consent.State) {
	t.Helper()
	path := map[consent.State][]consent.State{
		consent.Unknown:   nil,
		consent.Granted:   {consent.Granted},
		consent.Denied:    {consent.Denied},
		consent.Withdrawn: {consent.Granted, consent.Withdrawn},
	}[s]
	for _, p := range path {
		if err := l.Record(ctxT(t), change(t, callID, p)); err != nil {
			t.Fatalf("reach %s: %v", s, err)
		}
	}
}

func TestTransitions(t *testing.T) {
	want := map[[2]consent.State]bool{
		{consent.Unknown, consent.Granted}:   true,
		{consent.Unknown, consent.Denied}:    true,
		{consent.Denied, consent.Granted}:    true,
		{consent.Granted, consent.Withdrawn}: true,
	}
	forEachBackend(t, func(t *testing.T, db store.Database) {
		l, _ := newLedger(t, db)
		for _, from := range states {
			for _, to := range states[1:] {
				callID := fmt.Sprintf("call-%s-%s", from, to)
				reach(t, l, callID, from)
				err := l.Record(ctxT(t), change(t, callID, to))
				cur, cerr := l.Current(ctxT(t), callID)
				if cerr != nil {
					t.Fatal(cerr)
				}
				switch {
				case from == to:
					if err != nil || cur != to {
						t.Errorf("%s → %s (repeat) = %v, state %s; want a no-op", from, to, err, cur)
					}
				case want[[2]consent.State{from, to}]:
					if err != nil || cur != to {
						t.Errorf("%s → %s = %v, state %s; want allowed", from, to, err, cur)
					}
				default:
					if !errors.Is(err, consent.ErrTransition) || cur != from {
						t.Errorf("%s → %s = %v, state %s; want ErrTransition and %s kept", from, to, err, cur, from)
					}
				}
				if consent.Allowed(from, to) != want[[2]consent.State{from, to}] {
					t.Errorf("Allowed(%s, %s) = %v", from, to, !want[[2]consent.State{from, to}])
				}
			}
		}
	})
}

func TestLedger(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db store.Database) {
		ctx := ctxT(t)
		l, _ := newLedger(t, db)
		if s, err := l.Current(ctx, "call-1"); err != nil || s != consent.Unknown {
			t.Fatalf("Current of a new call = %s, %v; want unknown", s, err)
		}
		at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		steps := []consent.Change{
			{CallID: "call-1", Subject: caller(t, 1), State: consent.Denied, Method: consent.SIPHeader, Actor: "trunk:carrier-a", At: at},
			{CallID: "call-1", Subject: caller(t, 1), State: consent.Granted, Method: consent.Speech, Actor: "ivr", PromptVersion: "v2", At: at.Add(time.Minute)},
			{CallID: "call-2", Subject: caller(t, 1), State: consent.Granted, Method: consent.API, Actor: "api:crm", At: at.Add(30 * time.Second)},
			{CallID: "call-1", Subject: caller(t, 1), State: consent.Withdrawn, Method: consent.Agent, Actor: "agent:ann", At: at.Add(2 * time.Minute)},
			{CallID: "call-3", Subject: caller(t, 2), State: consent.Granted, Method: consent.DTMF, Actor: "ivr", At: at},
		}
		for _, c := range steps {
			if err := l.Record(ctx, c); err != nil {
				t.Fatalf("Record(%+v): %v", c, err)
			}
		}
		hist, err := l.History(ctx, "call-1")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range hist {
			got = append(got, fmt.Sprintf("%d:%s:%s:%s:%s", c.Seq, c.State, c.Method, c.Actor, c.PromptVersion))
		}
		if want := []string{"1:denied:sip_header:trunk:carrier-a:", "2:granted:speech:ivr:v2", "3:withdrawn:agent:agent:ann:"}; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("History = %v, want %v", got, want)
		}
		if !hist[1].At.Equal(at.Add(time.Minute)) || hist[1].Subject != caller(t, 1) {
			t.Errorf("History[1] = %+v", hist[1])
		}
		if s, _ := l.Current(ctx, "call-1"); s != consent.Withdrawn {
			t.Errorf("Current(call-1) = %s, want withdrawn", s)
		}
		by, err := l.BySubject(ctx, caller(t, 1))
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, c := range by {
			got = append(got, c.CallID+":"+string(c.State))
		}
		if want := "call-1:denied call-2:granted call-1:granted call-1:withdrawn"; strings.Join(got, " ") != want {
			t.Errorf("BySubject = %v, want %s", got, want)
		}
		// Every change was audited, with the pseudonym and no number.
		recs, err := db.AuditRecords(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(steps) {
			t.Fatalf("%d audit records, want %d", len(recs), len(steps))
		}
		if r := recs[1]; r.Action != string(audit.ConsentChange) || r.Object != "call-1" || r.Subject != caller(t, 1) || r.Actor != "ivr" ||
			r.Details != `{"from":"denied","method":"speech","prompt_version":"v2","to":"granted"}` {
			t.Errorf("audit record = %+v", r)
		}
		// A repeated state is not stored or audited again.
		if err := l.Record(ctx, steps[4]); err != nil {
			t.Fatal(err)
		}
		if recs, _ := db.AuditRecords(ctx, 0, 100); len(recs) != len(steps) {
			t.Errorf("a no-op change was audited")
		}
		// Erasure.
		n, err := l.Forget(ctx, caller(t, 1))
		if err != nil || n != 4 {
			t.Errorf("Forget = %d, %v; want 4", n, err)
		}
		if by, _ := l.BySubject(ctx, caller(t, 1)); len(by) != 0 {
			t.Errorf("BySubject after Forget = %d changes", len(by))
		}
		if s, _ := l.Current(ctx, "call-3"); s != consent.Granted {
			t.Errorf("another subject's call changed: %s", s)
		}
	})
}

func TestRecordRefused(t *testing.T) {
	db := backends[0].open(t)
	l, _ := newLedger(t, db)
	tests := []struct {
		name string
		edit func(c *consent.Change)
	}{
		{"raw number as subject", func(c *consent.Change) { c.Subject = "+447946000001" }},
		{"empty call", func(c *consent.Change) { c.CallID = "" }},
		{"unknown as target", func(c *consent.Change) { c.State = consent.Unknown }},
		{"made-up state", func(c *consent.Change) { c.State = "maybe" }},
		{"unknown method", func(c *consent.Change) { c.Method = "telepathy" }},
		{"empty actor", func(c *consent.Change) { c.Actor = "" }},
	}
	for _, tc := range tests {
		c := change(t, "call-1", consent.Granted)
		tc.edit(&c)
		if err := l.Record(ctxT(t), c); err == nil {
			t.Errorf("%s: Record succeeded", tc.name)
		}
	}
	if err := l.Record(ctxT(t), change(t, "call-1", consent.Granted)); err != nil {
		t.Fatal(err)
	}
	other := change(t, "call-1", consent.Withdrawn)
	other.Subject = caller(t, 9)
	if err := l.Record(ctxT(t), other); err == nil {
		t.Error("a change for another subject of the call succeeded")
	}
}

// TestConcurrentRecord races grants and denials of one call from two
// ledgers (two processes): the stored history must follow the state
// machine.
func TestConcurrentRecord(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db store.Database) {
		ls := []*consent.Ledger{}
		for range 2 {
			l, _ := newLedger(t, db)
			ls = append(ls, l)
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				s := []consent.State{consent.Granted, consent.Denied, consent.Withdrawn}[i%3]
				errs[i] = ls[i%2].Record(ctxT(t), change(t, "call-1", s))
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && !errors.Is(err, consent.ErrTransition) {
				t.Errorf("Record: %v", err)
			}
		}
		hist, err := ls[0].History(ctxT(t), "call-1")
		if err != nil || len(hist) == 0 {
			t.Fatalf("History = %v, %v", hist, err)
		}
		prev := consent.Unknown
		for i, c := range hist {
			if c.Seq != int64(i+1) || !consent.Allowed(prev, c.State) {
				t.Errorf("history step %d: seq %d, %s → %s", i, c.Seq, prev, c.State)
			}
			prev = c.State
		}
	})
}

// failingStore fails AddConsentChange, and notes whether the gate was open
// when it was called.
type failingStore struct {
	store.ConsentStore
	gate        func() *consent.Gate
	openAtStore []bool
	fail        bool
}

func (f *failingStore) AddConsentChange(ctx context.Context, c store.ConsentChange) error {
	if g := f.gate(); g != nil {
		f.openAtStore = append(f.openAtStore, g.Granted())
	}
	if f.fail {
		return errors.New("disk full")
	}
	return f.ConsentStore.AddConsentChange(ctx, c)
}

func TestGate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db store.Database) {
		ctx := ctxT(t)
		var g *consent.Gate
		fs := &failingStore{ConsentStore: db, gate: func() *consent.Gate { return g }}
		l := consent.NewLedger(fs, auditOf(t, db), nil)

		var mu sync.Mutex
		var events []bool
		g, err := l.Gate(ctx, "call-1", func(granted bool) {
			mu.Lock()
			events = append(events, granted)
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		other, err := l.Gate(ctx, "call-2", func(bool) { t.Error("the gate of another call was notified") })
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if g.Granted() {
			t.Fatal("gate open before any consent")
		}

		// A grant that cannot be stored leaves the gate closed.
		fs.fail = true
		if err := l.Record(ctx, change(t, "call-1", consent.Granted)); err == nil {
			t.Fatal("Record with a failing store succeeded")
		}
		if g.Granted() {
			t.Error("gate opened for a grant that was not stored")
		}
		fs.fail = false

		// A stored grant opens it before Record returns.
		if err := l.Record(ctx, change(t, "call-1", consent.Granted)); err != nil {
			t.Fatal(err)
		}
		if !g.Granted() || !strings.Contains(g.String(), "open") {
			t.Fatalf("gate after grant: %s", g)
		}
		// A withdrawal closes it before it is stored, even if storing fails.
		fs.fail = true
		if err := l.Record(ctx, change(t, "call-1", consent.Withdrawn)); err == nil {
			t.Fatal("Record with a failing store succeeded")
		}
		if g.Granted() {
			t.Error("gate open after a withdrawal that failed to store")
		}
		fs.fail = false
		if err := l.Record(ctx, change(t, "call-1", consent.Withdrawn)); err != nil {
			t.Fatal(err)
		}
		if got := fs.openAtStore; len(got) != 4 || got[0] || got[1] || got[2] || got[3] {
			t.Errorf("gate open when the store was called: %v; want closed every time", got)
		}
		mu.Lock()
		if fmt.Sprint(events) != "[true false]" {
			t.Errorf("callbacks = %v, want [true false]", events)
		}
		mu.Unlock()

		// A gate made after consent starts in the recorded state.
		if err := l.Record(ctx, change(t, "call-3", consent.Granted)); err != nil {
			t.Fatal(err)
		}
		var initial []bool
		late, err := l.Gate(ctx, "call-3", func(granted bool) { initial = append(initial, granted) })
		if err != nil {
			t.Fatal(err)
		}
		if !late.Granted() || fmt.Sprint(initial) != "[true]" {
			t.Errorf("gate made after a grant: granted %v, callbacks %v; want open, [true]", late.Granted(), initial)
		}
		// Close: closed without a callback, unsubscribed, idempotent.
		late.Close()
		late.Close()
		if late.Granted() || len(initial) != 1 {
			t.Errorf("after Close: granted %v, callbacks %v", late.Granted(), initial)
		}
		if err := l.Record(ctx, change(t, "call-3", consent.Withdrawn)); err != nil {
			t.Fatal(err)
		}
	})
}

func auditOf(t testing.TB, db store.Database) *audit.Log {
	_, log := newLedger(t, db)
	return log
}

// TestGateRefresh: a change recorded by another process (another ledger)
// reaches a gate through Refresh.
func TestGateRefresh(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db store.Database) {
		ctx := ctxT(t)
		here, _ := newLedger(t, db)
		there, _ := newLedger(t, db)
		opened := 0
		g, err := here.Gate(ctx, "call-1", func(granted bool) {
			if granted {
				opened++
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if err := there.Record(ctx, change(t, "call-1", consent.Granted)); err != nil {
			t.Fatal(err)
		}
		if g.Granted() {
			t.Fatal("a gate saw another ledger's change without Refresh")
		}
		if err := g.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if !g.Granted() || opened != 1 {
			t.Errorf("after Refresh: granted %v, opened %d times", g.Granted(), opened)
		}
		if err := g.Refresh(ctx); err != nil || opened != 1 {
			t.Errorf("a second Refresh notified again (%d, %v)", opened, err)
		}
	})
}

var headerTests = []struct {
	in   string
	want consent.State // Unknown: an error
}{
	{"granted", consent.Granted},
	{"GRANTED", consent.Granted},
	{" Granted\t", consent.Granted},
	{"denied", consent.Denied},
	{"DeNiEd", consent.Denied},
	{"", consent.Unknown},
	{"yes", consent.Unknown},
	{"granted;v=2", consent.Unknown},
	{"granted, denied", consent.Unknown},
	{"withdrawn", consent.Unknown},
	{"unknown", consent.Unknown},
	{"grantedx", consent.Unknown},
}

func TestParseSIPHeader(t *testing.T) {
	for _, tc := range headerTests {
		got, err := consent.ParseSIPHeader(tc.in)
		if tc.want == consent.Unknown {
			if err == nil {
				t.Errorf("ParseSIPHeader(%q) = %s, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSIPHeader(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParseSIPHeader(f *testing.F) {
	for _, tc := range headerTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, v string) {
		s, err := consent.ParseSIPHeader(v)
		if err != nil {
			if s != consent.Unknown {
				t.Errorf("error with state %s", s)
			}
			return
		}
		if w := strings.ToLower(strings.TrimSpace(v)); s != consent.State(w) || (s != consent.Granted && s != consent.Denied) {
			t.Errorf("ParseSIPHeader(%q) = %s", v, s)
		}
	})
}
