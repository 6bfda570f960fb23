package redact

import "strings"

// A digit run is a sequence of digit groups ("4111", "(555)"), digit words,
// homophones, number words ("twenty two", "four hundred"), fillers and
// "double"/"triple", joined by spaces or the punctuation in joiners. Its
// digits are what a person reading it aloud means: "nineteen eighty four"
// is 1984, "five five five twelve thirty four" is 5551234.

// runInfo is one digit run's tokens and digits.
type runInfo struct {
	fst, lst int // first and last digit-bearing token
	count    int // digits
	filled   int
	dig      [24]byte
	spoken   int  // digits said one word each
	numWords bool // number words ("twenty", "hundred") present
	ng       int
	groups   [8]uint8 // sizes of written digit groups
	seps     [8]byte  // separator after each written group
}

// runTok reports whether token i can be part of a digit run.
func (a *analyzer) runTok(i int) bool {
	t := &a.toks[i]
	if t.span != 0 || t.incue {
		return false
	}
	switch t.kind {
	case tkDigits:
		return true
	case tkWord:
		switch t.cls {
		case clDigit, clFiller, clMult, clTens, clHundred, clThousand:
			return true
		case clWeak:
			// A homophone is a digit only beside a digit said on its own:
			// "one one two to", not "eleven thirty to nine fifty". "oh"
			// is a zero before any number: "oh four twenty six".
			return a.simpleDigitNear(i, -1) || a.simpleDigitNear(i, +1) ||
				t.val == 0 && a.digitAfter(i)
		}
		return t.slash || a.innerAnd(i)
	case tkPunct:
		return a.punctIs(i, joiners)
	}
	return false
}

// innerAnd reports whether token i is "and" inside a number said in words:
// "four hundred and five", "two thousand and twenty".
func (a *analyzer) innerAnd(i int) bool {
	if i == 0 || i+1 >= len(a.toks) || !strings.EqualFold(a.text(i), "and") {
		return false
	}
	p, n := &a.toks[i-1], &a.toks[i+1]
	return p.kind == tkWord && (p.cls == clHundred || p.cls == clThousand) &&
		n.kind == tkWord && (n.cls == clDigit || n.cls == clTens)
}

// simpleDigitNear reports whether the nearest token before (dir -1) or
// after (+1) i, skipping fillers, is a digit said on its own: digits, a
// digit word that is not part of a number said in words, a homophone (only
// looking back) or "double".
func (a *analyzer) simpleDigitNear(i, dir int) bool {
	k := i + dir
	for k >= 0 && k < len(a.toks) && a.toks[k].kind == tkWord && a.toks[k].cls == clFiller {
		k += dir
	}
	if k < 0 || k >= len(a.toks) {
		return false
	}
	t := &a.toks[k]
	if t.span != 0 || t.incue {
		return false
	}
	switch {
	case t.kind == tkDigits:
		return true
	case t.kind != tkWord:
		return false
	case t.cls == clMult:
		return true // "double oh", "oh double five"
	case t.cls == clWeak:
		return dir < 0 || t.val == 0 && a.digitAfter(k) // "for oh eight"
	case t.cls != clDigit:
		return false
	}
	if k > 0 && a.wordIs(k-1, clTens) && a.toks[k-1].val >= 20 {
		return false // "ninety nine"
	}
	if k+1 < len(a.toks) && (a.wordIs(k+1, clTens) || a.wordIs(k+1, clHundred) || a.wordIs(k+1, clThousand)) {
		return false // "nine fifty", "two hundred"
	}
	return true
}

// digitTok reports whether token i stands for digits.
func (a *analyzer) digitTok(i int) bool {
	t := &a.toks[i]
	if t.span != 0 || t.incue {
		return false
	}
	if t.kind == tkDigits {
		return true
	}
	if t.kind != tkWord {
		return false
	}
	switch t.cls {
	case clDigit, clWeak, clTens, clHundred, clThousand:
		return true
	}
	return false
}

// validMult reports whether token i is "double"/"triple" before a digit,
// within the sequence ending before j.
func (a *analyzer) validMult(i, j int) bool {
	return a.wordIs(i, clMult) && i+1 < j && a.digitTok(i+1)
}

