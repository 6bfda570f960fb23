package redact

import (
	"strings"
	"testing"
)

// entityCases cover each entity type in ASR style (lower case, numbers as
// words) and in the digit style of network engines, and the near misses
// that must stay readable.
var entityCases = []struct {
	name, in, want string
}{
	// CVV and expiry, in a card context.
	{"cvv spoken", "the cvv is three four five", "the cvv is [CVV]"},
	{"cvv written", "security code 737", "security code [CVV]"},
	{"cvv on the back", "the three digits on the back are one two three", "the three digits on the back are [CVV]"},
	{"expiry spoken digits", "expiry oh four twenty six", "expiry [CARD_EXPIRY]"},
	{"expiry month year", "it expires april twenty twenty six", "it expires [CARD_EXPIRY]"},
	{"expiry written", "valid thru 04/26", "valid thru [CARD_EXPIRY]"},
	{"card expiry cvv", "card 4111 1111 1111 1111 expiry 12/27 cvv 123",
		"card [CARD_NUMBER] expiry [CARD_EXPIRY] cvv [CVV]"},

	// National identity numbers.
	{"cpr written", "my cpr is 120384-1234", "my cpr is [NATIONAL_ID]"},
	{"cpr no cue", "it's 120384-1234", "it's [NATIONAL_ID]"},
	{"cpr spoken", "my cpr number is one two oh three eight four one two three four", "my cpr number is [NATIONAL_ID]"},
	{"ssn written", "ssn 123-45-6789", "ssn [NATIONAL_ID]"},
	{"ssn no cue", "it is 123-45-6789", "it is [NATIONAL_ID]"},
	{"ssn invalid area", "code 666-45-6789", "code [PHONE]"},
	{"isikukood", "isikukood 38001085718", "isikukood [NATIONAL_ID]"},
	{"isikukood no cue", "it's 38001085718", "it's [NATIONAL_ID]"},
	{"ni written", "my ni number is AB 12 34 56 C", "my ni number is [NATIONAL_ID]"},
	{"ni glued", "NI: AB123456C", "NI: [NATIONAL_ID]"},
	{"ni spoken", "national insurance a b one two three four five six c", "national insurance [NATIONAL_ID]"},
	{"ni bad prefix", "QQ 12 34 56 C", "QQ 12 34 56 C"},

	// Bank accounts.
	{"iban written", "iban DK50 0040 0440 1162 43 please", "iban [BANK_ACCOUNT] please"},
	{"iban glued", "pay to GB82WEST12345698765432", "pay to [BANK_ACCOUNT]"},
	{"iban gb spaced", "GB82 WEST 1234 5698 7654 32", "[BANK_ACCOUNT]"},
	{"iban spoken", "my iban is d k five zero zero zero four zero zero four four zero one one six two four three",
		"my iban is [BANK_ACCOUNT]"},
	{"iban bad check no cue", "DK51 0040 0440 1162 43", "DK[PHONE]"},
	{"account number", "my account number is one two three four five six seven eight", "my account number is [BANK_ACCOUNT]"},
	{"sort code", "sort code two oh one two three four", "sort code [BANK_ACCOUNT]"},

	// Dates of birth.
	{"dob ordinal", "i was born on the twelfth of march nineteen eighty four", "i was born on the [DATE_OF_BIRTH]"},
	{"dob month first", "date of birth march twelfth nineteen eighty four", "date of birth [DATE_OF_BIRTH]"},
	{"dob written", "dob 12/03/1984", "dob [DATE_OF_BIRTH]"},
	{"dob iso", "my birthday is 1984-03-12", "my birthday is [DATE_OF_BIRTH]"},
	{"dob digits", "date of birth one two oh three eight four", "date of birth [DATE_OF_BIRTH]"},
	{"dob two thousand", "born on the first of may two thousand and five", "born on the [DATE_OF_BIRTH]"},
	{"ordinary date", "the meeting is on the twelfth of march", "the meeting is on the twelfth of march"},
	{"may as verb", "i may be born again", "i may be born again"},

	// Addresses.
	{"street spoken", "i live at twelve baker street", "i live at [ADDRESS]"},
	{"street no cue", "send it to 221b baker street please", "send it to [ADDRESS] please"},
	{"street two words", "it's forty two old kent road", "it's [ADDRESS]"},
	{"street danish", "vesterbrogade 12, 1620 københavn", "[ADDRESS]"},
	{"street estonian", "i live on pärnu maantee 22", "i live on [ADDRESS]"},
	{"postcode cue", "my postcode is s w one a one a a", "my postcode is [ADDRESS]"},
	{"address cue rest", "my address is the old mill cottage and my phone is broken", "my address is the [ADDRESS] and my phone is broken"},
	{"street word alone", "i walked down the street", "i walked down the street"},

	// Names.
	{"name cue", "my name is anna jensen", "my name is [PERSON]"},
	{"name cue unknown", "my name is zofia kowalczyk", "my name is [PERSON]"},
	{"name spelled", "my surname is j e n s e n", "my surname is [PERSON]"},
	{"name gazetteer", "can i speak to lars nielsen please", "can i speak to [PERSON] please"},
	{"name gazetteer no cue", "yesterday maria told me", "yesterday [PERSON] told me"},
	{"name title", "i spoke to mr smith", "i spoke to mr [PERSON]"},
	{"name calling", "hi this is zofia calling", "hi this is [PERSON] calling"},
	{"name common word", "i will mark the grace period", "i will mark the grace period"},
	{"name common with surname", "ask grace jensen", "ask [PERSON]"},
	{"name cue stop", "my name is not important", "my name is not important"},

	// GDPR Art. 9.
	{"health", "i have type two diabetes", "i have [HEALTH]"},
	{"health medication", "i take antidepressants", "i take [HEALTH]"},
	{"religion", "i'm a practising muslim", "i'm a practising [RELIGION]"},
	{"political", "i voted for the green party", "i voted for the [POLITICAL_OPINION]"},
	{"trade union", "i am a trade union member", "i am a [TRADE_UNION] member"},
	{"sexual orientation", "my partner and i are gay", "my partner and i are [SEXUAL_ORIENTATION]"},
	{"ethnic origin", "i am of african descent", "i am of [ETHNIC_ORIGIN]"},
	{"genetic", "my brca test came back positive", "my [GENETIC] came back positive"},
	{"biometric", "i unlock it with my fingerprint", "i unlock it with my [BIOMETRIC]"},

	// Numbers that are not personal data.
	{"order number", "my order number is one two three four five", "my order number is one two three four five"},
	{"booking reference", "booking reference 48213", "booking reference 48213"},
	{"flight", "flight number two four six eight", "flight number two four six eight"},
	{"price words", "it costs twenty nine ninety nine", "it costs twenty nine ninety nine"},
	{"time words", "see you at half past ten or ten thirty", "see you at half past ten or ten thirty"},
	{"hundreds", "about three hundred people came", "about three hundred people came"},
	{"year words", "back in two thousand and five", "back in two thousand and five"},
}

