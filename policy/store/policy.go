package store

import (
	"context"
	"time"
)

// The policy sub-stores. Store stays the small contract the call path
// needs; the privacy ledgers are separate interfaces that both backends
// implement, reached through OpenDatabase (a Database) and OpenVault (a
// Vault). Each one is proven against SQLite and PostgreSQL by
// storetest.RunDatabase and storetest.RunVault.

// Database is a Store with the policy sub-stores that live beside the call
// data: wrapped subject keys, the audit log, the consent ledger, sealed raw
// transcripts and the retention deletes.
type Database interface {
	Store
	KeyStore
	AuditStore
	ConsentStore
	RawTranscriptStore
	RetentionStore
	SubjectStore
	RecordingStore
}

// SubjectKey is one data subject's data key as the data store keeps it:
// wrapped by the key-encryption key (KEK) of its bucket, never in clear.
type SubjectKey struct {
	ID        string // random; ciphertexts name their key by it
	Subject   string // pseudonym of the data subject, never a raw number
	Bucket    int
	KEKID     string // the bucket key that wrapped it
	Wrapped   []byte
	CreatedAt time.Time
}

// KeyStore keeps wrapped subject keys, at most one per subject, grouped in
// buckets. Every change happens in UpdateKeyBucket, under the bucket's
// lock, so creating a key and rotating its bucket's KEK never interleave.
type KeyStore interface {
	// SubjectKey returns the key with this ID, or ErrNotFound.
	SubjectKey(ctx context.Context, id string) (SubjectKey, error)
	// SubjectKeyOf returns the subject's key, or ErrNotFound.
	SubjectKeyOf(ctx context.Context, subject string) (SubjectKey, error)
	// KeyBucketKEKs returns each bucket's current KEK ID.
	KeyBucketKEKs(ctx context.Context) (map[int]string, error)
	// UpdateKeyBucket runs fn in a transaction holding bucket's lock across
	// goroutines and processes, and commits if fn returns nil. fn must not
	// keep tx after it returns. An error from fn is returned as is.
	UpdateKeyBucket(ctx context.Context, bucket int, fn func(tx KeyBucketTx) error) error
}

// KeyBucketTx is one bucket inside UpdateKeyBucket's transaction.
type KeyBucketTx interface {
	// KEKID is the bucket's current KEK ID, "" for a bucket never used.
	KEKID() string
	SetKEKID(id string) error
	// SubjectKeys returns the bucket's keys in ID order.
	SubjectKeys() ([]SubjectKey, error)
	// PutSubjectKey stores a new key of this bucket: ErrDuplicate if the
	// ID is taken or the subject already has a key.
	PutSubjectKey(k SubjectKey) error
	// RewrapSubjectKey replaces the wrapping of one of the bucket's keys.
	RewrapSubjectKey(id, kekID string, wrapped []byte) error
	// DeleteSubjectKeys deletes the subject's key from the bucket and
	// returns how many keys it deleted.
	DeleteSubjectKeys(subject string) (int64, error)
}

// Vault is the key vault, opened apart from the data store (OpenVault). It
// keeps the buckets' key-encryption keys, wrapped by a master key. It is
// small (one row per bucket in use) and changes only when a bucket is
// first used, rotated or rewrapped.
type Vault interface {
	// PutBucketKey stores a new KEK: ErrDuplicate if its ID is taken.
	PutBucketKey(ctx context.Context, k BucketKey) error
	// BucketKey returns the KEK with this ID, or ErrNotFound.
	BucketKey(ctx context.Context, id string) (BucketKey, error)
	// BucketKeys returns every KEK in ID order.
	BucketKeys(ctx context.Context) ([]BucketKey, error)
	// DeleteBucketKey deletes a KEK and reports whether it existed. On
	// SQLite the deleted bytes are overwritten in the database file and
	// the write-ahead log is truncated before it returns, so no file of
	// the vault holds them.
	DeleteBucketKey(ctx context.Context, id string) (bool, error)
	// RewrapBucketKey replaces a KEK's wrapping if it still is old, and
	// reports whether it did.
	RewrapBucketKey(ctx context.Context, id string, old []byte, wrapKeyID string, wrapped []byte) (bool, error)
	Close() error
}

// BucketKey is a bucket's key-encryption key as the vault keeps it:
// wrapped by a master (or KMS) key.
type BucketKey struct {
	ID        string
	Bucket    int
	WrapKeyID string // the master key that wrapped it
	Wrapped   []byte
	CreatedAt time.Time
}

