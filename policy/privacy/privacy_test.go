package privacy_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/consent"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/recording"
	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
	"github.com/earshot/earshot/stt"
	"github.com/earshot/earshot/stt/sttest"
)

const caller = "+4512345678"

type fixture struct {
	db      store.Database
	keys    *crypto.Keys
	log     *audit.Log
	svc     *privacy.Service
	changes []consent.Change
}

func newFixture(t *testing.T, databaseURL string, deleteOnWithdraw bool) *fixture {
	t.Helper()
	root := t.TempDir()
	ctx := t.Context()
	db, err := store.OpenDatabase(ctx, databaseURL, filepath.Join(root, "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	vault, err := store.OpenVault(ctx, "", filepath.Join(root, "keys"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vault.Close() })
	keys := crypto.NewKeys(db, vault, crypto.NewKeyring(crypto.NewMasterKey(crypto.NewSecret())))
	log, err := audit.New(audit.Config{Store: db, SigningKey: ed25519.NewKeyFromSeed(make([]byte, 32))})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := recording.New(recording.Options{Dir: filepath.Join(root, "data", "recordings"), Keys: keys, Store: db})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, keys: keys, log: log}
	f.svc, err = privacy.New(privacy.Config{
		Store: db, Keys: keys, Pseudonyms: crypto.NewPseudonymizer(crypto.NewSecret()), Audit: log, Recorder: rec,
		DeleteOnWithdraw: deleteOnWithdraw, KeepRaw: true,
		OnConsent: func(c consent.Change) { f.changes = append(f.changes, c) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) start(t *testing.T, id, header string) *privacy.Call {
	t.Helper()
	if err := f.db.CreateCall(t.Context(), store.Call{ID: id, Channel: "sip", StartedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.StartCall(t.Context(), privacy.CallStart{CallID: id, Caller: caller, ConsentHeader: header})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tone is 1 s of a non-zero signal.
func second() []int16 {
	s := make([]int16, 16000)
	for i := range s {
		s[i] = int16(1000 + i%100)
	}
	return s
}

// words turns a final of the scripted engine into trimmed words.
func words(startMS, endMS int64, text string) []stt.Word { return sttest.Words(startMS, endMS, text) }

func finalOf(text string) (redact.Redacted, []string) {
	ws := strings.Fields(text)
	return redact.NewStream().Final(ws), ws
}

// TestCallWithHeaderConsent: a trunk's granted header records consent and
// starts the recording at once; a final with a card number mutes its words
// and stores raw text sealed, without the CVV.
func TestCallWithHeaderConsent(t *testing.T) {
	f := newFixture(t, "", false)
	ctx := t.Context()
	c := f.start(t, "call1", "Granted")
	if !c.Recording() {
		t.Fatal("granted header did not open the recording")
	}
	for range 4 {
		c.WritePCM(second())
	}
	c.Partial(1000)
	c.WritePCM(second())
	text := "my card is 4111 1111 1111 1111 and the security code is 123"
	red, _ := finalOf(text)
	ws := words(1000, 4800, text)
	if err := c.Final(ctx, 0, ws, red, 1000, 4800); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		c.WritePCM(second())
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	mutes, err := f.db.RecordingMutes(ctx, "call1")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, m := range mutes {
		kinds[m.Kind] = true
	}
	if !kinds[redact.TypeCardNumber] || !kinds[redact.TypeCVV] {
		t.Errorf("mutes %+v lack the card number and CVV", mutes)
	}
	wavBytes, err := f.svc.Recording(ctx, "call1", "user:test")
	if err != nil {
		t.Fatal(err)
	}
	a, err := wav.Read(bytes.NewReader(wavBytes))
	// The grant is recorded a moment after the call was answered, and
	// placed on the arrival clock: the recording starts a little in.
	if err != nil || len(a.Samples) > 8*16000 || len(a.Samples) < 8*16000-1600 {
		t.Fatalf("recording: %v, %d samples", err, len(a.Samples))
	}
	row, err := f.db.Recording(ctx, "call1")
	if err != nil {
		t.Fatal(err)
	}
	// The card's words are silent.
	for _, sp := range privacy.Spans(ws, red.Input()) {
		if sp.Kind != redact.TypeCardNumber {
			continue
		}
		for i := (sp.StartMS - row.OffsetMS) * 16; i < (sp.EndMS-row.OffsetMS)*16; i++ {
			if a.Samples[i] != 0 {
				t.Fatalf("card span %+v not muted at sample %d", sp, i)
			}
		}
	}
	raw, err := f.db.RawSegments(ctx, "call1")
	if err != nil || len(raw) != 1 {
		t.Fatalf("raw segments %v, %v", raw, err)
	}
	if bytes.Contains(raw[0].Sealed, []byte("4111")) {
		t.Error("raw segment stored in clear")
	}
	plain, err := f.keys.Open(ctx, raw[0].Subject, raw[0].Sealed, []byte("earshot/raw-segment/v1\x00call1\x000"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "123") || !strings.Contains(string(plain), "[CVV]") || !strings.Contains(string(plain), "4111") {
		t.Errorf("raw text %q: want the card kept (sealed) and the CVV removed", plain)
	}
	if len(f.changes) != 1 || f.changes[0].Method != consent.SIPHeader {
		t.Errorf("consent changes seen: %+v", f.changes)
	}
	var recordingRead bool
	recs, _ := f.db.AuditRecords(ctx, 0, 100)
	for _, r := range recs {
		if r.Action == string(audit.RecordingRead) && r.Object == "call1" && r.Actor == "user:test" {
			recordingRead = true
		}
		if strings.Contains(r.Details, "4512345678") || strings.Contains(r.Subject, "4512345678") {
			t.Errorf("audit record holds the number: %+v", r)
		}
	}
	if !recordingRead {
		t.Error("recording read not audited")
	}
}

func TestSetConsent(t *testing.T) {
	for _, del := range []bool{false, true} {
		t.Run(map[bool]string{false: "keep", true: "delete-on-withdraw"}[del], func(t *testing.T) {
			f := newFixture(t, "", del)
			ctx := t.Context()
			c := f.start(t, "call1", "")
			c.WritePCM(second())
			if c.Recording() {
				t.Fatal("recording without consent")
			}
			for _, tc := range []struct {
				state   consent.State
				method  consent.Method
				wantErr error
			}{
				{consent.Withdrawn, consent.API, consent.ErrTransition},
				{"maybe", consent.API, privacy.ErrInvalid},
				{consent.Granted, "fax", privacy.ErrInvalid},
				{consent.Granted, consent.API, nil},
			} {
				err := f.svc.SetConsent(ctx, "call1", tc.state, tc.method, "user:test", "v1")
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("SetConsent(%s, %s) = %v, want %v", tc.state, tc.method, err, tc.wantErr)
				}
			}
			if err := f.svc.SetConsent(ctx, "nope", consent.Granted, consent.API, "user:test", ""); !errors.Is(err, privacy.ErrUnknownCall) {
				t.Errorf("unknown call: %v", err)
			}
			if !c.Recording() {
				t.Fatal("grant did not open the recording")
			}
			for range 5 {
				c.WritePCM(second())
			}
			if err := f.svc.SetConsent(ctx, "call1", consent.Withdrawn, consent.Agent, "user:test", ""); err != nil {
				t.Fatal(err)
			}
			if c.Recording() {
				t.Fatal("withdrawal did not close the recording")
			}
			c.WritePCM(second())
			if err := c.Close(ctx); err != nil {
				t.Fatal(err)
			}
			rec, err := f.db.Recording(ctx, "call1")
			if del {
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("recording after withdrawal with delete: %+v, %v", rec, err)
				}
				if _, err := f.svc.Recording(ctx, "call1", "user:test"); !errors.Is(err, privacy.ErrNoRecording) {
					t.Errorf("Recording after delete: %v", err)
				}
				return
			}
			// The tap places the grant by the wall clock since the first
			// sample, and this test feeds faster than real time: the
			// offset may be a little later than the samples written.
			if err != nil || rec.OffsetMS < 1000 || rec.OffsetMS > 1100 || rec.DurationMS < 4900 || rec.DurationMS > 5000 {
				t.Errorf("recording %+v, %v; want offset 1000 ms, 5000 ms long", rec, err)
			}
		})
	}
}

func TestCallerWithoutNumber(t *testing.T) {
	f := newFixture(t, "", false)
	if err := f.db.CreateCall(t.Context(), store.Call{ID: "c", Channel: "sip", StartedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.StartCall(t.Context(), privacy.CallStart{CallID: "c", ConsentHeader: "granted"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Recording() || c.Subject() != "" {
		t.Error("a call without a caller has a subject or records")
	}
	if err := f.svc.SetConsent(t.Context(), "c", consent.Granted, consent.API, "user:test", ""); !errors.Is(err, privacy.ErrNoSubject) {
		t.Errorf("consent for a call without subject: %v", err)
	}
}

// TestForgetAndExport on both stores: the report lists the subject's
// calls, consents and holdings; erasure deletes them, destroys the key and
// is audited, and the log still verifies.
func TestForgetAndExport(t *testing.T) {
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(*testing.T) string { return "" },
		"postgres": func(t *testing.T) string { return storetest.PostgresURL(t) },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, url(t), false)
			ctx := t.Context()
			c := f.start(t, "call1", "granted")
			for range 4 {
				c.WritePCM(second())
			}
			red, _ := finalOf("my number is 5550100")
			if err := f.db.AddSegment(ctx, store.Segment{CallID: "call1", Seq: 0, EndMS: 900, Redacted: red}); err != nil {
				t.Fatal(err)
			}
			if err := c.Final(ctx, 0, words(0, 900, "my number is 5550100"), red, 0, 900); err != nil {
				t.Fatal(err)
			}
			if err := c.Close(ctx); err != nil {
				t.Fatal(err)
			}
			if err := f.db.EndCall(ctx, "call1", time.Now(), "bye"); err != nil {
				t.Fatal(err)
			}
			rep, err := f.svc.Export(ctx, "+45 12 34 56 78", "user:dpo")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(rep)
			if len(rep.Calls) != 1 || rep.Calls[0].Recording == nil || rep.Calls[0].RawSegments != 1 ||
				len(rep.Consents) != 1 || rep.Calls[0].Recording.KeptUntil == nil || len(rep.Calls[0].Transcript) != 1 {
				t.Errorf("report %s", b)
			}
			if strings.Contains(string(b), "5550100") || strings.Contains(string(b), "12345678") {
				t.Errorf("report holds a number in clear: %s", b)
			}
			e, err := f.svc.Forget(ctx, caller, "user:dpo")
			if err != nil {
				t.Fatal(err)
			}
			if !e.KeyDestroyed || e.Calls != 1 || e.Recordings != 1 || e.RawSegments != 1 || e.ConsentChanges != 1 {
				t.Errorf("erasure %+v", e)
			}
			rep, err = f.svc.Export(ctx, caller, "user:dpo")
			if err != nil || len(rep.Calls) != 0 || len(rep.Consents) != 0 {
				t.Errorf("report after erasure: %+v, %v", rep, err)
			}
			if _, err := f.svc.Recording(ctx, "call1", "user:test"); !errors.Is(err, privacy.ErrNoRecording) {
				t.Errorf("recording after erasure: %v", err)
			}
			recs, _ := f.db.AuditRecordsOf(ctx, e.Subject, 0, 100)
			var erased bool
			for _, r := range recs {
				erased = erased || r.Action == string(audit.SubjectErase)
			}
			if !erased {
				t.Error("erasure not audited")
			}
			if _, err := f.svc.VerifyAudit(ctx); err != nil {
				t.Errorf("audit verify: %v", err)
			}
		})
	}
}

func TestAuditConfig(t *testing.T) {
	f := newFixture(t, "", false)
	ctx := t.Context()
	settings := map[string]string{"recording-delete-on-withdraw": "false", "retention-audio": "720h0m0s"}
	changed, err := f.svc.AuditConfig(ctx, "system:serve", settings)
	if err != nil || len(changed) != 2 {
		t.Fatalf("first start: %v, %v", changed, err)
	}
	if changed, err := f.svc.AuditConfig(ctx, "system:serve", settings); err != nil || len(changed) != 0 {
		t.Errorf("same config again: %v, %v", changed, err)
	}
	settings["retention-audio"] = "24h0m0s"
	if changed, err := f.svc.AuditConfig(ctx, "system:serve", settings); err != nil || len(changed) != 1 || changed[0] != "retention-audio" {
		t.Errorf("changed TTL: %v, %v", changed, err)
	}
	recs, _ := f.db.AuditRecords(ctx, 0, 10)
	n := 0
	for _, r := range recs {
		if r.Action == string(audit.ConfigChange) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d config.change records, want 2", n)
	}
}

func TestSpansAndRawText(t *testing.T) {
	ws := words(0, 1000, "code is 123 ok")
	ents := []redact.Entity{{Type: redact.TypeCVV, Start: 8, End: 11}}
	sp := privacy.Spans(ws, ents)
	if len(sp) != 1 || sp[0].StartMS != ws[2].StartMS || sp[0].EndMS != ws[2].EndMS {
		t.Errorf("Spans = %+v", sp)
	}
	// A number said without an entity around it is muted all the same,
	// with the homophones beside it ("oh" after "seven" is a zero).
	if sp := privacy.Spans(words(0, 1000, "it was one seven oh"), nil); len(sp) != 3 || sp[0].Kind != redact.TypeNumber {
		t.Errorf("Spans of unlabelled digit words = %+v, want the two digit words and the oh", sp)
	}
	// A homophone next to a number word, or next to one that is, is muted;
	// one among ordinary words is not.
	hw := words(0, 1000, "hundred ninety to for you want to go")
	if sp := privacy.Spans(hw, nil); len(sp) != 4 || sp[2].StartMS != hw[2].StartMS || sp[3].StartMS != hw[3].StartMS {
		t.Errorf("Spans of %q = %+v, want hundred, ninety, to and for", "hundred ninety to for you want to go", privacy.Spans(hw, nil))
	}
	if got := privacy.RawText(ws, ents); got != "code is [CVV] ok" {
		t.Errorf("RawText = %q", got)
	}
	if got := privacy.RawText(ws, []redact.Entity{{Type: redact.TypePhone, Start: 8, End: 11}}); got != "code is 123 ok" {
		t.Errorf("RawText keeps non-CVV entities sealed: %q", got)
	}
}
