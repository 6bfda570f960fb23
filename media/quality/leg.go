package quality

import (
	"fmt"
	"math"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
)

// Leg is the RTP/RTCP quality state of one call leg: a Receiver for the
// packets we receive, the counts of packets we send (for our sender
// reports), what the remote reported about us, and the round-trip time
// from its reports.
//
// Round-trip time follows RFC 3550 section 6.4.1: a report block about our
// SSRC carries LSR, the middle 32 bits of the NTP time of our last sender
// report, and DLSR, the remote's delay since receiving it; RTT = A − LSR −
// DLSR with A the middle 32 bits of the block's arrival time, all in
// 1/65536 s. It therefore needs us to send sender reports (so, RTP), and
// the remote to answer them.
//
// Not safe for concurrent use.
type Leg struct {
	local uint32
	recv  *Receiver

	// Our sending side.
	sentPackets, sentOctets uint32
	lastRTP                 uint32
	lastSent                time.Time
	sending                 bool
	sentSinceReport         bool

	// The remote's last sender report.
	lsr     uint32
	lsrAt   time.Time
	haveLSR bool

	rtt     time.Duration
	haveRTT bool

	remote     rtcp.ReceptionReport
	haveRemote bool
	voip       rtcp.VoIPMetricsReportBlock
	haveVoIP   bool

	// The remote's last RTCP XR receiver reference time (RFC 3611
	// section 4.4), answered by a DLRR block in our next report.
	rrtr     uint32
	rrtrSSRC uint32
	rrtrAt   time.Time
	haveRRTR bool
}

// NewLeg returns the state of a leg on which we send as localSSRC, with
// media at the given RTP clock rate.
func NewLeg(localSSRC uint32, clockRate int) *Leg {
	return &Leg{local: localSSRC, recv: NewReceiver(clockRate)}
}

// Receiver returns the leg's reception statistics.
func (l *Leg) Receiver() *Receiver { return l.recv }

// Update accounts a received RTP packet; see Receiver.Update.
func (l *Leg) Update(h *rtp.Header, arrival time.Time) bool { return l.recv.Update(h, arrival) }

// Sent accounts an RTP packet we sent with payloadLen bytes of payload.
func (l *Leg) Sent(h *rtp.Header, payloadLen int, at time.Time) {
	l.sentPackets++
	l.sentOctets += uint32(payloadLen)
	l.lastRTP, l.lastSent = h.Timestamp, at
	l.sending, l.sentSinceReport = true, true
}

// NTP returns t as a 64-bit NTP timestamp (seconds since 1900 in the upper
// half, binary fraction in the lower).
func NTP(t time.Time) uint64 {
	const epoch = 2208988800 // 1900 to 1970
	secs := uint64(t.Unix() + epoch)
	frac := uint64(t.Nanosecond()) << 32 / uint64(time.Second)
	return secs<<32 | frac
}

// NTPMiddle returns the middle 32 bits of t's NTP timestamp, the LSR
// format (16.16 fixed point seconds).
func NTPMiddle(t time.Time) uint32 { return uint32(NTP(t) >> 16) }

// ReceptionReport returns the report block about the remote source, and
// false if no packet was received. It ends the loss interval.
func (l *Leg) ReceptionReport(now time.Time) (rtcp.ReceptionReport, bool) {
	ssrc, ok := l.recv.SSRC()
	if !ok {
		return rtcp.ReceptionReport{}, false
	}
	iv := l.recv.EndInterval()
	st := l.recv.Stats()
	lost := min(max(st.PacketsLost, -(1<<23)), 1<<23-1)
	rr := rtcp.ReceptionReport{
		SSRC:               ssrc,
		FractionLost:       iv.Fraction,
		TotalLost:          uint32(int32(lost)) & 0xFFFFFF,
		LastSequenceNumber: st.ExtendedHighestSeq,
		Jitter:             uint32(math.Round(min(l.recv.jitter, math.MaxUint32))),
	}
	if l.haveLSR {
		rr.LastSenderReport = l.lsr
		rr.Delay = uint32(max(now.Sub(l.lsrAt), 0) * 65536 / time.Second)
	}
	return rr, true
}

// ReceiverReport builds an RR from our SSRC with the block about the
// remote, if any.
func (l *Leg) ReceiverReport(now time.Time) *rtcp.ReceiverReport {
	rr := &rtcp.ReceiverReport{SSRC: l.local}
	if b, ok := l.ReceptionReport(now); ok {
		rr.Reports = []rtcp.ReceptionReport{b}
	}
	return rr
}

