package resample

import (
	"errors"
	"fmt"
	"math"

	"github.com/earshot/earshot/media"
)

// The SoX reference files in testdata/ come from gen_testdata.go.
//go:generate go run gen_testdata.go

const (
	// attenDB is the stop-band attenuation of the anti-aliasing filters.
	attenDB = 80
	// passFrac and stopFrac place the transition band of the generic filter
	// as fractions of the lower rate: 0.42 -> 0.5 (its Nyquist frequency).
	passFrac = 0.42
	stopFrac = 0.5
	// maxTaps bounds the polyphase filter (L phases x K taps) of a rate
	// pair; rates with a small common divisor, like 8000 -> 44101, need
	// more and are refused.
	maxTaps = 1 << 21
	// maxRate bounds the rates accepted.
	maxRate = 1 << 20
)

// Resampler converts a stream of samples at one rate to another and writes
// the result to the next stage. See the package documentation.
type Resampler struct {
	inRate, outRate int
	next            media.PCMWriter
	eng             engine
	out             []int16
	zeros           []int16
	nIn             int64 // samples written since the last Flush
}

// engine is one resampling algorithm. process appends the outputs that
// in makes available to out, stopping when limit samples have been produced
// since the last reset; tail is a number of zero input samples worth
// feeding at a time to push the remaining outputs out.
type engine interface {
	process(out, in []int16, limit int64) []int16
	produced() int64
	tail() int
	reset()
}

// New returns a resampler from inRate to outRate (samples per second)
// writing to next. Both rates must be between 1 and 1048576, and their
// greatest common divisor large enough that the filter stays under 2M taps
// (any pair of the usual audio rates qualifies).
func New(inRate, outRate int, next media.PCMWriter) (*Resampler, error) {
	if inRate < 1 || outRate < 1 || inRate > maxRate || outRate > maxRate {
		return nil, fmt.Errorf("resample: invalid rates %d->%d", inRate, outRate)
	}
	if next == nil {
		return nil, errors.New("resample: nil next stage")
	}
	r := &Resampler{inRate: inRate, outRate: outRate, next: next}
	switch {
	case inRate == outRate:
		r.eng = &passthrough{}
	case inRate == 8000 && outRate == 16000:
		r.eng = newHalfband()
	default:
		p, err := newPolyphase(inRate, outRate)
		if err != nil {
			return nil, err
		}
		r.eng = p
	}
	return r, nil
}

// String returns "Resample in->out", e.g. "Resample 8000->16000".
func (r *Resampler) String() string {
	return fmt.Sprintf("Resample %d->%d", r.inRate, r.outRate)
}

// Next returns the stage the resampler writes to.
func (r *Resampler) Next() fmt.Stringer { return r.next }

// WritePCM resamples samples and writes whatever output they complete to
// the next stage (nothing, if the filter still needs more input). It
// returns the next stage's error.
func (r *Resampler) WritePCM(samples []int16) error {
	if len(samples) == 0 {
		return nil
	}
	r.nIn += int64(len(samples))
	r.out = r.eng.process(r.out[:0], samples, math.MaxInt64)
	if len(r.out) == 0 {
		return nil
	}
	return r.next.WritePCM(r.out)
}

