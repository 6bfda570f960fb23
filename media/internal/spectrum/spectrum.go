// Package spectrum measures signals for the media packages' tests: band
// power by averaged periodogram and sine fitting. It favours clarity over
// speed and is not used on any media path.
package spectrum

import (
	"math"
	"math/cmplx"
)

// Float converts samples to float64.
func Float(s []int16) []float64 {
	f := make([]float64, len(s))
	for i, v := range s {
		f[i] = float64(v)
	}
	return f
}

// DBFS converts a mean-square power of 16-bit samples to dB relative to
// full scale (32768), the convention of `sox stats` "RMS lev dB".
func DBFS(power float64) float64 {
	return 10 * math.Log10(power/(32768.0*32768.0)+1e-30)
}

// fft is an in-place radix-2 transform; len(x) must be a power of two.
func fft(x []complex128) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		w := cmplx.Exp(complex(0, -2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			wk := complex(1, 0)
			for k := 0; k < size/2; k++ {
				a, b := x[start+k], x[start+k+size/2]*wk
				x[start+k], x[start+k+size/2] = a+b, a-b
				wk *= w
			}
		}
	}
}

// segment is the periodogram length: 1024 samples (64 ms at 16 kHz,
// 15.6 Hz bins).
const segment = 1024

// PSD returns the one-sided power spectrum of x as a Welch average of
// Hann-windowed periodograms with 50% overlap: element k is the mean-square
// power in the bin centred on k*rate/segment, so the elements sum to the
// mean square of x (for a signal at least one segment long).
func PSD(x []float64) []float64 {
	win := make([]float64, segment)
	wpow := 0.0
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/segment)
		wpow += win[i] * win[i]
	}
	psd := make([]float64, segment/2+1)
	buf := make([]complex128, segment)
	count := 0
	for start := 0; start+segment <= len(x); start += segment / 2 {
		for i := range buf {
			buf[i] = complex(x[start+i]*win[i], 0)
		}
		fft(buf)
		for k := range psd {
			p := real(buf[k])*real(buf[k]) + imag(buf[k])*imag(buf[k])
			if k != 0 && k != segment/2 {
				p *= 2 // fold the negative frequencies in
			}
			psd[k] += p / (segment * wpow)
		}
		count++
	}
	for k := range psd {
		psd[k] /= float64(max(count, 1))
	}
	return psd
}

// BandPower returns the mean-square power of x (sampled at rate) between
// lo and hi Hz, from its PSD.
func BandPower(x []float64, rate, lo, hi float64) float64 {
	psd := PSD(x)
	sum := 0.0
	for k, p := range psd {
		f := float64(k) * rate / segment
		if f >= lo && f <= hi {
			sum += p
		}
	}
	return sum
}

// Power returns the mean square of x.
func Power(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s / float64(len(x))
}

// FitSine fits a*cos(w t) + b*sin(w t) + dc to x by least squares, with
// w = 2*pi*freq/rate and t the sample index, and returns the amplitude,
// the phase (of a cosine, radians) and the RMS of what is left.
func FitSine(x []float64, rate, freq float64) (amp, phase, residual float64) {
	w := 2 * math.Pi * freq / rate
	// Normal equations for the basis (cos, sin, 1).
	var m [3][3]float64
	var v [3]float64
	for n, y := range x {
		b := [3]float64{math.Cos(w * float64(n)), math.Sin(w * float64(n)), 1}
		for i := range 3 {
			for j := range 3 {
				m[i][j] += b[i] * b[j]
			}
			v[i] += b[i] * y
		}
	}
	c := solve3(m, v)
	amp = math.Hypot(c[0], c[1])
	phase = math.Atan2(-c[1], c[0])
	res := 0.0
	for n, y := range x {
		e := y - (c[0]*math.Cos(w*float64(n)) + c[1]*math.Sin(w*float64(n)) + c[2])
		res += e * e
	}
	return amp, phase, math.Sqrt(res / float64(max(len(x), 1)))
}

// solve3 solves m x = v by Cramer's rule.
func solve3(m [3][3]float64, v [3]float64) [3]float64 {
	det := func(a [3][3]float64) float64 {
		return a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) -
			a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) +
			a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
	}
	d := det(m)
	var x [3]float64
	for col := range 3 {
		a := m
		for row := range 3 {
			a[row][col] = v[row]
		}
		x[col] = det(a) / d
	}
	return x
}

// Sine returns n samples of amp*sin(2*pi*freq*t + phase) at rate, rounded.
func Sine(n int, rate, freq, amp, phase float64) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(math.Round(amp * math.Sin(2*math.Pi*freq*float64(i)/rate+phase)))
	}
	return s
}
