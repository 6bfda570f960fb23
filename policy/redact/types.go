package redact

// Entity is one piece of personal data found in a text. Start and End are
// byte offsets into the text they were reported with (the redacted text in
// a Redacted value).
type Entity struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Redacted is text that has been through redaction. Only this package can
// make one, so any API that takes a Redacted cannot be handed raw text by
// mistake.
type Redacted struct {
	text     string
	entities []Entity
	in       []Entity // offsets into the input; only for a Stream's results and Annotate
}

// Text returns the redacted text: every entity is replaced by its label in
// brackets, e.g. "[CARD_NUMBER]".
func (r Redacted) Text() string { return r.text }

// Entities returns the entities with offsets into Text. The caller must not
// modify the slice.
func (r Redacted) Entities() []Entity { return r.entities }

// Input returns the entities with byte offsets into the text that was
// redacted: for a Stream, its words joined by single spaces. It tells a
// caller which input words were masked (to mute them in a recording, or to
// check for leaks) without the words themselves. It is nil for a Redacted
// rebuilt by Restore or made by Text.
func (r Redacted) Input() []Entity { return r.in }
