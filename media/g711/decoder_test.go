package g711

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

// collector records what reaches it; each write is one element of calls.
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

func pkt(ssrc uint32, ts uint32, payload ...byte) *rtp.Packet {
	return &rtp.Packet{Header: rtp.Header{Version: 2, SSRC: ssrc, Timestamp: ts}, Payload: payload}
}

// code values with easily recognised decodings.
const (
	uZero = 0xFF // 0
	uPos  = 0x80 // 32124
	aPos  = 0xAA // 32256
)

func TestDecoderTimeline(t *testing.T) {
	big := make([]byte, 4) // 4-sample packets keep the numbers readable
	for i := range big {
		big[i] = uPos
	}
	tests := []struct {
		name    string
		pkts    []*rtp.Packet
		want    []int // per write: >0 decoded samples, <0 silence samples
		stats   DecoderStats
		wantLen int
	}{
		{
			name:  "in order",
			pkts:  []*rtp.Packet{pkt(1, 100, big...), pkt(1, 104, big...), pkt(1, 108, big...)},
			want:  []int{4, 4, 4},
			stats: DecoderStats{Packets: 3, Samples: 12},
		},
		{
			name:  "forward gap filled",
			pkts:  []*rtp.Packet{pkt(1, 100, big...), pkt(1, 112, big...)},
			want:  []int{4, -8, 4},
			stats: DecoderStats{Packets: 2, Samples: 8, Gaps: 1, SilenceSamples: 8},
		},
		{
			name:  "gap capped at 1 s",
			pkts:  []*rtp.Packet{pkt(1, 0, big...), pkt(1, 4+5*SampleRate, big...), pkt(1, 8+5*SampleRate, big...)},
			want:  []int{4, -SampleRate, 4, 4},
			stats: DecoderStats{Packets: 3, Samples: 12, Gaps: 1, SilenceSamples: SampleRate},
		},
		{
			name:  "stale packet dropped",
			pkts:  []*rtp.Packet{pkt(1, 100, big...), pkt(1, 104, big...), pkt(1, 100, big...), pkt(1, 108, big...)},
			want:  []int{4, 4, 4},
			stats: DecoderStats{Packets: 3, Samples: 12, Stale: 1},
		},
		{
			name:  "jump back over 1 s resyncs",
			pkts:  []*rtp.Packet{pkt(1, 50000, big...), pkt(1, 100, big...), pkt(1, 104, big...)},
			want:  []int{4, 4, 4},
			stats: DecoderStats{Packets: 3, Samples: 12, Resyncs: 1},
		},
		{
			name:  "new SSRC resyncs",
			pkts:  []*rtp.Packet{pkt(1, 100, big...), pkt(2, 9000, big...), pkt(2, 9004, big...)},
			want:  []int{4, 4, 4},
			stats: DecoderStats{Packets: 3, Samples: 12, Resyncs: 1},
		},
		{
			name:  "timestamp wraps",
			pkts:  []*rtp.Packet{pkt(1, 0xFFFFFFFC, big...), pkt(1, 0, big...), pkt(1, 8, big...)},
			want:  []int{4, 4, -4, 4},
			stats: DecoderStats{Packets: 3, Samples: 12, Gaps: 1, SilenceSamples: 4},
		},
		{
			name:  "empty payload ignored",
			pkts:  []*rtp.Packet{pkt(1, 100, big...), pkt(1, 104), pkt(1, 104, big...)},
			want:  []int{4, 4},
			stats: DecoderStats{Packets: 2, Samples: 8},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c collector
			d := NewDecoder(MuLaw, &c)
			for _, p := range tt.pkts {
				if err := d.HandleRTP(p); err != nil {
					t.Fatal(err)
				}
			}
			var got []int
			off := 0
			for _, n := range c.calls {
				seg := c.samples[off : off+n]
				off += n
				switch {
				case allEqual(seg, 0):
					got = append(got, -n)
				case allEqual(seg, 32124):
					got = append(got, n)
				default:
					t.Fatalf("unexpected samples %v", seg)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("writes %v, want %v", got, tt.want)
			}
			if d.Stats() != tt.stats {
				t.Errorf("stats %+v, want %+v", d.Stats(), tt.stats)
			}
		})
	}
}

