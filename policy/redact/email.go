package redact

import "strings"

// ---- e-mail addresses ----

// isUnit reports whether token i can be part of an e-mail local part or
// domain label.
func (a *analyzer) isUnit(i int) bool {
	t := &a.toks[i]
	if t.span != 0 || t.notMail {
		return false
	}
	switch t.kind {
	case tkDigits:
		return true
	case tkWord:
		return t.cls != clAt && t.cls != clDot && !t.join
	}
	return false
}

func (a *analyzer) isAt(i int) bool {
	return a.toks[i].span == 0 && (a.wordIs(i, clAt) || a.punctIs(i, "@"))
}

// isChainSep reports whether token i can separate the parts of an e-mail.
func (a *analyzer) isChainSep(i int) bool {
	if a.toks[i].span != 0 {
		return false
	}
	return a.wordIs(i, clAt) || a.wordIs(i, clDot) || a.isJoin(i) || a.punctIs(i, "@._-+")
}

// sepJoins reports whether the separator at k joins the tokens beside it: a
// spoken separator always does, a written one only without spaces.
func (a *analyzer) sepJoins(k int) bool {
	if a.toks[k].kind == tkWord {
		return true
	}
	return !a.toks[k].sp && k+1 < len(a.toks) && !a.toks[k+1].sp
}

// unitFirst returns the first token of the unit (glued tokens, "doe2") ending at i.
// Spoken digits and letters join the word before them: "raudsepp ninety
// six", "n a n n a".
func (a *analyzer) unitFirst(i int) int {
	for i > 0 && a.isUnit(i-1) && (!a.toks[i].sp || a.spokenGlue(i-1, i)) {
		i--
	}
	return i
}

// spokenGlue reports whether token i, said after token p, belongs to the
// same part of a spoken address: digits and number words after a word
// ("raudsepp ninety six"), letters after letters ("n a n n a").
func (a *analyzer) spokenGlue(p, i int) bool {
	t := &a.toks[i]
	if t.kind != tkWord || t.span != 0 {
		return false
	}
	if t.cls == clDigit || t.cls == clTens {
		return !a.toks[p].stop || a.isLetterWord(p)
	}
	return a.isLetterWord(i) && a.isLetterWord(p)
}

func (a *analyzer) isLetterWord(i int) bool {
	t := &a.toks[i]
	return t.kind == tkWord && t.letter != 0 && t.end-t.start == 1
}

// plainWord reports whether token i is an uncommon word that may be a
// second word of a spoken local part ("heino mcallister at aol dot com").
func (a *analyzer) plainWord(i int) bool {
	t := &a.toks[i]
	return t.kind == tkWord && t.span == 0 && t.cls == clNone && !t.stop && (!t.common || t.first || t.last) && !t.incue &&
		!t.join && !t.slash && t.letter == 0
}

// unitLast returns the last token of the unit starting at i; hyphen lets a
// domain label contain glued hyphens ("my-shop").
func (a *analyzer) unitLast(i int, hyphen bool) int {
	n := len(a.toks)
	for {
		switch {
		case i+1 < n && !a.toks[i+1].sp && a.isUnit(i+1):
			i++
		case hyphen && i+2 < n && a.punctIs(i+1, "-") && a.toks[i+1].span == 0 &&
			!a.toks[i+1].sp && !a.toks[i+2].sp && a.isUnit(i+2):
			i += 2
		default:
			return i
		}
	}
}

// emails claims every complete e-mail address, written ("j.doe@example.dk")
// or spoken ("john dot doe at example dot com"), and returns how many.
// Without requireDot, "john at example" counts too.
func (a *analyzer) emails(requireDot bool) int {
	found := 0
	for i := range a.toks {
		if !a.isAt(i) {
			continue
		}
		first, ok := a.localPart(i)
		if !ok {
			continue
		}
		last, ok := a.domain(i, requireDot)
		if !ok {
			continue
		}
		if first > 0 && a.plainWord(first) && a.plainWord(first-1) && a.dotAfter(i, last) {
			first-- // "heino mcallister at aol dot com"
		}
		a.claim(first, last, TypeEmail)
		found++
	}
	return found
}

