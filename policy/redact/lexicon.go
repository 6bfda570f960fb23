package redact

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A Lexicon is the language data the detectors read: digit and number
// words, the cue phrases that say what follows, street words, names and the
// GDPR Art. 9 terms. Detection rules are code; words are data, so another
// language is a new lexicon file, not new code.
//
// A lexicon file has one "class: entry, entry, …" per line; "#" starts a
// comment. An entry is a word or a phrase of several words, optionally
// followed by "=value". The classes:
//
//   - digit, weakdigit (homophones that count only inside a digit run),
//     tens (10–90 and the teens), hundred, thousand, mult ("double"=2),
//     filler, plus, slash (a spoken separator inside a number), connector
//     (words allowed before a continued number), currency (the number before
//     is an amount), ordinal, ordsuffix, month, letter (spoken letters, for
//     IBANs, postcodes and NI numbers);
//   - at, dot, join: the words of a spoken e-mail address;
//   - cue.TYPE: a phrase after which a number, date or name is of that
//     TYPE (CARD_NUMBER, CVV, CARD_EXPIRY, PHONE, EMAIL, NUMBER,
//     NATIONAL_ID, BANK_ACCOUNT, DATE_OF_BIRTH, ADDRESS, PERSON) or, for
//     cue.NEG, is not personal data (order, booking, room numbers);
//   - person.weak: the cue.PERSON phrases after which only a known name is
//     taken as a name; weakcue.TYPE: cues that count only in a card
//     context ("valid until" is a card expiry only when a card was
//     mentioned);
//   - street, streetsuffix (a word ending in it is a street name: "…gade"),
//     unitword;
//   - art9.TYPE: GDPR Art. 9 special-category terms, redacted wherever said;
//     art9ctx.TYPE: terms that are ordinary words too ("green", "unite"),
//     redacted only when the utterance has an art9cue.TYPE word ("voted",
//     "union"); art9left.TYPE and art9right.TYPE: words that extend a term
//     ("severe anxiety", "brca gene", "teachers' union");
//   - name.first, name.last, name.common (names that are also ordinary
//     words: names only after a cue or beside another name);
//   - stop, common: frequent words that are never an e-mail part or a name;
//   - notname: capitalised words that are not people (places, languages,
//     brands, holidays);
//   - frequent: the words a recogniser emits most (lexicon/frequent.lex,
//     generated from the pocketsphinx language model); a word that is not
//     among them nor known otherwise is held back at the end of a partial,
//     as it may be a name, a street or an e-mail address.
type Lexicon struct {
	words    map[string]wordInfo
	phrases  map[string][]phrase // by first word, longest first
	suffixes []string            // streetsuffix entries
}

// phrase is a multi-word (or one-word) lexicon entry with what it means.
type phrase struct {
	words []string // lower case tokens, lexed like text
	kinds []phraseKind
}

// art9Types are the GDPR Art. 9 special categories, in bit order.
var art9Types = [...]string{
	TypeHealth, TypeReligion, TypePolitical, TypeTradeUnion,
	TypeSexualOrientation, TypeEthnicOrigin, TypeGenetic, TypeBiometric,
}

// art9Bit returns the bit of an Art. 9 type in wordInfo masks, 0 if none.
func art9Bit(typ string) uint8 {
	for i, t := range art9Types {
		if t == typ {
			return 1 << i
		}
	}
	return 0
}

// phraseKind is one meaning of a phrase: a cue for a type, or an Art. 9 term.
type phraseKind struct {
	art9 bool   // an Art. 9 term of type typ; otherwise a cue for typ
	ctx  bool   // an Art. 9 term only when an art9cue word of its type is said
	typ  string // entity type, or "NEG" for cue.NEG
	weak bool   // person.weak: needs a known name after it; weakcue: needs a card context
}

//go:embed lexicon/*.lex
var lexiconFiles embed.FS

// english is the default lexicon, built once from the embedded files.
var english = mustLoadEmbedded("lexicon/en.lex", "lexicon/names.lex", "lexicon/frequent.lex")

func mustLoadEmbedded(names ...string) *Lexicon {
	l := newLexicon()
	for _, n := range names {
		f, err := lexiconFiles.Open(n)
		if err != nil {
			panic(err)
		}
		err = l.load(f, n)
		f.Close()
		if err != nil {
			panic(err)
		}
	}
	l.finish()
	return l
}

// English returns the built-in English lexicon, with English, Danish and
// Estonian names and street words.
func English() *Lexicon { return english }

