package redact

import (
	"strings"
	"testing"
)

// TestLanguageLexicons checks that a language is data: the same rules with
// the Danish or Estonian lexicon find numbers, IDs and names said in that
// language.
func TestLanguageLexicons(t *testing.T) {
	tests := []struct {
		lang, in, want string
	}{
		{"da", "mit kortnummer er fire et et et et et et et et et et et et et et et", "mit kortnummer er [CARD_NUMBER]"},
		{"da", "mit cpr nummer er en to nul tre otte fire en to tre fire", "mit cpr nummer er [NATIONAL_ID]"},
		{"da", "jeg hedder mette", "jeg hedder [PERSON]"},
		{"da", "jeg har to børn", "jeg har to børn"},
		{"et", "minu isikukood on kolm kaheksa null null üks null kaheksa viis seitse üks kaheksa", "minu isikukood on [NATIONAL_ID]"},
		{"et", "minu nimi on tiina", "minu nimi on [PERSON]"},
		{"et", "mul on kaks last", "mul on kaks last"},
	}
	for _, tt := range tests {
		lx, err := LexiconFor(tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		s := NewStreamLexicon(lx)
		if got := s.Final(strings.Fields(tt.in)).Text(); got != tt.want {
			t.Errorf("%s: %q = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
	// English is unchanged by loading the others.
	if got := NewStream().Final(strings.Fields("i have to go")).Text(); got != "i have to go" {
		t.Errorf("English after loading Danish: %q", got)
	}
	if _, err := LexiconFor("xx"); err == nil {
		t.Error("LexiconFor(xx) = nil error")
	}
}

func TestLoadLexiconErrors(t *testing.T) {
	for _, bad := range []string{
		"no colon here",
		"cue.NOTATYPE: word",
		"digit: one=notanumber",
		"nosuchclass: word",
		"digit: two words",
	} {
		if _, err := LoadLexicon(strings.NewReader(bad), "bad.lex"); err == nil {
			t.Errorf("LoadLexicon(%q) = nil error", bad)
		}
	}
}

func TestIsNumberWord(t *testing.T) {
	for w, want := range map[string]bool{
		"one": true, "Seven": true, "twelve": true, "ninety": true, "hundred": true, "4111": true,
		"to": false, "for": false, "oh": false, "hello": false, "": false, "4a": false,
	} {
		if got := IsNumberWord(w); got != want {
			t.Errorf("IsNumberWord(%q) = %v, want %v", w, got, want)
		}
	}
}