// digitRuns classifies every digit run and claims the masked ones. In a
// partial it returns the first token of a trailing run held back, else -1.
func (a *analyzer) digitRuns(o opts, f *facts) (int, string) {
	n := len(a.toks)
	// A run is trailing when nothing but fillers, "double" and punctuation
	// follow it, and leading when nothing but fillers, connectors and
	// "plus" precede it.
	lastBlock, firstBlock := -1, n
	for k := range a.toks {
		t := &a.toks[k]
		if t.kind == tkDigits || t.kind == tkLabel || t.kind == tkWord && t.cls != clFiller && t.cls != clMult {
			lastBlock = k
		}
		if firstBlock == n && (t.kind == tkDigits || t.kind == tkLabel ||
			t.kind == tkWord && t.cls != clFiller && !t.connector && t.cls != clPlus) {
			firstBlock = k
		}
	}
	pend, pendLabel := -1, ""
	for i := 0; i < n; {
		if !a.runTok(i) {
			i++
			continue
		}
		j := i + 1
		for j < n && a.runTok(j) {
			j++
		}
		if p, l := a.run(i, j, o, lastBlock, firstBlock, f); p >= 0 {
			pend, pendLabel = p, l
		}
		i = j
	}
	return pend, pendLabel
}

// below100 parses "twenty two", "twelve" or "seven" at k (before j).
func (a *analyzer) below100(k, j int) (int, int, bool) {
	if k >= j || a.toks[k].kind != tkWord {
		return 0, k, false
	}
	t := &a.toks[k]
	switch t.cls {
	case clTens:
		v := int(t.val)
		if v >= 20 && k+1 < j && a.toks[k+1].kind == tkWord && a.toks[k+1].cls == clDigit && a.toks[k+1].val > 0 {
			return v + int(a.toks[k+1].val), k + 2, true
		}
		return v, k + 1, true
	case clDigit:
		if t.val > 0 {
			return int(t.val), k + 1, true
		}
	}
	return 0, k, false
}

// below1000 parses a number under a thousand said in words at k.
func (a *analyzer) below1000(k, j int) (int, int, bool) {
	if k >= j || a.toks[k].kind != tkWord {
		return 0, k, false
	}
	t := &a.toks[k]
	v, next := 0, k
	switch {
	case t.cls == clDigit && t.val > 0 && k+1 < j && a.wordIs(k+1, clHundred):
		v, next = int(t.val)*100, k+2
	case t.cls == clHundred:
		v, next = 100, k+1
	default:
		return a.below100(k, j)
	}
	if next < j && a.innerAnd(next) {
		next++
	}
	if r, n2, ok := a.below100(next, j); ok {
		v, next = v+r, n2
	}
	return v, next, true
}

// cardinal parses a number said in words at k ("four hundred and five",
// "two thousand and twenty"); it reports false for a bare digit word, which
// the caller reads as one digit.
func (a *analyzer) cardinal(k, j int) (int, int, bool) {
	t := &a.toks[k]
	if t.kind != tkWord {
		return 0, k, false
	}
	if t.cls == clDigit && !(k+1 < j && (a.wordIs(k+1, clHundred) || a.wordIs(k+1, clThousand))) {
		return 0, k, false
	}
	v, next, ok := a.below1000(k, j)
	if t.cls == clThousand {
		v, next, ok = 1, k, true
	}
	if !ok {
		return 0, k, false
	}
	if next < j && a.wordIs(next, clThousand) {
		v *= 1000
		next++
		if next < j && a.innerAnd(next) {
			next++
		}
		if r, n2, ok := a.below1000(next, j); ok {
			v, next = v+r, n2
		}
	}
	return v, next, true
}

// addDigits appends the decimal digits of v to r, rep times.
func (r *runInfo) addNumber(v, rep int) {
	var tmp [12]byte
	n := 0
	for {
		tmp[n] = byte(v % 10)
		n++
		v /= 10
		if v == 0 {
			break
		}
	}
	for ; rep > 0; rep-- {
		for k := n - 1; k >= 0; k-- {
			r.addDigit(tmp[k])
		}
	}
}

func (r *runInfo) addDigit(d byte) {
	if r.filled < len(r.dig) {
		r.dig[r.filled] = d
		r.filled++
	}
	r.count++
}

