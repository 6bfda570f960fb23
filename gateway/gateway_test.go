package gateway_test

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/console/metrics"
	"github.com/earshot/earshot/gateway"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/dtmf"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt/sttest"
)

// fakeClock is a clock the test moves; safe for the report goroutine.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// rtcpRecorder is a sip.RTCPWriter that keeps what it is given.
type rtcpRecorder struct {
	mu   sync.Mutex
	sent [][]rtcp.Packet
}

func (r *rtcpRecorder) WriteRTCP(pkts []rtcp.Packet) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, pkts)
	return nil
}

func (r *rtcpRecorder) reports() [][]rtcp.Packet {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]rtcp.Packet(nil), r.sent...)
}

func pcmuPacket(seq uint16, ts uint32) *rtp.Packet {
	samples := make([]int16, 160)
	for i := range samples {
		samples[i] = int16((i%40 - 20) * 500)
	}
	payload := make([]byte, 160)
	g711.EncodeUlawTo(payload, samples)
	return &rtp.Packet{
		Header:  rtp.Header{Version: 2, PayloadType: 0, SequenceNumber: seq, Timestamp: ts, SSRC: 7},
		Payload: payload,
	}
}

// eventPackets are the RFC 4733 packets of one key press sent as a phone
// does: every 20 ms with the start timestamp, the end three times.
func eventPackets(key byte, seq uint16, ts uint32, pt uint8) []*rtp.Packet {
	code, _ := dtmf.DigitEvent(key)
	var out []*rtp.Packet
	for i := range 6 {
		end := i >= 3
		dur := uint16(min(i+1, 3) * 160)
		p := &rtp.Packet{
			Header:  rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq + uint16(i), Timestamp: ts, SSRC: 7, Marker: i == 0},
			Payload: dtmf.Payload{Event: code, End: end, Volume: 10, Duration: dur}.Append(nil),
		}
		out = append(out, p)
	}
	return out
}

func drain(sub *events.Subscription) []events.Event {
	var evs []events.Event
	for len(sub.C()) > 0 {
		evs = append(evs, <-sub.C())
	}
	return evs
}

func types(evs []events.Event) []string {
	var ts []string
	for _, ev := range evs {
		ts = append(ts, ev.Type)
	}
	return ts
}

// A call's audio packets reach the recogniser as continuous 16 kHz PCM
// through the jitter buffer (reordered packets put back in place), and End
// publishes the final quality report before closing the pipeline.
func TestGatewayCallMediaPath(t *testing.T) {
	eng := sttest.NewEngine(sttest.Step{AtClose: true, Result: sttest.Final(0, 1000, "hello there")})
	wide := sttest.NewEngine()
	bus := events.NewBus()
	defer bus.Close()
	sub := bus.Subscribe(64, nil)
	clock := newFakeClock()
	reg := metrics.NewRegistry()
	gw, err := gateway.New(gateway.Config{Narrowband: eng, Wideband: wide, Bus: bus, Now: clock.Now,
		QualityInterval: time.Hour, Metrics: gateway.NewMetrics(reg)})
	if err != nil {
		t.Fatal(err)
	}
	sink, err := gw.StartCall(t.Context(), sip.CallInfo{
		ID: "call1", Route: "bot", Codec: "PCMU", PayloadType: 0, ClockRate: 8000, DTMFPayloadType: 101,
	})
	if err != nil {
		t.Fatal(err)
	}
	if gw.ActiveCalls() != 1 {
		t.Fatalf("ActiveCalls = %d, want 1", gw.ActiveCalls())
	}
	const packets = 50 // one second
	for i := range packets {
		n := i
		if i == 10 {
			n = 11 // 10 and 11 swapped
		} else if i == 11 {
			n = 10
		}
		seq := uint16(65500 + n) // across the sequence wrap
		if err := sink.HandleRTP(pcmuPacket(seq, uint32(n*160))); err != nil {
			t.Fatal(err)
		}
		clock.Add(20 * time.Millisecond)
	}
	sink.End("bye")
	sink.End("bye") // once only

	if len(wide.Streams()) != 0 {
		t.Error("a G.711 call used the wideband recogniser")
	}
	streams := eng.Streams()
	if len(streams) != 1 || !streams[0].Closed() {
		t.Fatalf("streams = %+v, want one, closed", streams)
	}
	// 1 s at 16 kHz, after the jitter buffer's initial delay in silence.
	if got, want := streams[0].Samples(), packets*320+int(gateway.MinJitterDelay.Seconds()*16000); got != want {
		t.Errorf("recogniser got %d samples, want %d", got, want)
	}
	if gw.ActiveCalls() != 0 {
		t.Errorf("ActiveCalls after End = %d", gw.ActiveCalls())
	}
	evs := drain(sub)
	want := []string{events.CallStarted, events.Quality, events.TranscriptFinal, events.CallEnded}
	if strings.Join(types(evs), " ") != strings.Join(want, " ") {
		t.Fatalf("events = %v, want %v", types(evs), want)
	}
	q := evs[1]
	if q.Leg != gateway.LegCaller || q.Stats == nil || q.Stats.PacketsReceived != packets || q.Stats.PacketsLost != 0 ||
		q.Stats.MOSMethod != "g107" || q.Stats.MOS < 4.2 || q.Stats.ConcealedSamples != 0 {
		t.Errorf("final quality event = %+v %+v", q, q.Stats)
	}
	var b strings.Builder
	if _, err := reg.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"earshot_calls_total 1", "earshot_calls_active 0", "earshot_rtp_packets_received_total 50",
		"earshot_rtp_packets_lost_total 0", "earshot_call_mos_count 1"} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("metrics lack %q:\n%s", line, b.String())
		}
	}
}

