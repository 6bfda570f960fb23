package main

import (
	"fmt"
	"strings"
)

// ---- payment cards ----

type brand struct {
	name     string   // as a formatter writes it
	prefixes []string // issuer prefixes (IIN ranges, sampled)
	lengths  []int
}

var brands = []brand{
	{"Visa", []string{"4"}, []int{16, 16, 16, 13}},
	{"Visa", []string{"4026", "4508", "4844"}, []int{16}},
	{"Mastercard", []string{"51", "52", "53", "54", "55", "2221", "2300", "2720"}, []int{16}},
	{"Amex", []string{"34", "37"}, []int{15}},
	{"Discover", []string{"6011", "65", "644"}, []int{16}},
	{"Diners Club", []string{"36", "38", "300", "305"}, []int{14}},
	{"JCB", []string{"3528", "3540", "3589"}, []int{16}},
	{"Maestro", []string{"6759", "5018", "6304"}, []int{19, 16}},
	{"UnionPay", []string{"62"}, []int{19, 16}},
	{"Dankort", []string{"5019"}, []int{16}},
}

type card struct {
	digits string
	brand  brand
}

func (g *gen) newCard() card {
	b := pick(g.r, brands)
	n := pick(g.r, b.lengths)
	p := pick(g.r, b.prefixes)
	payload := p + g.r.digits(n-1-len(p))
	return card{digits: payload + string(luhnCheck(payload)), brand: b}
}

// cardGroups is how the digits are printed on the card.
func cardGroups(n int) []int {
	switch n {
	case 13:
		return []int{4, 3, 3, 3}
	case 14:
		return []int{4, 6, 4}
	case 15:
		return []int{4, 6, 5}
	case 19:
		return []int{4, 4, 4, 4, 3}
	}
	return []int{4, 4, 4, 4}
}

func (g *gen) cardText(c card, st style) string {
	groups := cardGroups(len(c.digits))
	if st == styleASR {
		return g.sayDigits(c.digits, groups)
	}
	switch k := g.r.intn(20); {
	case k < 13:
		return groupDigits(c.digits, groups, " ")
	case k < 16:
		return groupDigits(c.digits, groups, "-")
	}
	return c.digits
}

func (g *gen) cvvText(c card, st style) string {
	n := 3
	if c.brand.name == "Amex" {
		n = 4
	}
	ds := g.r.digits(n)
	if st == styleDigits {
		return ds
	}
	if n == 3 && ds[1] != '0' && g.r.chance(0.12) {
		// "three forty seven"
		return digitWord[ds[0]-'0'] + " " + below100(atoi(ds[1:]))
	}
	return g.sayDigits(ds, nil)
}

func (g *gen) expiryText(st style) string {
	m := g.r.between(1, 12)
	y := g.r.between(2025, 2032)
	yy := y % 100
	if st == styleDigits {
		switch g.r.intn(8) {
		case 0, 1, 2:
			return fmt.Sprintf("%02d/%02d", m, yy)
		case 3:
			return fmt.Sprintf("%02d/%d", m, y)
		case 4:
			return fmt.Sprintf("%d/%02d", m, yy)
		case 5:
			return fmt.Sprintf("%02d-%02d", m, yy)
		case 6:
			return fmt.Sprintf("%s %d", strings.ToUpper(monthNames[m][:1])+monthNames[m][1:], y)
		}
		return fmt.Sprintf("%s %d", monthShort[m], y)
	}
	switch g.r.intn(7) {
	case 0, 1:
		return g.twoDigitWords(m) + " " + below100(yy)
	case 2:
		return g.sayDigits(fmt.Sprintf("%02d%02d", m, yy), []int{2, 2})
	case 3:
		return monthNames[m] + " " + g.yearWords(y)
	case 4:
		return monthNames[m] + " " + below100(yy)
	case 5:
		return g.twoDigitWords(m) + " slash " + below100(yy)
	}
	return below100(m) + " " + below100(yy)
}

// ---- phones ----

