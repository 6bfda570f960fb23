package opus

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/earshot/earshot/media/internal/spectrum"
	"github.com/earshot/earshot/media/resample"
	"github.com/earshot/earshot/media/wav"
)

const librivoxDir = "/usr/share/pocketsphinx/test/data/librivox"

// speech returns the 16 kHz librivox test files, skipping without them.
func speech(t testing.TB) map[string][]int16 {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(librivoxDir, "*.wav"))
	if len(files) == 0 {
		t.Skip("no 16 kHz test speech: install Debian package pocketsphinx-testdata (scripts/deps.sh test)")
	}
	out := map[string][]int16{}
	for _, p := range files {
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
	return out
}

// encodeAll codes x in 20 ms frames (the tail that does not fill a frame
// is dropped) and returns the packets.
func encodeAll(t testing.TB, enc *Encoder, x []int16) [][]byte {
	t.Helper()
	frame := enc.SampleRate() / 50
	var pkts [][]byte
	buf := make([]byte, MaxPacketBytes)
	for off := 0; off+frame <= len(x); off += frame {
		n, err := enc.Encode(buf, x[off:off+frame])
		if err != nil {
			t.Fatal(err)
		}
		pkts = append(pkts, append([]byte(nil), buf[:n]...))
	}
	return pkts
}

func newEncoder(t testing.TB, rate, bitrate int, fec bool) *Encoder {
	t.Helper()
	enc, err := NewEncoder(rate, AppVoIP)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { enc.Close() })
	must(t, enc.SetBitrate(bitrate))
	must(t, enc.SetVoiceSignal())
	if fec {
		must(t, enc.SetInbandFEC(true))
		must(t, enc.SetPacketLossPercent(20))
	}
	return enc
}

func newDecoder(t testing.TB, rate int) *Decoder {
	t.Helper()
	d, err := NewDecoder(rate)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// bandCorrelation compares x and y (same rate, y already aligned) frame by
// frame: for each 20 ms frame whose input is above -50 dBFS, the energy in
// 16 equal bands from 0 to rate/2 in dB; it returns the Pearson
// correlation of all those band levels between x and y. 1 means the
// spectral envelope over time is reproduced; a codec that loses the
// signal, shifts it in time or in frequency scores far lower.
func bandCorrelation(x, y []int16, rate int) float64 {
	frame := rate / 50
	half := frame / 2
	// DFT basis for bins 1..half-1 and a Hann window.
	cos := make([]float64, half*frame)
	sin := make([]float64, half*frame)
	for k := 1; k < half; k++ {
		for n := range frame {
			w := 2 * math.Pi * float64(k*n) / float64(frame)
			cos[k*frame+n], sin[k*frame+n] = math.Cos(w), math.Sin(w)
		}
	}
	win := make([]float64, frame)
	for n := range win {
		win[n] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(n)/float64(frame))
	}
	buf := make([]float64, frame)
	bands := func(s []int16) []float64 {
		for n, v := range s {
			buf[n] = float64(v) * win[n]
		}
		out := make([]float64, 16)
		for k := 1; k < half; k++ {
			var re, im float64
			c, si := cos[k*frame:(k+1)*frame], sin[k*frame:(k+1)*frame]
			for n, v := range buf {
				re += v * c[n]
				im += v * si[n]
			}
			out[k*16/half] += re*re + im*im
		}
		for i := range out {
			out[i] = 10 * math.Log10(out[i]+1)
		}
		return out
	}
	var a, b []float64
	for off := 0; off+frame <= min(len(x), len(y)); off += frame {
		if spectrum.DBFS(spectrum.Power(spectrum.Float(x[off:off+frame]))) < -50 {
			continue
		}
		a = append(a, bands(x[off:off+frame])...)
		b = append(b, bands(y[off:off+frame])...)
	}
	return pearson(a, b)
}

