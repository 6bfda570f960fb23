package quality

import (
	"math"
	"testing"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/impair"
	"github.com/earshot/earshot/media/jitter"
	"github.com/earshot/earshot/media/quality/emodel"
)

// TestImpairedCall sends 3,000 G.711 packets of 20 ms through the
// impairment injector (5 % random loss, 2 % burst loss, 60 ms jitter, 1 %
// reordering) in virtual time, feeds what arrives, in arrival order, into
// the quality statistics and a jitter buffer, and checks them against what
// the injector reports it did:
//
//   - packetsLost within ±10 % of the packets the injector dropped;
//   - jitter within ±20 % of RFC 3550 jitter computed here from the
//     injector's send and arrival times (not from RTP timestamps);
//   - the jitter buffer's PCM continuous: one sample per 1/8000 s of
//     arrival time after every packet, and, after the final flush, the
//     stream's duration times the rate within one target delay.
func TestImpairedCall(t *testing.T) {
	const (
		packets = 3000
		frame   = 160
		ptime   = 20 * time.Millisecond
	)
	for _, seed := range []uint64{1, 2, 3} {
		cfg := impair.Config{Seed: seed, LossPercent: 5, BurstLossPercent: 2, Jitter: 60 * time.Millisecond, ReorderPercent: 1}
		sent := make([]time.Time, packets)
		for i := range sent {
			sent[i] = t0.Add(time.Duration(i) * ptime)
		}
		res, err := impair.Apply(cfg, sent)
		if err != nil {
			t.Fatal(err)
		}

		leg := NewLeg(0x5EED, g711.SampleRate)
		var out int
		jb, err := jitter.New(jitter.G711(g711.MuLaw), media.PCMWriterFunc(func(s []int16) error { out += len(s); return nil }), jitter.Options{})
		if err != nil {
			t.Fatal(err)
		}
		payload := make([]byte, frame)
		first := res.Arrivals[0].Arrival
		for _, d := range res.Arrivals {
			g711.EncodeUlawTo(payload, tone(d.Index*frame, frame))
			p := &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SSRC: 0xCA11,
				SequenceNumber: uint16(d.Index + 40000), Timestamp: uint32(d.Index*frame + 123456)}, Payload: payload}
			leg.Update(&p.Header, d.Arrival)
			if err := jb.Push(p, d.Arrival); err != nil {
				t.Fatal(err)
			}
			if want := int(d.Arrival.Sub(first) / (time.Second / g711.SampleRate)); out != want {
				t.Fatalf("seed %d: %d samples out at %v, want %d", seed, out, d.Arrival.Sub(first), want)
			}
		}
		target := jb.TargetDelay()
		if err := jb.Flush(); err != nil {
			t.Fatal(err)
		}

		st := leg.Receiver().Stats()
		dropped := float64(res.Report.Dropped)
		if lost := float64(st.PacketsLost); math.Abs(lost-dropped) > 0.1*dropped {
			t.Errorf("seed %d: packetsLost %v, injector dropped %v", seed, lost, dropped)
		}

		// RFC 3550 section 6.4.1 from the ground truth: D is the
		// difference of the two packets' transit times, in arrival order.
		var ref float64
		for i := 1; i < len(res.Arrivals); i++ {
			a, b := res.Arrivals[i-1], res.Arrivals[i]
			d := math.Abs(b.Delay().Seconds() - a.Delay().Seconds())
			ref += (d - ref) / 16
		}
		if got := st.Jitter.Seconds(); math.Abs(got-ref) > 0.2*ref {
			t.Errorf("seed %d: jitter %.4f s, ground truth %.4f s", seed, got, ref)
		}

		dur := packets * frame
		if tol := int(target.Seconds()*g711.SampleRate) + frame; out < dur-tol || out > dur+tol {
			t.Errorf("seed %d: %d samples out for %d of stream, want within %d (target delay %v)", seed, out, dur, tol, target)
		}
		js := jb.Stats()
		rep := leg.Report(FromJitter(js), emodel.G711PLC)
		if rep.MOS < 1 || rep.MOS >= 4.2 || rep.ConcealedSamples == 0 {
			t.Errorf("seed %d: report %+v", seed, rep)
		}
		t.Logf("seed %d: dropped %d (burst %d), lost %d, discarded %d late, jitter %.1f ms (truth %.1f ms), target delay %v, "+
			"concealed %d samples in %d events, mean buffer delay %.0f ms, R %.1f, MOS %.2f",
			seed, res.Report.Dropped, res.Report.DroppedBurst, st.PacketsLost, js.DiscardedLate, st.Jitter.Seconds()*1000, ref*1000, target,
			js.ConcealedSamples, js.ConcealmentEvents, 1000*js.JitterBufferDelay/float64(js.JitterBufferEmittedCount), rep.RFactor, rep.MOS)
	}
}

// tone returns n samples of a 440 Hz tone starting at sample offset off.
func tone(off, n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(off+i)/g711.SampleRate))
	}
	return s
}
