package sip_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/gateway/sip/siptest"
)

func TestOptions(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, siptest.NewRecorder())
	for _, p := range []*rawPeer{newRawPeer(t, srv.Addr()), newRawTCPPeer(t, srv.Addr())} {
		res := p.options()
		wantStatus(t, res, 200, "OK")
		if h := res.GetHeader("Allow"); h == nil || !strings.Contains(h.Value(), "INVITE") || !strings.Contains(h.Value(), "BYE") {
			t.Errorf("Allow = %v", h)
		}
		if h := res.GetHeader("Accept"); h == nil || h.Value() != "application/sdp" {
			t.Errorf("Accept = %v", h)
		}
	}
}

func TestInviteRejections(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)

	for _, tc := range []struct {
		name       string
		msg        rawMsg
		code       int
		reason     string
		header     string // a header the response must have
		headerWant string // substring of its value
	}{
		{name: "no body", msg: rawMsg{}, code: 400, reason: "Missing SDP Offer"},
		{name: "text body", msg: rawMsg{CType: "text/plain", Body: "hello"}, code: 415,
			header: "Accept", headerWant: "application/sdp"},
		{name: "body without content type", msg: rawMsg{CType: "-", Body: sdpOffer("m=audio 4000 RTP/AVP 0")}, code: 415},
		{name: "broken sdp", msg: rawMsg{Body: "v=0\r\nthis is not sdp\r\n"}, code: 400, reason: "Malformed SDP"},
		{name: "bad port", msg: rawMsg{Body: sdpOffer("m=audio 99999999999 RTP/AVP 0")}, code: 400, reason: "Malformed SDP"},
		{name: "no connection line", msg: rawMsg{Body: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"},
			code: 400, reason: "Malformed SDP"},
		{name: "only G.729", msg: rawMsg{Body: sdpOffer("m=audio 4000 RTP/AVP 18", "a=rtpmap:18 G729/8000")}, code: 488,
			reason: "Not Acceptable Here", header: "Warning", headerWant: "305"},
		{name: "wideband PCMU", msg: rawMsg{Body: sdpOffer("m=audio 4000 RTP/AVP 96", "a=rtpmap:96 PCMU/16000")}, code: 488,
			header: "Warning", headerWant: "305"},
		{name: "video only", msg: rawMsg{Body: sdpOffer("m=video 4000 RTP/AVP 96", "a=rtpmap:96 H264/90000")}, code: 488,
			header: "Warning", headerWant: "304"},
		{name: "audio rejected by offerer", msg: rawMsg{Body: sdpOffer("m=audio 0 RTP/AVP 0")}, code: 488},
		{name: "SRTP only, SRTP off", msg: rawMsg{Body: sdpOffer("m=audio 4000 RTP/SAVP 0")}, code: 488,
			header: "Warning", headerWant: `302 earshot "SRTP not enabled`},
		{name: "no contact", msg: rawMsg{Contact: "-", Body: sdpOffer("m=audio 4000 RTP/AVP 0")}, code: 400},
		{name: "no from tag", msg: rawMsg{From: "<sip:tester@127.0.0.1>", Body: sdpOffer("m=audio 4000 RTP/AVP 0")}, code: 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newRawPeer(t, srv.Addr())
			tc.msg.Method = "INVITE"
			p.send(tc.msg)
			res := p.response(true)
			wantStatus(t, res, tc.code, tc.reason)
			if tc.header != "" {
				h := res.GetHeader(tc.header)
				if h == nil || !strings.Contains(h.Value(), tc.headerWant) {
					t.Errorf("%s header = %v, want it to contain %q", tc.header, h, tc.headerWant)
				}
			}
		})
	}
	if got := srv.ActiveCalls(); got != 0 {
		t.Errorf("ActiveCalls = %d after rejections", got)
	}
	if n := rec.Pending(); n != 0 {
		t.Errorf("handler saw %d calls", n)
	}
}