// localPart returns the first token of the local part before the at-sign at.
// A single common word ("meet me at", "I'm at") is not a local part.
func (a *analyzer) localPart(at int) (int, bool) {
	i := at - 1
	if i < 0 || !a.isUnit(i) {
		return -1, false
	}
	units, first, stop := 0, i, false
	for {
		first = a.unitFirst(i)
		units++
		stop = first == i && a.toks[i].stop
		k := first - 1
		if k < 1 || !(a.wordIs(k, clDot) || a.isJoin(k) || a.punctIs(k, "._-+")) ||
			a.toks[k].span != 0 || !a.isUnit(k-1) || !a.sepJoins(k) {
			break
		}
		i = k - 1
	}
	if units == 1 && stop {
		return -1, false
	}
	return first, true
}

// domain returns the last token of the domain after the at-sign at: labels
// joined by dots, ending in a top-level domain of letters.
func (a *analyzer) domain(at int, requireDot bool) (int, bool) {
	n := len(a.toks)
	u := at + 1
	if u >= n || !a.isUnit(u) {
		return -1, false
	}
	e := a.unitLast(u, true)
	if e == u && a.toks[u].stop && !(e+2 < n && (a.wordIs(e+1, clDot) || a.punctIs(e+1, ".")) && a.isTLD(e+2)) {
		return -1, false // "at home", but "at me dot com"
	}
	if e+3 < n && a.toks[e+1].kind == tkWord && a.toks[e+1].span == 0 && a.toks[e+1].cls == clNone && !a.toks[e+1].stop && a.toks[e+1].sp && (a.wordIs(e+2, clDot) || a.punctIs(e+2, ".")) && a.isTLD(e+3) {
		e++ // "hot mail dot com"
	}
	best := -1
	if !requireDot {
		best = e
	}
	for {
		k := e + 1
		if k+1 >= n || !(a.wordIs(k, clDot) || a.punctIs(k, ".")) || a.toks[k].span != 0 ||
			!a.isUnit(k+1) || !a.sepJoins(k) {
			break
		}
		u = k + 1
		e = a.unitLast(u, true)
		if !requireDot || e == u && a.isTLD(u) {
			best = e
		}
	}
	return best, best >= 0
}

// isTLD reports whether token i can end a domain: two or more ASCII letters
// not glued to a following word, number, label or hyphen. "com" in
// "x@y.com-1234567" is not one: the number becomes "[PHONE]", and
// redacting "x@y.com-[PHONE]" again must not find an address.
func (a *analyzer) isTLD(i int) bool {
	t := &a.toks[i]
	if t.kind != tkWord || t.end-t.start < 2 || t.end-t.start > 63 {
		return false
	}
	if i+1 < len(a.toks) && !a.toks[i+1].sp && (a.toks[i+1].kind != tkPunct || a.punctIs(i+1, "-")) {
		return false
	}
	for k := t.start; k < t.end; k++ {
		if !isASCIILetter(a.s[k]) {
			return false
		}
	}
	return true
}

// emailContinuation claims the e-mail that continues at the start of this
// utterance ("dot doe at example dot com") after the previous final ended
// with one in progress.
func (a *analyzer) emailContinuation() {
	n := len(a.toks)
	i := 0
	for i < n && a.wordIs(i, clFiller) {
		i++
	}
	first, last, seps := i, -1, 0
	unit := false
	for i < n {
		if !unit && a.isUnit(i) {
			last = a.unitLast(i, true)
			i = last + 1
			unit = true
			continue
		}
		if a.isChainSep(i) && i+1 < n && a.isUnit(i+1) && a.sepJoins(i) {
			seps++
			i++
			unit = false
			continue
		}
		break
	}
	if seps > 0 && last >= first {
		a.claim(first, last, TypeEmail)
	}
}

