// Package siptest helps other packages test against gateway/sip: a Handler
// that records calls and packets, a server started on free ports and
// stopped at the end of the test, and a goroutine-leak check.
//
// Everything here is for tests only; nothing in production imports it.
package siptest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"

	"github.com/earshot/earshot/gateway/sip"
)

// Timeout is how long the helpers wait for an event before failing.
const Timeout = 10 * time.Second

// Packet is a copy of one RTP packet a sink received.
type Packet struct {
	PayloadType    uint8
	SequenceNumber uint16
	Timestamp      uint32
	SSRC           uint32
	Marker         bool
	Payload        []byte
}

// Recorder is a sip.Handler whose sinks record everything. Set Reject (before
// the first call) to refuse calls with that error.
type Recorder struct {
	Reject error

	calls chan *Call
}

// NewRecorder returns a Recorder that can hold 64 calls nobody waited for.
func NewRecorder() *Recorder {
	return &Recorder{calls: make(chan *Call, 64)}
}

// StartCall implements sip.Handler.
func (r *Recorder) StartCall(ctx context.Context, info sip.CallInfo) (sip.Sink, error) {
	if r.Reject != nil {
		return nil, r.Reject
	}
	c := NewCall(ctx, info)
	r.calls <- c
	return c, nil
}

// NewCall returns a recording sink on its own, for handlers that build
// their sinks themselves.
func NewCall(ctx context.Context, info sip.CallInfo) *Call {
	return &Call{
		Info:    info,
		Ctx:     ctx,
		packets: make(chan Packet, 4096),
		rtcp:    make(chan []rtcp.Packet, 256),
		ended:   make(chan struct{}),
	}
}

// NextCall waits for the next call StartCall accepted.
func (r *Recorder) NextCall(t testing.TB) *Call {
	t.Helper()
	select {
	case c := <-r.calls:
		return c
	case <-time.After(Timeout):
		t.Fatalf("siptest: no call started within %v", Timeout)
		return nil
	}
}

// Pending is the number of started calls nobody took with NextCall.
func (r *Recorder) Pending() int { return len(r.calls) }

// Call is one recorded call; it is the sip.Sink of that call.
type Call struct {
	Info sip.CallInfo
	Ctx  context.Context

	packets  chan Packet
	rtcp     chan []rtcp.Packet
	ended    chan struct{}
	endCount atomic.Int32
	reason   atomic.Value // string
}

// HandleRTP implements sip.Sink; it copies the packet.
func (c *Call) HandleRTP(p *rtp.Packet) error {
	pkt := Packet{
		PayloadType:    p.PayloadType,
		SequenceNumber: p.SequenceNumber,
		Timestamp:      p.Timestamp,
		SSRC:           p.SSRC,
		Marker:         p.Marker,
		Payload:        slices.Clone(p.Payload),
	}
	select {
	case c.packets <- pkt:
		return nil
	default:
		return errors.New("siptest: packet buffer full")
	}
}

// HandleRTCP implements sip.RTCPSink; it keeps the parsed packets (which
// own their memory).
func (c *Call) HandleRTCP(pkts []rtcp.Packet) error {
	select {
	case c.rtcp <- pkts:
		return nil
	default:
		return errors.New("siptest: RTCP buffer full")
	}
}

// NextRTCP waits for the next compound RTCP packet.
func (c *Call) NextRTCP(t testing.TB) []rtcp.Packet {
	t.Helper()
	select {
	case p := <-c.rtcp:
		return p
	case <-time.After(Timeout):
		t.Fatalf("siptest: no RTCP packet within %v", Timeout)
		return nil
	}
}

// End implements sip.Sink.
func (c *Call) End(reason string) {
	if c.endCount.Add(1) == 1 {
		c.reason.Store(reason)
		close(c.ended)
	}
}

// NextPacket waits for the next packet.
func (c *Call) NextPacket(t testing.TB) Packet {
	t.Helper()
	select {
	case p := <-c.packets:
		return p
	case <-time.After(Timeout):
		t.Fatalf("siptest: no RTP packet within %v", Timeout)
		return Packet{}
	}
}

// TryNextPacket returns the next packet if one is waiting.
func (c *Call) TryNextPacket() (Packet, bool) {
	select {
	case p := <-c.packets:
		return p, true
	default:
		return Packet{}, false
	}
}

