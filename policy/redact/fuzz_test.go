package redact

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// plainRuns returns the digit runs of s as a plain reader sees them,
// independently of the package's lexer: fields that are all ASCII digits or
// are the words zero … nine, separated by whitespace, the punctuation
// - . , ( ) / and the fillers uh, um, er, ah. Anything else ends a run.
func plainRuns(s string) []string {
	var runs []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			runs = append(runs, cur.String())
			cur.Reset()
		}
	}
	words := map[string]byte{
		"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4',
		"five": '5', "six": '6', "seven": '7', "eight": '8', "nine": '9',
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("-.,()/", r)
	}) {
		switch lw := strings.ToLower(f); {
		case strings.Trim(f, "0123456789") == "":
			cur.WriteString(f)
		case words[lw] != 0:
			cur.WriteByte(words[lw])
		case lw == "uh" || lw == "um" || lw == "er" || lw == "ah":
		default:
			flush()
		}
	}
	flush()
	return runs
}

// checkNoCard fails if text shows a Luhn-valid run of 13–19 digits.
func checkNoCard(t *testing.T, in, text string) {
	t.Helper()
	for _, run := range plainRuns(text) {
		if len(run) < 13 || len(run) > 19 {
			continue
		}
		d := []byte(run)
		for i := range d {
			d[i] -= '0'
		}
		if luhn(d) {
			t.Fatalf("redacting %q shows card number %s in %q", in, run, text)
		}
	}
}

func TestPlainRuns(t *testing.T) {
	got := plainRuns("Four one-1 uh 23 x 45,6 (7)")
	if want := []string{"41123", "4567"}; !slices.Equal(got, want) {
		t.Fatalf("plainRuns = %q, want %q", got, want)
	}
}

func FuzzText(f *testing.F) {
	for _, c := range textCases {
		f.Add(c.in)
	}
	f.Add("4111 1111 1111 1111 [CARD_NUMBER] 4111111111111111")
	f.Add("$4111 1111 1111 1111 0 dollars")
	f.Add("john at example dot com dot at x.y@z.co")
	f.Fuzz(func(t *testing.T, s string) {
		r := Text(s)
		checkEntities(t, r)
		checkNoCard(t, s, r.Text())
		again := Text(r.Text())
		if again.Text() != r.Text() || !slices.Equal(again.Entities(), r.Entities()) {
			t.Fatalf("not idempotent: %q -> %q %v -> %q %v", s, r.Text(), r.Entities(), again.Text(), again.Entities())
		}
		back := Restore(r.Text(), r.Entities())
		if back.Text() != r.Text() || !slices.Equal(back.Entities(), r.Entities()) {
			t.Fatalf("Restore changed %q %v to %q %v", r.Text(), r.Entities(), back.Text(), back.Entities())
		}
	})
}

// FuzzStream treats each line of the input as one utterance, replays it
// word by word and checks every partial and final.
func FuzzStream(f *testing.F) {
	for _, c := range textCases {
		f.Add(c.in)
	}
	f.Add("my card number is\nfour one one one\none one one one\none one one one\none one one one")
	f.Add("my email is john dot doe\nat example dot com")
	f.Add("four one one one one one one one one one one one one one one one\nuh\none")
	f.Fuzz(func(t *testing.T, s string) {
		st := NewStream()
		for _, line := range strings.Split(s, "\n") {
			words := strings.Fields(line)
			for i := 1; i <= len(words); i++ {
				r := st.Partial(words[:i])
				checkEntities(t, r)
				checkNoCard(t, line, r.Text())
			}
			r := st.Final(words)
			checkEntities(t, r)
			checkNoCard(t, line, r.Text())
		}
	})
}
