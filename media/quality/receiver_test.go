package quality

import (
	"math"
	"testing"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media/impair"
)

var t0 = time.Unix(1_700_000_000, 0)

// pkt is one received packet: sequence offset from the script's first,
// arrival in ms, and SSRC (0 means 1).
type pkt struct {
	seq  int
	at   float64
	ssrc uint32
}

func seqs(from, to int) []pkt {
	var p []pkt
	for i := from; i < to; i++ {
		p = append(p, pkt{seq: i, at: float64(i * 20)})
	}
	return p
}

func feed(r *Receiver, seq0 uint16, ps []pkt) (counted int) {
	for _, p := range ps {
		ssrc := p.ssrc
		if ssrc == 0 {
			ssrc = 1
		}
		h := &rtp.Header{SSRC: ssrc, SequenceNumber: seq0 + uint16(p.seq), Timestamp: uint32(p.seq * 160)}
		if r.Update(h, t0.Add(time.Duration(p.at*float64(time.Millisecond)))) {
			counted++
		}
	}
	return counted
}

func cat(parts ...[]pkt) []pkt {
	var p []pkt
	for _, x := range parts {
		p = append(p, x...)
	}
	return p
}

func TestReceiverCounts(t *testing.T) {
	tests := []struct {
		name             string
		seq0             uint16
		pkts             []pkt
		received, expect uint64
		lost             int64
		highest          uint32
		uncounted        int
	}{
		{name: "in order", pkts: seqs(0, 100), received: 100, expect: 100, highest: 99},
		{name: "wrap", seq0: 65500, pkts: seqs(0, 100), received: 100, expect: 100, highest: 1<<16 | 63},
		{name: "loss", pkts: cat(seqs(0, 10), seqs(15, 100)), received: 95, expect: 100, lost: 5, highest: 99},
		{name: "loss across wrap", seq0: 65530, pkts: cat(seqs(0, 3), seqs(9, 20)), received: 14, expect: 20, lost: 6, highest: 1<<16 | 13},
		{name: "duplicates", pkts: cat(seqs(0, 50), seqs(49, 50), seqs(10, 11), seqs(50, 100)), received: 102, expect: 100, lost: -2, highest: 99},
		{name: "reordered", pkts: cat(seqs(0, 10), seqs(11, 12), seqs(10, 11), seqs(12, 100)), received: 100, expect: 100, highest: 99},
		{name: "stray jump ignored", pkts: cat(seqs(0, 50), []pkt{{seq: 20000, at: 1000}}, seqs(50, 100)), received: 100, expect: 100, highest: 99, uncounted: 1},
		{name: "sequence restart", pkts: cat(seqs(0, 50), []pkt{{seq: 20000, at: 1000}, {seq: 20001, at: 1020}, {seq: 20002, at: 1040}}),
			// The first packet of the new run is not counted (A.1): the
			// second restarts from itself.
			received: 52, expect: 52, highest: 20002, uncounted: 1},
		{name: "new SSRC adds up", pkts: cat(seqs(0, 50), []pkt{{seq: 9000, at: 1000, ssrc: 2}, {seq: 9002, at: 1040, ssrc: 2}}),
			received: 52, expect: 53, lost: 1, highest: 9002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReceiver(8000)
			if n := feed(r, tt.seq0, tt.pkts); n != len(tt.pkts)-tt.uncounted {
				t.Errorf("%d packets counted, want %d", n, len(tt.pkts)-tt.uncounted)
			}
			st := r.Stats()
			if st.PacketsReceived != tt.received || st.Expected != tt.expect || st.PacketsLost != tt.lost {
				t.Errorf("received %d expected %d lost %d, want %d %d %d", st.PacketsReceived, st.Expected, st.PacketsLost, tt.received, tt.expect, tt.lost)
			}
			if want := tt.highest; st.ExtendedHighestSeq != want {
				t.Errorf("extended highest %#x, want %#x", st.ExtendedHighestSeq, want)
			}
		})
	}
}

