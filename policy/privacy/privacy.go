package privacy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/consent"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/recording"
	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/retention"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
)

// Errors of the Service, for the API to map to status codes.
var (
	// ErrUnknownCall: no such call in the store (404).
	ErrUnknownCall = errors.New("privacy: unknown call")
	// ErrNoSubject: the call has no data subject, so no consent can be
	// recorded for it (409).
	ErrNoSubject = errors.New("privacy: the call has no identified caller")
	// ErrNoRecording: the call has no recording, or it was erased (404).
	ErrNoRecording = errors.New("privacy: no recording")
	// ErrInvalid: a malformed request (400).
	ErrInvalid = errors.New("privacy: invalid request")
)

// Config wires a Service.
type Config struct {
	Store store.Database
	Keys  *crypto.Keys
	// Pseudonyms turns callers' numbers into pseudonyms.
	Pseudonyms *crypto.Pseudonymizer
	Audit      *audit.Log
	// Recorder keeps recordings; nil means calls are never recorded.
	Recorder *recording.Recorder
	// Retention is the policy in force, for the report's "kept until".
	Retention retention.Policy
	// DeleteOnWithdraw deletes a call's recording when consent is
	// withdrawn; otherwise what was recorded until then is kept.
	DeleteOnWithdraw bool
	// KeepRaw keeps each final's raw text, sealed under the subject's key
	// and without CVVs; otherwise only redacted text is stored.
	KeepRaw bool
	// OnConsent, if set, is told every consent change (for the console's
	// event stream). It must not block.
	OnConsent func(consent.Change)
	Now       func() time.Time
	Log       *slog.Logger
}

// Service is Earshot's privacy rules for calls, consoles and admins.
type Service struct {
	cfg    Config
	ledger *consent.Ledger

	mu    sync.Mutex
	calls map[string]*Call
}

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Keys == nil || cfg.Pseudonyms == nil || cfg.Audit == nil {
		return nil, errors.New("privacy: store, keys, pseudonyms and audit log are required")
	}
	if cfg.Retention == nil {
		cfg.Retention = retention.DefaultPolicy()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{
		cfg:    cfg,
		ledger: consent.NewLedger(cfg.Store, cfg.Audit, cfg.Now),
		calls:  map[string]*Call{},
	}, nil
}

// Ledger returns the consent ledger.
func (s *Service) Ledger() *consent.Ledger { return s.ledger }

// Audit returns the audit log.
func (s *Service) Audit() *audit.Log { return s.cfg.Audit }

// Subject returns the pseudonym of a caller's identifier: a phone number
// (E.164 or with separators) through Phone, anything else as a
// "sip-user" identity. It never logs or returns the identifier.
func (s *Service) Subject(caller string) (string, error) {
	if caller == "" {
		return "", fmt.Errorf("%w: empty caller", ErrInvalid)
	}
	if _, err := crypto.NormalizePhone(caller); err == nil {
		return s.cfg.Pseudonyms.Phone(caller)
	}
	return s.cfg.Pseudonyms.Identity("sip-user", caller)
}

// CallStart describes a call that is starting. The call's row must exist
// in the store (pipeline.Start creates it first).
type CallStart struct {
	CallID string
	// Caller is the SIP From user part or the WebRTC identity; "" if
	// unknown, and then the call can be neither recorded nor erased by
	// subject. It is personal data: it is pseudonymised and dropped.
	Caller string
	// ConsentHeader is the value of the consent SIP header, "" if absent.
	ConsentHeader string
}

// Call is one call's privacy state.
type Call struct {
	s       *Service
	id      string
	subject string
	tap     *recording.Tap
	gate    *consent.Gate
	log     *slog.Logger
	// forgotten is set when the subject is erased during the call: nothing
	// more of theirs is kept.
	forgotten atomic.Bool

	closeOnce sync.Once
	closeErr  error
}

