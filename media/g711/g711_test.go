package g711

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readGzip(t testing.TB, name string) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(readFile(t, name)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func le16(s []int16) []byte {
	b := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

func fromLE16(b []byte) []int16 {
	s := make([]int16, len(b)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return s
}

// firstDiff reports the first index where a and b differ, for messages.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

type law struct {
	name   string
	ext    string
	encode func([]byte) []byte
	decode func([]byte) []byte
	encF   func(int16) uint8
	decF   func(uint8) int16
	encTo  func([]byte, []int16) int
	decTo  func([]int16, []byte) int
}

var laws = []law{
	{"mu-law", "ul", EncodeUlaw, DecodeUlaw, EncodeUlawFrame, DecodeUlawFrame, EncodeUlawTo, DecodeUlawTo},
	{"A-law", "al", EncodeAlaw, DecodeAlaw, EncodeAlawFrame, DecodeAlawFrame, EncodeAlawTo, DecodeAlawTo},
}

// TestEncodeAllInputsMatchSox compands every int16 value and compares with
// SoX's output for the same ramp (testdata/ramp.*.gz, see gen_testdata.go).
func TestEncodeAllInputsMatchSox(t *testing.T) {
	ramp := make([]int16, 0, 1<<16)
	for v := math.MinInt16; v <= math.MaxInt16; v++ {
		ramp = append(ramp, int16(v))
	}
	in := le16(ramp)
	for _, l := range laws {
		t.Run(l.name, func(t *testing.T) {
			want := readGzip(t, "ramp."+l.ext+".gz")
			got := l.encode(in)
			if !bytes.Equal(got, want) {
				i := firstDiff(got, want)
				t.Fatalf("differs from sox at input %d: got %#02x, sox %#02x", ramp[i], got[i], want[i])
			}
		})
	}
}

func TestSweepMatchesSox(t *testing.T) {
	in := readFile(t, "sweep.s16")
	for _, l := range laws {
		t.Run(l.name, func(t *testing.T) {
			enc := readFile(t, "sweep."+l.ext)
			if got := l.encode(in); !bytes.Equal(got, enc) {
				i := firstDiff(got, enc)
				t.Errorf("encode differs from sox at sample %d: got %#02x, sox %#02x", i, got[i], enc[i])
			}
			dec := readFile(t, "sweep."+l.ext+".s16")
			if got := l.decode(enc); !bytes.Equal(got, dec) {
				i := firstDiff(got, dec) / 2
				t.Errorf("decode differs from sox at sample %d", i)
			}
		})
	}
}

func TestDecodeAllCodesMatchSox(t *testing.T) {
	for _, l := range laws {
		t.Run(l.name, func(t *testing.T) {
			codes := readFile(t, "codes."+l.ext)
			want := fromLE16(readFile(t, "codes."+l.ext+".s16"))
			got := fromLE16(l.decode(codes))
			if len(got) != 256 || len(want) != 256 {
				t.Fatalf("len got %d want %d, want 256", len(got), len(want))
			}
			for c := range 256 {
				if got[c] != want[c] {
					t.Errorf("code %#02x: got %d, sox %d", c, got[c], want[c])
				}
				if f := l.decF(uint8(c)); f != want[c] {
					t.Errorf("frame decode %#02x: got %d, sox %d", c, f, want[c])
				}
			}
		})
	}
}

// TestSpecValues checks points straight from G.711 Tables 1 and 2.
func TestSpecValues(t *testing.T) {
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"ulaw encode 0", int(EncodeUlawFrame(0)), 0xFF},
		{"ulaw encode -1", int(EncodeUlawFrame(-1)), 0xFF}, // rounds to 0
		{"ulaw encode -2", int(EncodeUlawFrame(-2)), 0xFF}, // rounds to 0
		{"ulaw encode -3", int(EncodeUlawFrame(-3)), 0x7E}, // rounds to -1: smallest negative step
		{"ulaw encode max", int(EncodeUlawFrame(math.MaxInt16)), 0x80},
		{"ulaw encode min", int(EncodeUlawFrame(math.MinInt16)), 0x00},
		{"ulaw decode 0x80", int(DecodeUlawFrame(0x80)), 32124},
		{"ulaw decode 0x00", int(DecodeUlawFrame(0x00)), -32124},
		{"ulaw decode 0xFF", int(DecodeUlawFrame(0xFF)), 0},
		{"ulaw decode 0x7F", int(DecodeUlawFrame(0x7F)), 0},
		{"ulaw decode 0xFE", int(DecodeUlawFrame(0xFE)), 8},
		{"alaw encode 0", int(EncodeAlawFrame(0)), 0xD5},
		{"alaw encode -8", int(EncodeAlawFrame(-8)), 0x55},
		{"alaw encode max", int(EncodeAlawFrame(math.MaxInt16)), 0xAA},
		{"alaw encode min", int(EncodeAlawFrame(math.MinInt16)), 0x2A},
		{"alaw decode 0xD5", int(DecodeAlawFrame(0xD5)), 8},
		{"alaw decode 0x55", int(DecodeAlawFrame(0x55)), -8},
		{"alaw decode 0xAA", int(DecodeAlawFrame(0xAA)), 32256},
		{"alaw decode 0x2A", int(DecodeAlawFrame(0x2A)), -32256},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %#x, want %#x", tt.name, tt.got, tt.want)
		}
	}
}