func TestInterval(t *testing.T) {
	r := NewReceiver(8000)
	feed(r, 0, cat(seqs(0, 40), seqs(50, 100)))
	iv := r.EndInterval()
	if iv.Expected != 100 || iv.Received != 90 || iv.Lost != 10 || iv.Fraction != 25 { // 10*256/100 = 25.6
		t.Errorf("first interval %+v", iv)
	}
	if f := r.Stats().FractionLost; f != 25.0/256 {
		t.Errorf("FractionLost %v", f)
	}
	feed(r, 0, cat(seqs(100, 150), seqs(149, 150), seqs(150, 200))) // one duplicate
	if iv := r.EndInterval(); iv.Expected != 100 || iv.Received != 101 || iv.Lost != 0 || iv.Fraction != 0 {
		t.Errorf("second interval %+v", iv)
	}
}

// rfcJitter is RFC 3550 Appendix A.8 in integer timestamp units, the
// reference for the floating-point implementation.
func rfcJitter(arrivals []time.Duration, ts []uint32, clock int) float64 {
	var jitter int64 // scaled by 16 as in A.8
	var transit0 int64
	for i := range arrivals {
		arr := int64(arrivals[i]) * int64(clock) / int64(time.Second)
		transit := arr - int64(ts[i])
		if i > 0 {
			d := transit - transit0
			if d < 0 {
				d = -d
			}
			jitter += d - ((jitter + 8) >> 4)
		}
		transit0 = transit
	}
	return float64(jitter) / 16
}

func TestJitter(t *testing.T) {
	x := uint32(1)
	for _, tc := range []struct {
		name  string
		delay func(i int) time.Duration
		clock int
		want  float64 // seconds, if known in closed form
	}{
		{"constant delay", func(int) time.Duration { return 50 * time.Millisecond }, 8000, 0},
		{"alternating 0/10 ms", func(i int) time.Duration { return time.Duration(i%2) * 10 * time.Millisecond }, 8000, 0.010},
		{"random 0..60 ms", func(int) time.Duration { x = x*1664525 + 1013904223; return time.Duration(x>>26) * time.Millisecond }, 8000, -1},
		{"random at 48 kHz", func(int) time.Duration { x = x*1664525 + 1013904223; return time.Duration(x>>26) * time.Millisecond }, 48000, -1},
	} {
		r := NewReceiver(tc.clock)
		var arr []time.Duration
		var ts []uint32
		step := tc.clock / 50
		for i := range 2000 {
			a := time.Duration(i)*20*time.Millisecond + tc.delay(i)
			h := &rtp.Header{SSRC: 1, SequenceNumber: uint16(i), Timestamp: uint32(i * step)}
			r.Update(h, t0.Add(a))
			arr, ts = append(arr, a), append(ts, h.Timestamp)
		}
		got := r.Stats().Jitter.Seconds()
		ref := rfcJitter(arr, ts, tc.clock) / float64(tc.clock)
		if math.Abs(got-ref) > 1.5/float64(tc.clock) {
			t.Errorf("%s: jitter %.6f s, RFC 3550 A.8 gives %.6f s", tc.name, got, ref)
		}
		if tc.want >= 0 && math.Abs(got-tc.want) > 1e-4 {
			t.Errorf("%s: jitter %.6f s, want %.6f s", tc.name, got, tc.want)
		}
		if r.Stats().PacketDuration != 20*time.Millisecond {
			t.Errorf("%s: packet duration %v", tc.name, r.Stats().PacketDuration)
		}
	}
}