// Flush writes out the samples still in the filter, so that the output
// holds ceil(n*out/in) samples for the n written since the last Flush,
// then starts a new stream. It returns the next stage's error.
func (r *Resampler) Flush() error {
	want := ceilDiv(r.nIn*int64(r.outRate), int64(r.inRate))
	if n := r.eng.tail(); len(r.zeros) < n {
		r.zeros = make([]int16, n)
	}
	r.out = r.out[:0]
	for r.eng.produced() < want {
		r.out = r.eng.process(r.out, r.zeros, want)
	}
	r.eng.reset()
	r.nIn = 0
	if len(r.out) == 0 {
		return nil
	}
	return r.next.WritePCM(r.out)
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// passthrough copies its input: the rates are equal.
type passthrough struct{ n int64 }

func (p *passthrough) process(out, in []int16, limit int64) []int16 {
	n := min(int64(len(in)), limit-p.n)
	if n <= 0 {
		return out
	}
	p.n += n
	return append(out, in[:n]...)
}

func (p *passthrough) produced() int64 { return p.n }
func (p *passthrough) tail() int       { return 0 }
func (p *passthrough) reset()          { p.n = 0 }

// polyphase is the generic rational resampler. With the prototype filter
// h[t] = lowpass(t - c) at the common rate in*L = out*M, output j is
//
//	y[j] = sum_k h[k*L + p] * x[i - k],  where j*M + c = i*L + p,
//
// so each output uses one of the L phases of h, K taps long.
type polyphase struct {
	l, m, k int
	taps    []float32 // phase p, reversed: taps[p*k + k-1-kk] = h[kk*l + p]
	i0, p0  int       // position of output 0

	buf  []float32 // input; buf[0] is x[base-(k-1)]
	idx  int       // index in buf of x[i] for the next output
	p    int       // its phase
	nOut int64
}

func newPolyphase(inRate, outRate int) (*polyphase, error) {
	g := gcd(inRate, outRate)
	l, m := outRate/g, inRate/g
	fmin := float64(min(inRate, outRate))
	fc := float64(l) * float64(inRate) // common rate
	// Cutoff and transition as fractions of the common rate.
	cutoff := (passFrac + stopFrac) / 2 * fmin / fc
	width := (stopFrac - passFrac) * fmin / fc
	half := math.Ceil(kaiserLength(attenDB, width) / 2) // c, in common-rate samples
	k := int(math.Ceil((2*half + 1) / float64(l)))
	k = max(k, (m+l-1)/l+1) // see process: history must cover one output's step
	if int64(k)*int64(l) > maxTaps {
		return nil, fmt.Errorf("resample: %d->%d needs a %d-tap filter (limit %d); choose rates with a larger common divisor",
			inRate, outRate, int64(k)*int64(l), maxTaps)
	}
	beta := kaiserBeta(attenDB)
	c := int(half)
	p := &polyphase{l: l, m: m, k: k, taps: make([]float32, l*k), i0: c / l, p0: c % l}
	for ph := range l {
		row := p.taps[ph*k : ph*k+k]
		sum := 0.0
		vals := make([]float64, k)
		for kk := range k {
			t := kk*l + ph
			if t > 2*c {
				continue
			}
			vals[kk] = lowpass(float64(t-c), cutoff, half, beta)
			sum += vals[kk]
		}
		// Unity DC gain in every phase: a constant input stays constant,
		// with no ripple at the phase rate.
		for kk, v := range vals {
			row[k-1-kk] = float32(v / sum)
		}
	}
	p.reset()
	return p, nil
}

func (p *polyphase) reset() {
	if cap(p.buf) < p.k-1 {
		p.buf = make([]float32, p.k-1)
	}
	p.buf = p.buf[:p.k-1] // x[-(k-1)..-1] = 0
	clear(p.buf)
	p.idx = p.k - 1 + p.i0
	p.p = p.p0
	p.nOut = 0
}

func (p *polyphase) produced() int64 { return p.nOut }
func (p *polyphase) tail() int       { return p.i0 + 2 }

func (p *polyphase) process(out, in []int16, limit int64) []int16 {
	for _, s := range in {
		p.buf = append(p.buf, float32(s))
	}
	k, l := p.k, p.l
	step, frac := p.m/l, p.m%l
	idx, ph := p.idx, p.p
	for idx < len(p.buf) && p.nOut < limit {
		out = append(out, toInt16(dot(p.taps[ph*k:ph*k+k], p.buf[idx-k+1:idx+1])))
		p.nOut++
		idx += step
		ph += frac
		if ph >= l {
			ph -= l
			idx++
		}
	}
	// Keep the k-1 samples before the next output's newest input.
	drop := min(idx-(k-1), len(p.buf))
	n := copy(p.buf, p.buf[drop:])
	p.buf = p.buf[:n]
	p.idx, p.p = idx-drop, ph
	return out
}
