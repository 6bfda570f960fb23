package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"testing/iotest"

	"github.com/earshot/earshot/media/g711"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustRead(t *testing.T, b []byte) *Audio {
	t.Helper()
	a, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func sine(n, rate int, freq, amp float64) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(math.Round(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))))
	}
	return s
}

func TestWriteReadRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 160, 12345} {
		in := sine(n, 16000, 1000, 20000)
		var buf bytes.Buffer
		if err := Write(&buf, 16000, in); err != nil {
			t.Fatal(err)
		}
		if buf.Len() != 44+2*n {
			t.Errorf("n=%d: %d bytes, want %d", n, buf.Len(), 44+2*n)
		}
		a := mustRead(t, buf.Bytes())
		if a.Rate != 16000 || a.Format != "PCM16" || a.Channels != 1 || !slices.Equal(a.Samples, in) {
			t.Errorf("n=%d: got rate %d format %q channels %d, %d samples", n, a.Rate, a.Format, a.Channels, len(a.Samples))
		}
	}
	if err := Write(io.Discard, 0, nil); err == nil {
		t.Error("Write with rate 0: no error")
	}
}

// TestSoxFiles reads files written by SoX (testdata/gen.sh).
func TestSoxFiles(t *testing.T) {
	pcm := mustRead(t, readFixture(t, "tone8k.wav"))
	if pcm.Rate != 8000 || len(pcm.Samples) != 400 || pcm.Format != "PCM16" {
		t.Fatalf("tone8k.wav: rate %d, %d samples, %q", pcm.Rate, len(pcm.Samples), pcm.Format)
	}
	if d := pcm.Duration(); d != 0.05 {
		t.Errorf("Duration = %v, want 0.05", d)
	}
	peak := slices.Max(pcm.Samples)
	if peak < 16000 || peak > 16400 {
		t.Errorf("peak %d, want about 16384 (sox vol 0.5)", peak)
	}
	// SoX's G.711 encoder is byte-exact with ours (see media/g711 tests),
	// so the mu-law and A-law files decode to exactly G.711 of the tone.
	for _, tt := range []struct {
		file, format string
		roundTrip    func(int16) int16
	}{
		{"tone8k-ulaw.wav", "PCMU", func(s int16) int16 { return g711.DecodeUlawFrame(g711.EncodeUlawFrame(s)) }},
		{"tone8k-alaw.wav", "PCMA", func(s int16) int16 { return g711.DecodeAlawFrame(g711.EncodeAlawFrame(s)) }},
	} {
		a := mustRead(t, readFixture(t, tt.file))
		if a.Rate != 8000 || a.Format != tt.format || len(a.Samples) != len(pcm.Samples) {
			t.Fatalf("%s: rate %d format %q, %d samples", tt.file, a.Rate, a.Format, len(a.Samples))
		}
		for i, s := range pcm.Samples {
			if want := tt.roundTrip(s); a.Samples[i] != want {
				t.Fatalf("%s: sample %d = %d, want %d", tt.file, i, a.Samples[i], want)
			}
		}
	}

	st := mustRead(t, readFixture(t, "tone8k-stereo.wav"))
	if st.Channels != 2 || len(st.Samples) != len(pcm.Samples) {
		t.Fatalf("stereo: %d channels, %d samples", st.Channels, len(st.Samples))
	}
	for i, s := range pcm.Samples {
		// Right channel is the tone at half level: mix = 0.75 x.
		if want := 0.75 * float64(s); math.Abs(float64(st.Samples[i])-want) > 1.5 {
			t.Fatalf("stereo mix sample %d = %d, want %.1f", i, st.Samples[i], want)
		}
	}

	ext := mustRead(t, readFixture(t, "ext3ch.wav"))
	if ext.Rate != 16000 || ext.Channels != 3 || ext.Format != "PCM16" || len(ext.Samples) != 160 {
		t.Errorf("ext3ch.wav: rate %d channels %d format %q, %d samples", ext.Rate, ext.Channels, ext.Format, len(ext.Samples))
	}

	pipe := mustRead(t, readFixture(t, "pipe.wav"))
	if pipe.Rate != 16000 || len(pipe.Samples) != 160 {
		t.Errorf("pipe.wav (placeholder sizes): rate %d, %d samples, want 16000 and 160", pipe.Rate, len(pipe.Samples))
	}
}

