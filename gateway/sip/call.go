package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
)

// rtpBufferSize holds any RTP packet that fits an Ethernet MTU with room
// to spare; larger datagrams are truncated, fail to parse and are dropped.
const rtpBufferSize = 2048

// callStats counts what one call's media socket saw. All fields are
// updated by the read goroutine and may be read concurrently.
type callStats struct {
	Received      atomic.Uint64 // datagrams read
	Delivered     atomic.Uint64 // RTP packets handed to the sink
	Malformed     atomic.Uint64 // not parseable as RTP version 2
	UnknownPT     atomic.Uint64 // RTP with a payload type we did not negotiate (RTCP-mux lands here)
	ForeignSource atomic.Uint64 // RTP from another source than the latched one
}

// call is one accepted INVITE: its dialog, its RTP socket and the goroutine
// reading it. close is idempotent: it stops and waits for the read
// goroutine, releases the port and calls Sink.End once (if StartCall gave
// a sink).
type call struct {
	id     string
	info   CallInfo
	log    *slog.Logger
	port   int
	ports  *portAllocator
	conn   *net.UDPConn
	answer []byte
	// remote is the peer's RTP address from its SDP; packets may come from
	// elsewhere (NAT), see readLoop.
	remote     netip.AddrPort
	rtpTimeout time.Duration

	dlg *uasDialog
	// cancelled is set when a CANCEL for the INVITE arrived.
	cancelled atomic.Bool
	// answered is set once our 200 OK is on its way; after that ending
	// the call means sending BYE.
	answered atomic.Bool
	// ended is guarded by Server.mu: set when the server starts ending the
	// call, so it is never registered afterwards.
	ended bool

	// ctx is the call's lifetime, given to Handler.StartCall; cancelled by
	// close.
	ctx    context.Context
	cancel context.CancelFunc

	// mediaEnded is called at most once, from the read goroutine, when the
	// media path ends the call (RTP timeout, sink error). It must not block
	// on close, which waits for that goroutine.
	mediaEnded func(c *call, reason string)

	ackMu   sync.Mutex
	ackCSeq uint32
	ackCh   chan struct{}

	sink      Sink
	readDone  chan struct{} // closed when the read goroutine returns; nil if never started
	done      chan struct{} // closed when close starts
	closeOnce sync.Once
	reason    string

	stats callStats
}

// newCall allocates an RTP port, binds bindIP:port for it and writes the
// SDP answer advertising advertiseIP:port. Ports that fail to bind (taken
// by another process) are skipped; the range exhausted is ErrPortsExhausted.
func newCall(parent context.Context, id string, log *slog.Logger, ports *portAllocator,
	bindIP, advertiseIP netip.Addr, choice *mediaChoice, rtpTimeout time.Duration,
) (*call, error) {
	c := &call{
		id:         id,
		log:        log,
		ports:      ports,
		remote:     choice.Remote,
		rtpTimeout: rtpTimeout,
		done:       make(chan struct{}),
	}
	var lastErr error
	for range ports.Size() {
		port, err := ports.Acquire()
		if err != nil {
			if lastErr != nil {
				return nil, fmt.Errorf("%w (last bind error: %w)", err, lastErr)
			}
			return nil, err
		}
		conn, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(bindIP, uint16(port))))
		if err != nil {
			ports.Release(port)
			lastErr = err
			continue
		}
		c.port, c.conn = port, conn
		break
	}
	if c.conn == nil {
		return nil, fmt.Errorf("%w (last bind error: %w)", ErrPortsExhausted, lastErr)
	}
	answer, err := buildAnswer(choice, advertiseIP, c.port, newSessionID())
	if err != nil {
		c.releaseSocket()
		return nil, fmt.Errorf("sip: build SDP answer: %w", err)
	}
	c.answer = answer
	c.ctx, c.cancel = context.WithCancel(parent)
	return c, nil
}

func (c *call) releaseSocket() {
	if err := c.conn.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		c.log.Debug("close RTP socket", errAttr(err))
	}
	c.ports.Release(c.port)
}

// startMedia hands packets to sink from now on. Call it once, before the
// 200 OK goes out: a peer may send RTP as soon as it has our answer.
func (c *call) startMedia(sink Sink, accept func(pt uint8) bool) {
	c.sink = sink
	c.readDone = make(chan struct{})
	go c.readLoop(accept)
}

