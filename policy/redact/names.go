package redact

import (
	"strings"
	"unicode"
)

// maxNameWords is how many words after a name cue are taken as the name.
const maxNameWords = 3

// nameWord reports whether token i can be part of a name. After a strong
// cue ("my name is") any word will do but a common one; elsewhere only a
// gazetteer name.
func (a *analyzer) nameWord(i int, strong bool) bool {
	t := &a.toks[i]
	if t.kind != tkWord || t.span != 0 || t.stop || t.cls != clNone {
		return false
	}
	if t.first || t.last {
		return true
	}
	return strong && !t.common && !t.incue && !t.street
}

// namesAfterStrongCues claims the name after "my name is", "mr", "speak to
// …": up to three name words, or a name spelled letter by letter.
func (a *analyzer) namesAfterStrongCues() {
	n := len(a.toks)
	for _, c := range a.cues {
		if c.prefix || c.kind.art9 || c.kind.typ != TypePerson || c.kind.weak {
			continue
		}
		k := a.skipWords(c.last+1, nameLeadIns)
		if k < n && a.toks[k].incue && a.toks[k].kind == tkWord {
			continue // another cue follows: "my name is mr smith" is claimed from "mr"
		}
		end := a.spelled(k)
		if end < 0 {
			for m := k; m < n && m-k < maxNameWords && a.nameWord(m, true) && (m == k || !verbLike(a.text(m)) || a.toks[m].last); m++ {
				end = m
			}
			if e := a.spelled(end + 1); end >= 0 && e > end {
				end = e
			}
		}
		if end >= k {
			a.claim(k, end, TypePerson)
		}
	}
}

// nameLeadIns are words between a name cue and the name.
var nameLeadIns = []string{"is", "it's", "its", ":", ",", "uh", "um", "just", "actually"}

// spelled returns the last token of a name spelled out from k ("j o h n",
// "s-m-i-t-h"), at least two letters, or -1.
func (a *analyzer) spelled(k int) int {
	n, letters, end := len(a.toks), 0, -1
	for m := k; m < n; m++ {
		t := &a.toks[m]
		if t.span != 0 {
			break
		}
		if t.kind == tkWord && t.end-t.start == 1 && t.letter != 0 {
			letters++
			end = m
			continue
		}
		if a.punctIs(m, "-.") || t.kind == tkWord && t.cls == clFiller {
			continue
		}
		break
	}
	if letters < 2 {
		return -1
	}
	return end
}

// names claims names from the gazetteer: a first name that is not also an
// ordinary word, with the surnames and names after it; an ordinary-word name
// ("will", "grace") or a surname only after a cue or beside another name.
// "this is X calling" makes X a name whatever it is.
//
// Tokens from emailFrom on (an e-mail still being said) are left alone.
func (a *analyzer) names(emailFrom int) {
	n := len(a.toks)
	if emailFrom >= 0 {
		n = emailFrom
	}
	for i := 0; i < n; i++ {
		t := &a.toks[i]
		if t.kind != tkWord || t.span != 0 || t.stop || t.cls != clNone {
			continue
		}
		weakCue := a.weakPersonCueBefore(i)
		start := false
		switch {
		case t.first && !t.common:
			start = true
		case (t.first || t.last) && i+1 < n && a.toks[i+1].last && a.nameWord(i+1, false):
			start = true // "grace jensen"
		case (t.first || t.last) && weakCue:
			start = true
		case weakCue && i+1 < n && a.nameWord(i, true) && !verbLike(a.text(i)) && a.isCallingWord(i+1) && a.introCueBefore(i):
			start = true // "this is zofia calling"
		case t.last && !t.common && i > 0 && a.surnameMate(i-1):
			i-- // "chukwuemeka thompson": an unknown word before a surname
			start = true
		case t.sp && a.capitalised(i) && !a.sentenceStart(i) && !t.freq && a.mixedCase() && !a.digitWithin(i, 2):
			start = true // "... told Skovgaard"
		}
		if !start || a.toks[i].incue && !(a.toks[i].first || a.toks[i].last) {
			continue
		}
		end := i
		for m := i + 1; m < n && m-i < maxNameWords; m++ {
			u := &a.toks[m]
			if !(a.nameWord(m, false) && (u.last || u.first && !u.common) || a.capitalised(m) || a.surnameMate(m) && (a.toks[i].first || a.toks[i].last)) {
				break
			}
			end = m
		}
		a.claim(i, end, TypePerson)
		i = end
	}
}

// weakPersonCueBefore reports whether a person cue ends right before i.
func (a *analyzer) weakPersonCueBefore(i int) bool {
	k := i - 1
	for k >= 0 && a.wordIs(k, clFiller) {
		k--
	}
	for _, c := range a.cues {
		if !c.prefix && !c.kind.art9 && c.kind.typ == TypePerson && c.last == k {
			return true
		}
	}
	return false
}

