package resample

const (
	// hbTaps is the number of non-zero odd-phase coefficients on each side
	// of the half-band filter's centre (4*hbTaps-1 taps in all).
	hbTaps = 20
)

// halfband upsamples by exactly 2 with a half-band filter. Every other
// coefficient of a half-band filter is zero and the centre one is 1/2, so
// even outputs are the input samples themselves and odd outputs are a
// symmetric FIR over 2*hbTaps input samples:
//
//	y[2n]   = x[n]
//	y[2n+1] = sum_{r=1..Q} g[r] * (x[n+1-r] + x[n+r])
//
// which costs Q multiplications per two output samples.
type halfband struct {
	g    [hbTaps]float32
	buf  []float32 // input; the newest Q samples are look-ahead
	nxt  int       // index in buf of x[n] for the next output pair
	nOut int64
}

func newHalfband() *halfband {
	h := &halfband{}
	beta := kaiserBeta(attenDB)
	half := float64(2*hbTaps - 1) // window half-width in output samples
	sum := 0.0
	var g [hbTaps]float64
	for r := 1; r <= hbTaps; r++ {
		// Interpolation gain 2 times the half-band impulse response at odd
		// offset 2r-1 (cutoff at a quarter of the output rate).
		g[r-1] = 2 * lowpass(float64(2*r-1), 0.25, half, beta)
		sum += 2 * g[r-1]
	}
	for r := range g {
		h.g[r] = float32(g[r] / sum) // odd phase has unity DC gain
	}
	h.reset()
	return h
}

func (h *halfband) reset() {
	if cap(h.buf) < hbTaps-1 {
		h.buf = make([]float32, hbTaps-1)
	}
	h.buf = h.buf[:hbTaps-1] // x[-(Q-1)..-1] = 0
	clear(h.buf)
	h.nxt = hbTaps - 1
	h.nOut = 0
}

func (h *halfband) produced() int64 { return h.nOut }
func (h *halfband) tail() int       { return hbTaps }

func (h *halfband) process(out, in []int16, limit int64) []int16 {
	for _, s := range in {
		h.buf = append(h.buf, float32(s))
	}
	n := h.nxt
	for n+hbTaps < len(h.buf) && h.nOut < limit {
		out = append(out, int16(h.buf[n])) // exact: the input sample
		h.nOut++
		if h.nOut == limit {
			n++
			break
		}
		// Pairs x[n+1-r], x[n+r] for r = 1..Q.
		lo := h.buf[n+1-hbTaps : n+1] // x[n+1-Q] .. x[n]
		hi := h.buf[n+1 : n+1+hbTaps] // x[n+1] .. x[n+Q]
		var s0, s1 float32
		for r := 0; r+1 < hbTaps; r += 2 {
			s0 += h.g[r] * (lo[hbTaps-1-r] + hi[r])
			s1 += h.g[r+1] * (lo[hbTaps-2-r] + hi[r+1])
		}
		out = append(out, toInt16(s0+s1))
		h.nOut++
		n++
	}
	drop := n - (hbTaps - 1)
	k := copy(h.buf, h.buf[drop:])
	h.buf = h.buf[:k]
	h.nxt = n - drop
	return out
}
