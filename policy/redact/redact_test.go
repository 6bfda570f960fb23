package redact

import (
	"slices"
	"strings"
	"testing"
)

// textCases are Text's table: input and the expected redacted text. They also
// seed FuzzText.
var textCases = []struct {
	name, in, want string
}{
	// Written card numbers.
	{"card spaced", "my card is 4111 1111 1111 1111 thanks", "my card is [CARD_NUMBER] thanks"},
	{"card dashed", "4111-1111-1111-1111", "[CARD_NUMBER]"},
	{"card plain", "pay with 4111111111111111.", "pay with [CARD_NUMBER]."},
	{"card mastercard", "card: 5500 0000 0000 0004, exp 12/27", "card: [CARD_NUMBER], exp [CARD_EXPIRY]"},
	{"card amex 4-6-5", "3782 822463 10005", "[CARD_NUMBER]"},
	{"card glued to letters", "ref4111111111111111x", "ref[CARD_NUMBER]x"},
	{"card after currency", "$4111 1111 1111 1111", "$[CARD_NUMBER]"},
	{"not luhn is phone", "4111 1111 1111 1112", "[PHONE]"},
	{"too long is phone", "1234 5678 9012 3456 7890 12", "[PHONE]"},

	// Written phone numbers.
	{"phone plus", "+45 22 33 44 55", "[PHONE]"},
	{"phone parens", "(555) 123-4567", "[PHONE]"},
	{"phone in sentence", "call 555-123-4567 now", "call [PHONE] now"},
	{"phone dotted", "ring 22.33.44.55 today", "ring [PHONE] today"},
	{"phone seven digits", "555 1234", "[PHONE]"},

	// Written e-mails.
	{"email", "j.doe@example.dk", "[EMAIL]"},
	{"email end of sentence", "write to j.doe@example.dk.", "write to [EMAIL]."},
	{"email tagged subdomain", "JOHN.DOE+tag@mail.example.co.uk is mine", "[EMAIL] is mine"},
	{"email with digits", "it's anna_b2@my-shop.io, thanks", "it's [EMAIL], thanks"},

	// Spoken forms, as ASR engines write them.
	{"spoken card", "my card is four one one one one one one one one one one one one one one one thanks", "my card is [CARD_NUMBER] thanks"},
	{"spoken card fillers", "four one one one uh one one one one um one one one one er one one one one", "[CARD_NUMBER]"},
	{"spoken card double triple", "four triple one double one one one one one one one one one one one", "[CARD_NUMBER]"},
	{"spoken card mixed", "it's four one one one 1111 1111 1111", "it's [CARD_NUMBER]"},
	{"spoken phone", "five five five one two three four", "[PHONE]"},
	{"spoken phone oh", "oh two oh seven nine four six oh oh oh", "[PHONE]"},
	{"spoken phone double triple", "double five triple seven one two three", "[PHONE]"},
	{"spoken phone plus", "call me on plus four five two two three three four four five five", "call me on [PHONE]"},
	{"homophones in run", "one one two to three three four four five", "[PHONE]"},
	{"homophones everywhere", "four won won won for ate ate ate two to too to", "[PHONE]"},
	{"leading preposition", "send it to five five five one two three four", "send it to [PHONE]"},
	{"spoken email", "john dot doe at example dot com", "[EMAIL]"},
	{"spoken email in sentence", "my email is anna underscore b at mail dot example dot org thanks", "my email is [EMAIL] thanks"},
	{"spoken at written domain", "email john at example.com please", "email [EMAIL] please"},

	// Labels survive.
	{"labels kept", "my card is [CARD_NUMBER] thanks", "my card is [CARD_NUMBER] thanks"},
	{"labels glued", "[PHONE][EMAIL] and [NUMBER]", "[PHONE][EMAIL] and [NUMBER]"},
	{"nested brackets", "[[CARD_NUMBER]]", "[[CARD_NUMBER]]"},

	// Negatives that must stay readable.
	{"want to go", "I want to go for a walk", "I want to go for a walk"},
	{"price words", "it's five dollars", "it's five dollars"},
	{"price written", "that's $12.99 please", "that's $12.99 please"},
	{"price thousands", "it costs $1,234,567.89", "it costs $1,234,567.89"},
	{"percent", "it's 20% off", "it's 20% off"},
	{"time words", "we meet at ten thirty", "we meet at ten thirty"},
	{"time written", "we meet at 10:30 or 11:45", "we meet at 10:30 or 11:45"},
	{"year words", "twenty twenty four was good", "twenty twenty four was good"},
	{"year written", "it was built in 1984", "it was built in 1984"},
	{"birth year", "born in 1984", "born in [DATE_OF_BIRTH]"},
	{"room written", "room 305 please", "room 305 please"},
	{"room spoken", "room three oh five please", "room three oh five please"},
	{"small quantities", "I have two kids and three dogs", "I have two kids and three dogs"},
	{"short homophone run", "one one two", "one one two"},
	{"dictated homophone run", "one one two to", "[NUMBER]"},
	{"four for four", "four for four", "four for four"},
	{"oh interjection", "oh I see", "oh I see"},
	{"double check", "double check the order", "double check the order"},
	{"at home", "I'm at home", "I'm at home"},
	{"meet me at", "meet me at the office dot", "meet me at the office dot"},
	{"at without domain", "tell the doctor at reception", "tell the doctor at reception"},
	{"name at reception", "tell sarah at reception", "tell [PERSON] at reception"},
	{"unknown label", "[FOO] and [phone]", "[FOO] and [phone]"},
	{"empty", "", ""},
}

