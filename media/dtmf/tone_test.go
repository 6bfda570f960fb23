package dtmf

import (
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/resample"
	"github.com/earshot/earshot/media/wav"
)

// tone describes one key press for the generator.
type tone struct {
	key      byte
	on, off  time.Duration
	dBm0     float64 // level of the low-group tone
	twistDB  float64 // high group relative to low group
	freqErr  float64 // relative frequency error of both tones, e.g. 0.015
	phaseRow float64
	phaseCol float64
	harmDB   float64 // if not 0: second harmonics of both tones at this level relative to them
}

// keyFreqs returns the row and column frequency of key.
func keyFreqs(t testing.TB, key byte) (float64, float64) {
	for r := range 4 {
		for c := range 4 {
			if keypad[r][c] == key {
				return rowFreqs[r], colFreqs[c]
			}
		}
	}
	t.Fatalf("no key %q", key)
	return 0, 0
}

// amp returns the peak amplitude of a sine at dBm0 (0 dBm0 peaks 3.17 dB
// below full scale).
func amp(dBm0 float64) float64 { return 32768 * math.Pow(10, (dBm0-3.17)/20) }

// synth renders tones at rate, adding white noise at noiseDBm0 (no noise
// if it is below -100).
func synth(t testing.TB, rate int, tones []tone, noiseDBm0 float64, seed uint64) []int16 {
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []int16
	// Noise RMS: a 0 dBm0 sine has RMS amp(0)/sqrt(2).
	sigma := amp(noiseDBm0) / math.Sqrt2
	add := func(v float64) {
		if noiseDBm0 > -100 {
			v += rng.NormFloat64() * sigma
		}
		out = append(out, int16(math.Round(min(max(v, -32768), 32767))))
	}
	for _, tn := range tones {
		fr, fc := keyFreqs(t, tn.key)
		fr *= 1 + tn.freqErr
		fc *= 1 + tn.freqErr
		ar, ac := amp(tn.dBm0), amp(tn.dBm0+tn.twistDB)
		h := 0.0
		if tn.harmDB != 0 {
			h = math.Pow(10, tn.harmDB/20)
		}
		n := int(tn.on.Seconds() * float64(rate))
		for i := range n {
			ts := float64(i) / float64(rate)
			v := ar*math.Sin(2*math.Pi*fr*ts+tn.phaseRow) + ac*math.Sin(2*math.Pi*fc*ts+tn.phaseCol)
			v += h * (ar*math.Sin(4*math.Pi*fr*ts) + ac*math.Sin(4*math.Pi*fc*ts))
			add(v)
		}
		for range int(tn.off.Seconds() * float64(rate)) {
			add(0)
		}
	}
	return out
}