// digits returns the run's digits (at most 24).
func (r *runInfo) digits() []byte { return r.dig[:r.filled] }

// read fills r from the run tokens i..j-1.
func (a *analyzer) read(i, j int, r *runInfo) bool { return a.readRun(i, j, r, true) }

// readRun is read; with strip false a leading "to"/"for" is kept as a digit.
func (a *analyzer) readRun(i, j int, r *runInfo, strip bool) bool {
	r.fst, r.lst = -1, -1
	strong := false
	for k := i; k < j; k++ {
		t := &a.toks[k]
		switch {
		case t.kind == tkDigits || t.kind == tkWord && (t.cls == clDigit || t.cls == clTens || t.cls == clHundred || t.cls == clThousand):
			strong = true
		case t.kind == tkWord && t.cls == clWeak:
		case a.validMult(k, j):
			if r.fst < 0 {
				r.fst = k
			}
			continue
		default:
			continue
		}
		if r.fst < 0 {
			r.fst = k
		}
		r.lst = k
	}
	if !strong {
		return false // homophones alone are words: "I want to go"
	}
	// A leading "to" or "for" after a word is the preposition: "update
	// my number to two oh four …". "oh" stays: it is a leading zero.
	for strip && r.fst < r.lst && r.fst > 0 && a.toks[r.fst].kind == tkWord && a.toks[r.fst].cls == clWeak &&
		(a.toks[r.fst].val == 2 || a.toks[r.fst].val == 4) && (a.toks[r.fst-1].kind == tkLabel || a.toks[r.fst-1].span != 0 ||
		a.toks[r.fst-1].kind == tkWord && a.toks[r.fst-1].cls == clNone &&
			!(a.toks[r.fst-1].stop && !a.isWord(r.fst-1, "to") && !a.isWord(r.fst-1, "it"))) {
		r.fst++
		for r.fst < r.lst && !a.digitTok(r.fst) && !a.validMult(r.fst, j) {
			r.fst++
		}
	}
	rep := 1
	for k := r.fst; k <= r.lst; {
		t := &a.toks[k]
		switch {
		case a.validMult(k, j):
			rep = int(t.val)
			k++
			continue
		case t.kind == tkDigits:
			for x := 0; x < rep; x++ {
				for b := t.start; b < t.end; b++ {
					r.addDigit(a.s[b] - '0')
				}
			}
			if r.ng < len(r.groups) {
				r.groups[r.ng] = uint8(min(t.end-t.start, 255))
				if k+1 < len(a.toks) && a.toks[k+1].kind == tkPunct && !a.toks[k+1].sp {
					r.seps[r.ng] = a.s[a.toks[k+1].start]
				} else {
					r.seps[r.ng] = ' '
				}
				r.ng++
			}
		case t.kind == tkWord && (t.cls == clTens || t.cls == clHundred || t.cls == clThousand || t.cls == clDigit):
			if v, next, ok := a.cardinal(k, r.lst+1); ok {
				r.addNumber(v, rep)
				r.numWords = true
				k, rep = next, 1
				continue
			}
			if t.cls == clDigit {
				r.addNumber(int(t.val), rep)
				r.spoken += rep
			}
		case t.kind == tkWord && t.cls == clWeak:
			r.addNumber(int(t.val), rep)
			r.spoken += rep
		default:
			k++
			continue
		}
		rep = 1
		k++
	}
	return true
}

