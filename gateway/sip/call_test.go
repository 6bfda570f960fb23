package sip

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// countingSink signals every batch-th packet.
type countingSink struct {
	n     atomic.Int64
	batch int64
	tick  chan struct{}
	ended chan string
}

func (s *countingSink) HandleRTP(*rtp.Packet) error {
	if s.n.Add(1)%s.batch == 0 {
		s.tick <- struct{}{}
	}
	return nil
}

func (s *countingSink) End(reason string) { s.ended <- reason }

func newTestCall(t testing.TB, sink Sink) *call {
	t.Helper()
	ports, err := newPortAllocator(41000, 41999)
	if err != nil {
		t.Fatal(err)
	}
	choice, err := negotiate([]byte(sessHead+"m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n"), answering)
	if err != nil {
		t.Fatal(err)
	}
	lo := netip.MustParseAddr("127.0.0.1")
	c, err := newCall(context.Background(), "test", slog.New(slog.DiscardHandler), ports, lo, lo, choice, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.mediaEnded = func(*call, string) {}
	c.startMedia(sink, func(pt uint8) bool { return pt == 0 || pt == 101 })
	return c
}

func TestCallCloseIsIdempotentAndReleasesPort(t *testing.T) {
	sink := &countingSink{batch: 1, tick: make(chan struct{}, 1), ended: make(chan string, 2)}
	c := newTestCall(t, sink)
	if c.ports.InUse() != 1 {
		t.Fatalf("InUse = %d", c.ports.InUse())
	}
	done := make(chan struct{})
	go func() {
		c.close(ReasonBye)
		close(done)
	}()
	c.close(ReasonShutdown)
	<-done
	if got := <-sink.ended; got != ReasonBye && got != ReasonShutdown {
		t.Errorf("End reason %q", got)
	}
	select {
	case r := <-sink.ended:
		t.Fatalf("End called twice (second %q)", r)
	default:
	}
	if c.ports.InUse() != 0 {
		t.Errorf("port not released")
	}
	if c.ctx.Err() == nil {
		t.Error("call context not cancelled")
	}
}

func BenchmarkRTPReceive(b *testing.B) {
	const batch = 32
	sink := &countingSink{batch: batch, tick: make(chan struct{}, 1), ended: make(chan string, 1)}
	c := newTestCall(b, sink)
	defer c.close(ReasonShutdown)

	conn, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(c.port))))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	pkt := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SSRC: 1}, Payload: make([]byte, 160)}
	buf := make([]byte, 200)

	b.ReportAllocs()
	b.SetBytes(int64(12 + len(pkt.Payload)))
	sent := 0
	for b.Loop() {
		pkt.SequenceNumber++
		pkt.Timestamp += 160
		n, err := pkt.MarshalTo(buf)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Write(buf[:n]); err != nil {
			b.Fatal(err)
		}
		sent++
		if sent%batch == 0 {
			// Wait for the batch so loopback buffers never overflow.
			select {
			case <-sink.tick:
			case <-time.After(5 * time.Second):
				b.Fatalf("sink stalled at %d/%d", sink.n.Load(), sent)
			}
		}
	}
}

// TestLogsCarryNoPersonalData runs a call with debug logging on both
// sides and checks that neither the caller's number nor any IP address
// shows up (invariant 4).
func TestLogsCarryNoPersonalData(t *testing.T) {
	var out lockedBuffer
	log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := NewServer(Config{Addr: "127.0.0.1:0", RTPPortMin: 42000, RTPPortMax: 42099, Log: log},
		HandlerFunc(func(context.Context, CallInfo) (Sink, error) {
			return &countingSink{batch: 1, tick: make(chan struct{}, 100), ended: make(chan string, 1)}, nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe(ctx) }()
	<-srv.Ready()

	dctx, dcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer dcancel()
	cc, err := Dial(dctx, ClientConfig{Target: "sip:bot@" + srv.Addr(), From: "+4512345678", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	if err := cc.SendRTP(make([]byte, 160), 160, true); err != nil {
		t.Fatal(err)
	}
	if code, err := cc.Hangup(dctx); err != nil || code != 200 {
		t.Fatalf("Hangup = %d, %v", code, err)
	}
	if err := cc.Close(); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}

	logs := out.String()
	if !strings.Contains(logs, "call ended") {
		t.Fatalf("expected call logs, got:\n%s", logs)
	}
	for _, secret := range []string{"4512345678", "127.0.0.1", "sip:"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}

func TestScrubHandlerDropsAttributes(t *testing.T) {
	var out lockedBuffer
	base := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	l := newScrubbedLogger(base).With("caller", "Transport<UDP>", "raddr", "192.0.2.1:5060")
	l.Error("failed to parse", "data", "INVITE sip:+4512345678@x", "error", "bad")
	got := out.String()
	for _, bad := range []string{"192.0.2.1", "4512345678", "error=bad", "level=ERROR"} {
		if strings.Contains(got, bad) {
			t.Errorf("scrubbed log contains %q: %s", bad, got)
		}
	}
	for _, want := range []string{"failed to parse", "caller=Transport<UDP>", "level=DEBUG"} {
		if !strings.Contains(got, want) {
			t.Errorf("scrubbed log lacks %q: %s", want, got)
		}
	}
	// A logger above debug drops sipgo's lines entirely.
	out.Reset()
	quiet := newScrubbedLogger(slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelInfo})))
	quiet.Error("anything")
	if out.Len() != 0 {
		t.Errorf("info-level logger got sipgo line: %s", out.String())
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

func (b *lockedBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"read udp 192.0.2.1:20000: use of closed network connection", "read udp <addr>: use of closed network connection"},
		{"dial tcp [2001:db8::1]:5060: refused", "dial tcp <addr>: refused"},
		{"write to fe80::1 failed", "write to <addr> failed"},
		{"bad From sip:+4512345678@example.com;tag=1", "bad From <uri>;tag=1"},
		{"caller +45 12 34 56 78 hung up", "caller <digits> hung up"},
		{"sip: malformed SDP: sdp: syntax error at pos 6: \"=\"", "sip: malformed SDP: sdp: syntax error at pos 6: \"=\""},
		{"sip: RTP port range exhausted", "sip: RTP port range exhausted"},
		{"context deadline exceeded", "context deadline exceeded"},
		{"sip: 488 Not Acceptable Here", "sip: 488 Not Acceptable Here"},
	} {
		if got := redact(tc.in); got != tc.want {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
