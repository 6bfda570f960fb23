// Package retention deletes personal data when its time is up: each data
// class has a time to live, and a Reaper deletes what has outlived it, in
// the store and on disk, and records what it deleted in the audit log.
//
// # Classes and defaults
//
//	class                TTL (default)  what is deleted
//	audio                30 days        recordings (files) of calls that ended before the cutoff
//	raw_transcript       7 days         sealed raw segments of calls that started before it
//	redacted_transcript  90 days        redacted segments of calls that started before it
//	quality_stats        90 days        per-call quality statistics (when a store for them is given)
//	call_metadata        365 days       ended calls, with everything under them, and consent changes of calls no longer live
//	audit                6 years        audit records, pruned through a signed checkpoint
//
// A TTL of 0 keeps a class forever. Deleting a call's metadata deletes
// everything stored under the call, so a non-zero call_metadata TTL must be
// at least every other call class's TTL, and those must then be non-zero
// (Policy.Validate). The audit default follows the longest common
// retention duty for records that prove compliance (six years); DPOs should
// set their own.
//
// # Running
//
// Run makes one pass. Start runs a pass at once and then every interval on
// a goroutine the returned Loop owns; Stop ends it and waits. The clock is
// injected, so tests run a year of retention in no time.
//
// Each class with something deleted gives one audit record (action
// retention.delete) with the class, the count, the cutoff and the TTL:
// numbers, never personal data. Audit pruning records itself (see
// audit.Log.Prune).
package retention

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/store"
)

// Class is a kind of data with its own retention.
type Class string

// The data classes.
const (
	Audio              Class = "audio"
	RawTranscript      Class = "raw_transcript"
	RedactedTranscript Class = "redacted_transcript"
	QualityStats       Class = "quality_stats"
	CallMetadata       Class = "call_metadata"
	Audit              Class = "audit"
)

// Classes lists the classes in the order a pass deletes them: what lives
// under a call before the call, the audit log last.
func Classes() []Class {
	return []Class{RawTranscript, Audio, RedactedTranscript, QualityStats, CallMetadata, Audit}
}

const day = 24 * time.Hour

// Policy is the TTL of each class; a missing class or 0 keeps it forever.
type Policy map[Class]time.Duration

// DefaultPolicy returns the default TTLs (see the package doc).
func DefaultPolicy() Policy {
	return Policy{
		Audio:              30 * day,
		RawTranscript:      7 * day,
		RedactedTranscript: 90 * day,
		QualityStats:       90 * day,
		CallMetadata:       365 * day,
		Audit:              6 * 365 * day,
	}
}

// ParseTTL parses a TTL: a Go duration ("720h"), a number of days ("30d"),
// or "0" for forever.
func ParseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseUint(days, 10, 32)
		if err != nil {
			return 0, fmt.Errorf("retention: TTL %q: want a Go duration, a number of days such as 30d, or 0", s)
		}
		return time.Duration(n) * day, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("retention: TTL %q: want a Go duration, a number of days such as 30d, or 0", s)
	}
	return d, nil
}

// ParsePolicy builds a policy from configuration: class name to TTL text.
// Classes not given keep their default.
func ParsePolicy(cfg map[string]string) (Policy, error) {
	p := DefaultPolicy()
	for name, text := range cfg {
		c := Class(name)
		if _, ok := p[c]; !ok {
			return nil, fmt.Errorf("retention: unknown data class %q", name)
		}
		ttl, err := ParseTTL(text)
		if err != nil {
			return nil, fmt.Errorf("retention: %s: %w", name, err)
		}
		p[c] = ttl
	}
	return p, p.Validate()
}

// Validate checks that the classes are known and the TTLs not negative,
// and that a call's metadata is not deleted before the data stored under
// it (see the package doc).
func (p Policy) Validate() error {
	known := map[Class]bool{}
	for _, c := range Classes() {
		known[c] = true
	}
	for c, ttl := range p {
		if !known[c] {
			return fmt.Errorf("retention: unknown data class %q", c)
		}
		if ttl < 0 {
			return fmt.Errorf("retention: %s TTL %v is negative", c, ttl)
		}
	}
	meta := p[CallMetadata]
	if meta == 0 {
		return nil
	}
	for _, c := range []Class{Audio, RawTranscript, RedactedTranscript, QualityStats} {
		switch ttl := p[c]; {
		case ttl == 0:
			return fmt.Errorf("retention: %s is kept forever but call_metadata for %v, and deleting a call deletes its %s: make call_metadata 0 too", c, meta, c)
		case ttl > meta:
			return fmt.Errorf("retention: %s TTL %v outlives call_metadata's %v, and deleting a call deletes its %s: make call_metadata 0 or at least %v", c, ttl, meta, c, ttl)
		}
	}
	return nil
}

// Clock tells the reaper the time.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Deleter deletes one kind of expired data that lives outside the store:
// the recordings on disk, quality statistics. It returns how many items
// (files, rows) it deleted.
type Deleter interface {
	DeleteBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// DeleterFunc adapts a function to Deleter.
type DeleterFunc func(ctx context.Context, cutoff time.Time) (int64, error)

// DeleteBefore calls f.
func (f DeleterFunc) DeleteBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return f(ctx, cutoff)
}

