// Package impair simulates a bad network path for RTP tests and load
// tests: random loss, burst loss, jitter, reordering and duplication,
// deterministic for a seed, and reporting exactly what it did to every
// packet so that a receiver's statistics can be checked against the truth.
//
// An Impairer decides the fate of packets one at a time, in send order
// (Decide). On top of it:
//
//   - Apply takes all send times at once and returns every packet's fate
//     and the deliveries in arrival order: virtual time, for unit tests.
//   - Arrivals does the same as an iterator over a stream of send times,
//     holding only the packets in flight.
//   - Conn wraps a packet writer (a *net.UDPConn, say) and writes each
//     packet when the path would deliver it, from a goroutine it owns.
//
// # Model
//
// For each packet, in this order:
//
//  1. Burst loss, a two-state Gilbert–Elliott chain stepped once per
//     packet. In the bad state a packet is lost with probability
//     BadLossPercent (default 100 %), in the good state never. The chain's
//     transition probabilities come from BurstLossPercent, the long-run
//     share of packets lost in bursts, and MeanBurst, the mean number of
//     consecutive packets spent in the bad state: with r = 1/MeanBurst the
//     bad-to-good and p = r·πB/(1−πB) the good-to-bad probability, where
//     πB = BurstLossPercent/BadLossPercent is the share of time in the bad
//     state. Every loss in the bad state counts as a burst loss, even a
//     burst of one.
//  2. Random loss: a packet not lost in a burst is lost with probability
//     LossPercent, independently. The expected total loss is thus
//     b + (1−b)·l for fractions b and l.
//  3. Delay: Delay plus a jitter term, normal with standard deviation
//     Jitter, cut to ±JitterMax (default 3·Jitter) and so that the total is
//     not negative; successive terms are correlated with coefficient
//     Correlation (a first-order autoregressive process with the same
//     standard deviation). The process steps once per packet sent, lost or
//     not. Independent large jitter reorders packets by itself.
//  4. Reordering: with probability ReorderPercent a delivered packet is
//     held back ReorderDelay (default 50 ms) more, so that it arrives after
//     packets sent after it.
//  5. Duplication: with probability DuplicatePercent a delivered packet
//     arrives a second time, DuplicateDelay (default 1 ms) after the first.
//
// Each step draws from its own random stream, so that changing one
// parameter does not reshuffle the others' decisions.
package impair

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Defaults for Config.
const (
	DefaultMeanBurst      = 4.0
	DefaultReorderDelay   = 50 * time.Millisecond
	DefaultDuplicateDelay = time.Millisecond
)

// Config describes the impairments. Percentages are 0..100. The zero
// Config delivers everything at once.
type Config struct {
	// Seed selects the random streams; the same Seed and Config give the
	// same decisions.
	Seed uint64

	// LossPercent is the probability of independent random loss.
	LossPercent float64
	// BurstLossPercent is the long-run share of packets lost in bursts;
	// MeanBurst the mean burst length in packets (default 4);
	// BadLossPercent the loss probability in the burst state (default 100).
	BurstLossPercent float64
	MeanBurst        float64
	BadLossPercent   float64

	// Delay is the fixed one-way delay; Jitter the standard deviation of
	// the variable part, cut to ±JitterMax (default 3·Jitter); Correlation
	// (0..1) links successive jitter terms.
	Delay       time.Duration
	Jitter      time.Duration
	JitterMax   time.Duration
	Correlation float64

	// ReorderPercent of delivered packets are held back ReorderDelay
	// (default 50 ms).
	ReorderPercent float64
	ReorderDelay   time.Duration

	// DuplicatePercent of delivered packets arrive twice, the copy
	// DuplicateDelay (default 1 ms) after the original.
	DuplicatePercent float64
	DuplicateDelay   time.Duration
}

// Validate reports a percentage or duration out of range, or a burst loss
// the chain cannot produce.
func (c Config) Validate() error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"LossPercent", c.LossPercent}, {"BurstLossPercent", c.BurstLossPercent}, {"BadLossPercent", c.BadLossPercent},
		{"ReorderPercent", c.ReorderPercent}, {"DuplicatePercent", c.DuplicatePercent}} {
		if !(p.v >= 0 && p.v <= 100) {
			return fmt.Errorf("impair: %s %v out of 0..100", p.name, p.v)
		}
	}
	if c.MeanBurst != 0 && !(c.MeanBurst >= 1) {
		return fmt.Errorf("impair: MeanBurst %v below 1 packet", c.MeanBurst)
	}
	if !(c.Correlation >= 0 && c.Correlation < 1) {
		return fmt.Errorf("impair: Correlation %v out of [0, 1)", c.Correlation)
	}
	if c.Delay < 0 || c.Jitter < 0 || c.JitterMax < 0 || c.ReorderDelay < 0 || c.DuplicateDelay < 0 {
		return fmt.Errorf("impair: negative duration")
	}
	if c.BurstLossPercent > 0 && c.BurstLossPercent >= c.badLoss()*100 {
		return fmt.Errorf("impair: BurstLossPercent %v needs BadLossPercent above it", c.BurstLossPercent)
	}
	return nil
}

