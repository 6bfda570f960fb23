package quality

import (
	"time"

	"github.com/pion/rtp"
)

// RFC 3550 Appendix A.1 constants.
const (
	maxDropout  = 3000
	maxMisorder = 100
	seqMod      = 1 << 16

	// lossWindow is how many sequence numbers behind the highest are
	// waited for before one is classified received or lost for the burst
	// statistics: more than any reordering worth waiting for.
	lossWindow = 256
)

// Receiver computes the reception statistics of RFC 3550 for the RTP
// packets of one call leg: packets received, cumulative and interval loss
// from extended sequence numbers (Appendix A.1 and A.3), and interarrival
// jitter (section 6.4.1, Appendix A.8). It also classifies every sequence
// number as received or lost, once it is lossWindow numbers behind the
// highest, to measure how bursty the loss is (Gilbert model, for the
// E-model's BurstR).
//
// A source is valid from its first packet (no probation: the leg was
// signalled). A sequence jump of more than 3000 ahead or 100 behind is
// ignored unless the next packet follows it, which restarts the sequence
// (Appendix A.1). A new SSRC starts a new source; the counters add up over
// sources. Not safe for concurrent use; Update does not allocate.
type Receiver struct {
	clock float64

	started bool
	ssrc    uint32

	// Appendix A.1 state of the current source.
	maxSeq   uint16
	cycles   uint32 // shifted count of sequence number cycles
	baseSeq  uint32
	badSeq   uint32
	received uint64

	// Totals of earlier sources.
	prevExpected, prevReceived uint64

	// Interval (Appendix A.3).
	expectedPrior, receivedPrior uint64
	fraction                     uint8

	// Jitter (Appendix A.8), in timestamp units.
	jitter      float64
	haveTransit bool
	lastArrival time.Time
	lastTS      uint32
	frameTS     uint32 // last timestamp step between consecutive packets

	// Loss pattern: received bits of the lossWindow numbers up to the
	// highest, and Gilbert transition counts of those classified.
	bits          [lossWindow / 64]uint64
	classified    uint64 // extended number of the next one to classify
	lastLost      bool
	haveClass     bool
	nFound, nLost uint64 // classified numbers in each state
	nFL, nLF      uint64 // transitions found->lost and lost->found
	nRuns         uint64 // runs of lost numbers
}

// NewReceiver returns a Receiver for an RTP clock rate in Hz.
func NewReceiver(clockRate int) *Receiver {
	if clockRate <= 0 {
		clockRate = 8000
	}
	return &Receiver{clock: float64(clockRate)}
}

// ClockRate returns the RTP clock rate.
func (r *Receiver) ClockRate() int { return int(r.clock) }

// SSRC returns the current source, if a packet was seen.
func (r *Receiver) SSRC() (uint32, bool) { return r.ssrc, r.started }

// Update accounts one packet that arrived at the given time. It reports
// whether the packet was counted (false for a sequence jump not yet
// confirmed).
func (r *Receiver) Update(h *rtp.Header, arrival time.Time) bool {
	if !r.started || h.SSRC != r.ssrc {
		if r.started {
			r.flushSource()
		}
		r.started = true
		r.ssrc = h.SSRC
		r.initSeq(h.SequenceNumber)
		r.haveTransit = false
	} else if !r.updateSeq(h.SequenceNumber) {
		return false
	}
	r.received++
	r.markReceived(h.SequenceNumber)
	r.updateJitter(h.Timestamp, arrival)
	return true
}

// initSeq is Appendix A.1 init_seq.
func (r *Receiver) initSeq(seq uint16) {
	r.baseSeq = uint32(seq)
	r.maxSeq = seq
	r.badSeq = seqMod + 1 // so seq == badSeq is false
	r.cycles = 0
	r.received = 0
	r.receivedPrior = 0
	r.expectedPrior = 0
	r.bits = [lossWindow / 64]uint64{}
	r.classified = uint64(seq)
	r.haveClass = false
}

// updateSeq is Appendix A.1 update_seq without probation.
func (r *Receiver) updateSeq(seq uint16) bool {
	udelta := seq - r.maxSeq
	switch {
	case udelta < maxDropout:
		// In order, with permissible gap.
		if seq < r.maxSeq {
			r.cycles += seqMod
		}
		r.maxSeq = seq
	case udelta <= seqMod-maxMisorder:
		// A very large jump.
		if uint32(seq) == r.badSeq {
			// Two sequential packets: the source restarted without
			// telling us; start over from this packet.
			r.flushSource()
			r.initSeq(seq)
			r.haveTransit = false
		} else {
			r.badSeq = (uint32(seq) + 1) & (seqMod - 1)
			return false
		}
	default:
		// Duplicate or reordered packet.
	}
	return true
}

// flushSource folds the current source into the totals.
func (r *Receiver) flushSource() {
	r.prevExpected += r.expected()
	r.prevReceived += r.received
	r.classifyUpTo(r.extMax() + 1)
}

func (r *Receiver) extMax() uint64 { return uint64(r.cycles) + uint64(r.maxSeq) }

func (r *Receiver) expected() uint64 { return r.extMax() - uint64(r.baseSeq) + 1 }

