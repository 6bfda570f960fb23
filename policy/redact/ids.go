package redact

import "strings"

// ---- national identity numbers ----

// nationalShape reports whether a written digit run has the shape and
// checksum of a national identity number, whatever the context: a Danish
// CPR number written "ddmmyy-ssss", a US SSN "ddd-dd-dddd" or an Estonian
// isikukood (11 digits, a valid birth date and check digit).
func nationalShape(r *runInfo) bool {
	d := r.digits()
	switch {
	case r.ng == 2 && r.groups[0] == 6 && r.groups[1] == 4 && r.seps[0] == '-':
		return validDate(d[0]*10+d[1], d[2]*10+d[3])
	case r.ng == 3 && r.groups[0] == 3 && r.groups[1] == 2 && r.groups[2] == 4 &&
		r.seps[0] == r.seps[1] && (r.seps[0] == '-' || r.seps[0] == ' '):
		area := int(d[0])*100 + int(d[1])*10 + int(d[2])
		return area != 0 && area != 666 && area < 900 && (d[3] != 0 || d[4] != 0) &&
			(d[5] != 0 || d[6] != 0 || d[7] != 0 || d[8] != 0)
	case r.count == 11 && r.filled == 11 && r.spoken == 0:
		return isikukood(d)
	}
	return false
}

// validDate reports whether day and month can be a calendar date.
func validDate(day, month byte) bool {
	return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

// isikukood reports whether d (11 digits) is a valid Estonian personal
// identification code: century/sex digit, birth date, check digit.
func isikukood(d []byte) bool {
	if len(d) != 11 || d[0] < 1 || d[0] > 8 || !validDate(d[5]*10+d[6], d[3]*10+d[4]) {
		return false
	}
	w1 := [10]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 1}
	w2 := [10]int{3, 4, 5, 6, 7, 8, 9, 1, 2, 3}
	sum := 0
	for i := range 10 {
		sum += int(d[i]) * w1[i]
	}
	c := sum % 11
	if c == 10 {
		sum = 0
		for i := range 10 {
			sum += int(d[i]) * w2[i]
		}
		c = sum % 11
		if c == 10 {
			c = 0
		}
	}
	return c == int(d[10])
}

// letterOf returns the letter token i stands for: a written single letter
// or a spoken one ("bee", "dee"), lower case; 0 if none.
func (a *analyzer) letterOf(i int) byte {
	t := &a.toks[i]
	if t.kind != tkWord || t.span != 0 {
		return 0
	}
	return t.letter
}

// collector gathers the letters and digits of a spelled-out code: written
// groups ("DK50", "0040"), spoken letters and digit words.
type collector struct {
	buf [40]byte
	n   int
}

func (c *collector) add(b byte) bool {
	if c.n == len(c.buf) {
		return false
	}
	c.buf[c.n] = b
	c.n++
	return true
}

// alnumAt appends the characters of the tokens from k to c and returns how
// many tokens it read (0: none could be read). A number said in words
// ("seventy four") gives its digits.
func (a *analyzer) alnumAt(k int, c *collector, rep *int) int {
	t := &a.toks[k]
	if t.kind == tkWord && t.cls == clTens && t.span == 0 {
		v, next, _ := a.below100(k, len(a.toks))
		for r := 0; r < *rep; r++ {
			c.add('0' + byte(v/10))
			c.add('0' + byte(v%10))
		}
		*rep = 1
		return next - k
	}
	if a.alnum(k, c, rep) {
		return 1
	}
	return 0
}

// alnum appends the characters of token k to c and reports whether it could.
// Written words of up to 4 letters count (bank codes "WEST"), spoken letters
// and digit words too; fillers and "-" are skipped.
func (a *analyzer) alnum(k int, c *collector, rep *int) bool {
	t := &a.toks[k]
	if t.span != 0 {
		return false
	}
	switch t.kind {
	case tkDigits:
		for b := t.start; b < t.end; b++ {
			for r := 0; r < *rep; r++ {
				if !c.add(a.s[b]) {
					return false
				}
			}
		}
		*rep = 1
		return true
	case tkPunct:
		return a.punctIs(k, "-")
	case tkWord:
		switch {
		case t.cls == clFiller:
			return true
		case t.cls == clMult:
			*rep = int(t.val)
			return true
		case t.cls == clDigit || t.cls == clWeak && t.letter == 0:
			for r := 0; r < *rep; r++ {
				c.add('0' + t.val)
			}
			*rep = 1
			return true
		case t.letter != 0:
			c.add(upper(t.letter))
			return true
		case t.end-t.start <= 4 && asciiLetters(a.s[t.start:t.end]) && (!t.sp || isAllUpper(a.s[t.start:t.end])):
			for b := t.start; b < t.end; b++ {
				c.add(upper(a.s[b]))
			}
			return true
		}
	}
	return false
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func asciiLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIILetter(s[i]) {
			return false
		}
	}
	return s != ""
}

func isAllUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('A' <= s[i] && s[i] <= 'Z') {
			return false
		}
	}
	return s != ""
}

// ---- IBAN ----

// ibanLengths are the IBAN lengths of the countries callers most often give.
var ibanLengths = map[string]int{
	"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
	"EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GL": 18, "GR": 27, "HR": 21,
	"HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MT": 31,
	"NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "UA": 29,
}

// ibans claims IBANs, written ("DK50 0040 0440 1162 43") or spoken ("d k
// five zero …"), that pass the mod-97 check; after a bank cue a code of the
// right shape is claimed even when an ASR error broke the check.
func (a *analyzer) ibans() {
	n := len(a.toks)
	for i := 0; i < n; i++ {
		if a.toks[i].span != 0 || a.toks[i].kind != tkWord {
			continue
		}
		var c collector
		rep := 1
		k := i
		lastAt := unsetIndexes()
		for k < n && c.n < 34 {
			m := a.alnumAt(k, &c, &rep)
			if m == 0 {
				break
			}
			k += m
			if c.n > 0 && c.n <= len(lastAt) {
				for x := c.n - 1; x >= 0 && lastAt[x] < 0; x-- {
					lastAt[x] = k - 1
				}
			}
		}
		if c.n < 15 || !isUpperAZ(c.buf[0]) || !isUpperAZ(c.buf[1]) || !isDigitB(c.buf[2]) || !isDigitB(c.buf[3]) {
			continue
		}
		want, ok := ibanLengths[string(c.buf[:2])]
		if !ok || c.n < want {
			continue
		}
		end := lastAt[want-1]
		if end < 0 {
			continue
		}
		cue, _ := a.cueBefore(i)
		if cue == "NEG" {
			continue
		}
		if mod97(c.buf[:want]) || cue == TypeBankAccount {
			a.claim(i, end, TypeBankAccount)
			i = end
		}
	}
}

// unsetIndexes returns token indexes per collected character, all unset.
func unsetIndexes() [40]int {
	var x [40]int
	for i := range x {
		x[i] = -1
	}
	return x
}

func isUpperAZ(c byte) bool { return 'A' <= c && c <= 'Z' }
func isDigitB(c byte) bool  { return '0' <= c && c <= '9' }

// mod97 reports whether an IBAN passes the ISO 13616 check: the first four
// characters moved to the end, letters as 10–35, the number mod 97 is 1.
func mod97(iban []byte) bool {
	rem := 0
	step := func(c byte) bool {
		switch {
		case isDigitB(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpperAZ(c):
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
		return true
	}
	for _, c := range iban[4:] {
		if !step(c) {
			return false
		}
	}
	for _, c := range iban[:4] {
		if !step(c) {
			return false
		}
	}
	return rem == 1
}

// ---- UK National Insurance numbers ----

// niNumbers claims UK National Insurance numbers: two prefix letters, six
// digits and a suffix letter A–D, written ("AB 12 34 56 C", "AB123456C") or
// spoken ("a b one two three four five six c").
func (a *analyzer) niNumbers() {
	n := len(a.toks)
	for i := 0; i < n; i++ {
		t := &a.toks[i]
		if t.span != 0 || t.kind != tkWord {
			continue
		}
		var c collector
		rep := 1
		for k := i; k < n && c.n < 9; {
			m := a.alnumAt(k, &c, &rep)
			if m == 0 {
				break
			}
			k += m
		}
		if c.n < 8 || !niPrefix(c.buf[0], c.buf[1]) {
			continue
		}
		if cue, _ := a.cueBefore(i); cue == "NEG" {
			continue // "tracking number r r five four …"
		}
		ok := true
		for m := 2; m < 8; m++ {
			ok = ok && isDigitB(c.buf[m])
		}
		if !ok {
			continue
		}
		want := 8
		if c.n == 9 && c.buf[8] >= 'A' && c.buf[8] <= 'D' {
			want = 9
		}
		if end := a.tokenOfChar(i, want); end >= 0 {
			a.claim(i, end, TypeNationalID)
			i = end
		}
	}
}

// tokenOfChar returns the token at which the collector, run from i, holds
// want characters.
func (a *analyzer) tokenOfChar(i, want int) int {
	var c collector
	rep := 1
	for k := i; k < len(a.toks); {
		m := a.alnumAt(k, &c, &rep)
		if m == 0 {
			break
		}
		k += m
		if c.n >= want {
			return k - 1
		}
	}
	return -1
}

// niPrefix reports whether two letters can start a National Insurance number.
func niPrefix(x, y byte) bool {
	if !isUpperAZ(x) || !isUpperAZ(y) || strings.IndexByte("DFIQUV", x) >= 0 || strings.IndexByte("DFIOQUV", y) >= 0 {
		return false
	}
	switch string([]byte{x, y}) {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	return true
}