func (g *gen) phoneText(st style) string {
	switch g.r.intn(10) {
	case 0, 1, 2:
		return g.phoneDK(st)
	case 3, 4:
		return g.phoneUK(st)
	case 5, 6:
		return g.phoneUS(st)
	case 7, 8:
		return g.phoneEE(st)
	}
	return g.phoneOther(st)
}

func (g *gen) phoneDK(st style) string {
	ds := string(byte('2'+g.r.intn(8))) + g.r.digits(7)
	intl := g.r.chance(0.4)
	if st == styleDigits {
		switch {
		case intl && g.r.chance(0.7):
			return "+45 " + groupDigits(ds, []int{2, 2, 2, 2}, " ")
		case intl:
			return "+45" + ds
		case g.r.chance(0.6):
			return groupDigits(ds, []int{2, 2, 2, 2}, " ")
		}
		return ds
	}
	pre := ""
	if intl {
		pre = "plus four five "
		if g.r.chance(0.2) {
			pre = "plus forty five "
		}
	}
	if g.r.chance(0.35) {
		return pre + g.sayPairs(ds)
	}
	return pre + g.sayDigits(ds, []int{2, 2, 2, 2})
}

func (g *gen) phoneUK(st style) string {
	var ds string
	var groups []int
	if g.r.chance(0.7) {
		ds = "07" + string(byte('4'+g.r.intn(6))) + g.r.digits(8)
		groups = []int{5, 6}
	} else {
		switch g.r.intn(3) {
		case 0:
			ds = "020" + string(byte('3'+g.r.intn(6))) + g.r.digits(7)
			groups = []int{3, 4, 4}
		case 1:
			ds = "0161" + string(byte('2'+g.r.intn(7))) + g.r.digits(6)
			groups = []int{4, 3, 4}
		default:
			ds = "0113" + string(byte('2'+g.r.intn(7))) + g.r.digits(6)
			groups = []int{4, 3, 4}
		}
	}
	intl := g.r.chance(0.25)
	if st == styleDigits {
		if intl {
			rest := ds[1:]
			if len(groups) == 2 { // mobile: +44 7700 900123
				return "+44 " + rest[:4] + " " + rest[4:]
			}
			return "+44 " + groupDigits(rest, []int{groups[0] - 1, groups[1], groups[2]}, " ")
		}
		if g.r.chance(0.75) {
			return groupDigits(ds, groups, " ")
		}
		return ds
	}
	if intl {
		return "plus four four " + g.sayDigits(ds[1:], []int{groups[0] - 1, 3, 3})
	}
	return g.sayDigits(ds, groups)
}

func (g *gen) phoneUS(st style) string {
	area := fmt.Sprintf("%d%d%d", g.r.between(2, 9), g.r.intn(10), g.r.between(1, 9))
	exch := fmt.Sprintf("%d%d%d", g.r.between(2, 9), g.r.between(2, 9), g.r.intn(10))
	if g.r.chance(0.3) {
		exch = "555"
	}
	line := g.r.digits(4)
	intl := g.r.chance(0.2)
	if st == styleDigits {
		pre := ""
		if intl {
			pre = "+1 "
		}
		switch g.r.intn(4) {
		case 0:
			return pre + "(" + area + ") " + exch + "-" + line
		case 1:
			return pre + area + "-" + exch + "-" + line
		case 2:
			return pre + area + " " + exch + " " + line
		}
		return pre + area + "." + exch + "." + line
	}
	pre := ""
	if intl {
		pre = "plus one "
	}
	return pre + g.sayDigits(area+exch+line, []int{3, 3, 4})
}

func (g *gen) phoneEE(st style) string {
	n := 7
	if g.r.chance(0.6) {
		n = 8
	}
	ds := "5" + g.r.digits(n-1)
	intl := g.r.chance(0.5)
	groups := []int{3, 4}
	if n == 8 {
		groups = []int{4, 4}
	}
	if st == styleDigits {
		pre := ""
		if intl {
			pre = "+372 "
		}
		if g.r.chance(0.8) {
			return pre + groupDigits(ds, groups, " ")
		}
		return pre + ds
	}
	pre := ""
	if intl {
		pre = "plus three seven two "
	}
	return pre + g.sayDigits(ds, groups)
}

