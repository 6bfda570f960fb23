package resample

import (
	"errors"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/internal/spectrum"
	"github.com/earshot/earshot/media/wav"
)

func bandFill(t testing.TB, level float64, seed uint64, in []int16, chunks ...int) []int16 {
	t.Helper()
	var c collect
	b, err := NewBandFill(16000, level, seed, &c)
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) == 0 {
		chunks = []int{len(in)}
	}
	for i := 0; len(in) > 0; i++ {
		n := min(len(in), chunks[i%len(chunks)])
		if err := b.WritePCM(in[:n]); err != nil {
			t.Fatal(err)
		}
		in = in[n:]
	}
	return c.s
}

// TestBandFillSpectrum: above 4 kHz the noise reaches the requested level
// within 2 dB; below 3.4 kHz the signal is unchanged (what was added there
// is only the rounding of the noise, around -100 dBFS).
func TestBandFillSpectrum(t *testing.T) {
	// A narrowband test signal: a 1 kHz tone at -20 dBFS plus a 3 kHz tone,
	// nothing above 4 kHz.
	n := 32000
	tone := spectrum.Sine(n, 16000, 1000, 3277, 0)
	tone2 := spectrum.Sine(n, 16000, 3000, 1000, 0)
	in := make([]int16, n)
	for i := range in {
		in[i] = tone[i] + tone2[i]
	}
	for _, level := range []float64{-70, -60, -50, -40} {
		out := bandFill(t, level, 7, in)
		fin, fout := spectrum.Float(in), spectrum.Float(out)
		hiIn := spectrum.DBFS(spectrum.BandPower(fin, 16000, 4000, 8000))
		hi := spectrum.DBFS(spectrum.BandPower(fout, 16000, 4000, 8000))
		if math.Abs(hi-level) > 2 {
			t.Errorf("level %v: 4-8 kHz at %.2f dBFS (input %.1f), want %v +/- 2", level, hi, hiIn, level)
		}
		diff := make([]float64, n)
		for i := range diff {
			diff[i] = fout[i] - fin[i]
		}
		lo := spectrum.DBFS(spectrum.BandPower(diff, 16000, 0, 3400))
		if lo > -95 {
			t.Errorf("level %v: added %.1f dBFS below 3.4 kHz, want < -95", level, lo)
		}
		a, _, _ := spectrum.FitSine(fout, 16000, 1000)
		if d := db(a / 3277); math.Abs(d) > 0.01 {
			t.Errorf("level %v: 1 kHz tone changed by %.3f dB", level, d)
		}
		t.Logf("level %v: 4-8 kHz %.2f dBFS, change below 3.4 kHz %.1f dBFS", level, hi, lo)
	}
}

func TestBandFillDeterministic(t *testing.T) {
	in := spectrum.Sine(5000, 16000, 440, 1000, 0)
	a := bandFill(t, -60, 1, in)
	if b := bandFill(t, -60, 1, in, 1, 7, 160, 333); !slices.Equal(a, b) {
		t.Error("chunked output differs from one chunk")
	}
	if c := bandFill(t, -60, 2, in); slices.Equal(a, c) {
		t.Error("seeds 1 and 2 give the same noise")
	}
	if slices.Equal(a, in) {
		t.Error("nothing was added")
	}
}

func TestBandFillLeavesInputAlone(t *testing.T) {
	in := spectrum.Sine(320, 16000, 440, 1000, 0)
	keep := slices.Clone(in)
	bandFill(t, -40, 1, in)
	if !slices.Equal(in, keep) {
		t.Error("input slice modified")
	}
	// Full-scale input saturates instead of wrapping.
	loud := make([]int16, 2000)
	for i := range loud {
		loud[i] = math.MaxInt16
		if i%2 == 1 {
			loud[i] = math.MinInt16
		}
	}
	for i, v := range bandFill(t, -20, 1, loud) {
		if (loud[i] > 0) != (v > 0) {
			t.Fatalf("sample %d wrapped: %d -> %d", i, loud[i], v)
		}
	}
}