// Ended is closed when End was called.
func (c *Call) Ended() <-chan struct{} { return c.ended }

// WaitEnd waits for End and returns its reason.
func (c *Call) WaitEnd(t testing.TB) string {
	t.Helper()
	select {
	case <-c.ended:
		return c.reason.Load().(string)
	case <-time.After(Timeout):
		t.Fatalf("siptest: call not ended within %v", Timeout)
		return ""
	}
}

// EndCount is how many times End was called (the contract says once).
func (c *Call) EndCount() int { return int(c.endCount.Load()) }

// Server is a running sip.Server.
type Server struct {
	*sip.Server
	cancel   context.CancelFunc
	errc     chan error
	stopOnce sync.Once
	err      error
}

// StartServer runs a sip.Server on 127.0.0.1 with a free SIP port and a
// random RTP port range (unless cfg sets them) and stops it when the test
// ends, failing the test if ListenAndServe returned an error.
func StartServer(t testing.TB, cfg sip.Config, h sip.Handler) *Server {
	t.Helper()
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.RTPPortMin == 0 && cfg.RTPPortMax == 0 {
		// Below Linux's ephemeral range; ports taken by others are skipped.
		cfg.RTPPortMin = 21000 + 2*rand.IntN(5000)
		cfg.RTPPortMax = cfg.RTPPortMin + 199
	}
	srv, err := sip.NewServer(cfg, h)
	if err != nil {
		t.Fatalf("siptest: NewServer: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{Server: srv, cancel: cancel, errc: make(chan error, 1)}
	go func() { s.errc <- srv.ListenAndServe(ctx) }()
	select {
	case <-srv.Ready():
	case err := <-s.errc:
		cancel()
		t.Fatalf("siptest: ListenAndServe: %v", err)
	case <-time.After(Timeout):
		cancel()
		t.Fatalf("siptest: server not ready within %v", Timeout)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("siptest: ListenAndServe: %v", err)
		}
	})
	return s
}

// Stop cancels the server and waits for ListenAndServe to return. It is
// idempotent and returns ListenAndServe's error.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.cancel()
		select {
		case s.err = <-s.errc:
		case <-time.After(Timeout):
			s.err = fmt.Errorf("siptest: server did not stop within %v", Timeout)
		}
	})
	return s.err
}

// URI is a request-URI for user on the server.
func (s *Server) URI(user string) string {
	return "sip:" + user + "@" + s.Addr()
}

// leakMarkers select the goroutines VerifyNoLeaks cares about.
var leakMarkers = []string{"earshot/earshot/gateway/sip.", "emiago/sipgo"}

// VerifyNoLeaks fails the test if, when it ends, goroutines of
// gateway/sip or sipgo started during the test are still running after a
// grace period. Call it first in the test so its cleanup runs last.
func VerifyNoLeaks(t testing.TB) {
	t.Helper()
	before := goroutineIDs()
	t.Cleanup(func() {
		// Goroutine exit has no event to wait on: poll with a deadline.
		deadline := time.NewTimer(Timeout)
		defer deadline.Stop()
		poll := time.NewTicker(20 * time.Millisecond)
		defer poll.Stop()
		for {
			leaked := leakedGoroutines(before)
			if len(leaked) == 0 {
				return
			}
			select {
			case <-poll.C:
			case <-deadline.C:
				t.Errorf("siptest: %d goroutines leaked:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
				return
			}
		}
	})
}

func allGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Split(string(buf[:n]), "\n\n")
		}
		buf = make([]byte, 2*len(buf))
	}
}

func goroutineID(stack string) int {
	rest, ok := strings.CutPrefix(stack, "goroutine ")
	if !ok {
		return -1
	}
	idStr, _, _ := strings.Cut(rest, " ")
	id, err := strconv.Atoi(idStr)
	if err != nil {
		return -1
	}
	return id
}

func goroutineIDs() map[int]bool {
	ids := make(map[int]bool)
	for _, g := range allGoroutines() {
		ids[goroutineID(g)] = true
	}
	return ids
}

func leakedGoroutines(before map[int]bool) []string {
	var leaked []string
	for _, g := range allGoroutines() {
		if before[goroutineID(g)] || strings.Contains(g, "siptest.VerifyNoLeaks") {
			continue
		}
		for _, m := range leakMarkers {
			if strings.Contains(g, m) {
				leaked = append(leaked, g)
				break
			}
		}
	}
	return leaked
}