func (g *gen) phoneOther(st style) string {
	if g.r.chance(0.5) { // German mobile
		ds := "15" + string(byte('1'+g.r.intn(9))) + g.r.digits(8)
		if st == styleDigits {
			if g.r.chance(0.5) {
				return "+49 " + ds[:3] + " " + ds[3:]
			}
			return "0" + ds[:3] + " " + ds[3:]
		}
		return "plus four nine " + g.sayDigits(ds, []int{3, 4, 4})
	}
	ds := "07" + string(byte('0'+g.r.intn(4))) + g.r.digits(7) // Swedish mobile
	if st == styleDigits {
		if g.r.chance(0.5) {
			return "+46 " + ds[1:3] + " " + ds[3:6] + " " + ds[6:8] + " " + ds[8:]
		}
		return ds[:3] + "-" + ds[3:6] + " " + ds[6:8] + " " + ds[8:]
	}
	return g.sayDigits(ds, []int{3, 3, 2, 2})
}

// ---- e-mail ----

type person struct{ first, last string }

func (g *gen) newPerson() person {
	return person{pick(g.r, firstNames), pick(g.r, surnames)}
}

func (g *gen) personText(p person, part string, st style) string {
	var s string
	switch part {
	case "first":
		s = p.first
	case "last":
		s = p.last
	default:
		s = p.first + " " + p.last
	}
	if st == styleASR {
		return fold(s)
	}
	return s
}

// spelledName spells a name letter by letter ("h a n s e n").
func (g *gen) spelledName(name string, st style) string {
	f := fold(name)
	if st == styleDigits {
		return strings.ToUpper(strings.Join(strings.Split(f, ""), "-"))
	}
	return strings.Join(strings.Split(f, ""), " ")
}

// email returns the address as written and, for ASR, as a recogniser
// writes it when it is spoken ("john dot doe at gmail dot com").
func (g *gen) emailText(p person, st style) string {
	first, last := fold(p.first), fold(p.last)
	first = strings.ReplaceAll(first, " ", "")
	last = strings.ReplaceAll(last, " ", "")
	var parts []string // local part pieces with separators as their own pieces
	num := ""
	if g.r.chance(0.3) {
		if g.r.chance(0.5) {
			num = fmt.Sprintf("%d", g.r.between(60, 99))
		} else {
			num = fmt.Sprintf("%d", g.r.between(1, 9))
		}
	}
	switch g.r.intn(7) {
	case 0, 1:
		parts = []string{first, ".", last}
	case 2:
		parts = []string{first[:1], ".", last}
	case 3:
		parts = []string{first, "_", last}
	case 4:
		parts = []string{first + last}
	case 5:
		parts = []string{first}
	default:
		parts = []string{last, "-", first}
	}
	if num != "" {
		parts = append(parts, num)
	}
	domain := pick(g.r, emailDomains)
	if st == styleDigits {
		return strings.Join(parts, "") + "@" + domain
	}
	var words []string
	for _, p := range parts {
		switch {
		case p == ".":
			words = append(words, "dot")
		case p == "_":
			words = append(words, "underscore")
		case p == "-":
			words = append(words, pick(g.r, []string{"dash", "hyphen"}))
		case p[0] >= '0' && p[0] <= '9':
			if len(p) == 2 && g.r.chance(0.6) {
				words = append(words, below100(atoi(p)))
			} else {
				words = append(words, g.sayDigits(p, nil))
			}
		case len(p) == 1:
			words = append(words, p)
		case len(p) <= 5 && g.r.chance(0.1):
			words = append(words, strings.Join(strings.Split(p, ""), " "))
		case p == first+last:
			words = append(words, first, last) // the recogniser splits it
		default:
			words = append(words, p)
		}
	}
	words = append(words, "at")
	for i, d := range strings.Split(domain, ".") {
		if i > 0 {
			words = append(words, "dot")
		}
		switch {
		case d == "gmail" && g.r.chance(0.3):
			words = append(words, "g", "mail")
		case d == "hotmail" && g.r.chance(0.3):
			words = append(words, "hot", "mail")
		default:
			words = append(words, d)
		}
	}
	return strings.Join(words, " ")
}

