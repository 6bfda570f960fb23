package resample

import "math"

// kaiserBeta returns the Kaiser window shape for a stop-band attenuation
// of atten dB (Oppenheim & Schafer eq. 7.62).
func kaiserBeta(atten float64) float64 {
	switch {
	case atten > 50:
		return 0.1102 * (atten - 8.7)
	case atten >= 21:
		return 0.5842*math.Pow(atten-21, 0.4) + 0.07886*(atten-21)
	}
	return 0
}

// kaiserLength returns the number of taps, minus one, a Kaiser-window
// design needs for atten dB with a transition band of width (a fraction of
// the sampling rate) (eq. 7.63).
func kaiserLength(atten, width float64) float64 {
	return (atten - 7.95) / (2.285 * 2 * math.Pi * width)
}

// besselI0 is the zeroth-order modified Bessel function of the first kind,
// by its power series (converges fast for the arguments a window needs).
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 200; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < sum*1e-17 {
			break
		}
	}
	return sum
}

// kaiser returns the window value at offset t from its centre, for a
// window reaching half-width half.
func kaiser(t, half, beta float64) float64 {
	r := t / half
	if r <= -1 || r >= 1 {
		if r == -1 || r == 1 {
			return 1 / besselI0(beta)
		}
		return 0
	}
	return besselI0(beta*math.Sqrt(1-r*r)) / besselI0(beta)
}

// sinc is sin(pi x)/(pi x).
func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// lowpass returns the ideal low-pass impulse response for cutoff fc (a
// fraction of the sampling rate), times a Kaiser window, at offset t samples
// from the centre of a filter with half-width half.
func lowpass(t, fc, half, beta float64) float64 {
	return 2 * fc * sinc(2*fc*t) * kaiser(t, half, beta)
}

// dot is the inner product of a and b[:len(a)], in four independent partial
// sums (faster, and the same order for every call, so results do not depend
// on how the input was chunked).
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// toInt16 rounds to the nearest integer and saturates.
func toInt16(v float32) int16 {
	if v >= 0 {
		v += 0.5
	} else {
		v -= 0.5
	}
	switch {
	case v >= math.MaxInt16:
		return math.MaxInt16
	case v <= math.MinInt16:
		return math.MinInt16
	}
	return int16(v)
}
