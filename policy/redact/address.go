package redact

import "strings"

// maxStreetWords is how many words a street name may have before its
// street word ("old kent road").
const maxStreetWords = 3

// streetWord reports whether token i is a street word ("road") or a street
// name made with a suffix ("vesterbrogade").
func (a *analyzer) streetWord(i int) bool {
	t := &a.toks[i]
	if t.kind != tkWord || t.span != 0 {
		return false
	}
	return t.street || t.cls == clNone && !t.stop && a.lx.hasStreetSuffix(strings.ToLower(a.text(i)))
}

// streetNameWord reports whether token i can be part of a street's name.
func (a *analyzer) streetNameWord(i int) bool {
	t := &a.toks[i]
	return t.kind == tkWord && t.span == 0 && !t.stop && t.cls == clNone && !t.connector &&
		!(t.incue && !t.street && !t.first && !t.last)
}

// houseNumber returns the first token of a house number ending at e ("12",
// "12a", "twenty two", "one two three"), or -1.
func (a *analyzer) houseNumber(e int) int {
	if e < 0 {
		return -1
	}
	// "12a", "12 b"
	if a.toks[e].kind == tkWord && a.toks[e].end-a.toks[e].start == 1 && e > 0 &&
		(a.toks[e-1].kind == tkDigits || a.wordIs(e-1, clDigit) || a.wordIs(e-1, clTens)) {
		e-- // "21 a", "twenty one a"
	}
	first := -1
	for k := e; k >= 0 && e-k < 6; k-- {
		t := &a.toks[k]
		if t.span != 0 || t.incue {
			break
		}
		if t.kind == tkDigits || t.kind == tkWord && (t.cls == clDigit || t.cls == clTens || t.cls == clHundred || t.cls == clThousand || t.cls == clWeak && first >= 0) {
			first = k
			continue
		}
		if a.punctIs(k, "-/") || a.innerAnd(k) {
			continue
		}
		break
	}
	if first >= 0 && a.toks[first].kind == tkWord && a.toks[first].cls == clWeak {
		first++
	}
	return first
}

// numberAfter returns the last token of a house number starting at k, or -1.
func (a *analyzer) numberAfter(k int) int {
	end := -1
	for m := k; m < len(a.toks) && m-k < 6; m++ {
		t := &a.toks[m]
		if t.span != 0 {
			break
		}
		if t.kind == tkDigits || t.kind == tkWord && (t.cls == clDigit || t.cls == clTens || t.cls == clHundred) {
			end = m
			continue
		}
		if end >= 0 && (a.innerAnd(m) || a.punctIs(m, "-/") && !t.sp) {
			continue // "one hundred and nine", "24-56"
		}
		if t.kind == tkWord && t.end-t.start == 1 && end == m-1 && a.toks[end].kind == tkDigits && !t.sp {
			end = m // "12a"
		}
		break
	}
	return end
}

// addresses claims street addresses: a house number, up to three words and
// a street word ("12 baker street", "twenty two acacia avenue"), or a street
// then its number ("vesterbrogade 12", "pärnu maantee 22"), with what
// follows as part of the address: a unit, a postcode, a town.
func (a *analyzer) addresses() {
	n := len(a.toks)
	for k := 0; k < n; k++ {
		if !a.streetWord(k) {
			continue
		}
		names := 0
		j := k - 1
		for j >= 0 && names < maxStreetWords && a.streetNameWord(j) {
			j--
			names++
		}
		suffixed := !a.toks[k].street
		if names == 0 && !suffixed {
			continue
		}
		if h := a.houseNumber(j); h >= 0 {
			h = a.unitBefore(h)
			end := a.addressTail(k)
			a.claim(h, end, TypeAddress)
			k = end
			continue
		}
		// Street first, number after.
		if e := a.numberAfter(k + 1); e >= 0 {
			start := k - names
			if suffixed && names > 0 && !a.toks[k].street {
				start = k // "i live on vesterbrogade 12": the words before are not its name
			}
			end := a.addressTail(e)
			a.claim(start, end, TypeAddress)
			k = end
		}
	}
}