// pendingEmail looks at the chain of words and separators at the end of the
// text and returns the index of its first token if it may be an e-mail
// still being spoken, else -1:
//   - "<name> at …" where the name and the word after "at" are not common
//     words ("meet me at", "at the" are not e-mails); in a final only if it
//     ends with "at"/"dot" or has a dot after "at";
//   - in a partial, any spoken "dot" ("john dot", "john dot doe");
//   - the word after an e-mail cue and "is" ("my email is john");
//   - any "at" once the utterance showed an e-mail (o.stickyEmail).
func (a *analyzer) pendingEmail(o opts, cue int, f *facts) int {
	const (
		none = iota
		unit
		sep
	)
	i := len(a.toks) - 1
	start, last, lastSep := -1, none, -1
	var (
		unitStop                         bool // the unit consumed last is one common word
		atWait, atRightStop, atDotsRight bool // an at-sign waiting for its local part
		atOK, atStrong, anyAt, spokenDot bool
		endsSep                          bool
		dots                             int
	)
	for i >= 0 {
		t := &a.toks[i]
		email := t.span != 0 && a.spans[t.span-1].label == TypeEmail
		// A name or number masked on its own may be part of an address
		// still being said: "[PERSON] dot kierkegaard [NUMBER] at".
		email = email || t.span != 0 && o.partial && (a.spans[t.span-1].label == TypePerson || a.spans[t.span-1].label == TypeNumber)
		if last != unit && (a.isUnit(i) || email) {
			if last == sep && a.toks[lastSep].kind == tkPunct && a.toks[lastSep].sp {
				break // "home ." is not "home."
			}
			j := a.unitFirst(i)
			if email {
				j = a.spans[t.span-1].first
				if a.spans[t.span-1].label == TypeNumber && j > 0 && a.isUnit(j-1) && (!a.toks[j-1].stop || a.isLetterWord(j-1)) {
					j = a.unitFirst(j - 1) // "kierkegaard [NUMBER]": digits after a name
				}
			}
			if atWait && !email && j > 0 && a.plainWord(j) && a.plainWord(j-1) && a.toks[j-1].span == 0 {
				j-- // "villu tooming two at", "ene christensen at"
			}
			if !email && j > 1 && a.isUnit(j-1) && a.toks[j-1].kind == tkWord && !a.toks[j-1].stop && a.isAt(j-2) {
				j-- // "at hot mail": a domain said as two words
			}
			stop := !email && j == i && t.stop
			if atWait {
				atWait = false
				if !stop && !atRightStop {
					atOK = true
					atStrong = atStrong || atDotsRight
				}
			}
			start, last, unitStop = j, unit, stop
			i = j - 1
			continue
		}
		if last != sep && a.isChainSep(i) {
			if last == none {
				endsSep = true
			}
			if last == unit && t.kind == tkPunct && a.toks[i+1].sp {
				break
			}
			switch {
			case a.isAt(i):
				anyAt, atWait = true, true
				atRightStop = last == unit && unitStop
				atDotsRight = dots > 0
			case a.wordIs(i, clDot), a.isJoin(i):
				spokenDot = true
				dots++
			case a.punctIs(i, "."):
				dots++
			}
			start, last, lastSep = i, sep, i
			i--
			continue
		}
		break
	}
	if start < 0 {
		return -1
	}
	cueOK := last == unit && !unitStop && cue >= 0 && a.cueBridge(cue, start)
	ok := cueOK || o.stickyEmail && anyAt
	if o.partial {
		ok = ok || atOK || spokenDot
	} else {
		// A final is complete: "sarah at reception" is not an address
		// unless it is plainly unfinished ("john at") or has a domain.
		ok = ok || atOK && (endsSep || atStrong)
	}
	if !ok {
		return -1
	}
	if o.partial && atStrong {
		f.stickyEmail = true
	}
	if !o.partial {
		f.endEmail = true
	}
	return start
}

// cueBridge reports whether the tokens between an e-mail cue and the word
// at start say that the word is the address: "email is john", "e-mail
// address is john", "email: john", but not "your email thanks".
func (a *analyzer) cueBridge(cue, start int) bool {
	if start-cue < 2 || start-cue > 3 {
		return false
	}
	for k := cue + 1; k < start; k++ {
		t := &a.toks[k]
		if a.punctIs(k, ":") {
			continue
		}
		w := a.s[t.start:t.end]
		if t.kind != tkWord || !(strings.EqualFold(w, "is") || strings.EqualFold(w, "was") ||
			strings.EqualFold(w, "it's") || strings.EqualFold(w, "address")) {
			return false
		}
	}
	return true
}

func (a *analyzer) isJoin(i int) bool {
	t := &a.toks[i]
	return t.kind == tkWord && t.join
}

// dotAfter reports whether the domain from at to last has a dot.
func (a *analyzer) dotAfter(at, last int) bool {
	for k := at + 1; k <= last; k++ {
		if a.wordIs(k, clDot) || a.punctIs(k, ".") {
			return true
		}
	}
	return false
}
