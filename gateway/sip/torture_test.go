package sip_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/gateway/sip/siptest"
)

// tortureCase is a hand-made message in the spirit of the RFC 4475 SIP
// torture tests (https://www.rfc-editor.org/rfc/rfc4475). {local} and
// {server} are replaced with the addresses in use; lines end with CRLF.
type tortureCase struct {
	name string
	msg  string
	// code is the response we require, 0 when any response or none is
	// acceptable as long as the server survives.
	code int
}

var tortureCases = []tortureCase{
	{name: "garbage bytes", msg: "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xde\xad\xbe\xef"},
	{name: "NULs only", msg: "\x00\x00\x00\x00\x00\x00"},
	{name: "CRLF keepalive", msg: "\r\n\r\n"},
	{name: "request line only", code: 400, msg: "INVITE sip:bot@{server} SIP/2.0\r\n\r\n"},
	{name: "half a request", msg: "INVITE sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKhalf\r\nFrom: <sip:a@b>;tag=1\r\n"},
	// RFC 4475 3.1.2.7 (clerr): Content-Length larger than the datagram.
	{name: "huge Content-Length", msg: "INVITE sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKhugecl\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: hugecl@test\r\nCSeq: 1 INVITE\r\nContact: <sip:a@{local}>\r\n" +
		"Content-Type: application/sdp\r\nContent-Length: 9999999999\r\n\r\nv=0\r\n"},
	// RFC 4475 3.1.2.8 (ncl): negative Content-Length.
	{name: "negative Content-Length", msg: "OPTIONS sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKncl\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: ncl@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: -999\r\n\r\n"},
	// RFC 4475 3.1.2.18 (insuf): missing Call-ID, From and To.
	{name: "missing Call-ID", code: 400, msg: "INVITE sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKnocid\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCSeq: 1 INVITE\r\nContact: <sip:a@{local}>\r\n" +
		"Content-Type: application/sdp\r\nContent-Length: {len}\r\n\r\n{sdp}"},
	{name: "missing From To Call-ID", code: 400, msg: "INVITE sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKinsuf\r\nMax-Forwards: 70\r\n" +
		"CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"},
	{name: "missing Via", msg: "OPTIONS sip:bot@{server} SIP/2.0\r\nMax-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\n" +
		"To: <sip:bot@{server}>\r\nCall-ID: novia@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"},
	{name: "missing CSeq", code: 400, msg: "OPTIONS sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKnocseq\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: nocseq@test\r\nContent-Length: 0\r\n\r\n"},
	// RFC 4475 3.1.1.10 (esc01-ish): escaped characters in the URI user;
	// a valid INVITE without body, so the answer is ours: 400.
	{name: "escaped URI", code: 400, msg: "INVITE sip:sips%3Abot%40example.com%20x@{server};lr;%6C%72 SIP/2.0\r\n" +
		"Via: SIP/2.0/UDP {local};branch=z9hG4bKesc\r\nMax-Forwards: 70\r\nFrom: \"%ZZ \\\"quoted\\\"\" <sip:%61lice@127.0.0.1>;tag=1\r\n" +
		"To: <sip:bot@{server}>\r\nCall-ID: esc01@test\r\nCSeq: 1 INVITE\r\nContact: <sip:a@{local}>\r\nContent-Length: 0\r\n\r\n"},
	// RFC 4475 3.1.2.11 (escnull): escaped NUL in the URI.
	{name: "escaped NUL", msg: "OPTIONS sip:bot%00null@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKnull\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a%00b@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: escnull@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"},
	// RFC 4475 3.3.? (unkscm): request-URI with an unknown scheme.
	{name: "unknown scheme", code: 416, msg: "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKunk\r\n" +
		"Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: unkscm@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"},
	// RFC 4475 3.1.2.? (badvers): SIP/7.0.
	{name: "bad version", code: 505, msg: "OPTIONS sip:bot@{server} SIP/7.0\r\nVia: SIP/7.0/UDP {local};branch=z9hG4bKvers\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: badvers@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"},
	// RFC 4475 3.1.2.? (mismatch01): CSeq method differs from the request.
	{name: "CSeq method mismatch", code: 400, msg: "INVITE sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKmis\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: mismatch@test\r\nCSeq: 1 OPTIONS\r\nContact: <sip:a@{local}>\r\nContent-Length: 0\r\n\r\n"},
	// RFC 4475 3.1.2.? (bigcode/scalar02): CSeq beyond 2^32.
	{name: "huge CSeq", msg: "OPTIONS sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKbig\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: bigcseq@test\r\nCSeq: 36893488147419103232 OPTIONS\r\nContent-Length: 0\r\n\r\n"},
	{name: "bad Via port", msg: "OPTIONS sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:99999999;branch=z9hG4bKport\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: badport@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"},
	// RFC 4475 3.1.1.1 (wsinv): odd but legal whitespace and folding.
	{name: "whitespace and folding", code: 200, msg: "OPTIONS sip:bot@{server} SIP/2.0\r\nVia  : SIP/2.0/UDP\r\n    {local};branch=z9hG4bKws\r\n" +
		"Max-Forwards:    70\r\nFrom:   <sip:a@127.0.0.1>  ;  tag = 1\r\nTo: <sip:bot@{server}>\r\ncall-id:   ws@test\r\n" +
		"cseq:  1\r\n OPTIONS\r\nl: 0\r\n\r\n"},
	{name: "unsolicited response", msg: "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP {server};branch=z9hG4bKnotours\r\nFrom: <sip:a@b>;tag=1\r\n" +
		"To: <sip:c@d>;tag=2\r\nCall-ID: stray@test\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n"},
	{name: "SDP bomb", code: 488, msg: "INVITE sip:bot@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bKbomb\r\nMax-Forwards: 70\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@{server}>\r\nCall-ID: bomb@test\r\nCSeq: 1 INVITE\r\nContact: <sip:a@{local}>\r\n" +
		"Content-Type: application/sdp\r\nContent-Length: {len}\r\n\r\n{sdpbomb}"},
}

