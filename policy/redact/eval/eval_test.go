package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"one", []string{"one"}},
		{"  my card\tis 4111 ", []string{"my", "card", "is", "4111"}},
		{"Søren  Jørgensen.", []string{"Søren", "Jørgensen."}},
		{"a\u00a0b", []string{"a", "b"}}, // no-break space is white space
	} {
		var got []string
		for _, w := range words(c.in) {
			got = append(got, c.in[w.start:w.end])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// span finds sub in s and labels it.
func span(s, sub, typ string) Span {
	i := strings.Index(s, sub)
	if i < 0 {
		panic(sub + " not in " + s)
	}
	return Span{Type: typ, Start: i, End: i + len(sub)}
}

// spanLast labels the last occurrence of sub in s.
func spanLast(s, sub, typ string) Span {
	i := strings.LastIndex(s, sub)
	return Span{Type: typ, Start: i, End: i + len(sub)}
}

const (
	cardText = "my card is four one one one and thanks"
	nameText = "hi this is Søren Jørgensen calling"
	negText  = "room three oh five please"
)

func testCorpus() []Utterance {
	return []Utterance{
		{ID: "c1", Style: "asr", Text: cardText, Entities: []Span{span(cardText, "four one one one", "CARD_NUMBER")}},
		{ID: "p1", Style: "digits", Text: nameText, Entities: []Span{span(nameText, "Søren Jørgensen", "PERSON")}},
		{ID: "n1", Style: "asr", Text: negText, Entities: []Span{}},
	}
}

// annotator returns fixed spans per text.
func annotator(m map[string][]Span) AnnotateFunc {
	return func(s string) []Span { return m[s] }
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoring(t *testing.T) {
	type want struct {
		typ                    string
		gold, strict, masked   int
		predicted, predCorrect int
	}
	cases := []struct {
		name      string
		ann       map[string][]Span
		types     []want
		precision float64
		fps       int
		misses    int
	}{
		{
			name: "perfect",
			ann: map[string][]Span{
				cardText: {span(cardText, "four one one one", "CARD_NUMBER")},
				nameText: {span(nameText, "Søren Jørgensen", "PERSON")},
			},
			types:     []want{{"CARD_NUMBER", 4, 4, 4, 4, 4}, {"PERSON", 2, 2, 2, 2, 2}},
			precision: 1,
		},
		{
			name:      "nothing found",
			ann:       map[string][]Span{},
			types:     []want{{"CARD_NUMBER", 4, 0, 0, 0, 0}, {"PERSON", 2, 0, 0, 0, 0}},
			precision: 1, // vacuous: no predicted word
			misses:    2,
		},
		{
			name: "wrong type is masked but not strict",
			ann: map[string][]Span{
				cardText: {span(cardText, "four one one one", "PHONE")},
				nameText: {span(nameText, "Søren Jørgensen", "PERSON")},
			},
			types:     []want{{"CARD_NUMBER", 4, 0, 4, 0, 0}, {"PERSON", 2, 2, 2, 2, 2}, {"PHONE", 0, 0, 0, 4, 0}},
			precision: 1, // every predicted word is personal data
			misses:    1,
		},
		{
			name: "over-masking costs precision",
			ann: map[string][]Span{
				cardText: {span(cardText, "is four one one one and", "CARD_NUMBER")},
				negText:  {span(negText, "three oh five", "PHONE")},
			},
			types:     []want{{"CARD_NUMBER", 4, 4, 4, 6, 4}, {"PERSON", 2, 0, 0, 0, 0}, {"PHONE", 0, 0, 0, 3, 0}},
			precision: 4.0 / 9,
			fps:       2,
			misses:    1,
		},
		{
			name: "a span touching part of a word covers it",
			ann: map[string][]Span{
				// "our one on": from inside "four" to inside "one".
				cardText: {{Type: "CARD_NUMBER", Start: strings.Index(cardText, "four") + 1, End: strings.Index(cardText, " and") - 1}},
				nameText: {{Type: "PERSON", Start: strings.Index(nameText, "ren"), End: strings.Index(nameText, "ren") + 1}},
			},
			types:     []want{{"CARD_NUMBER", 4, 4, 4, 4, 4}, {"PERSON", 2, 1, 1, 1, 1}},
			precision: 1,
			misses:    1,
		},
		{
			name: "the matching type wins when spans overlap",
			ann: map[string][]Span{
				cardText: {span(cardText, "four one", "PHONE"), span(cardText, "four one one one", "CARD_NUMBER")},
			},
			types:     []want{{"CARD_NUMBER", 4, 4, 4, 4, 4}, {"PERSON", 2, 0, 0, 0, 0}},
			precision: 1,
			misses:    1,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Evaluate(testCorpus(), Engine{Annotate: annotator(c.ann)})
			if len(r.Types) != len(c.types) {
				t.Fatalf("types %v, want %d", typeNames(r), len(c.types))
			}
			for _, w := range c.types {
				got := r.Type(w.typ)
				if got == nil {
					t.Fatalf("no row for %s", w.typ)
				}
				if got.Gold != w.gold || got.Strict != w.strict || got.Masked != w.masked || got.Predicted != w.predicted || got.PredictedCorrect != w.predCorrect {
					t.Errorf("%s = %+v, want %+v", w.typ, *got, w)
				}
			}
			if !near(r.Precision, c.precision) {
				t.Errorf("precision = %v, want %v", r.Precision, c.precision)
			}
			if len(r.FalsePositives) != c.fps || len(r.Misses) != c.misses {
				t.Errorf("%d false positives, %d misses; want %d, %d: %+v %+v", len(r.FalsePositives), len(r.Misses), c.fps, c.misses, r.FalsePositives, r.Misses)
			}
			if r.Words != 9+6+5 || r.Utterances != 3 {
				t.Errorf("%d words in %d utterances", r.Words, r.Utterances)
			}
		})
	}
}

func typeNames(r *Report) []string {
	var out []string
	for _, t := range r.Types {
		out = append(out, t.Type)
	}
	return out
}

func TestRatios(t *testing.T) {
	r := Evaluate(testCorpus(), Engine{Annotate: annotator(map[string][]Span{
		cardText: {span(cardText, "four one", "CARD_NUMBER"), spanLast(cardText, "one one", "PHONE")},
		negText:  {span(negText, "room", "ADDRESS")},
	})})
	card := r.Type("CARD_NUMBER")
	if !near(card.StrictRecall, 0.5) || !near(card.MaskedRecall, 1) || !near(card.Precision, 1) {
		t.Errorf("CARD_NUMBER %+v", *card)
	}
	if a := r.Type("ADDRESS"); !near(a.Precision, 0) || a.Gold != 0 {
		t.Errorf("ADDRESS %+v", *a)
	}
	if !near(r.Precision, 4.0/5) {
		t.Errorf("precision %v, want 0.8", r.Precision)
	}
}

func TestInvalidSpansIgnoredAndCounted(t *testing.T) {
	r := Evaluate(testCorpus(), Engine{Annotate: func(s string) []Span {
		return []Span{{Type: "X", Start: -1, End: 3}, {Type: "X", Start: 5, End: 5}, {Type: "X", Start: 0, End: len(s) + 1}, {Type: "", Start: 0, End: 1}}
	}})
	if r.InvalidSpans != 12 || r.PredictedWords != 0 {
		t.Errorf("invalid %d, predicted words %d; want 12, 0", r.InvalidSpans, r.PredictedWords)
	}
	if f := r.Failures(Thresholds{DefaultRecall: 0, Precision: 0, MaxLeaks: 100}); len(f) != 1 || !strings.Contains(f[0], "invalid spans") {
		t.Errorf("failures %q", f)
	}
}

// fakeStream answers each call with fn.
type fakeStream struct {
	fn func(words []string, final bool) []Span
}

func (f fakeStream) Partial(words []string) []Span { return f.fn(words, false) }
func (f fakeStream) Final(words []string) []Span   { return f.fn(words, true) }

// maskWords returns spans over the words at the given indexes (offsets
// into the words joined by single spaces).
func maskWords(words []string, typ string, idx ...int) []Span {
	var out []Span
	pos := 0
	for i, w := range words {
		if slices.Contains(idx, i) {
			out = append(out, Span{Type: typ, Start: pos, End: pos + len(w)})
		}
		pos += len(w) + 1
	}
	return out
}

func TestReplay(t *testing.T) {
	perfect := func(s string) []Span { return nil }
	card := []int{3, 4, 5, 6} // "four one one one" in cardText
	name := []int{3, 4}       // "Søren Jørgensen" in nameText
	goldIdx := func(words []string) []int {
		if words[0] == "my" {
			return card
		}
		if words[0] == "hi" {
			return name
		}
		return nil
	}
	cases := []struct {
		name                         string
		fn                           func(words []string, final bool) []Span
		leaks, inFinal, utts, unmask int
	}{
		{
			name: "masks every gold word as soon as it arrives",
			fn: func(words []string, final bool) []Span {
				var idx []int
				for _, i := range goldIdx(words) {
					if i < len(words) {
						idx = append(idx, i)
					}
				}
				return maskWords(words, "X", idx...)
			},
		},
		{
			name: "masks only in the final",
			fn: func(words []string, final bool) []Span {
				if !final {
					return nil
				}
				return maskWords(words, "X", goldIdx(words)...)
			},
			leaks: 6, utts: 2,
		},
		{
			name: "shows everything, even in the final",
			fn:   func(words []string, final bool) []Span { return nil },
			// The final shows nothing new: every gold word was already
			// counted in a partial.
			leaks: 6, utts: 2,
		},
		{
			name: "masks while the number grows, then shows it",
			fn: func(words []string, final bool) []Span {
				if words[0] != "my" {
					return maskWords(words, "X", goldIdx(words)...)
				}
				if len(words) <= 7 { // "... four one one one"
					return maskWords(words, "X", 3, 4, 5, 6)
				}
				return nil // "and" arrives: the run is shown
			},
			leaks: 4, utts: 1, unmask: 4,
		},
		{
			name: "leaks the last card word only in the final",
			fn: func(words []string, final bool) []Span {
				if final && words[0] == "my" {
					return maskWords(words, "X", 3, 4, 5)
				}
				return maskWords(words, "X", goldIdx(words)...)
			},
			leaks: 1, inFinal: 1, utts: 1, unmask: 1,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Evaluate(testCorpus(), Engine{
				Annotate:  perfect,
				NewStream: func() Stream { return fakeStream{c.fn} },
			})
			if r.Leaks != c.leaks || r.LeaksInFinal != c.inFinal || r.LeakUtterances != c.utts || r.Unmasks != c.unmask {
				t.Errorf("leaks %d (final %d) in %d utterances, unmasks %d; want %d (%d) in %d, %d: %+v",
					r.Leaks, r.LeaksInFinal, r.LeakUtterances, r.Unmasks, c.leaks, c.inFinal, c.utts, c.unmask, r.LeakFindings)
			}
			if len(r.LeakFindings) != r.Leaks {
				t.Errorf("%d findings for %d leaks", len(r.LeakFindings), r.Leaks)
			}
		})
	}
}

// TestReplayOffsets checks that stream offsets are read against the words
// joined by single spaces, not the corpus text with its own spacing.
func TestReplayOffsets(t *testing.T) {
	text := "pin  is   four two"
	u := []Utterance{{ID: "x", Style: "asr", Text: text, Entities: []Span{span(text, "four two", "NUMBER")}}}
	var seen []string
	r := Evaluate(u, Engine{
		Annotate: func(string) []Span { return nil },
		NewStream: func() Stream {
			return fakeStream{func(words []string, final bool) []Span {
				joined := strings.Join(words, " ")
				seen = append(seen, joined)
				i := strings.Index(joined, "four")
				if i < 0 {
					return nil
				}
				return []Span{{Type: "NUMBER", Start: i, End: len(joined)}}
			}}
		},
	})
	if r.Leaks != 0 {
		t.Errorf("%d leaks: %+v", r.Leaks, r.LeakFindings)
	}
	want := []string{"pin", "pin is", "pin is four", "pin is four two", "pin is four two"}
	if !slices.Equal(seen, want) {
		t.Errorf("stream saw %q, want %q", seen, want)
	}
}

func TestFailures(t *testing.T) {
	r := Evaluate(testCorpus(), Engine{Annotate: annotator(map[string][]Span{
		cardText: {span(cardText, "four one one one", "CARD_NUMBER")},
		negText:  {span(negText, "three oh five", "PHONE")},
	})})
	got := r.Failures(DefaultThresholds())
	want := []string{"PERSON strict recall 0.0000 < 0.95", "overall precision 0.5714 < 0.95"}
	if !slices.Equal(got, want) {
		t.Errorf("failures %q, want %q", got, want)
	}
	th := DefaultThresholds()
	th.Recall["PERSON"] = 0
	th.Precision = 0.5
	if got := r.Failures(th); len(got) != 0 {
		t.Errorf("relaxed thresholds still fail: %q", got)
	}
	th.MaxLeaks = -1
	if got := r.Failures(th); len(got) != 1 || !strings.Contains(got[0], "leaked") {
		t.Errorf("leak threshold: %q", got)
	}
}

func TestWriteTableAndDetails(t *testing.T) {
	r := Evaluate(testCorpus(), Engine{
		Annotate: annotator(map[string][]Span{
			cardText: {span(cardText, "four one one one", "CARD_NUMBER")},
			negText:  {span(negText, "three oh five", "PHONE")},
		}),
		NewStream: func() Stream { return fakeStream{func([]string, bool) []Span { return nil }} },
	})
	var b bytes.Buffer
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteDetails(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{
		"CARD_NUMBER           4         1.0000         1.0000          4     1.0000",
		"PERSON           2         0.0000         0.0000          0          -",
		"overall precision 0.5714",
		"leaks 6 words in 2 utterances",
		`n1	PHONE	"three oh five"`,
		`p1	PERSON	"Søren Jørgensen"	shown`,
		`c1	word 3 "four" (CARD_NUMBER)	shown by the partial of 4 words`,
	} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	r := Evaluate(testCorpus(), Engine{Annotate: annotator(map[string][]Span{
		negText: {span(negText, "three oh five", "PHONE")},
	})})
	for _, details := range []bool{false, true} {
		var b bytes.Buffer
		if err := r.WriteJSON(&b, DefaultThresholds(), details); err != nil {
			t.Fatal(err)
		}
		var v struct {
			Types []struct {
				Type         string  `json:"type"`
				Gold         int     `json:"gold"`
				StrictRecall float64 `json:"strict_recall"`
			} `json:"types"`
			Precision      float64   `json:"precision"`
			Failures       []string  `json:"failures"`
			FalsePositives []Finding `json:"false_positives"`
		}
		if err := json.Unmarshal(b.Bytes(), &v); err != nil {
			t.Fatalf("%v: %s", err, b.String())
		}
		if len(v.Types) != 3 || v.Types[0].Type != "CARD_NUMBER" || v.Types[0].Gold != 4 || v.Precision != 0 || len(v.Failures) != 3 {
			t.Errorf("decoded %+v", v)
		}
		if (len(v.FalsePositives) == 1) != details {
			t.Errorf("details=%v: false positives %+v", details, v.FalsePositives)
		}
	}
}

var readCases = []struct {
	name, in string
	n        int
	bad      bool
}{
	{"ok", `{"id":"a","style":"asr","text":"call me","entities":[]}` + "\n\n" + `{"id":"b","style":"digits","text":"x 123","entities":[{"type":"T","start":2,"end":5}]}`, 2, false},
	{"not json", `{"id":`, 0, true},
	{"unknown field", `{"id":"a","style":"asr","text":"","entities":[],"extra":1}`, 0, true},
	{"two values", `{"id":"a","style":"asr","text":"","entities":[]} {}`, 0, true},
	{"no id", `{"style":"asr","text":"x","entities":[]}`, 0, true},
	{"bad style", `{"id":"a","style":"text","text":"x","entities":[]}`, 0, true},
	{"span past end", `{"id":"a","style":"asr","text":"x","entities":[{"type":"T","start":0,"end":2}]}`, 0, true},
	{"empty span", `{"id":"a","style":"asr","text":"xy","entities":[{"type":"T","start":1,"end":1}]}`, 0, true},
	{"overlap", `{"id":"a","style":"asr","text":"xyz","entities":[{"type":"T","start":0,"end":2},{"type":"T","start":1,"end":3}]}`, 0, true},
	{"no type", `{"id":"a","style":"asr","text":"xy","entities":[{"type":"","start":0,"end":1}]}`, 0, true},
	{"duplicate id", `{"id":"a","style":"asr","text":"x","entities":[]}` + "\n" + `{"id":"a","style":"asr","text":"y","entities":[]}`, 0, true},
}

func TestReadCorpus(t *testing.T) {
	for _, c := range readCases {
		t.Run(c.name, func(t *testing.T) {
			us, err := ReadCorpus(strings.NewReader(c.in))
			if c.bad {
				if !errors.Is(err, ErrCorpus) {
					t.Fatalf("err = %v, want ErrCorpus", err)
				}
				return
			}
			if err != nil || len(us) != c.n {
				t.Fatalf("%d utterances, err %v; want %d", len(us), err, c.n)
			}
		})
	}
}

// FuzzReadCorpus checks that any corpus ReadCorpus accepts can be scored,
// by an engine that returns arbitrary spans, without a panic and with
// consistent counts.
func FuzzReadCorpus(f *testing.F) {
	for _, c := range readCases {
		f.Add(c.in, 0, 3)
	}
	f.Fuzz(func(t *testing.T, in string, a, b int) {
		us, err := ReadCorpus(strings.NewReader(in))
		if err != nil {
			return
		}
		arbitrary := func(s string) []Span {
			return []Span{{Type: "F", Start: a, End: b}, {Type: "G", Start: 0, End: len(s)}}
		}
		r := Evaluate(us, Engine{
			Annotate: arbitrary,
			NewStream: func() Stream {
				return fakeStream{func(words []string, _ bool) []Span { return arbitrary(strings.Join(words, " ")) }}
			},
		})
		for _, ts := range r.Types {
			if ts.Strict > ts.Masked || ts.Masked > ts.Gold || ts.PredictedCorrect > ts.Predicted {
				t.Fatalf("inconsistent counts %+v", *ts)
			}
		}
		if r.PredictedOnGold > r.PredictedWords || r.PredictedWords > r.Words {
			t.Fatalf("predicted %d on gold %d of %d words", r.PredictedWords, r.PredictedOnGold, r.Words)
		}
	})
}