func allEqual(s []int16, v int16) bool {
	for _, x := range s {
		if x != v {
			return false
		}
	}
	return true
}

func TestDecoderLaws(t *testing.T) {
	for _, tt := range []struct {
		law  Law
		code byte
		want int16
		name string
	}{{MuLaw, uPos, 32124, "PCMU decode"}, {ALaw, aPos, 32256, "PCMA decode"}} {
		var c collector
		d := NewDecoder(tt.law, &c)
		if err := d.HandleRTP(pkt(7, 0, tt.code, tt.code)); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.samples, []int16{tt.want, tt.want}) {
			t.Errorf("%v: got %v", tt.law, c.samples)
		}
		if d.String() != tt.name {
			t.Errorf("String = %q, want %q", d.String(), tt.name)
		}
		if got := media.Chain(d); got != tt.name+" -> collector" {
			t.Errorf("Chain = %q", got)
		}
	}
}

func TestDecoderSilenceIsZeroAfterDownstreamWrites(t *testing.T) {
	// A downstream stage that (wrongly) modifies its input must not turn
	// the next gap into noise.
	scribble := media.PCMWriterFunc(func(s []int16) error {
		for i := range s {
			s[i] = 1234
		}
		return nil
	})
	var c collector
	d := NewDecoder(MuLaw, media.PCMWriterFunc(func(s []int16) error {
		if err := c.WritePCM(s); err != nil {
			return err
		}
		return scribble(s)
	}))
	for _, p := range []*rtp.Packet{pkt(1, 0, uZero), pkt(1, 3, uZero), pkt(1, 6, uZero)} {
		if err := d.HandleRTP(p); err != nil {
			t.Fatal(err)
		}
	}
	if !allEqual(c.samples, 0) {
		t.Errorf("silence not zero: %v", c.samples)
	}
}

func TestDecoderPassesError(t *testing.T) {
	want := errors.New("downstream closed")
	c := collector{err: want}
	d := NewDecoder(ALaw, &c)
	if err := d.HandleRTP(pkt(1, 0, aPos)); !errors.Is(err, want) {
		t.Errorf("err = %v, want %v", err, want)
	}
	// The failed gap write still advances the timeline.
	if err := d.HandleRTP(pkt(1, 10, aPos)); !errors.Is(err, want) {
		t.Errorf("gap err = %v, want %v", err, want)
	}
	c.err = nil
	n := len(c.samples)
	if err := d.HandleRTP(pkt(1, 11, aPos)); err != nil {
		t.Fatal(err)
	}
	if len(c.samples) != n+1 {
		t.Errorf("wrote %d samples after error recovery, want 1", len(c.samples)-n)
	}
}

func TestDecoderInvalidLawPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || fmt.Sprint(r) != "g711: invalid Law(0)" {
			t.Errorf("recover() = %v", r)
		}
	}()
	NewDecoder(0, &collector{})
}

func TestDecoderNoAllocs(t *testing.T) {
	d := NewDecoder(MuLaw, media.PCMWriterFunc(func([]int16) error { return nil }))
	p := pkt(1, 0, make([]byte, 160)...)
	allocs := testing.AllocsPerRun(1000, func() {
		// Every other packet is lost: a gap, then a packet.
		p.Timestamp += 320
		if err := d.HandleRTP(p); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocs per packet, want 0", allocs)
	}
}

func BenchmarkDecoder(b *testing.B) {
	d := NewDecoder(MuLaw, media.PCMWriterFunc(func([]int16) error { return nil }))
	_, codes := benchInput()
	p := pkt(1, 0, codes...)
	b.ReportAllocs()
	for b.Loop() {
		p.Timestamp += frame
		if err := d.HandleRTP(p); err != nil {
			b.Fatal(err)
		}
	}
}
