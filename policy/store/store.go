// Package store persists call metadata and redacted transcript segments, in
// an embedded SQLite file by default or in PostgreSQL. Both backends satisfy
// the same contract, proven by one test suite (storetest).
//
// The store holds no audio and no raw transcript text in clear: a Segment
// carries a redact.Redacted, which only policy/redact can produce. What is
// written is Redacted.Text() and the entity offsets as JSON; reading back
// rebuilds the value with redact.Restore. A RawSegment is ciphertext that
// policy/crypto sealed with its data subject's key; the store keeps the
// bytes and cannot read them.
//
// # Policy sub-stores
//
// Store is the contract of the call path. The privacy ledgers are separate
// interfaces that both backends implement: AuditStore (the hash-chained
// audit log and its checkpoints), ConsentStore, RawTranscriptStore,
// RetentionStore, SubjectStore (the data subject of each call) and
// RecordingStore (recordings' metadata and muted spans; the encrypted audio
// is a file of policy/recording) make up a Database (OpenDatabase); KeyStore, the wrapped
// per-subject data keys, is a Vault (OpenVault), opened on its own file in
// the key directory or its own PostgreSQL database, never the data store's.
// The meaning of audit hashes, key wrapping and consent states belongs to
// policy/audit, policy/crypto and policy/consent; the store keeps their
// fields byte for byte and enforces only what needs the database: gap-free
// sequences and the locks that serialise appends.
//
// # Opening and migrations
//
// Open picks the backend from the database URL: empty means the SQLite file
// <dataDir>/earshot.db (modernc.org/sqlite, pure Go, WAL journal, deleted
// content overwritten), and a
// postgres:// or postgresql:// URL means PostgreSQL through a pgx pool. Open
// brings the schema to LatestVersion before it returns, applying each
// pending migration (embedded SQL under migrations/<backend>/) in its own
// transaction and recording it in schema_migrations. Re-opening a migrated
// database applies nothing. Several processes may Open the same database at
// once: PostgreSQL migrations run under a session advisory lock, SQLite ones
// under the database write lock (BEGIN IMMEDIATE). A database whose schema is
// newer than this binary knows is refused rather than used.
//
// # Contract
//
// Times are stored in UTC and read back in UTC, truncated to the
// microsecond in both backends. Lookups of a missing call or setting return
// ErrNotFound; EndCall of a missing call too. Storing a call ID twice or a
// segment (CallID, Seq) twice returns ErrDuplicate; a segment of a missing
// call returns ErrNotFound. EndCall of a call that has already ended keeps
// the first end time and reason and returns nil, so callers may end a call
// from an idempotent Close. Strings must be valid UTF-8 without NUL bytes
// (PostgreSQL cannot store anything else, and both backends accept the
// same inputs).
//
// A Store is safe for concurrent use by any number of goroutines. It starts
// no goroutine of its own beyond its connection pool. The caller of Open
// owns the Store and must Close it; Close is idempotent and waits for
// in-flight operations' connections to be returned.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/earshot/earshot/policy/redact"
)

// ErrNotFound is returned when a call or setting does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrDuplicate is returned when a call ID, or a (call ID, Seq) pair of a
// segment, is already stored. Nothing is overwritten.
var ErrDuplicate = errors.New("store: already exists")

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