func TestEntities(t *testing.T) {
	for _, c := range entityCases {
		t.Run(c.name, func(t *testing.T) {
			r, in := Annotate(c.in)
			if r.Text() != c.want {
				t.Errorf("Annotate(%q) = %q, want %q", c.in, r.Text(), c.want)
			}
			checkEntities(t, r)
			if len(in) != len(r.Entities()) {
				t.Fatalf("%d input entities, %d output ones", len(in), len(r.Entities()))
			}
			for i, e := range in {
				if e.Type != r.Entities()[i].Type || e.Start < 0 || e.End > len(c.in) || e.Start >= e.End {
					t.Errorf("input entity %v does not match %v", e, r.Entities()[i])
				}
				if strings.ContainsAny(c.in[e.Start:e.End], "[]") && !strings.HasPrefix(c.in[e.Start:e.End], "[") {
					t.Errorf("input entity %v cuts a label", e)
				}
			}
			if again := Text(r.Text()); again.Text() != r.Text() {
				t.Errorf("not idempotent: %q then %q", r.Text(), again.Text())
			}
		})
	}
}

// TestStreamPartialsNeverShowEntities replays every entity case word by
// word: no word that the final masks may show in any partial before it.
func TestStreamPartialsNeverShowEntities(t *testing.T) {
	for _, c := range entityCases {
		words := strings.Fields(c.in)
		s := NewStream()
		shown := make([][]bool, len(words))
		for k := 1; k <= len(words); k++ {
			shown[k-1] = maskedIn(s.Partial(words[:k]), words[:k])
		}
		final := maskedIn(s.Final(words), words)
		for i, masked := range final {
			if !masked {
				continue
			}
			for k := i + 1; k <= len(words); k++ {
				if !shown[k-1][i] {
					t.Errorf("%s: partial %q shows word %d %q that the final masks",
						c.name, strings.Join(words[:k], " "), i, words[i])
					break
				}
			}
		}
	}
}

// maskedIn says, per word, whether r (a Stream result for words joined by
// spaces) masked it.
func maskedIn(r Redacted, words []string) []bool {
	out := make([]bool, len(words))
	pos := 0
	for i, w := range words {
		for _, e := range r.Input() {
			if e.Start < pos+len(w) && pos < e.End {
				out[i] = true
			}
		}
		pos += len(w) + 1
	}
	return out
}
