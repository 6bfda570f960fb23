// Package audit is Earshot's tamper-evident audit log: who read a
// transcript or a recording, changed consent, erased or exported a data
// subject, logged in, changed configuration, and what retention deleted.
//
// # Chain
//
// Records are appended to the store (store.AuditStore) with seq 1, 2, 3...
// Each record's hash is SHA-256 over a canonical encoding of all its
// fields and the previous record's hash (32 zero bytes before the first),
// so editing, deleting, inserting or reordering a record breaks the chain
// at that seq. Appends are serialised by the store across goroutines and
// processes (BEGIN IMMEDIATE on SQLite, a transaction advisory lock on
// PostgreSQL), so the chain never forks.
//
// # Checkpoints
//
// Someone with write access to the database could rewrite the chain from
// an edited record onward, recomputing every hash, or delete the newest
// records. Checkpoints stop both: every CheckpointEvery records, and on
// demand (Checkpoint), the log signs (Ed25519) the seq and hash of its
// head. A rewrite then contradicts the next signed checkpoint, and deleting
// records below the last checkpoint leaves a checkpoint pointing past the
// end. Records after the last checkpoint are protected only against naive
// edits; checkpoint often (on a timer, at shutdown) to shrink that window.
// Deleting the checkpoints too is caught by a Witness, a copy of the latest
// checkpoint kept outside the database (FileWitness: a file in the key
// directory), which Verify compares with the log.
//
// # Pruning
//
// Retention deletes the oldest records only through a checkpoint (Prune),
// which stays as the signed anchor of what remains, after appending a
// retention.delete record that names the seq it prunes through: Verify
// accepts a log starting after seq 1 only with both.
//
// # Personal data
//
// Subjects are pseudonyms (crypto.IsPseudonym), never raw numbers. Details
// must not carry personal data: Append refuses a string value that holds a
// run of 7 or more digits, spaces and dots allowed between them (a phone or
// card number as people write them), though it cannot catch everything;
// put counts in numbers and identifiers in Object.
//
// A Log is safe for concurrent use and starts no goroutine.
package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
)

// Action is what an audit record records.
type Action string

// The actions. Append refuses any other.
const (
	TranscriptRead    Action = "transcript.read"     // redacted transcript viewed
	TranscriptReadRaw Action = "transcript.read_raw" // raw transcript viewed (invariant 2)
	RecordingRead     Action = "recording.read"
	ConsentChange     Action = "consent.change"
	SubjectErase      Action = "subject.erase"
	SubjectExport     Action = "subject.export"
	Login             Action = "login"
	LoginFailed       Action = "login.failed"
	ConfigChange      Action = "config.change"
	RetentionDelete   Action = "retention.delete"
	KeyRotate         Action = "key.rotate"
)

var actions = map[Action]bool{
	TranscriptRead: true, TranscriptReadRaw: true, RecordingRead: true, ConsentChange: true,
	SubjectErase: true, SubjectExport: true, Login: true, LoginFailed: true, ConfigChange: true,
	RetentionDelete: true, KeyRotate: true,
}

// Valid reports whether a is one of the actions.
func (a Action) Valid() bool { return actions[a] }

// Entry is what a caller records; Append adds seq, time and hashes.
type Entry struct {
	Actor   string         // who: "user:ann", "system:retention"
	Action  Action         //
	Subject string         // pseudonym of the data subject, or ""
	Object  string         // what: a call ID, a setting name, or ""
	Details map[string]any // a JSON object without personal data, or nil
}

// DefaultCheckpointEvery is how many records pass between automatic
// checkpoints when Config.CheckpointEvery is 0.
const DefaultCheckpointEvery = 1000

