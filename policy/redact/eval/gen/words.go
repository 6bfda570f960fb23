package main

import (
	"fmt"
	"strings"
)

var digitWord = [10]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

var teens = [10]string{"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}

var tens = [10]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

var monthNames = [13]string{"", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

var monthShort = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// homophones are the words a recogniser writes for a digit said inside a
// number: "for" for four, "to" for two.
var homophones = map[byte][]string{
	'1': {"won"},
	'2': {"to", "too"},
	'4': {"for"},
	'8': {"ate"},
}

// below100 spells 0–99 ("forty two").
func below100(n int) string {
	switch {
	case n < 10:
		return digitWord[n]
	case n < 20:
		return teens[n-10]
	case n%10 == 0:
		return tens[n/10]
	}
	return tens[n/10] + " " + digitWord[n%10]
}

// cardinal spells 0–999999 the British way ("two hundred and five").
func cardinal(n int, and bool) string {
	conj := " "
	if and {
		conj = " and "
	}
	switch {
	case n < 100:
		return below100(n)
	case n < 1000:
		s := digitWord[n/100] + " hundred"
		if n%100 != 0 {
			s += conj + below100(n%100)
		}
		return s
	}
	s := cardinal(n/1000, and) + " thousand"
	switch r := n % 1000; {
	case r == 0:
	case r < 100:
		s += conj + below100(r)
	default:
		s += " " + cardinal(r, and)
	}
	return s
}

var ordinalSmall = map[int]string{
	1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
	8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth",
	14: "fourteenth", 15: "fifteenth", 16: "sixteenth", 17: "seventeenth", 18: "eighteenth",
	19: "nineteenth", 20: "twentieth", 30: "thirtieth",
}

// ordinalWord spells a day of the month as an ordinal ("twenty first").
func ordinalWord(n int) string {
	if s, ok := ordinalSmall[n]; ok {
		return s
	}
	return tens[n/10] + " " + ordinalSmall[n%10]
}

// ordinalSuffix writes a day the way a formatter does ("21st").
func ordinalSuffix(n int) string {
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suf)
}

// yearWords spells a year as people say it ("nineteen eighty four",
// "two thousand and five", "twenty twelve").
func (g *gen) yearWords(y int) string {
	hi, lo := y/100, y%100
	switch {
	case y >= 2000 && y < 2010:
		if g.r.chance(0.5) {
			return "two thousand and " + digitWord[lo]
		}
		if lo == 0 {
			return "two thousand"
		}
		return "two thousand " + digitWord[lo]
	case y >= 2010 && g.r.chance(0.25):
		return "two thousand and " + below100(lo)
	case lo == 0:
		return below100(hi) + " hundred"
	case lo < 10:
		return below100(hi) + " oh " + digitWord[lo]
	}
	return below100(hi) + " " + below100(lo)
}

// twoDigitWords spells "05" as "oh five" and "27" as "twenty seven".
func (g *gen) twoDigitWords(n int) string {
	if n < 10 {
		return g.zero() + " " + digitWord[n]
	}
	return below100(n)
}

// zero is how a speaker says 0 inside a number: mostly "oh".
func (g *gen) zero() string {
	if g.r.chance(0.6) {
		return "oh"
	}
	return "zero"
}

// filler is a hesitation a recogniser writes down.
func (g *gen) filler() string {
	return pick(g.r, []string{"uh", "um", "uh", "um", "er", "uh"})
}

// sayDigits spells a digit string as a caller reads it out, group by
// group, the way a recogniser writes it: "oh" for zero, "double five",
// "triple seven", hesitations between (and rarely inside) groups, and now
// and then a homophone ("for", "to", "won", "ate") in place of a digit.
// groups gives the group sizes; nil means one group.
func (g *gen) sayDigits(ds string, groups []int) string {
	if groups == nil {
		groups = []int{len(ds)}
	}
	var words []string
	fillers := 0
	pos := 0
	for gi, n := range groups {
		if pos+n > len(ds) {
			n = len(ds) - pos
		}
		grp := ds[pos : pos+n]
		pos += n
		if gi > 0 && fillers < 2 && g.r.chance(g.fillerRate) {
			words = append(words, g.filler())
			fillers++
		}
		for i := 0; i < len(grp); {
			run := 1
			for i+run < len(grp) && grp[i+run] == grp[i] {
				run++
			}
			if i > 0 && fillers < 2 && g.r.chance(g.fillerRate/6) {
				words = append(words, g.filler())
				fillers++
			}
			d := grp[i]
			switch {
			case run >= 3 && g.r.chance(0.45):
				words = append(words, "triple", g.digitSaid(d, false))
				i += 3
			case run >= 2 && g.r.chance(0.45):
				words = append(words, "double", g.digitSaid(d, false))
				i += 2
			default:
				words = append(words, g.digitSaid(d, true))
				i++
			}
		}
	}
	for pos < len(ds) { // groups shorter than ds: say the rest plainly
		words = append(words, g.digitSaid(ds[pos], true))
		pos++
	}
	return strings.Join(words, " ")
}

// digitSaid is one digit as written by a recogniser; homophones only where
// allowed (not after "double").
func (g *gen) digitSaid(d byte, homophone bool) string {
	if d == '0' {
		return g.zero()
	}
	if hs, ok := homophones[d]; ok && homophone && g.r.chance(g.homophoneRate) {
		return pick(g.r, hs)
	}
	return digitWord[d-'0']
}

// sayPairs reads a digit string two digits at a time ("twenty two thirty
// three"), as Danes read phone numbers; an odd digit at the start is said
// alone.
func (g *gen) sayPairs(ds string) string {
	var words []string
	if len(ds)%2 == 1 {
		words = append(words, g.digitSaid(ds[0], false))
		ds = ds[1:]
	}
	for i := 0; i+1 < len(ds); i += 2 {
		n := atoi(ds[i : i+2])
		switch {
		case n == 0 && g.r.chance(0.5):
			words = append(words, "double", g.zero())
		case n == 0:
			words = append(words, g.zero(), g.zero())
		case n%11 == 0 && g.r.chance(0.3):
			words = append(words, "double", digitWord[n/11])
		default:
			words = append(words, g.twoDigitWords(n))
		}
	}
	return strings.Join(words, " ")
}

// letterNames are how a recogniser sometimes writes a spelled letter.
var letterNames = map[byte][]string{
	'b': {"bee"}, 'c': {"see"}, 'd': {"dee"}, 'g': {"gee"}, 'j': {"jay"}, 'k': {"kay"},
	'p': {"pee"}, 'r': {"are"}, 't': {"tee"}, 'u': {"you"}, 'w': {"double you"},
	'x': {"ex"}, 'y': {"why"}, 'z': {"zed", "zee"},
}

// spellLetters writes letters and digits spelled one by one in ASR style.
func (g *gen) spellLetters(s string) string {
	var words []string
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		switch {
		case s[i] >= '0' && s[i] <= '9':
			words = append(words, g.digitSaid(s[i], true))
		case c >= 'a' && c <= 'z':
			if ns, ok := letterNames[c]; ok && g.r.chance(0.12) {
				words = append(words, pick(g.r, ns))
			} else {
				words = append(words, string(c))
			}
		}
	}
	return strings.Join(words, " ")
}

// fold writes a Danish or Estonian word the way an English recogniser
// would: lower case ASCII.
func fold(s string) string {
	r := strings.NewReplacer(
		"æ", "ae", "Æ", "ae", "ø", "o", "Ø", "o", "å", "aa", "Å", "aa",
		"õ", "o", "Õ", "o", "ä", "a", "Ä", "a", "ö", "o", "Ö", "o", "ü", "u", "Ü", "u",
		"š", "sh", "Š", "sh", "ž", "zh", "Ž", "zh", "é", "e", "É", "e",
	)
	return strings.ToLower(r.Replace(s))
}

// groupDigits writes ds in groups of the given sizes joined by sep.
func groupDigits(ds string, groups []int, sep string) string {
	var parts []string
	pos := 0
	for _, n := range groups {
		if pos >= len(ds) {
			break
		}
		end := min(pos+n, len(ds))
		parts = append(parts, ds[pos:end])
		pos = end
	}
	if pos < len(ds) {
		parts = append(parts, ds[pos:])
	}
	return strings.Join(parts, sep)
}