func sdpBomb() string {
	var b strings.Builder
	b.WriteString("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n")
	for range 20 {
		b.WriteString("m=audio 4000 RTP/AVP 18 96 97 98 99 100 101 102 103 104\r\n")
		for pt := 96; pt <= 104; pt++ {
			b.WriteString("a=rtpmap:" + strconv.Itoa(pt) + " X" + strings.Repeat("Y", 100) + "/8000\r\n")
		}
	}
	return b.String()
}

func (p *rawPeer) expand(msg string) string {
	msg = strings.ReplaceAll(msg, "{local}", p.local)
	msg = strings.ReplaceAll(msg, "{server}", p.server)
	if strings.Contains(msg, "{sdp}") {
		offer := sdpOffer("m=audio 4000 RTP/AVP 0")
		msg = strings.ReplaceAll(msg, "{len}", strconv.Itoa(len(offer)))
		msg = strings.ReplaceAll(msg, "{sdp}", offer)
	}
	if strings.Contains(msg, "{sdpbomb}") {
		bomb := sdpBomb()
		msg = strings.ReplaceAll(msg, "{len}", strconv.Itoa(len(bomb)))
		msg = strings.ReplaceAll(msg, "{sdpbomb}", bomb)
	}
	return msg
}

func TestTortureMessages(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)
	for _, tc := range tortureCases {
		t.Run(tc.name, func(t *testing.T) {
			p := newRawPeer(t, srv.Addr())
			p.sendRaw(p.expand(tc.msg))
			if tc.code != 0 {
				wantStatus(t, p.response(true), tc.code, "")
			}
		})
	}
	// A garbage TCP stream must not take the server down either.
	tp := newRawTCPPeer(t, srv.Addr())
	tp.sendRaw("\x00\xff\xfeGARBAGE\r\n\r\nINVITE sip:x SIP/2.0\r\nContent-Length: 99999999\r\n\r\n")

	// The server still answers over both transports.
	wantStatus(t, newRawPeer(t, srv.Addr()).options(), 200, "OK")
	wantStatus(t, newRawTCPPeer(t, srv.Addr()).options(), 200, "OK")
	if n := srv.ActiveCalls(); n != 0 {
		t.Errorf("ActiveCalls = %d after torture", n)
	}
	if n := rec.Pending(); n != 0 {
		t.Errorf("handler saw %d calls", n)
	}
}
