package sip_test

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	sipmsg "github.com/emiago/sipgo/sip"

	"github.com/earshot/earshot/gateway/sip"
)

func TestMain(m *testing.M) {
	// sipgo's global logger would print connection bookkeeping with
	// addresses to stderr; route it through the scrubbing filter.
	sip.UseScrubbedSipgoLogger(testLogger())
	os.Exit(m.Run())
}

// rawPeer speaks hand-written SIP over UDP (or TCP) to the server, for
// messages no well-behaved user agent would send.
type rawPeer struct {
	t      *testing.T
	conn   net.Conn
	local  string
	server string
	tcp    bool
	buf    []byte
	stream []byte // unread TCP bytes
}

func newRawPeer(t *testing.T, server string) *rawPeer {
	t.Helper()
	conn, err := net.Dial("udp", server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rawPeer{t: t, conn: conn, local: conn.LocalAddr().String(), server: server, buf: make([]byte, 65536)}
}

func newRawTCPPeer(t *testing.T, server string) *rawPeer {
	t.Helper()
	conn, err := net.Dial("tcp", server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rawPeer{t: t, conn: conn, local: conn.LocalAddr().String(), server: server, tcp: true, buf: make([]byte, 65536)}
}

func randToken() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

// rawMsg is a request; empty header fields get defaults, "-" omits them.
type rawMsg struct {
	Method, URI                                 string
	Via, From, To, CallID, CSeq, Contact, CType string
	ContentLength                               string // "" computes it
	Extra                                       []string
	Body                                        string
}

func (p *rawPeer) text(m rawMsg) string {
	transport := "UDP"
	if p.tcp {
		transport = "TCP"
	}
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	if m.URI == "" {
		m.URI = "sip:bot@" + p.server
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s SIP/2.0\r\n", m.Method, m.URI)
	headers := [][2]string{
		{"Via", def(m.Via, "SIP/2.0/"+transport+" "+p.local+";branch=z9hG4bK"+randToken()+";rport")},
		{"Max-Forwards", "70"},
		{"From", def(m.From, "<sip:tester@127.0.0.1>;tag="+randToken())},
		{"To", def(m.To, "<sip:bot@"+p.server+">")},
		{"Call-ID", def(m.CallID, randToken()+"@test")},
		{"CSeq", def(m.CSeq, "1 "+m.Method)},
		{"Contact", def(m.Contact, "<sip:tester@"+p.local+">")},
		{"Content-Type", def(m.CType, "application/sdp")},
	}
	for _, h := range headers {
		if h[1] == "-" || (h[0] == "Content-Type" && m.Body == "" && m.CType == "") {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	for _, h := range m.Extra {
		b.WriteString(h + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %s\r\n\r\n%s", def(m.ContentLength, fmt.Sprint(len(m.Body))), m.Body)
	return b.String()
}

func (p *rawPeer) sendRaw(data string) {
	p.t.Helper()
	if _, err := p.conn.Write([]byte(data)); err != nil {
		p.t.Fatalf("raw send: %v", err)
	}
}

func (p *rawPeer) send(m rawMsg) { p.t.Helper(); p.sendRaw(p.text(m)) }

// read returns the next SIP message, or nil after timeout.
func (p *rawPeer) read(timeout time.Duration) sipmsg.Message {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if err := p.conn.SetReadDeadline(deadline); err != nil {
			p.t.Fatal(err)
		}
		if p.tcp {
			if msg, n := parseStream(p.stream); msg != nil {
				p.stream = p.stream[n:]
				return msg
			}
		}
		n, err := p.conn.Read(p.buf)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return nil
			}
			p.t.Fatalf("raw read: %v", err)
		}
		if p.tcp {
			p.stream = append(p.stream, p.buf[:n]...)
			continue
		}
		msg, err := sipmsg.ParseMessage(p.buf[:n])
		if err != nil {
			p.t.Fatalf("unparsable message from server: %v\n%s", err, p.buf[:n])
		}
		return msg
	}
}

// parseStream parses one message from the front of a TCP stream.
func parseStream(data []byte) (sipmsg.Message, int) {
	head, _, ok := strings.Cut(string(data), "\r\n\r\n")
	if !ok {
		return nil, 0
	}
	length := 0
	for _, line := range strings.Split(head, "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
			fmt.Sscan(strings.TrimSpace(v), &length)
		}
	}
	total := len(head) + 4 + length
	if len(data) < total {
		return nil, 0
	}
	msg, err := sipmsg.ParseMessage(data[:total])
	if err != nil {
		return nil, total
	}
	return msg, total
}

// response waits for the next response; final skips provisional ones.
func (p *rawPeer) response(final bool) *sipmsg.Response {
	p.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		msg := p.read(time.Until(deadline))
		if msg == nil {
			break
		}
		res, ok := msg.(*sipmsg.Response)
		if !ok {
			continue // a request from the server (BYE): not what we wait for
		}
		if final && res.IsProvisional() {
			continue
		}
		return res
	}
	p.t.Fatalf("no response within 5s")
	return nil
}

// request waits for the next request from the server.
func (p *rawPeer) request() *sipmsg.Request {
	p.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		msg := p.read(time.Until(deadline))
		if msg == nil {
			break
		}
		if req, ok := msg.(*sipmsg.Request); ok {
			return req
		}
	}
	p.t.Fatalf("no request within 5s")
	return nil
}

// expectNothing asserts no message arrives within d.
func (p *rawPeer) expectNothing(d time.Duration) {
	p.t.Helper()
	if msg := p.read(d); msg != nil {
		p.t.Fatalf("unexpected message:\n%s", msg.String())
	}
}

// sdpOffer is an offer from the raw peer with the given m= line formats
// and extra attribute lines.
func sdpOffer(media string, attrs ...string) string {
	s := "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + media + "\r\n"
	for _, a := range attrs {
		s += a + "\r\n"
	}
	return s
}

func (p *rawPeer) options() *sipmsg.Response {
	p.t.Helper()
	p.send(rawMsg{Method: "OPTIONS"})
	return p.response(true)
}

func wantStatus(t *testing.T, res *sipmsg.Response, code int, reason string) {
	t.Helper()
	if res.StatusCode != code || (reason != "" && res.Reason != reason) {
		t.Fatalf("response = %d %q, want %d %q", res.StatusCode, res.Reason, code, reason)
	}
}
