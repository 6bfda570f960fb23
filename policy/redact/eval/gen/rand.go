package main

// rng is a splitmix64 generator. The corpus must come out byte for byte the
// same on every Go release, so it does not use math/rand, whose derived
// helpers (IntN, Shuffle) are not promised to stay stable.
type rng struct{ s uint64 }

func newRNG(seed uint64) *rng { return &rng{s: seed} }

// next returns the next 64 random bits.
func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n). The modulo bias is negligible for the
// small n used here and keeps the sequence simple to reproduce.
func (r *rng) intn(n int) int {
	if n <= 0 {
		panic("intn: n <= 0")
	}
	return int(r.next() % uint64(n))
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool {
	return float64(r.next()>>11)/float64(1<<53) < p
}

// digit returns one random decimal digit.
func (r *rng) digit() byte { return byte('0' + r.intn(10)) }

// digits returns n random decimal digits.
func (r *rng) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = r.digit()
	}
	return string(b)
}

// pick returns one element of xs.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }
