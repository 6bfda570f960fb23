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
	cls        wordClass
	val        uint8 // digit value (clDigit, clWeak) or repeat count (clMult)
	stop       bool  // a common word that cannot be an e-mail local part or domain
	sp         bool
}

// wordClass is what a word means to the detectors.
type wordClass uint8

const (
	clNone      wordClass = iota
	clDigit               // zero … nine
	clWeak                // to, too, for, won, ate, oh, o: a digit only inside a run
	clFiller              // uh, um, er, ah: skipped inside a run
	clMult                // double, triple
	clPlus                // "plus" before a phone number
	clAt                  // "at" in a spoken e-mail
	clDot                 // "dot" in a spoken e-mail
	clJoin                // underscore, dash, hyphen in a spoken e-mail
	clCurrency            // dollars, euros …: the digits before are an amount
	clCueCard             // card, visa, cvv …
	clCuePhone            // phone, mobile …
	clCueNumber           // number, account, pin …: digits follow, type unknown
	clCueEmail            // email, mail
	clCallVerb            // call, text, reach, ring: a phone cue before "me"
	clSecurity            // "security" before "code"
	clConnector           // and, then: may precede a continued digit run
)

type wordInfo struct {
	cls  wordClass
	val  uint8
	stop bool
}

// words maps lower-case words to their class. It is built once and only read.
var words = buildWords()

func buildWords() map[string]wordInfo {
	m := make(map[string]wordInfo, 200)
	set := func(cls wordClass, val uint8, ws ...string) {
		for _, w := range ws {
			m[w] = wordInfo{cls: cls, val: val}
		}
	}
	for i, w := range []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"} {
		set(clDigit, uint8(i), w)
	}
	// ASR homophones of digit words (pocketsphinx hears "two" as "to").
	set(clWeak, 0, "oh", "o")
	set(clWeak, 1, "won")
	set(clWeak, 2, "to", "too")
	set(clWeak, 4, "for")
	set(clWeak, 8, "ate")
	set(clFiller, 0, "uh", "um", "er", "ah", "erm", "uhm", "hmm", "mm")
	set(clMult, 2, "double")
	set(clMult, 3, "triple")
	set(clPlus, 0, "plus")
	set(clAt, 0, "at")
	set(clDot, 0, "dot")
	set(clJoin, 0, "underscore", "dash", "hyphen")
	set(clCurrency, 0, "dollar", "dollars", "euro", "euros", "pound", "pounds", "cent", "cents",
		"pence", "penny", "buck", "bucks", "quid", "yen", "kroner", "krone", "kr", "percent",
		"usd", "eur", "gbp", "dkk")
	set(clCueCard, 0, "card", "cards", "visa", "mastercard", "amex", "maestro", "credit", "debit",
		"cvv", "cvc", "expiry", "expiration")
	set(clCuePhone, 0, "phone", "phones", "mobile", "cell", "cellphone", "telephone", "landline", "whatsapp", "fax",
		"extension")
	set(clCallVerb, 0, "call", "text", "reach", "ring")
	set(clCueNumber, 0, "number", "numbers", "digits", "pin", "account")
	set(clCueEmail, 0, "email", "emails", "mail")
	set(clSecurity, 0, "security")
	set(clConnector, 0, "and", "then", "next", "ok", "okay", "so")

	for _, w := range []string{
		"i", "i'm", "im", "me", "my", "mine", "you", "you're", "your", "he", "he's", "him", "his",
		"she", "she's", "her", "it", "it's", "its", "we", "we're", "us", "our", "they", "they're",
		"them", "their", "is", "was", "are", "am", "be", "been", "were", "look", "looking", "stay",
		"staying", "meet", "arrive", "arrived", "here", "there", "that", "this", "what", "where",
		"who", "home", "work", "back", "out", "up", "down", "and", "or", "but", "so", "not", "just",
		"only", "still", "a", "an", "the", "of", "in", "on", "to", "for", "by", "with", "address",
		"email", "please", "yes", "no", "ok", "okay", "now", "noon", "night", "least",
		"all", "once", "first", "last", "best", "then",
	} {
		e := m[w]
		e.stop = true
		m[w] = e
	}
	return m
}

// lookupWord classifies a word, ignoring ASCII case. Words with other
// non-ASCII letters than the typographic apostrophe are never special.
func lookupWord(w string) wordInfo {
	var buf [16]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			if !strings.HasPrefix(w[i:], "\u2019") {
				return wordInfo{}
			}
			c = '\''
			i += len("\u2019") - 1
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
	return words[string(buf[:n])]
}

// knownLabels are the labels Text recognises in its input and keeps as
// entities, so that redacting redacted text changes nothing.
var knownLabels = [...]string{TypeCardNumber, TypePhone, TypeEmail, TypeNumber}

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

// lex appends the tokens of s to toks.
func lex(s string, toks []token) []token {
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
				t = wordToken(s, i, wordEnd(s, i))
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
				t = wordToken(s, i, wordEnd(s, i))
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

func wordToken(s string, i, j int) token {
	w := lookupWord(s[i:j])
	return token{start: i, end: j, kind: tkWord, cls: w.cls, val: w.val, stop: w.stop}
}
