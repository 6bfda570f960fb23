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
// data: the audit log, the consent ledger, sealed raw transcripts and the
// retention deletes.
type Database interface {
	Store
	AuditStore
	ConsentStore
	RawTranscriptStore
	RetentionStore
}

// Vault is the key store opened apart from the data (OpenVault). It holds
// the wrapped per-subject data keys, and nothing else is written to it.
type Vault interface {
	KeyStore
	Close() error
}

// SubjectKey is one data subject's data key as the vault keeps it: wrapped
// by a master key, never in clear.
type SubjectKey struct {
	ID        string // random; ciphertexts name their key by it
	Subject   string // pseudonym of the data subject, never a raw number
	WrapKeyID string // the master (or KMS) key that wrapped it
	Wrapped   []byte
	CreatedAt time.Time
}

// KeyStore keeps wrapped subject keys, at most one per subject.
type KeyStore interface {
	// PutSubjectKey stores a new key. It returns ErrDuplicate if the ID is
	// taken or the subject already has a key; nothing is overwritten.
	PutSubjectKey(ctx context.Context, k SubjectKey) error
	// SubjectKey returns the key with this ID, or ErrNotFound.
	SubjectKey(ctx context.Context, id string) (SubjectKey, error)
	// SubjectKeyOf returns the subject's key, or ErrNotFound.
	SubjectKeyOf(ctx context.Context, subject string) (SubjectKey, error)
	// DeleteSubjectKeys deletes the subject's key and returns how many keys
	// it deleted (0 is not an error). On SQLite the deleted bytes are
	// overwritten in the database file and the write-ahead log is
	// truncated before it returns.
	DeleteSubjectKeys(ctx context.Context, subject string) (int64, error)
	// SubjectKeysNotWrappedBy returns up to limit keys whose WrapKeyID is
	// not wrapKeyID, in ID order.
	SubjectKeysNotWrappedBy(ctx context.Context, wrapKeyID string, limit int) ([]SubjectKey, error)
	// RewrapSubjectKey replaces the wrapping of key id if it still is old,
	// and reports whether it did: a key deleted or rewrapped meanwhile is
	// left alone.
	RewrapSubjectKey(ctx context.Context, id string, old []byte, wrapKeyID string, wrapped []byte) (bool, error)
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
	// DeleteConsentBefore deletes consent changes recorded before cutoff.
	DeleteConsentBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error)
}
