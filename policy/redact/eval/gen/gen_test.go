package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestLuhn(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"4111111111111111", true},
		{"4111111111111112", false},
		{"378282246310005", true}, // Amex test number
		{"79927398713", true},     // the textbook example
		{"79927398710", false},
		{"6011111111111117", true},
		{"0", false},
	} {
		if got := luhnValid(c.in); got != c.want {
			t.Errorf("luhnValid(%s) = %v, want %v", c.in, got, c.want)
		}
	}
	if got := luhnCheck("7992739871"); got != '3' {
		t.Errorf("luhnCheck(7992739871) = %c, want 3", got)
	}
}

func TestIBAN(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"DK5000400440116243", true},
		{"GB82WEST12345698765432", true},
		{"EE382200221020145685", true},
		{"DE89370400440532013000", true},
		{"DE89370400440532013001", false},
		{"DK5100400440116243", false},
	} {
		if got := ibanValid(c.in); got != c.want {
			t.Errorf("ibanValid(%s) = %v, want %v", c.in, got, c.want)
		}
	}
	if got := makeIBAN("DK", "00400440116243"); got != "DK5000400440116243" {
		t.Errorf("makeIBAN = %s, want DK5000400440116243", got)
	}
	if got := makeIBAN("GB", "WEST12345698765432"); got != "GB82WEST12345698765432" {
		t.Errorf("makeIBAN = %s, want GB82WEST12345698765432", got)
	}
}