// ---- national identifiers ----

type date struct{ y, m, d int }

func (g *gen) birthDate(from, to int) date {
	y := g.r.between(from, to)
	m := g.r.between(1, 12)
	return date{y, m, g.r.between(1, daysIn(y, m))}
}

func (g *gen) cprDigits(dt date) string {
	cs := cprCenturyDigits(dt.y)
	return fmt.Sprintf("%02d%02d%02d", dt.d, dt.m, dt.y%100) + string(pick(g.r, cs)) + g.r.digits(3)
}

// cprText writes the CPR number of someone born on dt.
func (g *gen) cprText(dt date, st style) string {
	ds := g.cprDigits(dt)
	if st == styleDigits {
		switch g.r.intn(5) {
		case 0, 1, 2:
			return ds[:6] + "-" + ds[6:]
		case 3:
			return ds[:6] + " " + ds[6:]
		}
		return ds
	}
	switch g.r.intn(6) {
	case 0:
		return g.sayPairs(ds[:6]) + " dash " + g.sayPairs(ds[6:])
	case 1:
		return g.sayPairs(ds[:6]) + " " + g.sayDigits(ds[6:], nil)
	case 2:
		return g.sayDigits(ds[:6], []int{2, 2, 2}) + " dash " + g.sayDigits(ds[6:], nil)
	}
	return g.sayDigits(ds, []int{6, 4})
}

func (g *gen) isikukoodDigits() string {
	dt := g.birthDate(1935, 2015)
	gd := 3
	if dt.y >= 2000 {
		gd = 5
	}
	if g.r.chance(0.5) {
		gd++ // even: female
	}
	first10 := fmt.Sprintf("%d%02d%02d%02d", gd, dt.y%100, dt.m, dt.d) + g.r.digits(3)
	return first10 + string(isikukoodCheck(first10))
}

func (g *gen) isikukoodText(st style) string {
	ds := g.isikukoodDigits()
	if st == styleDigits {
		if g.r.chance(0.15) {
			return ds[:1] + " " + ds[1:7] + " " + ds[7:]
		}
		return ds
	}
	if g.r.chance(0.2) {
		return digitWord[ds[0]-'0'] + " " + g.sayPairs(ds[1:7]) + " " + g.sayDigits(ds[7:], nil)
	}
	return g.sayDigits(ds, []int{1, 6, 4})
}

func (g *gen) ssnDigits() string {
	area := g.r.between(1, 899)
	for area == 666 {
		area = g.r.between(1, 899)
	}
	return fmt.Sprintf("%03d%02d%04d", area, g.r.between(1, 99), g.r.between(1, 9999))
}

func (g *gen) ssnText(st style) string {
	ds := g.ssnDigits()
	if st == styleDigits {
		if g.r.chance(0.75) {
			return ds[:3] + "-" + ds[3:5] + "-" + ds[5:]
		}
		return ds[:3] + " " + ds[3:5] + " " + ds[5:]
	}
	if g.r.chance(0.15) {
		return g.sayDigits(ds[:3], nil) + " dash " + g.sayDigits(ds[3:5], nil) + " dash " + g.sayDigits(ds[5:], nil)
	}
	return g.sayDigits(ds, []int{3, 2, 4})
}

func (g *gen) ninoValue() string {
	const first = "ABCEGHJKLMNOPRSTWXYZ"
	const second = "ABCEGHJKLMNPRSTWXYZ"
	for {
		p := string([]byte{first[g.r.intn(len(first))], second[g.r.intn(len(second))]})
		s := p + g.r.digits(6) + string(byte('A'+g.r.intn(4)))
		if ninoValid(s) {
			return s
		}
	}
}

func (g *gen) ninoText(st style) string {
	s := g.ninoValue()
	if st == styleDigits {
		if g.r.chance(0.6) {
			return s[:2] + " " + s[2:4] + " " + s[4:6] + " " + s[6:8] + " " + s[8:]
		}
		return s
	}
	letters := g.spellLetters(s[:2])
	suffix := g.spellLetters(s[8:])
	if g.r.chance(0.3) {
		return letters + " " + g.sayPairs(s[2:8]) + " " + suffix
	}
	return letters + " " + g.sayDigits(s[2:8], []int{2, 2, 2}) + " " + suffix
}

