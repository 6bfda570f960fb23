package vad

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/resample"
	"github.com/earshot/earshot/media/wav"
)

// gen builds synthetic test signals at rate.
type gen struct {
	rate int
	rng  *rand.Rand
	s    []int16
}

func newGen(rate int) *gen { return &gen{rate: rate, rng: rand.New(rand.NewPCG(1, 2))} }

func (g *gen) n(d time.Duration) int { return int(d.Seconds() * float64(g.rate)) }

// amp converts an RMS level in dBFS to a sample amplitude.
func amp(dbfs float64) float64 { return 32768 * math.Pow(10, dbfs/20) }

func clip(v float64) int16 { return int16(max(-32768, min(32767, math.Round(v)))) }

func (g *gen) noise(d time.Duration, dbfs float64) *gen {
	for range g.n(d) {
		g.s = append(g.s, clip(g.rng.NormFloat64()*amp(dbfs)))
	}
	return g
}

// toneOverNoise adds a 440 Hz tone at toneDBFS (RMS) over noise.
func (g *gen) toneOverNoise(d time.Duration, toneDBFS, noiseDBFS float64) *gen {
	a := amp(toneDBFS) * math.Sqrt2
	for i := range g.n(d) {
		t := float64(i) / float64(g.rate)
		g.s = append(g.s, clip(a*math.Sin(2*math.Pi*440*t)+g.rng.NormFloat64()*amp(noiseDBFS)))
	}
	return g
}

func (g *gen) silence(d time.Duration) *gen {
	g.s = append(g.s, make([]int16, g.n(d))...)
	return g
}

// run feeds s in frames of frame duration and returns the decision per frame.
func run(t testing.TB, v *VAD, rate int, s []int16, frame time.Duration) []bool {
	t.Helper()
	n := int(frame.Seconds() * float64(rate))
	var out []bool
	for i := 0; i+n <= len(s); i += n {
		out = append(out, v.Process(s[i:i+n]))
	}
	return out
}

func mustNew(t testing.TB, rate int, o Options) *VAD {
	t.Helper()
	v, err := New(rate, o)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// span returns the first and last index of true in b, or -1, -1.
func span(b []bool) (first, last int) {
	first, last = slices.Index(b, true), -1
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] {
			last = i
			break
		}
	}
	return first, last
}

func count(b []bool) int {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}

// TestToneBurst: 1 s of noise at -60 dBFS, 0.5 s of a -20 dBFS tone, 1 s
// of noise. Speech starts after Onset and ends Hangover after the burst.
func TestToneBurst(t *testing.T) {
	for _, tt := range []struct {
		rate        int
		frame       time.Duration
		first, last int // frame indices of the speech span
	}{
		// 20 ms: burst is frames 50..74; onset 20 ms = that frame; the
		// 300 ms hangover keeps 14 more frames, the 15th is silence.
		{16000, 20 * time.Millisecond, 50, 88},
		// 10 ms: burst 100..149; onset takes 2 frames; hangover 29 more.
		{16000, 10 * time.Millisecond, 101, 178},
		// 30 ms: burst starts at 33.3 frames, so frame 34 is the first
		// whole tone frame (frame 33 is one third tone, +15 dB: speech).
		{8000, 30 * time.Millisecond, 33, 58},
	} {
		g := newGen(tt.rate).noise(time.Second, -60).toneOverNoise(500*time.Millisecond, -20, -60).noise(time.Second, -60)
		v := mustNew(t, tt.rate, Options{})
		got := run(t, v, tt.rate, g.s, tt.frame)
		first, last := span(got)
		if first != tt.first || last != tt.last {
			t.Errorf("%v frames at %d Hz: speech in frames %d..%d, want %d..%d", tt.frame, tt.rate, first, last, tt.first, tt.last)
		}
		if n := count(got); n != last-first+1 {
			t.Errorf("%v: speech not one span: %d frames in %d..%d", tt.frame, n, first, last)
		}
		if nf := v.NoiseDBFS(); math.Abs(nf-(-60)) > 3 {
			t.Errorf("noise floor %.1f dBFS, want about -60", nf)
		}
	}
}

func TestSyntheticNonSpeech(t *testing.T) {
	tests := []struct {
		name string
		s    []int16
	}{
		{"digital silence", newGen(16000).silence(2 * time.Second).s},
		{"stationary noise -40 dBFS", newGen(16000).noise(3*time.Second, -40).s},
		{"stationary noise -20 dBFS", newGen(16000).noise(3*time.Second, -20).s},
		// Loud relative to the floor, but under MinSpeechDBFS.
		{"quiet tone over silence", newGen(16000).silence(time.Second).toneOverNoise(time.Second, -60, -200).s},
		// Zeros inserted for lost packets must not drag the floor down,
		// or the noise after them would look like speech.
		{"noise with a gap of zeros", newGen(16000).noise(2*time.Second, -40).silence(500*time.Millisecond).noise(time.Second, -40).s},
	}
	for _, tt := range tests {
		v := mustNew(t, 16000, Options{})
		if got := run(t, v, 16000, tt.s, 20*time.Millisecond); count(got) != 0 {
			first, _ := span(got)
			t.Errorf("%s: %d speech frames, first at %d", tt.name, count(got), first)
		}
	}
}