func TestUnsupportedSoxFiles(t *testing.T) {
	for _, tt := range []struct{ file, msg string }{
		{"float32.wav", "wav: unsupported format 3 (float); want PCM16, mu-law or A-law"},
		{"pcm24.wav", "wav: unsupported PCM with 24 bits per sample; want PCM16, mu-law or A-law"},
		{"adpcm.wav", "wav: unsupported format 17 (IMA ADPCM); want PCM16, mu-law or A-law"},
	} {
		_, err := Read(bytes.NewReader(readFixture(t, tt.file)))
		if err == nil || err.Error() != tt.msg {
			t.Errorf("%s: err = %v, want %q", tt.file, err, tt.msg)
		}
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v does not wrap ErrUnsupported", tt.file, err)
		}
	}
}

// builder assembles WAV files chunk by chunk for the table tests.
type builder struct{ b []byte }

func newWAV() *builder { return &builder{b: []byte("RIFF\x00\x00\x00\x00WAVE")} }

func (w *builder) chunk(id string, body []byte) *builder {
	w.b = append(w.b, id...)
	w.b = binary.LittleEndian.AppendUint32(w.b, uint32(len(body)))
	w.b = append(w.b, body...)
	if len(body)%2 == 1 {
		w.b = append(w.b, 0)
	}
	return w
}

func (w *builder) bytes() []byte {
	binary.LittleEndian.PutUint32(w.b[4:], uint32(len(w.b)-8))
	return w.b
}

func fmtChunk(tag uint16, channels, rate, align, bits int) []byte {
	b := binary.LittleEndian.AppendUint16(nil, tag)
	b = binary.LittleEndian.AppendUint16(b, uint16(channels))
	b = binary.LittleEndian.AppendUint32(b, uint32(rate))
	b = binary.LittleEndian.AppendUint32(b, uint32(rate*align))
	b = binary.LittleEndian.AppendUint16(b, uint16(align))
	return binary.LittleEndian.AppendUint16(b, uint16(bits))
}

func extFmt(sub uint16, channels, rate, align, bits, valid int, tail []byte) []byte {
	b := fmtChunk(formatExtensible, channels, rate, align, bits)
	b = binary.LittleEndian.AppendUint16(b, 22)
	b = binary.LittleEndian.AppendUint16(b, uint16(valid))
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint16(b, sub)
	return append(b, tail...)
}

func le16(s ...int16) []byte {
	var b []byte
	for _, v := range s {
		b = binary.LittleEndian.AppendUint16(b, uint16(v))
	}
	return b
}

