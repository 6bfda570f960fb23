package wer

import (
	"math"
	"strings"
	"testing"
)

var normalizeCases = []struct {
	name, in, want string
}{
	{"empty", "", ""},
	{"spaces only", " \t\n ", ""},
	{"lowercase", "Hello World", "hello world"},
	{"punctuation", "Hello, world! How are you?", "hello world how are you"},
	{"collapse spaces", "  a   b\t\tc \n d ", "a b c d"},
	{"hyphen splits", "cold-hearted", "cold hearted"},
	{"contraction kept", "Don't stop", "don't stop"},
	{"curly apostrophe folded", "Don\u2019t", "don't"},
	{"quotes stripped", "'quoted' words'", "quoted words"},
	{"digits kept", "Card 4111, exp. 12/27", "card 4111 exp 12 27"},
	{"sphinx markers", "<s> he was </s>", "s he was s"},
	{"unicode letters", "Café Über", "café über"},
}

func TestNormalize(t *testing.T) {
	for _, tc := range normalizeCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

var computeCases = []struct {
	name      string
	ref, hyp  string
	want      Result
	wantWERx1 float64 // expected WER, compared with a tolerance
}{
	{"both empty", "", "", Result{}, 0},
	{"identical", "he was not an ill disposed young man", "he was not an ill disposed young man", Result{RefWords: 8}, 0},
	{"case and punctuation ignored", "He was not, an ill-disposed young man.", "he was not an ill disposed young man", Result{RefWords: 8}, 0},
	{"one substitution", "a b c d", "a x c d", Result{Subs: 1, RefWords: 4}, 0.25},
	{"one deletion", "a b c d", "a c d", Result{Dels: 1, RefWords: 4}, 0.25},
	{"one insertion", "a b c d", "a b x c d", Result{Ins: 1, RefWords: 4}, 0.25},
	{"empty hypothesis", "a b c", "", Result{Dels: 3, RefWords: 3}, 1},
	{"empty reference", "", "a b", Result{Ins: 2}, 2},
	{"all wrong same length", "a b", "c d", Result{Subs: 2, RefWords: 2}, 1},
	{"substitution preferred over del+ins", "a b c", "a x c", Result{Subs: 1, RefWords: 3}, 1.0 / 3},
	{"mixed", "he was not an ill disposed young man", "he was not an illness those young man", Result{Subs: 2, RefWords: 8}, 2.0 / 8},
	{"insertions beyond reference", "hello", "hello hello hello", Result{Ins: 2, RefWords: 1}, 2},
}

func TestCompute(t *testing.T) {
	for _, tc := range computeCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Compute(tc.ref, tc.hyp)
			w := got
			w.WER = 0
			if w != tc.want {
				t.Errorf("Compute(%q, %q) counts = %+v, want %+v", tc.ref, tc.hyp, w, tc.want)
			}
			if math.Abs(got.WER-tc.wantWERx1) > 1e-9 {
				t.Errorf("Compute(%q, %q).WER = %v, want %v", tc.ref, tc.hyp, got.WER, tc.wantWERx1)
			}
		})
	}
}

func TestAdd(t *testing.T) {
	a := Compute("a b c d", "a x c d") // 1 sub, 4 words
	b := Compute("e f", "")            // 2 dels, 2 words
	c := Compute("", "g")              // 1 ins, 0 words
	total := a.Add(b).Add(c)
	want := Result{Subs: 1, Dels: 2, Ins: 1, RefWords: 6, WER: 4.0 / 6}
	if math.Abs(total.WER-want.WER) > 1e-9 {
		t.Errorf("pooled WER = %v, want %v", total.WER, want.WER)
	}
	total.WER, want.WER = 0, 0
	if total != want {
		t.Errorf("pooled counts = %+v, want %+v", total, want)
	}
	if (Result{}).Add(Result{}).WER != 0 {
		t.Error("adding empty results must give WER 0")
	}
}

// FuzzCompute checks invariants that hold for any pair of texts.
func FuzzCompute(f *testing.F) {
	for _, tc := range computeCases {
		f.Add(tc.ref, tc.hyp)
	}
	for _, tc := range normalizeCases {
		f.Add(tc.in, tc.want)
	}
	f.Fuzz(func(t *testing.T, ref, hyp string) {
		r := Compute(ref, hyp)
		n := len(strings.Fields(Normalize(ref)))
		m := len(strings.Fields(Normalize(hyp)))
		if r.RefWords != n {
			t.Fatalf("RefWords = %d, want %d", r.RefWords, n)
		}
		// Every reference word is matched, substituted or deleted; every
		// hypothesis word is matched, substituted or inserted.
		if n-r.Dels != m-r.Ins {
			t.Fatalf("inconsistent alignment %+v for n=%d m=%d", r, n, m)
		}
		if e := r.Errors(); e < abs(n-m) || e > max(n, m) {
			t.Fatalf("errors %d outside [%d, %d]", e, abs(n-m), max(n, m))
		}
		if math.IsNaN(r.WER) || math.IsInf(r.WER, 0) || r.WER < 0 {
			t.Fatalf("WER = %v", r.WER)
		}
		if self := Compute(ref, ref); self.Errors() != 0 {
			t.Fatalf("text against itself has %d errors", self.Errors())
		}
		if Normalize(Normalize(ref)) != Normalize(ref) {
			t.Fatalf("Normalize is not idempotent on %q", ref)
		}
	})
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func BenchmarkCompute(b *testing.B) {
	ref := strings.Repeat("and mister john dashwood had then leisure to consider how much ", 4)
	hyp := strings.Repeat("and mr john guess what and then at leisure to consider how much ", 4)
	b.ReportAllocs()
	for b.Loop() {
		Compute(ref, hyp)
	}
}
