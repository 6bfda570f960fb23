// Package events defines the events Earshot publishes about calls and the
// in-process bus that carries them from call pipelines to consoles and the
// store.
//
// Transcript text enters an Event only through NewTranscript, which takes a
// redact.Redacted: unredacted text cannot be published by construction.
package events

import (
	"time"

	"github.com/earshot/earshot/policy/redact"
)

// Event types.
const (
	CallStarted       = "call.started"
	CallEnded         = "call.ended"
	TranscriptPartial = "transcript.partial"
	TranscriptFinal   = "transcript.final"
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