// addressTail returns the last token of what follows an address's street
// (or number) at e and still belongs to it: ", flat 3", "first floor
// left", ", 2100 copenhagen", "boise, ID 83721", "m one four one w p".
func (a *analyzer) addressTail(e int) int {
	n := len(a.toks)
	best := e
	for m := e + 1; m < n && m-best <= 3; m++ {
		t := &a.toks[m]
		if t.span != 0 || t.incue && !t.unit {
			break
		}
		switch {
		case t.kind == tkPunct:
			if !a.punctIs(m, ",-/.") || a.punctIs(m, ".") && (m+1 >= n || a.toks[m+1].sp && a.toks[m-1].kind != tkDigits) {
				return best // "3." is a Danish floor: "3. mf."
			}
		case t.kind == tkDigits:
			best = m
		case t.kind != tkWord:
			return best
		case t.cls == clDigit || t.cls == clTens || t.cls == clHundred || t.cls == clWeak || t.cls == clMult:
			best = m
		case t.cls == clFiller:
		case t.unit || t.ord > 0 || a.floorWord(m):
			best = m // "flat 3", "first floor left"
		case t.letter != 0 && t.end-t.start <= 3 && (t.end-t.start == 1 || a.codeNear(m)):
			best = m // postcode letters: "w p", "why e"
		case t.cls == clNone && !t.stop && !t.common && (!t.freq || a.capitalised(m) || m == n-1) && t.month == 0:
			best = m // a town, a state: "aalborg", "columbus ohio", "Boise"
		case t.cls == clNone && !t.stop && !t.common && t.month == 0:
			// A frequent word ("london", "texas") belongs to the address
			// only if a postcode follows.
		case isAllUpper(a.s[t.start:t.end]) && t.end-t.start <= 4:
			best = m // "ID", "NY", "BN5"
		default:
			return best
		}
	}
	return best
}

// floorWord reports whether token i names a floor or side in a Danish or
// Estonian address: "floor", "left", "th", "tv", "mf", "korter".
func (a *analyzer) floorWord(i int) bool {
	return containsFold(floorWords, a.text(i))
}

var floorWords = []string{"floor", "left", "right", "middle", "th", "tv", "mf", "st", "sal", "korter", "k", "side"}

// codeNear reports whether a token next to i is a digit or single letter:
// spoken letters in a postcode ("e h one one").
func (a *analyzer) codeNear(i int) bool {
	for _, k := range [...]int{i - 1, i + 1} {
		if k < 0 || k >= len(a.toks) {
			continue
		}
		t := &a.toks[k]
		if t.kind == tkDigits || t.kind == tkWord && (t.cls == clDigit || t.cls == clTens || t.cls == clWeak || t.end-t.start == 1 && t.letter != 0) {
			return true
		}
	}
	return false
}

// addressCueRest claims what follows an address cue ("my address is",
// "postcode", "i live at") to the end of the clause, at most twelve words,
// merged with a street address found there.
func (a *analyzer) addressCueRest() {
	n := len(a.toks)
	for _, c := range a.cues {
		if c.prefix || c.kind.art9 || c.kind.typ != TypeAddress {
			continue
		}
		k := a.skipWords(c.last+1, addressLeadIns)
		if a.toks[c.first].unit && c.first == c.last {
			k = c.first // "flat 5": the unit word is part of the address
		}
		for k < n && a.toks[k].kind == tkWord && a.toks[k].stop && a.toks[k].span == 0 && !(a.toks[k].letter != 0 && a.toks[k].end-a.toks[k].start == 1) {
			k++ // "the old mill": the article stays
		}
		if k >= n || k != c.first && a.toks[k].incue && a.toks[k].span == 0 {
			continue
		}
		end, words, digits, own := -1, 0, false, false
		for m := k; m < n && m-k < 12; m++ {
			t := &a.toks[m]
			if t.span != 0 {
				if a.spans[t.span-1].label != TypeAddress {
					break
				}
				own = true
				end = m
				continue
			}
			if t.incue && m != k || t.kind == tkPunct && a.punctIs(m, ".?!;") || t.kind == tkWord && containsFold(clauseEnds, a.text(m)) {
				break
			}
			if t.kind == tkWord && (t.stop && !(t.letter != 0 && t.end-t.start == 1) || t.cls == clFiller) || t.kind == tkPunct {
				continue
			}
			end = m
			words++
			digits = digits || t.kind == tkDigits || t.kind == tkWord && (t.cls == clDigit || t.cls == clTens || t.letter != 0)
		}
		// One ordinary word is not an address: "change my address online".
		if end >= k && (own || digits || words >= 2) {
			a.merge(k, end, TypeAddress)
		}
	}
}

