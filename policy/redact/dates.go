package redact

import "strings"

// cueDates claims the date after a birth or expiry cue: "born on the
// twelfth of march nineteen eighty four", "expiry april twenty six",
// "date of birth 12/03/1984". A date said as a string of digits ("oh four
// two six") is left to the digit-run rules, which take the cue's type too.
func (a *analyzer) cueDates() {
	for _, c := range a.cues {
		if c.prefix || c.kind.art9 || (c.kind.typ != TypeDateOfBirth && c.kind.typ != TypeCardExpiry) {
			continue
		}
		k := a.skipWords(c.last+1, dateLeadIns)
		if k >= len(a.toks) {
			continue
		}
		if c.kind.weak && !a.cardContext() && !(a.toks[k].month > 0 || a.writtenDate(k) == k+2) {
			continue // "the offer is valid until the twenty seventh of october"
		}
		if end := a.date(k, c.kind.typ == TypeDateOfBirth); end >= k && a.free(k, end) {
			a.claim(k, end, c.kind.typ)
		}
	}
}

// datesBeforeCues claims a date said right before its cue: "twenty
// seventh of november nineteen thirty nine, my date of birth", "december
// twenty twenty eight for the expiry".
func (a *analyzer) datesBeforeCues() {
	for _, c := range a.cues {
		if c.prefix || c.kind.art9 || (c.kind.typ != TypeDateOfBirth && c.kind.typ != TypeCardExpiry) {
			continue
		}
		end := c.first - 1
		for end >= 0 && a.toks[end].span == 0 && (a.toks[end].kind == tkPunct || a.toks[end].kind == tkWord &&
			(a.toks[end].cls == clFiller || containsFold(dateTrailers, a.text(end)))) {
			end--
		}
		if end < 0 || a.toks[end].span != 0 {
			continue
		}
		best := -1
		for k := end; k >= 0 && end-k < 10 && a.toks[k].span == 0; k-- {
			if a.date(k, c.kind.typ == TypeDateOfBirth) == end {
				best = k
			}
		}
		if best >= 0 {
			if a.isWord(best, "the") {
				best++
			}
			a.claim(best, end, c.kind.typ)
		}
	}
}

// dateTrailers are words between a date and a cue after it.
var dateTrailers = []string{"my", "is", "was", "for", "the", "that's", "thats", "as", "it's"}

// dateLeadIns are words between a date cue and the date.
var dateLeadIns = []string{"is", "was", "on", "in", "it's", "its", "it", "of", "the", "date", "my", "be", ":", ",", "-", "at", "as"}

// skipWords returns the first token from k that is not a filler or one of
// the given words.
func (a *analyzer) skipWords(k int, words []string) int {
	for k < len(a.toks) {
		t := &a.toks[k]
		if t.kind == tkWord && t.cls == clFiller {
			k++
			continue
		}
		if (t.kind == tkWord || t.kind == tkPunct) && t.span == 0 && containsFold(words, a.text(k)) {
			// "the" before an ordinal belongs to the date; keep it simple
			// and leave lead-ins unclaimed.
			k++
			continue
		}
		return k
	}
	return k
}

