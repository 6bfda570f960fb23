package g722

import (
	"errors"
	"slices"
	"testing"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/internal/spectrum"
)

type collector struct {
	samples []int16
	calls   []int
	err     error
}

func (c *collector) WritePCM(s []int16) error {
	c.samples = append(c.samples, s...)
	c.calls = append(c.calls, len(s))
	return c.err
}

func (c *collector) String() string { return "collector" }

func pkt(ssrc, ts uint32, payload []byte) *rtp.Packet {
	return &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: PayloadType, SSRC: ssrc, Timestamp: ts}, Payload: payload}
}

func TestDecoderTimeline(t *testing.T) {
	p := make([]byte, 4) // 4 octets: 4 ticks, 8 samples
	tests := []struct {
		name  string
		pkts  []*rtp.Packet
		want  []int // samples per write
		stats DecoderStats
	}{
		{
			name:  "in order",
			pkts:  []*rtp.Packet{pkt(1, 100, p), pkt(1, 104, p), pkt(1, 108, p)},
			want:  []int{8, 8, 8},
			stats: DecoderStats{Packets: 3, Samples: 24},
		},
		{
			name:  "gap of 8 ticks is 16 samples of silence",
			pkts:  []*rtp.Packet{pkt(1, 100, p), pkt(1, 112, p)},
			want:  []int{8, 16, 8},
			stats: DecoderStats{Packets: 2, Samples: 16, Gaps: 1, SilenceSamples: 16},
		},
		{
			name:  "gap capped at 1 s",
			pkts:  []*rtp.Packet{pkt(1, 0, p), pkt(1, 4+5*ClockRate, p)},
			want:  []int{8, SampleRate, 8},
			stats: DecoderStats{Packets: 2, Samples: 16, Gaps: 1, SilenceSamples: SampleRate},
		},
		{
			name:  "stale packet dropped",
			pkts:  []*rtp.Packet{pkt(1, 100, p), pkt(1, 104, p), pkt(1, 100, p), pkt(1, 108, p)},
			want:  []int{8, 8, 8},
			stats: DecoderStats{Packets: 3, Samples: 24, Stale: 1},
		},
		{
			name:  "new SSRC resyncs",
			pkts:  []*rtp.Packet{pkt(1, 100, p), pkt(2, 9000, p)},
			want:  []int{8, 8},
			stats: DecoderStats{Packets: 2, Samples: 16, Resyncs: 1},
		},
		{
			name:  "jump back over 1 s resyncs",
			pkts:  []*rtp.Packet{pkt(1, 50000, p), pkt(1, 100, p)},
			want:  []int{8, 8},
			stats: DecoderStats{Packets: 2, Samples: 16, Resyncs: 1},
		},
		{
			name:  "timestamp wraps",
			pkts:  []*rtp.Packet{pkt(1, 0xFFFFFFFC, p), pkt(1, 0, p)},
			want:  []int{8, 8},
			stats: DecoderStats{Packets: 2, Samples: 16},
		},
		{
			name:  "empty payload ignored",
			pkts:  []*rtp.Packet{pkt(1, 100, p), pkt(1, 104, nil), pkt(1, 104, p)},
			want:  []int{8, 8},
			stats: DecoderStats{Packets: 2, Samples: 16},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c collector
			d := NewDecoder(&c)
			for _, p := range tt.pkts {
				if err := d.HandleRTP(p); err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(c.calls, tt.want) {
				t.Errorf("writes %v, want %v", c.calls, tt.want)
			}
			if d.Stats() != tt.stats {
				t.Errorf("stats %+v, want %+v", d.Stats(), tt.stats)
			}
		})
	}
}

// TestDecoderStream checks that a stream cut into 20 ms packets decodes to
// the same samples as the raw decoder on the whole stream, and that a new
// SSRC resets the coder state.
func TestDecoderStream(t *testing.T) {
	x := spectrum.Sine(3200, SampleRate, 700, 9000, 0)
	codes := make([]byte, 1600)
	NewEncoder().Encode(codes, x)
	want := make([]int16, 3200)
	NewRawDecoder().Decode(want, codes)

	var c collector
	d := NewDecoder(&c)
	for i := 0; i < len(codes); i += 160 {
		if err := d.HandleRTP(pkt(7, uint32(1000+i), codes[i:i+160])); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(c.samples, want) {
		t.Fatal("stage output differs from the raw decoder's")
	}
	c.samples = nil
	if err := d.HandleRTP(pkt(8, 5, codes[:160])); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.samples, want[:320]) {
		t.Error("a new SSRC did not restart the coder state")
	}
}

func TestDecoderError(t *testing.T) {
	boom := errors.New("boom")
	c := collector{err: boom}
	d := NewDecoder(&c)
	if err := d.HandleRTP(pkt(1, 0, make([]byte, 160))); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the next stage's", err)
	}
}

func TestDecoderString(t *testing.T) {
	var c collector
	if got, want := media.Chain(NewDecoder(&c)), "G722 decode -> collector"; got != want {
		t.Errorf("Chain = %q, want %q", got, want)
	}
}

func BenchmarkDecoderHandleRTP(b *testing.B) {
	codes := make([]byte, 160)
	NewEncoder().Encode(codes, spectrum.Sine(320, SampleRate, 1000, 8000, 0))
	d := NewDecoder(media.PCMWriterFunc(func([]int16) error { return nil }))
	p := pkt(1, 0, codes)
	b.ReportAllocs()
	for b.Loop() {
		p.Timestamp += 160
		if err := d.HandleRTP(p); err != nil {
			b.Fatal(err)
		}
	}
}
