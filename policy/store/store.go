// Package store persists call metadata and redacted transcript segments, in
// an embedded SQLite file by default or in PostgreSQL. Both backends satisfy
// the same contract, proven by one test suite (storetest).
//
// The store holds no audio and no raw transcript text: a Segment carries a
// redact.Redacted, which only policy/redact can produce.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/earshot/earshot/policy/redact"
)

// ErrNotFound is returned when a call or setting does not exist.
var ErrNotFound = errors.New("store: not found")

// Call is the metadata of one call. It holds no phone number, name or
// address of the caller.
type Call struct {
	ID        string
	Channel   string // "sip", "webrtc", "file"
	Route     string
	Codec     string
	StartedAt time.Time
	EndedAt   time.Time // zero while the call is live
	EndReason string
}

// Segment is one final, redacted transcript segment of a call.
type Segment struct {
	CallID   string
	Seq      int
	StartMS  int64
	EndMS    int64
	Redacted redact.Redacted
}

// Store is the persistence contract. Implementations are safe for
// concurrent use.
type Store interface {
	CreateCall(ctx context.Context, c Call) error
	EndCall(ctx context.Context, id string, endedAt time.Time, reason string) error
	GetCall(ctx context.Context, id string) (Call, error)
	// ListCalls returns the newest calls first, at most limit of them.
	ListCalls(ctx context.Context, limit int) ([]Call, error)
	AddSegment(ctx context.Context, s Segment) error
	// Segments returns a call's segments in Seq order.
	Segments(ctx context.Context, callID string) ([]Segment, error)
	// Setting and SetSetting keep small values such as the admin token hash.
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	Close() error
}
