package pocketsphinx

import "math"

// bandFill adds a faint, deterministic noise floor above 4 kHz to 16 kHz
// audio that came from an 8 kHz (telephone) source.
//
// Why: the en-us acoustic model was trained on wideband speech (filters up
// to 6800 Hz). Telephone audio upsampled to 16 kHz has an empty 4–8 kHz
// band, so the upper mel filters see log(0)-like energies that the model
// never saw and accuracy collapses. A noise floor far below speech level
// (-60 dBFS by default) gives those filters a plausible background instead;
// it is inaudible next to speech and does not reach the telephone band.
//
// The noise is white noise from a fixed-seed generator passed through a
// 4th-order Butterworth high-pass at 4 kHz (two biquads, coefficients from
// the RBJ Audio EQ Cookbook, https://www.w3.org/TR/audio-eq-cookbook/).
// A bandFill is owned by one stream goroutine.
type bandFill struct {
	rng   uint64
	gain  float64
	stage [2]biquad
}

type biquad struct {
	b0, b1, b2, a1, a2 float64
	x1, x2, y1, y2     float64
}

func (q *biquad) step(x float64) float64 {
	y := q.b0*x + q.b1*q.x1 + q.b2*q.x2 - q.a1*q.y1 - q.a2*q.y2
	q.x2, q.x1 = q.x1, x
	q.y2, q.y1 = q.y1, y
	return y
}

// highPass returns an RBJ cookbook high-pass biquad.
func highPass(sampleRate, cutoff, q float64) biquad {
	w0 := 2 * math.Pi * cutoff / sampleRate
	cos, alpha := math.Cos(w0), math.Sin(w0)/(2*q)
	a0 := 1 + alpha
	return biquad{
		b0: (1 + cos) / 2 / a0,
		b1: -(1 + cos) / a0,
		b2: (1 + cos) / 2 / a0,
		a1: -2 * cos / a0,
		a2: (1 - alpha) / a0,
	}
}

// newBandFill makes a noise floor from 4 kHz to the Nyquist frequency of
// sampleRate whose RMS level is levelDBFS, relative to full scale (32768).
func newBandFill(sampleRate int, levelDBFS float64) *bandFill {
	const cutoff = 4000
	// Q values of the two sections of a 4th-order Butterworth filter:
	// 1/(2 cos(pi/8)) and 1/(2 cos(3 pi/8)).
	qs := [2]float64{0.54119610, 1.30656296}
	f := &bandFill{rng: 0x9E3779B97F4A7C15}
	for i, q := range qs {
		f.stage[i] = highPass(float64(sampleRate), cutoff, q)
	}
	// The generator's output has unit variance over 0..fs/2; the filter
	// keeps the share of the band above the cutoff.
	kept := 1 - cutoff/(float64(sampleRate)/2)
	if kept <= 0 {
		kept = 1
	}
	f.gain = 32768 * math.Pow(10, levelDBFS/20) / math.Sqrt(kept)
	return f
}

// next returns a uniform value in [-0.5, 0.5) (xorshift64*, Vigna 2014).
func (f *bandFill) next() float64 {
	f.rng ^= f.rng >> 12
	f.rng ^= f.rng << 25
	f.rng ^= f.rng >> 27
	return float64((f.rng*2685821657736338717)>>11)/(1<<53) - 0.5
}

// apply adds the noise floor to pcm in place, saturating at full scale.
func (f *bandFill) apply(pcm []int16) {
	for i, s := range pcm {
		// Sum of two uniforms, scaled to unit variance (var of one
		// uniform in [-0.5,0.5) is 1/12): close enough to Gaussian for a
		// noise floor and cheap.
		n := (f.next() + f.next()) * math.Sqrt(6)
		n = f.stage[1].step(f.stage[0].step(n))
		v := float64(s) + n*f.gain
		switch {
		case v > math.MaxInt16:
			v = math.MaxInt16
		case v < math.MinInt16:
			v = math.MinInt16
		}
		pcm[i] = int16(math.Round(v))
	}
}