// LexiconFor returns the built-in lexicon of a language: "en" (English),
// "da" (Danish) or "et" (Estonian). Danish and Estonian add their digit
// words, cues and terms to the English lexicon, whose names, street words
// and Art. 9 lists stay in use.
func LexiconFor(lang string) (*Lexicon, error) {
	switch lang {
	case "en", "":
		return english, nil
	case "da", "et":
		f, err := lexiconFiles.Open("lexicon/" + lang + ".lex")
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return english.Extend(f, lang+".lex")
	}
	return nil, fmt.Errorf("redact: no lexicon for language %q (have en, da, et)", lang)
}

// LoadLexicon reads a lexicon in the file format described on Lexicon. A
// language's file is usually loaded together with the built-in names and
// Art. 9 lists by appending to a copy of English with Extend.
func LoadLexicon(r io.Reader, name string) (*Lexicon, error) {
	l := newLexicon()
	if err := l.load(r, name); err != nil {
		return nil, err
	}
	l.finish()
	return l, nil
}

// Extend returns a new Lexicon with the entries of r added to those of l.
func (l *Lexicon) Extend(r io.Reader, name string) (*Lexicon, error) {
	n := newLexicon()
	for w, info := range l.words {
		n.words[w] = info
	}
	for k, ps := range l.phrases {
		n.phrases[k] = append([]phrase(nil), ps...)
	}
	n.suffixes = append(n.suffixes, l.suffixes...)
	if err := n.load(r, name); err != nil {
		return nil, err
	}
	n.finish()
	return n, nil
}

func newLexicon() *Lexicon {
	return &Lexicon{words: make(map[string]wordInfo, 2048), phrases: make(map[string][]phrase, 1024)}
}

// knownTypes are the entity types a cue or Art. 9 entry may name.
var knownTypes = map[string]bool{
	TypeCardNumber: true, TypeCVV: true, TypeCardExpiry: true, TypePhone: true, TypeEmail: true,
	TypeNumber: true, TypeNationalID: true, TypeBankAccount: true, TypeDateOfBirth: true,
	TypeAddress: true, TypePerson: true, "NEG": true,
	TypeHealth: true, TypeReligion: true, TypePolitical: true, TypeTradeUnion: true,
	TypeSexualOrientation: true, TypeEthnicOrigin: true, TypeGenetic: true, TypeBiometric: true,
}

func (l *Lexicon) load(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		class, list, ok := strings.Cut(s, ":")
		if !ok {
			return fmt.Errorf("redact: lexicon %s:%d: want \"class: entries\"", name, line)
		}
		class = strings.TrimSpace(class)
		for _, e := range strings.Split(list, ",") {
			e = strings.ToLower(strings.TrimSpace(e))
			if e == "" {
				continue
			}
			val := 0
			if k := strings.LastIndexByte(e, '='); k > 0 {
				v := strings.TrimSpace(e[k+1:])
				e = strings.TrimSpace(e[:k])
				if len(v) == 1 && v[0] >= 'a' && v[0] <= 'z' {
					val = int(v[0])
				} else if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 256 {
					val = n
				} else {
					return fmt.Errorf("redact: lexicon %s:%d: bad value %q", name, line, v)
				}
			}
			if err := l.add(class, e, uint8(val)); err != nil {
				return fmt.Errorf("redact: lexicon %s:%d: %w", name, line, err)
			}
		}
	}
	return sc.Err()
}