// merge claims tokens first..last as one span, replacing the spans inside.
// A span that only partly overlaps is swallowed whole.
func (a *analyzer) merge(first, last int, label string) {
	for k := first; k <= last; k++ {
		if s := a.toks[k].span; s != 0 {
			sp := &a.spans[s-1]
			first, last = min(first, sp.first), max(last, sp.last)
			sp.label = "" // dropped when the spans are sorted
		}
	}
	for k := first; k <= last; k++ {
		a.toks[k].span = 0
	}
	a.claim(first, last, label)
}

// addressLeadIns are words between an address cue and the address.
var addressLeadIns = []string{"is", "it's", "its", ":", ",", "at", "on", "number", "of"}

// clauseEnds end what an address cue reaches.
var clauseEnds = []string{"and", "please", "thanks", "thank", "but", "because", "so", "if", "which", "where", "when"}

// pendingWords returns, for a partial, the first token of words at its end
// that may be the start of an entity, and the label to show for them:
//   - an Art. 9 phrase partly said ("type two");
//   - whatever follows a cue for a typed entity ("my iban is d k", "born
//     on the twelfth of"), up to maxPendingWords words, or any number of
//     letters and digits;
//   - a code of letters and digits ("GB82", "221b", "AB");
//   - a street word or a street name with no number yet ("vesterbrogade",
//     "old kent road"), and a number followed by up to two words that may
//     be the start of a street name ("twelve baker").
func (a *analyzer) pendingWords() (int, string) {
	n := len(a.toks)
	p, l := a.pendingAfterCue()
	for _, c := range a.cues {
		if !c.prefix {
			continue
		}
		first := c.first
		if c.kind.art9 {
			if a.toks[n-1].span != 0 && a.spans[a.toks[n-1].span-1].label != c.kind.typ {
				continue
			}
		} else {
			// "eight oh five on" may become "eight oh five on the back":
			// a cue that follows a number says what it is.
			r := a.runBefore(c.first)
			if r < 0 {
				continue
			}
			first = r
			if !a.free(first, n-1) {
				continue
			}
		}
		if p < 0 || first < p {
			p, l = first, c.kind.typ
		}
	}
	// Homophones, "plus" and "double" at the very end may start a number:
	// "on oh double".
	k, numeric := n-1, false
	for k >= 0 && a.toks[k].kind == tkWord && a.toks[k].span == 0 &&
		(a.toks[k].cls == clWeak || a.toks[k].cls == clPlus || a.toks[k].cls == clMult || a.toks[k].cls == clFiller) {
		numeric = numeric || a.toks[k].cls != clFiller
		k--
	}
	for k+1 < n && a.wordIs(k+1, clFiller) {
		k++ // leading fillers stay shown: "is uh [PENDING]"
	}
	if numeric && (p < 0 || k+1 < p) {
		p, l = k+1, TypePending
	}
	if q, m := a.pendingShapes(); q >= 0 && (p < 0 || q < p) {
		p, l = q, m
	}
	// A date at the end may be a birth date or an expiry whose cue comes
	// next: "26 July", "april thirty two".
	for k := max(0, n-8); k < n; k++ {
		if a.toks[k].span == 0 && a.date(k, false) == n-1 && (p < 0 || k < p) {
			p, l = k, TypePending
			break
		}
	}
	// What is held back after a house number may be its street: "ninety
	// five church".
	if p > 0 && a.toks[p].kind == tkWord {
		if h := a.houseNumber(p - 1); h >= 0 {
			p = h
		}
	}
	return p, l
}