// run handles the sequence of run tokens i..j-1.
func (a *analyzer) run(i, j int, o opts, lastBlock, firstBlock int, f *facts) (int, string) {
	var r runInfo
	if !a.read(i, j, &r) {
		return -1, ""
	}
	if !isCard(&r) {
		// "card number for zero two six …": kept, the "for" makes a card.
		var whole runInfo
		if a.readRun(i, j, &whole, false) && whole.fst < r.fst && isCard(&whole) {
			r = whole
		}
	}
	n := len(a.toks)
	fst, lst := r.fst, r.lst
	// An amount ("$12.99", "five dollars") is not a phone number; 13 or
	// more digits are, whatever follows.
	cur := fst > 0 && a.isCurrencySym(fst-1)
	if lst+1 < n && (a.wordIs(lst+1, clCurrency) || a.isCurrencySym(lst+1) || a.punctIs(lst+1, "%")) {
		cur = true
	}
	// A number said with "hundred" or "thousand" is an amount or a
	// quantity, not digits read out: "one hundred and twelve".
	cur = cur || r.count < 7 && r.spoken == 0 && a.hasScaleWord(fst, lst)
	cur = cur && r.count < 13
	trailing := lastBlock == lst
	leading := firstBlock == fst

	label := a.classify(&r, o, f, cur, leading, trailing)
	first := fst
	for c := 0; c < 2 && first > 0 && a.isPrefix(first-1); c++ {
		first--
	}
	if label == "" {
		if !o.partial || !trailing {
			return -1, ""
		}
		// A partial's trailing run may still grow into an entity: hold it
		// back. It is not sticky: "I was born in 1984" shows the year once
		// the next word arrives.
		if ctx, _ := a.cueBefore(fst); ctx != "" && ctx != "NEG" {
			return first, ctx
		}
		if o.ctx != "" {
			return first, o.ctx
		}
		return first, TypeNumber
	}
	if label == TypeNationalID || label == TypeBankAccount {
		// Letters said with the number belong to it: "q z one two … c".
		first, lst = a.letterEdges(first, lst)
	}
	last := lst
	switch {
	case o.partial && trailing:
		last = n - 1 // "[NUMBER]", not "[NUMBER] double", while the run goes on
	case lst+1 < n && a.punctIs(lst+1, ")") && !a.toks[lst+1].sp && a.openParen(first, lst):
		last = lst + 1
	}
	a.claim(first, last, label)
	if f.masked == "" {
		f.masked = label
	}
	if trailing {
		f.endMasked = label
	}
	if o.partial && f.sticky == "" {
		f.sticky = label
	}
	return -1, ""
}

// classify returns the label of a digit run, or "" to leave it readable.
func (a *analyzer) classify(r *runInfo, o opts, f *facts, cur, leading, trailing bool) string {
	d := r.digits()
	cue, here := a.cueBefore(r.fst)
	if cue != TypeDateOfBirth && cue != TypeCardExpiry && writtenCalendarDate(r) {
		return "" // "30-03-2023", "2024/01/08": a date, not a phone number
	}
	// A number said with "plus" or "+" is international: a phone, never a card.
	card := r.count >= 13 && r.count <= 19 && luhn(d) && !(r.fst > 0 && a.isPrefix(r.fst-1) && !a.punctIs(r.fst-1, "("))
	switch {
	case card && cue != TypeNationalID && cue != TypeBankAccount && cue != TypePhone:
		return TypeCardNumber
	case cue == "NEG":
		return ""
	case cue != TypeCardNumber && cue != TypePhone && cue != TypeBankAccount && nationalShape(r):
		return TypeNationalID
	}
	ctx := cue
	if ctx == "" || ctx == TypeNumber && o.ctx != "" {
		ctx = o.ctx
	}
	if ctx == TypeCardNumber && r.count >= 3 && r.count <= 4 && a.hasWord("code") {
		ctx = TypeCVV // "and the code is one two three"
	}
	if ctx == "" && f.generic {
		ctx = TypeNumber
	}
	if !cur {
		switch ctx {
		case TypeNationalID, TypeBankAccount:
			return ctx
		case TypeCVV:
			if r.count >= 7 {
				return TypeCardNumber
			}
			return TypeCVV
		case TypeCardExpiry:
			if r.count >= 7 {
				return TypeCardNumber
			}
			return TypeCardExpiry
		case TypeDateOfBirth:
			if r.count <= 8 {
				return TypeDateOfBirth
			}
		case TypeAddress:
			if r.count <= 8 {
				return TypeAddress
			}
		case TypeCardNumber:
			if r.count >= 7 && r.count <= 19 {
				return TypeCardNumber // the first digits of a card read in two parts
			}
			if r.spoken == 0 && r.numWords && r.count <= 4 && !trailing {
				return "" // a price: "you charged my card fifty nine fifty"
			}
		}
	}
	switch {
	case r.count >= 7 && !cur:
		return TypePhone
	case o.sticky != "":
		return o.sticky
	case o.cont != "" && leading:
		return o.cont
	case ctx != "" && !cur && (r.count >= 3 || trailing && (r.count >= 2 || ctx != TypeNumber)):
		return ctx
	case ctx != "" && !cur && (here && (ctx == TypeCardNumber || trailing) && ctx != TypeNumber || o.partial && f.generic):
		// A cue in this very utterance ("my card number is ...") masks
		// every digit after it, however short the run: ASR splits a
		// number read aloud into fragments ("four ha", "four hundred
		// three") whose single digits would otherwise show. A generic
		// cue ("number") does so in partials, which then stay sticky.
		return ctx
	case !cur && (r.spoken >= 4 || !o.partial && leading && trailing && r.count >= 4 && !r.numWords):
		return TypeNumber
	}
	return ""
}