func TestText(t *testing.T) {
	for _, c := range textCases {
		t.Run(c.name, func(t *testing.T) {
			r := Text(c.in)
			if r.Text() != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, r.Text(), c.want)
			}
			checkEntities(t, r)
		})
	}
}

func TestTextEntities(t *testing.T) {
	r := Text("card 4111 1111 1111 1111, phone +45 22 33 44 55, mail j.doe@example.dk")
	want := []Entity{
		{Type: TypeCardNumber, Start: 5, End: 18},
		{Type: TypePhone, Start: 26, End: 33},
		{Type: TypeEmail, Start: 40, End: 47},
	}
	if !slices.Equal(r.Entities(), want) {
		t.Fatalf("entities = %v, want %v (text %q)", r.Entities(), want, r.Text())
	}
	if got := Text("nothing here").Entities(); len(got) != 0 {
		t.Errorf("entities of clean text = %v, want none", got)
	}
}

// TestTextOffsets checks, for every table case, that each entity points at
// its bracketed label and that redacting again changes nothing.
func TestTextOffsets(t *testing.T) {
	for _, c := range textCases {
		r := Text(c.in)
		checkEntities(t, r)
		if n := strings.Count(r.Text(), "["); n < len(r.Entities()) {
			t.Errorf("%q: %d entities but %d brackets", r.Text(), len(r.Entities()), n)
		}
		again := Text(r.Text())
		if again.Text() != r.Text() || !slices.Equal(again.Entities(), r.Entities()) {
			t.Errorf("Text not idempotent on %q: %q %v, then %q %v",
				c.in, r.Text(), r.Entities(), again.Text(), again.Entities())
		}
	}
}

// checkEntities fails unless r's entities are sorted, disjoint and each
// text[Start:End] is "[Type]".
func checkEntities(t testing.TB, r Redacted) {
	t.Helper()
	prev := 0
	for _, e := range r.Entities() {
		if e.Start < prev || e.End > len(r.Text()) || e.Start >= e.End {
			t.Fatalf("entity %v out of order or range in %q", e, r.Text())
		}
		if got := r.Text()[e.Start:e.End]; got != "["+e.Type+"]" {
			t.Fatalf("entity %v points at %q in %q", e, got, r.Text())
		}
		prev = e.End
	}
}