// pendingShapes holds back, at the end of a partial, a word after a name
// cue, a code of letters and digits, a street or a house number with the
// start of a street name.
func (a *analyzer) pendingShapes() (int, string) {
	n := len(a.toks)
	last := n - 1
	for last > 0 && a.toks[last].kind == tkPunct && !a.codeLike(last) {
		last-- // "Kjærgaard," is still the end
	}
	lt := &a.toks[last]
	if lt.kind == tkWord && lt.span == 0 && lt.unit && lt.incue {
		return last, TypeAddress // "we're at flat" becomes "flat 5, 9 station road"
	}
	// An Art. 9 modifier ("severe", "teachers'") or a term that needs a
	// cue ("community", "conservative") may be one a moment later.
	if k := last; lt.span == 0 && lt.kind == tkWord && (lt.art9L != 0 || a.ctxTermStart(last) >= 0) {
		if f := a.ctxTermStart(last); f >= 0 {
			k = f // "h k": the whole term
		}
		for k > 0 && a.toks[k-1].span == 0 && a.toks[k-1].kind == tkWord && a.toks[k-1].art9L != 0 {
			k--
		}
		return k, TypePending
	}
	// Its cue may follow a moment later: "community are helping me",
	// "conservative, so I don't agree".
	for k := last - 1; k >= 0 && a.gap(k+1, last+1) <= 4; k-- {
		if a.toks[k].span == 0 && a.ctxTermStart(k) >= 0 {
			return a.ctxTermStart(k), TypePending
		}
	}

	if lt.kind == tkWord && lt.span == 0 && !lt.stop && (!lt.common || lt.first || lt.last) && lt.cls == clNone && !lt.incue && a.weakPersonCueBefore(last) {
		return last, TypePerson
	}

	// Codes: "GB82", "221b", "a b", "n l two four are a b".
	k := last
	letters, digits, said := 0, 0, 0
	for k >= 0 && a.codeLike(k) {
		t := &a.toks[k]
		switch {
		case t.kind == tkDigits || t.kind == tkWord && (t.cls == clDigit || t.cls == clTens):
			digits++
		case t.kind == tkWord && t.end-t.start == 1 && t.letter != 0, t.kind == tkWord && t.cls == clNone && t.letter == 0:
			letters++ // a single letter, "GB", "WEST", "b" glued to "221"
		case t.kind == tkWord && t.letter != 0:
			said++ // a letter said as a word: "you" in "double you"
		}
		k--
	}
	if letters >= 2 || letters >= 1 && (digits >= 1 || said >= 1) {
		return k + 1, TypePending
	}
	// "ashworth a" may go on "s h w o r t h": a name and its spelling.
	if lt.kind == tkWord && lt.end-lt.start == 1 && lt.letter != 0 && last > 0 && a.toks[last-1].kind == tkWord &&
		a.toks[last-1].end-a.toks[last-1].start > 1 && strings.ToLower(a.text(last - 1))[0] == lt.letter &&
		(a.toks[last-1].span == 0 || a.spans[a.toks[last-1].span-1].label == TypePerson) {
		return last - 1, TypePerson
	}
	// A single letter other than "a" and "I" may start a spelled code or
	// name: "d" of "d k five zero".
	if lt.kind == tkWord && lt.span == 0 && lt.end-lt.start == 1 && lt.letter != 0 &&
		lt.letter != 'a' && lt.letter != 'i' {
		return last, TypePending
	}
	if lt.span != 0 {
		return -1, ""
	}
	// "old kent road", "vesterbrogade": the number may follow.
	if a.streetWord(last) {
		k := last - 1
		for k >= 0 && last-k <= maxStreetWords && a.streetNameWord(k) {
			k--
		}
		if h := a.houseNumber(k); h >= 0 {
			return h, TypePending // "six st" may become "six st aidans road"
		}
		return k + 1, TypePending
	}
	// "twelve baker" may become "twelve baker street".
	words := 0
	k = last
	for k >= 0 && words < 2 && a.streetNameWord(k) {
		k--
		words++
	}
	if words > 0 {
		if h := a.houseNumber(k); h >= 0 {
			return h, TypePending
		}
	}
	// A name that is also a rare word ("tue", "ida", "mart") may be
	// followed by a surname.
	if lt.kind == tkWord && lt.span == 0 && lt.first && lt.common && !lt.freq && !lt.stop {
		return last, TypePending
	}
	// A word the recogniser rarely emits may be a name, a street or the
	// start of an e-mail address: "villu", "bredgade", "villu tooming two".
	first := -1
	for k := last; k >= 0 && last-k < 3; k-- {
		t := &a.toks[k]
		if t.span != 0 || t.kind == tkPunct {
			break
		}
		if a.unknownWord(k) {
			first = k
		} else if !(a.digitTok(k) || t.kind == tkWord && (t.cls == clFiller || t.letter != 0 && t.end-t.start == 1)) {
			break
		}
	}
	if first >= 0 {
		return first, TypePending
	}
	return -1, ""
}

// pendingLeadIns are words between a cue and its value that stay shown.
var pendingLeadIns = []string{"is", "it's", "its", ":", ",", "was", "the", "at", "on", "of"}

// maxPendingWords is how many words after an entity cue a partial holds
// back, unless they are all letters and digits.
const maxPendingWords = 12