// isPrefix reports whether token i belongs before a masked number: "(",
// "+" or "plus".
func (a *analyzer) isPrefix(i int) bool {
	return a.toks[i].span == 0 && (a.punctIs(i, "(+") || a.wordIs(i, clPlus))
}

// openParen reports whether tokens first..last open more parentheses than
// they close.
func (a *analyzer) openParen(first, last int) bool {
	open := 0
	for k := first; k <= last; k++ {
		switch {
		case a.punctIs(k, "("):
			open++
		case a.punctIs(k, ")"):
			open--
		}
	}
	return open > 0
}

// hasWord reports whether the text has the word w.
func (a *analyzer) hasWord(w string) bool {
	for i := range a.toks {
		if a.isWord(i, w) {
			return true
		}
	}
	return false
}

// hasScaleWord reports whether tokens first..last have "hundred" or "thousand".
func (a *analyzer) hasScaleWord(first, last int) bool {
	for k := first; k <= last; k++ {
		if a.wordIs(k, clHundred) || a.wordIs(k, clThousand) {
			return true
		}
	}
	return false
}

// digitAfter reports whether a digit token follows i, fillers skipped.
func (a *analyzer) digitAfter(i int) bool {
	k := i + 1
	for k < len(a.toks) && a.wordIs(k, clFiller) {
		k++
	}
	return k < len(a.toks) && a.digitTok(k)
}

// writtenCalendarDate reports whether a written run is a full date:
// dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd with a valid day and
// month.
func writtenCalendarDate(r *runInfo) bool {
	if r.ng != 3 || r.spoken != 0 || r.numWords || r.seps[0] != r.seps[1] || strings.IndexByte("/-.", r.seps[0]) < 0 {
		return false
	}
	d := r.digits()
	switch {
	case r.groups[0] <= 2 && r.groups[1] <= 2 && r.groups[2] == 4:
		g0, g1 := groupValue(d, 0, int(r.groups[0])), groupValue(d, int(r.groups[0]), int(r.groups[1]))
		return validDate(byte(g0), byte(g1)) || validDate(byte(g1), byte(g0))
	case r.groups[0] == 4 && r.groups[1] <= 2 && r.groups[2] <= 2:
		g1 := groupValue(d, 4, int(r.groups[1]))
		g2 := groupValue(d, 4+int(r.groups[1]), int(r.groups[2]))
		return validDate(byte(g2), byte(g1))
	}
	return false
}

func groupValue(d []byte, from, n int) int {
	v := 0
	for i := from; i < from+n && i < len(d); i++ {
		v = v*10 + int(d[i])
	}
	return v
}

// letterEdges widens first..last over up to two single letters on each side.
func (a *analyzer) letterEdges(first, last int) (int, int) {
	single := func(k int) bool {
		t := &a.toks[k]
		return t.kind == tkWord && t.span == 0 && t.letter != 0 && (t.end-t.start == 1 || t.cls == clNone && t.end-t.start <= 3)
	}
	for c := 0; c < 2 && first > 0 && single(first-1); c++ {
		first--
	}
	for c := 0; c < 2 && last+1 < len(a.toks) && single(last+1); c++ {
		last++
	}
	return first, last
}

// isCard reports whether a run's digits are a Luhn-valid card number.
func isCard(r *runInfo) bool {
	return r.count >= 13 && r.count <= 19 && r.filled == r.count && luhn(r.digits())
}