// spelledAfterNames claims a name spelled letter by letter right after a
// name or a spelling cue: "kierkegaard that's k i e r k e g a a r d",
// "spelled o j a".
func (a *analyzer) spelledAfterNames() {
	n := len(a.toks)
	// A word followed by its own spelling is a name: "ashworth a s h w o
	// r t h". In a partial the letters may stop partway.
	for i := 0; i+1 < n; i++ {
		t := &a.toks[i]
		if t.kind != tkWord || t.end-t.start < 2 || t.span != 0 && a.spans[t.span-1].label != TypePerson {
			continue
		}
		e := a.spelled(i + 1)
		if e < 0 || !a.spellsPrefix(i, i+1, e) {
			continue
		}
		if t.span != 0 {
			a.claim(i+1, e, TypePerson) // the name was found already
		} else {
			a.claim(i, e, TypePerson)
		}
		i = e
	}
	for i := 0; i < n; i++ {
		t := &a.toks[i]
		if t.span == 0 || a.spans[t.span-1].label != TypePerson && !a.isSpellCue(i) {
			if !a.isSpellCue(i) {
				continue
			}
		}
		k := a.skipWords(i+1, spellLeadIns)
		if k >= n || a.toks[k].span != 0 {
			continue
		}
		if e := a.spelled(k); e >= k {
			a.claim(k, e, TypePerson)
			i = e
		}
	}
}

var spellLeadIns = []string{"that's", "thats", "that", "is", "it's", "spelled", "spelt", "spelling", ",", ":", "as", "with", "a"}

func (a *analyzer) isSpellCue(i int) bool {
	return a.isWord(i, "spelled") || a.isWord(i, "spelt") || a.isWord(i, "spelling") || a.isWord(i, "spell")
}

func (a *analyzer) isCallingWord(i int) bool {
	for _, w := range [...]string{"calling", "speaking", "here", "from", "again"} {
		if a.isWord(i, w) {
			return true
		}
	}
	return false
}

// capitalised reports whether token i is a capitalised word that the
// lexicon does not know, in text that is not all capitals: "Zofia" after
// "Anna" in "Anna Zofia Kowalczyk".
func (a *analyzer) capitalised(i int) bool {
	t := &a.toks[i]
	if t.kind != tkWord || t.span != 0 || t.stop || t.common || t.notName || t.cls != clNone || t.incue || t.end-t.start < 2 {
		return false
	}
	s := a.s[t.start:t.end]
	r := rune(s[0])
	if !unicode.IsUpper(r) {
		return false
	}
	for _, c := range s[1:] {
		if unicode.IsUpper(c) {
			return false
		}
	}
	return true
}

// verbLike reports whether w ends like an English verb form or adverb
// ("referred", "calling", "quickly"), which does not continue a name.
func verbLike(w string) bool {
	w = strings.ToLower(w)
	return len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ly"))
}

// introCueBefore reports whether the cue before i introduces the speaker:
// "this is", "it's", "hi", "hello".
func (a *analyzer) introCueBefore(i int) bool {
	k := i - 1
	for k >= 0 && a.wordIs(k, clFiller) {
		k--
	}
	if k < 0 {
		return false
	}
	switch strings.ToLower(a.text(k)) {
	case "is", "it's", "its", "hi", "hello", "hey":
		return true
	}
	return false
}

// surnameMate reports whether token i is a word that, beside a known name,
// is another part of that name: a word the lexicon does not know and the
// recogniser rarely emits ("kuusk" in "cormac kuusk").
func (a *analyzer) surnameMate(i int) bool {
	t := &a.toks[i]
	return t.kind == tkWord && t.span == 0 && t.cls == clNone && !t.stop && !t.common && !t.freq && !t.notName &&
		!t.incue && !t.street && t.month == 0 && t.art9L == 0 && t.art9R == 0 && t.end-t.start > 2 &&
		!verbLike(a.text(i)) && !a.lx.hasStreetSuffix(strings.ToLower(a.text(i)))
}

// sentenceStart reports whether token i starts the text or a sentence.
func (a *analyzer) sentenceStart(i int) bool {
	k := i - 1
	for k >= 0 && a.toks[k].kind == tkPunct && !a.punctIs(k, ".?!") {
		k--
	}
	return k < 0 || a.punctIs(k, ".?!")
}

// mixedCase reports whether the text has both lower- and upper-case
// letters, so capitals carry meaning: a network engine's formatted text.
func (a *analyzer) mixedCase() bool {
	lower, upper := false, false
	for i := 0; i < len(a.s); i++ {
		c := a.s[i]
		lower = lower || 'a' <= c && c <= 'z'
		upper = upper || 'A' <= c && c <= 'Z'
	}
	return lower && upper
}

// digitWithin reports whether one of the d tokens before i is a number:
// capitalised words after a house number are a street ("585 Willow Creek").
func (a *analyzer) digitWithin(i, d int) bool {
	for k := i - 1; k >= 0 && k >= i-d; k-- {
		if a.toks[k].kind == tkDigits || a.toks[k].kind == tkLabel || a.toks[k].span != 0 && a.spans[a.toks[k].span-1].label != TypePerson {
			return true
		}
	}
	return false
}

// spellsPrefix reports whether the letters in tokens from..to spell the
// start of word i (at least two letters).
func (a *analyzer) spellsPrefix(i, from, to int) bool {
	w := strings.ToLower(a.text(i))
	k, letters := 0, 0
	for m := from; m <= to; m++ {
		t := &a.toks[m]
		if t.kind != tkWord || t.letter == 0 {
			continue
		}
		if k >= len(w) || w[k] != t.letter {
			return false
		}
		k++
		letters++
	}
	return letters >= 2
}
