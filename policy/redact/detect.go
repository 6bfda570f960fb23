package redact

import (
	"cmp"
	"slices"
	"strings"
)

// span is a part of the analysed text that is replaced by "[label]".
// first and last are the indexes of its first and last token.
type span struct {
	start, end  int
	first, last int
	label       string
}

// opts selects the rules of one analysis. The zero value gives Text's rules.
type opts struct {
	stream      bool   // apply a Stream's conversational rules
	partial     bool   // hold back an entity in progress at the end of the text
	ctx         string // card/phone context left open by earlier finals
	cont        string // the previous final ended with a digit run masked with this label
	emailCont   bool   // the previous final ended with a masked e-mail
	sticky      string // an earlier partial of this utterance masked a digit run with this label
	stickyEmail bool   // an earlier partial of this utterance masked an e-mail
}

// facts is what an analysis saw, for a Stream to carry forward.
type facts struct {
	cue         string // the last card or phone cue in the text
	generic     bool   // a generic number cue ("number", "account")
	masked      string // label of the first digit run masked in the text
	endMasked   string // label of a masked digit run that ends the text
	endEmail    bool   // the text ends with a masked e-mail
	sticky      string // a partial masked a digit run: keep masking digits in this utterance
	stickyEmail bool   // a partial masked an e-mail: keep masking "x at y" in this utterance
	blank       bool   // nothing but fillers and punctuation
}

// analyzer finds the spans to redact in one text. Its slices are reused from
// one call to the next, so a Stream allocates little per hypothesis.
type analyzer struct {
	s     string
	toks  []token
	spans []span
}

// joiners are the punctuation marks that may separate the groups of one
// written number: "4111-1111", "(555) 123-4567", "22.33.44.55", "4111, 1111".
const joiners = "-.,()/"

// analyze fills a.spans, sorted and non-overlapping, for s under the rules o.
func (a *analyzer) analyze(s string, o opts) facts {
	a.s = s
	a.toks = lex(s, a.toks[:0])
	a.spans = a.spans[:0]
	if len(a.toks) == 0 {
		return facts{blank: true}
	}
	var f facts
	emailCue := a.cues(&f)
	for i, t := range a.toks {
		if t.kind == tkLabel {
			a.claim(i, i, labelAt(s[t.start:]))
		}
	}
	if o.stream && o.emailCont {
		a.emailContinuation()
	}
	if a.emails(!(o.stream && o.stickyEmail)) > 0 && o.partial {
		f.stickyEmail = true
	}
	ctx := ""
	if o.stream {
		ctx = f.cue
		if ctx == "" {
			ctx = o.ctx
		}
		if ctx == "" && f.generic {
			ctx = TypeNumber
		}
	}
	pend, pendLabel := a.digitRuns(o, ctx, &f)
	if o.stream {
		if e := a.pendingEmail(o, emailCue, &f); e >= 0 && (pend < 0 || e < pend) {
			pend, pendLabel = e, TypeEmail
		}
		last := a.toks[len(a.toks)-1]
		if last.span != 0 && a.spans[last.span-1].label == TypeEmail {
			f.endEmail = !o.partial
		}
	}
	slices.SortFunc(a.spans, func(x, y span) int { return cmp.Compare(x.start, y.start) })
	if pend >= 0 {
		// Everything from the held-back token to the end becomes one label;
		// a span it starts inside of is swallowed whole.
		b := a.toks[pend].start
		k := 0
		for k < len(a.spans) && a.spans[k].end <= b {
			k++
		}
		if k < len(a.spans) && a.spans[k].start < b {
			b = a.spans[k].start
		}
		a.spans = append(a.spans[:k], span{start: b, end: a.toks[len(a.toks)-1].end, label: pendLabel})
	}
	return f
}

// claim records a span over tokens first..last and marks them as taken.
func (a *analyzer) claim(first, last int, label string) {
	a.spans = append(a.spans, span{
		start: a.toks[first].start, end: a.toks[last].end,
		first: first, last: last, label: label,
	})
	for k := first; k <= last; k++ {
		a.toks[k].span = len(a.spans)
	}
}

// cues records the context cues of the text in f and returns the index of
// the last e-mail cue, or -1.
func (a *analyzer) cues(f *facts) int {
	emailCue := -1
	f.blank = true
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tkWord || t.cls != clFiller {
			f.blank = false
		}
		if t.kind != tkWord {
			continue
		}
		switch t.cls {
		case clCueCard:
			f.cue = TypeCardNumber
		case clCuePhone:
			f.cue = TypePhone
		case clCueNumber:
			f.generic = true
		case clCueEmail:
			emailCue = i
		case clCallVerb:
			if a.nextWordIs(i, "me") {
				f.cue = TypePhone
			}
		case clSecurity:
			if a.nextWordIs(i, "code") {
				f.cue = TypeCardNumber
			}
		}
	}
	return emailCue
}

func (a *analyzer) nextWordIs(i int, w string) bool {
	if i+1 >= len(a.toks) || a.toks[i+1].kind != tkWord {
		return false
	}
	t := a.toks[i+1]
	return strings.EqualFold(a.s[t.start:t.end], w)
}

func (a *analyzer) punctIs(i int, chars string) bool {
	t := &a.toks[i]
	return t.kind == tkPunct && t.end-t.start == 1 && strings.IndexByte(chars, a.s[t.start]) >= 0
}

func (a *analyzer) wordIs(i int, cls wordClass) bool {
	t := &a.toks[i]
	return t.kind == tkWord && t.cls == cls
}

// ---- e-mail addresses ----