// StartCall pseudonymises the caller, records the call's subject and
// header consent, and arms the recording gate. A call whose caller cannot
// be pseudonymised gets no subject and is never recorded.
func (s *Service) StartCall(ctx context.Context, cs CallStart) (*Call, error) {
	c := &Call{s: s, id: cs.CallID, log: s.cfg.Log.With("call", cs.CallID)}
	if cs.Caller == "" {
		return c, nil
	}
	subject, err := s.Subject(cs.Caller)
	if err != nil {
		c.log.Warn("caller cannot be pseudonymised; call is not recorded", "err", err)
		return c, nil
	}
	c.subject = subject
	if err := s.cfg.Store.SetCallSubject(ctx, cs.CallID, subject); err != nil {
		return nil, fmt.Errorf("privacy: %w", err)
	}
	if s.cfg.Recorder != nil {
		tap, err := s.cfg.Recorder.NewTap(cs.CallID, subject)
		if err != nil {
			return nil, err
		}
		c.tap = tap
		gate, err := s.ledger.Gate(ctx, cs.CallID, tap.SetOpen)
		if err != nil {
			return nil, err
		}
		c.gate = gate
	}
	s.mu.Lock()
	s.calls[cs.CallID] = c
	s.mu.Unlock()
	if cs.ConsentHeader != "" {
		state, err := consent.ParseSIPHeader(cs.ConsentHeader)
		if err != nil {
			c.log.Warn("consent header ignored: not granted or denied")
		} else if err := s.record(ctx, consent.Change{
			CallID: cs.CallID, Subject: subject, State: state, Method: consent.SIPHeader, Actor: "sip:header",
		}); err != nil {
			return c, errors.Join(err, c.Close(context.WithoutCancel(ctx)))
		}
	}
	if c.tap != nil && c.tap.Recording() {
		if err := c.tap.Prepare(ctx); err != nil {
			c.log.Error("recording could not start", "err", err)
		}
	}
	return c, nil
}

// Subject returns the call's subject pseudonym, "" if it has none.
func (c *Call) Subject() string { return c.subject }

// WritePCM advances the call's media clock and feeds the recording tap.
// It is called by the call's media goroutine only.
func (c *Call) WritePCM(samples []int16) {
	if c.tap != nil {
		_ = c.tap.WritePCM(samples) // never fails; a recording fault is logged by the tap
	}
}

// Partial tells the call that the recogniser is inside an utterance that
// started at startMS.
func (c *Call) Partial(startMS int64) {
	if c.tap != nil {
		c.tap.Utterance(startMS)
	}
}

// Final takes one final result: words are the recogniser's words with
// empty ones dropped and text trimmed, exactly those red was made from
// (redact.Stream.Final of their texts). It mutes what redaction found in
// the recording and, if raw transcripts are kept, stores the sealed raw
// text without CVVs as segment seq.
func (c *Call) Final(ctx context.Context, seq int, words []stt.Word, red redact.Redacted, startMS, endMS int64) error {
	var errs []error
	if c.tap != nil {
		for _, sp := range Spans(words, red.Input()) {
			if err := c.tap.Mute(ctx, sp.Kind, sp.StartMS, sp.EndMS); err != nil {
				errs = append(errs, err)
			}
		}
		c.tap.EndUtterance()
	}
	if c.s.cfg.KeepRaw && c.subject != "" && len(words) > 0 && !c.forgotten.Load() {
		text := RawText(words, red.Input())
		sealed, err := c.s.cfg.Keys.Seal(ctx, c.subject, []byte(text), rawAAD(c.id, seq))
		if err == nil {
			err = c.s.cfg.Store.AddRawSegment(ctx, store.RawSegment{
				CallID: c.id, Seq: seq, Subject: c.subject, StartMS: startMS, EndMS: endMS, Sealed: sealed,
			})
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("privacy: raw segment %d: %w", seq, err))
		}
	}
	return errors.Join(errs...)
}

// rawAAD binds a sealed raw segment to its call and seq.
func rawAAD(callID string, seq int) []byte {
	return []byte("earshot/raw-segment/v1\x00" + callID + "\x00" + strconv.Itoa(seq))
}