// Config configures a Log.
type Config struct {
	Store store.AuditStore
	// SigningKey signs checkpoints (see LoadSigningKey).
	SigningKey ed25519.PrivateKey
	// TrustedKeys verify checkpoints signed by earlier signing keys; the
	// signing key's own public key is always trusted.
	TrustedKeys []ed25519.PublicKey
	// CheckpointEvery is how many records pass between automatic
	// checkpoints: 0 means DefaultCheckpointEvery, negative means never.
	CheckpointEvery int
	// Witness, if set, receives every checkpoint and is checked by Verify.
	Witness Witness
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Log appends to and verifies the audit log.
type Log struct {
	st      store.AuditStore
	signer  ed25519.PrivateKey
	keyID   string
	trusted map[string]ed25519.PublicKey
	every   int64
	witness Witness
	now     func() time.Time
}

// New returns a Log.
func New(cfg Config) (*Log, error) {
	if cfg.Store == nil {
		return nil, errors.New("audit: no store")
	}
	if len(cfg.SigningKey) != ed25519.PrivateKeySize {
		return nil, errors.New("audit: no signing key")
	}
	l := &Log{st: cfg.Store, signer: cfg.SigningKey, trusted: map[string]ed25519.PublicKey{},
		every: int64(cfg.CheckpointEvery), witness: cfg.Witness, now: cfg.Now}
	pub := cfg.SigningKey.Public().(ed25519.PublicKey)
	l.keyID = KeyID(pub)
	l.trusted[l.keyID] = pub
	for _, k := range cfg.TrustedKeys {
		if len(k) != ed25519.PublicKeySize {
			return nil, errors.New("audit: trusted key of the wrong size")
		}
		l.trusted[KeyID(k)] = k
	}
	if l.every == 0 {
		l.every = DefaultCheckpointEvery
	}
	if l.now == nil {
		l.now = time.Now
	}
	return l, nil
}

// KeyID names a checkpoint signing key: "ak-" and 16 hex digits of its
// SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	return "ak-" + hex.EncodeToString(h[:8])
}

// LoadSigningKey reads the checkpoint signing key's seed from path (hex or
// base64, see crypto.ParseSecret), creating the file with a new seed if it
// does not exist. Keep it in the key directory, not beside the database:
// whoever holds it can sign a rewritten log.
func LoadSigningKey(path string) (ed25519.PrivateKey, error) {
	seed, _, err := crypto.LoadOrCreateSecretFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: signing key: %w", err)
	}
	key := ed25519.NewKeyFromSeed(seed[:])
	clear(seed[:])
	return key, nil
}

// maxDetailString bounds a string in details.
const maxDetailString = 256