func (c Config) badLoss() float64 {
	if c.BadLossPercent == 0 {
		return 1
	}
	return c.BadLossPercent / 100
}

// Gilbert returns the burst chain's good-to-bad probability p and
// bad-to-good probability r (per packet).
func (c Config) Gilbert() (p, r float64) {
	if c.BurstLossPercent <= 0 {
		return 0, 1
	}
	mean := c.MeanBurst
	if mean == 0 {
		mean = DefaultMeanBurst
	}
	r = 1 / mean
	piB := c.BurstLossPercent / 100 / c.badLoss()
	return r * piB / (1 - piB), r
}

// ExpectedLoss returns the long-run share of packets lost, 0..1.
func (c Config) ExpectedLoss() float64 {
	b, l := c.BurstLossPercent/100, c.LossPercent/100
	return b + (1-b)*l
}

// String describes the configuration, for example
// "Impair(loss 5%, burst 2%/4, delay 0s±60ms, reorder 1%)".
func (c Config) String() string {
	var parts []string
	if c.LossPercent > 0 {
		parts = append(parts, fmt.Sprintf("loss %g%%", c.LossPercent))
	}
	if c.BurstLossPercent > 0 {
		mean := c.MeanBurst
		if mean == 0 {
			mean = DefaultMeanBurst
		}
		parts = append(parts, fmt.Sprintf("burst %g%%/%g", c.BurstLossPercent, mean))
	}
	if c.Delay > 0 || c.Jitter > 0 {
		parts = append(parts, fmt.Sprintf("delay %v±%v", c.Delay, c.Jitter))
	}
	if c.ReorderPercent > 0 {
		parts = append(parts, fmt.Sprintf("reorder %g%%", c.ReorderPercent))
	}
	if c.DuplicatePercent > 0 {
		parts = append(parts, fmt.Sprintf("duplicate %g%%", c.DuplicatePercent))
	}
	if len(parts) == 0 {
		parts = append(parts, "none")
	}
	return "Impair(" + strings.Join(parts, ", ") + ")"
}

// Fate is what the path did to one packet.
type Fate struct {
	// Index is the packet's position in send order, from 0.
	Index int
	Sent  time.Time
	// Dropped packets have no deliveries; Burst tells a loss in a burst
	// from a random one.
	Dropped, Burst bool
	// Delay is the one-way delay of the first delivery, reordering
	// included.
	Delay      time.Duration
	Reordered  bool
	Duplicated bool
}

// Deliveries returns the packet's arrivals: none, one, or two if it was
// duplicated.
func (f Fate) Deliveries(c Config) []Delivery {
	if f.Dropped {
		return nil
	}
	d := []Delivery{{Index: f.Index, Sent: f.Sent, Arrival: f.Sent.Add(f.Delay), Reordered: f.Reordered}}
	if f.Duplicated {
		d = append(d, Delivery{Index: f.Index, Sent: f.Sent, Arrival: f.Sent.Add(f.Delay + c.duplicateDelay()), Copy: true})
	}
	return d
}

// Delivery is one arrival of a packet.
type Delivery struct {
	Index         int // the packet's send index
	Sent, Arrival time.Time
	Reordered     bool // held back on purpose
	Copy          bool // the second arrival of a duplicated packet
}

// Delay returns Arrival - Sent.
func (d Delivery) Delay() time.Duration { return d.Arrival.Sub(d.Sent) }

// Report counts what an Impairer did.
type Report struct {
	Sent          uint64 // packets decided
	Dropped       uint64 // = DroppedRandom + DroppedBurst
	DroppedRandom uint64
	DroppedBurst  uint64
	Bursts        uint64 // runs of consecutive burst losses
	Reordered     uint64 // held back on purpose
	Duplicated    uint64 // delivered twice
	Delivered     uint64 // arrivals, copies included
	// DelaySum and DelayMax cover first arrivals.
	DelaySum, DelayMax time.Duration
	// OutOfOrder counts arrivals, in arrival order, of a packet sent
	// before one that already arrived, whatever the cause. Only Apply,
	// Arrivals and Conn know the arrival order and fill it in.
	OutOfOrder uint64
	// Overflow counts packets a Conn dropped because too many were in
	// flight.
	Overflow uint64
}