func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var sa, sb float64
	for i := range a {
		sa += a[i]
		sb += b[i]
	}
	ma, mb := sa/n, sb/n
	var cov, va, vb float64
	for i := range a {
		cov += (a[i] - ma) * (b[i] - mb)
		va += (a[i] - ma) * (a[i] - ma)
		vb += (b[i] - mb) * (b[i] - mb)
	}
	return cov / math.Sqrt(va*vb)
}

// snr is the SNR in dB of y against x over x[from:to].
func snr(x, y []int16, from, to int) float64 {
	var sig, noise float64
	for i := from; i < to && i < len(y); i++ {
		a, b := float64(x[i]), float64(y[i])
		sig += a * a
		noise += (a - b) * (a - b)
	}
	return 10 * math.Log10(sig/(noise+1))
}

// bestLag returns the lag in [0, maxLag] at which y[n+lag] best matches x[n].
func bestLag(x, y []int16, maxLag int) int {
	best, bestC := 0, math.Inf(-1)
	for lag := 0; lag <= maxLag; lag++ {
		var xy, yy float64
		for n := 0; n < len(x) && n+lag < len(y); n++ {
			xy += float64(x[n]) * float64(y[n+lag])
			yy += float64(y[n+lag]) * float64(y[n+lag])
		}
		if c := xy / math.Sqrt(yy+1); c > bestC {
			best, bestC = lag, c
		}
	}
	return best
}

// TestSpeechRoundTrip codes the librivox speech at 16 kHz, 24 kbit/s, and
// checks the decoded audio at 16 and 48 kHz.
func TestSpeechRoundTrip(t *testing.T) {
	// Measured on the five files: band correlation 0.978-0.981 at 16 kHz
	// and 0.987-0.989 at 48 kHz; waveform SNR 3.5-6.1 dB (Opus is not a
	// waveform coder, so SNR is only a sanity check: audio that is lost,
	// inverted or misaligned scores 0 dB or less).
	const minCorr, minSNR = 0.95, 2
	for name, x := range speech(t) {
		enc := newEncoder(t, 16000, 24000, false)
		look, err := enc.Lookahead()
		must(t, err)
		pkts := encodeAll(t, enc, x)

		for _, rate := range []int{16000, 48000} {
			dec := newDecoder(t, rate)
			var y []int16
			pcm := make([]int16, rate*MaxFrameMillis/1000)
			for _, p := range pkts {
				n, err := dec.Decode(pcm, p)
				must(t, err)
				if n != rate/50 {
					t.Fatalf("%s: packet decoded to %d samples, want %d", name, n, rate/50)
				}
				y = append(y, pcm[:n]...)
			}
			if rate != 16000 {
				y, err = resample.Convert(y, rate, 16000)
				must(t, err)
			}
			lag := bestLag(x[:16000], y[:16000+200], 200)
			if rate == 16000 && (lag < look-2 || lag > look+2) {
				t.Errorf("%s: decoded audio lags %d samples, encoder lookahead is %d", name, lag, look)
			}
			y = y[lag:]
			corr := bandCorrelation(x, y, 16000)
			s := snr(x, y, 0, len(y))
			t.Logf("%s at %d Hz: lag %d, band correlation %.3f, SNR %.1f dB", name, rate, lag, corr, s)
			if corr < minCorr || s < minSNR {
				t.Errorf("%s at %d Hz: band correlation %.3f (want >= %.2f), SNR %.1f dB (want >= %d)",
					name, rate, corr, minCorr, s, minSNR)
			}
		}
	}
}

