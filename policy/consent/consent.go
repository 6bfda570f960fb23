// Package consent is the recording-consent ledger and the gate that lets a
// call's recording tap run only while consent is granted (invariant 1).
//
// # States
//
// Each call has a consent state for its data subject (the caller's
// pseudonym), Unknown until something is recorded:
//
//	unknown ──► granted ──► withdrawn
//	   │           ▲
//	   └─► denied ─┘
//
// The transitions:
//
//   - unknown → granted or denied: the caller answered the prompt (or a SIP
//     header, an agent, the API said so).
//   - denied → granted: the caller changed their mind when asked again.
//   - granted → withdrawn: the caller took consent back; recording stops at
//     once and the call is not recorded again.
//   - granted → denied is refused (ErrTransition): after a grant, "no" is a
//     withdrawal and must be recorded as one, so the ledger says what
//     happened to the recording. withdrawn is final for the call: a new
//     call asks again. Recording the current state again changes nothing.
//
// Every change is stored (store.ConsentStore) with its time, method
// (dtmf, speech, sip_header, api, agent), actor and prompt version, and
// audited (audit action consent.change).
//
// # Gate
//
// A Gate follows one call. Its callback runs on the goroutine that calls
// Record, before Record returns: when consent closes (withdrawn, or denied)
// the gate closes before the change is even stored, so a failure to store
// leaves the tap closed; when consent is granted the gate opens only after
// the change is stored. Gates see changes recorded through the same Ledger;
// a change recorded by another process reaches a Gate through Refresh.
//
// Ledger and Gate are safe for concurrent use and start no goroutine.
package consent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
)

// State is a call's consent state.
type State string

// The states.
const (
	Unknown   State = "unknown"
	Granted   State = "granted"
	Denied    State = "denied"
	Withdrawn State = "withdrawn"
)

// Method is how a change was captured.
type Method string

// The methods.
const (
	DTMF      Method = "dtmf"       // the caller pressed a key
	Speech    Method = "speech"     // the caller said yes or no
	SIPHeader Method = "sip_header" // X-Recording-Consent from the trunk or SBC
	API       Method = "api"        // a client of the HTTP API
	Agent     Method = "agent"      // an agent in the console
)

var methods = map[Method]bool{DTMF: true, Speech: true, SIPHeader: true, API: true, Agent: true}

// ErrTransition is returned for a change the state machine does not allow.
var ErrTransition = errors.New("consent: transition not allowed")

// allowed lists the transitions; a change to the current state is a no-op.
var allowed = map[State][]State{
	Unknown: {Granted, Denied},
	Denied:  {Granted},
	Granted: {Withdrawn},
}

// Allowed reports whether a call may go from one state to another.
func Allowed(from, to State) bool {
	for _, s := range allowed[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Change is one consent change of a call.
type Change struct {
	CallID        string
	Subject       string // pseudonym of the caller (crypto.Pseudonymizer)
	State         State
	Method        Method
	Actor         string // who or what captured it: "ivr", "agent:ann", "trunk:carrier-a"
	PromptVersion string // the consent prompt the caller heard, if any
	At            time.Time
	Seq           int64 // 1, 2, 3... per call; set by the ledger
}

// Auditor records audit entries; *audit.Log implements it.
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) (store.AuditRecord, error)
}

// Ledger records and reads consent changes.
type Ledger struct {
	st    store.ConsentStore
	audit Auditor
	now   func() time.Time

	mu    sync.Mutex
	gates map[string]map[*Gate]struct{}
}

// NewLedger returns a ledger over st that audits every change with a. A
// nil now means time.Now.
func NewLedger(st store.ConsentStore, a Auditor, now func() time.Time) *Ledger {
	if now == nil {
		now = time.Now
	}
	return &Ledger{st: st, audit: a, now: now, gates: map[string]map[*Gate]struct{}{}}
}

func validate(c Change) error {
	if c.CallID == "" {
		return errors.New("consent: empty call ID")
	}
	if !crypto.IsPseudonym(c.Subject) {
		return errors.New("consent: subject is not a pseudonym")
	}
	switch c.State {
	case Granted, Denied, Withdrawn:
	default:
		return fmt.Errorf("consent: cannot record state %q", c.State)
	}
	if !methods[c.Method] {
		return fmt.Errorf("consent: unknown method %q", c.Method)
	}
	if c.Actor == "" {
		return errors.New("consent: empty actor")
	}
	return nil
}