// add records one entry of a class.
func (l *Lexicon) add(class, entry string, val uint8) error {
	if typ, ok := strings.CutPrefix(class, "cue."); ok {
		return l.addPhrase(entry, phraseKind{typ: typ})
	}
	if typ, ok := strings.CutPrefix(class, "weakcue."); ok {
		return l.addPhrase(entry, phraseKind{typ: typ, weak: true})
	}
	if typ, ok := strings.CutPrefix(class, "art9."); ok {
		return l.addPhrase(entry, phraseKind{art9: true, typ: typ})
	}
	if typ, ok := strings.CutPrefix(class, "art9ctx."); ok {
		return l.addPhrase(entry, phraseKind{art9: true, ctx: true, typ: typ})
	}
	for _, c := range [...]string{"art9left.", "art9right.", "art9cue."} {
		typ, ok := strings.CutPrefix(class, c)
		if !ok {
			continue
		}
		bit := art9Bit(typ)
		if bit == 0 {
			return fmt.Errorf("%s: not an Art. 9 type", typ)
		}
		if strings.ContainsAny(entry, " \t") {
			return fmt.Errorf("class %s takes single words, not %q", class, entry)
		}
		w := l.words[entry]
		switch c {
		case "art9left.":
			w.art9L |= bit
		case "art9right.":
			w.art9R |= bit
		default:
			w.art9Cue |= bit
		}
		l.words[entry] = w
		return nil
	}
	if class == "person.weak" {
		return l.addPhrase(entry, phraseKind{typ: TypePerson, weak: true})
	}
	if class == "streetsuffix" {
		l.suffixes = append(l.suffixes, entry)
		return nil
	}
	if strings.ContainsAny(entry, " \t") {
		return fmt.Errorf("class %s takes single words, not %q", class, entry)
	}
	w := l.words[entry]
	switch class {
	case "digit":
		w.cls, w.val = clDigit, val
	case "weakdigit":
		if w.cls == clNone {
			w.cls, w.val = clWeak, val
		}
	case "tens":
		w.cls, w.val = clTens, val
	case "hundred":
		w.cls = clHundred
	case "thousand":
		w.cls = clThousand
	case "mult":
		w.cls, w.val = clMult, val
	case "filler":
		w.cls = clFiller
	case "plus":
		w.cls = clPlus
	case "at":
		w.cls = clAt
	case "dot":
		w.cls = clDot
	case "join":
		w.join = true
	case "slash":
		w.slash = true
	case "currency":
		w.cls = clCurrency
	case "connector":
		w.connector = true
	case "ordinal":
		w.ord = val
	case "ordsuffix":
		w.ordSuffix = true
	case "month":
		w.month = val
	case "letter":
		if val == 0 && len(entry) == 1 {
			val = entry[0]
		}
		w.letter = val
	case "street":
		w.street = true
	case "unitword":
		w.unit = true
	case "stop":
		w.stop = true
	case "common":
		w.common = true
	case "frequent":
		w.freq = true
	case "notname":
		w.notName = true
	case "name.first":
		w.first = true
	case "name.last":
		w.last = true
	case "name.common":
		w.first, w.common = true, true
	default:
		return fmt.Errorf("unknown class %q", class)
	}
	l.words[entry] = w
	return nil
}

func (l *Lexicon) addPhrase(entry string, k phraseKind) error {
	if !knownTypes[k.typ] {
		return fmt.Errorf("unknown entity type %q", k.typ)
	}
	toks := lex(entry, nil, nil)
	if len(toks) == 0 {
		return fmt.Errorf("empty phrase")
	}
	ws := make([]string, len(toks))
	for i, t := range toks {
		ws[i] = entry[t.start:t.end]
	}
	key := ws[0]
	ps := l.phrases[key]
	for i := range ps {
		if !slicesEqual(ps[i].words, ws) {
			continue
		}
		// person.weak refines a cue.PERSON entry rather than adding to it.
		for j := range ps[i].kinds {
			if o := &ps[i].kinds[j]; !o.art9 && o.typ == TypePerson && k.typ == TypePerson && !k.art9 {
				o.weak = o.weak || k.weak
				return nil
			}
		}
		ps[i].kinds = append(ps[i].kinds, k)
		return nil
	}
	l.phrases[key] = append(ps, phrase{words: ws, kinds: []phraseKind{k}})
	w := l.words[key]
	w.phrase = true
	l.words[key] = w
	return nil
}

// finish sorts each first word's phrases longest first.
func (l *Lexicon) finish() {
	for k, ps := range l.phrases {
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
		l.phrases[k] = ps
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hasStreetSuffix reports whether the lower-case word w is a street name
// made with a street suffix ("vesterbrogade", "nørrebrogade").
func (l *Lexicon) hasStreetSuffix(w string) bool {
	for _, s := range l.suffixes {
		if len(w) > len(s)+2 && strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// IsNumberHomophone reports whether w is a word that sounds like a digit
// and is one only among numbers ("oh", "to", "for", "won", "ate").
func IsNumberHomophone(w string) bool { return english.lookupWord(w).cls == clWeak }

// IsNumberWord reports whether w, one word of a transcript, says a number in
// the English lexicon: ASCII digits or a digit, teen, tens, "hundred" or
// "thousand" word. Homophones ("to", "for") and "oh" are not: alone they
// are ordinary words. Recordings mute every such word, entity or not.
func IsNumberWord(w string) bool {
	if w == "" {
		return false
	}
	digits := true
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			digits = false
			break
		}
	}
	if digits {
		return true
	}
	switch english.lookupWord(w).cls {
	case clDigit, clTens, clHundred, clThousand:
		return true
	}
	return false
}
