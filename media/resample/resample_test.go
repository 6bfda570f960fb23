package resample

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/internal/spectrum"
)

type collect struct{ s []int16 }

func (c *collect) WritePCM(s []int16) error { c.s = append(c.s, s...); return nil }
func (c *collect) String() string           { return "collect" }

var ratePairs = [][2]int{
	{8000, 16000}, {11025, 16000}, {16000, 16000}, {22050, 16000}, {32000, 16000},
	{44100, 16000}, {48000, 16000}, {16000, 8000}, {8000, 48000}, {16000, 44100}, {44100, 48000},
}

func db(x float64) float64 { return 20 * math.Log10(x) }

// TestToneKeepsFrequencyAmplitudeAndTime resamples a 1 kHz sine and fits a
// 1 kHz sine to the result: the amplitude stays within 0.5 dB (in fact
// within 0.01 dB), the residual is at the 16-bit noise level, so the
// frequency is unchanged, and the phase shows output sample j lies at time
// j/out.
func TestToneKeepsFrequencyAmplitudeAndTime(t *testing.T) {
	const amp, freq, phase = 16384.0, 1000.0, 0.4
	for _, rp := range ratePairs {
		in, out := rp[0], rp[1]
		t.Run(fmt.Sprintf("%d-%d", in, out), func(t *testing.T) {
			x := spectrum.Sine(in/2, float64(in), freq, amp, phase)
			y, err := Convert(x, in, out)
			if err != nil {
				t.Fatal(err)
			}
			if want := (len(x)*out + in - 1) / in; len(y) != want {
				t.Fatalf("%d samples, want %d", len(y), want)
			}
			// Leave out 20 ms at each end, where the input starts and stops.
			skip := out / 50
			a, ph, res := spectrum.FitSine(spectrum.Float(y[skip:len(y)-skip]), float64(out), freq)
			if d := db(a / amp); math.Abs(d) > 0.5 {
				t.Errorf("amplitude %.2f dB off", d)
			} else if math.Abs(d) > 0.01 {
				t.Errorf("amplitude %.4f dB off, want within 0.01 dB", d)
			}
			if snr := db(a / math.Sqrt2 / res); snr < 80 {
				t.Errorf("signal to residual %.1f dB, want > 80 dB", snr)
			}
			// Phase at the fit's t=0 (output sample skip) vs the input's.
			wantPh := phase - math.Pi/2 + 2*math.Pi*freq*float64(skip)/float64(out)
			dph := math.Remainder(ph-wantPh, 2*math.Pi)
			if delay := dph / (2 * math.Pi * freq); math.Abs(delay) > 2e-6 {
				t.Errorf("output is %.1f us away from the input's timeline", delay*1e6)
			}
		})
	}
}

// TestAliasRejection: a tone above the output's Nyquist frequency must not
// fold back into the output band.
func TestAliasRejection(t *testing.T) {
	tests := []struct {
		in, out int
		freq    float64
	}{
		{16000, 8000, 4100}, {16000, 8000, 5000}, {16000, 8000, 7000},
		{48000, 16000, 8200}, {48000, 16000, 12000}, {48000, 16000, 20000},
		{44100, 16000, 9000}, {44100, 16000, 15000}, {22050, 16000, 8500},
		{32000, 16000, 8300}, {11025, 8000, 4500},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d-%d@%g", tt.in, tt.out, tt.freq), func(t *testing.T) {
			x := spectrum.Sine(tt.in/2, float64(tt.in), tt.freq, 16384, 0)
			y, err := Convert(x, tt.in, tt.out)
			if err != nil {
				t.Fatal(err)
			}
			skip := tt.out / 50
			att := 10 * math.Log10((spectrum.Power(spectrum.Float(y[skip:len(y)-skip]))+1e-9)/spectrum.Power(spectrum.Float(x)))
			if att > -40 {
				t.Errorf("attenuated by %.1f dB, want at least 40", -att)
			}
			t.Logf("attenuated by %.1f dB", -att)
		})
	}
}

// TestImageRejection: upsampling must not create images above the input's
// Nyquist frequency.
func TestImageRejection(t *testing.T) {
	tests := []struct {
		in, out  int
		freq     float64
		lo       float64 // image band checked: lo .. out/2
		minAtten float64
	}{
		{8000, 16000, 1000, 4000, 70},  // half-band fast path: image at 7 kHz
		{8000, 16000, 3400, 4500, 40},  // image at 4.6 kHz, at the band edge
		{8000, 48000, 3000, 4200, 70},  // generic: images at 5, 11, 13 kHz ...
		{11025, 16000, 2000, 5700, 70}, // image at 9025 Hz
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d-%d@%g", tt.in, tt.out, tt.freq), func(t *testing.T) {
			x := spectrum.Sine(tt.in, float64(tt.in), tt.freq, 16384, 0)
			y, err := Convert(x, tt.in, tt.out)
			if err != nil {
				t.Fatal(err)
			}
			f := spectrum.Float(y)
			img := spectrum.BandPower(f, float64(tt.out), tt.lo, float64(tt.out)/2)
			att := -10 * math.Log10(img/spectrum.Power(f))
			if att < tt.minAtten {
				t.Errorf("images %.1f dB below the tone, want %v", att, tt.minAtten)
			}
			t.Logf("images %.1f dB below the tone", att)
		})
	}
}

