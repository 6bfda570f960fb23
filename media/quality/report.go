package quality

import (
	"fmt"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/jitter"
	"github.com/earshot/earshot/media/quality/emodel"
)

// MOSMethod names how Report.MOS was estimated.
const MOSMethod = "g107"

// Report is the quality of one received leg, as stats only: it carries no
// address, SSRC or call identifier, so it can be logged and stored as is.
// Field names follow W3C webrtc-stats (RTCInboundRtpStreamStats) where
// there is one; times are in seconds.
type Report struct {
	PacketsReceived  uint64 `json:"packetsReceived"`
	PacketsLost      int64  `json:"packetsLost"`
	PacketsDiscarded uint64 `json:"packetsDiscarded"`
	// FractionLost is the loss of the last report interval, 0..1.
	FractionLost float64 `json:"fractionLost"`
	// Jitter is the RFC 3550 interarrival jitter.
	Jitter float64 `json:"jitter"`
	// RoundTripTime is absent until the remote answered a sender report.
	RoundTripTime            *float64 `json:"roundTripTime,omitempty"`
	ConcealedSamples         uint64   `json:"concealedSamples"`
	ConcealmentEvents        uint64   `json:"concealmentEvents"`
	JitterBufferDelay        float64  `json:"jitterBufferDelay"`
	JitterBufferEmittedCount uint64   `json:"jitterBufferEmittedCount"`
	MOS                      float64  `json:"mos"`
	MOSMethod                string   `json:"mos_method"`
	RFactor                  float64  `json:"r_factor"`
	// Client is the browser's own view of a WebRTC leg, nil for other
	// calls and until the browser reported.
	Client *ClientReport `json:"client,omitempty"`
}

// Playout is what the receiver's jitter buffer did, in W3C terms: late
// and out-of-window packets in PacketsDiscarded, duplicates not.
type Playout struct {
	PacketsDiscarded         uint64
	ConcealedSamples         uint64
	ConcealmentEvents        uint64
	JitterBufferDelay        float64 // seconds, summed over emitted samples
	JitterBufferEmittedCount uint64
}

// FromJitter converts a jitter buffer's counters, leaving out duplicates.
func FromJitter(s jitter.Stats) Playout {
	return Playout{
		PacketsDiscarded:         s.PacketsDiscarded - s.DiscardedDuplicate,
		ConcealedSamples:         s.ConcealedSamples,
		ConcealmentEvents:        s.ConcealmentEvents,
		JitterBufferDelay:        s.JitterBufferDelay,
		JitterBufferEmittedCount: s.JitterBufferEmittedCount,
	}
}

// Report returns the leg's quality with the playout counters p, and a MOS
// estimated with the G.107 E-model (emodel.Estimate) for codec c:
//
//   - packet loss Ppl: packets lost on the network plus those the jitter
//     buffer discarded, over the packets expected;
//   - burst ratio BurstR: from the observed loss pattern (Receiver);
//   - mouth-to-ear delay Ta: half the round-trip time (0 while unknown),
//     plus the jitter buffer's mean delay, the packet duration and the
//     codec's lookahead. Terminal delays beyond that are not known and
//     left out.
func (l *Leg) Report(p Playout, c emodel.Codec) Report {
	st := l.recv.Stats()
	r := Report{
		PacketsReceived:          st.PacketsReceived,
		PacketsLost:              st.PacketsLost,
		PacketsDiscarded:         p.PacketsDiscarded,
		FractionLost:             st.FractionLost,
		Jitter:                   st.Jitter.Seconds(),
		ConcealedSamples:         p.ConcealedSamples,
		ConcealmentEvents:        p.ConcealmentEvents,
		JitterBufferDelay:        p.JitterBufferDelay,
		JitterBufferEmittedCount: p.JitterBufferEmittedCount,
		MOSMethod:                MOSMethod,
	}
	ta := st.PacketDuration
	if ta == 0 {
		ta = 20 * time.Millisecond
	}
	ta += c.Lookahead
	if rtt, ok := l.RTT(); ok {
		s := rtt.Seconds()
		r.RoundTripTime = &s
		ta += rtt / 2
	}
	if p.JitterBufferEmittedCount > 0 {
		ta += time.Duration(p.JitterBufferDelay / float64(p.JitterBufferEmittedCount) * float64(time.Second))
	}
	ppl := 0.0
	if st.Expected > 0 {
		lost := float64(max(st.PacketsLost, 0)) + float64(p.PacketsDiscarded)
		ppl = min(100*lost/float64(st.Expected), 100)
	}
	r.RFactor, r.MOS = emodel.Estimate(c, ppl, st.BurstR, ta)
	return r
}

// Tap is an RTP stage that accounts every packet in a Leg, with the
// arrival time from its clock, and passes it on unchanged.
type Tap struct {
	leg  *Leg
	next media.RTPHandler
	now  func() time.Time
}

// NewTap returns a Tap in front of next; now is time.Now if nil.
func NewTap(leg *Leg, next media.RTPHandler, now func() time.Time) *Tap {
	if now == nil {
		now = time.Now
	}
	return &Tap{leg: leg, next: next, now: now}
}

// HandleRTP accounts pkt and passes it to the next stage.
func (t *Tap) HandleRTP(pkt *rtp.Packet) error {
	t.leg.Update(&pkt.Header, t.now())
	return t.next.HandleRTP(pkt)
}

// String returns "Quality".
func (t *Tap) String() string { return "Quality" }

// Next returns the next stage.
func (t *Tap) Next() fmt.Stringer { return t.next }