// readLoop reads RTP until the socket is closed. It latches on the source
// of the first valid RTP packet: the SDP address is often wrong behind NAT
// (symmetric RTP, RFC 4961), so whoever sends first wins and other sources
// are dropped. RTCP on port+1 is not bound (a peer's RTCP gets ICMP port
// unreachable, which is harmless); RTCP multiplexed on this port has a
// payload type we did not negotiate and is dropped.
func (c *call) readLoop(accept func(pt uint8) bool) {
	defer close(c.readDone)
	buf := make([]byte, rtpBufferSize)
	var pkt rtp.Packet
	var latched netip.AddrPort
	for {
		n, from, err := c.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			switch {
			case errors.Is(err, net.ErrClosed):
			case errors.Is(err, os.ErrDeadlineExceeded):
				c.mediaEnded(c, ReasonRTPTimeout)
			default:
				c.log.Warn("RTP read failed", errAttr(err))
				c.mediaEnded(c, ReasonError)
			}
			return
		}
		c.stats.Received.Add(1)
		if err := pkt.Unmarshal(buf[:n]); err != nil || pkt.Version != 2 {
			c.stats.Malformed.Add(1)
			continue
		}
		if !accept(pkt.PayloadType) {
			c.stats.UnknownPT.Add(1)
			continue
		}
		from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
		if !latched.IsValid() {
			latched = from
			if from != c.remote {
				c.log.Debug("RTP source differs from SDP, latched on first source")
			}
		} else if from != latched {
			c.stats.ForeignSource.Add(1)
			continue
		}
		if c.rtpTimeout > 0 {
			if err := c.conn.SetReadDeadline(time.Now().Add(c.rtpTimeout)); err != nil {
				c.log.Debug("set RTP deadline", errAttr(err))
			}
		}
		if err := c.deliver(&pkt); err != nil {
			c.log.Warn("sink rejected RTP, ending call", errAttr(err))
			c.mediaEnded(c, ReasonError)
			return
		}
		c.stats.Delivered.Add(1)
	}
}

// deliver calls the sink and turns a panic into an error.
func (c *call) deliver(pkt *rtp.Packet) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sink panic: %v", r)
		}
	}()
	return c.sink.HandleRTP(pkt)
}

// expectAck registers the CSeq of a 2xx we are about to send and returns a
// channel closed when its ACK arrives.
func (c *call) expectAck(cseq uint32) <-chan struct{} {
	c.ackMu.Lock()
	defer c.ackMu.Unlock()
	c.ackCSeq = cseq
	c.ackCh = make(chan struct{})
	return c.ackCh
}

// forgetAck drops the wait registered by expectAck if ch is still it.
func (c *call) forgetAck(ch <-chan struct{}) {
	c.ackMu.Lock()
	defer c.ackMu.Unlock()
	if c.ackCh != nil && (<-chan struct{})(c.ackCh) == ch {
		c.ackCh = nil
	}
}

// ackBefore treats a pending 2xx with a CSeq below cseq as acknowledged.
func (c *call) ackBefore(cseq uint32) {
	c.ackMu.Lock()
	defer c.ackMu.Unlock()
	if c.ackCh != nil && c.ackCSeq < cseq {
		close(c.ackCh)
		c.ackCh = nil
	}
}

// awaitingAck reports whether a 2xx waits for its ACK.
func (c *call) awaitingAck() bool {
	c.ackMu.Lock()
	defer c.ackMu.Unlock()
	return c.ackCh != nil
}

// gotAck reports an ACK; it returns false if no 2xx with that CSeq waits.
func (c *call) gotAck(cseq uint32) bool {
	c.ackMu.Lock()
	defer c.ackMu.Unlock()
	if c.ackCh == nil || c.ackCSeq != cseq {
		return false
	}
	close(c.ackCh)
	c.ackCh = nil
	return true
}

// Done is closed when the call starts closing.
func (c *call) Done() <-chan struct{} { return c.done }

// close ends the call with reason; only the first reason counts. It waits
// for the read goroutine and then calls Sink.End.
func (c *call) close(reason string) {
	c.closeOnce.Do(func() {
		c.reason = reason
		close(c.done)
		c.cancel()
		c.releaseSocket()
		if c.readDone != nil {
			<-c.readDone
		}
		if c.sink != nil {
			c.endSink(reason)
		}
		c.log.Info("call ended", "reason", reason,
			"rtp_received", c.stats.Received.Load(),
			"rtp_delivered", c.stats.Delivered.Load(),
			"rtp_malformed", c.stats.Malformed.Load(),
			"rtp_unknown_pt", c.stats.UnknownPT.Load(),
			"rtp_foreign_source", c.stats.ForeignSource.Load())
	})
}

func (c *call) endSink(reason string) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("sink End panicked", "panic", redact(fmt.Sprint(r)))
		}
	}()
	c.sink.End(reason)
}