// ---- bank accounts ----

type ibanFormat struct {
	country string
	bank    []string // bank codes to choose from; "" means digits
	bankLen int
	digits  int // further digits after the bank code
}

var ibanFormats = []ibanFormat{
	{"DK", nil, 4, 10},
	{"DK", nil, 4, 10},
	{"EE", []string{"22", "10", "42", "17"}, 0, 14},
	{"EE", []string{"22", "10", "77"}, 0, 14},
	{"GB", []string{"NWBK", "BARC", "LOYD", "HBUK", "MIDL"}, 0, 14},
	{"DE", nil, 8, 10},
	{"NL", []string{"ABNA", "INGB", "RABO"}, 0, 10},
	{"FI", nil, 6, 8},
	{"NO", nil, 4, 7},
	{"SE", nil, 3, 17},
	{"IE", []string{"AIBK", "BOFI"}, 0, 14},
	{"FR", nil, 10, 13},
}

func (g *gen) ibanValue() string {
	f := pick(g.r, ibanFormats)
	bank := g.r.digits(f.bankLen)
	if f.bank != nil {
		bank = pick(g.r, f.bank)
	}
	return makeIBAN(f.country, bank+g.r.digits(f.digits))
}

func (g *gen) ibanText(st style) string {
	iban := g.ibanValue()
	if st == styleDigits {
		if g.r.chance(0.7) {
			return groupDigits(iban, []int{4, 4, 4, 4, 4, 4, 4, 4}, " ")
		}
		return iban
	}
	// Letters spelled, digits read in the printed groups of four.
	var words []string
	for i := 0; i < len(iban); i += 4 {
		grp := iban[i:min(i+4, len(iban))]
		if i > 0 && g.r.chance(g.fillerRate/2) {
			words = append(words, g.filler())
		}
		j := 0
		for j < len(grp) {
			k := j
			isDigit := grp[j] >= '0' && grp[j] <= '9'
			for k < len(grp) && (grp[k] >= '0' && grp[k] <= '9') == isDigit {
				k++
			}
			if isDigit {
				words = append(words, g.sayDigits(grp[j:k], nil))
			} else {
				words = append(words, g.spellLetters(grp[j:k]))
			}
			j = k
		}
	}
	return strings.Join(words, " ")
}

// accountText returns an account number read as such: "acct" is the
// account number, "sort" a UK sort code, "reg" a Danish registration
// number, "routing" a US routing number.
func (g *gen) accountText(kind string, st style) string {
	var ds string
	var groups []int
	switch kind {
	case "sort":
		ds = g.r.digits(6)
		if st == styleDigits {
			return ds[:2] + "-" + ds[2:4] + "-" + ds[4:]
		}
		if g.r.chance(0.4) {
			return g.sayPairs(ds)
		}
		return g.sayDigits(ds, []int{2, 2, 2})
	case "reg":
		ds = string(byte('1'+g.r.intn(9))) + g.r.digits(3)
		groups = []int{4}
	case "routing":
		first8 := "0" + string(byte('1'+g.r.intn(9))) + g.r.digits(6)
		ds = first8 + string(abaCheck(first8))
		groups = []int{3, 3, 3}
	case "ukacct":
		ds = g.r.digits(8)
		groups = []int{4, 4}
	case "dkacct":
		ds = g.r.digits(10)
		groups = []int{4, 6}
	default:
		ds = g.r.digits(g.r.between(8, 12))
		groups = []int{4, 4, 4}
	}
	if st == styleDigits {
		if g.r.chance(0.2) && len(ds) > 8 {
			return groupDigits(ds, []int{4, 4, 4}, " ")
		}
		return ds
	}
	return g.sayDigits(ds, groups)
}

// ---- dates ----