// detect runs a ToneDetector over pcm in 20 ms writes and returns the
// events, flushed at the end.
func detect(t testing.TB, rate int, pcm []int16) []Event {
	t.Helper()
	var evs []Event
	d, err := NewToneDetector(rate, func(e Event) { evs = append(evs, e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	frame := rate / 50
	for off := 0; off < len(pcm); off += frame {
		if err := d.WritePCM(pcm[off:min(off+frame, len(pcm))]); err != nil {
			t.Fatal(err)
		}
	}
	d.Flush()
	return evs
}

func digitsOf(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteByte(e.Digit)
	}
	return b.String()
}

func seqTones(keys string, on, off time.Duration, dBm0 float64) []tone {
	var ts []tone
	for i := range len(keys) {
		ts = append(ts, tone{key: keys[i], on: on, off: off, dBm0: dBm0})
	}
	return ts
}

func TestToneDetectorSequences(t *testing.T) {
	const ms = time.Millisecond
	all := "123A456B789C*0#D"
	rng := rand.New(rand.NewPCG(7, 7))
	var varied []tone
	var variedKeys strings.Builder
	for range 40 {
		k := all[rng.IntN(len(all))]
		variedKeys.WriteByte(k)
		varied = append(varied, tone{
			key:      k,
			on:       time.Duration(40+rng.IntN(80)) * ms,
			off:      time.Duration(40+rng.IntN(80)) * ms,
			dBm0:     -3 - 22*rng.Float64(), // -3 .. -25 dBm0
			twistDB:  -6 + 9*rng.Float64(),  // -6 .. +3 dB
			freqErr:  (rng.Float64()*2 - 1) * 0.015,
			phaseRow: rng.Float64() * 2 * math.Pi,
			phaseCol: rng.Float64() * 2 * math.Pi,
		})
	}
	tests := []struct {
		name  string
		tones []tone
		noise float64 // dBm0
		want  string
	}{
		{"all keys", seqTones(all, 60*ms, 60*ms, -10), -200, all},
		{"all keys with noise", seqTones(all, 60*ms, 60*ms, -15), -35, all},
		// Two -20 dBm0 tones (-17 dBm0) over -27 dBm0 white noise: 10 dB SNR.
		{"all keys at 10 dB SNR", seqTones(all, 60*ms, 60*ms, -20), -27, all},
		{"40 ms on, 40 ms off", seqTones("9876543210", 40*ms, 40*ms, -10), -40, "9876543210"},
		{"same key with 40 ms pauses", seqTones("555", 50*ms, 40*ms, -10), -40, "555"},
		{"weak tones -28 dBm0", seqTones("0#", 60*ms, 60*ms, -28), -50, "0#"},
		{"random levels, twist, frequency error", varied, -40, variedKeys.String()},
		{"17 ms tones too short", seqTones("123", 17*ms, 60*ms, -10), -40, ""},
		{"below -32 dBm0", seqTones("123", 60*ms, 60*ms, -36), -200, ""},
		{"high group 10 dB weaker", []tone{{key: '5', on: 80 * ms, off: 40 * ms, dBm0: -5, twistDB: -10}}, -200, ""},
		{"high group 6 dB stronger", []tone{{key: '5', on: 80 * ms, off: 40 * ms, dBm0: -15, twistDB: 6}}, -200, ""},
		{"5% off frequency", []tone{{key: '5', on: 80 * ms, off: 40 * ms, dBm0: -10, freqErr: 0.05}}, -200, ""},
		{"drowned in noise", seqTones("123", 60*ms, 60*ms, -25), -20, ""},
		// A voiced sound whose partials fall on a row and a column has
		// harmonics; a DTMF generator's distortion products are far lower.
		{"second harmonics at -6 dB", []tone{{key: '1', on: 80 * ms, off: 40 * ms, dBm0: -10, harmDB: -6}, {key: '#', on: 80 * ms, off: 40 * ms, dBm0: -10, harmDB: -6}}, -200, ""},
		{"second harmonics at -30 dB", []tone{{key: '1', on: 80 * ms, off: 40 * ms, dBm0: -10, harmDB: -30}, {key: '#', on: 80 * ms, off: 40 * ms, dBm0: -10, harmDB: -30}}, -200, "1#"},
	}
	for _, tt := range tests {
		for _, rate := range []int{8000, 16000} {
			pcm := synth(t, rate, tt.tones, tt.noise, 1)
			got := digitsOf(detect(t, rate, pcm))
			if got != tt.want {
				t.Errorf("%s at %d Hz: digits %q, want %q", tt.name, rate, got, tt.want)
			}
		}
	}
}

// TestToneDetectorInterruption checks that a 10 ms drop-out inside a key
// press does not split it (Q.24 bridges interruptions up to 10 ms).
func TestToneDetectorInterruption(t *testing.T) {
	const ms = time.Millisecond
	for shift := range 13 {
		tones := []tone{
			{key: '8', on: time.Duration(50+shift) * ms, off: 10 * ms, dBm0: -10},
			{key: '8', on: 60 * ms, off: 60 * ms, dBm0: -10},
		}
		if got := digitsOf(detect(t, 8000, synth(t, 8000, tones, -45, uint64(shift)))); got != "8" {
			t.Errorf("drop-out at %d ms: digits %q, want one 8", 50+shift, got)
		}
	}
}

// TestToneDetectorDurationLimits checks both duration limits at every
// alignment of the tone to the 12.75 ms blocks: 40 ms tones with 40 ms
// pauses are all detected, 17 ms tones never.
func TestToneDetectorDurationLimits(t *testing.T) {
	const ms = time.Millisecond
	for lead := range 13 {
		pre := make([]int16, lead*8) // lead ms of silence
		long := append(pre, synth(t, 8000, seqTones("00", 40*ms, 40*ms, -10), -200, 1)...)
		if got := digitsOf(detect(t, 8000, long)); got != "00" {
			t.Errorf("40 ms tones after %d ms: digits %q, want \"00\"", lead, got)
		}
		short := append(pre, synth(t, 8000, seqTones("0", 17*ms, 40*ms, -10), -200, 1)...)
		if got := digitsOf(detect(t, 8000, short)); got != "" {
			t.Errorf("17 ms tone after %d ms: digits %q, want none", lead, got)
		}
	}
}

func TestToneDetectorEvent(t *testing.T) {
	const ms = time.Millisecond
	tones := []tone{{key: 'D', on: 300 * ms, off: 0, dBm0: -10}, {key: '1', on: 100 * ms, off: 100 * ms, dBm0: -20}}
	pcm := append(make([]int16, 8000/4), synth(t, 8000, tones, -200, 1)...) // 250 ms silence first
	evs := detect(t, 8000, pcm)
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	e := evs[0]
	if e.Digit != 'D' || e.Source != SourceInband || !e.Ended {
		t.Errorf("event %+v", e)
	}
	// One block (12.75 ms) of resolution on each end.
	if d := e.Start - 250*ms; d < -13*ms || d > 13*ms {
		t.Errorf("start %v, want 250ms +- one block", e.Start)
	}
	if d := e.Duration - 300*ms; d < -26*ms || d > 13*ms {
		t.Errorf("duration %v, want 300ms", e.Duration)
	}
	// Both tones at -10 dBm0 sum to -7 dBm0.
	if evs[0].Volume < 6 || evs[0].Volume > 8 {
		t.Errorf("volume %d, want 7 (-7 dBm0 for two -10 dBm0 tones)", evs[0].Volume)
	}
	if evs[1].Volume < 16 || evs[1].Volume > 18 {
		t.Errorf("volume %d, want 17", evs[1].Volume)
	}
}

// TestToneDetectorFlush checks that a key still pressed at the end of the
// stream is reported by Flush and not before.
func TestToneDetectorFlush(t *testing.T) {
	var evs []Event
	d, err := NewToneDetector(8000, func(e Event) { evs = append(evs, e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WritePCM(synth(t, 8000, seqTones("#", 200*time.Millisecond, 0, -10), -200, 1)); err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Fatalf("reported %d events while the key is still down", len(evs))
	}
	d.Flush()
	d.Flush()
	if digitsOf(evs) != "#" {
		t.Fatalf("after Flush: %q, want \"#\"", digitsOf(evs))
	}
}

// TestToneDetectorG711 runs the sequences through mu-law and A-law, as
// they arrive on a telephone call.
func TestToneDetectorG711(t *testing.T) {
	keys := "147*2580369#ABCD"
	pcm := synth(t, 8000, seqTones(keys, 50*time.Millisecond, 50*time.Millisecond, -20), -45, 3)
	for _, law := range []g711.Law{g711.MuLaw, g711.ALaw} {
		codes := make([]byte, len(pcm))
		law.EncodeTo(codes, pcm)
		dec := make([]int16, len(codes))
		law.DecodeTo(dec, codes)
		if got := digitsOf(detect(t, 8000, dec)); got != keys {
			t.Errorf("%v: digits %q, want %q", law, got, keys)
		}
	}
}

// TestToneDetectorSoX detects the sequence SoX synthesised
// (testdata/gen.sh), at 8 kHz and upsampled to 16 kHz.
func TestToneDetectorSoX(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "sox_dtmf.wav"))
	if os.IsNotExist(err) {
		t.Skip("testdata/sox_dtmf.wav missing: run testdata/gen.sh (needs sox)")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := wav.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	const want = "147*2580369#ABCD0" // the sequence in gen.sh
	if got := digitsOf(detect(t, a.Rate, a.Samples)); got != want {
		t.Errorf("8 kHz: digits %q, want %q", got, want)
	}
	up, err := resample.Convert(a.Samples, a.Rate, 16000)
	if err != nil {
		t.Fatal(err)
	}
	if got := digitsOf(detect(t, 16000, up)); got != want {
		t.Errorf("16 kHz: digits %q, want %q", got, want)
	}
}

const speechDir = "/usr/share/pocketsphinx/test/data"

// speechFiles returns the 16 kHz speech of pocketsphinx-testdata: read
// prose, spoken card numbers and short commands.
func speechFiles(t testing.TB) map[string][]int16 {
	t.Helper()
	out := map[string][]int16{}
	wavs, _ := filepath.Glob(filepath.Join(speechDir, "librivox", "*.wav"))
	cards, _ := filepath.Glob(filepath.Join(speechDir, "cards", "*.wav"))
	for _, p := range append(wavs, cards...) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := wav.Read(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if a.Rate != 16000 {
			t.Fatalf("%s: %d Hz", p, a.Rate)
		}
		out[filepath.Base(p)] = a.Samples
	}
	raws, _ := filepath.Glob(filepath.Join(speechDir, "*.raw")) // 16 kHz s16le
	for _, p := range raws {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := make([]int16, len(b)/2)
		for i := range s {
			s[i] = int16(uint16(b[2*i]) | uint16(b[2*i+1])<<8)
		}
		out[filepath.Base(p)] = s
	}
	if len(out) == 0 {
		t.Skip("no test speech: install Debian package pocketsphinx-testdata (scripts/deps.sh test)")
	}
	return out
}

// TestToneDetectorSpeech checks talk-off: read speech, including spoken
// digits, must not produce a single digit, at 16 kHz, at 8 kHz and through
// G.711, at its recorded level and 10 dB louder.
func TestToneDetectorSpeech(t *testing.T) {
	var total time.Duration
	var hits uint64
	for name, s16 := range speechFiles(t) {
		s8, err := resample.Convert(s16, 16000, 8000)
		if err != nil {
			t.Fatal(err)
		}
		ulaw := make([]byte, len(s8))
		g711.EncodeUlawTo(ulaw, s8)
		s8u := make([]int16, len(s8))
		g711.DecodeUlawTo(s8u, ulaw)
		loud := slices.Clone(s8)
		for i, v := range loud {
			loud[i] = int16(min(max(float64(v)*math.Sqrt(10), -32768), 32767))
		}
		for _, c := range []struct {
			what string
			rate int
			pcm  []int16
		}{{"16 kHz", 16000, s16}, {"8 kHz", 8000, s8}, {"8 kHz mu-law", 8000, s8u}, {"8 kHz +10 dB", 8000, loud}} {
			var evs []Event
			d, err := NewToneDetector(c.rate, func(e Event) { evs = append(evs, e) }, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.WritePCM(c.pcm); err != nil {
				t.Fatal(err)
			}
			d.Flush()
			hits += d.Stats().Hits
			total += time.Duration(len(c.pcm)) * time.Second / time.Duration(c.rate)
			if len(evs) > 0 {
				t.Errorf("%s %s: %d false digits, first %v", name, c.what, len(evs), evs[0])
			}
		}
	}
	t.Logf("%v of speech, %d single blocks passed the checks (2 in a row are needed)", total, hits)
}

func TestToneDetectorPassThrough(t *testing.T) {
	var got []int16
	next := media.PCMWriterFunc(func(s []int16) error { got = append(got, s...); return nil })
	d, err := NewToneDetector(16000, func(Event) {}, next)
	if err != nil {
		t.Fatal(err)
	}
	if s, want := media.Chain(d), "DTMF detect 16000 -> func"; s != want {
		t.Errorf("Chain = %q, want %q", s, want)
	}
	in := synth(t, 16000, seqTones("1", 30*time.Millisecond, 0, -10), -200, 1)
	if err := d.WritePCM(in); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, in) {
		t.Error("samples were not passed on unchanged")
	}
	d2, _ := NewToneDetector(8000, func(Event) {}, nil)
	if s := media.Chain(d2); s != "DTMF detect 8000" {
		t.Errorf("Chain without next = %q", s)
	}
}

func TestNewToneDetectorErrors(t *testing.T) {
	for _, rate := range []int{0, 4000, 11025, 44100, 96000} {
		if _, err := NewToneDetector(rate, func(Event) {}, nil); err == nil {
			t.Errorf("rate %d accepted", rate)
		}
	}
	if _, err := NewToneDetector(8000, nil, nil); err == nil {
		t.Error("nil emit accepted")
	}
}

// FuzzToneDetector feeds arbitrary PCM: no panic, and every event is a key.
func FuzzToneDetector(f *testing.F) {
	f.Add([]byte{0, 0x40, 0, 0xC0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		s := make([]int16, len(raw)/2)
		for i := range s {
			s[i] = int16(uint16(raw[2*i]) | uint16(raw[2*i+1])<<8)
		}
		for _, e := range detect(t, 8000, s) {
			if _, ok := DigitEvent(e.Digit); !ok {
				t.Fatalf("event with digit %q", e.Digit)
			}
		}
	})
}

func BenchmarkToneDetector20ms(b *testing.B) {
	for _, rate := range []int{8000, 16000} {
		b.Run(map[int]string{8000: "8kHz", 16000: "16kHz"}[rate], func(b *testing.B) {
			pcm := synth(b, rate, seqTones("5", time.Second, 0, -10), -40, 1)
			d, err := NewToneDetector(rate, func(Event) {}, nil)
			if err != nil {
				b.Fatal(err)
			}
			frame := rate / 50
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := d.WritePCM(pcm[i*frame : (i+1)*frame]); err != nil {
					b.Fatal(err)
				}
				i = (i + 1) % (len(pcm) / frame)
			}
		})
	}
}

// BenchmarkToneDetectorSpeech20ms is the detector on what a call mostly
// carries: speech with its pauses (the pocketsphinx test recordings),
// 20 ms at a time.
func BenchmarkToneDetectorSpeech20ms(b *testing.B) {
	files := speechFiles(b)
	if len(files) == 0 {
		b.Skip("speech test files missing (pocketsphinx-testdata)")
	}
	var pcm []int16
	for _, name := range slices.Sorted(maps.Keys(files)) {
		pcm = append(pcm, files[name]...)
	}
	d, err := NewToneDetector(16000, func(Event) {}, nil)
	if err != nil {
		b.Fatal(err)
	}
	const frame = 320
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := d.WritePCM(pcm[i*frame : (i+1)*frame]); err != nil {
			b.Fatal(err)
		}
		i = (i + 1) % (len(pcm) / frame)
	}
}