func readCases() []struct {
	name    string
	file    []byte
	want    []int16
	format  string
	errKind error
	msg     string
} {
	mono := fmtChunk(formatPCM, 1, 8000, 2, 16)
	return []struct {
		name    string
		file    []byte
		want    []int16
		format  string
		errKind error
		msg     string
	}{
		{name: "mono", file: newWAV().chunk("fmt ", mono).chunk("data", le16(1, -2, 3)).bytes(), want: []int16{1, -2, 3}, format: "PCM16"},
		{name: "stereo mix", file: newWAV().chunk("fmt ", fmtChunk(formatPCM, 2, 8000, 4, 16)).chunk("data", le16(100, 300, -100, -301, 32767, 32767)).bytes(), want: []int16{200, -200, 32767}, format: "PCM16"},
		{name: "odd LIST chunk skipped", file: newWAV().chunk("fmt ", mono).chunk("LIST", []byte("abc")).chunk("data", le16(7)).bytes(), want: []int16{7}, format: "PCM16"},
		{name: "fmt with cbSize", file: newWAV().chunk("fmt ", append(slices.Clone(mono), 0, 0)).chunk("data", le16(7)).bytes(), want: []int16{7}, format: "PCM16"},
		{name: "truncated data read to end", file: append(newWAV().chunk("fmt ", mono).bytes(), append([]byte("data\x10\x00\x00\x00"), le16(5, 6)...)...), want: []int16{5, 6}, format: "PCM16"},
		{name: "partial frame dropped", file: newWAV().chunk("fmt ", mono).chunk("data", append(le16(5), 9)).bytes(), want: []int16{5}, format: "PCM16"},
		{name: "empty data", file: newWAV().chunk("fmt ", mono).chunk("data", nil).bytes(), want: []int16{}, format: "PCM16"},
		{name: "mu-law", file: newWAV().chunk("fmt ", fmtChunk(formatMuLaw, 1, 8000, 1, 8)).chunk("data", []byte{0x80, 0xFF, 0x00}).bytes(), want: []int16{32124, 0, -32124}, format: "PCMU"},
		{name: "A-law stereo", file: newWAV().chunk("fmt ", fmtChunk(formatALaw, 2, 8000, 2, 8)).chunk("data", []byte{0xAA, 0x2A, 0xD5, 0xD5}).bytes(), want: []int16{0, 8}, format: "PCMA"},
		{name: "extensible PCM", file: newWAV().chunk("fmt ", extFmt(formatPCM, 1, 16000, 2, 16, 16, guidTail)).chunk("data", le16(4)).bytes(), want: []int16{4}, format: "PCM16"},
		{name: "extensible mu-law", file: newWAV().chunk("fmt ", extFmt(formatMuLaw, 1, 8000, 1, 8, 8, guidTail)).chunk("data", []byte{0x80}).bytes(), want: []int16{32124}, format: "PCMU"},

		{name: "empty", file: nil, errKind: ErrMalformed, msg: "wav: not a RIFF WAVE file: EOF"},
		{name: "not RIFF", file: []byte("RIFX\x00\x00\x00\x00WAVE"), errKind: ErrMalformed, msg: "wav: not a RIFF WAVE file"},
		{name: "AVI", file: []byte("RIFF\x00\x00\x00\x00AVI "), errKind: ErrMalformed, msg: "wav: not a RIFF WAVE file"},
		{name: "RF64", file: []byte("RF64\xff\xff\xff\xffWAVE"), errKind: ErrUnsupported, msg: `wav: unsupported container "RF64"; want RIFF`},
		{name: "no chunks", file: newWAV().bytes(), errKind: ErrMalformed, msg: "wav: no 'fmt ' chunk"},
		{name: "no data", file: newWAV().chunk("fmt ", mono).bytes(), errKind: ErrMalformed, msg: "wav: no 'data' chunk"},
		{name: "data first", file: newWAV().chunk("data", le16(1)).chunk("fmt ", mono).bytes(), errKind: ErrMalformed, msg: "wav: 'data' chunk before 'fmt ' chunk"},
		{name: "short fmt", file: newWAV().chunk("fmt ", mono[:14]).chunk("data", nil).bytes(), errKind: ErrMalformed, msg: "wav: 'fmt ' chunk of 14 bytes"},
		{name: "huge fmt", file: append(newWAV().bytes(), "fmt \xff\xff\xff\x7f"...), errKind: ErrMalformed, msg: "wav: 'fmt ' chunk of 2147483647 bytes"},
		{name: "cut fmt", file: append(newWAV().bytes(), "fmt \x10\x00\x00\x00\x01\x00"...), errKind: ErrMalformed, msg: "wav: short 'fmt ' chunk"},
		{name: "two fmt", file: newWAV().chunk("fmt ", mono).chunk("fmt ", mono).bytes(), errKind: ErrMalformed, msg: "wav: two 'fmt ' chunks"},
		{name: "truncated other chunk", file: append(newWAV().chunk("fmt ", mono).bytes(), "LIST\xff\x00\x00\x00abc"...), errKind: ErrMalformed, msg: `wav: truncated "LIST" chunk`},
		{name: "zero channels", file: newWAV().chunk("fmt ", fmtChunk(formatPCM, 0, 8000, 2, 16)).chunk("data", nil).bytes(), errKind: ErrMalformed, msg: "wav: 0 channels"},
		{name: "zero rate", file: newWAV().chunk("fmt ", fmtChunk(formatPCM, 1, 0, 2, 16)).chunk("data", nil).bytes(), errKind: ErrMalformed, msg: "wav: sample rate 0"},
		{name: "bad align", file: newWAV().chunk("fmt ", fmtChunk(formatPCM, 2, 8000, 2, 16)).chunk("data", nil).bytes(), errKind: ErrMalformed, msg: "wav: block align 2 for 2 channels of 16 bits, want 4"},
		{name: "12-bit G.711", file: newWAV().chunk("fmt ", fmtChunk(formatALaw, 1, 8000, 1, 12)).chunk("data", nil).bytes(), errKind: ErrMalformed, msg: "wav: G.711 with 12 bits per sample, want 8"},
		{name: "8-bit PCM", file: newWAV().chunk("fmt ", fmtChunk(formatPCM, 1, 8000, 1, 8)).chunk("data", nil).bytes(), errKind: ErrUnsupported, msg: "wav: unsupported PCM with 8 bits per sample; want PCM16, mu-law or A-law"},
		{name: "MP3", file: newWAV().chunk("fmt ", fmtChunk(formatMP3, 1, 8000, 1, 0)).chunk("data", nil).bytes(), errKind: ErrUnsupported, msg: "wav: unsupported format 85 (MP3); want PCM16, mu-law or A-law"},
		{name: "unknown tag", file: newWAV().chunk("fmt ", fmtChunk(0x1234, 1, 8000, 1, 0)).chunk("data", nil).bytes(), errKind: ErrUnsupported, msg: "wav: unsupported format 4660 (unknown); want PCM16, mu-law or A-law"},
		{name: "extensible float", file: newWAV().chunk("fmt ", extFmt(formatFloat, 1, 8000, 4, 32, 32, guidTail)).chunk("data", nil).bytes(), errKind: ErrUnsupported, msg: "wav: unsupported format 3 (float); want PCM16, mu-law or A-law"},
		{name: "extensible bad GUID", file: newWAV().chunk("fmt ", extFmt(formatPCM, 1, 8000, 2, 16, 16, make([]byte, 14))).chunk("data", nil).bytes(), errKind: ErrUnsupported, msg: "wav: unsupported WAVE_FORMAT_EXTENSIBLE sub-format 0100" + "0000000000000000000000000000; want PCM16, mu-law or A-law"},
		{name: "extensible short", file: newWAV().chunk("fmt ", fmtChunk(formatExtensible, 1, 8000, 2, 16)).chunk("data", nil).bytes(), errKind: ErrMalformed, msg: "wav: WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of 16 bytes, want 40"},
		{name: "extensible 12 valid bits", file: newWAV().chunk("fmt ", extFmt(formatPCM, 1, 8000, 2, 16, 12, guidTail)).chunk("data", nil).bytes(), errKind: ErrUnsupported, msg: "wav: unsupported PCM with 12 valid bits in 16-bit containers; want PCM16, mu-law or A-law"},
	}
}