// dateText writes a date as a caller says it or a formatter prints it.
// withYear false leaves the year out ("the fifth of june").
func (g *gen) dateText(dt date, st style, withYear bool) string {
	month := monthNames[dt.m]
	title := strings.ToUpper(month[:1]) + month[1:]
	if st == styleDigits {
		if !withYear {
			switch g.r.intn(3) {
			case 0:
				return fmt.Sprintf("%d %s", dt.d, title)
			case 1:
				return fmt.Sprintf("%s %s", title, ordinalSuffix(dt.d))
			}
			return fmt.Sprintf("%s of %s", ordinalSuffix(dt.d), title)
		}
		switch g.r.intn(9) {
		case 0, 1:
			return fmt.Sprintf("%02d/%02d/%d", dt.d, dt.m, dt.y)
		case 2:
			return fmt.Sprintf("%02d-%02d-%d", dt.d, dt.m, dt.y)
		case 3:
			return fmt.Sprintf("%02d.%02d.%d", dt.d, dt.m, dt.y)
		case 4:
			return fmt.Sprintf("%d-%02d-%02d", dt.y, dt.m, dt.d)
		case 5:
			return fmt.Sprintf("%d %s %d", dt.d, title, dt.y)
		case 6:
			return fmt.Sprintf("%s %d, %d", title, dt.d, dt.y)
		case 7:
			return fmt.Sprintf("%s of %s %d", ordinalSuffix(dt.d), title, dt.y)
		}
		return fmt.Sprintf("%d/%d/%02d", dt.d, dt.m, dt.y%100)
	}
	year := ""
	if withYear {
		if g.r.chance(0.25) {
			year = " " + below100(dt.y%100)
			if dt.y%100 < 10 {
				year = " " + g.twoDigitWords(dt.y%100)
			}
		} else {
			year = " " + g.yearWords(dt.y)
		}
	}
	switch g.r.intn(7) {
	case 0, 1, 2:
		return ordinalWord(dt.d) + " of " + month + year
	case 3:
		return month + " " + ordinalWord(dt.d) + year
	case 4:
		return month + " " + below100(dt.d) + year
	case 5:
		if withYear {
			return g.sayDigits(fmt.Sprintf("%02d%02d%d", dt.d, dt.m, dt.y), []int{2, 2, 4})
		}
		return ordinalWord(dt.d) + " " + month
	}
	if withYear {
		return below100(dt.d) + " " + g.twoDigitWords(dt.m) + year
	}
	return ordinalWord(dt.d) + " of " + month
}

// ---- addresses ----

func (g *gen) houseNumber() int {
	switch g.r.intn(4) {
	case 0:
		return g.r.between(1, 9)
	case 1, 2:
		return g.r.between(10, 99)
	}
	return g.r.between(100, 399)
}

// sayHouse reads a house number: "forty two", "two twenty one",
// "one hundred and five".
func (g *gen) sayHouse(n int) string {
	if n >= 100 && g.r.chance(0.5) && n%100 >= 10 {
		return digitWord[n/100] + " " + below100(n%100)
	}
	return cardinal(n, true)
}

func (g *gen) addressText(st style) string {
	switch g.r.intn(10) {
	case 0, 1, 2, 3:
		return g.addressUK(st)
	case 4, 5:
		return g.addressDK(st)
	case 6, 7:
		return g.addressEE(st)
	}
	return g.addressUS(st)
}

func (g *gen) ukPostcode(area string) string {
	const unit = "ABDEFGHJLNPQRSTUWXYZ"
	return fmt.Sprintf("%s%d %d%c%c", area, g.r.between(1, 19), g.r.intn(10), unit[g.r.intn(len(unit))], unit[g.r.intn(len(unit))])
}