// AuditRecord is one entry of the hash-chained audit log. The store keeps
// its fields byte for byte; what the hashes mean is policy/audit's.
type AuditRecord struct {
	Seq      int64 // 1, 2, 3... without gaps
	At       time.Time
	Actor    string
	Action   string
	Subject  string // pseudonym, or empty
	Object   string // e.g. a call ID, or empty
	Details  string // JSON text
	PrevHash []byte
	Hash     []byte
}

// AuditHead is the end of the chain a new record links to: the last
// record, or after everything was pruned the last checkpoint, or Seq 0 and
// a nil Hash for an empty log.
type AuditHead struct {
	Seq  int64
	Hash []byte
}

// AuditCheckpoint is a signature over the chain up to record Seq.
type AuditCheckpoint struct {
	Seq       int64
	Hash      []byte // the Hash of record Seq
	At        time.Time
	KeyID     string
	Signature []byte
}

// AuditStore keeps the audit log. Records are only appended, and removed
// only from the start of the log, through a checkpoint (PruneAudit).
type AuditStore interface {
	// AppendAudit appends one record while holding the chain's write lock,
	// across goroutines and processes: next receives the current head and
	// returns the record to append, whose Seq must be head.Seq+1, whose
	// PrevHash must be head.Hash (for Seq 1: anything), and whose At must
	// already be UTC at microsecond precision (it is hashed as given). An
	// error from next aborts the append and is returned as is.
	AppendAudit(ctx context.Context, next func(head AuditHead) (AuditRecord, error)) (AuditRecord, error)
	// AuditHead returns the head a record appended now would link to.
	AuditHead(ctx context.Context) (AuditHead, error)
	// AuditRecords returns up to limit records with Seq > afterSeq, in Seq
	// order.
	AuditRecords(ctx context.Context, afterSeq int64, limit int) ([]AuditRecord, error)
	// AuditRecordsOf returns up to limit records about subject with Seq >
	// afterSeq, in Seq order.
	AuditRecordsOf(ctx context.Context, subject string, afterSeq int64, limit int) ([]AuditRecord, error)
	// AddAuditCheckpoint stores a checkpoint; ErrDuplicate if one exists
	// at its Seq.
	AddAuditCheckpoint(ctx context.Context, cp AuditCheckpoint) error
	// AuditCheckpoints returns every checkpoint in Seq order.
	AuditCheckpoints(ctx context.Context) ([]AuditCheckpoint, error)
	// PruneAudit deletes the records with Seq <= throughSeq and the
	// checkpoints before throughSeq, keeping the checkpoint at throughSeq
	// as the anchor of what remains. It returns how many records it
	// deleted, or ErrNotFound if there is no checkpoint at throughSeq.
	PruneAudit(ctx context.Context, throughSeq int64) (int64, error)
}

// ConsentChange is one change of a call's recording consent.
type ConsentChange struct {
	CallID        string
	Seq           int64  // 1, 2, 3... per call
	Subject       string // pseudonym of the caller
	State         string
	Method        string
	Actor         string
	PromptVersion string
	At            time.Time
}

// ConsentStore keeps the consent ledger.
type ConsentStore interface {
	// AddConsentChange stores a change. Its Seq must be one more than the
	// call's last (1 for the first): ErrDuplicate if that Seq is taken,
	// which is how concurrent writers learn they raced.
	AddConsentChange(ctx context.Context, c ConsentChange) error
	// ConsentChanges returns a call's changes in Seq order (none: nil).
	ConsentChanges(ctx context.Context, callID string) ([]ConsentChange, error)
	// ConsentChangesOf returns a subject's changes over all calls, by time
	// (then call ID and Seq).
	ConsentChangesOf(ctx context.Context, subject string) ([]ConsentChange, error)
	// DeleteConsentOf deletes a subject's changes and returns how many.
	DeleteConsentOf(ctx context.Context, subject string) (int64, error)
}

// RawSegment is one final transcript segment before redaction, sealed with
// its subject's key by policy/crypto. The store never sees the text.
type RawSegment struct {
	CallID  string
	Seq     int
	Subject string // pseudonym whose key sealed it
	StartMS int64
	EndMS   int64
	Sealed  []byte
}

