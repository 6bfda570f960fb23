package main

import (
	"fmt"
	"math/big"
	"strings"
)

// luhnCheck returns the Luhn check digit for payload (the digits before the
// check digit).
func luhnCheck(payload string) byte {
	sum := 0
	// The check digit will sit at position 0 from the right, so the
	// payload's rightmost digit is doubled.
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if (len(payload)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// luhnValid reports whether the digit string passes the Luhn check.
func luhnValid(ds string) bool {
	if len(ds) < 2 {
		return false
	}
	return luhnCheck(ds[:len(ds)-1]) == ds[len(ds)-1]
}

// ibanNumeric turns an IBAN rearranged for checking (BBAN + country + check
// digits) into its decimal form, letters A–Z becoming 10–35 (ISO 13616).
func ibanNumeric(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			fmt.Fprintf(&b, "%d", c-'A'+10)
		}
	}
	return b.String()
}

func mod97(numeric string) int {
	n, ok := new(big.Int).SetString(numeric, 10)
	if !ok {
		panic("mod97: not a number: " + numeric)
	}
	return int(new(big.Int).Mod(n, big.NewInt(97)).Int64())
}

// makeIBAN returns the IBAN for a country code and BBAN, with the two check
// digits computed by ISO 7064 MOD 97-10.
func makeIBAN(country, bban string) string {
	check := 98 - mod97(ibanNumeric(bban+country+"00"))
	return fmt.Sprintf("%s%02d%s", country, check, bban)
}

// ibanValid reports whether an IBAN (no spaces) passes the mod-97 check.
func ibanValid(iban string) bool {
	if len(iban) < 5 {
		return false
	}
	return mod97(ibanNumeric(iban[4:]+iban[:4])) == 1
}

// isikukoodCheck returns the check digit of an Estonian personal
// identification code from its first ten digits (EVS 585:2007): weights
// 1…9,1; if the remainder mod 11 is 10, weights 3…9,1,2,3; if that is 10
// too, the check digit is 0.
func isikukoodCheck(first10 string) byte {
	w1 := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 1}
	w2 := []int{3, 4, 5, 6, 7, 8, 9, 1, 2, 3}
	sum := func(w []int) int {
		s := 0
		for i := range 10 {
			s += int(first10[i]-'0') * w[i]
		}
		return s % 11
	}
	r := sum(w1)
	if r == 10 {
		r = sum(w2)
		if r == 10 {
			r = 0
		}
	}
	return byte('0' + r)
}

// isikukoodValid reports whether an 11-digit code has a valid check digit
// and a real date.
func isikukoodValid(code string) bool {
	if len(code) != 11 || strings.Trim(code, "0123456789") != "" {
		return false
	}
	g := int(code[0] - '0')
	if g < 1 || g > 6 {
		return false
	}
	century := 1800 + 100*((g-1)/2)
	y := century + atoi(code[1:3])
	if !validDate(y, atoi(code[3:5]), atoi(code[5:7])) {
		return false
	}
	return isikukoodCheck(code[:10]) == code[10]
}

// cprCenturyDigits returns the seventh digits of a Danish CPR number that
// are valid for a birth year (the CPR office's century rule).
func cprCenturyDigits(year int) []byte {
	yy := year % 100
	var ds []byte
	switch {
	case year >= 1900 && year <= 1999:
		ds = append(ds, '0', '1', '2', '3')
		if yy >= 37 {
			ds = append(ds, '4', '9')
		}
	case year >= 2000 && year <= 2036:
		ds = append(ds, '4', '5', '6', '7', '8', '9')
	case year >= 2037 && year <= 2057:
		ds = append(ds, '5', '6', '7', '8')
	case year >= 1858 && year <= 1899:
		ds = append(ds, '5', '6', '7', '8')
	}
	return ds
}

// cprValid reports whether ten digits ddmmyyssss form a CPR number with a
// real date and a century digit consistent with some birth year.
func cprValid(ds string) bool {
	if len(ds) != 10 || strings.Trim(ds, "0123456789") != "" {
		return false
	}
	d, m, yy := atoi(ds[0:2]), atoi(ds[2:4]), atoi(ds[4:6])
	for _, century := range []int{1800, 1900, 2000} {
		y := century + yy
		if !validDate(y, m, d) {
			continue
		}
		for _, c := range cprCenturyDigits(y) {
			if c == ds[6] {
				return true
			}
		}
	}
	return false
}

// ssnValid reports whether nine digits form a US Social Security number
// that can be issued: area 001–899 but not 666, group 01–99, serial
// 0001–9999.
func ssnValid(ds string) bool {
	if len(ds) != 9 || strings.Trim(ds, "0123456789") != "" {
		return false
	}
	area, group, serial := atoi(ds[:3]), atoi(ds[3:5]), atoi(ds[5:])
	return area >= 1 && area <= 899 && area != 666 && group >= 1 && serial >= 1
}

// ninoValid reports whether s (no spaces, upper case) is a UK National
// Insurance number with an allocated prefix and suffix A–D.
func ninoValid(s string) bool {
	if len(s) != 9 {
		return false
	}
	a, b := s[0], s[1]
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return false
	}
	if strings.IndexByte("DFIQUV", a) >= 0 || strings.IndexByte("DFIOQUV", b) >= 0 {
		return false
	}
	switch s[:2] {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	if strings.Trim(s[2:8], "0123456789") != "" {
		return false
	}
	return s[8] >= 'A' && s[8] <= 'D'
}

// abaValid reports whether nine digits form a US bank routing number with a
// valid ABA check digit (weights 3, 7, 1).
func abaValid(ds string) bool {
	if len(ds) != 9 || strings.Trim(ds, "0123456789") != "" {
		return false
	}
	w := []int{3, 7, 1, 3, 7, 1, 3, 7, 1}
	s := 0
	for i := range 9 {
		s += int(ds[i]-'0') * w[i]
	}
	return s%10 == 0
}

// abaCheck returns the ninth digit that makes eight digits a valid routing
// number.
func abaCheck(first8 string) byte {
	w := []int{3, 7, 1, 3, 7, 1, 3, 7}
	s := 0
	for i := range 8 {
		s += int(first8[i]-'0') * w[i]
	}
	return byte('0' + (10-s%10)%10)
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
