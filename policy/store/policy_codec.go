package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"time"
)

// Validation of the policy sub-stores' inputs, shared by both backends so
// they accept and refuse the same values.

func checkRequired(kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			return fmt.Errorf("store: empty %s", kv[i])
		}
	}
	return checkStrings(kv...)
}

func checkBytes(field string, b []byte) error {
	if len(b) == 0 {
		return fmt.Errorf("store: empty %s", field)
	}
	return nil
}

func requireTime(field string, t time.Time) (time.Time, error) {
	if t.IsZero() {
		return time.Time{}, fmt.Errorf("store: zero %s", field)
	}
	return normTime(field, t)
}

func checkPositiveLimit(limit int) error {
	if limit <= 0 {
		return fmt.Errorf("store: limit %d, want > 0", limit)
	}
	return nil
}

func prepareSubjectKey(k SubjectKey, bucket int) (SubjectKey, error) {
	if err := checkRequired("key ID", k.ID, "subject", k.Subject, "KEK ID", k.KEKID); err != nil {
		return SubjectKey{}, err
	}
	if k.Bucket != bucket {
		return SubjectKey{}, fmt.Errorf("store: subject key of bucket %d put in bucket %d", k.Bucket, bucket)
	}
	if err := checkBytes("wrapped key", k.Wrapped); err != nil {
		return SubjectKey{}, err
	}
	var err error
	k.CreatedAt, err = requireTime("key creation time", k.CreatedAt)
	return k, err
}

func checkBucket(bucket int) error {
	if bucket < 0 || bucket > math.MaxInt32 {
		return fmt.Errorf("store: key bucket %d out of range", bucket)
	}
	return nil
}

func prepareBucketKey(k BucketKey) (BucketKey, error) {
	if err := checkRequired("bucket key ID", k.ID, "wrap key ID", k.WrapKeyID); err != nil {
		return BucketKey{}, err
	}
	if err := checkBucket(k.Bucket); err != nil {
		return BucketKey{}, err
	}
	if err := checkBytes("wrapped bucket key", k.Wrapped); err != nil {
		return BucketKey{}, err
	}
	var err error
	k.CreatedAt, err = requireTime("bucket key creation time", k.CreatedAt)
	return k, err
}

func prepareRewrap(id string, old []byte, wrapKeyID string, wrapped []byte) error {
	if err := checkRequired("key ID", id, "wrap key ID", wrapKeyID); err != nil {
		return err
	}
	return errors.Join(checkBytes("old wrapped key", old), checkBytes("wrapped key", wrapped))
}

// checkAuditRecord checks the record next returned against the head it
// was given.
func checkAuditRecord(head AuditHead, r AuditRecord) error {
	if r.Seq != head.Seq+1 {
		return fmt.Errorf("store: audit record seq %d does not follow head %d", r.Seq, head.Seq)
	}
	if head.Seq > 0 && !bytes.Equal(r.PrevHash, head.Hash) {
		return fmt.Errorf("store: audit record %d does not link to the head's hash", r.Seq)
	}
	if err := checkRequired("audit actor", r.Actor, "audit action", r.Action); err != nil {
		return err
	}
	if err := checkStrings("audit subject", r.Subject, "audit object", r.Object, "audit details", r.Details); err != nil {
		return err
	}
	if err := errors.Join(checkBytes("audit prev hash", r.PrevHash), checkBytes("audit hash", r.Hash)); err != nil {
		return err
	}
	if r.At.IsZero() {
		return errors.New("store: zero audit time")
	}
	norm, err := normTime("audit time", r.At)
	if err != nil {
		return err
	}
	if !norm.Equal(r.At) || r.At.Location() != time.UTC {
		return fmt.Errorf("store: audit record %d time must be UTC at microsecond precision, since it is hashed as given", r.Seq)
	}
	return nil
}

func prepareCheckpoint(cp AuditCheckpoint) (AuditCheckpoint, error) {
	if cp.Seq <= 0 {
		return AuditCheckpoint{}, fmt.Errorf("store: checkpoint seq %d, want > 0", cp.Seq)
	}
	if err := checkRequired("checkpoint key ID", cp.KeyID); err != nil {
		return AuditCheckpoint{}, err
	}
	if err := errors.Join(checkBytes("checkpoint hash", cp.Hash), checkBytes("checkpoint signature", cp.Signature)); err != nil {
		return AuditCheckpoint{}, err
	}
	var err error
	cp.At, err = requireTime("checkpoint time", cp.At)
	return cp, err
}

func prepareConsent(c ConsentChange) (ConsentChange, error) {
	if c.Seq <= 0 {
		return ConsentChange{}, fmt.Errorf("store: consent seq %d, want > 0", c.Seq)
	}
	if err := checkRequired("call ID", c.CallID, "consent subject", c.Subject, "consent state", c.State,
		"consent method", c.Method, "consent actor", c.Actor); err != nil {
		return ConsentChange{}, err
	}
	if err := checkString("prompt version", c.PromptVersion); err != nil {
		return ConsentChange{}, err
	}
	var err error
	c.At, err = requireTime("consent time", c.At)
	return c, err
}

func prepareRawSegment(s RawSegment) error {
	if s.Seq < 0 {
		return fmt.Errorf("store: negative raw segment seq %d", s.Seq)
	}
	if err := checkRequired("call ID", s.CallID, "raw segment subject", s.Subject); err != nil {
		return err
	}
	return checkBytes("sealed raw segment", s.Sealed)
}

func prepareCutoff(cutoff time.Time, limit int) (time.Time, error) {
	if err := checkPositiveLimit(limit); err != nil {
		return time.Time{}, err
	}
	return requireTime("cutoff", cutoff)
}

func prepareRecording(r Recording) (Recording, error) {
	if err := checkRequired("call ID", r.CallID, "recording subject", r.Subject, "recording file", r.File); err != nil {
		return Recording{}, err
	}
	if r.SampleRate <= 0 || r.OffsetMS < 0 || r.DurationMS < 0 {
		return Recording{}, fmt.Errorf("store: recording of call %s: sample rate, offset and duration must not be negative", r.CallID)
	}
	var err error
	if r.StartedAt, err = requireTime("recording start", r.StartedAt); err != nil {
		return Recording{}, err
	}
	if !r.EndedAt.IsZero() {
		if r.EndedAt, err = normTime("recording end", r.EndedAt); err != nil {
			return Recording{}, err
		}
	}
	return r, nil
}

func prepareMutes(callID string, mutes []Mute) error {
	if err := checkRequired("call ID", callID); err != nil {
		return err
	}
	for _, m := range mutes {
		if m.StartMS < 0 || m.EndMS < m.StartMS {
			return fmt.Errorf("store: mute %d..%d ms of call %s: want 0 <= start <= end", m.StartMS, m.EndMS, callID)
		}
		if err := checkRequired("mute kind", m.Kind); err != nil {
			return err
		}
	}
	return nil
}