func TestRead(t *testing.T) {
	for _, tt := range readCases() {
		t.Run(tt.name, func(t *testing.T) {
			// One byte at a time exercises every short read.
			a, err := Read(iotest.OneByteReader(bytes.NewReader(tt.file)))
			if tt.errKind != nil {
				if err == nil || !errors.Is(err, tt.errKind) || err.Error() != tt.msg {
					t.Fatalf("err = %v, want %q (%v)", err, tt.msg, tt.errKind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Samples, tt.want) || a.Format != tt.format {
				t.Errorf("got %v %q, want %v %q", a.Samples, a.Format, tt.want, tt.format)
			}
		})
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	file := newWAV().chunk("fmt ", fmtChunk(formatPCM, 1, 8000, 2, 16)).chunk("data", le16(1, 2, 3)).bytes()
	r := io.MultiReader(bytes.NewReader(file[:len(file)-2]), iotest.ErrReader(boom))
	if _, err := Read(r); !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
}

func TestHugeHeaderDoesNotPreallocate(t *testing.T) {
	// A header claiming 4 GB of data but holding 2 samples must not
	// allocate gigabytes.
	file := append(newWAV().chunk("fmt ", fmtChunk(formatPCM, 1, 8000, 2, 16)).bytes(), "data\xfe\xff\xff\xff"...)
	file = append(file, le16(1, 2)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	a, err := Read(bytes.NewReader(file))
	runtime.ReadMemStats(&after)
	if err != nil || len(a.Samples) != 2 {
		t.Fatalf("Read: %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
		t.Errorf("%d bytes allocated, want < 4 MiB", n)
	}
}

func FuzzRead(f *testing.F) {
	for _, tt := range readCases() {
		f.Add(tt.file)
	}
	for _, name := range []string{"tone8k-ulaw.wav", "tone8k-stereo.wav", "ext3ch.wav", "pipe.wav", "float32.wav"} {
		f.Add(readFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Read(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v wraps neither ErrMalformed nor ErrUnsupported", err)
			}
			return
		}
		if a.Rate < 1 || a.Channels < 1 || a.Format == "" {
			t.Fatalf("accepted file with rate %d channels %d format %q", a.Rate, a.Channels, a.Format)
		}
		if len(a.Samples) > len(data) {
			t.Fatalf("%d samples from %d bytes", len(a.Samples), len(data))
		}
		// What we read, we can write and read back.
		var buf bytes.Buffer
		if err := Write(&buf, a.Rate, a.Samples); err != nil {
			t.Fatal(err)
		}
		b, err := Read(&buf)
		if err != nil || !slices.Equal(a.Samples, b.Samples) {
			t.Fatalf("re-read: %v", err)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	if err := Write(&buf, 16000, sine(16000, 16000, 440, 10000)); err != nil {
		b.Fatal(err)
	}
	file := buf.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(file)); err != nil {
			b.Fatal(err)
		}
	}
}