// AuditLog is what the reaper needs of the audit log; *audit.Log
// implements it.
type AuditLog interface {
	Append(ctx context.Context, e audit.Entry) (store.AuditRecord, error)
	Prune(ctx context.Context, actor string, before time.Time) (int64, error)
}

// Config configures a Reaper.
type Config struct {
	Policy Policy
	Store  store.RetentionStore
	// Recordings deletes recordings of calls that ended before a cutoff
	// (the audio class); nil if recordings are not kept.
	Recordings Deleter
	// QualityStats deletes quality statistics; nil while none are stored.
	QualityStats Deleter
	Audit        AuditLog
	Clock        Clock  // nil: SystemClock
	Actor        string // in audit records; "": "system:retention"
	BatchSize    int    // rows per delete statement; 0: 1000
}

// Reaper deletes expired data. It is safe for concurrent use, though
// passes are meant to run one at a time.
type Reaper struct {
	cfg Config
}

// New returns a Reaper, or an error if the configuration is incomplete or
// the policy invalid.
func New(cfg Config) (*Reaper, error) {
	if cfg.Store == nil || cfg.Audit == nil {
		return nil, errors.New("retention: a store and an audit log are required")
	}
	if err := cfg.Policy.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Actor == "" {
		cfg.Actor = "system:retention"
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 1000
	}
	return &Reaper{cfg: cfg}, nil
}

// Result is how many items a pass deleted per class.
type Result map[Class]int64

// Run makes one pass over every class with a TTL. A failing class does not
// stop the others; their errors are joined.
func (r *Reaper) Run(ctx context.Context) (Result, error) {
	now := r.cfg.Clock.Now()
	res := Result{}
	var errs []error
	for _, c := range Classes() {
		ttl := r.cfg.Policy[c]
		if ttl == 0 {
			continue
		}
		cutoff := now.Add(-ttl)
		n, details, err := r.deleteClass(ctx, c, cutoff)
		if err != nil {
			errs = append(errs, fmt.Errorf("retention: %s: %w", c, err))
		}
		if n == 0 {
			continue
		}
		res[c] = n
		if c == Audit {
			continue // audit.Log.Prune recorded it
		}
		d := map[string]any{"class": string(c), "deleted": n, "cutoff": cutoff.UTC().Format(time.RFC3339), "ttl": ttl.String()}
		for k, v := range details {
			d[k] = v
		}
		if _, err := r.cfg.Audit.Append(ctx, audit.Entry{Actor: r.cfg.Actor, Action: audit.RetentionDelete, Details: d}); err != nil {
			errs = append(errs, fmt.Errorf("retention: %s: deleted %d, but not audited: %w", c, n, err))
		}
	}
	return res, errors.Join(errs...)
}

// deleteClass deletes one class and returns the count and extra details.
func (r *Reaper) deleteClass(ctx context.Context, c Class, cutoff time.Time) (int64, map[string]any, error) {
	st := r.cfg.Store
	switch c {
	case Audio:
		return optional(ctx, r.cfg.Recordings, cutoff)
	case QualityStats:
		return optional(ctx, r.cfg.QualityStats, cutoff)
	case RawTranscript:
		n, err := r.drain(ctx, st.DeleteRawSegmentsBefore, cutoff)
		return n, nil, err
	case RedactedTranscript:
		n, err := r.drain(ctx, st.DeleteSegmentsBefore, cutoff)
		return n, nil, err
	case CallMetadata:
		calls, err := r.drain(ctx, st.DeleteCallsEndedBefore, cutoff)
		if err != nil {
			return calls, nil, err
		}
		changes, err := r.drain(ctx, st.DeleteConsentBefore, cutoff)
		return calls + changes, map[string]any{"calls": calls, "consent_changes": changes}, err
	case Audit:
		n, err := r.cfg.Audit.Prune(ctx, r.cfg.Actor, cutoff)
		return n, nil, err
	}
	return 0, nil, fmt.Errorf("unknown class %q", c)
}

func optional(ctx context.Context, d Deleter, cutoff time.Time) (int64, map[string]any, error) {
	if d == nil {
		return 0, nil, nil
	}
	n, err := d.DeleteBefore(ctx, cutoff)
	return n, nil, err
}

// drain repeats a batched delete until a batch comes back short.
func (r *Reaper) drain(ctx context.Context, del func(context.Context, time.Time, int) (int64, error), cutoff time.Time) (int64, error) {
	var total int64
	for {
		n, err := del(ctx, cutoff, r.cfg.BatchSize)
		total += n
		if err != nil || n < int64(r.cfg.BatchSize) {
			return total, err
		}
	}
}

// Loop is a reaper running on its own goroutine.
type Loop struct {
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

// Start runs a pass now and then every interval until the Loop is
// stopped, calling report (if not nil) after each pass, on the loop's
// goroutine, with what the pass deleted or why it failed. The caller owns
// the Loop and must Stop it.
func (r *Reaper) Start(interval time.Duration, report func(Result, error)) *Loop {
	ctx, cancel := context.WithCancel(context.Background())
	l := &Loop{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			res, err := r.Run(ctx)
			if ctx.Err() != nil {
				return
			}
			if report != nil {
				report(res, err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return l
}

// Stop ends the loop, cancelling a pass in progress, and waits for its
// goroutine to return. It is idempotent.
func (l *Loop) Stop() {
	l.once.Do(l.cancel)
	<-l.done
}