// TestNoiseStep: the background jumps from -60 to -35 dBFS. It looks like
// speech at first, but is learnt within the noise window (plus hangover).
func TestNoiseStep(t *testing.T) {
	g := newGen(16000).noise(time.Second, -60).noise(4*time.Second, -35)
	v := mustNew(t, 16000, Options{})
	got := run(t, v, 16000, g.s, 20*time.Millisecond)
	_, last := span(got)
	limit := 50 + int((DefaultNoiseWindow+DefaultHangover)/(20*time.Millisecond))
	if last > limit {
		t.Errorf("speech until frame %d, want learnt by frame %d", last, limit)
	}
	if nf := v.NoiseDBFS(); math.Abs(nf-(-35)) > 3 {
		t.Errorf("noise floor %.1f dBFS, want about -35", nf)
	}
}

func TestOptions(t *testing.T) {
	g := newGen(16000).noise(time.Second, -60).toneOverNoise(100*time.Millisecond, -20, -60).noise(time.Second, -60)
	tests := []struct {
		name        string
		o           Options
		first, last int
	}{
		// 10 ms frames: the tone is frames 100..109.
		{"defaults", Options{}, 101, 138},
		{"no onset, no hangover", Options{Onset: -1, Hangover: -1}, 100, 109},
		{"long onset", Options{Onset: 50 * time.Millisecond}, 104, 138},
		{"short hangover", Options{Hangover: 50 * time.Millisecond}, 101, 113},
		{"threshold above the tone", Options{ThresholdDB: 45}, -1, -1},
		{"min speech above the tone", Options{MinSpeechDBFS: -10}, -1, -1},
	}
	for _, tt := range tests {
		v := mustNew(t, 16000, tt.o)
		first, last := span(run(t, v, 16000, g.s, 10*time.Millisecond))
		if first != tt.first || last != tt.last {
			t.Errorf("%s: speech in frames %d..%d, want %d..%d", tt.name, first, last, tt.first, tt.last)
		}
	}
	for _, o := range []Options{{ThresholdDB: -1}, {NoiseWindow: -time.Second}, {MinSpeechDBFS: 3}} {
		if _, err := New(16000, o); err == nil {
			t.Errorf("New(%+v): no error", o)
		}
	}
	if _, err := New(0, Options{}); err == nil {
		t.Error("New(0): no error")
	}
}

func TestAccessors(t *testing.T) {
	v := mustNew(t, 8000, Options{})
	if v.Process(nil) || v.Speech() {
		t.Error("empty frame is speech")
	}
	full := make([]int16, 80)
	for i := range full {
		full[i] = 32767
		if i%2 == 1 {
			full[i] = -32768
		}
	}
	v.Process(full)
	if e := v.EnergyDBFS(); math.Abs(e) > 0.01 {
		t.Errorf("full-scale square: %.3f dBFS, want 0", e)
	}
	for _, dc := range []int16{0, 1000, -32768} {
		f := make([]int16, 80)
		for i := range f {
			f[i] = dc
		}
		v.Process(f)
		if !math.IsInf(v.EnergyDBFS(), -1) {
			t.Errorf("constant %d: %v dBFS, want -Inf", dc, v.EnergyDBFS())
		}
	}
	g := newGen(8000).noise(time.Second, -60).toneOverNoise(time.Second, -20, -60)
	run(t, v, 8000, g.s, 20*time.Millisecond)
	if total, speech := v.Frames(); total != 104 || speech != 50 || !v.Speech() {
		t.Errorf("Frames() = %d, %d; Speech() = %v; want 104, 50, true", total, speech, v.Speech())
	}
	v.Reset()
	if total, _ := v.Frames(); total != 0 || v.Speech() || v.NoiseDBFS() != silenceDBFS {
		t.Errorf("after Reset: %d frames, speech %v, noise %v", total, v.Speech(), v.NoiseDBFS())
	}
	if s := v.String(); s != "VAD(9dB, 300ms)" {
		t.Errorf("String = %q", s)
	}
}