// SenderReport builds an SR for what we sent, with the block about the
// remote, if any. The RTP timestamp is the last one sent, moved on by the
// time since at the clock rate.
func (l *Leg) SenderReport(now time.Time) *rtcp.SenderReport {
	elapsed := max(now.Sub(l.lastSent), 0).Seconds() * l.recv.clock
	sr := &rtcp.SenderReport{
		SSRC:        l.local,
		NTPTime:     NTP(now),
		RTPTime:     l.lastRTP + uint32(int64(elapsed)),
		PacketCount: l.sentPackets,
		OctetCount:  l.sentOctets,
	}
	if b, ok := l.ReceptionReport(now); ok {
		sr.Reports = []rtcp.ReceptionReport{b}
	}
	l.sentSinceReport = false
	return sr
}

// RTCPReport builds the periodic report of RFC 3550 section 6.4: an SR if
// we sent RTP since the previous report, else an RR.
func (l *Leg) RTCPReport(now time.Time) rtcp.Packet {
	if l.sentSinceReport {
		return l.SenderReport(now)
	}
	return l.ReceiverReport(now)
}

// HandleRTCP parses a (compound) RTCP packet that arrived at the given
// time and processes it.
func (l *Leg) HandleRTCP(data []byte, arrival time.Time) error {
	pkts, err := rtcp.Unmarshal(data)
	if err != nil {
		return fmt.Errorf("quality: rtcp: %w", err)
	}
	l.ProcessRTCP(pkts, arrival)
	return nil
}

// ProcessRTCP takes the remote's RTCP: a sender report's NTP time for our
// next report blocks, report blocks about our SSRC for the round-trip time
// and the remote's view of our stream, and XR VoIP metrics blocks (RFC
// 3611 section 4.7). Other packets are ignored.
func (l *Leg) ProcessRTCP(pkts []rtcp.Packet, arrival time.Time) {
	for _, p := range pkts {
		switch p := p.(type) {
		case *rtcp.SenderReport:
			l.lsr = uint32(p.NTPTime >> 16)
			l.lsrAt, l.haveLSR = arrival, true
			l.blocks(p.Reports, arrival)
		case *rtcp.ReceiverReport:
			l.blocks(p.Reports, arrival)
		case *rtcp.ExtendedReport:
			for _, b := range p.Reports {
				switch b := b.(type) {
				case *rtcp.VoIPMetricsReportBlock:
					if b.SSRC == l.local {
						l.voip, l.haveVoIP = *b, true
					}
				case *rtcp.ReceiverReferenceTimeReportBlock:
					l.rrtr, l.rrtrSSRC = uint32(b.NTPTimestamp>>16), p.SenderSSRC
					l.rrtrAt, l.haveRRTR = arrival, true
				case *rtcp.DLRRReportBlock:
					for _, r := range b.Reports {
						if r.SSRC == l.local {
							l.roundTrip(r.LastRR, r.DLRR, arrival)
						}
					}
				}
			}
		}
	}
}

func (l *Leg) blocks(reports []rtcp.ReceptionReport, arrival time.Time) {
	for _, b := range reports {
		if b.SSRC != l.local {
			continue
		}
		l.remote, l.haveRemote = b, true
		l.roundTrip(b.LastSenderReport, b.Delay, arrival)
	}
}

// roundTrip measures the round-trip time from an echoed NTP middle time
// (LSR or LRR) and the remote's delay since it received it (DLSR or
// DLRR), both in 1/65536 s: RTT = A − echoed − delay (RFC 3550 section
// 6.4.1, RFC 3611 section 4.5). Zero means the remote has not received
// our report yet.
func (l *Leg) roundTrip(echoed, delay uint32, arrival time.Time) {
	if echoed == 0 {
		return
	}
	rtt := int32(NTPMiddle(arrival) - echoed - delay)
	if rtt < 0 {
		return // clocks inconsistent: ignore
	}
	l.rtt = time.Duration(int64(rtt) * int64(time.Second) / 65536)
	l.haveRTT = true
}

// RTT returns the last round-trip time measured.
func (l *Leg) RTT() (time.Duration, bool) { return l.rtt, l.haveRTT }

// RemoteReport returns the last report block the remote sent about our
// stream. TotalLost is a 24-bit two's complement number: see
// SignedTotalLost.
func (l *Leg) RemoteReport() (rtcp.ReceptionReport, bool) { return l.remote, l.haveRemote }

// RemoteVoIPMetrics returns the last RTCP XR VoIP metrics block the remote
// sent about our stream.
func (l *Leg) RemoteVoIPMetrics() (rtcp.VoIPMetricsReportBlock, bool) { return l.voip, l.haveVoIP }

// SignedTotalLost decodes a report block's 24-bit cumulative loss.
func SignedTotalLost(b rtcp.ReceptionReport) int32 {
	v := int32(b.TotalLost & 0xFFFFFF)
	if v&0x800000 != 0 {
		v -= 1 << 24
	}
	return v
}