// RawTranscriptStore keeps sealed raw segments.
type RawTranscriptStore interface {
	// AddRawSegment stores a sealed segment: ErrNotFound for an unknown
	// call, ErrDuplicate for a (CallID, Seq) already stored.
	AddRawSegment(ctx context.Context, s RawSegment) error
	// RawSegments returns a call's sealed segments in Seq order, or
	// ErrNotFound for an unknown call.
	RawSegments(ctx context.Context, callID string) ([]RawSegment, error)
}

// RetentionStore deletes expired data, at most limit rows per call so a
// pass never holds the write lock for long; callers repeat until a call
// deletes fewer than limit. Each returns how many rows it deleted.
type RetentionStore interface {
	// DeleteCallsEndedBefore deletes calls that ended before cutoff, with
	// everything stored under them (segments, raw segments). Live calls
	// are kept.
	DeleteCallsEndedBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error)
	// DeleteSegmentsBefore deletes redacted segments of calls that started
	// before cutoff.
	DeleteSegmentsBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error)
	// DeleteRawSegmentsBefore deletes sealed raw segments of calls that
	// started before cutoff.
	DeleteRawSegmentsBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error)
	// DeleteConsentBefore deletes consent changes recorded before cutoff,
	// except those of calls still live.
	DeleteConsentBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error)
}

// SubjectStore records which data subject each call belongs to, so that
// erasure and subject access find every call of a caller.
type SubjectStore interface {
	// SetCallSubject records the call's subject (a pseudonym): ErrNotFound
	// for an unknown call, ErrDuplicate if the call already has one.
	SetCallSubject(ctx context.Context, callID, subject string) error
	// CallSubject returns the call's subject, or ErrNotFound if it has none.
	CallSubject(ctx context.Context, callID string) (string, error)
	// CallsOf returns the subject's calls, oldest first.
	CallsOf(ctx context.Context, subject string) ([]Call, error)
	// DeleteCallsOf deletes the subject's calls with everything stored
	// under them (segments, raw segments, recordings rows) and returns how
	// many calls it deleted.
	DeleteCallsOf(ctx context.Context, subject string) (int64, error)
}

// Recording is a consent-gated recording of a call: its ciphertext is a
// file (policy/recording), this is what the store knows of it.
type Recording struct {
	CallID     string
	Subject    string // pseudonym whose key sealed it
	File       string // file name in the recordings directory
	SampleRate int
	OffsetMS   int64 // the call's media time of the first recorded sample
	DurationMS int64 // recorded so far; final once EndedAt is set
	Complete   bool  // the file ends with its final chunk
	StartedAt  time.Time
	EndedAt    time.Time // zero while recording
}

// Mute is a span of a call's media time (milliseconds) that a recording
// must not play: Kind says what was there (an entity type, "dtmf"), never
// what it was.
type Mute struct {
	StartMS int64
	EndMS   int64
	Kind    string
}

// RecordingStore keeps the recordings' metadata and mutes.
type RecordingStore interface {
	// AddRecording stores a new recording: ErrNotFound for an unknown
	// call, ErrDuplicate if the call already has one or the file name is
	// taken.
	AddRecording(ctx context.Context, r Recording) error
	// FinishRecording sets a recording's duration, completeness and end
	// time: ErrNotFound if there is no recording of the call.
	FinishRecording(ctx context.Context, callID string, durationMS int64, complete bool, endedAt time.Time) error
	// Recording returns the call's recording, or ErrNotFound.
	Recording(ctx context.Context, callID string) (Recording, error)
	// RecordingsOf returns the subject's recordings, oldest first.
	RecordingsOf(ctx context.Context, subject string) ([]Recording, error)
	// RecordingsEndedBefore returns up to limit recordings that ended
	// before cutoff, oldest first.
	RecordingsEndedBefore(ctx context.Context, cutoff time.Time, limit int) ([]Recording, error)
	// DeleteRecording deletes the call's recording row and its mutes and
	// reports whether there was one. The file is the caller's to delete.
	DeleteRecording(ctx context.Context, callID string) (bool, error)
	// AddRecordingMutes stores spans to mute: ErrNotFound if there is no
	// recording of the call.
	AddRecordingMutes(ctx context.Context, callID string, mutes []Mute) error
	// RecordingMutes returns the call's mutes by start time.
	RecordingMutes(ctx context.Context, callID string) ([]Mute, error)
}