func containsFold(words []string, w string) bool {
	for _, x := range words {
		if strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}

// date returns the last token of a date starting at k, or -1. Forms: "the
// twelfth of march [1984]", "march the twelfth [1984]", "march 12 1984",
// "april 2026", "12/03/1984", "1984-03-12", "03/26", and for a birth date a
// year alone ("nineteen eighty four").
func (a *analyzer) date(k int, birth bool) int {
	n := len(a.toks)
	if e := a.writtenDate(k); e >= 0 {
		return e
	}
	// Day first.
	if e := a.day(k); e >= 0 {
		m := e + 1
		if m < n && a.isWord(m, "of") {
			m++
		}
		if m < n && a.toks[m].kind == tkWord && a.toks[m].month > 0 {
			return a.optYear(m)
		}
		if birth && a.toks[k].ord > 0 {
			return e // "born on the twelfth"
		}
	}
	// Month first.
	if a.toks[k].kind == tkWord && a.toks[k].month > 0 && !a.monthIsWord(k) {
		m := k + 1
		if m < n && a.isWord(m, "the") {
			m++
		}
		best := -1
		if e := a.day(m); e >= 0 {
			best = a.optYear(e)
		}
		if m < n && a.isWord(m, "of") {
			m++
		}
		if e := a.year(m); e > best {
			best = e // "september two thousand and thirty"
		}
		if best >= 0 {
			return best
		}
		return k
	}
	if birth {
		return a.year(k)
	}
	return -1
}

// monthIsWord reports whether the month name at k is used as a word: "may"
// followed by a verb-like word. Only "may" needs it.
func (a *analyzer) monthIsWord(k int) bool {
	if !a.isWord(k, "may") {
		return false
	}
	return k+1 >= len(a.toks) || !(a.digitTok(k+1) || a.toks[k+1].ord > 0 || a.isWord(k+1, "the"))
}

func (a *analyzer) isWord(k int, w string) bool {
	t := &a.toks[k]
	return t.kind == tkWord && strings.EqualFold(a.s[t.start:t.end], w)
}

// optYear returns the end of a year after e (skipping a comma), else e.
func (a *analyzer) optYear(e int) int {
	m := e + 1
	if m < len(a.toks) && a.punctIs(m, ",") {
		m++
	}
	if y := a.year(m); y >= 0 {
		return y
	}
	return e
}

// day returns the last token of a day of the month at k: "the twelfth",
// "twenty first", "12th", "12", "twelve".
func (a *analyzer) day(k int) int {
	n := len(a.toks)
	if k < n && a.isWord(k, "the") {
		k++
	}
	if k >= n || a.toks[k].span != 0 {
		return -1
	}
	t := &a.toks[k]
	switch {
	case t.kind == tkWord && t.ord > 0:
		return k
	case t.kind == tkWord && t.cls == clTens && (t.val == 20 || t.val == 30) && k+1 < n && a.toks[k+1].ord > 0 && a.toks[k+1].ord < 10:
		return k + 1
	case t.kind == tkDigits && t.end-t.start <= 2:
		v := atoiTok(a.s[t.start:t.end])
		if v < 1 || v > 31 {
			return -1
		}
		if k+1 < n && !a.toks[k+1].sp && a.toks[k+1].ordSuffix {
			return k + 1
		}
		return k
	case t.kind == tkWord && (t.cls == clTens || t.cls == clDigit):
		if v, next, ok := a.below100(k, n); ok && v >= 1 && v <= 31 {
			return next - 1
		}
	}
	return -1
}

// year returns the last token of a year at k: "1984", "'84", "nineteen
// eighty four", "nineteen oh five", "two thousand and five", "twenty
// twenty six", "twenty six".
func (a *analyzer) year(k int) int {
	n := len(a.toks)
	if k >= n || a.toks[k].span != 0 {
		return -1
	}
	t := &a.toks[k]
	switch {
	case t.kind == tkDigits && (t.end-t.start == 4 || t.end-t.start == 2):
		return k
	case t.kind == tkPunct && a.s[t.start] == '\'' && k+1 < n && a.toks[k+1].kind == tkDigits:
		return k + 1
	case t.kind == tkWord && t.cls == clDigit && k+1 < n && a.wordIs(k+1, clThousand):
		if _, next, ok := a.cardinal(k, n); ok {
			return next - 1
		}
	case t.kind == tkWord && t.cls == clTens:
		_, next, _ := a.below100(k, n)
		if next < n && a.toks[next].kind == tkWord && a.toks[next].cls == clWeak && a.toks[next].val == 0 &&
			next+1 < n && a.wordIs(next+1, clDigit) {
			return next + 1 // "nineteen oh five"
		}
		if _, n2, ok := a.below100(next, n); ok && a.toks[next].cls == clTens {
			return n2 - 1 // "nineteen eighty four", "twenty twenty six"
		}
		return next - 1 // "eighty four", "twenty six"
	}
	return -1
}

func atoiTok(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// writtenDate returns the last token of a date written with digits and "/",
// "-" or "." at k ("12/03/1984", "1984-03-12", "03/26"), or -1.
func (a *analyzer) writtenDate(k int) int {
	n := len(a.toks)
	if k >= n || a.toks[k].kind != tkDigits {
		return -1
	}
	groups, e := 1, k
	for e+2 < n && groups < 3 && a.punctIs(e+1, "/-.") && !a.toks[e+1].sp && !a.toks[e+2].sp && a.toks[e+2].kind == tkDigits {
		e += 2
		groups++
	}
	if groups < 2 {
		return -1
	}
	return e
}
