package l16

import (
	"errors"
	"slices"
	"testing"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

func TestDecodeTo(t *testing.T) {
	tests := []struct {
		in   []byte
		want []int16
	}{
		{nil, []int16{}},
		{[]byte{0x00, 0x01}, []int16{1}},
		{[]byte{0x01, 0x00}, []int16{256}},
		{[]byte{0x7F, 0xFF, 0x80, 0x00, 0xFF, 0xFF}, []int16{32767, -32768, -1}},
		{[]byte{0x12, 0x34, 0x56}, []int16{0x1234}}, // trailing byte ignored
	}
	for _, tt := range tests {
		got := make([]int16, len(tt.in)/2)
		if n := DecodeTo(got, tt.in); n != len(tt.want) || !slices.Equal(got, tt.want) {
			t.Errorf("DecodeTo(% x) = %v (%d), want %v", tt.in, got, n, tt.want)
		}
	}
}

func TestRoundTripAllValues(t *testing.T) {
	all := make([]int16, 65536)
	for i := range all {
		all[i] = int16(i - 32768)
	}
	b := make([]byte, 2*len(all))
	EncodeTo(b, all)
	if b[0] != 0x80 || b[1] != 0x00 {
		t.Fatalf("-32768 encoded as % x, want 80 00 (big-endian)", b[:2])
	}
	back := make([]int16, len(all))
	DecodeTo(back, b)
	if !slices.Equal(back, all) {
		t.Fatal("round trip changed samples")
	}
}

type collector struct{ samples []int16 }

func (c *collector) WritePCM(s []int16) error { c.samples = append(c.samples, s...); return nil }
func (c *collector) String() string           { return "collector" }

func TestDecoder(t *testing.T) {
	var c collector
	d := NewDecoder(16000, &c)
	if got, want := media.Chain(d), "L16/16000 decode -> collector"; got != want {
		t.Errorf("Chain = %q, want %q", got, want)
	}
	for _, p := range [][]byte{{0x00, 0x02, 0xFF, 0xFE}, {}, {0x7F, 0xFF}} {
		if err := d.HandleRTP(&rtp.Packet{Payload: p}); err != nil {
			t.Fatal(err)
		}
	}
	if want := []int16{2, -2, 32767}; !slices.Equal(c.samples, want) {
		t.Errorf("samples %v, want %v", c.samples, want)
	}
	if err := d.HandleRTP(&rtp.Packet{Payload: []byte{1, 2, 3}}); !errors.Is(err, ErrOddPayload) {
		t.Errorf("odd payload: err = %v, want ErrOddPayload", err)
	}
	if len(c.samples) != 3 {
		t.Error("odd payload wrote samples")
	}
}

func FuzzDecodeTo(f *testing.F) {
	f.Add([]byte{0x12, 0x34, 0x56})
	f.Fuzz(func(t *testing.T, b []byte) {
		s := make([]int16, len(b)/2)
		n := DecodeTo(s, b)
		back := make([]byte, 2*n)
		EncodeTo(back, s)
		if !slices.Equal(back, b[:2*n]) {
			t.Fatal("decode/encode is not the identity")
		}
	})
}

func BenchmarkDecoderHandleRTP(b *testing.B) {
	d := NewDecoder(16000, media.PCMWriterFunc(func([]int16) error { return nil }))
	p := &rtp.Packet{Payload: make([]byte, 640)} // 20 ms at 16 kHz
	b.ReportAllocs()
	for b.Loop() {
		if err := d.HandleRTP(p); err != nil {
			b.Fatal(err)
		}
	}
}
