package privacy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/retention"
	"github.com/earshot/earshot/policy/store"
)

// Erasure is what Forget deleted.
type Erasure struct {
	Subject        string `json:"subject"` // pseudonym
	KeyDestroyed   bool   `json:"key_destroyed"`
	Calls          int64  `json:"calls"`
	Recordings     int64  `json:"recordings"`
	RawSegments    int64  `json:"raw_segments"`
	ConsentChanges int64  `json:"consent_changes"`
	LiveStopped    int    `json:"live_recordings_stopped"`
}

// Forget erases the data subject identified by caller (a phone number as
// the caller dialled from, or another SIP user): their live recordings
// stop and are deleted, their key is destroyed (so no copy of the data,
// backups included, decrypts their recordings or raw text again), and
// their recordings, calls with transcripts and consent changes are
// deleted. Audit records stay, naming them only by pseudonym, and the
// erasure itself is audited. Forgetting twice is not an error.
func (s *Service) Forget(ctx context.Context, caller, actor string) (Erasure, error) {
	subject, err := s.Subject(caller)
	if err != nil {
		return Erasure{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	e := Erasure{Subject: subject}
	// Live recordings first: their writers hold the key.
	s.mu.Lock()
	var live []*Call
	for _, c := range s.calls {
		if c.subject == subject {
			live = append(live, c)
		}
	}
	s.mu.Unlock()
	for _, c := range live {
		c.forgotten.Store(true)
		if c.tap != nil {
			if err := c.tap.Discard(ctx); err != nil {
				return e, err
			}
			e.LiveStopped++
		}
	}
	// Then the key: from here nothing of theirs decrypts, whatever fails
	// below.
	if e.KeyDestroyed, err = s.cfg.Keys.DestroySubjectKey(ctx, subject); err != nil {
		return e, err
	}
	if s.cfg.Recorder != nil {
		if e.Recordings, err = s.cfg.Recorder.DeleteOf(ctx, subject); err != nil {
			return e, err
		}
	}
	calls, err := s.cfg.Store.CallsOf(ctx, subject)
	if err != nil {
		return e, err
	}
	for _, c := range calls {
		raw, err := s.cfg.Store.RawSegments(ctx, c.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return e, err
		}
		e.RawSegments += int64(len(raw))
	}
	if e.Calls, err = s.cfg.Store.DeleteCallsOf(ctx, subject); err != nil {
		return e, err
	}
	if e.ConsentChanges, err = s.ledger.Forget(ctx, subject); err != nil {
		return e, err
	}
	_, err = s.cfg.Audit.Append(ctx, audit.Entry{Actor: actor, Action: audit.SubjectErase, Subject: subject, Details: map[string]any{
		"key_destroyed": e.KeyDestroyed, "calls": e.Calls, "recordings": e.Recordings,
		"raw_segments": e.RawSegments, "consent_changes": e.ConsentChanges, "live_recordings_stopped": e.LiveStopped,
	}})
	if err != nil {
		return e, fmt.Errorf("privacy: erasure done, but not audited: %w", err)
	}
	return e, nil
}

// Report is the personal-data report of one data subject (GDPR Art. 15):
// what Earshot holds about them, and until when.
type Report struct {
	Subject     string          `json:"subject"` // pseudonym
	GeneratedAt time.Time       `json:"generated_at"`
	Calls       []ReportCall    `json:"calls"`
	Consents    []ReportConsent `json:"consents"`
	// AuditRecords is how many audit records name the subject; they are
	// kept until AuditKeptUntil (from the oldest), null for ever.
	AuditRecords   int               `json:"audit_records"`
	AuditKeptUntil *time.Time        `json:"audit_kept_until"`
	Retention      map[string]string `json:"retention"` // class to TTL ("0": for ever)
}

// ReportCall is one call of the subject.
type ReportCall struct {
	ID        string     `json:"id"`
	Channel   string     `json:"channel"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at"`
	// KeptUntil is when the call's metadata is deleted; null while the
	// call is live or if it is kept for ever.
	KeptUntil  *time.Time      `json:"kept_until"`
	Transcript []ReportSegment `json:"transcript"`
	// TranscriptKeptUntil: when the redacted transcript is deleted.
	TranscriptKeptUntil *time.Time `json:"transcript_kept_until"`
	// RawSegments is how many raw transcript segments are held, sealed
	// under the subject's key (their text is not in the report: it would
	// need the key to be used outside the data path), until RawKeptUntil.
	RawSegments  int              `json:"raw_segments"`
	RawKeptUntil *time.Time       `json:"raw_kept_until"`
	Recording    *ReportRecording `json:"recording"`
}

// ReportSegment is a redacted transcript segment.
type ReportSegment struct {
	Seq     int    `json:"seq"`
	StartMS int64  `json:"start_ms"`
	EndMS   int64  `json:"end_ms"`
	Text    string `json:"text"`
}

// ReportRecording is a recording held.
type ReportRecording struct {
	OffsetMS   int64      `json:"offset_ms"`
	DurationMS int64      `json:"duration_ms"`
	MutedSpans int        `json:"muted_spans"`
	Encrypted  bool       `json:"encrypted"`
	KeptUntil  *time.Time `json:"kept_until"`
}

// ReportConsent is one consent change.
type ReportConsent struct {
	CallID        string     `json:"call_id"`
	State         string     `json:"state"`
	Method        string     `json:"method"`
	Actor         string     `json:"actor"`
	PromptVersion string     `json:"prompt_version,omitempty"`
	At            time.Time  `json:"at"`
	KeptUntil     *time.Time `json:"kept_until"`
}

// until returns t plus the class's TTL, nil for ever or for a zero t.
func (s *Service) until(c retention.Class, t time.Time) *time.Time {
	ttl := s.cfg.Retention[c]
	if ttl == 0 || t.IsZero() {
		return nil
	}
	u := t.Add(ttl).UTC()
	return &u
}

// Export builds the personal-data report of the data subject identified
// by caller and audits it.
func (s *Service) Export(ctx context.Context, caller, actor string) (Report, error) {
	subject, err := s.Subject(caller)
	if err != nil {
		return Report{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	r := Report{Subject: subject, GeneratedAt: s.cfg.Now().UTC(), Calls: []ReportCall{}, Consents: []ReportConsent{},
		Retention: map[string]string{}}
	for _, c := range retention.Classes() {
		r.Retention[string(c)] = s.cfg.Retention[c].String()
		if s.cfg.Retention[c] == 0 {
			r.Retention[string(c)] = "0"
		}
	}
	calls, err := s.cfg.Store.CallsOf(ctx, subject)
	if err != nil {
		return Report{}, err
	}
	for _, c := range calls {
		rc := ReportCall{ID: c.ID, Channel: c.Channel, StartedAt: c.StartedAt.UTC(), Transcript: []ReportSegment{}}
		if !c.EndedAt.IsZero() {
			e := c.EndedAt.UTC()
			rc.EndedAt = &e
			rc.KeptUntil = s.until(retention.CallMetadata, e)
		}
		rc.TranscriptKeptUntil = s.until(retention.RedactedTranscript, c.StartedAt)
		rc.RawKeptUntil = s.until(retention.RawTranscript, c.StartedAt)
		segs, err := s.cfg.Store.Segments(ctx, c.ID)
		if err != nil {
			return Report{}, err
		}
		for _, sg := range segs {
			rc.Transcript = append(rc.Transcript, ReportSegment{Seq: sg.Seq, StartMS: sg.StartMS, EndMS: sg.EndMS, Text: sg.Redacted.Text()})
		}
		raw, err := s.cfg.Store.RawSegments(ctx, c.ID)
		if err != nil {
			return Report{}, err
		}
		rc.RawSegments = len(raw)
		if s.cfg.Recorder != nil {
			rec, err := s.cfg.Store.Recording(ctx, c.ID)
			switch {
			case err == nil:
				mutes, err := s.cfg.Store.RecordingMutes(ctx, c.ID)
				if err != nil {
					return Report{}, err
				}
				rc.Recording = &ReportRecording{OffsetMS: rec.OffsetMS, DurationMS: rec.DurationMS, MutedSpans: len(mutes),
					Encrypted: true, KeptUntil: s.until(retention.Audio, rec.EndedAt)}
			case !errors.Is(err, store.ErrNotFound):
				return Report{}, err
			}
		}
		r.Calls = append(r.Calls, rc)
	}
	changes, err := s.ledger.BySubject(ctx, subject)
	if err != nil {
		return Report{}, err
	}
	for _, ch := range changes {
		r.Consents = append(r.Consents, ReportConsent{CallID: ch.CallID, State: string(ch.State), Method: string(ch.Method),
			Actor: ch.Actor, PromptVersion: ch.PromptVersion, At: ch.At.UTC(), KeptUntil: s.until(retention.CallMetadata, ch.At)})
	}
	var after int64
	var oldest time.Time
	for {
		recs, err := s.cfg.Store.AuditRecordsOf(ctx, subject, after, 1000)
		if err != nil {
			return Report{}, err
		}
		for _, a := range recs {
			if oldest.IsZero() {
				oldest = a.At
			}
		}
		r.AuditRecords += len(recs)
		if len(recs) < 1000 {
			break
		}
		after = recs[len(recs)-1].Seq
	}
	_, err = s.cfg.Audit.Append(ctx, audit.Entry{Actor: actor, Action: audit.SubjectExport, Subject: subject,
		Details: map[string]any{"calls": len(r.Calls), "consent_changes": len(r.Consents)}})
	if err != nil {
		return Report{}, fmt.Errorf("privacy: audit export: %w", err)
	}
	// The export record itself names the subject.
	r.AuditRecords++
	if oldest.IsZero() {
		oldest = r.GeneratedAt
	}
	r.AuditKeptUntil = s.until(retention.Audit, oldest)
	return r, nil
}
