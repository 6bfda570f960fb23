package sip_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/sdp/v3"
	"github.com/pion/srtp/v3"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/gateway/sip/siptest"
	"github.com/earshot/earshot/media/quality"
)

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func key(fill byte) []byte {
	k := make([]byte, 30)
	for i := range k {
		k[i] = fill + byte(i)
	}
	return k
}

// srtpPeer is a caller that offers SRTP with one key over raw SIP and may
// then encrypt its RTP with another: the wrong-key case no real user agent
// produces on purpose.
type srtpPeer struct {
	sip    *rawPeer
	rtp    *net.UDPConn
	remote *net.UDPAddr // the server's RTP address from its answer
	answer *sdp.SessionDescription
}

func offerSRTP(t *testing.T, srv *siptest.Server, announced []byte) *srtpPeer {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	port := conn.LocalAddr().(*net.UDPAddr).Port
	p := &srtpPeer{sip: newRawPeer(t, srv.Addr()), rtp: conn}
	offer := sdpOffer("m=audio "+strconv.Itoa(port)+" RTP/SAVP 0",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"+base64.StdEncoding.EncodeToString(announced))
	from, callID := "<sip:tester@127.0.0.1>;tag="+randToken(), randToken()+"@test"
	p.sip.send(rawMsg{Method: "INVITE", From: from, CallID: callID, Body: offer})
	res := p.sip.response(true)
	wantStatus(t, res, 200, "")
	p.sip.send(rawMsg{Method: "ACK", From: from, CallID: callID, CSeq: "1 ACK", To: res.To().Value()})
	p.answer = new(sdp.SessionDescription)
	if err := p.answer.Unmarshal(res.Body()); err != nil {
		t.Fatal(err)
	}
	md := p.answer.MediaDescriptions[0]
	p.remote = &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: md.MediaName.Port.Value}
	return p
}

// send encrypts one RTP packet with k and sends it to the server.
func (p *srtpPeer) send(t *testing.T, k []byte, seq uint16, mark byte) {
	t.Helper()
	ctx, err := srtp.CreateContext(k[:16], k[16:], srtp.ProtectionProfileAes128CmHmacSha1_80)
	if err != nil {
		t.Fatal(err)
	}
	pkt := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SequenceNumber: seq, Timestamp: uint32(seq) * 160, SSRC: 77},
		Payload: bytes.Repeat([]byte{mark}, 160)}
	plain, err := pkt.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	enc, err := ctx.EncryptRTP(nil, plain, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.rtp.WriteToUDP(enc, p.remote); err != nil {
		t.Fatal(err)
	}
}

// TestSRTPWrongKey: a caller encrypting with another key than the one its
// SDP announced gets no audio to the sink, the server logs one clear line
// saying why, and no key material reaches the log. A packet with the right
// key afterwards is delivered, so the earlier ones were read and dropped.
func TestSRTPWrongKey(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	var out syncBuffer
	log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: log, SRTP: sip.SRTPRequired, ByeTimeout: 100 * time.Millisecond}, rec)

	announced, wrong := key(1), key(100)
	p := offerSRTP(t, srv, announced)
	call := rec.NextCall(t)
	if !call.Info.SRTP {
		t.Fatal("call is not SRTP")
	}
	for i := range 20 {
		p.send(t, wrong, uint16(i), 'w')
	}
	p.send(t, announced, 20, 'r')
	got := call.NextPacket(t)
	if got.SequenceNumber != 20 || got.Payload[0] != 'r' || len(got.Payload) != 160 {
		t.Fatalf("delivered seq %d payload %q (%d bytes), want the right-key packet 20", got.SequenceNumber, got.Payload[0], len(got.Payload))
	}
	if extra, ok := call.TryNextPacket(); ok {
		t.Fatalf("wrong-key packet %d delivered", extra.SequenceNumber)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	call.WaitEnd(t)

	logs := out.String()
	if n := strings.Count(logs, "SRTP authentication failed"); n != 1 {
		t.Errorf("%d SRTP failure lines in the log, want exactly 1:\n%s", n, logs)
	}
	if !strings.Contains(logs, "srtp_auth_failed=20") {
		t.Errorf("call end log does not count the 20 failed packets:\n%s", logs)
	}
	ours := ""
	for _, a := range p.answer.MediaDescriptions[0].Attributes {
		if a.Key == "crypto" {
			ours = a.Value[strings.Index(a.Value, "inline:")+len("inline:"):]
		}
	}
	if ours == "" {
		t.Fatal("answer has no crypto attribute")
	}
	for _, k := range []string{base64.StdEncoding.EncodeToString(announced), base64.StdEncoding.EncodeToString(wrong), ours, ours[:12]} {
		if strings.Contains(logs, k) {
			t.Errorf("log contains key material %q", k)
		}
	}
}