func readSpeech(t testing.TB) map[string][]int16 {
	t.Helper()
	files, err := filepath.Glob("/usr/share/pocketsphinx/test/data/librivox/*.wav")
	if err != nil || len(files) == 0 {
		t.Skip("real speech samples not installed (Debian package pocketsphinx-testdata)")
	}
	out := map[string][]int16{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := wav.Read(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if a.Rate != 16000 {
			t.Fatalf("%s: rate %d, want 16000", name, a.Rate)
		}
		out[filepath.Base(name)] = a.Samples
	}
	return out
}

// TestRealSpeech runs the five LibriVox recordings (16 kHz read speech)
// padded with a second of quiet room noise before and after.
func TestRealSpeech(t *testing.T) {
	const frame = 20 * time.Millisecond
	for name, speech := range readSpeech(t) {
		// Pad with white noise at the level of the recording's quietest
		// moments (the 5th percentile of its frame energies).
		var energies []float64
		for i := 0; i+320 <= len(speech); i += 320 {
			energies = append(energies, energyDBFS(speech[i:i+320]))
		}
		slices.Sort(energies)
		bgDB := energies[len(energies)/20]
		g := newGen(16000).noise(time.Second, bgDB)
		g.s = append(g.s, speech...)
		g.noise(time.Second, bgDB)
		v := mustNew(t, 16000, Options{})
		got := run(t, v, 16000, g.s, frame)
		pre := 50                     // frames of leading noise
		post := pre + len(speech)/320 // first frame after the recording
		hang := int(DefaultHangover / frame)
		if n := count(got[:pre]); n != 0 {
			t.Errorf("%s: %d speech frames in the leading noise", name, n)
		}
		if n := count(got[post+hang:]); n != 0 {
			t.Errorf("%s: %d speech frames in the trailing noise after hangover", name, n)
		}
		frac := float64(count(got[pre:post])) / float64(post-pre)
		if frac < 0.75 || frac > 0.99 {
			t.Errorf("%s: %.2f of the recording is speech, want 0.75..0.99 (read speech with short pauses)", name, frac)
		}
		t.Logf("%s: background %.1f dBFS, %.2f speech", name, bgDB, frac)
	}
}

// TestRealSpeechInNoise adds white noise at 15 dB SNR to the recordings and
// checks that the VAD still finds the speech it found in the clean version.
func TestRealSpeechInNoise(t *testing.T) {
	const frame = 20 * time.Millisecond
	for name, speech := range readSpeech(t) {
		clean := run(t, mustNew(t, 16000, Options{}), 16000, speech, frame)
		p := 0.0
		for _, s := range speech {
			p += float64(s) * float64(s)
		}
		sigma := math.Sqrt(p / float64(len(speech)) / math.Pow(10, 15.0/10))
		rng := rand.New(rand.NewPCG(5, 6))
		noisy := make([]int16, len(speech))
		for i, s := range speech {
			noisy[i] = clip(float64(s) + rng.NormFloat64()*sigma)
		}
		got := run(t, mustNew(t, 16000, Options{}), 16000, noisy, frame)
		hits, falses := 0, 0
		for i := range got {
			switch {
			case got[i] && clean[i]:
				hits++
			case got[i] && !clean[i]:
				falses++
			}
		}
		recall := float64(hits) / float64(max(count(clean), 1))
		if recall < 0.85 {
			t.Errorf("%s: found %.2f of the clean speech frames in noise, want >= 0.85", name, recall)
		}
		if falses > len(got)/20 {
			t.Errorf("%s: %d frames speech in noise but not clean, want <= 5%%", name, falses)
		}
		t.Logf("%s: recall %.2f, %d extra frames", name, recall, falses)
	}
}

func BenchmarkProcess20ms(b *testing.B) {
	v := mustNew(b, 16000, Options{})
	frame := newGen(16000).toneOverNoise(20*time.Millisecond, -20, -50).s
	b.ReportAllocs()
	for b.Loop() {
		v.Process(frame)
	}
}

func TestProcessAllocs(t *testing.T) {
	v := mustNew(t, 16000, Options{})
	frame := newGen(16000).noise(20*time.Millisecond, -40).s
	if n := testing.AllocsPerRun(100, func() { v.Process(frame) }); n != 0 {
		t.Errorf("%v allocs per frame, want 0", n)
	}
}

// TestTelephoneSpeech: the same recordings through the phone path (8 kHz,
// G.711) get nearly the same decisions as at 16 kHz.
func TestTelephoneSpeech(t *testing.T) {
	const frame = 20 * time.Millisecond
	for name, speech := range readSpeech(t) {
		wide := run(t, mustNew(t, 16000, Options{}), 16000, speech, frame)
		nb, err := resample.Convert(speech, 16000, 8000)
		if err != nil {
			t.Fatal(err)
		}
		codes := make([]byte, len(nb))
		g711.EncodeAlawTo(codes, nb)
		g711.DecodeAlawTo(nb, codes)
		narrow := run(t, mustNew(t, 8000, Options{}), 8000, nb, frame)
		same := 0
		for i := range min(len(wide), len(narrow)) {
			if wide[i] == narrow[i] {
				same++
			}
		}
		if agree := float64(same) / float64(len(wide)); agree < 0.95 {
			t.Errorf("%s: 8 kHz A-law decisions agree with 16 kHz on %.2f of frames, want >= 0.95", name, agree)
		}
	}
}