func TestNewBandFillErrors(t *testing.T) {
	var c collect
	for _, tt := range []struct {
		rate  int
		level float64
		next  media.PCMWriter
	}{{8000, -60, &c}, {16000, 3, &c}, {16000, math.NaN(), &c}, {16000, -60, nil}} {
		if _, err := NewBandFill(tt.rate, tt.level, 1, tt.next); err == nil {
			t.Errorf("NewBandFill(%d, %v): no error", tt.rate, tt.level)
		}
	}
	b, err := NewBandFill(48000, -60, 1, &c)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WritePCM(nil); err != nil || len(c.s) != 0 {
		t.Errorf("empty write: %v", err)
	}
	boom := errors.New("boom")
	b, err = NewBandFill(16000, -60, 1, media.PCMWriterFunc(func([]int16) error { return boom }))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WritePCM([]int16{1}); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

// TestNarrowbandChain runs real speech the way a phone call brings it:
// 16 kHz recording -> 8 kHz -> G.711 -> 16 kHz, then fills the empty band.
func TestNarrowbandChain(t *testing.T) {
	const file = "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"
	f, err := os.Open(file)
	if err != nil {
		t.Skipf("real speech sample not installed (Debian package pocketsphinx-testdata): %v", err)
	}
	defer f.Close()
	a, err := wav.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := Convert(a.Samples, a.Rate, 8000)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]byte, len(nb))
	g711.EncodeUlawTo(codes, nb)
	g711.DecodeUlawTo(nb, codes)

	var c collect
	bf, err := NewBandFill(16000, BandFillLevel, 1, &c)
	if err != nil {
		t.Fatal(err)
	}
	up, err := New(8000, 16000, bf)
	if err != nil {
		t.Fatal(err)
	}
	var plain collect
	upPlain, err := New(8000, 16000, &plain)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(nb); i += 160 {
		chunk := nb[i:min(i+160, len(nb))]
		if err := up.WritePCM(chunk); err != nil {
			t.Fatal(err)
		}
		if err := upPlain.WritePCM(chunk); err != nil {
			t.Fatal(err)
		}
	}
	orig := spectrum.DBFS(spectrum.BandPower(spectrum.Float(a.Samples), 16000, 4000, 8000))
	before := spectrum.DBFS(spectrum.BandPower(spectrum.Float(plain.s), 16000, 4500, 8000))
	after := spectrum.DBFS(spectrum.BandPower(spectrum.Float(c.s), 16000, 4000, 8000))
	speech := spectrum.DBFS(spectrum.BandPower(spectrum.Float(c.s), 16000, 100, 3400))
	speechPlain := spectrum.DBFS(spectrum.BandPower(spectrum.Float(plain.s), 16000, 100, 3400))
	t.Logf("4-8 kHz: recording %.1f dBFS, via G.711 %.1f dBFS, band-filled %.1f dBFS", orig, before, after)
	if before > -80 {
		t.Errorf("upsampled G.711 has %.1f dBFS above 4.5 kHz, want an empty band", before)
	}
	if math.Abs(after-BandFillLevel) > 2 {
		t.Errorf("band-filled 4-8 kHz at %.1f dBFS, want %v +/- 2", after, BandFillLevel)
	}
	if math.Abs(speech-speechPlain) > 0.01 {
		t.Errorf("speech band changed from %.3f to %.3f dBFS", speechPlain, speech)
	}
}

func TestBandFillAllocs(t *testing.T) {
	b, err := NewBandFill(16000, -60, 1, media.PCMWriterFunc(func([]int16) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]int16, 320)
	if err := b.WritePCM(chunk); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() {
		if err := b.WritePCM(chunk); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocs per chunk, want 0", n)
	}
}

func BenchmarkBandFill(b *testing.B) {
	bf, err := NewBandFill(16000, -60, 1, media.PCMWriterFunc(func([]int16) error { return nil }))
	if err != nil {
		b.Fatal(err)
	}
	chunk := spectrum.Sine(320, 16000, 440, 1000, 0) // 20 ms
	b.ReportAllocs()
	for b.Loop() {
		if err := bf.WritePCM(chunk); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(chunk)), "ns/sample")
}
