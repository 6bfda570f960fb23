package g722

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/earshot/earshot/media/internal/spectrum"
	"github.com/earshot/earshot/media/wav"
)

// codecDelay is the delay of encode followed by decode, in 16 kHz
// samples: transmit plus receive QMF. TestDelay measures it.
const codecDelay = 22

const librivoxDir = "/usr/share/pocketsphinx/test/data/librivox"

// roundTrip encodes and decodes x with fresh coders.
func roundTrip(x []int16) []int16 {
	codes := make([]byte, len(x)/2)
	NewEncoder().Encode(codes, x)
	y := make([]int16, 2*len(codes))
	NewRawDecoder().Decode(y, codes)
	return y
}

// bestLag returns the lag in [0, maxLag] at which y best matches x
// (normalised cross-correlation of x[n] with y[n+lag]).
func bestLag(x, y []int16, maxLag int) int {
	best, bestC := 0, math.Inf(-1)
	for lag := 0; lag <= maxLag; lag++ {
		var xy, yy float64
		for n := 0; n+lag < len(y) && n < len(x); n++ {
			a, b := float64(x[n]), float64(y[n+lag])
			xy += a * b
			yy += b * b
		}
		if c := xy / math.Sqrt(yy+1); c > bestC {
			best, bestC = lag, c
		}
	}
	return best
}

// segSNR is the segmental SNR in dB of y against x after removing lag
// samples of delay from y: the mean over 20 ms (320-sample) segments of
// 10*log10(signal/error), each clamped to [-10, 35] dB as usual. Segments
// whose input is below -50 dBFS (pauses) are left out. It also returns how
// many segments were counted.
func segSNR(x, y []int16, lag int) (float64, int) {
	const seg = 320
	y = y[lag:]
	n := min(len(x), len(y))
	sum, count := 0.0, 0
	for off := 0; off+seg <= n; off += seg {
		var sig, noise float64
		for i := off; i < off+seg; i++ {
			a, b := float64(x[i]), float64(y[i])
			sig += a * a
			noise += (a - b) * (a - b)
		}
		if spectrum.DBFS(sig/seg) < -50 {
			continue
		}
		snr := 10 * math.Log10(sig/(noise+1e-9))
		sum += min(max(snr, -10), 35)
		count++
	}
	if count == 0 {
		return math.NaN(), 0
	}
	return sum / float64(count), count
}

func TestDelay(t *testing.T) {
	// A band-limited noise-like signal has a single clear correlation peak.
	x := make([]int16, SampleRate)
	var s uint32 = 1
	for i := range x {
		s = s*1664525 + 1013904223
		x[i] = int16(int32(s>>16) - 32768)
		x[i] /= 4
	}
	if got := bestLag(x, roundTrip(x), 64); got != codecDelay {
		t.Fatalf("codec delay = %d samples, want %d", got, codecDelay)
	}
}

func TestSineRoundTrip(t *testing.T) {
	tests := []struct {
		freq, amp float64
		minSNR    float64 // dB
	}{
		// Lower sub-band tones reach the 35 dB clamp of every segment.
		{1000, 16384, 33},
		{1000, 1000, 33},
		{300, 16384, 33},
		{3000, 16384, 33},
		// The higher sub-band has 2 bits per sample: 27.4 dB measured.
		{6000, 16384, 25},
	}
	for _, tt := range tests {
		x := spectrum.Sine(SampleRate, SampleRate, tt.freq, tt.amp, 0)
		y := roundTrip(x)
		// Skip the first 50 ms while the scale factors adapt.
		snr, _ := segSNR(x[800:], y[800:], codecDelay)
		t.Logf("%g Hz amp %g: segmental SNR %.1f dB", tt.freq, tt.amp, snr)
		if !(snr >= tt.minSNR) {
			t.Errorf("%g Hz amp %g: segmental SNR %.1f dB, want >= %g", tt.freq, tt.amp, snr, tt.minSNR)
		}
	}
}

func TestSpeechRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(librivoxDir, "*.wav"))
	if len(files) == 0 {
		t.Skip("no 16 kHz test speech: install Debian package pocketsphinx-testdata (scripts/deps.sh test)")
	}
	// 64 kbit/s G.722 on the five read-speech files measures 30.7 to
	// 32.8 dB segmental SNR. A predictor fed the 6-bit instead of the
	// 4-bit inverse quantizer (encoder and decoder out of step) drops a
	// 1 kHz tone to 13 dB.
	const minSNR = 28
	for _, f := range files {
		x := readWAV16k(t, f)
		y := roundTrip(x)
		if lag := bestLag(x[:16000], y[:16000], 64); lag != codecDelay {
			t.Errorf("%s: delay %d, want %d", filepath.Base(f), lag, codecDelay)
		}
		snr, n := segSNR(x, y, codecDelay)
		t.Logf("%s: segmental SNR %.1f dB over %d segments", filepath.Base(f), snr, n)
		if !(snr >= minSNR) {
			t.Errorf("%s: segmental SNR %.1f dB, want >= %d", filepath.Base(f), snr, minSNR)
		}
	}
}

func readWAV16k(t *testing.T, path string) []int16 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := wav.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if a.Rate != SampleRate {
		t.Fatalf("%s: rate %d, want %d", path, a.Rate, SampleRate)
	}
	return a.Samples
}

// TestHigherSubBand checks that a 6 kHz tone, which 8 kHz telephone codecs
// such as G.711 cannot carry at all (it lies above their 4 kHz Nyquist
// limit), comes through G.722's higher sub-band at its level, and that its
// QMF alias at 2 kHz stays small.
func TestHigherSubBand(t *testing.T) {
	x := spectrum.Sine(SampleRate, SampleRate, 6000, 10000, 0)
	y := roundTrip(x)[1600:] // after 100 ms of adaptation
	in := spectrum.BandPower(spectrum.Float(x[1600:]), SampleRate, 5900, 6100)
	out := spectrum.BandPower(spectrum.Float(y), SampleRate, 5900, 6100)
	alias := spectrum.BandPower(spectrum.Float(y), SampleRate, 1900, 2100)
	lowBand := spectrum.BandPower(spectrum.Float(y), SampleRate, 50, 3900)
	gain := 10 * math.Log10(out/in)
	aliasDB := 10 * math.Log10(alias/out)
	lowDB := 10 * math.Log10(lowBand/out)
	t.Logf("6 kHz: gain %.2f dB, 2 kHz alias %.1f dB, 0-4 kHz %.1f dB", gain, aliasDB, lowDB)
	if math.Abs(gain) > 1 {
		t.Errorf("6 kHz tone gain %.2f dB, want within 1 dB", gain)
	}
	if aliasDB > -30 {
		t.Errorf("2 kHz alias of the 6 kHz tone at %.1f dB, want <= -30 dB", aliasDB)
	}
	if lowDB > -20 {
		t.Errorf("lower-band energy %.1f dB relative to the tone, want <= -20 dB", lowDB)
	}
}

