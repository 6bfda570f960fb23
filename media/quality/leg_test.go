package quality

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/quality/emodel"
)

func TestNTP(t *testing.T) {
	// 1970-01-01 is NTP second 2208988800; half a second is 0x80000000.
	if got := NTP(time.Unix(0, 500_000_000)); got != 2208988800<<32|0x80000000 {
		t.Errorf("NTP = %#x", got)
	}
	if got := NTPMiddle(time.Unix(0, 500_000_000)); got != (2208988800&0xFFFF)<<16|0x8000 {
		t.Errorf("NTPMiddle = %#x", got)
	}
}

// marshalled sends p over the wire format and back.
func wire(t *testing.T, p rtcp.Packet) []byte {
	t.Helper()
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRoundTrip: leg A sends RTP and an SR to leg B over a path of 30 ms
// each way; B answers with an RR 100 ms later; A measures 60 ms.
func TestRoundTrip(t *testing.T) {
	const oneWay = 30 * time.Millisecond
	a, b := NewLeg(0xA, 8000), NewLeg(0xB, 8000)
	now := t0
	for i := range 100 {
		if i == 50 || i == 51 {
			now = now.Add(20 * time.Millisecond)
			continue // lost
		}
		h := &rtp.Header{SSRC: 0xA, SequenceNumber: uint16(i), Timestamp: uint32(i * 160)}
		a.Sent(h, 160, now)
		b.Update(h, now.Add(oneWay))
		now = now.Add(20 * time.Millisecond)
	}
	if _, ok := a.RTT(); ok {
		t.Fatal("RTT before any report")
	}
	sr, ok := a.RTCPReport(now).(*rtcp.SenderReport)
	if !ok {
		t.Fatal("A sent RTP but did not build an SR")
	}
	if sr.PacketCount != 98 || sr.OctetCount != 98*160 || sr.SSRC != 0xA {
		t.Errorf("SR %+v", sr)
	}
	if err := b.HandleRTCP(wire(t, sr), now.Add(oneWay)); err != nil {
		t.Fatal(err)
	}
	later := now.Add(oneWay + 100*time.Millisecond)
	rr, ok := b.RTCPReport(later).(*rtcp.ReceiverReport)
	if !ok {
		t.Fatal("B sent no RTP but did not build an RR")
	}
	if len(rr.Reports) != 1 {
		t.Fatalf("RR blocks %+v", rr.Reports)
	}
	blk := rr.Reports[0]
	if blk.SSRC != 0xA || blk.TotalLost != 2 || blk.FractionLost != 2*256/100 || blk.LastSequenceNumber != 99 ||
		blk.LastSenderReport != NTPMiddle(now) || blk.Delay != 100*65536/1000 {
		t.Errorf("report block %+v", blk)
	}
	if err := a.HandleRTCP(wire(t, rr), later.Add(oneWay)); err != nil {
		t.Fatal(err)
	}
	rtt, ok := a.RTT()
	if !ok || (rtt-2*oneWay).Abs() > 2*time.Second/65536 {
		t.Errorf("RTT %v, want %v", rtt, 2*oneWay)
	}
	if got, ok := a.RemoteReport(); !ok || got.TotalLost != 2 {
		t.Errorf("remote report %+v", got)
	}
	if err := a.HandleRTCP([]byte{1, 2, 3}, later); err == nil {
		t.Error("garbage RTCP accepted")
	}
}

func TestSignedTotalLost(t *testing.T) {
	r := NewLeg(1, 8000)
	feed(r.Receiver(), 0, cat(seqs(0, 10), seqs(5, 10))) // 5 duplicates
	blk, ok := r.ReceptionReport(t0)
	if !ok {
		t.Fatal("no block")
	}
	var back rtcp.ReceptionReport
	b, err := blk.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := back.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	if got := SignedTotalLost(back); got != -5 {
		t.Errorf("SignedTotalLost = %d, want -5", got)
	}
}

// TestVoIPMetrics: an RTCP XR VoIP metrics block about our SSRC is kept;
// one about another SSRC is not.
func TestVoIPMetrics(t *testing.T) {
	l := NewLeg(7, 8000)
	block := rtcp.VoIPMetricsReportBlock{SSRC: 7, LossRate: 12, DiscardRate: 3, BurstDensity: 40, GapDensity: 2,
		BurstDuration: 120, GapDuration: 5000, RoundTripDelay: 80, EndSystemDelay: 70, SignalLevel: 127, NoiseLevel: 127,
		RERL: 127, Gmin: 16, RFactor: 85, ExtRFactor: 127, MOSLQ: 41, MOSCQ: 40, RXConfig: 0xC0, JBNominal: 60, JBMaximum: 120, JBAbsMax: 400}
	other := block
	other.SSRC, other.MOSLQ = 8, 10
	xr := &rtcp.ExtendedReport{SenderSSRC: 9, Reports: []rtcp.ReportBlock{&block, &other}}
	if err := l.HandleRTCP(wire(t, xr), t0); err != nil {
		t.Fatal(err)
	}
	got, ok := l.RemoteVoIPMetrics()
	got.XRHeader = block.XRHeader
	if !ok || got != block {
		t.Errorf("VoIP metrics %+v, want %+v", got, block)
	}
}

// TestReportJSON: the report has exactly the webrtc-stats style fields,
// and nothing that identifies the call.
func TestReportJSON(t *testing.T) {
	l := NewLeg(0xDEADBEEF, 8000)
	feed(l.Receiver(), 0, cat(seqs(0, 90), seqs(100, 200)))
	rep := l.Report(Playout{PacketsDiscarded: 3, ConcealedSamples: 1600, ConcealmentEvents: 2, JitterBufferDelay: 60 * 0.06 * 160, JitterBufferEmittedCount: 60 * 160}, emodel.G711PLC)
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := slices.Sorted(maps.Keys(m))
	want := []string{"concealedSamples", "concealmentEvents", "fractionLost", "jitter", "jitterBufferDelay", "jitterBufferEmittedCount",
		"mos", "mos_method", "packetsDiscarded", "packetsLost", "packetsReceived", "r_factor"}
	if !slices.Equal(keys, want) {
		t.Errorf("JSON keys %v, want %v", keys, want)
	}
	if s := string(b); strings.Contains(s, "3735928559") || strings.Contains(strings.ToLower(s), "ssrc") {
		t.Errorf("JSON carries an identifier: %s", s)
	}
	if rep.MOSMethod != "g107" || rep.PacketsLost != 10 || rep.PacketsReceived != 190 {
		t.Errorf("report %+v", rep)
	}
	// Loss (10 lost + 3 discarded of 200 = 6.5 %) and delay (60 ms
	// buffer + 20 ms packets) priced by the E-model.
	wantR, wantMOS := emodel.Estimate(emodel.G711PLC, 6.5, rep.burstR(l), 80*time.Millisecond)
	if math.Abs(rep.RFactor-wantR) > 1e-6 || math.Abs(rep.MOS-wantMOS) > 1e-6 {
		t.Errorf("R %.3f MOS %.3f, want %.3f %.3f", rep.RFactor, rep.MOS, wantR, wantMOS)
	}

	// With a round-trip time it appears, and half of it adds to the delay.
	l.rtt, l.haveRTT = 100*time.Millisecond, true
	rep2 := l.Report(Playout{}, emodel.G711PLC)
	if rep2.RoundTripTime == nil || *rep2.RoundTripTime != 0.1 {
		t.Errorf("roundTripTime %v", rep2.RoundTripTime)
	}
	if b, _ := json.Marshal(rep2); !strings.Contains(string(b), `"roundTripTime":0.1`) {
		t.Errorf("JSON %s", b)
	}
}

// burstR is the receiver's current burst ratio, for computing the
// expected E-model figures.
func (Report) burstR(l *Leg) float64 { return l.recv.Stats().BurstR }

func TestNoLossReport(t *testing.T) {
	l := NewLeg(1, 8000)
	feed(l.Receiver(), 0, seqs(0, 500))
	rep := l.Report(Playout{}, emodel.G711PLC)
	// No loss and only the 20 ms of packetization as delay: the default
	// 93.2 less the echo terms of a 20 ms echo path (T = 20 ms, Tr = 40 ms,
	// TELR 65 dB): Idte 2.322 and Idle 0.432 instead of 0.149, so R 90.60,
	// MOS 4.35.
	if math.Abs(rep.RFactor-90.60) > 0.01 || math.Abs(rep.MOS-4.35) > 0.01 {
		t.Errorf("R %.2f MOS %.2f, want 90.60 and 4.35", rep.RFactor, rep.MOS)
	}
	if rep.PacketsLost != 0 || rep.RoundTripTime != nil {
		t.Errorf("report %+v", rep)
	}
}

type rtpSink struct{ n int }

func (s *rtpSink) HandleRTP(*rtp.Packet) error { s.n++; return nil }
func (s *rtpSink) String() string              { return "sink" }

func TestTap(t *testing.T) {
	l := NewLeg(1, 8000)
	now := t0
	next := &rtpSink{}
	tap := NewTap(l, next, func() time.Time { now = now.Add(20 * time.Millisecond); return now })
	if got := media.Chain(tap); got != "Quality -> sink" {
		t.Errorf("Chain = %q", got)
	}
	for i := range 10 {
		if err := tap.HandleRTP(&rtp.Packet{Header: rtp.Header{SSRC: 5, SequenceNumber: uint16(i), Timestamp: uint32(i * 160)}}); err != nil {
			t.Fatal(err)
		}
	}
	if next.n != 10 || l.Receiver().Stats().PacketsReceived != 10 || l.Receiver().Stats().Jitter != 0 {
		t.Errorf("passed %d, stats %+v", next.n, l.Receiver().Stats())
	}
}

func BenchmarkTap(b *testing.B) {
	l := NewLeg(1, 8000)
	now := t0
	tap := NewTap(l, &rtpSink{}, func() time.Time { return now })
	p := &rtp.Packet{Header: rtp.Header{SSRC: 2}, Payload: make([]byte, 160)}
	b.ReportAllocs()
	for b.Loop() {
		p.SequenceNumber++
		p.Timestamp += 160
		now = now.Add(20 * time.Millisecond)
		if err := tap.HandleRTP(p); err != nil {
			b.Fatal(err)
		}
	}
}
