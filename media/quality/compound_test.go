package quality

import (
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
)

// TestCompoundXRRoundTrip: B only receives, so it has no SR for A to echo;
// its RRTR block, answered by A's DLRR block, still gives B the round-trip
// time (RFC 3611 sections 4.4 and 4.5). A sends RTP and gets its RTT from
// B's receiver report as usual.
func TestCompoundXRRoundTrip(t *testing.T) {
	const oneWay = 25 * time.Millisecond
	a, b := NewLeg(0xA, 8000), NewLeg(0xB, 8000)
	now := t0
	for i := range 50 {
		h := &rtp.Header{SSRC: 0xA, SequenceNumber: uint16(i), Timestamp: uint32(i * 160)}
		a.Sent(h, 160, now)
		b.Update(h, now.Add(oneWay))
		now = now.Add(20 * time.Millisecond)
	}
	// A's report: SR, SDES, and no RRTR (A sends).
	pa := a.Compound(now, "a")
	if _, ok := pa[0].(*rtcp.SenderReport); !ok || len(pa) != 2 {
		t.Fatalf("A's compound = %v, want SR and SDES only", pa)
	}
	if sd, ok := pa[1].(*rtcp.SourceDescription); !ok || sd.Chunks[0].Source != 0xA {
		t.Fatalf("A's second packet %v is not its SDES", pa[1])
	}
	data, err := rtcp.Marshal(pa)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.HandleRTCP(data, now.Add(oneWay)); err != nil {
		t.Fatal(err)
	}
	// B's report: RR, SDES and an XR with an RRTR block.
	bAt := now.Add(oneWay + 40*time.Millisecond)
	pb := b.Compound(bAt, "b")
	if len(pb) != 3 {
		t.Fatalf("B's compound = %v, want RR, SDES, XR", pb)
	}
	xr, ok := pb[2].(*rtcp.ExtendedReport)
	if !ok || len(xr.Reports) != 1 {
		t.Fatalf("B's XR = %v", pb[2])
	}
	if _, ok := xr.Reports[0].(*rtcp.ReceiverReferenceTimeReportBlock); !ok {
		t.Fatalf("B's XR block %T, want RRTR", xr.Reports[0])
	}
	data, err = rtcp.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	// A gets it, holds it 70 ms, answers with a DLRR block.
	if err := a.HandleRTCP(data, bAt.Add(oneWay)); err != nil {
		t.Fatal(err)
	}
	aAt := bAt.Add(oneWay + 70*time.Millisecond)
	pa = a.Compound(aAt, "a")
	var dlrr *rtcp.DLRRReportBlock
	for _, p := range pa {
		if x, ok := p.(*rtcp.ExtendedReport); ok {
			for _, blk := range x.Reports {
				if d, ok := blk.(*rtcp.DLRRReportBlock); ok {
					dlrr = d
				}
			}
		}
	}
	if dlrr == nil || len(dlrr.Reports) != 1 || dlrr.Reports[0].SSRC != 0xB {
		t.Fatalf("A's answer %v has no DLRR for B", pa)
	}
	if _, ok := b.RTT(); ok {
		t.Fatal("B has an RTT before A's answer")
	}
	data, err = rtcp.Marshal(pa)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.HandleRTCP(data, aAt.Add(oneWay)); err != nil {
		t.Fatal(err)
	}
	rtt, ok := b.RTT()
	if !ok || (rtt-2*oneWay).Abs() > time.Millisecond {
		t.Errorf("B's RTT = %v (%v), want %v", rtt, ok, 2*oneWay)
	}
	// A's own RTT from B's report block about its SR.
	rttA, ok := a.RTT()
	if !ok || (rttA-2*oneWay).Abs() > time.Millisecond {
		t.Errorf("A's RTT = %v (%v), want %v", rttA, ok, 2*oneWay)
	}
}

// FuzzHandleRTCP: whatever arrives on the RTCP port, parsing it and
// building the next report neither panics nor yields a negative RTT.
func FuzzHandleRTCP(f *testing.F) {
	seed := NewLeg(0xA, 8000)
	seed.Sent(&rtp.Header{SSRC: 0xA, Timestamp: 160}, 160, t0)
	for _, pkts := range [][]rtcp.Packet{
		seed.Compound(t0, "a"),
		NewLeg(0xB, 8000).Compound(t0, "b"),
	} {
		b, err := rtcp.Marshal(pkts)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x80, 200, 0, 6})
	f.Fuzz(func(t *testing.T, data []byte) {
		l := NewLeg(0xA, 8000)
		_ = l.HandleRTCP(data, t0.Add(time.Second)) // errors are fine
		if rtt, ok := l.RTT(); ok && rtt < 0 {
			t.Fatalf("negative RTT %v", rtt)
		}
		if _, err := rtcp.Marshal(l.Compound(t0.Add(2*time.Second), "a")); err != nil {
			t.Fatalf("report after fuzzed input does not marshal: %v", err)
		}
	})
}
