package events

import (
	"encoding/json"

	"github.com/earshot/earshot/policy/redact"
)

// MarshalJSON always includes "entities" on transcript events (an empty
// list when nothing was redacted) and leaves it out of call events.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event
	if e.Type != TranscriptPartial && e.Type != TranscriptFinal {
		return json.Marshal(plain(e))
	}
	ents := e.Entities
	if ents == nil {
		ents = []redact.Entity{}
	}
	return json.Marshal(struct {
		plain
		Entities []redact.Entity `json:"entities"`
	}{plain(e), ents})
}
