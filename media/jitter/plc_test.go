package jitter

import (
	"math"
	"testing"
)

// periodic returns n samples of a signal with the given period in samples
// (fundamental plus two harmonics, so the period is unambiguous).
func periodic(n, period int) []int16 {
	s := make([]int16, n)
	for i := range s {
		x := 2 * math.Pi * float64(i) / float64(period)
		s[i] = int16(5000*math.Sin(x) + 2500*math.Sin(2*x+0.5) + 1200*math.Sin(3*x+1))
	}
	return s
}

func snr(ref, got []int16) float64 {
	var sig, noise float64
	for i := range ref {
		d := float64(ref[i]) - float64(got[i])
		sig += float64(ref[i]) * float64(ref[i])
		noise += d * d
	}
	if noise == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(sig/noise)
}

func TestFindPitch(t *testing.T) {
	for _, rate := range []int{8000, 16000, 48000} {
		for _, ms := range []float64{5.5, 7, 10, 12.5, 14.5} {
			period := int(ms * float64(rate) / 1000)
			c := NewConcealer(rate)
			c.Good(periodic(c.histLen*2, period))
			copy(c.snap, c.hist)
			if got := c.findPitch(); math.Abs(float64(got-period)) > 1 {
				t.Errorf("%d Hz, period %d: found %d", rate, period, got)
			}
		}
	}
}

// TestConcealPeriodic: a periodic signal is continued almost exactly for
// the first 10 ms, then attenuated by 20 % per 10 ms down to silence at
// 60 ms.
func TestConcealPeriodic(t *testing.T) {
	for _, rate := range []int{8000, 16000, 48000} {
		ms := rate / 1000
		period := 10 * ms // 100 Hz: one period per 10 ms block
		sig := periodic(400*ms, period)
		c := NewConcealer(rate)
		c.Good(sig[:100*ms])
		out := make([]int16, 80*ms)
		silent := c.Conceal(out[:20*ms]) + c.Conceal(out[20*ms:])
		if silent != 20*ms {
			t.Errorf("%d Hz: %d silent samples, want the last 20 ms", rate, silent)
		}
		if s := snr(sig[100*ms:110*ms], out[:10*ms]); s < 30 {
			t.Errorf("%d Hz: first 10 ms SNR %.1f dB, want > 30", rate, s)
		}
		// Energy per 10 ms block against the ideal gain at its middle.
		ref := rms(sig[100*ms : 110*ms])
		for blk := 1; blk < 8; blk++ {
			got := rms(out[blk*10*ms : (blk+1)*10*ms])
			gain := max(0, 1-0.2*(float64(blk)-0.5))
			if blk >= 6 {
				gain = 0
			}
			if math.Abs(got-gain*ref) > 0.08*ref {
				t.Errorf("%d Hz: block %d rms %.0f, want about %.0f", rate, blk, got, gain*ref)
			}
		}
	}
}

func rms(s []int16) float64 {
	var e float64
	for _, v := range s {
		e += float64(v) * float64(v)
	}
	return math.Sqrt(e / float64(len(s)))
}

// TestConcealMerge: the first good frame after a loss is overlap-added
// with the synthetic signal over P/4 plus 4 ms per extra 10 ms of loss
// (at most 10 ms), and is untouched after that.
func TestConcealMerge(t *testing.T) {
	const period = 80 // 10 ms at 8 kHz: overlap 20 samples
	for _, tc := range []struct {
		lost, merge int
	}{
		{lost: 80, merge: 20},   // 10 ms: P/4
		{lost: 160, merge: 52},  // 20 ms: P/4 + 4 ms
		{lost: 480, merge: 80},  // 60 ms: capped at 10 ms
		{lost: 40, merge: 20},   // 5 ms
		{lost: 1600, merge: 80}, // 200 ms
	} {
		sig := periodic(8000, period)
		c := NewConcealer(8000)
		c.Good(sig[:800])
		c.Conceal(make([]int16, tc.lost))
		// A good frame unlike the lost signal shows the merge.
		good := make([]int16, 160)
		for i := range good {
			good[i] = 3000
		}
		c.Good(good)
		last := -1
		for i, v := range good {
			if v != 3000 {
				last = i
			}
		}
		if last != tc.merge-1 {
			t.Errorf("lost %d: merged up to sample %d, want %d", tc.lost, last, tc.merge-1)
		}
		// The merge fades in: the last merged samples are closest to the
		// good frame.
		if d := math.Abs(float64(good[tc.merge-1]) - 3000); d > 9000/float64(tc.merge) {
			t.Errorf("lost %d: last merged sample %d, far from the good frame", tc.lost, good[tc.merge-1])
		}
	}
}

// TestConcealSilence: with no history, concealment is silence, and Reset
// forgets the history.
func TestConcealSilence(t *testing.T) {
	c := NewConcealer(8000)
	out := make([]int16, 160)
	c.Conceal(out)
	for _, v := range out {
		if v != 0 {
			t.Fatal("concealment without history is not silent")
		}
	}
	c.Good(periodic(400, 80))
	c.Reset()
	c.Conceal(out)
	for _, v := range out {
		if v != 0 {
			t.Fatal("concealment after Reset is not silent")
		}
	}
}

func BenchmarkConceal(b *testing.B) {
	c := NewConcealer(8000)
	sig := periodic(800, 73)
	out := make([]int16, 160)
	b.ReportAllocs()
	for b.Loop() {
		c.Good(sig[:160])
		c.Conceal(out) // a pitch search every frame: the worst case
	}
}
