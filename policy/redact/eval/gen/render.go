package main

import (
	"fmt"
	"strings"
)

// style is how a transcript is written.
type style int

const (
	// styleASR is how a recogniser like pocketsphinx writes speech: lower
	// case, numbers as words, no punctuation.
	styleASR style = iota
	// styleDigits is how network STT engines format it: sentence case,
	// punctuation, numbers as digits, e-mail addresses written out.
	styleDigits
)

func (s style) String() string {
	if s == styleASR {
		return "asr"
	}
	return "digits"
}

// seg is a piece of an utterance: template text, or an entity (typ set).
type seg struct {
	text string
	typ  string
}

func lit(s string) seg         { return seg{text: s} }
func ent(typ, text string) seg { return seg{text: text, typ: typ} }

// slots are the values a template's {name} placeholders stand for.
type slots map[string]seg

// entity is a labelled span in the output, in bytes.
type entity struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// line is one corpus record.
type line struct {
	ID       string   `json:"id"`
	Style    string   `json:"style"`
	Text     string   `json:"text"`
	Entities []entity `json:"entities"`
}

// expand turns a template into segments. "(a|b|)" picks one alternative
// (the empty one means "leave it out"); "{name}" is replaced by the slot.
func (g *gen) expand(tmpl string, sl slots) []seg {
	var out []seg
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			out = append(out, lit(text.String()))
			text.Reset()
		}
	}
	for i := 0; i < len(tmpl); i++ {
		switch c := tmpl[i]; c {
		case '(':
			end := matchParen(tmpl, i)
			alts := splitTop(tmpl[i+1 : end])
			flush()
			out = append(out, g.expand(pick(g.r, alts), sl)...)
			i = end
		case '{':
			end := strings.IndexByte(tmpl[i:], '}')
			if end < 0 {
				panic("template: unclosed { in " + tmpl)
			}
			name := tmpl[i+1 : i+end]
			s, ok := sl[name]
			if !ok {
				panic(fmt.Sprintf("template %q: no slot %q", tmpl, name))
			}
			flush()
			out = append(out, s)
			i += end
		default:
			text.WriteByte(c)
		}
	}
	flush()
	return out
}

func matchParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	panic("template: unclosed ( in " + s)
}

// splitTop splits on | outside nested parentheses.
func splitTop(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// asrLiteral writes template text as a recogniser would: lower case, no
// punctuation, hyphens as spaces, and now and then a hesitation.
func (g *gen) asrLiteral(s string, beforeEntity bool) string {
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case ',', '.', '?', '!', ':', ';', '"':
			return -1
		case '-', '/':
			return ' '
		}
		return r
	}, s)
	lead := strings.HasPrefix(s, " ")
	trail := strings.HasSuffix(s, " ")
	words := strings.Fields(s)
	var out []string
	for i, w := range words {
		if i > 0 && g.r.chance(g.literalFillerRate) {
			out = append(out, g.filler())
		}
		out = append(out, w)
	}
	if trail && beforeEntity && len(out) > 0 && g.r.chance(g.cueFillerRate) {
		out = append(out, g.filler())
	}
	r := strings.Join(out, " ")
	if lead && r != "" {
		r = " " + r
	}
	if trail || (lead && r == "") {
		r += " "
	}
	return r
}

// digitsLiteral tidies template text for the formatted style: single
// spaces, nothing else.
func digitsLiteral(s string) string {
	lead := strings.HasPrefix(s, " ")
	trail := strings.HasSuffix(s, " ")
	r := strings.Join(strings.Fields(s), " ")
	if lead && r != "" {
		r = " " + r
	}
	if trail || (lead && r == "") {
		r += " "
	}
	return r
}

// render lays the segments out as one utterance and records the entity
// spans.
func (g *gen) render(segs []seg, st style) (string, []entity) {
	var b strings.Builder
	var ents []entity
	for i, s := range segs {
		text := s.text
		if s.typ == "" {
			before := i+1 < len(segs) && segs[i+1].typ != ""
			if i+1 < len(segs) && needsAn(segs[i+1].text) {
				if strings.HasSuffix(text, " a ") || text == "a " {
					text = text[:len(text)-1] + "n "
				}
			}
			if st == styleASR {
				text = g.asrLiteral(text, before)
			} else {
				text = digitsLiteral(text)
			}
			cur := b.String()
			if (cur == "" || strings.HasSuffix(cur, " ")) && strings.HasPrefix(text, " ") {
				text = text[1:]
			}
			b.WriteString(text)
			continue
		}
		text = strings.TrimSpace(text)
		if text == "" {
			panic("empty entity " + s.typ)
		}
		cur := b.String()
		if cur != "" && !strings.HasSuffix(cur, " ") && st == styleASR {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(text)
		ents = append(ents, entity{Type: s.typ, Start: start, End: b.Len()})
	}
	out := strings.TrimRight(b.String(), " ")
	if st == styleDigits {
		if out != "" && out[0] >= 'a' && out[0] <= 'z' && (len(segs) == 0 || segs[0].typ == "") {
			out = string(out[0]-'a'+'A') + out[1:]
		}
		if !strings.HasSuffix(out, ".") && !strings.HasSuffix(out, "?") && !strings.HasSuffix(out, "!") && g.r.chance(0.85) {
			out += "."
		}
	}
	if strings.HasPrefix(out, " ") {
		panic("leading space in " + out)
	}
	return out, ents
}

// needsAn reports whether "an" rather than "a" goes before s: a vowel
// sound, or an initialism read letter by letter that starts with one
// ("an SNP voter", "an HK rep").
func needsAn(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	word, _, _ := strings.Cut(s, " ")
	c := word[0] | 0x20
	spelled := len(word) == 1 && len(s) > 2 && s[2] != ' ' && s[1] == ' ' && len(strings.Fields(s)) > 1 && len(strings.Fields(s)[1]) == 1
	if spelled || len(word) >= 2 && strings.ToUpper(word) == word && word[1] >= 'A' && word[1] <= 'Z' {
		return strings.IndexByte("aefhilmnorsx", c) >= 0
	}
	switch c {
	case 'a', 'e', 'i', 'o':
		return true
	case 'u':
		return !strings.HasPrefix(strings.ToLower(word), "uni") && !strings.HasPrefix(strings.ToLower(word), "use")
	}
	return false
}
