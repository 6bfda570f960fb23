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

// opts selects the rules of one analysis. The zero value gives the rules
// for one complete utterance with no conversational context.
type opts struct {
	partial     bool   // hold back an entity in progress at the end of the text
	ctx         string // context left open by earlier finals
	cont        string // the previous final ended with a digit run masked with this label
	emailCont   bool   // the previous final ended with a masked e-mail
	sticky      string // an earlier partial of this utterance masked a digit run with this label
	stickyEmail bool   // an earlier partial of this utterance masked an e-mail
}

// facts is what an analysis saw, for a Stream to carry forward.
type facts struct {
	cue         string // the last cue for a number in the text
	generic     bool   // a generic number cue ("number", "pin")
	masked      string // label of the first digit run masked in the text
	endMasked   string // label of a masked digit run that ends the text
	endEmail    bool   // the text ends with a masked e-mail
	sticky      string // a partial masked a digit run: keep masking digits in this utterance
	stickyEmail bool   // a partial masked an e-mail: keep masking "x at y" in this utterance
	blank       bool   // nothing but fillers and punctuation
}

// cueMatch is a lexicon phrase found in the text: a cue or an Art. 9 term.
type cueMatch struct {
	first, last int
	kind        phraseKind
	prefix      bool // only the beginning of the phrase, at the end of a partial
}

// analyzer finds the spans to redact in one text. Its slices are reused from
// one call to the next, so a Stream allocates little per hypothesis.
type analyzer struct {
	lx    *Lexicon
	s     string
	toks  []token
	spans []span
	cues  []cueMatch
	ctx   string // the stream's open context during an analysis
}

// joiners are the punctuation marks that may separate the groups of one
// written number: "4111-1111", "(555) 123-4567", "22.33.44.55", "4111, 1111".
const joiners = "-.,()/"

// numericCue reports whether a cue of type typ says what a following number is.
func numericCue(typ string) bool {
	switch typ {
	case TypeEmail, TypePerson, "":
		return false
	}
	return true
}

