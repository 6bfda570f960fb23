package privacy

import (
	"sort"
	"strings"

	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/stt"
)

// Span is a stretch of a call's media time (milliseconds) that held an
// entity of Kind.
type Span struct {
	Kind           string
	StartMS, EndMS int64
}

// wordRanges returns the byte range of each word in the words' texts
// joined by single spaces, the text redact.Stream analysed.
func wordRanges(words []stt.Word) [][2]int {
	out := make([][2]int, len(words))
	off := 0
	for i, w := range words {
		if i > 0 {
			off++ // the space
		}
		out[i] = [2]int{off, off + len(w.Text)}
		off += len(w.Text)
	}
	return out
}

// Spans maps entities with offsets into the words joined by single spaces
// (redact.Redacted.Input) to the media time of the words they touch:
// from the first word's start to the last word's end.
//
// Every word that says a number (redact.IsNumberWord) is muted too, as
// kind NUMBER, whether redaction found an entity there or not: a
// recogniser that misheard the cue ("my card number is") leaves the digits
// unlabelled, and a recording must not keep them audible. So is a digit
// homophone ("oh", "to", "for") next to such a word, or next to another
// homophone that is: what one recogniser heard as "to" another hears as
// "two".
func Spans(words []stt.Word, ents []redact.Entity) []Span {
	if len(words) == 0 {
		return nil
	}
	var out []Span
	covered := make([]bool, len(words))
	ranges := wordRanges(words)
	for _, e := range ents {
		first, last := -1, -1
		for i, r := range ranges {
			if r[0] < e.End && e.Start < r[1] {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first < 0 {
			continue
		}
		for i := first; i <= last; i++ {
			covered[i] = true
		}
		out = append(out, Span{Kind: e.Type, StartMS: words[first].StartMS, EndMS: max(words[last].EndMS, words[first].StartMS)})
	}
	// Number words, and the homophones next to them: "ninety to" may be
	// the recogniser's "ninety two", and a recording must not keep it.
	number := make([]bool, len(words))
	for i, w := range words {
		number[i] = redact.IsNumberWord(strings.TrimSpace(w.Text))
	}
	for changed := true; changed; {
		changed = false
		for i, w := range words {
			if number[i] || !redact.IsNumberHomophone(strings.TrimSpace(w.Text)) {
				continue
			}
			if (i > 0 && number[i-1]) || (i+1 < len(words) && number[i+1]) {
				number[i], changed = true, true
			}
		}
	}
	for i, w := range words {
		if !covered[i] && number[i] {
			out = append(out, Span{Kind: redact.TypeNumber, StartMS: w.StartMS, EndMS: max(w.EndMS, w.StartMS)})
		}
	}
	return out
}

// RawText is the words joined by single spaces with every CVV replaced by
// its label: the raw text Earshot may keep (sealed), since a card
// verification code is never stored, even encrypted (invariant 3).
func RawText(words []stt.Word, ents []redact.Entity) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.Text)
	}
	text := b.String()
	var cvv []redact.Entity
	for _, e := range ents {
		if e.Type == redact.TypeCVV && 0 <= e.Start && e.Start < e.End && e.End <= len(text) {
			cvv = append(cvv, e)
		}
	}
	if len(cvv) == 0 {
		return text
	}
	sort.Slice(cvv, func(i, j int) bool { return cvv[i].Start < cvv[j].Start })
	var out strings.Builder
	pos := 0
	for _, e := range cvv {
		if e.Start < pos {
			e.Start = pos // overlapping spans
		}
		if e.Start >= e.End {
			continue
		}
		out.WriteString(text[pos:e.Start])
		out.WriteString("[" + redact.TypeCVV + "]")
		pos = e.End
	}
	out.WriteString(text[pos:])
	return out.String()
}
