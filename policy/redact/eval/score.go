package eval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AnnotateFunc redacts one complete utterance and returns the entities it
// found, with byte offsets into s.
type AnnotateFunc func(s string) []Span

// Stream is one speaker's streaming redactor. Each call returns the
// entities of its output with byte offsets into the words joined by single
// spaces.
type Stream interface {
	Partial(words []string) []Span
	Final(words []string) []Span
}

// Engine is the redactor under test.
type Engine struct {
	// Annotate scores whole utterances. Required.
	Annotate AnnotateFunc
	// NewStream returns a fresh Stream for the replay of one utterance;
	// nil skips the replay.
	NewStream func() Stream
}

// word is a whitespace-separated token: its byte range in the text.
type word struct{ start, end int }

// words splits s at Unicode white space.
func words(s string) []word {
	var ws []word
	start := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if start >= 0 {
				ws = append(ws, word{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start >= 0 {
		ws = append(ws, word{start, len(s)})
	}
	return ws
}

// goldTypes gives each word the type of the first span overlapping it.
func goldTypes(ws []word, spans []Span) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		for _, s := range spans {
			if s.Start < w.end && w.start < s.End {
				out[i] = s.Type
				break
			}
		}
	}
	return out
}

// predTypes gives each word its predicted type: of the spans overlapping
// it, the one whose type is the word's gold type, else the first by start.
func predTypes(ws []word, spans []Span, gold []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		for _, s := range spans {
			if s.Start < w.end && w.start < s.End {
				if out[i] == "" || s.Type == gold[i] {
					out[i] = s.Type
				}
				if s.Type == gold[i] {
					break
				}
			}
		}
	}
	return out
}

// validSpans drops spans that do not lie inside a text of n bytes and
// returns how many it dropped. The rest are sorted by start.
func validSpans(spans []Span, n int) ([]Span, int) {
	out := make([]Span, 0, len(spans))
	bad := 0
	for _, s := range spans {
		if s.Start < 0 || s.End > n || s.End <= s.Start || s.Type == "" {
			bad++
			continue
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Span) int { return a.Start - b.Start })
	return out, bad
}

// Evaluate scores the engine on the corpus: word-level recall and precision
// from Annotate, leaks and unmasks from the Stream replay.
func Evaluate(corpus []Utterance, e Engine) *Report {
	r := newReport()
	for _, u := range corpus {
		r.Utterances++
		ws := words(u.Text)
		gold := goldTypes(ws, u.Entities)
		pred, bad := validSpans(e.Annotate(u.Text), len(u.Text))
		r.InvalidSpans += bad
		pt := predTypes(ws, pred, gold)
		r.score(u, ws, gold, pt, pred)
		if e.NewStream != nil {
			r.replay(u, ws, gold, e.NewStream())
		}
	}
	r.finish()
	return r
}

// score adds one utterance's words to the counts and records its false
// positives and misses.
func (r *Report) score(u Utterance, ws []word, gold, pred []string, spans []Span) {
	r.Words += len(ws)
	for i := range ws {
		g, p := gold[i], pred[i]
		if g != "" {
			t := r.typ(g)
			t.Gold++
			if p != "" {
				t.Masked++
			}
			if p == g {
				t.Strict++
			}
		}
		if p != "" {
			t := r.typ(p)
			t.Predicted++
			r.PredictedWords++
			if g == p {
				t.PredictedCorrect++
			}
			if g != "" {
				r.PredictedOnGold++
			}
		}
	}
	// False positives: predicted spans that cover a word with no gold type.
	for _, s := range spans {
		for i, w := range ws {
			if s.Start < w.end && w.start < s.End && gold[i] == "" {
				r.FalsePositives = append(r.FalsePositives, Finding{ID: u.ID, Type: s.Type, Text: u.Text[s.Start:s.End]})
				break
			}
		}
	}
	// Misses: gold spans with a word that was not predicted with its type.
	for _, s := range u.Entities {
		var got []string
		missed := false
		for i, w := range ws {
			if s.Start < w.end && w.start < s.End {
				if pred[i] != s.Type {
					missed = true
				}
				if pred[i] != "" && !slices.Contains(got, pred[i]) {
					got = append(got, pred[i])
				}
			}
		}
		if missed {
			f := Finding{ID: u.ID, Type: s.Type, Text: u.Text[s.Start:s.End], Got: strings.Join(got, ",")}
			r.Misses = append(r.Misses, f)
		}
	}
}