func fromStore(sc store.ConsentChange) Change {
	return Change{CallID: sc.CallID, Subject: sc.Subject, State: State(sc.State), Method: Method(sc.Method),
		Actor: sc.Actor, PromptVersion: sc.PromptVersion, At: sc.At, Seq: sc.Seq}
}

// Record stores a change of a call's consent, if the state machine allows
// it, notifies the call's gates and audits it. A zero At means now.
// Recording the current state again does nothing and returns nil. A call
// has one subject: a change for another subject is refused.
func (l *Ledger) Record(ctx context.Context, c Change) error {
	if err := validate(c); err != nil {
		return err
	}
	if c.At.IsZero() {
		c.At = l.now()
	}
	for attempt := 0; ; attempt++ {
		hist, err := l.st.ConsentChanges(ctx, c.CallID)
		if err != nil {
			return fmt.Errorf("consent: record: %w", err)
		}
		cur := Unknown
		if len(hist) > 0 {
			last := hist[len(hist)-1]
			cur = State(last.State)
			if last.Subject != c.Subject {
				return fmt.Errorf("consent: call %s has another subject", c.CallID)
			}
		}
		if cur == c.State {
			return nil
		}
		if !Allowed(cur, c.State) {
			return fmt.Errorf("%w: %s to %s", ErrTransition, cur, c.State)
		}
		c.Seq = int64(len(hist)) + 1
		if c.State != Granted {
			l.closeGates(c.CallID) // before storing: fail closed
		}
		err = l.st.AddConsentChange(ctx, store.ConsentChange{
			CallID: c.CallID, Seq: c.Seq, Subject: c.Subject, State: string(c.State), Method: string(c.Method),
			Actor: c.Actor, PromptVersion: c.PromptVersion, At: c.At,
		})
		if errors.Is(err, store.ErrDuplicate) && attempt < 10 {
			continue // another writer changed the call first: decide again
		}
		if err != nil {
			return fmt.Errorf("consent: record: %w", err)
		}
		l.notify(c.CallID, c.Seq, c.State == Granted)
		_, err = l.audit.Append(ctx, audit.Entry{
			Actor: c.Actor, Action: audit.ConsentChange, Subject: c.Subject, Object: c.CallID,
			Details: map[string]any{"from": string(cur), "to": string(c.State), "method": string(c.Method), "prompt_version": c.PromptVersion},
		})
		if err != nil {
			return fmt.Errorf("consent: change recorded, but not audited: %w", err)
		}
		return nil
	}
}

// Current returns a call's consent state: Unknown if nothing is recorded.
func (l *Ledger) Current(ctx context.Context, callID string) (State, error) {
	hist, err := l.st.ConsentChanges(ctx, callID)
	if err != nil {
		return Unknown, fmt.Errorf("consent: %w", err)
	}
	if len(hist) == 0 {
		return Unknown, nil
	}
	return State(hist[len(hist)-1].State), nil
}

// History returns a call's changes in order.
func (l *Ledger) History(ctx context.Context, callID string) ([]Change, error) {
	hist, err := l.st.ConsentChanges(ctx, callID)
	if err != nil {
		return nil, fmt.Errorf("consent: %w", err)
	}
	out := make([]Change, len(hist))
	for i, h := range hist {
		out[i] = fromStore(h)
	}
	return out, nil
}

// BySubject returns a subject's changes over all calls, by time: what a
// personal-data report shows.
func (l *Ledger) BySubject(ctx context.Context, subject string) ([]Change, error) {
	hist, err := l.st.ConsentChangesOf(ctx, subject)
	if err != nil {
		return nil, fmt.Errorf("consent: %w", err)
	}
	out := make([]Change, len(hist))
	for i, h := range hist {
		out[i] = fromStore(h)
	}
	return out, nil
}

// Forget deletes a subject's changes (their erasure) and returns how many.
func (l *Ledger) Forget(ctx context.Context, subject string) (int64, error) {
	n, err := l.st.DeleteConsentOf(ctx, subject)
	if err != nil {
		return 0, fmt.Errorf("consent: forget: %w", err)
	}
	return n, nil
}

