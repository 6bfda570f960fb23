package opus

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
}

func (c *collector) WritePCM(s []int16) error { c.samples = append(c.samples, s...); return nil }
func (c *collector) String() string           { return "collector" }

func opusPkt(ssrc uint32, seq uint16, ts uint32, payload []byte) *rtp.Packet {
	return &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 111, SSRC: ssrc, SequenceNumber: seq, Timestamp: ts}, Payload: payload}
}

// testPackets codes 1 s of a 440 Hz tone with a little noise at 16 kHz,
// with FEC on, and returns the 50 packets.
func testPackets(t testing.TB) [][]byte {
	x := spectrum.Sine(16000, 16000, 440, 8000, 0)
	var s uint32 = 1
	for i := range x {
		s = s*1664525 + 1013904223
		x[i] += int16(s>>24) - 128
	}
	return encodeAll(t, newEncoder(t, 16000, 24000, true), x)
}

func newRTPDecoder(t testing.TB, rate int, next media.PCMWriter) *RTPDecoder {
	t.Helper()
	r, err := NewRTPDecoder(rate, next)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestRTPDecoderPadding sends a browser's stream: padding-only packets
// before the first Opus frame and between frames, all in sequence. They
// are skipped without concealment and the audio equals a plain decode.
func TestRTPDecoderPadding(t *testing.T) {
	pkts := testPackets(t)
	var want []int16
	dec := newDecoder(t, 16000)
	pcm := make([]int16, 1920)
	for _, p := range pkts {
		n, err := dec.Decode(pcm, p)
		must(t, err)
		want = append(want, pcm[:n]...)
	}

	var c collector
	r := newRTPDecoder(t, 16000, &c)
	seq := uint16(65530) // wraps
	var ts uint32 = 1234
	send := func(payload []byte) {
		must(t, r.HandleRTP(opusPkt(9, seq, ts, payload)))
		seq++
	}
	for range 3 {
		send(nil) // padding before the first frame
	}
	for i, p := range pkts {
		send(p)
		ts += 960
		if i%10 == 5 {
			send([]byte{}) // padding between frames, same timestamp as the next
		}
	}
	st := r.Stats()
	if st.Padding != 3+5 || st.Lost != 0 || st.Concealed != 0 || st.Packets != uint64(len(pkts)) {
		t.Errorf("stats %+v", st)
	}
	if !slices.Equal(c.samples, want) {
		t.Errorf("stage output (%d samples) differs from a plain decode (%d)", len(c.samples), len(want))
	}
}

// TestRTPDecoderLoss drops packets and checks that the timeline stays
// continuous and that each single loss goes through FEC.
func TestRTPDecoderLoss(t *testing.T) {
	pkts := testPackets(t)
	tests := []struct {
		name    string
		drop    func(i int) bool
		lost    uint64
		fec     uint64
		silence uint64
	}{
		{name: "every fifth packet", drop: func(i int) bool { return i%5 == 2 }, lost: 10, fec: 10},
		{name: "bursts of three", drop: func(i int) bool { return i%10 >= 3 && i%10 < 6 }, lost: 15, fec: 5},
		{name: "seven in a row", drop: func(i int) bool { return i >= 10 && i < 17 }, lost: 7, fec: 1, silence: 16000 * 20 / 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c collector
			r := newRTPDecoder(t, 16000, &c)
			for i, p := range pkts {
				if tt.drop(i) {
					continue
				}
				must(t, r.HandleRTP(opusPkt(1, uint16(i), uint32(i*960), p)))
			}
			st := r.Stats()
			if len(c.samples) != len(pkts)*320 {
				t.Errorf("%d samples, want %d (continuous timeline)", len(c.samples), len(pkts)*320)
			}
			if st.Lost != tt.lost || st.FEC != tt.fec || st.Silence != tt.silence {
				t.Errorf("stats %+v; want lost %d, FEC %d, silence %d", st, tt.lost, tt.fec, tt.silence)
			}
		})
	}
}

// TestRTPDecoderTimeline covers gaps without loss (DTX), stale and
// duplicate packets, undecodable packets and a new SSRC.
func TestRTPDecoderTimeline(t *testing.T) {
	pkts := testPackets(t)
	var c collector
	r := newRTPDecoder(t, 16000, &c)
	send := func(ssrc uint32, seq uint16, ts uint32, p []byte) {
		t.Helper()
		must(t, r.HandleRTP(opusPkt(ssrc, seq, ts, p)))
	}
	send(1, 10, 0, pkts[0])
	send(1, 11, 960, pkts[1])
	// DTX: the sender paused for 200 ms, sequence numbers continue.
	send(1, 12, 960*12, pkts[2])
	if st := r.Stats(); st.Lost != 0 || st.Concealed != 1920 || st.Silence != 1280 || len(c.samples) != 13*320 {
		t.Fatalf("after a 200 ms pause: stats %+v, %d samples", st, len(c.samples))
	}
	send(1, 11, 960, pkts[1]) // duplicate
	if st := r.Stats(); st.Stale != 1 || len(c.samples) != 13*320 {
		t.Fatalf("duplicate: stats %+v", st)
	}
	send(1, 13, 960*13, []byte{0x0B}) // undecodable: counted, treated as lost
	send(1, 14, 960*14, pkts[3])
	if st := r.Stats(); st.Invalid != 1 || len(c.samples) != 15*320 {
		t.Fatalf("invalid packet: stats %+v, %d samples", st, len(c.samples))
	}
	send(2, 500, 777, pkts[4]) // new stream
	if st := r.Stats(); st.Resyncs != 1 || len(c.samples) != 16*320 {
		t.Fatalf("new SSRC: stats %+v, %d samples", st, len(c.samples))
	}
	if got, want := media.Chain(r), "Opus decode 16000 -> collector"; got != want {
		t.Errorf("Chain = %q, want %q", got, want)
	}
	must(t, r.Close())
	if err := r.HandleRTP(opusPkt(2, 501, 777+960, pkts[5])); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestRTPDecoderNextError(t *testing.T) {
	boom := errors.New("boom")
	r := newRTPDecoder(t, 48000, media.PCMWriterFunc(func([]int16) error { return boom }))
	if err := r.HandleRTP(opusPkt(1, 1, 0, testPackets(t)[0])); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the next stage's", err)
	}
}

func BenchmarkRTPDecoder20ms(b *testing.B) {
	pkts := testPackets(b)
	r := newRTPDecoder(b, 16000, media.PCMWriterFunc(func([]int16) error { return nil }))
	p := opusPkt(1, 0, 0, nil)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Payload = pkts[i%len(pkts)]
		p.SequenceNumber = uint16(i)
		p.Timestamp = uint32(i * 960)
		if err := r.HandleRTP(p); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
