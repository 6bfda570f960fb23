package media_test

import (
	"math"
	"slices"
	"testing"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/reorder"
	"github.com/earshot/earshot/media/resample"
)

type sink struct{ s []int16 }

func (k *sink) WritePCM(s []int16) error { k.s = append(k.s, s...); return nil }
func (k *sink) String() string           { return "sink" }

// pipeline is the inbound path of a G.711 call.
type pipeline struct {
	reorder *reorder.Buffer
	up      *resample.Resampler
}

func newPipeline(t testing.TB, out media.PCMWriter) *pipeline {
	t.Helper()
	fill, err := resample.NewBandFill(16000, resample.BandFillLevel, 42, out)
	if err != nil {
		t.Fatal(err)
	}
	up, err := resample.New(8000, 16000, fill)
	if err != nil {
		t.Fatal(err)
	}
	dec := g711.NewDecoder(g711.MuLaw, up)
	return &pipeline{reorder: reorder.New(dec, reorder.Options{Depth: 5}), up: up}
}

func sweep(n int) []int16 {
	s := make([]int16, n)
	ph := 0.0
	for i := range s {
		ph += 2 * math.Pi * (200 + 3000*float64(i)/float64(n)) / 8000
		s[i] = int16(8000 * math.Sin(ph))
	}
	return s
}

// TestInboundChain sends a signal as PCMU packets through reordering,
// duplication and loss, and checks the 16 kHz output is exactly the
// signal with silence where packets were lost, resampled and band-filled
// in one go: every stage is chunking-invariant and the timeline continuous.
func TestInboundChain(t *testing.T) {
	const (
		frame   = 160
		packets = 200
		seq0    = 65500 // wraps during the test
		ts0     = 0xFFFF0000
	)
	signal := sweep(frame * packets)
	lost := map[int]bool{17: true, 18: true, 60: true, 61: true, 62: true, 150: true}

	// Arrival order: mostly in order, some pairs swapped, one packet three
	// places late, duplicates.
	var order []int
	for i := range packets {
		if !lost[i] {
			order = append(order, i)
		}
	}
	for _, i := range []int{5, 40, 99, 130} {
		j := slices.Index(order, i)
		order[j], order[j+1] = order[j+1], order[j]
	}
	j := slices.Index(order, 120)
	order = slices.Insert(slices.Delete(order, j, j+1), j+3, 120)
	order = slices.Insert(order, 30, order[28])
	order = slices.Insert(order, 80, order[80])

	var out sink
	p := newPipeline(t, &out)
	if got, want := media.Chain(p.reorder), "Reorder(5) -> PCMU decode -> Resample 8000->16000 -> BandFill(-60dBFS) -> sink"; got != want {
		t.Errorf("Chain = %q, want %q", got, want)
	}
	buf := make([]byte, 12+frame)
	for _, i := range order {
		pkt := &rtp.Packet{Header: rtp.Header{Version: 2, SSRC: 7,
			SequenceNumber: uint16(seq0 + i), Timestamp: uint32(ts0 + i*frame)}}
		pkt.Payload = buf[12 : 12+frame]
		g711.EncodeUlawTo(pkt.Payload, signal[i*frame:(i+1)*frame])
		if err := p.reorder.HandleRTP(pkt); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.reorder.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := p.up.Flush(); err != nil {
		t.Fatal(err)
	}

	// Reference: the signal through G.711 with lost packets as zeros,
	// resampled and band-filled in one chunk each.
	ref := make([]int16, len(signal))
	codes := make([]byte, len(signal))
	g711.EncodeUlawTo(codes, signal)
	g711.DecodeUlawTo(ref, codes)
	for i := range lost {
		clear(ref[i*frame : (i+1)*frame])
	}
	up, err := resample.Convert(ref, 8000, 16000)
	if err != nil {
		t.Fatal(err)
	}
	var want sink
	fill, err := resample.NewBandFill(16000, resample.BandFillLevel, 42, &want)
	if err != nil {
		t.Fatal(err)
	}
	if err := fill.WritePCM(up); err != nil {
		t.Fatal(err)
	}
	if len(out.s) != len(want.s) {
		t.Fatalf("%d output samples, want %d (continuous timeline)", len(out.s), len(want.s))
	}
	if !slices.Equal(out.s, want.s) {
		t.Error("output differs from the one-chunk reference")
	}
	st := p.reorder.Stats()
	if st.Lost != uint64(len(lost)) || st.Duplicate != 2 || st.Late != 0 {
		t.Errorf("reorder stats %+v, want %d lost, 2 duplicates", st, len(lost))
	}
}

// TestInboundChainAllocs: once warmed up, the whole per-packet path,
// reordering included, allocates nothing.
func TestInboundChainAllocs(t *testing.T) {
	p := newPipeline(t, media.PCMWriterFunc(func([]int16) error { return nil }))
	pkts := []*rtp.Packet{{Payload: make([]byte, 160)}, {Payload: make([]byte, 160)}}
	n := 0
	step := func() {
		// Pairs arrive swapped: every other packet is held and copied.
		for _, k := range []int{1, 0} {
			pkt := pkts[k]
			pkt.SSRC, pkt.SequenceNumber, pkt.Timestamp = 1, uint16(n+k), uint32((n+k)*160)
			if err := p.reorder.HandleRTP(pkt); err != nil {
				t.Fatal(err)
			}
		}
		n += 2
	}
	for range 10 {
		step()
	}
	if a := testing.AllocsPerRun(200, step); a != 0 {
		t.Errorf("%v allocs per two packets, want 0", a)
	}
}

// BenchmarkInboundChain is the cost of one 20 ms PCMU packet from RTP to
// 16 kHz band-filled PCM.
func BenchmarkInboundChain(b *testing.B) {
	p := newPipeline(b, media.PCMWriterFunc(func([]int16) error { return nil }))
	codes := make([]byte, 160)
	g711.EncodeUlawTo(codes, sweep(160))
	pkt := &rtp.Packet{Header: rtp.Header{SSRC: 1}, Payload: codes}
	b.ReportAllocs()
	for b.Loop() {
		pkt.SequenceNumber++
		pkt.Timestamp += 160
		if err := p.reorder.HandleRTP(pkt); err != nil {
			b.Fatal(err)
		}
	}
}
