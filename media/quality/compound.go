package quality

import (
	"time"

	"github.com/pion/rtcp"
)

// Compound builds the compound RTCP packet we send periodically (RFC 3550
// section 6.1): the SR or RR of RTCPReport, an SDES with our CNAME, and an
// RTCP XR packet (RFC 3611) with
//
//   - a receiver reference time block when we sent no RTP since the last
//     report: a receive-only leg has no sender report the remote could
//     echo, and the remote's DLRR answer to this block gives us the
//     round-trip time all the same (RFC 3611 section 4.4);
//   - a DLRR block answering the remote's last receiver reference time,
//     so that a receive-only remote can measure the round-trip time too
//     (RFC 3611 section 4.5).
//
// cname must not identify a person: use a random string per leg.
func (l *Leg) Compound(now time.Time, cname string) []rtcp.Packet {
	sending := l.sentSinceReport
	pkts := []rtcp.Packet{l.RTCPReport(now), rtcp.NewCNAMESourceDescription(l.local, cname)}
	xr := &rtcp.ExtendedReport{SenderSSRC: l.local}
	if !sending {
		xr.Reports = append(xr.Reports, &rtcp.ReceiverReferenceTimeReportBlock{NTPTimestamp: NTP(now)})
	}
	if l.haveRRTR {
		xr.Reports = append(xr.Reports, &rtcp.DLRRReportBlock{Reports: []rtcp.DLRRReport{{
			SSRC:   l.rrtrSSRC,
			LastRR: l.rrtr,
			DLRR:   uint32(max(now.Sub(l.rrtrAt), 0) * 65536 / time.Second),
		}}})
	}
	if len(xr.Reports) > 0 {
		pkts = append(pkts, xr)
	}
	return pkts
}