// Wideband codecs go to the wideband recogniser.
func TestGatewayPicksProfileByCodec(t *testing.T) {
	for _, tc := range []struct {
		info sip.CallInfo
		wide bool
	}{
		{sip.CallInfo{Codec: sip.CodecPCMA, PayloadType: 8, ClockRate: 8000}, false},
		{sip.CallInfo{Codec: sip.CodecG722, PayloadType: 9, ClockRate: 8000}, true},
		{sip.CallInfo{Codec: sip.CodecOpus, PayloadType: 111, ClockRate: 48000}, true},
		{sip.CallInfo{Codec: sip.CodecL16, PayloadType: 96, ClockRate: 16000}, true},
		{sip.CallInfo{Codec: sip.CodecL16, PayloadType: 96, ClockRate: 8000}, false},
	} {
		narrow, wide := sttest.NewEngine(), sttest.NewEngine()
		bus := events.NewBus()
		gw, err := gateway.New(gateway.Config{Narrowband: narrow, Wideband: wide, Bus: bus})
		if err != nil {
			t.Fatal(err)
		}
		tc.info.ID = "c"
		sink, err := gw.StartCall(t.Context(), tc.info)
		if err != nil {
			t.Fatal(err)
		}
		sink.End("bye")
		bus.Close()
		if got := len(wide.Streams()) == 1 && len(narrow.Streams()) == 0; got != tc.wide {
			t.Errorf("%s/%d: wideband = %v, want %v", tc.info.Codec, tc.info.ClockRate, got, tc.wide)
		}
	}
}