// TestBurstiness: the burst ratio fitted to the loss pattern is about 1
// for random loss and 1/(p+q) for Gilbert loss.
func TestBurstiness(t *testing.T) {
	const n = 50_000
	for _, tc := range []struct {
		name        string
		cfg         impair.Config
		burstR      float64
		meanBurst   float64
		tolR, tolMB float64
	}{
		{"random 10 %", impair.Config{Seed: 1, LossPercent: 10}, 1, 1 / 0.9, 0.05, 0.05},
		// p = r·πB/(1−πB) = 0.25·0.1/0.9, q = r = 0.25: BurstR = 3.6.
		{"Gilbert 10 %, bursts of 4", impair.Config{Seed: 2, BurstLossPercent: 10, MeanBurst: 4}, 3.6, 4, 0.25, 0.25},
		{"no loss", impair.Config{Seed: 3}, 1, 0, 0, 0},
	} {
		sent := make([]time.Time, n)
		for i := range sent {
			sent[i] = t0.Add(time.Duration(i) * 20 * time.Millisecond)
		}
		res, err := impair.Apply(tc.cfg, sent)
		if err != nil {
			t.Fatal(err)
		}
		r := NewReceiver(8000)
		for _, d := range res.Arrivals {
			r.Update(&rtp.Header{SSRC: 1, SequenceNumber: uint16(d.Index), Timestamp: uint32(d.Index * 160)}, d.Arrival)
		}
		st := r.Stats()
		if math.Abs(st.BurstR-tc.burstR) > tc.tolR || math.Abs(st.MeanBurst-tc.meanBurst) > tc.tolMB {
			t.Errorf("%s: BurstR %.3f mean burst %.3f, want %.2f and %.2f", tc.name, st.BurstR, st.MeanBurst, tc.burstR, tc.meanBurst)
		}
	}
}

// TestLossPatternJump: a jump far beyond the loss window counts as one
// lost run of its length.
func TestLossPatternJump(t *testing.T) {
	r := NewReceiver(8000)
	feed(r, 0, cat(seqs(0, 100), seqs(2100, 2200)))
	st := r.Stats()
	if st.PacketsLost != 2000 || st.MeanBurst != 2000 {
		t.Errorf("lost %d in bursts of %.1f, want one burst of 2000", st.PacketsLost, st.MeanBurst)
	}
}

// FuzzReceiver: arbitrary sequence numbers, timestamps, arrivals and SSRC
// changes never panic and keep the counters consistent.
func FuzzReceiver(f *testing.F) {
	f.Add([]byte{1, 20, 1, 20, 1, 20, 3, 20, 255, 20, 2, 20})
	f.Add([]byte{1, 20, 0, 20, 0, 0, 200, 20, 201, 20, 0x80, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReceiver(8000)
		var seq uint16 = 65530
		var ts uint32
		at := t0
		ssrc := uint32(1)
		counted := uint64(0)
		for ; len(data) >= 2; data = data[2:] {
			step := data[0]
			if step&0x80 != 0 && step&0x40 != 0 {
				ssrc++
			}
			seq += uint16(int8(step)) * 37 % 4096
			ts += uint32(int8(step)) * 160
			at = at.Add(time.Duration(data[1]) * time.Millisecond)
			if r.Update(&rtp.Header{SSRC: ssrc, SequenceNumber: seq, Timestamp: ts}, at) {
				counted++
			}
			st := r.Stats()
			if st.PacketsReceived != counted {
				t.Fatalf("received %d, counted %d", st.PacketsReceived, counted)
			}
			if st.PacketsLost != int64(st.Expected)-int64(st.PacketsReceived) || st.Jitter < 0 ||
				math.IsNaN(st.BurstR) || st.BurstR <= 0 || math.IsInf(st.BurstR, 0) {
				t.Fatalf("inconsistent stats %+v", st)
			}
			r.EndInterval()
		}
	})
}

// BenchmarkUpdate is the per-packet cost of the reception statistics.
func BenchmarkUpdate(b *testing.B) {
	l := NewLeg(1, 8000)
	h := &rtp.Header{SSRC: 2}
	at := t0
	b.ReportAllocs()
	for b.Loop() {
		h.SequenceNumber++
		h.Timestamp += 160
		at = at.Add(20 * time.Millisecond)
		l.Update(h, at)
	}
}
