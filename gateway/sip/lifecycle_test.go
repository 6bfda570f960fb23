package sip_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sipmsg "github.com/emiago/sipgo/sip"
	"github.com/pion/rtp"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/gateway/sip/siptest"
)

// blockingHandler holds StartCall until the call's context ends, then
// returns a recording sink: the INVITE stays unanswered ("ringing").
type blockingHandler struct {
	started chan struct{}
	sink    *siptest.Call
}

func (h *blockingHandler) StartCall(ctx context.Context, _ sip.CallInfo) (sip.Sink, error) {
	close(h.started)
	<-ctx.Done()
	return h.sink, nil
}

func TestCancelWhileRinging(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	h := &blockingHandler{started: make(chan struct{}), sink: siptest.NewCall(context.Background(), sip.CallInfo{})}
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, h)

	ctx, cancel := context.WithCancel(testCtx(t))
	errc := make(chan error, 1)
	go func() {
		cc, err := sip.Dial(ctx, sip.ClientConfig{Target: srv.URI("bot")})
		if cc != nil {
			cc.Close()
		}
		errc <- err
	}()
	select {
	case <-h.started:
	case <-time.After(siptest.Timeout):
		t.Fatal("StartCall not reached")
	}
	cancel() // the UAC sends CANCEL
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Dial error = %v, want context.Canceled", err)
		}
	case <-time.After(siptest.Timeout):
		t.Fatal("Dial did not return after CANCEL")
	}
	if reason := h.sink.WaitEnd(t); reason != sip.ReasonCancel {
		t.Errorf("End reason = %q, want cancel", reason)
	}
	if srv.ActiveCalls() != 0 {
		t.Error("cancelled call is active")
	}
}

func TestCancelRawGets487(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	h := &blockingHandler{started: make(chan struct{}), sink: siptest.NewCall(context.Background(), sip.CallInfo{})}
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, h)
	p := newRawPeer(t, srv.Addr())

	via := "SIP/2.0/UDP " + p.local + ";branch=z9hG4bK" + randToken()
	from := "<sip:tester@127.0.0.1>;tag=" + randToken()
	callID := randToken()
	p.send(rawMsg{Method: "INVITE", Via: via, From: from, CallID: callID, CSeq: "7 INVITE",
		Body: sdpOffer("m=audio 4000 RTP/AVP 0")})
	wantStatus(t, p.response(false), 100, "")
	<-h.started
	p.send(rawMsg{Method: "CANCEL", Via: via, From: from, CallID: callID, CSeq: "7 CANCEL", Contact: "-"})
	var got []int
	for len(got) < 2 {
		res := p.response(true)
		got = append(got, res.StatusCode)
	}
	if !(got[0] == 200 && got[1] == 487) && !(got[0] == 487 && got[1] == 200) {
		t.Fatalf("responses to CANCEL and INVITE = %v, want 200 and 487", got)
	}
	if reason := h.sink.WaitEnd(t); reason != sip.ReasonCancel {
		t.Errorf("End reason = %q, want cancel", reason)
	}
}

func TestShutdownSendsBye(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	for _, transport := range []string{"udp", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			rec := siptest.NewRecorder()
			srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
			cc := dial(t, testCtx(t), srv, sip.ClientConfig{Transport: transport})
			call := rec.NextCall(t)

			stopped := make(chan error, 1)
			go func() { stopped <- srv.Stop() }()
			select {
			case <-cc.Done():
			case <-time.After(siptest.Timeout):
				t.Fatal("UAC got no BYE on shutdown")
			}
			if reason := call.WaitEnd(t); reason != sip.ReasonShutdown {
				t.Errorf("End reason = %q, want shutdown", reason)
			}
			if err := <-stopped; err != nil {
				t.Errorf("ListenAndServe: %v", err)
			}
			if srv.ActiveCalls() != 0 {
				t.Error("calls left after shutdown")
			}
			select {
			case <-call.Ctx.Done():
			default:
				t.Error("StartCall context not cancelled after the call ended")
			}
		})
	}
}

func TestRTPTimeoutHangsUp(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger(), RTPTimeout: 150 * time.Millisecond}, rec)
	cc := dial(t, testCtx(t), srv, sip.ClientConfig{})
	call := rec.NextCall(t)

	// Before the first packet the timeout does not run.
	select {
	case <-call.Ended():
		t.Fatal("call ended before any RTP")
	case <-time.After(400 * time.Millisecond):
	}
	if err := cc.SendRTP(make([]byte, 160), 160, true); err != nil {
		t.Fatal(err)
	}
	call.NextPacket(t)
	if reason := call.WaitEnd(t); reason != sip.ReasonRTPTimeout {
		t.Errorf("End reason = %q, want rtp-timeout", reason)
	}
	select {
	case <-cc.Done():
	case <-time.After(siptest.Timeout):
		t.Fatal("UAC got no BYE after RTP timeout")
	}
}