// MuteDTMF mutes a key press of a sensitive step in the recording.
func (c *Call) MuteDTMF(ctx context.Context, start, duration time.Duration) error {
	if c.tap == nil {
		return nil
	}
	return c.tap.Mute(ctx, recording.KindDTMF, start.Milliseconds(), (start + duration).Milliseconds())
}

// Recording reports whether the call's recording tap takes audio now.
func (c *Call) Recording() bool { return c.tap != nil && c.tap.Recording() }

// Close ends the call's gate and finishes its recording. It is
// idempotent.
func (c *Call) Close(ctx context.Context) error {
	c.closeOnce.Do(func() {
		if c.gate != nil {
			c.gate.Close()
		}
		if c.tap != nil {
			c.closeErr = c.tap.Finish(ctx)
			if late := c.tap.Late(); late > 0 {
				c.log.Warn("mutes arrived after their audio was written; they are applied on read", "late", late)
			}
		}
		c.s.mu.Lock()
		if c.s.calls[c.id] == c {
			delete(c.s.calls, c.id)
		}
		c.s.mu.Unlock()
	})
	return c.closeErr
}

func (s *Service) live(callID string) *Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[callID]
}

// record records a change and tells OnConsent.
func (s *Service) record(ctx context.Context, ch consent.Change) error {
	if ch.At.IsZero() {
		ch.At = s.cfg.Now().UTC()
	}
	if err := s.ledger.Record(ctx, ch); err != nil {
		return err
	}
	if s.cfg.OnConsent != nil {
		s.cfg.OnConsent(ch)
	}
	return nil
}

// SetConsent records a consent change of a call: ErrUnknownCall,
// ErrNoSubject, consent.ErrTransition (an illegal change), ErrInvalid (a
// bad state or method). A withdrawal closes the call's recording tap at
// once and, with DeleteOnWithdraw, deletes the recording; a grant starts
// it at this moment of the call.
func (s *Service) SetConsent(ctx context.Context, callID string, state consent.State, method consent.Method, actor, promptVersion string) error {
	switch state {
	case consent.Granted, consent.Denied, consent.Withdrawn:
	default:
		return fmt.Errorf("%w: state must be granted, denied or withdrawn", ErrInvalid)
	}
	switch method {
	case consent.API, consent.Agent, consent.DTMF, consent.Speech, consent.SIPHeader:
	default:
		return fmt.Errorf("%w: method must be api, agent, dtmf or speech", ErrInvalid)
	}
	if len(promptVersion) > 64 {
		return fmt.Errorf("%w: prompt_version longer than 64 bytes", ErrInvalid)
	}
	if _, err := s.cfg.Store.GetCall(ctx, callID); errors.Is(err, store.ErrNotFound) {
		return ErrUnknownCall
	} else if err != nil {
		return err
	}
	subject, err := s.cfg.Store.CallSubject(ctx, callID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNoSubject
	}
	if err != nil {
		return err
	}
	err = s.record(ctx, consent.Change{
		CallID: callID, Subject: subject, State: state, Method: method, Actor: actor, PromptVersion: promptVersion,
	})
	if err != nil {
		return err
	}
	c := s.live(callID)
	switch {
	case state == consent.Granted && c != nil && c.tap != nil:
		if err := c.tap.Prepare(ctx); err != nil {
			c.log.Error("recording could not start", "err", err)
		}
	case state == consent.Withdrawn && s.cfg.DeleteOnWithdraw:
		if c != nil && c.tap != nil {
			if err := c.tap.Discard(ctx); err != nil {
				return err
			}
		}
		if s.cfg.Recorder != nil {
			if _, err := s.cfg.Recorder.Delete(ctx, callID); err != nil {
				return err
			}
		}
	}
	return nil
}