func TestMethods(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, siptest.NewRecorder())
	p := newRawPeer(t, srv.Addr())
	for _, tc := range []struct {
		method string
		code   int
	}{
		{"REGISTER", 405},
		{"SUBSCRIBE", 405},
		{"INFO", 405},
		{"FROBNICATE", 501},
		{"CANCEL", 481}, // matches no INVITE transaction
		{"BYE", 481},    // no such dialog
	} {
		t.Run(tc.method, func(t *testing.T) {
			p.send(rawMsg{Method: tc.method})
			res := p.response(true)
			wantStatus(t, res, tc.code, "")
			if tc.code == 405 || tc.code == 501 {
				if h := res.GetHeader("Allow"); h == nil {
					t.Error("no Allow header")
				}
			}
		})
	}
	// A stray ACK gets no response at all.
	p.send(rawMsg{Method: "ACK"})
	p.expectNothing(200 * time.Millisecond)
}

func TestHandlerRejects(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	for _, tc := range []struct {
		name   string
		err    error
		code   int
		reason string
	}{
		{"plain error", errors.New("pipeline down"), 503, "Service Unavailable"},
		{"status error", &sip.StatusError{Code: 404, Reason: "No Such Route"}, 404, "No Such Route"},
		{"status error without reason", &sip.StatusError{Code: 486}, 486, "Busy Here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := siptest.NewRecorder()
			rec.Reject = tc.err
			srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
			_, err := sip.Dial(testCtx(t), sip.ClientConfig{Target: srv.URI("bot")})
			var se *sip.StatusError
			if !errors.As(err, &se) || se.Code != tc.code || se.Reason != tc.reason {
				t.Fatalf("Dial error = %v, want %d %s", err, tc.code, tc.reason)
			}
			if srv.ActiveCalls() != 0 {
				t.Error("rejected call is active")
			}
		})
	}
}

type panicHandler struct{}

func (panicHandler) StartCall(context.Context, sip.CallInfo) (sip.Sink, error) {
	panic("handler bug")
}

func TestHandlerPanicIs500(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, panicHandler{})
	_, err := sip.Dial(testCtx(t), sip.ClientConfig{Target: srv.URI("bot")})
	var se *sip.StatusError
	if !errors.As(err, &se) || se.Code != 500 {
		t.Fatalf("Dial error = %v, want 500", err)
	}
	// The server still works.
	wantStatus(t, newRawPeer(t, srv.Addr()).options(), 200, "OK")
}

func TestPortExhaustionAndReuse(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	port := freeEvenUDPPort(t)
	srv := siptest.StartServer(t, sip.Config{Log: testLogger(), RTPPortMin: port, RTPPortMax: port + 1}, rec)
	ctx := testCtx(t)

	first := dial(t, ctx, srv, sip.ClientConfig{})
	if got := first.RemoteRTPAddr().Port(); int(got) != port {
		t.Fatalf("RTP port = %d, want %d", got, port)
	}
	call := rec.NextCall(t)

	_, err := sip.Dial(ctx, sip.ClientConfig{Target: srv.URI("bot")})
	var se *sip.StatusError
	if !errors.As(err, &se) || se.Code != 503 || se.Reason != "RTP Ports Exhausted" {
		t.Fatalf("second Dial error = %v, want 503 RTP Ports Exhausted", err)
	}

	if code, err := first.Hangup(ctx); err != nil || code != 200 {
		t.Fatalf("Hangup = %d, %v", code, err)
	}
	call.WaitEnd(t)

	again := dial(t, ctx, srv, sip.ClientConfig{})
	if got := again.RemoteRTPAddr().Port(); int(got) != port {
		t.Fatalf("RTP port after release = %d, want %d", got, port)
	}
	rec.NextCall(t)
	if code, err := again.Hangup(ctx); err != nil || code != 200 {
		t.Fatalf("Hangup = %d, %v", code, err)
	}
}

// freeEvenUDPPort finds an even UDP port on 127.0.0.1 that was free a
// moment ago, with the odd port after it.
func freeEvenUDPPort(t *testing.T) int {
	t.Helper()
	for range 100 {
		c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		port := c.LocalAddr().(*net.UDPAddr).Port &^ 1
		c.Close()
		c, err = net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
		if err != nil {
			continue
		}
		c2, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port + 1})
		c.Close()
		if err == nil {
			c2.Close()
			return port
		}
	}
	t.Fatal("no free even UDP port")
	return 0
}

// freeUDPPort is a UDP port on 127.0.0.1 that was free a moment ago.
func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}