func TestHalfbandKeepsInputSamples(t *testing.T) {
	x := make([]int16, 1000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = int16(rng.IntN(65536) - 32768)
	}
	y, err := Convert(x, 8000, 16000)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range x {
		if y[2*i] != s {
			t.Fatalf("y[%d] = %d, want input sample %d", 2*i, y[2*i], s)
		}
	}
}

// TestChunkingInvariance: any chunking of the input gives the same output
// as one chunk, and Flush starts a fresh stream.
func TestChunkingInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, rp := range ratePairs {
		in, out := rp[0], rp[1]
		t.Run(fmt.Sprintf("%d-%d", in, out), func(t *testing.T) {
			x := make([]int16, in/5+rng.IntN(100))
			for i := range x {
				x[i] = int16(rng.NormFloat64() * 5000)
			}
			want, err := Convert(x, in, out)
			if err != nil {
				t.Fatal(err)
			}
			var c collect
			r, err := New(in, out, &c)
			if err != nil {
				t.Fatal(err)
			}
			for round := range 3 {
				c.s = c.s[:0]
				rest := x
				for len(rest) > 0 {
					n := min(len(rest), []int{1, 2, 3, 7, 160, 441, 1000}[rng.IntN(7)])
					if err := r.WritePCM(rest[:n]); err != nil {
						t.Fatal(err)
					}
					rest = rest[n:]
				}
				if err := r.Flush(); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(c.s, want) {
					t.Fatalf("round %d: chunked output (%d samples) differs from one-shot (%d)", round, len(c.s), len(want))
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	var c collect
	tests := []struct {
		in, out int
		next    media.PCMWriter
		msg     string
	}{
		{0, 16000, &c, "resample: invalid rates 0->16000"},
		{8000, -1, &c, "resample: invalid rates 8000->-1"},
		{8000, 16000, nil, "resample: nil next stage"},
		{8000, 44101, &c, "resample: 8000->44101 needs a 2778363-tap filter (limit 2097152); choose rates with a larger common divisor"},
	}
	for _, tt := range tests {
		_, err := New(tt.in, tt.out, tt.next)
		if err == nil || err.Error() != tt.msg {
			t.Errorf("New(%d, %d): err = %v, want %q", tt.in, tt.out, err, tt.msg)
		}
	}
	if _, err := Convert([]int16{1}, 1, 0); err == nil {
		t.Error("Convert with rate 0: no error")
	}
}

func TestStringAndChain(t *testing.T) {
	var c collect
	bf, err := NewBandFill(16000, -60, 1, &c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(8000, 16000, bf)
	if err != nil {
		t.Fatal(err)
	}
	if got := media.Chain(r); got != "Resample 8000->16000 -> BandFill(-60dBFS) -> collect" {
		t.Errorf("Chain = %q", got)
	}
}

func TestEmptyAndErrors(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	r, err := New(16000, 8000, media.PCMWriterFunc(func([]int16) error { calls++; return boom }))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WritePCM(nil); err != nil || calls != 0 {
		t.Errorf("empty write: err %v, %d calls", err, calls)
	}
	if err := r.WritePCM(make([]int16, 320)); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	if err := r.Flush(); !errors.Is(err, boom) {
		t.Errorf("Flush err = %v, want boom", err)
	}
	calls = 0
	if err := r.Flush(); err != nil || calls != 0 {
		t.Errorf("Flush of an empty stream: err %v, %d calls", err, calls)
	}
}

func TestSteadyStateAllocs(t *testing.T) {
	for _, rp := range [][2]int{{8000, 16000}, {16000, 8000}, {44100, 16000}, {16000, 16000}} {
		r, err := New(rp[0], rp[1], media.PCMWriterFunc(func([]int16) error { return nil }))
		if err != nil {
			t.Fatal(err)
		}
		chunk := spectrum.Sine(rp[0]/50, float64(rp[0]), 440, 1000, 0)
		if err := r.WritePCM(chunk); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if err := r.WritePCM(chunk); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%v: %v allocs per 20 ms chunk, want 0", rp, n)
		}
	}
}

func benchResample(b *testing.B, in, out int) {
	r, err := New(in, out, media.PCMWriterFunc(func([]int16) error { return nil }))
	if err != nil {
		b.Fatal(err)
	}
	chunk := spectrum.Sine(in/50, float64(in), 440, 10000, 0) // 20 ms
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WritePCM(chunk); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*out/50), "ns/out-sample")
}

func BenchmarkResample8kTo16k(b *testing.B)    { benchResample(b, 8000, 16000) }
func BenchmarkResample16kTo8k(b *testing.B)    { benchResample(b, 16000, 8000) }
func BenchmarkResample11025To16k(b *testing.B) { benchResample(b, 11025, 16000) }
func BenchmarkResample44100To16k(b *testing.B) { benchResample(b, 44100, 16000) }
func BenchmarkResample48kTo16k(b *testing.B)   { benchResample(b, 48000, 16000) }

// BenchmarkNew measures building the filter, which Convert and each call's
// resampler pay once.
func BenchmarkNew44100To16k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(44100, 16000, &collect{}); err != nil {
			b.Fatal(err)
		}
	}
}