// subjectOf returns a call's subject, "" if none.
func (s *Service) subjectOf(ctx context.Context, callID string) (string, error) {
	subject, err := s.cfg.Store.CallSubject(ctx, callID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return subject, err
}

// Recording returns a call's recording as a WAV file with its mutes
// applied, and audits the read (actor, e.g. "user:admin"): ErrNoRecording
// when there is none or it was erased.
func (s *Service) Recording(ctx context.Context, callID, actor string) ([]byte, error) {
	if s.cfg.Recorder == nil {
		return nil, ErrNoRecording
	}
	var b bytes.Buffer
	info, err := s.cfg.Recorder.WriteWAV(ctx, callID, &b)
	if errors.Is(err, recording.ErrNotFound) || errors.Is(err, crypto.ErrKeyDestroyed) {
		return nil, ErrNoRecording
	}
	if err != nil {
		return nil, err
	}
	_, err = s.cfg.Audit.Append(ctx, audit.Entry{
		Actor: actor, Action: audit.RecordingRead, Subject: info.Subject, Object: callID,
		Details: map[string]any{"duration_ms": info.DurationMS, "mutes": len(info.Mutes)},
	})
	if err != nil {
		// No audit record, no recording.
		return nil, fmt.Errorf("privacy: audit recording read: %w", err)
	}
	return b.Bytes(), nil
}

// AuditTranscriptRead records that actor read a call's redacted
// transcript.
func (s *Service) AuditTranscriptRead(ctx context.Context, callID, actor string) error {
	subject, err := s.subjectOf(ctx, callID)
	if err != nil {
		return err
	}
	_, err = s.cfg.Audit.Append(ctx, audit.Entry{Actor: actor, Action: audit.TranscriptRead, Subject: subject, Object: callID})
	return err
}

// AuditLogin records a console login, or a refused one.
func (s *Service) AuditLogin(ctx context.Context, actor string, ok bool) error {
	action := audit.Login
	if !ok {
		action = audit.LoginFailed
	}
	_, err := s.cfg.Audit.Append(ctx, audit.Entry{Actor: actor, Action: action})
	return err
}

// ConfigSetting is the store setting that holds the last configuration
// AuditConfig saw.
const ConfigSetting = "privacy_config"

// AuditConfig compares the privacy-relevant configuration (names to
// values, no secrets) with the one stored at the last start and audits
// what changed, as a config.change record. It returns the names that
// changed.
func (s *Service) AuditConfig(ctx context.Context, actor string, settings map[string]string) ([]string, error) {
	prev := map[string]string{}
	old, err := s.cfg.Store.Setting(ctx, ConfigSetting)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	for _, line := range strings.Split(old, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			prev[k] = v
		}
	}
	var changed []string
	var lines []string
	details := map[string]any{}
	for _, k := range sortedKeys(settings) {
		lines = append(lines, k+"="+settings[k])
		if prev[k] != settings[k] {
			changed = append(changed, k)
			details[k] = settings[k]
		}
	}
	for k := range prev {
		if _, ok := settings[k]; !ok {
			changed = append(changed, k)
			details[k] = nil
		}
	}
	if len(changed) == 0 {
		return nil, nil
	}
	details["first_start"] = old == ""
	if _, err := s.cfg.Audit.Append(ctx, audit.Entry{Actor: actor, Action: audit.ConfigChange, Object: "privacy", Details: details}); err != nil {
		return nil, err
	}
	return changed, s.cfg.Store.SetSetting(ctx, ConfigSetting, strings.Join(lines, "\n"))
}

// AuditSettingChange records a change of one setting made at run time
// (the admin token, a sensitive step mode); value must not be secret.
func (s *Service) AuditSettingChange(ctx context.Context, actor, setting string, details map[string]any) error {
	_, err := s.cfg.Audit.Append(ctx, audit.Entry{Actor: actor, Action: audit.ConfigChange, Object: setting, Details: details})
	return err
}

// VerifyAudit verifies the audit trail (see audit.Log.Verify).
func (s *Service) VerifyAudit(ctx context.Context) (audit.Report, error) {
	return s.cfg.Audit.Verify(ctx)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