// gatesOf returns the call's gates.
func (l *Ledger) gatesOf(callID string) []*Gate {
	l.mu.Lock()
	defer l.mu.Unlock()
	gs := make([]*Gate, 0, len(l.gates[callID]))
	for g := range l.gates[callID] {
		gs = append(gs, g)
	}
	return gs
}

func (l *Ledger) closeGates(callID string) {
	for _, g := range l.gatesOf(callID) {
		g.close()
	}
}

func (l *Ledger) notify(callID string, seq int64, granted bool) {
	for _, g := range l.gatesOf(callID) {
		g.apply(seq, granted)
	}
}

// Gate follows one call's consent for its recording tap.
type Gate struct {
	l        *Ledger
	callID   string
	onChange func(granted bool)
	granted  atomic.Bool

	mu     sync.Mutex
	seq    int64 // the newest change applied
	closed bool
}

// Gate returns a gate for a call, open if consent is granted now.
// onChange (may be nil) is called with the new value each time the gate
// opens or closes: on the goroutine that records the change, before Record
// returns, and, if consent is already granted, once before Gate returns.
// It must be quick and must not call the Ledger or the Gate's Refresh or
// Close (flip the tap's flag, close its file). The caller must Close the
// gate when the call ends.
func (l *Ledger) Gate(ctx context.Context, callID string, onChange func(granted bool)) (*Gate, error) {
	g := &Gate{l: l, callID: callID, onChange: onChange}
	l.mu.Lock()
	if l.gates[callID] == nil {
		l.gates[callID] = map[*Gate]struct{}{}
	}
	l.gates[callID][g] = struct{}{}
	l.mu.Unlock()
	// Subscribed first, then read: a change recorded meanwhile is either in
	// what Refresh reads or notified, and the seq keeps the newest.
	if err := g.Refresh(ctx); err != nil {
		g.Close()
		return nil, err
	}
	return g, nil
}

// Granted reports whether the call may be recorded now.
func (g *Gate) Granted() bool { return g.granted.Load() }

// String describes the gate for logs.
func (g *Gate) String() string {
	state := "closed"
	if g.Granted() {
		state = "open"
	}
	return "ConsentGate(" + g.callID + ", " + state + ")"
}

// Refresh reads the call's consent from the store, to pick up a change
// recorded by another process.
func (g *Gate) Refresh(ctx context.Context) error {
	hist, err := g.l.st.ConsentChanges(ctx, g.callID)
	if err != nil {
		return fmt.Errorf("consent: gate: %w", err)
	}
	if len(hist) > 0 {
		last := hist[len(hist)-1]
		g.apply(last.Seq, State(last.State) == Granted)
	}
	return nil
}

// apply sets the gate to the state of change seq, if it is newer than the
// one applied.
func (g *Gate) apply(seq int64, granted bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || seq <= g.seq {
		return
	}
	g.seq = seq
	g.set(granted)
}

// close closes the gate without applying a change: a closing change is
// about to be stored.
func (g *Gate) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.closed {
		g.set(false)
	}
}

func (g *Gate) set(granted bool) {
	if g.granted.Swap(granted) != granted && g.onChange != nil {
		g.onChange(granted)
	}
}

// Close unsubscribes the gate and closes it, without calling onChange.
// It is idempotent.
func (g *Gate) Close() {
	g.l.mu.Lock()
	if gs := g.l.gates[g.callID]; gs != nil {
		delete(gs, g)
		if len(gs) == 0 {
			delete(g.l.gates, g.callID)
		}
	}
	g.l.mu.Unlock()
	g.mu.Lock()
	g.closed = true
	g.granted.Store(false)
	g.mu.Unlock()
}

// HeaderName is the SIP header a trunk or SBC sets to pass on consent the
// caller gave before the call reached Earshot.
const HeaderName = "X-Recording-Consent"

// ParseSIPHeader parses the value of X-Recording-Consent: "granted" or
// "denied", in any case, with surrounding white space. Anything else is an
// error, which the caller should treat as no consent.
func ParseSIPHeader(value string) (State, error) {
	switch v := strings.TrimSpace(value); {
	case strings.EqualFold(v, "granted"):
		return Granted, nil
	case strings.EqualFold(v, "denied"):
		return Denied, nil
	}
	return Unknown, fmt.Errorf("consent: %s must be granted or denied", HeaderName)
}
