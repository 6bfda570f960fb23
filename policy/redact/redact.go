package redact

import (
	"slices"
	"strings"
	"sync"
)

// Entity types. Each is also the label written into redacted text, in
// brackets: "[CARD_NUMBER]".
const (
	// TypeCardNumber is a payment card number: 13–19 digits passing the
	// Luhn check.
	TypeCardNumber = "CARD_NUMBER"
	// TypePhone is any other run of 7 or more digits.
	TypePhone = "PHONE"
	// TypeEmail is an e-mail address, written or spoken.
	TypeEmail = "EMAIL"
	// TypeNumber is a shorter digit run that a Stream masked because of
	// its context, or held back at the end of a partial, without knowing
	// what it is.
	TypeNumber = "NUMBER"
)

// analyzers recycles Text's scratch space; one that grew on a huge text is
// dropped rather than kept.
var analyzers = sync.Pool{New: func() any { return new(analyzer) }}

const maxPooledTokens = 4096

// Text redacts a complete text with no conversational context: card
// numbers, other runs of seven or more digits, and e-mail addresses, written
// or spoken, are replaced by their labels. Labels already in s are kept and
// reported as entities, so Text(Text(s).Text()) equals Text(s). It is safe
// for concurrent use.
func Text(s string) Redacted {
	a := analyzers.Get().(*analyzer)
	a.analyze(s, opts{})
	r := a.render(s)
	a.s = "" // keep no transcript text in the pool
	if cap(a.toks) <= maxPooledTokens {
		analyzers.Put(a)
	}
	return r
}

// render builds the redacted text from s and a.spans.
func (a *analyzer) render(s string) Redacted {
	if len(a.spans) == 0 {
		return Redacted{text: s}
	}
	var b strings.Builder
	size := len(s)
	for _, sp := range a.spans {
		size += len(sp.label) + 2 - (sp.end - sp.start)
	}
	b.Grow(size)
	ents := make([]Entity, 0, len(a.spans))
	prev := 0
	for _, sp := range a.spans {
		b.WriteString(s[prev:sp.start])
		start := b.Len()
		b.WriteByte('[')
		b.WriteString(sp.label)
		b.WriteByte(']')
		ents = append(ents, Entity{Type: sp.label, Start: start, End: b.Len()})
		prev = sp.end
	}
	b.WriteString(s[prev:])
	return Redacted{text: b.String(), entities: ents}
}

// Restore rebuilds a Redacted read back from storage. It applies Text to
// text again, so anything stored unredacted (by an older version, or by
// hand) is redacted now. The given entities are kept when the text did not
// change and they are all sound: within the text, in order, not
// overlapping, each pointing at "[TYPE]" for its own type, and including
// every label Text finds. Otherwise the entities Text computes are returned.
func Restore(text string, entities []Entity) Redacted {
	r := Text(text)
	if r.text != text || !entitiesFit(text, entities, r.entities) {
		return r
	}
	return Redacted{text: text, entities: slices.Clone(entities)}
}

// entitiesFit reports whether ents are sound for text and contain found.
func entitiesFit(text string, ents, found []Entity) bool {
	prevEnd, k := 0, 0
	for _, e := range ents {
		if e.Start < prevEnd || e.End > len(text) || e.End-e.Start != len(e.Type)+2 ||
			!isLabelName(e.Type) || text[e.Start] != '[' || text[e.End-1] != ']' ||
			text[e.Start+1:e.End-1] != e.Type {
			return false
		}
		if k < len(found) && found[k] == e {
			k++
		}
		prevEnd = e.End
	}
	return k == len(found)
}

// isLabelName reports whether s can name a label: upper-case ASCII letters
// and underscores. Labels of later engines ("[NAME]") are kept by Restore.
func isLabelName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}