func TestRestore(t *testing.T) {
	stored := Text("card 4111 1111 1111 1111, mail j.doe@example.dk")
	text, ents := stored.Text(), stored.Entities()
	tests := []struct {
		name     string
		text     string
		entities []Entity
		want     string
		wantEnts []Entity
	}{
		{"round trip", text, ents, text, ents},
		{"no entities given", text, nil, text, ents},
		{"one missing", text, ents[1:], text, ents},
		{"out of range", text, []Entity{{TypeCardNumber, 5, 500}, ents[1]}, text, ents},
		{"negative", text, []Entity{{TypeCardNumber, -1, 12}, ents[1]}, text, ents},
		{"wrong type", text, []Entity{{TypePhone, 5, 18}, ents[1]}, text, ents},
		{"not a label", text, []Entity{{TypeCardNumber, 0, 13}, ents[1]}, text, ents},
		{"out of order", text, []Entity{ents[1], ents[0]}, text, ents},
		{"overlapping", text, []Entity{ents[0], ents[0], ents[1]}, text, ents},
		{"later engine's label kept", "hi [NAME], card [CARD_NUMBER]",
			[]Entity{{"NAME", 3, 9}, {TypeCardNumber, 16, 29}},
			"hi [NAME], card [CARD_NUMBER]", []Entity{{"NAME", 3, 9}, {TypeCardNumber, 16, 29}}},
		{"unredacted text is redacted", "call 555-123-4567", []Entity{{TypePhone, 0, 4}},
			"call [PHONE]", []Entity{{TypePhone, 5, 12}}},
		{"clean text", "hello there", nil, "hello there", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Restore(tt.text, tt.entities)
			if r.Text() != tt.want || !slices.Equal(r.Entities(), tt.wantEnts) {
				t.Errorf("Restore = %q %v, want %q %v", r.Text(), r.Entities(), tt.want, tt.wantEnts)
			}
			checkEntities(t, r)
			again := Restore(r.Text(), r.Entities())
			if again.Text() != r.Text() || !slices.Equal(again.Entities(), r.Entities()) {
				t.Errorf("Restore not idempotent: %q %v", again.Text(), again.Entities())
			}
		})
	}
}

func TestRestoreCopiesEntities(t *testing.T) {
	ents := []Entity{{TypePhone, 0, 7}}
	r := Restore("[PHONE]", ents)
	ents[0].Start = 3
	if r.Entities()[0].Start != 0 {
		t.Fatal("Restore kept a reference to the caller's slice")
	}
}

func TestLuhn(t *testing.T) {
	for _, c := range []struct {
		digits string
		ok     bool
	}{
		{"4111111111111111", true},
		{"4111111111111112", false},
		{"378282246310005", true},
		{"5500000000000004", true},
		{"79927398713", true},
		{"79927398710", false},
	} {
		d := make([]byte, len(c.digits))
		for i := range c.digits {
			d[i] = c.digits[i] - '0'
		}
		if luhn(d) != c.ok {
			t.Errorf("luhn(%s) = %v, want %v", c.digits, !c.ok, c.ok)
		}
	}
}

// TestTextIdempotentEdges holds inputs where a first pass could change what
// a second pass sees (fuzzing found the first).
func TestTextIdempotentEdges(t *testing.T) {
	for _, in := range []string{
		"00@00.AA0000000",
		"a@b.cc-1234567",
		"x@example.com1234567 and y@example.org",
		"1234567.a@b",
		"[PHONE]x@example.com",
		"john at example dot com1234567",
	} {
		r := Text(in)
		checkEntities(t, r)
		again := Text(r.Text())
		if again.Text() != r.Text() || !slices.Equal(again.Entities(), r.Entities()) {
			t.Errorf("%q -> %q -> %q", in, r.Text(), again.Text())
		}
	}
}