// TestRoundTripAllCodes: decoding a code and encoding the result gives the
// code back, except mu-law's negative zero (0x7F), which decodes to 0 and
// re-encodes as positive zero (0xFF).
func TestRoundTripAllCodes(t *testing.T) {
	for _, l := range laws {
		for c := range 256 {
			want := uint8(c)
			if l.ext == "ul" && c == 0x7F {
				want = 0xFF
			}
			if got := l.encF(l.decF(uint8(c))); got != want {
				t.Errorf("%s: encode(decode(%#02x)) = %#02x, want %#02x", l.name, c, got, want)
			}
		}
	}
}

// TestQuantisationError checks the whole transfer function: monotonic, and
// every input decodes to within half a quantisation step (plus the 14/13-bit
// rounding) of itself, except where it is clipped at full scale.
func TestQuantisationError(t *testing.T) {
	for _, l := range laws {
		levels := make([]int, 0, 256)
		for c := range 256 {
			levels = append(levels, int(l.decF(uint8(c))))
		}
		slices.Sort(levels)
		levels = slices.Compact(levels)
		prev := math.MinInt
		for v := math.MinInt16; v <= math.MaxInt16; v++ {
			y := int(l.decF(l.encF(int16(v))))
			if y < prev {
				t.Fatalf("%s: not monotonic at %d: %d after %d", l.name, v, y, prev)
			}
			prev = y
			if i, _ := slices.BinarySearch(levels, y); levels[i] != y {
				t.Fatalf("%s: %d decoded to %d, not a level", l.name, v, y)
			}
			i, _ := slices.BinarySearch(levels, v) // levels[i-1] < v <= levels[i]
			if i == 0 || i == len(levels) {
				continue // beyond the outermost levels: clipped
			}
			// Widest of the interval holding v and its neighbours: at a
			// segment boundary the decision level sits between steps.
			step := levels[i] - levels[i-1]
			if i+1 < len(levels) {
				step = max(step, levels[i+1]-levels[i])
			}
			if i-2 >= 0 {
				step = max(step, levels[i-1]-levels[i-2])
			}
			if d := y - v; d > step/2+4 || d < -step/2-4 {
				t.Fatalf("%s: %d decodes to %d (error %d > %d)", l.name, v, y, d, step/2+4)
			}
		}
	}
}

func TestSliceFormsAgree(t *testing.T) {
	in := fromLE16(readFile(t, "sweep.s16"))
	for _, l := range laws {
		codes := l.encode(le16(in))
		to := make([]byte, len(in)+10)
		if n := l.encTo(to, in); n != len(in) {
			t.Fatalf("%s: EncodeTo wrote %d, want %d", l.name, n, len(in))
		}
		if !bytes.Equal(to[:len(in)], codes) {
			t.Errorf("%s: EncodeTo differs from Encode", l.name)
		}
		for i, s := range in {
			if l.encF(s) != codes[i] {
				t.Fatalf("%s: frame encode differs at %d", l.name, i)
			}
		}
		pcm := make([]int16, 7)
		if n := l.decTo(pcm, codes); n != 7 {
			t.Errorf("%s: DecodeTo into short dst wrote %d, want 7", l.name, n)
		}
		dec := make([]int16, len(codes))
		l.decTo(dec, codes)
		if !bytes.Equal(le16(dec), l.decode(codes)) {
			t.Errorf("%s: DecodeTo differs from Decode", l.name)
		}
	}
	if got := EncodeUlaw([]byte{1, 2, 3}); len(got) != 1 {
		t.Errorf("odd trailing byte: got %d codes, want 1", len(got))
	}
}