// pendingAfterCue holds back what follows the last typed cue of a partial.
func (a *analyzer) pendingAfterCue() (int, string) {
	n := len(a.toks)
	for ci := len(a.cues) - 1; ci >= 0; ci-- {
		c := a.cues[ci]
		if c.prefix || c.kind.art9 || c.kind.weak {
			continue
		}
		switch c.kind.typ {
		case TypeDateOfBirth, TypeCardExpiry, TypeAddress, TypePerson, TypeNationalID, TypeBankAccount:
		case TypeEmail:
			// "email i" may become "email i dot villadsen at gmx dot de"
			if k := a.skipWords(c.last+1, pendingLeadIns); k < n && !a.toks[k].stop || k == n-1 {
			} else {
				continue
			}
		default:
			continue
		}
		k := a.skipWords(c.last+1, pendingLeadIns)
		if k >= n {
			return -1, ""
		}
		if n-k > maxPendingWords {
			for m := k; m < n; m++ {
				if !a.codeLike(m) && !a.runTok(m) && a.toks[m].span == 0 {
					return -1, ""
				}
			}
		}
		for m := k; m < n; m++ {
			if a.toks[m].incue && a.toks[m].notMail && a.toks[m].kind == tkWord {
				return -1, "" // another cue: the last cue decides
			}
		}
		return k, c.kind.typ
	}
	return -1, ""
}

// codeLike reports whether token i looks like part of a code said or
// written letter by letter: a single letter, digits, a digit word, or a
// short capitalised or digit-glued word.
func (a *analyzer) codeLike(i int) bool {
	t := &a.toks[i]
	switch t.kind {
	case tkDigits:
		return true
	case tkPunct:
		// "L-A-R-S-E-N": separators glued between letters.
		return a.punctIs(i, "-.") && !t.sp && i > 0 && i+1 < len(a.toks) && !a.toks[i+1].sp &&
			a.toks[i-1].kind == tkWord && a.toks[i+1].kind == tkWord
	case tkWord:
		if t.cls == clDigit || t.cls == clTens || t.cls == clWeak || t.cls == clFiller || t.cls == clMult || t.letter != 0 {
			return true
		}
		w := a.s[t.start:t.end]
		if len(w) <= 4 && isAllUpper(w) {
			return true
		}
		return i > 0 && !t.sp && a.toks[i-1].kind == tkDigits || i+1 < len(a.toks) && !a.toks[i+1].sp && a.toks[i+1].kind == tkDigits
	}
	return false
}

// runBefore returns the first token of the unclaimed digit run that ends
// right before token i (fillers and one connector word between allowed),
// or -1.
func (a *analyzer) runBefore(i int) int {
	k := i - 1
	for k >= 0 && (a.toks[k].kind == tkWord && (a.toks[k].cls == clFiller || a.toks[k].connector || a.toks[k].stop) ||
		a.punctIs(k, ",")) && i-k <= 4 {
		k-- // "163, that's the security code"
	}
	if k < 0 || !a.digitTok(k) {
		return -1
	}
	for k > 0 && a.runTok(k-1) {
		k--
	}
	return k
}

// unknownWord reports whether token i is a word the lexicon does not know
// and the recogniser rarely emits.
func (a *analyzer) unknownWord(i int) bool {
	t := &a.toks[i]
	return t.kind == tkWord && t.span == 0 && t.cls == clNone && !t.stop && !t.common && !t.freq &&
		!t.incue && !t.street && t.letter == 0 && t.month == 0 && t.ord == 0 && t.art9L == 0 && t.art9R == 0 &&
		t.end-t.start > 1
}

// unitBefore returns the first token of a unit said before the house
// number at h ("flat 5, 9 station road"), or h.
func (a *analyzer) unitBefore(h int) int {
	if h > 0 && a.toks[h-1].kind == tkWord && a.toks[h-1].unit && a.toks[h-1].span == 0 {
		return h - 1 // "flat three twelve high street": the flat's number is in the run
	}
	k := h - 1
	if k >= 0 && a.punctIs(k, ",") {
		k--
	}
	if k < 1 || a.toks[k].span != 0 || !(a.toks[k].kind == tkDigits || a.wordIs(k, clDigit) || a.wordIs(k, clTens)) {
		return h
	}
	for k > 0 && a.toks[k-1].span == 0 && (a.toks[k-1].kind == tkDigits || a.wordIs(k-1, clDigit) || a.wordIs(k-1, clTens)) {
		k--
	}
	if k > 0 && a.toks[k-1].kind == tkWord && a.toks[k-1].unit && a.toks[k-1].span == 0 {
		return k - 1
	}
	return h
}

// ctxTermStart returns the first token of the cue-only Art. 9 term that
// covers i, or -1.
func (a *analyzer) ctxTermStart(i int) int {
	for _, c := range a.cues {
		if c.kind.art9 && c.kind.ctx && c.first <= i && i <= c.last {
			return c.first
		}
	}
	return -1
}
