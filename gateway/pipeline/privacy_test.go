package pipeline_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"path/filepath"
	"testing"

	"github.com/earshot/earshot/gateway/pipeline"
	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/recording"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt/sttest"
)

func newPrivacy(t *testing.T) (*privacy.Service, store.Database) {
	t.Helper()
	root := t.TempDir()
	db, err := store.OpenDatabase(t.Context(), "", filepath.Join(root, "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	vault, err := store.OpenVault(t.Context(), "", filepath.Join(root, "keys"), nil)
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
	svc, err := privacy.New(privacy.Config{Store: db, Keys: keys, Pseudonyms: crypto.NewPseudonymizer(crypto.NewSecret()),
		Audit: log, Recorder: rec, KeepRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	return svc, db
}

// TestPipelineRecordsWithConsentMuted: a call whose trunk passed consent
// is recorded from its first sample, and the card number's words are
// silent in the recording; the raw text is stored sealed. A call without
// consent has no recording at all.
func TestPipelineRecordsWithConsentMuted(t *testing.T) {
	svc, db := newPrivacy(t)
	const card = "my card is 4111 1111 1111 1111 thanks"
	eng := sttest.NewEngine(
		sttest.Step{AfterSamples: 1500 * 16, Result: sttest.Partial(1000, 1500, "my card")},
		sttest.Step{AfterSamples: 6000 * 16, Result: sttest.Final(1000, 5000, card)},
	)
	for _, tc := range []struct {
		id, header string
		recorded   bool
	}{{"consented", "granted", true}, {"silent", "", false}, {"denied", "denied", false}} {
		p, err := pipeline.Start(t.Context(), pipeline.Config{
			CallID: tc.id, Channel: "sip", Engine: eng, Store: db, Privacy: svc,
			Caller: "+4512345678", ConsentHeader: tc.header,
		})
		if err != nil {
			t.Fatal(err)
		}
		frame := make([]int16, 320)
		for i := range frame {
			frame[i] = int16(500 + i)
		}
		for range 500 { // 10 s
			if err := p.WritePCM(frame); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Close("bye"); err != nil {
			t.Fatal(err)
		}
		if !tc.recorded {
			if _, err := db.Recording(t.Context(), tc.id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: a recording without consent (%v)", tc.id, err)
			}
			continue
		}
		wavBytes, err := svc.Recording(t.Context(), tc.id, "user:test")
		if err != nil {
			t.Fatal(err)
		}
		a, err := wav.Read(bytes.NewReader(wavBytes))
		// The header's grant is placed on the arrival clock, a moment
		// after the call was answered; this test feeds faster than real
		// time.
		if err != nil || len(a.Samples) > 10*16000 || len(a.Samples) < 10*16000-1600 {
			t.Fatalf("recording: %v, %d samples", err, len(a.Samples))
		}
		// The card's digits are words 4-7 of 8 spread over 1-5 s: 2.5 s
		// to 4.5 s, padded.
		for i := 2600 * 16; i < 4400*16; i++ {
			if a.Samples[i] != 0 {
				t.Fatalf("card digits audible at %d ms", i/16)
			}
		}
		if a.Samples[1000*16] == 0 || a.Samples[8000*16] == 0 {
			t.Error("audio outside the card muted")
		}
		raw, err := db.RawSegments(t.Context(), tc.id)
		if err != nil || len(raw) != 1 || bytes.Contains(raw[0].Sealed, []byte("4111")) {
			t.Errorf("raw segments %v, %v: want one, sealed", raw, err)
		}
	}
}