// updateJitter is section 6.4.1: D(i,j) = (Rj − Ri) − (Sj − Si) in
// timestamp units, J += (|D| − J)/16, over consecutive packets in arrival
// order.
func (r *Receiver) updateJitter(ts uint32, arrival time.Time) {
	if r.haveTransit {
		dArr := arrival.Sub(r.lastArrival).Seconds() * r.clock
		dTS := float64(int32(ts - r.lastTS))
		d := dArr - dTS
		if d < 0 {
			d = -d
		}
		r.jitter += (d - r.jitter) / 16
		if step := ts - r.lastTS; step > 0 && step < uint32(r.clock) {
			r.frameTS = step
		}
	}
	r.haveTransit = true
	r.lastArrival = arrival
	r.lastTS = ts
}

// markReceived sets the loss-window bit of a packet just counted, after
// classifying the numbers that left the window.
func (r *Receiver) markReceived(seq uint16) {
	top := r.extMax()
	if top >= lossWindow {
		r.classifyUpTo(top - lossWindow + 1)
	}
	// The packet is the highest or at most maxMisorder behind it.
	back := uint64(uint16(r.maxSeq - seq))
	if back > top {
		return
	}
	if ext := top - back; ext >= r.classified {
		r.bits[ext%lossWindow/64] |= 1 << (ext % 64)
	}
}

// classifyUpTo classifies every number below end not classified yet:
// received if its window bit is set, else lost. After a jump of more than
// the window, the numbers beyond it were never marked: one lost run.
func (r *Receiver) classifyUpTo(end uint64) {
	if end <= r.classified {
		return
	}
	n := end - r.classified
	m := min(n, lossWindow)
	for s := r.classified; s < r.classified+m; s++ {
		i, bit := s%lossWindow/64, uint64(1)<<(s%64)
		found := r.bits[i]&bit != 0
		r.bits[i] &^= bit
		r.classify(!found, 1)
	}
	if n > m {
		r.classify(true, n-m)
	}
	r.classified = end
}

// classify records k numbers in a row, all lost or all received.
func (r *Receiver) classify(lost bool, k uint64) {
	if lost && (!r.haveClass || !r.lastLost) {
		r.nRuns++
	}
	if r.haveClass {
		switch {
		case !r.lastLost && lost:
			r.nFL++
		case r.lastLost && !lost:
			r.nLF++
		}
	}
	if lost {
		r.nLost += k
	} else {
		r.nFound += k
	}
	r.lastLost, r.haveClass = lost, true
}

// ReceiverStats are the reception statistics so far.
type ReceiverStats struct {
	// PacketsReceived counts packets, duplicates included (RFC 3550).
	PacketsReceived uint64
	// Expected is the number of sequence numbers from the first to the
	// highest; PacketsLost is Expected − PacketsReceived, negative with
	// duplicates.
	Expected    uint64
	PacketsLost int64
	// FractionLost is the loss of the last interval (EndInterval), 0..1.
	FractionLost float64
	// Jitter is the interarrival jitter.
	Jitter time.Duration
	// ExtendedHighestSeq is the highest sequence number with its cycle
	// count in the upper 16 bits.
	ExtendedHighestSeq uint32
	// BurstR is the burst ratio 1/(p+q) of the Gilbert model fitted to
	// the loss pattern, p the probability of losing a packet after a
	// received one and q of receiving one after a lost one; 1 for random
	// loss or no loss (ITU-T G.113 Appendix I).
	BurstR float64
	// MeanBurst is the mean length of runs of lost packets.
	MeanBurst float64
	// PacketDuration is the timestamp step between consecutive packets,
	// in time.
	PacketDuration time.Duration
}

// Stats returns the statistics so far.
func (r *Receiver) Stats() ReceiverStats {
	s := ReceiverStats{
		PacketsReceived: r.prevReceived + r.received,
		Jitter:          time.Duration(r.jitter / r.clock * float64(time.Second)),
		FractionLost:    float64(r.fraction) / 256,
		BurstR:          1,
	}
	if r.started {
		s.Expected = r.prevExpected + r.expected()
		s.ExtendedHighestSeq = uint32(r.extMax())
	}
	s.PacketsLost = int64(s.Expected) - int64(s.PacketsReceived)
	if r.frameTS > 0 {
		s.PacketDuration = time.Duration(float64(r.frameTS) / r.clock * float64(time.Second))
	}
	// The loss pattern including the numbers still in the window.
	c := *r
	if c.started {
		c.classifyUpTo(c.extMax() + 1)
	}
	if c.nFound > 0 && c.nLost > 0 {
		p := float64(c.nFL) / float64(c.nFound)
		q := float64(c.nLF) / float64(c.nLost)
		if p+q > 0 {
			s.BurstR = 1 / (p + q)
		}
	}
	if c.nRuns > 0 {
		s.MeanBurst = float64(c.nLost) / float64(c.nRuns)
	}
	return s
}

// Interval is the loss over one reporting interval (RFC 3550 A.3).
type Interval struct {
	Expected, Received uint64
	// Lost is Expected − Received, 0 if negative.
	Lost uint64
	// Fraction is Lost/Expected in units of 1/256, as in a report block.
	Fraction uint8
}

// EndInterval returns the loss since the previous call (or the start) and
// starts a new interval. Build reports with it, once per report.
func (r *Receiver) EndInterval() Interval {
	var iv Interval
	if !r.started {
		return iv
	}
	expected := r.expected()
	iv.Expected = expected - r.expectedPrior
	iv.Received = r.received - r.receivedPrior
	r.expectedPrior, r.receivedPrior = expected, r.received
	if iv.Expected > iv.Received {
		iv.Lost = iv.Expected - iv.Received
	}
	if iv.Expected > 0 && iv.Lost > 0 {
		iv.Fraction = uint8(iv.Lost << 8 / iv.Expected)
	}
	r.fraction = iv.Fraction
	return iv
}