// TestPacketLossFEC drops every fifth packet and recovers it from the next
// packet's in-band FEC data, comparing with plain concealment.
func TestPacketLossFEC(t *testing.T) {
	files := speech(t)
	x := files["sense_and_sensibility_01_austen_64kb-0870.wav"]
	if x == nil {
		t.Skip("librivox 0870 missing")
	}
	const frame = 320
	enc := newEncoder(t, 16000, 24000, true)
	look, err := enc.Lookahead()
	must(t, err)
	pkts := encodeAll(t, enc, x)
	lost := func(i int) bool { return i%5 == 2 }

	decode := func(useFEC bool) []int16 {
		dec := newDecoder(t, 16000)
		var y []int16
		pcm := make([]int16, 16000*MaxFrameMillis/1000)
		for i, p := range pkts {
			if lost(i) {
				continue
			}
			if i > 0 && lost(i-1) {
				var n int
				var err error
				if useFEC {
					n, err = dec.DecodeFEC(pcm[:frame], p)
				} else {
					n, err = dec.Conceal(pcm[:frame])
				}
				must(t, err)
				if n != frame {
					t.Fatalf("recovered %d samples, want %d", n, frame)
				}
				y = append(y, pcm[:n]...)
			}
			n, err := dec.Decode(pcm, p)
			must(t, err)
			y = append(y, pcm[:n]...)
		}
		return y[look:]
	}
	lostSNR := func(y []int16) float64 {
		var sig, noise float64
		for i := range pkts {
			if !lost(i) || (i+1)*frame > len(y) {
				continue
			}
			for n := i * frame; n < (i+1)*frame; n++ {
				a, b := float64(x[n]), float64(y[n])
				sig += a * a
				noise += (a - b) * (a - b)
			}
		}
		return 10 * math.Log10(sig/noise)
	}
	withFEC, withPLC := decode(true), decode(false)
	fec, plc := lostSNR(withFEC), lostSNR(withPLC)
	corrFEC, corrPLC := bandCorrelation(x, withFEC, 16000), bandCorrelation(x, withPLC, 16000)
	t.Logf("20%% loss: SNR over the lost frames %.1f dB with FEC, %.1f dB with concealment; band correlation %.3f / %.3f",
		fec, plc, corrFEC, corrPLC)
	// Measured: 4.0 dB with FEC, 0.6 dB with concealment.
	if fec < plc+2 {
		t.Errorf("FEC %.1f dB is not clearly better than concealment %.1f dB on the lost frames", fec, plc)
	}
	if corrFEC < 0.9 {
		t.Errorf("band correlation with FEC %.3f, want >= 0.9", corrFEC)
	}
}

func TestDecodeErrors(t *testing.T) {
	dec := newDecoder(t, 16000)
	pcm := make([]int16, 1920)
	// Zero-length payloads (browser padding) are skipped, not concealed.
	if n, err := dec.Decode(pcm, nil); n != 0 || err != nil {
		t.Errorf("Decode(nil) = %d, %v; want 0, nil", n, err)
	}
	if n, err := dec.Decode(pcm, []byte{}); n != 0 || err != nil {
		t.Errorf("Decode(empty) = %d, %v; want 0, nil", n, err)
	}
	// TOC code 3 (several frames) needs a frame count byte.
	_, err := dec.Decode(pcm, []byte{0x0B})
	if !errors.Is(err, ErrInvalidPacket) {
		t.Errorf("Decode(code 3 without count) err = %v, want ErrInvalidPacket", err)
	}
	if err != nil && err.Error() != "opus: decode: opus: corrupted stream" {
		t.Errorf("message %q", err.Error())
	}
	// A 20 ms packet does not fit in 10 ms of buffer.
	enc := newEncoder(t, 16000, 24000, false)
	pkt := encodeAll(t, enc, make([]int16, 320))[0]
	if _, err := dec.Decode(pcm[:160], pkt); !errors.Is(err, ErrBufferTooSmall) {
		t.Errorf("short buffer err = %v, want ErrBufferTooSmall", err)
	}
	if n, err := dec.Samples(pkt); n != 320 || err != nil {
		t.Errorf("Samples = %d, %v; want 320", n, err)
	}
	if _, err := dec.Conceal(pcm[:0]); !errors.Is(err, ErrBufferTooSmall) {
		t.Errorf("Conceal of nothing err = %v", err)
	}
	if _, err := NewDecoder(44100); !errors.Is(err, ErrBadArg) {
		t.Errorf("NewDecoder(44100) err = %v, want ErrBadArg", err)
	}
}

