// Package events defines the events Earshot publishes about calls and the
// in-process bus that carries them from call pipelines to consoles and the
// store.
//
// Transcript text enters an Event only through NewTranscript, which takes a
// redact.Redacted: unredacted text cannot be published by construction.
package events

import (
	"time"

	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/policy/redact"
)

// Event types.
const (
	CallStarted       = "call.started"
	CallEnded         = "call.ended"
	TranscriptPartial = "transcript.partial"
	TranscriptFinal   = "transcript.final"
	// DTMF is a key pressed on the caller's keypad: Digit outside a
	// sensitive step; inside one nothing per key, and at its end one event
	// with Masked, Count and Text ("6 digits entered").
	DTMF = "dtmf"
	// Quality is a periodic report of one call leg's reception quality
	// (Leg, Stats), and a last one when the call ends.
	Quality = "quality"
)

// Event is one JSON message on the console stream.
type Event struct {
	Type     string          `json:"type"`
	CallID   string          `json:"call_id"`
	TS       time.Time       `json:"ts"`
	Channel  string          `json:"channel,omitempty"`
	Route    string          `json:"route,omitempty"`
	Codec    string          `json:"codec,omitempty"`
	Reason   string          `json:"reason,omitempty"`
	Text     string          `json:"text,omitempty"`
	StartMS  int64           `json:"start_ms,omitempty"`
	EndMS    int64           `json:"end_ms,omitempty"`
	Entities []redact.Entity `json:"entities,omitempty"`
	// Seq numbers the transcript segments of a call from 0.
	Seq int `json:"seq,omitempty"`
	// Digit is the key of a dtmf event outside a sensitive step.
	Digit string `json:"digit,omitempty"`
	// Masked marks the summary of a sensitive step's keys: only Count is
	// told.
	Masked bool `json:"masked,omitempty"`
	Count  int  `json:"count,omitempty"`
	// Leg names the call leg of a quality event ("caller": what we
	// receive from the caller).
	Leg string `json:"leg,omitempty"`
	// Stats is the leg's quality: statistics only, no addresses.
	Stats *quality.Report `json:"stats,omitempty"`
	// State and Method are a consent event's new state (granted, denied,
	// withdrawn) and how it was captured (sip_header, api, agent, dtmf,
	// speech).
	State  string `json:"state,omitempty"`
	Method string `json:"method,omitempty"`
}

// NewTranscript builds a transcript event from redacted text.
func NewTranscript(callID string, final bool, seq int, r redact.Redacted, startMS, endMS int64, ts time.Time) Event {
	typ := TranscriptPartial
	if final {
		typ = TranscriptFinal
	}
	ents := r.Entities()
	if ents == nil {
		ents = []redact.Entity{}
	}
	return Event{
		Type: typ, CallID: callID, TS: ts, Seq: seq,
		Text: r.Text(), Entities: ents, StartMS: startMS, EndMS: endMS,
	}
}

// NewDTMF builds the event of one key shown as redact.DTMF allowed it
// (outside a sensitive step).
func NewDTMF(callID string, key redact.Redacted, ts time.Time) Event {
	return Event{Type: DTMF, CallID: callID, TS: ts, Digit: key.Text()}
}

// NewDTMFMasked builds the event that ends a sensitive step: the summary
// redact.DTMF.End returned and the number of keys, never the keys.
func NewDTMFMasked(callID string, summary redact.Redacted, count int, ts time.Time) Event {
	return Event{Type: DTMF, CallID: callID, TS: ts, Masked: true, Count: count, Text: summary.Text()}
}

// NewQuality builds a quality event for one leg of a call.
func NewQuality(callID, leg string, r quality.Report, ts time.Time) Event {
	return Event{Type: Quality, CallID: callID, TS: ts, Leg: leg, Stats: &r}
}