// Keys show as dtmf events outside a sensitive step; inside one only
// their count shows, when it ends.
func TestGatewayDTMFMasking(t *testing.T) {
	eng := sttest.NewEngine()
	bus := events.NewBus()
	defer bus.Close()
	sub := bus.Subscribe(256, nil)
	clock := newFakeClock()
	gw, err := gateway.New(gateway.Config{Narrowband: eng, Bus: bus, Now: clock.Now, QualityInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	sink, err := gw.StartCall(t.Context(), sip.CallInfo{ID: "k", Codec: "PCMU", PayloadType: 0, ClockRate: 8000, DTMFPayloadType: 101, DTMFClockRate: 8000})
	if err != nil {
		t.Fatal(err)
	}
	seq, ts := uint16(1), uint32(0)
	audio := func(n int) {
		for range n {
			if err := sink.HandleRTP(pcmuPacket(seq, ts)); err != nil {
				t.Fatal(err)
			}
			seq++
			ts += 160
			clock.Add(20 * time.Millisecond)
		}
	}
	press := func(keys string) {
		for i := range len(keys) {
			for _, p := range eventPackets(keys[i], seq, ts, 101) {
				if err := sink.HandleRTP(p); err != nil {
					t.Fatal(err)
				}
				clock.Add(20 * time.Millisecond)
			}
			seq += 6
			ts += 6 * 160
			audio(3)
		}
	}
	audio(5)
	press("12")
	if err := gw.SetDTMFSensitive("k", true); err != nil {
		t.Fatal(err)
	}
	press("3456")
	if err := gw.SetDTMFSensitive("k", false); err != nil {
		t.Fatal(err)
	}
	press("7")
	if err := gw.SetDTMFSensitive("k", true); err != nil {
		t.Fatal(err)
	}
	press("89") // the call ends inside a sensitive step
	sink.End("bye")
	if err := gw.SetDTMFSensitive("k", true); !errors.Is(err, gateway.ErrNoCall) {
		t.Errorf("SetDTMFSensitive on an ended call: %v, want ErrNoCall", err)
	}

	var got []string
	for _, ev := range drain(sub) {
		switch {
		case ev.Type == events.DTMF && ev.Masked:
			got = append(got, ev.Text)
		case ev.Type == events.DTMF:
			got = append(got, ev.Digit)
		case ev.Type == events.Quality && ev.Stats.PacketsLost != 0:
			t.Errorf("telephone events counted as loss: %+v", ev.Stats)
		}
		for _, secret := range []string{"3", "4", "5", "6", "8", "9"} {
			if ev.Digit == secret || strings.Contains(ev.Text, secret+" ") && ev.Type == events.DTMF && !ev.Masked {
				t.Errorf("sensitive key leaked: %+v", ev)
			}
		}
	}
	want := []string{"1", "2", "4 digits entered", "7", "2 digits entered"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("dtmf events = %q, want %q", got, want)
	}
}

// The call sends RTCP receiver reports with an XR receiver reference
// time, takes the caller's sender reports into account (LSR in our next
// report block) and publishes quality periodically.
func TestGatewayRTCPAndPeriodicQuality(t *testing.T) {
	eng := sttest.NewEngine()
	bus := events.NewBus()
	defer bus.Close()
	sub := bus.Subscribe(256, func(ev events.Event) bool { return ev.Type == events.Quality })
	rec := &rtcpRecorder{}
	gw, err := gateway.New(gateway.Config{Narrowband: eng, Bus: bus, QualityInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	sink, err := gw.StartCall(t.Context(), sip.CallInfo{ID: "r", Codec: "PCMU", PayloadType: 0, ClockRate: 8000, RTCP: rec})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := sink.HandleRTP(pcmuPacket(uint16(i), uint32(i*160))); err != nil {
			t.Fatal(err)
		}
	}
	rs, ok := sink.(sip.RTCPSink)
	if !ok {
		t.Fatal("the gateway's sink takes no RTCP")
	}
	sr := &rtcp.SenderReport{SSRC: 7, NTPTime: 0xAABBCCDD_11223344, PacketCount: 10}
	if err := rs.HandleRTCP([]rtcp.Packet{sr}); err != nil {
		t.Fatal(err)
	}
	// Wait for a report sent after the SR was taken.
	deadline := time.After(5 * time.Second)
	var block *rtcp.ReceptionReport
	var xr *rtcp.ExtendedReport
	for block == nil {
		for _, pkts := range rec.reports() {
			if len(pkts) != 3 {
				t.Fatalf("compound RTCP %v, want RR, SDES, XR", pkts)
			}
			rr, ok := pkts[0].(*rtcp.ReceiverReport)
			if !ok || len(rr.Reports) != 1 {
				t.Fatalf("first packet %v is not an RR with one block", pkts[0])
			}
			if rr.Reports[0].LastSenderReport == 0xCCDD1122 {
				block, xr = &rr.Reports[0], pkts[2].(*rtcp.ExtendedReport)
			}
		}
		select {
		case <-deadline:
			t.Fatalf("no receiver report echoing the SR in %d reports", len(rec.reports()))
		case <-time.After(5 * time.Millisecond):
		}
	}
	if block.SSRC != 7 || block.LastSequenceNumber != 9 || block.TotalLost != 0 {
		t.Errorf("report block %+v", block)
	}
	if _, ok := xr.Reports[0].(*rtcp.ReceiverReferenceTimeReportBlock); !ok {
		t.Errorf("XR block %T, want a receiver reference time", xr.Reports[0])
	}
	sink.End("bye")
	n := len(drain(sub))
	if n < 2 {
		t.Errorf("%d quality events, want periodic ones and a final one", n)
	}
}

// TestReceiveChainCodecs runs half a second of a 440 Hz tone followed by
// the in-band key '7' through the receive chain of every codec (encoded
// here with our encoders) and checks the PCM is continuous 16 kHz, the
// tone comes out where it went in, the key is detected through the codec,
// and the leg reports no loss.
func TestReceiveChainCodecs(t *testing.T) {
	for _, tc := range codecCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			var out []int16
			var digits []byte
			chain, err := gateway.NewReceiveChain(gateway.LegConfig{
				Codec: tc.codec, PayloadType: tc.pt, ClockRate: tc.clock, Now: clock.Now,
				OnDigit: func(ev dtmf.Event) { digits = append(digits, ev.Digit) },
			}, pcmSink(func(s []int16) { out = append(out, s...) }))
			if err != nil {
				t.Fatal(err)
			}
			defer chain.Close()
			if chain.Wideband() != tc.wide {
				t.Errorf("Wideband = %v, want %v", chain.Wideband(), tc.wide)
			}
			for i, payload := range tc.packets {
				p := &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: tc.pt, SequenceNumber: uint16(1000 + i),
					Timestamp: uint32(5000 + i*tc.ticks), SSRC: 99}, Payload: payload}
				if err := chain.HandleRTP(p); err != nil {
					t.Fatal(err)
				}
				clock.Add(20 * time.Millisecond)
			}
			if err := chain.Flush(); err != nil {
				t.Fatal(err)
			}
			// Continuous 16 kHz after the jitter buffer's initial delay
			// (silence, MinJitterDelay).
			lead := len(out) - len(tc.packets)*320
			if want := int(gateway.MinJitterDelay.Seconds() * 16000); lead < want-32 || lead > want+32 {
				t.Fatalf("%d samples out for %d packets: not continuous 16 kHz after %v", len(out), len(tc.packets), gateway.MinJitterDelay)
			}
			if p := goertzel(out[lead+1600:lead+6400], 440); p < 0.5 {
				t.Errorf("440 Hz tone lost: relative power %.3f", p)
			}
			if string(digits) != "7" {
				t.Errorf("in-band digits %q, want \"7\"", digits)
			}
			r := chain.Report()
			if r.PacketsReceived != uint64(len(tc.packets)) || r.PacketsLost != 0 || r.ConcealedSamples != 0 || r.MOS < 4.2 {
				t.Errorf("report %+v", r)
			}
			t.Logf("%s: %s", tc.name, chain)
		})
	}
}

