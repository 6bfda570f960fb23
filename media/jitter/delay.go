package jitter

import (
	"math"
	"time"
)

// Delay estimation.
//
// Each packet's transit time is its arrival time minus its media time
// (RTP timestamp in seconds). Their difference to the smallest transit seen
// recently is the packet's relative delay: how much later than the fastest
// packet it came. The target delay is the quantile targetQuantile of
// relative delays, from a histogram whose old entries fade with time
// constant forgetTau, so it rises within a few dozen late packets and
// falls over tens of seconds. The "recent" smallest transit is the minimum
// over the last one to two minEpoch periods, which follows a path that got
// slower and a sender clock that drifts.
const (
	targetQuantile = 0.95
	forgetTau      = 10 * time.Second
	bucketWidth    = 5 * time.Millisecond
	minEpoch       = 4 * time.Second
	// warmup packets are needed before the histogram replaces the initial
	// delay.
	warmup = 16
)

type delayEstimator struct {
	buckets []float64 // relative delay histogram, bucketWidth each
	total   float64
	weight  float64 // the weight of the next sample; grows instead of decaying the others
	count   int

	// Sliding minimum of transit (ns): this epoch's and the previous one's.
	minCur, minPrev int64
	epochEnd        int64
	haveMin         bool

	// Forgetting factor per packet, cached for the last frame duration.
	lastFrame time.Duration
	growth    float64
}

func newDelayEstimator(maxDelay time.Duration) *delayEstimator {
	n := int(maxDelay/bucketWidth) + 2
	return &delayEstimator{buckets: make([]float64, n), weight: 1}
}

// reset forgets the transit reference (new stream timeline) but keeps the
// histogram: the network is the same.
func (e *delayEstimator) reset() { e.haveMin = false }

// minTransit is the reference transit, valid once a packet was added.
func (e *delayEstimator) minTransit() int64 { return min(e.minCur, e.minPrev) }

// relative returns the delay of a packet with the given transit relative
// to the reference, which it may lower first.
func (e *delayEstimator) observe(arrival, transit int64) int64 {
	if !e.haveMin {
		e.haveMin = true
		e.minCur, e.minPrev = transit, transit
		e.epochEnd = arrival + int64(minEpoch)
	}
	if arrival >= e.epochEnd {
		e.minPrev, e.minCur = e.minCur, transit
		e.epochEnd = arrival + int64(minEpoch)
	}
	e.minCur = min(e.minCur, transit)
	if transit < e.minPrev {
		e.minPrev = transit
	}
	return transit - e.minTransit()
}

// add records one relative delay of a packet lasting frame.
func (e *delayEstimator) add(rel int64, frame time.Duration) {
	if frame != e.lastFrame {
		e.lastFrame = frame
		e.growth = math.Exp(float64(frame) / float64(forgetTau))
	}
	b := int(max(rel, 0) / int64(bucketWidth))
	b = min(b, len(e.buckets)-1)
	e.buckets[b] += e.weight
	e.total += e.weight
	e.weight *= e.growth
	if e.weight > 1e100 {
		for i := range e.buckets {
			e.buckets[i] /= e.weight
		}
		e.total /= e.weight
		e.weight = 1
	}
	e.count++
}

// quantile returns the targetQuantile of relative delays, rounded up to a
// bucket edge, and whether enough packets were seen.
func (e *delayEstimator) quantile() (time.Duration, bool) {
	if e.count < warmup {
		return 0, false
	}
	want := targetQuantile * e.total
	sum := 0.0
	for i, v := range e.buckets {
		sum += v
		if sum >= want {
			return time.Duration(i+1) * bucketWidth, true
		}
	}
	return time.Duration(len(e.buckets)) * bucketWidth, true
}