// analyze fills a.spans, sorted and non-overlapping, for s under the rules o.
func (a *analyzer) analyze(s string, o opts) facts {
	if a.lx == nil {
		a.lx = english
	}
	a.s = s
	a.toks = lex(s, a.toks[:0], a.lx)
	a.spans = a.spans[:0]
	a.cues = a.cues[:0]
	a.ctx = o.ctx
	if len(a.toks) == 0 {
		return facts{blank: true}
	}
	var f facts
	emailCue := a.matchPhrases(&f, o.partial)
	for i, t := range a.toks {
		if t.kind == tkLabel {
			a.claim(i, i, labelAt(s[t.start:]))
		}
	}
	a.namesAfterStrongCues()
	a.addresses()
	a.art9()
	if o.emailCont {
		a.emailContinuation()
	}
	if a.emails(!o.stickyEmail) > 0 && o.partial {
		f.stickyEmail = true
	}
	a.ibans()
	a.niNumbers()
	a.cueDates()
	a.datesBeforeCues()
	a.addressCueRest()
	pend, pendLabel := a.digitRuns(o, &f)
	e := a.pendingEmail(o, emailCue, &f)
	a.names(e)
	a.spelledAfterNames()
	if e >= 0 && (pend < 0 || e < pend) {
		pend, pendLabel = e, TypeEmail
	}
	if o.partial {
		if p, l := a.pendingWords(); p >= 0 && (pend < 0 || p < pend) {
			pend, pendLabel = p, l
		}
	}
	last := a.toks[len(a.toks)-1]
	if last.span != 0 && a.spans[last.span-1].label == TypeEmail {
		f.endEmail = !o.partial
	}
	a.spans = slices.DeleteFunc(a.spans, func(x span) bool { return x.label == "" })
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

// free reports whether tokens first..last are all unclaimed.
func (a *analyzer) free(first, last int) bool {
	for k := first; k <= last; k++ {
		if a.toks[k].span != 0 {
			return false
		}
	}
	return true
}

// text returns token i's text.
func (a *analyzer) text(i int) string { t := &a.toks[i]; return a.s[t.start:t.end] }

// matchPhrases finds the lexicon's cue phrases and Art. 9 terms, records
// the facts they give, and returns the index of the last e-mail cue or -1.
// In a partial it also records a phrase that the text ends partway into.
func (a *analyzer) matchPhrases(f *facts, partial bool) int {
	emailCue := -1
	f.blank = true
	n := len(a.toks)
	for i := 0; i < n; {
		t := &a.toks[i]
		if t.kind != tkWord || t.cls != clFiller {
			f.blank = false
		}
		if !(t.kind == tkWord && t.phrase || t.kind == tkDigits) {
			i++
			continue
		}
		ps := a.lx.phrases[strings.ToLower(a.text(i))]
		matched := 0
		isCue, notMail := false, false // a cue, not only an Art. 9 term; not only an e-mail cue
		if partial {
			a.prefixes(i, ps)
		}
		for _, p := range ps {
			m := a.matchLen(i, p.words)
			if m > 0 {
				for _, k := range p.kinds {
					a.cues = append(a.cues, cueMatch{first: i, last: i + m - 1, kind: k})
					isCue = isCue || !k.art9
					notMail = notMail || k.art9 || k.typ != TypeEmail
					switch {
					case k.art9:
					case k.typ == TypeEmail:
						emailCue = i + m - 1
					case k.typ == TypeNumber:
						f.generic = true
					case k.weak && k.typ == TypeCardExpiry:
						// counted by cueBefore only in a card context
					case numericCue(k.typ):
						f.cue = k.typ
					}
				}
				matched = m
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		// An Art. 9 term's words may still be part of a street or a name;
		// an e-mail cue's ("mail") may be part of a spoken address.
		for k := i; k < i+matched; k++ {
			a.toks[k].incue = isCue
			a.toks[k].notMail = notMail
		}
		i += matched
	}
	if f.cue == TypeNumber || f.cue == "NEG" {
		f.cue = ""
	}
	return emailCue
}

// matchLen returns how many tokens from i the phrase's words cover (fillers
// between its words included: "order um number"), or, when it does not
// match, minus one less than the number of its words that did.
func (a *analyzer) matchLen(i int, words []string) int {
	j := i
	for k, w := range words {
		for k > 0 && j < len(a.toks) && a.toks[j].kind == tkWord && a.toks[j].cls == clFiller {
			j++
		}
		if j >= len(a.toks) {
			return -k
		}
		t := &a.toks[j]
		if t.kind == tkLabel || !strings.EqualFold(a.s[t.start:t.end], w) {
			return -k
		}
		j++
	}
	return j - i
}

// art9 claims every GDPR Art. 9 term that is not part of something else,
// with the modifiers around it ("severe anxiety", "teachers' union"). A
// term that is also an ordinary word counts only beside a cue word of its
// type; a term right before a street word is a street name ("union
// street").
func (a *analyzer) art9() {
	n := len(a.toks)
	for _, c := range a.cues {
		if !c.kind.art9 || c.prefix || !a.free(c.first, c.last) {
			continue
		}
		bit := art9Bit(c.kind.typ)
		if c.kind.ctx && !a.art9Cued(bit) {
			continue
		}
		if c.last+1 < n && a.toks[c.last+1].street {
			continue
		}
		if a.bareUnionBeforeName(c) {
			continue // "my union, unison, told me": the name says it
		}
		first, last := c.first, c.last
		for first > 0 && a.toks[first-1].span == 0 {
			p := first - 1
			if a.punctIs(p, "'’") && !a.toks[p].sp && p > 0 && a.toks[p-1].art9L&bit != 0 {
				p-- // "teachers' union"
			}
			if a.toks[p].kind != tkWord || a.toks[p].art9L&bit == 0 || a.toks[p].span != 0 {
				break
			}
			first = p
		}
		for last+1 < n && a.toks[last+1].span == 0 && a.toks[last+1].kind == tkWord && a.toks[last+1].art9R&bit != 0 {
			last++
		}
		a.claim(first, last, c.kind.typ)
	}
}

// art9Cued reports whether the text has a cue word for the Art. 9 type bit.
func (a *analyzer) art9Cued(bit uint8) bool {
	for i := range a.toks {
		if a.toks[i].art9Cue&bit != 0 {
			return true
		}
	}
	return false
}

// cueBefore returns the type of the cue that says what the token at i is:
// the nearest numeric cue before it within reach, else the first one after
// it in the text. The generic NUMBER cue does not replace a specific cue
// just before it ("cvv number"). NEG means "not personal data".
func (a *analyzer) cueBefore(i int) (string, bool) {
	typ, last := "", -1
	after, afterFirst := "", -1
	for _, c := range a.cues {
		if c.kind.art9 || !numericCue(c.kind.typ) || c.prefix {
			continue
		}
		if c.first >= i {
			if after == "" && c.kind.typ != "NEG" && c.kind.typ != TypeNumber &&
				!(c.kind.weak && c.kind.typ == TypeCardExpiry && !a.cardContext()) {
				after, afterFirst = c.kind.typ, c.first
			}
			continue
		}
		if c.kind.typ == TypeNumber && typ != "" && c.first-last <= 3 {
			continue // "cvv number", "order number"
		}
		if c.kind.weak && c.kind.typ == TypeCardExpiry && !a.cardContext() && !a.expiryShape(i) {
			continue
		}
		typ, last = c.kind.typ, c.last
	}
	if typ != "" && a.gap(last+1, i) > maxCueGap {
		typ = ""
	}
	// A cue right after the number says what it is ("12/30 for the
	// expiry", "661 on the back") unless one is as close before it.
	if after != "" {
		end := a.runEnd(i)
		before := a.gap(last+1, i)
		if a.claimedBetween(last+1, i) {
			before = maxCueGap // the cue before already named something else
		}
		if ga := a.gap(end+1, afterFirst); ga <= 3 && (typ == "" || ga < before) {
			return after, true
		}
	}
	if typ != "" {
		return typ, true
	}
	if after != "" && after != TypeCardExpiry && after != TypeCVV {
		return after, false
	}
	return "", false
}

// claimedBetween reports whether a token from..to-1 belongs to a span.
func (a *analyzer) claimedBetween(from, to int) bool {
	for k := max(from, 0); k < to; k++ {
		if a.toks[k].span != 0 {
			return true
		}
	}
	return false
}

// runEnd returns the last token of the run of digits starting at i.
func (a *analyzer) runEnd(i int) int {
	for i+1 < len(a.toks) && a.runTok(i+1) {
		i++
	}
	return i
}

// maxCueGap is how many words may separate a cue from what it describes.
const maxCueGap = 10

// gap counts the words between tokens from and to-1, counting a claimed
// span, a label or a run of digits as one word and ignoring punctuation and
// fillers, so the
// distance is the same in a text and in its redaction.
func (a *analyzer) gap(from, to int) int {
	n, lastSpan := 0, 0
	for k := max(from, 0); k < to; k++ {
		t := &a.toks[k]
		switch {
		case t.span != 0:
			if t.span != lastSpan {
				n++
			}
			lastSpan = t.span
			continue
		case t.kind == tkLabel:
			n++
		case t.kind == tkPunct, t.kind == tkWord && t.cls == clFiller:
		case a.digitTok(k) && k > from && a.digitTok(k-1):
			// a run of digits counts once, as its label will
		default:
			n++
		}
		lastSpan = 0
	}
	return n
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

// endsAt reports whether the text ends after m phrase words from i (with
// fillers between them).
func (a *analyzer) endsAt(i, m int) bool {
	j := i
	for k := 0; k < m; k++ {
		for k > 0 && j < len(a.toks) && a.toks[j].kind == tkWord && a.toks[j].cls == clFiller {
			j++
		}
		j++
	}
	return j == len(a.toks)
}

// cardContext reports whether the text, or the context the stream left
// open, is about a payment card.
func (a *analyzer) cardContext() bool {
	if a.ctx == TypeCardNumber || a.ctx == TypeCVV || a.ctx == TypeCardExpiry {
		return true
	}
	for _, c := range a.cues {
		if !c.kind.art9 && !c.prefix && (c.kind.typ == TypeCardNumber || c.kind.typ == TypeCVV) {
			return true
		}
	}
	return false
}

// expiryShape reports whether the run of digits at i looks like a card
// expiry date, month and year: "oh four twenty six", "0426".
func (a *analyzer) expiryShape(i int) bool {
	var r runInfo
	j := i
	for j < len(a.toks) && a.runTok(j) {
		j++
	}
	return j > i && a.read(i, j, &r) && (r.count == 4 || r.count == 3)
}

// prefixes records, for a partial, the phrases from i that the text ends
// partway into: "type two" of "type two diabetes", "that's the security"
// of "security code".
func (a *analyzer) prefixes(i int, ps []phrase) {
	t := &a.toks[i]
	for _, p := range ps {
		m := -a.matchLen(i, p.words)
		if m <= 0 || m >= len(p.words) || !a.endsAt(i, m) {
			continue
		}
		for _, k := range p.kinds {
			if k.art9 && (!t.stop || a.spelledTermAfter(i, p.words)) || !k.art9 && numericCue(k.typ) && k.typ != "NEG" && k.typ != TypeNumber {
				a.cues = append(a.cues, cueMatch{first: i, last: len(a.toks) - 1, kind: k, prefix: true})
				return
			}
		}
	}
}

// bareUnionBeforeName reports whether c is the word "union" right before
// (a comma and) another trade-union term.
func (a *analyzer) bareUnionBeforeName(c cueMatch) bool {
	if c.kind.typ != TypeTradeUnion || c.first != c.last || !strings.EqualFold(a.text(c.first), "union") {
		return false
	}
	k := c.last + 1
	if k < len(a.toks) && a.punctIs(k, ",") {
		k++
	}
	for _, d := range a.cues {
		if d.kind.art9 && d.kind.typ == TypeTradeUnion && d.first == k && !d.prefix {
			return true
		}
	}
	return false
}

// spelledTermAfter reports whether the phrase words are letters spelling an
// acronym ("a d h d") and token i follows a word that introduces a
// condition ("diagnosed with a …", "has a …"): only then does a stop word
// like "a" start one.
func (a *analyzer) spelledTermAfter(i int, words []string) bool {
	for _, w := range words {
		if len(w) != 1 {
			return false
		}
	}
	k := i - 1
	for k >= 0 && a.wordIs(k, clFiller) {
		k--
	}
	return k >= 0 && containsFold(conditionVerbs, a.text(k))
}

var conditionVerbs = []string{"with", "has", "have", "had", "got", "of", "for"}