// TestEncodeSplit checks that an odd sample left over by one Encode call
// pairs with the next call: any split of the input codes the same octets.
func TestEncodeSplit(t *testing.T) {
	x := spectrum.Sine(3201, SampleRate, 440, 8000, 0.3)
	want := make([]byte, len(x)/2)
	NewEncoder().Encode(want, x)
	for _, chunk := range []int{1, 3, 7, 160, 319, 320} {
		e := NewEncoder()
		var got []byte
		for off := 0; off < len(x); off += chunk {
			part := x[off:min(off+chunk, len(x))]
			buf := make([]byte, e.EncodedLen(len(part)))
			if n := e.Encode(buf, part); n != len(buf) {
				t.Fatalf("chunk %d: Encode wrote %d, EncodedLen said %d", chunk, n, len(buf))
			}
			got = append(got, buf...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("chunk %d: octets differ from a single Encode", chunk)
		}
	}
}

func TestReset(t *testing.T) {
	x := spectrum.Sine(640, SampleRate, 1000, 8000, 0)
	e := NewEncoder()
	a := make([]byte, 320)
	e.Encode(a, x)
	e.Reset()
	b := make([]byte, 320)
	e.Encode(b, x)
	if !slices.Equal(a, b) {
		t.Error("encoder output after Reset differs from a new encoder's")
	}
	d := NewRawDecoder()
	p := make([]int16, 640)
	d.Decode(p, a)
	d.Reset()
	q := make([]int16, 640)
	d.Decode(q, a)
	if !slices.Equal(p, q) {
		t.Error("decoder output after Reset differs from a new decoder's")
	}
	// Without Reset the state carries over, so the same octets decode
	// differently: the test above can fail.
	d.Decode(q, a)
	if slices.Equal(p, q) {
		t.Error("decoder state did not carry over between calls")
	}
}

// TestQuantizerTables checks the code word mapping built from Table 6: the
// 60 code words 4..63 each belong to exactly one interval and sign, and the
// 6-bit and 4-bit inverse quantizers agree in sign and order.
func TestQuantizerTables(t *testing.T) {
	seen := map[int]bool{}
	for m := 1; m <= 30; m++ {
		for _, il := range []int{lowPos(m), lowNeg(m)} {
			if il < 4 || il > 63 || seen[il] {
				t.Fatalf("interval %d: code %d out of range or repeated", m, il)
			}
			seen[il] = true
		}
		if qm6[lowPos(m)] <= 0 || qm6[lowNeg(m)] >= 0 {
			t.Errorf("interval %d: qm6 signs wrong", m)
		}
		if q4 := qm4[lowPos(m)>>2]; q4 < 0 {
			t.Errorf("interval %d: qm4 of a positive code is %d", m, q4)
		}
		if q4 := qm4[lowNeg(m)>>2]; q4 > 0 {
			t.Errorf("interval %d: qm4 of a negative code is %d", m, q4)
		}
	}
	for i, v := range ilb {
		if want := math.Round(2048 * math.Pow(2, float64(i)/32)); float64(v) != want {
			t.Errorf("ilb[%d] = %d, want %g", i, v, want)
		}
	}
}

// FuzzRawDecoder decodes arbitrary octets: every value is a valid code
// word, so decoding must never panic, must write two samples per octet and
// must be deterministic.
func FuzzRawDecoder(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 2, 3, 0xFF, 0xC0, 0x3F})
	codes := make([]byte, 160)
	NewEncoder().Encode(codes, spectrum.Sine(320, SampleRate, 1000, 30000, 0))
	f.Add(codes)
	f.Fuzz(func(t *testing.T, src []byte) {
		a := make([]int16, 2*len(src))
		if n := NewRawDecoder().Decode(a, src); n != len(a) {
			t.Fatalf("Decode wrote %d samples, want %d", n, len(a))
		}
		b := make([]int16, 2*len(src))
		NewRawDecoder().Decode(b, src)
		if !slices.Equal(a, b) {
			t.Fatal("decoding is not deterministic")
		}
	})
}

// FuzzEncoder codes arbitrary samples (little-endian pairs of bytes),
// including full-scale extremes that drive the adaptation into its
// limits, and decodes the result: the decoder, running block 4 on the
// same quantized differences, must end in the encoder's predictor state.
func FuzzEncoder(f *testing.F) {
	f.Add([]byte{0xFF, 0x7F, 0x00, 0x80, 0xFF, 0x7F, 0x00, 0x80})
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, raw []byte) {
		x := make([]int16, len(raw)/2)
		for i := range x {
			x[i] = int16(uint16(raw[2*i]) | uint16(raw[2*i+1])<<8)
		}
		e := NewEncoder()
		codes := make([]byte, e.EncodedLen(len(x)))
		if n := e.Encode(codes, x); n != len(x)/2 {
			t.Fatalf("Encode wrote %d octets, want %d", n, len(x)/2)
		}
		y := make([]int16, 2*len(codes))
		d := NewRawDecoder()
		d.Decode(y, codes)
		if d.low.s != e.low.s || d.high.s != e.high.s || d.low.det != e.low.det || d.high.det != e.high.det {
			t.Fatalf("decoder predictor (%d,%d,%d,%d) differs from encoder's (%d,%d,%d,%d)",
				d.low.s, d.high.s, d.low.det, d.high.det, e.low.s, e.high.s, e.low.det, e.high.det)
		}
	})
}

func BenchmarkEncode20ms(b *testing.B) {
	x := spectrum.Sine(320, SampleRate, 1000, 8000, 0)
	e := NewEncoder()
	dst := make([]byte, 160)
	b.ReportAllocs()
	b.SetBytes(int64(2 * len(x)))
	for b.Loop() {
		e.Encode(dst, x)
	}
}

func BenchmarkDecode20ms(b *testing.B) {
	codes := make([]byte, 160)
	NewEncoder().Encode(codes, spectrum.Sine(320, SampleRate, 1000, 8000, 0))
	d := NewRawDecoder()
	dst := make([]int16, 320)
	b.ReportAllocs()
	b.SetBytes(int64(len(codes)))
	for b.Loop() {
		d.Decode(dst, codes)
	}
}