// checkDetails refuses values that look like personal data or are not
// plain JSON.
func checkDetails(v any, path string) error {
	switch v := v.(type) {
	case nil, bool, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, json.Number:
		return nil
	case string:
		if len(v) > maxDetailString || !utf8.ValidString(v) {
			return fmt.Errorf("audit: details %s: strings must be valid UTF-8 of at most %d bytes", path, maxDetailString)
		}
		run := 0
		for _, c := range v {
			if c >= '0' && c <= '9' {
				if run++; run >= 7 {
					return fmt.Errorf("audit: details %s holds a run of digits, which may be a phone or card number; record counts as numbers and identifiers in Object", path)
				}
			} else if c != ' ' && c != '.' {
				run = 0 // '-' ends a run: dates (2025-03-01) are fine
			}
		}
		return nil
	case map[string]any:
		for k, x := range v {
			if err := checkDetails(k, path+" key"); err != nil {
				return err
			}
			if err := checkDetails(x, path+"."+k); err != nil {
				return err
			}
		}
		return nil
	case []any:
		for i, x := range v {
			if err := checkDetails(x, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case []string:
		for i, x := range v {
			if err := checkDetails(x, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	default:
		return fmt.Errorf("audit: details %s has a value of type %T; use strings, numbers, booleans, lists and maps", path, v)
	}
}

// prepare validates e and returns its details as canonical JSON (keys
// sorted, no spaces).
func prepare(e Entry) (string, error) {
	if e.Actor == "" {
		return "", errors.New("audit: empty actor")
	}
	if !e.Action.Valid() {
		return "", fmt.Errorf("audit: unknown action %q", e.Action)
	}
	if e.Subject != "" && !crypto.IsPseudonym(e.Subject) {
		return "", errors.New("audit: subject is not a pseudonym")
	}
	if e.Details == nil {
		return "{}", nil
	}
	if err := checkDetails(map[string]any(e.Details), "details"); err != nil {
		return "", err
	}
	b, err := json.Marshal(e.Details)
	if err != nil {
		return "", fmt.Errorf("audit: details: %w", err)
	}
	return string(b), nil
}

// genesis is the previous hash of record 1.
var genesis = make([]byte, sha256.Size)

// Hash returns the hash of a record: SHA-256 over a domain tag, seq, time
// in microseconds, each text field and the previous hash, each variable
// field preceded by its length.
func Hash(r store.AuditRecord) []byte {
	h := sha256.New()
	var b [8]byte
	h.Write([]byte("earshot/audit/v1\x00"))
	binary.BigEndian.PutUint64(b[:], uint64(r.Seq))
	h.Write(b[:])
	binary.BigEndian.PutUint64(b[:], uint64(r.At.UnixMicro()))
	h.Write(b[:])
	for _, f := range [][]byte{[]byte(r.Actor), []byte(r.Action), []byte(r.Subject), []byte(r.Object), []byte(r.Details), r.PrevHash} {
		binary.BigEndian.PutUint32(b[:4], uint32(len(f)))
		h.Write(b[:4])
		h.Write(f)
	}
	return h.Sum(nil)
}

// Append appends an entry and returns the stored record. Every
// CheckpointEvery records it also signs a checkpoint; if that fails the
// record is stored all the same and the error says so.
func (l *Log) Append(ctx context.Context, e Entry) (store.AuditRecord, error) {
	details, err := prepare(e)
	if err != nil {
		return store.AuditRecord{}, err
	}
	rec, err := l.st.AppendAudit(ctx, func(h store.AuditHead) (store.AuditRecord, error) {
		prev := h.Hash
		if h.Seq == 0 {
			prev = genesis
		}
		r := store.AuditRecord{
			Seq: h.Seq + 1, At: l.now().UTC().Truncate(time.Microsecond),
			Actor: e.Actor, Action: string(e.Action), Subject: e.Subject, Object: e.Object,
			Details: details, PrevHash: prev,
		}
		r.Hash = Hash(r)
		return r, nil
	})
	if err != nil {
		return store.AuditRecord{}, fmt.Errorf("audit: append: %w", err)
	}
	if l.every > 0 && rec.Seq%l.every == 0 {
		if _, err := l.sign(ctx, rec.Seq, rec.Hash); err != nil {
			return rec, fmt.Errorf("audit: record %d appended, but its checkpoint failed: %w", rec.Seq, err)
		}
	}
	return rec, nil
}

func checkpointMessage(cp store.AuditCheckpoint) []byte {
	var b bytes.Buffer
	var n [8]byte
	b.WriteString("earshot/audit-checkpoint/v1\x00")
	binary.BigEndian.PutUint64(n[:], uint64(cp.Seq))
	b.Write(n[:])
	b.Write(cp.Hash)
	binary.BigEndian.PutUint64(n[:], uint64(cp.At.UnixMicro()))
	b.Write(n[:])
	b.WriteString(cp.KeyID)
	return b.Bytes()
}

// sign stores and publishes a checkpoint of record seq. A checkpoint that
// already exists at seq (another process signed it) is not an error.
func (l *Log) sign(ctx context.Context, seq int64, hash []byte) (store.AuditCheckpoint, error) {
	cp := store.AuditCheckpoint{Seq: seq, Hash: hash, At: l.now().UTC().Truncate(time.Microsecond), KeyID: l.keyID}
	cp.Signature = ed25519.Sign(l.signer, checkpointMessage(cp))
	err := l.st.AddAuditCheckpoint(ctx, cp)
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		return store.AuditCheckpoint{}, err
	}
	if l.witness != nil {
		if err := l.witness.Publish(ctx, cp); err != nil {
			return cp, fmt.Errorf("audit: publish checkpoint to the witness: %w", err)
		}
	}
	return cp, nil
}

// Checkpoint signs the current head now and returns the checkpoint. On an
// empty log it does nothing and returns a zero checkpoint.
func (l *Log) Checkpoint(ctx context.Context) (store.AuditCheckpoint, error) {
	h, err := l.st.AuditHead(ctx)
	if err != nil || h.Seq == 0 {
		return store.AuditCheckpoint{}, err
	}
	return l.sign(ctx, h.Seq, h.Hash)
}

// checkSignature verifies a checkpoint's signature with a trusted key.
func (l *Log) checkSignature(cp store.AuditCheckpoint) error {
	pub, ok := l.trusted[cp.KeyID]
	if !ok {
		return fmt.Errorf("signed by an untrusted key %s", cp.KeyID)
	}
	if !ed25519.Verify(pub, checkpointMessage(cp), cp.Signature) {
		return errors.New("signature does not verify")
	}
	return nil
}