func TestIsikukood(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"37605030299", true}, // the example in the standard
		{"37605030290", false},
		{"37613030299", false}, // month 13
		{"77605030299", false}, // no such century digit
		{"3760503029", false},
	} {
		if got := isikukoodValid(c.in); got != c.want {
			t.Errorf("isikukoodValid(%s) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestCPR(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"1203841234", true},
		{"3102841234", false}, // 31 February
		{"2902001234", false}, // 1900 was not a leap year and 2000 needs digit 4–9
		{"2902004234", true},  // 29 February 2000
		{"0101454234", true},  // 1945 with century digit 4
		{"0101204234", true},  // 2020 with century digit 4
		{"0101604234", true},  // 1960 with century digit 4
		{"010160123", false},
	} {
		if got := cprValid(c.in); got != c.want {
			t.Errorf("cprValid(%s) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestSSNAndNINOAndABA(t *testing.T) {
	ssn := map[string]bool{"078051120": true, "666123456": false, "000123456": false, "123004567": false, "123450000": false, "900123456": false}
	for in, want := range ssn {
		if got := ssnValid(in); got != want {
			t.Errorf("ssnValid(%s) = %v, want %v", in, got, want)
		}
	}
	nino := map[string]bool{"AB123456C": true, "QQ123456C": false, "GB123456A": false, "AB123456E": false, "AO123456A": false, "ZZ123456D": false}
	for in, want := range nino {
		if got := ninoValid(in); got != want {
			t.Errorf("ninoValid(%s) = %v, want %v", in, got, want)
		}
	}
	aba := map[string]bool{"021000021": true, "011000015": true, "021000022": false}
	for in, want := range aba {
		if got := abaValid(in); got != want {
			t.Errorf("abaValid(%s) = %v, want %v", in, got, want)
		}
	}
}

func TestNumberWords(t *testing.T) {
	g := newGen(defaultSeed)
	for _, c := range []struct {
		n    int
		want string
	}{{0, "zero"}, {13, "thirteen"}, {40, "forty"}, {42, "forty two"}, {105, "one hundred and five"}, {1299, "one thousand two hundred and ninety nine"}} {
		if got := cardinal(c.n, true); got != c.want {
			t.Errorf("cardinal(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		n    int
		want string
	}{{1, "first"}, {12, "twelfth"}, {21, "twenty first"}, {30, "thirtieth"}} {
		if got := ordinalWord(c.n); got != c.want {
			t.Errorf("ordinalWord(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := ordinalSuffix(13); got != "13th" {
		t.Errorf("ordinalSuffix(13) = %q", got)
	}
	if got := ordinalSuffix(22); got != "22nd" {
		t.Errorf("ordinalSuffix(22) = %q", got)
	}
	if got := g.yearWords(1984); got != "nineteen eighty four" {
		t.Errorf("yearWords(1984) = %q", got)
	}
	if got := g.yearWords(1907); got != "nineteen oh seven" {
		t.Errorf("yearWords(1907) = %q", got)
	}
}

// TestSpokenDigitsRoundTrip reads numbers out and decodes them again: the
// quirks (oh, double, triple, homophones, fillers) must never change the
// number.
func TestSpokenDigitsRoundTrip(t *testing.T) {
	g := newGen(defaultSeed)
	g.fillerRate, g.homophoneRate = 0.5, 0.5
	for range 500 {
		ds := g.r.digits(g.r.between(3, 19))
		if got := decodeSpoken(g.sayDigits(ds, []int{4, 4, 4, 4, 3})); got != ds {
			t.Fatalf("sayDigits(%s) decodes to %s", ds, got)
		}
		if got := decodeSpoken(g.sayPairs(ds)); got != ds {
			t.Fatalf("sayPairs(%s) = %q decodes to %s", ds, g.sayPairs(ds), got)
		}
	}
}

// decodeSpoken turns digits and letters read aloud, as the generator writes
// them, back into characters: "double five" is 55, "twenty two" 22,
// "kay" k; hesitations, "dash" and "slash" are dropped.
func decodeSpoken(s string) string {
	words := strings.Fields(s)
	val := map[string]int{"oh": 0, "won": 1, "to": 2, "too": 2, "for": 4, "ate": 8}
	for i, w := range digitWord {
		val[w] = i
	}
	tensVal := map[string]int{}
	for i, w := range tens {
		if w != "" {
			tensVal[w] = i
		}
	}
	teenVal := map[string]int{}
	for i, w := range teens {
		teenVal[w] = 10 + i
	}
	letter := map[string]string{}
	for c, ns := range letterNames {
		for _, n := range ns {
			letter[n] = string(c)
		}
	}
	var b strings.Builder
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "uh" || w == "um" || w == "er" || w == "dash" || w == "slash":
		case (w == "double" || w == "triple") && i+1 < len(words) && words[i+1] == "you" && w == "double":
			b.WriteString("w")
			i++
		case w == "double" || w == "triple":
			n := 2
			if w == "triple" {
				n = 3
			}
			i++
			b.WriteString(strings.Repeat(itoa(val[words[i]]), n))
		case tensVal[w] > 0:
			if i+1 < len(words) {
				if d, ok := val[words[i+1]]; ok && d > 0 && words[i+1] != "oh" && words[i+1] != "to" && words[i+1] != "for" && words[i+1] != "won" && words[i+1] != "ate" && words[i+1] != "too" {
					b.WriteString(itoa(tensVal[w]*10 + d))
					i++
					continue
				}
			}
			b.WriteString(itoa(tensVal[w] * 10))
		case teenVal[w] > 0:
			b.WriteString(itoa(teenVal[w]))
		case letter[w] != "":
			b.WriteString(letter[w])
		default:
			if d, ok := val[w]; ok {
				b.WriteString(itoa(d))
			} else {
				b.WriteString(w)
			}
		}
	}
	return b.String()
}

// TestGeneratedIdentifiersValid checks every generated card, national ID
// and IBAN, in both styles, against its check-digit rule.
func TestGeneratedIdentifiersValid(t *testing.T) {
	g := newGen(defaultSeed)
	g.positives()
	checked := map[string]int{}
	for _, l := range g.lines {
		for _, e := range l.Entities {
			span := l.Text[e.Start:e.End]
			raw := span
			if l.Style == "asr" {
				raw = decodeSpoken(span)
			}
			raw = strings.ToUpper(strings.Map(func(r rune) rune {
				if r == ' ' || r == '-' || r == '.' {
					return -1
				}
				return r
			}, raw))
			var ok bool
			kind := ""
			switch {
			case e.Type == tCard:
				kind = "card"
				ok = len(raw) >= 13 && len(raw) <= 19 && luhnValid(raw)
			case e.Type == tNatID && strings.HasPrefix(l.ID, "nid-cpr") || strings.HasPrefix(l.ID, "dob-cpr") && e.Type == tNatID:
				kind = "cpr"
				ok = cprValid(raw)
			case e.Type == tNatID && strings.HasPrefix(l.ID, "nid-isikukood"):
				kind = "isikukood"
				ok = isikukoodValid(raw)
			case e.Type == tNatID && strings.HasPrefix(l.ID, "nid-ssn"):
				kind = "ssn"
				ok = ssnValid(raw)
			case e.Type == tNatID && strings.HasPrefix(l.ID, "nid-nino"):
				kind = "nino"
				ok = ninoValid(raw)
			case e.Type == tBank && strings.HasPrefix(l.ID, "iban"):
				kind = "iban"
				ok = ibanValid(raw)
			default:
				continue
			}
			checked[kind]++
			if !ok {
				t.Errorf("%s: %s %q (%s) is not valid", l.ID, kind, span, raw)
			}
		}
	}
	for _, k := range []string{"card", "cpr", "isikukood", "ssn", "nino", "iban"} {
		if checked[k] < 20 {
			t.Errorf("only %d %s values checked", checked[k], k)
		}
	}
}

// TestDeterministic generates twice and compares.
func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := generate(&a, defaultSeed); err != nil {
		t.Fatal(err)
	}
	if err := generate(&b, defaultSeed); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs of the generator differ")
	}
}

// TestOtherSeed checks that another seed writes a different corpus of the
// same size that still passes the line checks.
func TestOtherSeed(t *testing.T) {
	var a, b bytes.Buffer
	if err := generate(&a, defaultSeed); err != nil {
		t.Fatal(err)
	}
	if err := generate(&b, 7); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("seed 7 wrote the default corpus")
	}
	if na, nb := bytes.Count(a.Bytes(), []byte("\n")), bytes.Count(b.Bytes(), []byte("\n")); na != nb {
		t.Errorf("seed 7 wrote %d lines, the default %d", nb, na)
	}
}

// TestCorpusUpToDate fails when the checked-in corpus is not what the
// generator writes.
func TestCorpusUpToDate(t *testing.T) {
	var buf bytes.Buffer
	if err := generate(&buf, defaultSeed); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../testdata/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		got := strings.Split(buf.String(), "\n")
		old := strings.Split(string(want), "\n")
		for i := range min(len(got), len(old)) {
			if got[i] != old[i] {
				t.Fatalf("testdata/corpus.jsonl is stale from line %d; run\n\tgo run ./policy/redact/eval/gen > policy/redact/eval/testdata/corpus.jsonl\ngenerated: %s\nchecked in: %s", i+1, got[i], old[i])
			}
		}
		t.Fatalf("testdata/corpus.jsonl is stale (%d lines generated, %d checked in); regenerate it", len(got), len(old))
	}
}

// TestSpansOnWords checks every generated line's spans with checkLine, that
// negatives carry an empty list, not null, and that no two lines of a style
// say the same words.
func TestSpansOnWords(t *testing.T) {
	var buf bytes.Buffer
	if err := generate(&buf, defaultSeed); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, s := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(s), &l); err != nil {
			t.Fatal(err)
		}
		if err := checkLine(l.Text, l.Entities); err != nil {
			t.Errorf("%s: %v", l.ID, err)
		}
		if !strings.Contains(s, `"entities":[`) {
			t.Errorf("%s: entities is not a list", l.ID)
		}
		key := l.Style + ":" + dedupKey(l.Text)
		if prev, dup := seen[key]; dup {
			t.Errorf("%s repeats %s: %q", l.ID, prev, l.Text)
		}
		seen[key] = l.ID
		if strings.Contains(l.Text, "  ") || strings.TrimSpace(l.Text) != l.Text {
			t.Errorf("%s: irregular spacing in %q", l.ID, l.Text)
		}
	}
}