func (g *gen) addressUK(st style) string {
	s := pick(g.r, ukStreets)
	n := g.houseNumber()
	suffix := ""
	if n < 300 && g.r.chance(0.1) {
		suffix = string(byte('a' + g.r.intn(3)))
	}
	town := pick(g.r, ukTowns)
	pc := g.ukPostcode(town.area)
	tail := g.r.intn(4) // 0: street only, 1: + town, 2: + postcode, 3: + town and postcode
	flat := g.r.chance(0.12)
	flatN := g.r.between(1, 24)
	if st == styleDigits {
		var b strings.Builder
		if flat {
			fmt.Fprintf(&b, "Flat %d, ", flatN)
		}
		fmt.Fprintf(&b, "%d%s %s %s", n, suffix, s.name, s.kind)
		if tail == 1 || tail == 3 {
			b.WriteString(", " + town.city)
		}
		if tail >= 2 {
			b.WriteString(" " + pc)
		}
		return b.String()
	}
	var w []string
	if flat {
		w = append(w, "flat", cardinal(flatN, false))
	}
	num := g.sayHouse(n)
	if suffix != "" {
		num += " " + suffix
	}
	w = append(w, num, strings.ToLower(strings.ReplaceAll(s.name, "'", "")), strings.ToLower(s.kind))
	if tail == 1 || tail == 3 {
		w = append(w, strings.ToLower(town.city))
	}
	if tail >= 2 {
		w = append(w, g.spellLetters(strings.ReplaceAll(pc, " ", "")))
	}
	return strings.Join(w, " ")
}

func (g *gen) addressDK(st style) string {
	s := pick(g.r, dkStreets)
	n := g.r.between(1, 180)
	town := pick(g.r, dkTowns)
	withTown := g.r.chance(0.6)
	floor := g.r.chance(0.25)
	fl := g.r.between(1, 5)
	side := pick(g.r, []string{"th", "tv", "mf"})
	if st == styleDigits {
		out := fmt.Sprintf("%s %d", s, n)
		if floor {
			out += fmt.Sprintf(", %d. %s.", fl, side)
		}
		if withTown {
			out += ", " + town.zip + " " + town.city
		}
		return out
	}
	w := []string{fold(s), g.sayHouse(n)}
	if floor {
		sideSaid := map[string]string{"th": "right", "tv": "left", "mf": "middle"}[side]
		w = append(w, ordinalWord(fl), "floor", sideSaid)
	}
	if withTown {
		if g.r.chance(0.5) {
			w = append(w, g.sayDigits(town.zip, nil))
		} else {
			w = append(w, g.sayPairs(town.zip))
		}
		w = append(w, town.said)
	}
	return strings.Join(w, " ")
}

func (g *gen) addressEE(st style) string {
	s := pick(g.r, eeStreets)
	n := g.r.between(1, 140)
	town := pick(g.r, eeTowns)
	zip := town.zip2 + g.r.digits(3)
	withTown := g.r.chance(0.6)
	apt := g.r.chance(0.3)
	aptN := g.r.between(1, 60)
	if st == styleDigits {
		out := fmt.Sprintf("%s %s %d", s.name, s.kind, n)
		if apt {
			out += fmt.Sprintf("-%d", aptN)
		}
		if withTown {
			out += ", " + zip + " " + town.city
		}
		return out
	}
	w := []string{fold(s.name), s.kindSaid, g.sayHouse(n)}
	if apt {
		w = append(w, "apartment", cardinal(aptN, false))
	}
	if withTown {
		w = append(w, g.sayDigits(zip, nil), fold(town.city))
	}
	return strings.Join(w, " ")
}

func (g *gen) addressUS(st style) string {
	s := pick(g.r, usStreets)
	n := g.r.between(100, 9899)
	town := pick(g.r, usTowns)
	zip := town.zip3 + g.r.digits(2)
	withTown := g.r.chance(0.6)
	if st == styleDigits {
		out := fmt.Sprintf("%d %s %s", n, s.name, s.kind)
		if withTown {
			out += fmt.Sprintf(", %s, %s %s", town.city, town.state, zip)
		}
		return out
	}
	var num string
	switch {
	case n >= 1000 && n%100 >= 10 && g.r.chance(0.7):
		num = below100(n/100) + " " + below100(n%100)
	case n < 1000 && n%100 >= 10:
		num = digitWord[n/100] + " " + below100(n%100)
	default:
		num = cardinal(n, false)
	}
	w := []string{num, strings.ToLower(s.name), strings.ToLower(s.kind)}
	if withTown {
		w = append(w, strings.ToLower(town.city), town.stateWord, g.sayDigits(zip, nil))
	}
	return strings.Join(w, " ")
}