// isUnit reports whether token i can be part of an e-mail local part or
// domain label.
func (a *analyzer) isUnit(i int) bool {
	t := &a.toks[i]
	if t.span != 0 {
		return false
	}
	switch t.kind {
	case tkDigits:
		return true
	case tkWord:
		return t.cls != clAt && t.cls != clDot && t.cls != clJoin
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
	return a.wordIs(i, clAt) || a.wordIs(i, clDot) || a.wordIs(i, clJoin) || a.punctIs(i, "@._-+")
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
func (a *analyzer) unitFirst(i int) int {
	for i > 0 && !a.toks[i].sp && a.isUnit(i-1) {
		i--
	}
	return i
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
		if k < 1 || !(a.wordIs(k, clDot) || a.wordIs(k, clJoin) || a.punctIs(k, "._-+")) ||
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
	if e == u && a.toks[u].stop {
		return -1, false
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
		if last != unit && (a.isUnit(i) || email) {
			if last == sep && a.toks[lastSep].kind == tkPunct && a.toks[lastSep].sp {
				break // "home ." is not "home."
			}
			j := a.unitFirst(i)
			if email {
				j = a.spans[t.span-1].first
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
			case a.wordIs(i, clDot):
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

// ---- digit runs ----

// runTok reports whether token i can be part of a digit run.
func (a *analyzer) runTok(i int) bool {
	t := &a.toks[i]
	if t.span != 0 {
		return false
	}
	switch t.kind {
	case tkDigits:
		return true
	case tkWord:
		return t.cls == clDigit || t.cls == clWeak || t.cls == clFiller || t.cls == clMult
	case tkPunct:
		return a.punctIs(i, joiners)
	}
	return false
}

// digitTok reports whether token i stands for digits.
func (a *analyzer) digitTok(i int) bool {
	t := &a.toks[i]
	return t.span == 0 && (t.kind == tkDigits || t.kind == tkWord && (t.cls == clDigit || t.cls == clWeak))
}

// validMult reports whether token i is "double"/"triple" before a digit,
// within the sequence ending before j.
func (a *analyzer) validMult(i, j int) bool {
	return a.wordIs(i, clMult) && i+1 < j && a.digitTok(i+1)
}

// digitRuns classifies every digit run and claims the masked ones. In a
// partial it returns the first token of a trailing run held back, else -1.
func (a *analyzer) digitRuns(o opts, ctx string, f *facts) (int, string) {
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
			t.kind == tkWord && t.cls != clFiller && t.cls != clConnector && t.cls != clPlus) {
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
		if p, l := a.run(i, j, o, ctx, lastBlock, firstBlock, f); p >= 0 {
			pend, pendLabel = p, l
		}
		i = j
	}
	return pend, pendLabel
}

// run handles the sequence of run tokens i..j-1.
func (a *analyzer) run(i, j int, o opts, ctx string, lastBlock, firstBlock int, f *facts) (int, string) {
	fst, lst, strong := -1, -1, false
	for k := i; k < j; k++ {
		t := &a.toks[k]
		switch {
		case t.kind == tkDigits || t.kind == tkWord && t.cls == clDigit:
			strong = true
		case t.kind == tkWord && t.cls == clWeak:
		case a.validMult(k, j):
			if fst < 0 {
				fst = k
			}
			continue
		default:
			continue
		}
		if fst < 0 {
			fst = k
		}
		lst = k
	}
	if !strong {
		return -1, "" // homophones alone are words: "I want to go"
	}

	var dig [19]byte
	count, filled, spoken, rep := 0, 0, 0, 1
	for k := fst; k <= lst; k++ {
		t := &a.toks[k]
		switch {
		case a.validMult(k, j):
			rep = int(t.val)
			continue
		case t.kind == tkDigits:
			count += rep * (t.end - t.start)
			for r := 0; r < rep; r++ {
				for b := t.start; b < t.end && filled < len(dig); b++ {
					dig[filled] = a.s[b] - '0'
					filled++
				}
			}
		case t.kind == tkWord && (t.cls == clDigit || t.cls == clWeak):
			count += rep
			spoken += rep
			for r := 0; r < rep && filled < len(dig); r++ {
				dig[filled] = t.val
				filled++
			}
		default:
			continue
		}
		rep = 1
	}

	n := len(a.toks)
	// An amount ("$12.99", "five dollars") is not a phone number; 13 or
	// more digits are, whatever follows.
	cur := fst > 0 && a.isCurrencySym(fst-1)
	if lst+1 < n && (a.wordIs(lst+1, clCurrency) || a.isCurrencySym(lst+1) || a.punctIs(lst+1, "%")) {
		cur = true
	}
	cur = cur && count < 13
	trailing := lastBlock == lst
	leading := firstBlock == fst

	label := ""
	switch {
	case count >= 13 && count <= 19 && luhn(dig[:count]):
		label = TypeCardNumber
	case o.stream && ctx == TypeCardNumber && count >= 7 && count <= 19:
		label = TypeCardNumber // the first 15 digits of a card read in two parts
	case count >= 7 && !cur:
		label = TypePhone
	case !o.stream:
	case o.sticky != "":
		label = o.sticky
	case o.cont != "" && leading:
		label = o.cont
	case ctx != "" && !cur && (count >= 3 || trailing && (count >= 2 || ctx != TypeNumber)):
		label = ctx
	case ctx != "" && !cur && (f.cue != "" || o.partial && f.generic):
		// A cue in this very utterance ("my card number is ...") masks
		// every digit after it, however short the run: ASR splits a
		// number read aloud into fragments ("four ha", "four hundred
		// three") whose single digits would otherwise show. A generic
		// cue ("number") does so in partials, which then stay sticky.
		label = ctx
	case !cur && (spoken >= 4 || !o.partial && leading && trailing && count >= 4):
		label = TypeNumber
	}

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
		if ctx != "" {
			return first, ctx
		}
		return first, TypeNumber
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

// isPrefix reports whether token i belongs before a masked number: "(",
// "+" or "plus".
func (a *analyzer) isPrefix(i int) bool {
	return a.toks[i].span == 0 && (a.punctIs(i, "(+") || a.wordIs(i, clPlus))
}

func (a *analyzer) isCurrencySym(i int) bool {
	t := &a.toks[i]
	if t.kind != tkPunct {
		return false
	}
	switch a.s[t.start:t.end] {
	case "$", "€", "£", "¥":
		return true
	}
	return false
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

// luhn reports whether digits (values 0–9) pass the Luhn check used by
// payment card numbers (ISO/IEC 7812-1, annex B).
func luhn(digits []byte) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i])
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