func TestHangup(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
	cc := dial(t, testCtx(t), srv, sip.ClientConfig{})
	call := rec.NextCall(t)
	if srv.Hangup("0000000000000000") {
		t.Error("Hangup of unknown call reported true")
	}
	if !srv.Hangup(call.Info.ID) {
		t.Fatal("Hangup reported unknown call")
	}
	if reason := call.WaitEnd(t); reason != sip.ReasonHangup {
		t.Errorf("End reason = %q", reason)
	}
	select {
	case <-cc.Done():
	case <-time.After(siptest.Timeout):
		t.Fatal("UAC got no BYE")
	}
}

// rtpFrom sends one RTP packet from conn to dst.
func rtpFrom(t *testing.T, conn *net.UDPConn, dst *net.UDPAddr, pt uint8, seq uint16, mark byte) {
	t.Helper()
	pkt := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq, Timestamp: uint32(seq) * 160, SSRC: 42},
		Payload: []byte{mark, 0, 0, 0}}
	b, err := pkt.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.WriteToUDP(b, dst); err != nil {
		t.Fatal(err)
	}
}

func TestRTPFilteringAndLatching(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
	cc := dial(t, testCtx(t), srv, sip.ClientConfig{})
	call := rec.NextCall(t)
	dst := net.UDPAddrFromAddrPort(cc.RemoteRTPAddr())

	nat, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer nat.Close()
	other, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	send := func(conn *net.UDPConn, b []byte) {
		if _, err := conn.WriteToUDP(b, dst); err != nil {
			t.Fatal(err)
		}
	}
	// Garbage from anyone never latches and never reaches the sink.
	send(other, []byte("definitely not RTP"))
	send(other, []byte{0x80})
	send(other, make([]byte, 12)) // version 0
	rtcp := []byte{0x80, 200, 0, 6, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	send(other, rtcp)                  // RTCP sender report multiplexed on the RTP port
	rtpFrom(t, other, dst, 18, 1, 'x') // G.729: not negotiated

	// The first valid packet comes from an address that is not the SDP's
	// (NAT): it is accepted and latched.
	rtpFrom(t, nat, dst, 0, 10, 'a')
	if p := call.NextPacket(t); p.Payload[0] != 'a' {
		t.Fatalf("first delivered packet = %q", p.Payload[0])
	}
	// Now the SDP address itself is a foreign source.
	if err := cc.SendRTP([]byte{'b', 0, 0, 0}, 160, false); err != nil {
		t.Fatal(err)
	}
	rtpFrom(t, other, dst, 0, 11, 'c')
	rtpFrom(t, nat, dst, 101, 12, 'd') // telephone-event was negotiated
	rtpFrom(t, nat, dst, 0, 13, 'e')
	for _, want := range []byte{'d', 'e'} {
		if p := call.NextPacket(t); p.Payload[0] != want {
			t.Fatalf("delivered %q, want %q", p.Payload[0], want)
		}
	}
	if _, err := cc.Hangup(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	call.WaitEnd(t)
	if p, ok := call.TryNextPacket(); ok {
		t.Fatalf("extra packet delivered: %q", p.Payload[0])
	}
}

func TestDTMF(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
	cc := dial(t, testCtx(t), srv, sip.ClientConfig{})
	call := rec.NextCall(t)
	if err := cc.SendDTMF('#', 60*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := cc.SendDTMF('x', 60*time.Millisecond); err == nil {
		t.Error("SendDTMF('x') succeeded")
	}
	var ends int
	var ts uint32
	for i := range 5 { // 2 progress packets, 3 end packets
		p := call.NextPacket(t)
		if p.PayloadType != 101 || p.Payload[0] != 11 {
			t.Fatalf("packet %d: PT %d event %d", i, p.PayloadType, p.Payload[0])
		}
		if i == 0 {
			ts = p.Timestamp
			if !p.Marker {
				t.Error("first event packet without marker")
			}
		} else if p.Timestamp != ts {
			t.Errorf("event packet %d timestamp %d, want %d", i, p.Timestamp, ts)
		}
		if p.Payload[1]&0x80 != 0 {
			ends++
		}
	}
	if ends != 3 {
		t.Errorf("%d end packets, want 3", ends)
	}
}

// failingSink fails on its first packet; panics if panicky.
type failingSink struct {
	panicky bool
	ended   chan string
	count   atomic.Int32
}

func (s *failingSink) HandleRTP(*rtp.Packet) error {
	if s.panicky {
		panic("sink bug")
	}
	return errors.New("decoder broke")
}

func (s *failingSink) End(reason string) {
	s.count.Add(1)
	s.ended <- reason
}

func TestSinkFailureEndsCall(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	for _, panicky := range []bool{false, true} {
		sink := &failingSink{panicky: panicky, ended: make(chan string, 2)}
		h := sip.HandlerFunc(func(context.Context, sip.CallInfo) (sip.Sink, error) { return sink, nil })
		srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, h)
		cc := dial(t, testCtx(t), srv, sip.ClientConfig{})
		if err := cc.SendRTP(make([]byte, 160), 160, true); err != nil {
			t.Fatal(err)
		}
		select {
		case reason := <-sink.ended:
			if reason != sip.ReasonError {
				t.Errorf("panicky=%v: End reason = %q, want error", panicky, reason)
			}
		case <-time.After(siptest.Timeout):
			t.Fatalf("panicky=%v: call not ended", panicky)
		}
		select {
		case <-cc.Done():
		case <-time.After(siptest.Timeout):
			t.Fatalf("panicky=%v: no BYE", panicky)
		}
		if err := srv.Stop(); err != nil {
			t.Fatal(err)
		}
		if n := sink.count.Load(); n != 1 {
			t.Errorf("End called %d times", n)
		}
	}
}

// TestReInvite runs a dialog by hand: INVITE, ACK, re-INVITE (answered
// with the same SDP), ACK, BYE.
func TestReInvite(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
	p := newRawPeer(t, srv.Addr())

	from := "<sip:tester@127.0.0.1>;tag=" + randToken()
	callID := randToken()
	offer := sdpOffer("m=audio 4000 RTP/AVP 8 0 101", "a=rtpmap:101 telephone-event/8000")
	p.send(rawMsg{Method: "INVITE", From: from, CallID: callID, CSeq: "1 INVITE", Body: offer})
	ok := p.response(true)
	wantStatus(t, ok, 200, "OK")
	call := rec.NextCall(t)
	if call.Info.Codec != sip.CodecPCMA {
		t.Errorf("codec = %s, want PCMA (first in offer)", call.Info.Codec)
	}
	to := ok.To().Value()
	if !strings.Contains(to, "tag=") {
		t.Fatalf("200 To has no tag: %s", to)
	}
	if ct := ok.GetHeader("Content-Type"); ct == nil || ct.Value() != "application/sdp" {
		t.Errorf("200 Content-Type = %v", ct)
	}
	answer := string(ok.Body())
	for _, want := range []string{"m=audio ", " RTP/AVP 8 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=ptime:20", "a=sendrecv"} {
		if !strings.Contains(answer, want) {
			t.Errorf("answer lacks %q:\n%s", want, answer)
		}
	}
	p.send(rawMsg{Method: "ACK", From: from, To: to, CallID: callID, CSeq: "1 ACK"})

	p.send(rawMsg{Method: "INVITE", From: from, To: to, CallID: callID, CSeq: "2 INVITE", Body: offer})
	re := p.response(true)
	wantStatus(t, re, 200, "OK")
	if string(re.Body()) != answer {
		t.Errorf("re-INVITE answer differs:\n%s\nvs\n%s", re.Body(), answer)
	}
	p.send(rawMsg{Method: "ACK", From: from, To: to, CallID: callID, CSeq: "2 ACK"})

	// A re-INVITE for a dialog that does not exist.
	p.send(rawMsg{Method: "INVITE", From: from, To: "<sip:bot@x>;tag=nope", CallID: callID, CSeq: "3 INVITE", Body: offer})
	wantStatus(t, p.response(true), 481, "")

	p.send(rawMsg{Method: "BYE", From: from, To: to, CallID: callID, CSeq: "4 BYE", Contact: "-"})
	wantStatus(t, p.response(true), 200, "OK")
	if reason := call.WaitEnd(t); reason != sip.ReasonBye {
		t.Errorf("End reason = %q", reason)
	}
}

// TestAckRetransmission withholds the ACK: the server retransmits the 200
// (RFC 3261 section 13.3.1.4) until it comes.
func TestAckRetransmission(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
	p := newRawPeer(t, srv.Addr())
	from := "<sip:tester@127.0.0.1>;tag=" + randToken()
	callID := randToken()
	p.send(rawMsg{Method: "INVITE", From: from, CallID: callID, CSeq: "1 INVITE", Body: sdpOffer("m=audio 4000 RTP/AVP 0")})
	first := p.response(true)
	wantStatus(t, first, 200, "OK")
	call := rec.NextCall(t)
	// No ACK: the 200 comes again after T1.
	again := p.response(true)
	wantStatus(t, again, 200, "OK")
	if again.To().Value() != first.To().Value() {
		t.Error("retransmitted 200 has another To tag")
	}
	to := first.To().Value()
	p.send(rawMsg{Method: "ACK", From: from, To: to, CallID: callID, CSeq: "1 ACK"})
	p.send(rawMsg{Method: "BYE", From: from, To: to, CallID: callID, CSeq: "2 BYE", Contact: "-"})
	var res *sipmsg.Response
	for res == nil || res.StatusCode != 200 || res.CSeq().MethodName != sipmsg.BYE {
		res = p.response(true)
	}
	call.WaitEnd(t)
}
