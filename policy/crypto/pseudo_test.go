package crypto_test

import (
	"strings"
	"testing"

	"github.com/earshot/earshot/policy/crypto"
)

var phoneTests = []struct {
	in, norm string // norm "" means an error
}{
	{"+442079460000", "+442079460000"},
	{"+44 20 7946-0000", "+442079460000"},
	{"tel:+44 (20) 7946.0000", "+442079460000"},
	{" 020 7946 0000 ", "02079460000"},
	{"112", "112"},
	{"12", ""},
	{"+", ""},
	{"", ""},
	{"+44 20 7946 0000 ext 5", ""},
	{"44+20", ""},
	{"++44", ""},
	{"123456789012345678901", ""},
	{"٣٣٣٣", ""}, // Arabic-Indic digits are not ASCII digits
}

func TestPhonePseudonym(t *testing.T) {
	p := crypto.NewPseudonymizer(key32())
	want, err := p.Phone("+442079460000")
	if err != nil {
		t.Fatal(err)
	}
	if !crypto.IsPseudonym(want) || strings.Contains(want, "4420") {
		t.Errorf("pseudonym %q: want ps_ and 32 base32 characters, no trace of the number", want)
	}
	for _, bad := range []string{"", "+442079460000", "ps_", "ps_" + strings.Repeat("a", 31), "ps_" + strings.Repeat("a", 31) + "1",
		"PS_" + strings.Repeat("a", 32), "ps_" + strings.Repeat("A", 32), "ps_" + strings.Repeat("a", 33)} {
		if crypto.IsPseudonym(bad) {
			t.Errorf("IsPseudonym(%q) = true", bad)
		}
	}
	for _, tc := range phoneTests {
		got, err := p.Phone(tc.in)
		if tc.norm == "" {
			if err == nil {
				t.Errorf("Phone(%q) = %q, want an error", tc.in, got)
			} else if len(tc.in) > 3 && strings.Contains(err.Error(), strings.TrimSpace(tc.in)) {
				t.Errorf("Phone(%q) error %q quotes the number", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Phone(%q): %v", tc.in, err)
			continue
		}
		n, _ := crypto.NormalizePhone(tc.in)
		if n != tc.norm {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tc.in, n, tc.norm)
		}
		if tc.norm == "+442079460000" && got != want {
			t.Errorf("Phone(%q) = %q, want the same pseudonym as +442079460000 (%q)", tc.in, got, want)
		}
	}
	// Another key, another namespace: other pseudonyms.
	other := key32()
	other[31] ^= 1
	if q, _ := crypto.NewPseudonymizer(other).Phone("+442079460000"); q == want {
		t.Error("two pseudonymisation keys give one pseudonym")
	}
	if q, _ := p.Identity("webrtc", "+442079460000"); q == want {
		t.Error("two namespaces give one pseudonym")
	}
}

func TestIdentityPseudonym(t *testing.T) {
	p := crypto.NewPseudonymizer(key32())
	a, err := p.Identity("webrtc", "agent-browser-1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Identity("webrtc", "agent-browser-2")
	if a == b {
		t.Error("two identities give one pseudonym")
	}
	if again, _ := p.Identity("webrtc", "agent-browser-1"); again != a {
		t.Error("one identity gives two pseudonyms")
	}
	// The separator keeps namespace and identifier apart.
	x, _ := p.Identity("ab", "c")
	y, _ := p.Identity("a", "bc")
	if x == y {
		t.Error("(ab, c) and (a, bc) give one pseudonym")
	}
	for _, ns := range []string{"", "WebRTC", "a b", "x\x00"} {
		if _, err := p.Identity(ns, "id"); err == nil {
			t.Errorf("Identity(%q, ...) succeeded", ns)
		}
	}
	if _, err := p.Identity("webrtc", ""); err == nil {
		t.Error("Identity with an empty identifier succeeded")
	}
}

func FuzzPhonePseudonym(f *testing.F) {
	for _, tc := range phoneTests {
		f.Add(tc.in)
	}
	p := crypto.NewPseudonymizer(key32())
	f.Fuzz(func(t *testing.T, number string) {
		n, err := crypto.NormalizePhone(number)
		if err != nil {
			return
		}
		// Normal form is a fixed point, and pseudonymises the same.
		again, err := crypto.NormalizePhone(n)
		if err != nil || again != n {
			t.Fatalf("NormalizePhone(%q) = %q, not a fixed point (%q, %v)", number, n, again, err)
		}
		a, err1 := p.Phone(number)
		b, err2 := p.Phone(n)
		if err1 != nil || err2 != nil || a != b {
			t.Errorf("Phone(%q) and Phone(%q) differ", number, n)
		}
	})
}
