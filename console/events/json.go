package events

import (
	"encoding/json"

	"github.com/earshot/earshot/policy/redact"
)

// MarshalJSON always includes "entities", "seq", "start_ms" and "end_ms"
// on transcript events (an empty entity list when nothing was redacted, a
// zero offset at the start of a call), "count" on masked dtmf events, and
// leaves transcript fields out of other events.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event
	if e.Type == DTMF && e.Masked {
		// A sensitive step with no key pressed still says so: count 0.
		return json.Marshal(struct {
			plain
			Count int `json:"count"`
		}{plain(e), e.Count})
	}
	if e.Type != TranscriptPartial && e.Type != TranscriptFinal {
		return json.Marshal(plain(e))
	}
	ents := e.Entities
	if ents == nil {
		ents = []redact.Entity{}
	}
	return json.Marshal(struct {
		plain
		Seq      int             `json:"seq"`
		StartMS  int64           `json:"start_ms"`
		EndMS    int64           `json:"end_ms"`
		Entities []redact.Entity `json:"entities"`
	}{plain(e), e.Seq, e.StartMS, e.EndMS, ents})
}
