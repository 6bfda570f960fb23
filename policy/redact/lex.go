package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the lexical kind of a token.
type tokKind uint8

const (
	tkWord   tokKind = iota + 1 // letters, inner apostrophes, non-ASCII digits
	tkDigits                    // ASCII digits only
	tkPunct                     // one rune that is neither space, letter nor digit
	tkLabel                     // a redaction label such as "[PHONE]"
)

// token is one lexical unit of the text being redacted. Whitespace is not a
// token; sp records whether some preceded the token (the start of the text
// counts as whitespace), so "4111-1111" and "4111 - 1111" differ only in sp.
type token struct {
	start, end int
	span       int // 1 + index into analyzer.spans of the span claiming the token; 0 if none
	kind       tokKind
	sp         bool
	incue      bool // part of a matched cue phrase
	notMail    bool // part of a cue phrase that is not only an e-mail cue
	wordInfo
}

// wordClass is what a word means to the digit-run detector.
type wordClass uint8

const (
	clNone     wordClass = iota
	clDigit              // zero … nine
	clWeak               // to, too, for, won, ate, oh, o: a digit only inside a run
	clFiller             // uh, um, er, ah: skipped inside a run
	clMult               // double, triple
	clTens               // ten … nineteen, twenty … ninety
	clHundred            // hundred
	clThousand           // thousand
	clPlus               // "plus" before a phone number
	clAt                 // "at" in a spoken e-mail
	clDot                // "dot" in a spoken e-mail
	clCurrency           // dollars, euros …: the digits before are an amount
)

// wordInfo is what the lexicon says about a word.
type wordInfo struct {
	cls    wordClass
	val    uint8 // digit value, tens value or repeat count
	ord    uint8 // ordinal value ("twelfth" = 12)
	month  uint8 // month number
	letter byte  // the letter a spoken letter stands for

	stop, common bool // frequent words: never an e-mail part or a name
	freq         bool // among the words a recogniser emits most
	notName      bool // a place, language, brand or holiday, never a name
	first, last  bool // a first name or a surname
	street, unit bool // a street word ("road"), a unit word ("flat")
	join, slash  bool // spoken separators in e-mails and in numbers
	connector    bool // may precede a continued number
	ordSuffix    bool // "th" in "12 th"
	phrase       bool // some lexicon phrase starts with this word

	art9L, art9R, art9Cue uint8 // Art. 9 types this word extends left, right, or cues
}

// lookupWord classifies a word, ignoring ASCII case. Words with other
// non-ASCII letters than the typographic apostrophe are looked up as they
// are.
func (l *Lexicon) lookupWord(w string) wordInfo {
	var buf [24]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			if strings.HasPrefix(w[i:], "\u2019") {
				c = '\''
				i += len("\u2019") - 1
			} else {
				return l.words[strings.ToLower(w)]
			}
		}
		if n == len(buf) {
			return wordInfo{}
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	w0 := l.words[string(buf[:n])]
	if !w0.first && !w0.last && n > 3 && buf[n-2] == '\'' && buf[n-1] == 's' {
		// "aksel's": the possessive of a name is a name.
		if st := l.words[string(buf[:n-2])]; st.first || st.last {
			w0.first, w0.last, w0.common = st.first, st.last, st.common
		}
	}
	return w0
}

// knownLabels are the labels Text recognises in its input and keeps as
// entities, so that redacting redacted text changes nothing.
var knownLabels = [...]string{
	TypeCardNumber, TypeCVV, TypeCardExpiry, TypePhone, TypeEmail, TypePerson, TypeNationalID,
	TypeBankAccount, TypeDateOfBirth, TypeAddress, TypeNumber, TypePending,
	TypeHealth, TypeReligion, TypePolitical, TypeTradeUnion, TypeSexualOrientation,
	TypeEthnicOrigin, TypeGenetic, TypeBiometric,
}

// labelAt returns the label name if s starts with "[NAME]" for a known label.
func labelAt(s string) string {
	if len(s) < 3 || s[0] != '[' {
		return ""
	}
	for _, l := range knownLabels {
		if len(s) >= len(l)+2 && s[1:1+len(l)] == l && s[1+len(l)] == ']' {
			return l
		}
	}
	return ""
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isWordRune reports whether a non-ASCII rune belongs in a word. Non-ASCII
// digits are letters here: only ASCII digits form digit runs.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// letterAt reports whether s[i:] starts with a letter.
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		return isASCIILetter(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// wordEnd returns the end of the word starting at i: letters, marks,
// non-ASCII digits and apostrophes between letters ("i'm", "o’clock").
func wordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if isASCIILetter(c) || c == '\'' && j > i && letterAt(s, j+1) {
				j++
				continue
			}
			return j
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) || r == '\u2019' && j > i && letterAt(s, j+size) {
			j += size
			continue
		}
		return j
	}
	return j
}

// lex appends the tokens of s to toks, classifying words with lx (nil: no
// classification).
func lex(s string, toks []token, lx *Lexicon) []token {
	sp := true
	for i := 0; i < len(s); {
		c := s[i]
		var t token
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
				sp = true
				i++
				continue
			case '0' <= c && c <= '9':
				j := i + 1
				for j < len(s) && '0' <= s[j] && s[j] <= '9' {
					j++
				}
				t = token{start: i, end: j, kind: tkDigits}
			case isASCIILetter(c):
				t = wordToken(s, i, wordEnd(s, i), lx)
			case c == '[':
				if l := labelAt(s[i:]); l != "" {
					t = token{start: i, end: i + len(l) + 2, kind: tkLabel}
				} else {
					t = token{start: i, end: i + 1, kind: tkPunct}
				}
			default:
				t = token{start: i, end: i + 1, kind: tkPunct}
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsSpace(r):
				sp = true
				i += size
				continue
			case isWordRune(r):
				t = wordToken(s, i, wordEnd(s, i), lx)
			default:
				t = token{start: i, end: i + size, kind: tkPunct}
			}
		}
		t.sp = sp
		sp = false
		toks = append(toks, t)
		i = t.end
	}
	return toks
}

func wordToken(s string, i, j int, lx *Lexicon) token {
	t := token{start: i, end: j, kind: tkWord}
	if lx != nil {
		t.wordInfo = lx.lookupWord(s[i:j])
	}
	return t
}