func TestLawMethods(t *testing.T) {
	in := fromLE16(readFile(t, "sweep.s16"))
	for _, tt := range []struct {
		law  Law
		name string
		pt   uint8
		l    law
	}{{MuLaw, "PCMU", 0, laws[0]}, {ALaw, "PCMA", 8, laws[1]}} {
		if tt.law.String() != tt.name || tt.law.PayloadType() != tt.pt {
			t.Errorf("%v: name %q pt %d", tt.law, tt.law.String(), tt.law.PayloadType())
		}
		codes := make([]byte, len(in))
		tt.law.EncodeTo(codes, in)
		if !bytes.Equal(codes, tt.l.encode(le16(in))) {
			t.Errorf("%v: EncodeTo differs", tt.law)
		}
		pcm := make([]int16, len(codes))
		tt.law.DecodeTo(pcm, codes)
		if !bytes.Equal(le16(pcm), tt.l.decode(codes)) {
			t.Errorf("%v: DecodeTo differs", tt.law)
		}
	}
	if s := Law(9).String(); s != "Law(9)" {
		t.Errorf("invalid law String = %q", s)
	}
}

func FuzzCodec(f *testing.F) {
	f.Add(readFile(f, "sweep.s16"))
	f.Add(readFile(f, "codes.ul"))
	f.Add([]byte{0xff, 0x7f, 0x00, 0x80, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, l := range laws {
			// Codes: decode, encode, decode is stable.
			pcm := l.decode(data)
			again := l.decode(l.encode(pcm))
			if !bytes.Equal(pcm, again) {
				t.Fatalf("%s: decode(encode(decode(x))) != decode(x)", l.name)
			}
			// Linear input: slice and frame forms agree, and the output
			// stays monotonic-consistent with the input sign.
			codes := l.encode(data)
			in := fromLE16(data)
			for i, s := range in {
				if codes[i] != l.encF(s) {
					t.Fatalf("%s: slice/frame mismatch at %d", l.name, i)
				}
				y := l.decF(codes[i])
				if (s > 64 && y <= 0) || (s < -64 && y >= 0) {
					t.Fatalf("%s: %d decoded to %d (sign flip)", l.name, s, y)
				}
			}
		}
	})
}

const frame = 160 // 20 ms at 8 kHz

func benchInput() ([]int16, []byte) {
	pcm := make([]int16, frame)
	for i := range pcm {
		pcm[i] = int16(8000 * math.Sin(float64(i)*0.3))
	}
	return pcm, EncodeUlaw(le16(pcm))
}

func BenchmarkDecodeUlawTo(b *testing.B) {
	_, codes := benchInput()
	dst := make([]int16, frame)
	b.ReportAllocs()
	for b.Loop() {
		DecodeUlawTo(dst, codes)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*frame), "ns/sample")
}

func BenchmarkDecodeAlawTo(b *testing.B) {
	_, codes := benchInput()
	dst := make([]int16, frame)
	b.ReportAllocs()
	for b.Loop() {
		DecodeAlawTo(dst, codes)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*frame), "ns/sample")
}

func BenchmarkEncodeUlawTo(b *testing.B) {
	pcm, _ := benchInput()
	dst := make([]byte, frame)
	b.ReportAllocs()
	for b.Loop() {
		EncodeUlawTo(dst, pcm)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*frame), "ns/sample")
}

func BenchmarkEncodeAlawTo(b *testing.B) {
	pcm, _ := benchInput()
	dst := make([]byte, frame)
	b.ReportAllocs()
	for b.Loop() {
		EncodeAlawTo(dst, pcm)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*frame), "ns/sample")
}

func BenchmarkDecodeUlawBytes(b *testing.B) {
	_, codes := benchInput()
	b.ReportAllocs()
	for b.Loop() {
		DecodeUlaw(codes)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*frame), "ns/sample")
}