// Impairer decides packet fates; see the package documentation. It is not
// safe for concurrent use.
type Impairer struct {
	cfg          Config
	p, r         float64 // Gilbert transitions
	bad          bool
	lastBurst    bool
	jitter       float64 // current AR(1) term, seconds
	burstRand    *rand.Rand
	lossRand     *rand.Rand
	jitterRand   *rand.Rand
	reorderRand  *rand.Rand
	dupRand      *rand.Rand
	index        int
	report       Report
	maxDelivered int // highest index that arrived, for OutOfOrder
}

// New returns an Impairer for cfg.
func New(cfg Config) (*Impairer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	im := &Impairer{cfg: cfg, maxDelivered: -1}
	im.p, im.r = cfg.Gilbert()
	stream := func(k uint64) *rand.Rand {
		return rand.New(rand.NewPCG(cfg.Seed, k*0x9E3779B97F4A7C15))
	}
	im.burstRand, im.lossRand, im.jitterRand, im.reorderRand, im.dupRand = stream(1), stream(2), stream(3), stream(4), stream(5)
	return im, nil
}

// String describes the configuration.
func (im *Impairer) String() string { return im.cfg.String() }

// Config returns the configuration.
func (im *Impairer) Config() Config { return im.cfg }

// Report returns the counts so far.
func (im *Impairer) Report() Report { return im.report }

// Decide returns the fate of the next packet, sent at sent.
func (im *Impairer) Decide(sent time.Time) Fate {
	c := &im.cfg
	f := Fate{Index: im.index, Sent: sent}
	im.index++
	im.report.Sent++

	// 1. Gilbert–Elliott step, then loss in the bad state.
	if im.bad {
		im.bad = im.burstRand.Float64() >= im.r
	} else {
		im.bad = im.burstRand.Float64() < im.p
	}
	burst := im.bad && im.burstRand.Float64() < c.badLoss()
	// 2. Random loss, drawn for every packet to keep the stream aligned.
	random := im.lossRand.Float64() < c.LossPercent/100
	// 3. The jitter process steps for every packet.
	sd := c.Jitter.Seconds()
	if sd > 0 {
		rho := c.Correlation
		im.jitter = rho*im.jitter + math.Sqrt(1-rho*rho)*sd*im.jitterRand.NormFloat64()
	}
	reorder := im.reorderRand.Float64() < c.ReorderPercent/100
	dup := im.dupRand.Float64() < c.DuplicatePercent/100

	switch {
	case burst:
		f.Dropped, f.Burst = true, true
		im.report.DroppedBurst++
		if !im.lastBurst {
			im.report.Bursts++
		}
	case random:
		f.Dropped = true
		im.report.DroppedRandom++
	}
	im.lastBurst = burst
	if f.Dropped {
		im.report.Dropped++
		return f
	}

	j := time.Duration(im.jitter * float64(time.Second))
	if lim := c.jitterMax(); j > lim {
		j = lim
	} else if j < -lim {
		j = -lim
	}
	f.Delay = max(c.Delay+j, 0)
	if reorder {
		f.Reordered = true
		f.Delay += c.reorderDelay()
		im.report.Reordered++
	}
	f.Duplicated = dup
	im.report.Delivered++
	if dup {
		im.report.Duplicated++
		im.report.Delivered++
	}
	im.report.DelaySum += f.Delay
	im.report.DelayMax = max(im.report.DelayMax, f.Delay)
	return f
}

// arrived records arrival order for OutOfOrder.
func (im *Impairer) arrived(d Delivery) {
	if d.Index < im.maxDelivered {
		im.report.OutOfOrder++
	}
	im.maxDelivered = max(im.maxDelivered, d.Index)
}

func (c Config) jitterMax() time.Duration {
	if c.JitterMax > 0 {
		return c.JitterMax
	}
	return 3 * c.Jitter
}

func (c Config) reorderDelay() time.Duration {
	if c.ReorderDelay > 0 {
		return c.ReorderDelay
	}
	return DefaultReorderDelay
}

func (c Config) duplicateDelay() time.Duration {
	if c.DuplicateDelay > 0 {
		return c.DuplicateDelay
	}
	return DefaultDuplicateDelay
}
