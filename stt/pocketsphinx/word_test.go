package pocketsphinx

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestCleanWord(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"hello", "hello", true},
		{"was(2)", "was", true},
		{"read(10)", "read", true},
		{"o'clock", "o'clock", true},
		{"<s>", "", false},
		{"</s>", "", false},
		{"<sil>", "", false},
		{"[NOISE]", "", false},
		{"[SPEECH]", "", false},
		{"++NOISE++", "", false},
		{"+UM+", "", false},
		{"", "", false},
		{"(2)", "(2)", true}, // no word before the suffix: left alone
	} {
		got, ok := cleanWord(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("cleanWord(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// power returns the power of x at frequency f (Goertzel).
func power(x []float64, f, rate float64) float64 {
	k := 2 * math.Cos(2*math.Pi*f/rate)
	var s1, s2 float64
	for _, v := range x {
		s1, s2 = v+k*s1-s2, s1
	}
	return (s1*s1 + s2*s2 - k*s1*s2) / float64(len(x)*len(x))
}

func TestBandFill(t *testing.T) {
	for _, level := range []float64{-50, -60, -70} {
		f := newBandFill(SampleRate, level)
		pcm := make([]int16, 4*SampleRate)
		f.apply(pcm)
		x := make([]float64, len(pcm))
		var sum float64
		for i, s := range pcm {
			x[i] = float64(s)
			sum += x[i] * x[i]
		}
		rms := 20 * math.Log10(math.Sqrt(sum/float64(len(x)))/32768)
		if math.Abs(rms-level) > 1.5 {
			t.Errorf("level %v dBFS: measured %.1f dBFS", level, rms)
		}
		// Average a few bins per band: the telephone band must stay
		// clean (at least 30 dB below the filled band).
		band := func(freqs ...float64) float64 {
			var p float64
			for _, fr := range freqs {
				p += power(x, fr, SampleRate)
			}
			return p / float64(len(freqs))
		}
		low := band(300, 700, 1000, 1500, 2000, 2500)
		high := band(5000, 5500, 6000, 6500, 7000)
		if ratio := 10 * math.Log10(high/low); ratio < 30 {
			t.Errorf("level %v dBFS: 5–7 kHz only %.1f dB above 0.3–2.5 kHz", level, ratio)
		}
	}
	// Deterministic: two streams get the same floor.
	a, b := make([]int16, 1000), make([]int16, 1000)
	newBandFill(SampleRate, -60).apply(a)
	newBandFill(SampleRate, -60).apply(b)
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("noise floor is not deterministic")
		}
	}
}

func TestBandFillSaturates(t *testing.T) {
	pcm := []int16{math.MaxInt16, math.MinInt16, math.MaxInt16, math.MinInt16}
	newBandFill(SampleRate, -6).apply(pcm)
	// Only checks that loud input does not wrap around.
	if pcm[0] < 0 || pcm[1] > 0 {
		t.Errorf("full-scale samples wrapped: %v", pcm)
	}
}

func BenchmarkBandFill(b *testing.B) {
	f := newBandFill(SampleRate, -60)
	pcm := make([]int16, SampleRate/50)
	b.ReportAllocs()
	b.SetBytes(int64(2 * len(pcm)))
	for b.Loop() {
		f.apply(pcm)
	}
}

func TestDecoderErrorsCarryLibraryMessage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string // part of the library's message
	}{
		{"unknown option", []string{"-no_such_option", "1"}, "parse arguments"},
		{"missing model", []string{"-hmm", "/nonexistent/en-us", "-lm", "/nonexistent/lm.bin", "-dict", "/nonexistent/dict"}, "mdef"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := newDecoder(tc.args)
			if err == nil {
				d.free()
				t.Fatal("newDecoder succeeded")
			}
			if !errors.Is(err, errDecoder) {
				t.Errorf("error %v does not wrap errDecoder", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks the library's message (%q)", err, tc.want)
			}
		})
	}
}