type pcmSink func([]int16)

func (f pcmSink) WritePCM(s []int16) error { f(s); return nil }
func (f pcmSink) String() string           { return "sink" }

// goertzel returns the power of f Hz in 16 kHz x relative to x's total
// power (1 for a pure tone).
func goertzel(x []int16, f float64) float64 {
	w := 2 * math.Pi * f / 16000
	coeff := 2 * math.Cos(w)
	var s1, s2, total float64
	for _, v := range x {
		s := float64(v) + coeff*s1 - s2
		s2, s1 = s1, s
		total += float64(v) * float64(v)
	}
	if total == 0 {
		return 0
	}
	p := s1*s1 + s2*s2 - coeff*s1*s2
	return 2 * p / (float64(len(x)) * total)
}

// The last quality report of a call is kept in a store that takes it.
func TestGatewayStoresLastQuality(t *testing.T) {
	st, err := store.Open(t.Context(), "", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bus := events.NewBus()
	defer bus.Close()
	clock := newFakeClock()
	gw, err := gateway.New(gateway.Config{Narrowband: sttest.NewEngine(), Bus: bus, Store: st, Now: clock.Now, QualityInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	sink, err := gw.StartCall(t.Context(), sip.CallInfo{ID: "stored", Codec: "PCMU", PayloadType: 0, ClockRate: 8000})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if i == 7 {
			continue // lost
		}
		if err := sink.HandleRTP(pcmuPacket(uint16(i), uint32(i*160))); err != nil {
			t.Fatal(err)
		}
		clock.Add(20 * time.Millisecond)
	}
	sink.End("bye")
	got, err := st.(store.QualityStore).Quality(t.Context(), "stored")
	if err != nil || len(got) != 1 || got[0].Leg != gateway.LegCaller {
		t.Fatalf("stored quality = %+v, %v", got, err)
	}
	if r := got[0].Report; r.PacketsReceived != 19 || r.PacketsLost != 1 || r.MOSMethod != "g107" || r.MOS <= 1 {
		t.Errorf("stored report %+v", r)
	}
}

// An INVITE header starts the call inside a sensitive step.
func TestGatewayDTMFModeHeader(t *testing.T) {
	bus := events.NewBus()
	defer bus.Close()
	sub := bus.Subscribe(64, func(ev events.Event) bool { return ev.Type == events.DTMF })
	clock := newFakeClock()
	gw, err := gateway.New(gateway.Config{Narrowband: sttest.NewEngine(), Bus: bus, Now: clock.Now, QualityInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	header := func(name string) string {
		if strings.EqualFold(name, gateway.DTMFModeHeader) {
			return "Sensitive"
		}
		return ""
	}
	sink, err := gw.StartCall(t.Context(), sip.CallInfo{ID: "h", Codec: "PCMU", PayloadType: 0, ClockRate: 8000,
		DTMFPayloadType: 101, Header: header})
	if err != nil {
		t.Fatal(err)
	}
	seq := uint16(0)
	for _, k := range "4242" {
		for _, p := range eventPackets(byte(k), seq, uint32(seq)*160, 101) {
			if err := sink.HandleRTP(p); err != nil {
				t.Fatal(err)
			}
			clock.Add(20 * time.Millisecond)
		}
		seq += 10
	}
	if err := gw.SetDTMFSensitive("h", false); err != nil {
		t.Fatal(err)
	}
	sink.End("bye")
	evs := drain(sub)
	if len(evs) != 1 || !evs[0].Masked || evs[0].Count != 4 || evs[0].Digit != "" {
		t.Errorf("dtmf events %+v, want only the count of 4 keys", evs)
	}
}
