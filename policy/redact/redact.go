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
	// Luhn check, or the groups of one read in a card context.
	TypeCardNumber = "CARD_NUMBER"
	// TypeCVV is a card verification code: 3 or 4 digits after a CVV cue.
	TypeCVV = "CVV"
	// TypeCardExpiry is a card's expiry date, after an expiry cue.
	TypeCardExpiry = "CARD_EXPIRY"
	// TypePhone is a phone number: a run of 7 or more digits that is not a
	// card, or a shorter one after a phone cue.
	TypePhone = "PHONE"
	// TypeEmail is an e-mail address, written or spoken.
	TypeEmail = "EMAIL"
	// TypePerson is a person's name: after a cue ("my name is"), or from
	// the names gazetteer.
	TypePerson = "PERSON"
	// TypeNationalID is a national identity number: Danish CPR, Estonian
	// isikukood (checksum), US SSN, UK National Insurance number, or any
	// number after an ID cue.
	TypeNationalID = "NATIONAL_ID"
	// TypeBankAccount is an IBAN (mod-97 checked) or an account number
	// after a bank cue.
	TypeBankAccount = "BANK_ACCOUNT"
	// TypeDateOfBirth is a date after a birth cue.
	TypeDateOfBirth = "DATE_OF_BIRTH"
	// TypeAddress is a street address (house number and street, unit,
	// postcode) or what follows an address cue.
	TypeAddress = "ADDRESS"
	// TypeNumber is a shorter digit run that a Stream masked because of
	// its context, or held back at the end of a partial, without knowing
	// what it is.
	TypeNumber = "NUMBER"
	// TypePending is a word held back at the end of a partial because it
	// may be the start of an entity; a later hypothesis resolves it.
	TypePending = "PENDING"

	// GDPR Art. 9 special categories, redacted wherever they are said.
	TypeHealth            = "HEALTH"
	TypeReligion          = "RELIGION"
	TypePolitical         = "POLITICAL_OPINION"
	TypeTradeUnion        = "TRADE_UNION"
	TypeSexualOrientation = "SEXUAL_ORIENTATION"
	TypeEthnicOrigin      = "ETHNIC_ORIGIN"
	TypeGenetic           = "GENETIC"
	TypeBiometric         = "BIOMETRIC"
)

// analyzers recycles Text's scratch space; one that grew on a huge text is
// dropped rather than kept.
var analyzers = sync.Pool{New: func() any { return new(analyzer) }}

const maxPooledTokens = 4096

// Text redacts one complete utterance with no conversational context: every
// entity the detectors find, with the cues in s itself, is replaced by its
// label. Labels already in s are kept and reported as entities, so
// Text(Text(s).Text()) equals Text(s). It is safe for concurrent use.
func Text(s string) Redacted {
	r, _ := annotate(s, false)
	return r
}

// Annotate is Text that also returns the entities with byte offsets into s,
// for tools that mark up their input (the redact command, evaluations).
func Annotate(s string) (Redacted, []Entity) {
	r, in := annotate(s, true)
	return r, in
}

func annotate(s string, input bool) (Redacted, []Entity) {
	a := analyzers.Get().(*analyzer)
	a.analyze(s, opts{})
	r := a.render(s, input)
	a.s = "" // keep no transcript text in the pool
	if cap(a.toks) <= maxPooledTokens {
		analyzers.Put(a)
	}
	return r, r.in
}

// render builds the redacted text from s and a.spans; with input it also
// records the entities' offsets in s.
func (a *analyzer) render(s string, input bool) Redacted {
	if len(a.spans) == 0 {
		return Redacted{text: s}
	}
	var in []Entity
	if input {
		in = make([]Entity, len(a.spans))
		for i, sp := range a.spans {
			in[i] = Entity{Type: sp.label, Start: sp.start, End: sp.end}
		}
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
	return Redacted{text: b.String(), entities: ents, in: in}
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