func TestEncodeErrors(t *testing.T) {
	enc := newEncoder(t, 48000, 32000, false)
	buf := make([]byte, MaxPacketBytes)
	if _, err := enc.Encode(buf, make([]int16, 500)); !errors.Is(err, ErrBadArg) {
		t.Errorf("500-sample frame err = %v, want ErrBadArg", err)
	}
	if err := enc.SetComplexity(11); !errors.Is(err, ErrBadArg) {
		t.Errorf("complexity 11 err = %v, want ErrBadArg", err)
	}
	if _, err := NewEncoder(22050, AppVoIP); !errors.Is(err, ErrBadArg) {
		t.Errorf("NewEncoder(22050) err = %v", err)
	}
	if _, err := NewEncoder(48000, Application(1)); !errors.Is(err, ErrBadArg) {
		t.Errorf("bad application err = %v", err)
	}
}

func TestClose(t *testing.T) {
	dec, err := NewDecoder(48000)
	must(t, err)
	enc, err := NewEncoder(48000, AppAudio)
	must(t, err)
	must(t, dec.Close())
	must(t, dec.Close())
	must(t, enc.Close())
	must(t, enc.Close())
	pcm := make([]int16, 960)
	if _, err := dec.Decode(pcm, []byte{0xF8, 0xFF, 0xFE}); !errors.Is(err, ErrClosed) {
		t.Errorf("Decode after Close: %v", err)
	}
	if _, err := dec.Conceal(pcm); !errors.Is(err, ErrClosed) {
		t.Errorf("Conceal after Close: %v", err)
	}
	if _, err := enc.Encode(make([]byte, 100), pcm); !errors.Is(err, ErrClosed) {
		t.Errorf("Encode after Close: %v", err)
	}
	if err := enc.SetBitrate(20000); !errors.Is(err, ErrClosed) {
		t.Errorf("SetBitrate after Close: %v", err)
	}
}

func TestVersion(t *testing.T) {
	if v := Version(); len(v) < 8 || v[:8] != "libopus " {
		t.Errorf("Version() = %q", v)
	}
}

// FuzzDecode decodes arbitrary bytes: libopus must reject or decode them
// without crashing, errors are Error values, and output fits the buffer.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{0x0B})
	f.Add([]byte{0xF8, 0xFF, 0xFE})
	f.Add([]byte{0x4B, 0x41, 0x01, 0x02, 0x03})
	dec, err := NewDecoder(16000)
	if err != nil {
		f.Fatal(err)
	}
	defer dec.Close()
	pcm := make([]int16, 16000*MaxFrameMillis/1000)
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := dec.Decode(pcm, b)
		var oe Error
		if err != nil && !errors.As(err, &oe) {
			t.Fatalf("error %v is not an Error", err)
		}
		if n < 0 || n > len(pcm) {
			t.Fatalf("decoded %d samples", n)
		}
		if _, err := dec.DecodeFEC(pcm[:320], b); err != nil && !errors.As(err, &oe) {
			t.Fatalf("FEC error %v is not an Error", err)
		}
	})
}

func benchmarkDecode(b *testing.B, rate int) {
	x := spectrum.Sine(16000, 16000, 440, 8000, 0)
	enc := newEncoder(b, 16000, 24000, false)
	pkts := encodeAll(b, enc, x)
	dec := newDecoder(b, rate)
	pcm := make([]int16, rate*MaxFrameMillis/1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := dec.Decode(pcm, pkts[i%len(pkts)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDecode20ms16k(b *testing.B) { benchmarkDecode(b, 16000) }
func BenchmarkDecode20ms48k(b *testing.B) { benchmarkDecode(b, 48000) }

func BenchmarkEncode20ms48k(b *testing.B) {
	x := spectrum.Sine(960, 48000, 440, 8000, 0)
	enc := newEncoder(b, 48000, 32000, false)
	buf := make([]byte, MaxPacketBytes)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := enc.Encode(buf, x); err != nil {
			b.Fatal(err)
		}
	}
}