// TestSRTPPolicyRejections: the policy refuses the other transport with a
// 488 whose Warning says what is needed.
func TestSRTPPolicyRejections(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	required := siptest.StartServer(t, sip.Config{Log: testLogger(), SRTP: sip.SRTPRequired}, rec)
	off := siptest.StartServer(t, sip.Config{Log: testLogger(), SRTP: sip.SRTPOff}, rec)
	k := base64.StdEncoding.EncodeToString(key(1))
	for _, tc := range []struct {
		name    string
		srv     *siptest.Server
		offer   string
		warning string
	}{
		{"plain to required", required, sdpOffer("m=audio 4000 RTP/AVP 0"), `302 earshot "SRTP (RTP/SAVP with SDES) required"`},
		{"srtp to off", off, sdpOffer("m=audio 4000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"+k), `302 earshot "SRTP not enabled`},
		{"unknown suite", required, sdpOffer("m=audio 4000 RTP/SAVP 0", "a=crypto:1 F8_128_HMAC_SHA1_80 inline:"+k), `306 earshot`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newRawPeer(t, tc.srv.Addr())
			p.send(rawMsg{Method: "INVITE", Body: tc.offer})
			res := p.response(true)
			wantStatus(t, res, 488, "Not Acceptable Here")
			if w := res.GetHeader("Warning"); w == nil || !strings.HasPrefix(w.Value(), tc.warning) {
				t.Errorf("Warning = %v, want %s", w, tc.warning)
			}
		})
	}
	// Dial with plain RTP to the SRTP-only server fails the same way.
	_, err := sip.Dial(testCtx(t), sip.ClientConfig{Target: required.URI("bot")})
	var se *sip.StatusError
	if !errors.As(err, &se) || se.Code != 488 {
		t.Errorf("plain Dial to SRTP-only server: %v, want 488", err)
	}
	if rec.Pending() != 0 {
		t.Errorf("%d refused calls reached the handler", rec.Pending())
	}
}

// TestRTCPExchange: over SRTP, the client's sender reports reach the sink
// decrypted, and the server's receiver report (sent with the call's
// RTCPWriter) gives the client its round-trip time.
func TestRTCPExchange(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger(), SRTP: sip.SRTPOptional}, rec)
	ctx := testCtx(t)
	cc := dial(t, ctx, srv, sip.ClientConfig{SRTP: true, RTCPInterval: 50 * time.Millisecond})
	call := rec.NextCall(t)
	for i := range 5 {
		if err := cc.SendRTP(make([]byte, 160), 160, i == 0); err != nil {
			t.Fatal(err)
		}
	}
	var sr *rtcp.SenderReport
	for sr == nil {
		for _, p := range call.NextRTCP(t) {
			if s, ok := p.(*rtcp.SenderReport); ok && s.PacketCount > 0 {
				sr = s
			}
		}
	}
	if sr.PacketCount != 5 || sr.OctetCount != 5*160 {
		t.Errorf("SR counts %d packets, %d octets; want 5, 800", sr.PacketCount, sr.OctetCount)
	}
	// Answer at once as a receiver of that SR.
	rr := &rtcp.ReceiverReport{SSRC: 0x5EE, Reports: []rtcp.ReceptionReport{{
		SSRC:             sr.SSRC,
		LastSenderReport: uint32(sr.NTPTime >> 16),
	}}}
	if err := call.Info.RTCP.WriteRTCP([]rtcp.Packet{rr, rtcp.NewCNAMESourceDescription(0x5EE, "srv")}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(siptest.Timeout)
	for {
		if rtt, ok := cc.RTT(); ok {
			if rtt < 0 || rtt > time.Second {
				t.Errorf("RTT = %v", rtt)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("client measured no RTT from the server's receiver report")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := cc.Hangup(ctx); err != nil {
		t.Fatal(err)
	}
	call.WaitEnd(t)
	if err := call.Info.RTCP.WriteRTCP([]rtcp.Packet{rr}); !errors.Is(err, net.ErrClosed) {
		t.Errorf("WriteRTCP after the call: %v, want net.ErrClosed", err)
	}
}

// TestRTCPMuxDemux: RTCP arriving on the RTP port is told apart from RTP
// by its packet type and reaches HandleRTCP, not HandleRTP.
func TestRTCPMuxDemux(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
	cc := dial(t, testCtx(t), srv, sip.ClientConfig{})
	call := rec.NextCall(t)
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	leg := quality.NewLeg(0xABC, 8000)
	data, err := rtcp.Marshal(leg.Compound(time.Now(), "x"))
	if err != nil {
		t.Fatal(err)
	}
	dst := net.UDPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), cc.RemoteRTPAddr().Port()))
	if _, err := conn.WriteToUDP(data, dst); err != nil {
		t.Fatal(err)
	}
	pkts := call.NextRTCP(t)
	if rr, ok := pkts[0].(*rtcp.ReceiverReport); !ok || rr.SSRC != 0xABC {
		t.Fatalf("RTCP = %v", pkts)
	}
	if p, ok := call.TryNextPacket(); ok {
		t.Fatalf("RTCP delivered as RTP: %+v", p)
	}
}
