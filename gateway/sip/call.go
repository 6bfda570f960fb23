package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/srtp/v3"
)

// rtpBufferSize holds any RTP packet that fits an Ethernet MTU with room
// to spare; larger datagrams are truncated, fail to parse and are dropped.
const rtpBufferSize = 2048

// callStats counts what one call's media socket saw. All fields are
// updated by the read goroutine and may be read concurrently.
type callStats struct {
	Received      atomic.Uint64 // datagrams read on the RTP port
	Delivered     atomic.Uint64 // RTP packets handed to the sink
	Malformed     atomic.Uint64 // not parseable as RTP version 2
	UnknownPT     atomic.Uint64 // RTP with a payload type we did not negotiate
	ForeignSource atomic.Uint64 // RTP from another source than the latched one
	SRTPFailed    atomic.Uint64 // SRTP or SRTCP packets that failed authentication
	SRTPReplayed  atomic.Uint64 // SRTP or SRTCP packets refused as replays, or otherwise undecryptable
	RTCPReceived  atomic.Uint64 // valid RTCP compound packets handed to the sink
	RTCPMalformed atomic.Uint64 // datagrams on the RTCP port that are not RTCP
	RTCPSent      atomic.Uint64 // RTCP compound packets we sent
}

// call is one accepted INVITE: its dialog, its RTP and RTCP sockets and
// the goroutines reading them. close is idempotent: it stops and waits for
// the read goroutines, releases the ports and calls Sink.End once (if
// StartCall gave a sink).
type call struct {
	id       string
	info     CallInfo
	log      *slog.Logger
	port     int // RTP; RTCP is port+1
	ports    *portAllocator
	conn     *net.UDPConn
	rtcpConn *net.UDPConn
	answer   []byte
	choice   *mediaChoice
	// srtp is nil for plain RTP.
	srtp *srtpContexts
	// srtpInMu serialises SRTCP decryption: RTCP may come on both ports
	// (rtcp-mux).
	srtpInMu sync.Mutex
	// rtcpOutMu serialises RTCP sending (encryption context, buffer).
	rtcpOutMu  sync.Mutex
	rtcpOutBuf []byte
	// rtcpSinkMu serialises Sink.HandleRTCP calls from the two read
	// goroutines.
	rtcpSinkMu sync.Mutex
	// rtpPeer and rtcpPeer are the latched sources of RTP and RTCP, where
	// our RTCP goes once known.
	rtpPeer  atomic.Pointer[netip.AddrPort]
	rtcpPeer atomic.Pointer[netip.AddrPort]
	// srtpWarned is set once the SRTP authentication failure was logged.
	srtpWarned atomic.Bool
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
	readDone  chan struct{} // closed when the RTP read goroutine returns; nil if never started
	rtcpDone  chan struct{} // closed when the RTCP read goroutine returns; nil if never started
	done      chan struct{} // closed when close starts
	closeOnce sync.Once
	reason    string

	stats callStats
}

// newCall allocates an RTP/RTCP port pair, binds bindIP:port and
// bindIP:port+1 and writes the SDP answer advertising advertiseIP:port.
// Pairs that fail to bind (taken by another process) are skipped; the
// range exhausted is ErrPortsExhausted. An SRTP choice gets a fresh key of
// ours in the answer.
func newCall(parent context.Context, id string, log *slog.Logger, ports *portAllocator,
	bindIP, advertiseIP netip.Addr, choice *mediaChoice, rtpTimeout time.Duration,
) (*call, error) {
	c := &call{
		id:         id,
		log:        log,
		ports:      ports,
		choice:     choice,
		remote:     choice.Remote,
		rtpTimeout: rtpTimeout,
		done:       make(chan struct{}),
		rtcpOutBuf: make([]byte, rtpBufferSize),
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
		conn, rtcpConn, err := listenPair(bindIP, port)
		if err != nil {
			ports.Release(port)
			lastErr = err
			continue
		}
		c.port, c.conn, c.rtcpConn = port, conn, rtcpConn
		break
	}
	if c.conn == nil {
		return nil, fmt.Errorf("%w (last bind error: %w)", ErrPortsExhausted, lastErr)
	}
	var local []byte
	if choice.Crypto != nil {
		local = newSDESKey()
		s, err := newSRTPContexts(choice.Crypto, local)
		if err != nil {
			c.releaseSocket()
			return nil, err
		}
		c.srtp = s
	}
	answer, err := buildAnswer(choice, advertiseIP, c.port, newSessionID(), local)
	if err != nil {
		c.releaseSocket()
		return nil, fmt.Errorf("sip: build SDP answer: %w", err)
	}
	c.answer = answer
	c.ctx, c.cancel = context.WithCancel(parent)
	return c, nil
}

// listenPair binds ip:port for RTP and ip:port+1 for RTCP.
func listenPair(ip netip.Addr, port int) (*net.UDPConn, *net.UDPConn, error) {
	conn, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port))))
	if err != nil {
		return nil, nil, err
	}
	rtcpConn, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port+1))))
	if err != nil {
		return nil, nil, errors.Join(err, conn.Close())
	}
	return conn, rtcpConn, nil
}

func (c *call) releaseSocket() {
	for _, conn := range []*net.UDPConn{c.conn, c.rtcpConn} {
		if err := conn.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			c.log.Debug("close media socket", errAttr(err))
		}
	}
	c.ports.Release(c.port)
}

// startMedia hands packets to sink from now on. Call it once, before the
// 200 OK goes out: a peer may send RTP as soon as it has our answer.
func (c *call) startMedia(sink Sink, accept func(pt uint8) bool) {
	c.sink = sink
	c.readDone = make(chan struct{})
	c.rtcpDone = make(chan struct{})
	go c.readLoop(accept)
	go c.rtcpLoop()
}

// readLoop reads RTP until the socket is closed. It latches on the source
// of the first valid RTP packet: the SDP address is often wrong behind NAT
// (symmetric RTP, RFC 4961), so whoever sends first wins and other sources
// are dropped. RTCP multiplexed on this port (RFC 5761) is told apart by
// its packet type and handled as if it came on port+1. With SRTP a packet
// is decrypted and authenticated before it can latch or reach the sink.
func (c *call) readLoop(accept func(pt uint8) bool) {
	defer close(c.readDone)
	buf := make([]byte, rtpBufferSize)
	oob := make([]byte, oobSize)
	stamped := oobSize > 0
	if err := enableTimestamps(c.conn); err != nil {
		stamped = false
		c.log.Debug("no kernel timestamps for RTP; arrival is read time", errAttr(err))
	}
	var plain []byte
	if c.srtp != nil {
		plain = make([]byte, rtpBufferSize)
	}
	var pkt rtp.Packet
	var latched netip.AddrPort
	for {
		var n, oobn int
		var from netip.AddrPort
		var err error
		if stamped {
			n, oobn, _, from, err = c.conn.ReadMsgUDPAddrPort(buf, oob)
		} else {
			n, from, err = c.conn.ReadFromUDPAddrPort(buf)
		}
		arrival, ok := kernelTime(oob[:oobn])
		if !ok {
			arrival = time.Now()
		}
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
		from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
		if isRTCP(buf[:n]) {
			c.handleRTCP(buf[:n], from, true)
			continue
		}
		if err := pkt.Unmarshal(buf[:n]); err != nil || pkt.Version != 2 {
			c.stats.Malformed.Add(1)
			continue
		}
		if !accept(pkt.PayloadType) {
			c.stats.UnknownPT.Add(1)
			continue
		}
		if c.srtp != nil {
			dec, err := c.srtp.rtpIn.DecryptRTP(plain[:0], buf[:n], nil)
			if err != nil {
				c.srtpFailed(err)
				continue
			}
			if err := pkt.Unmarshal(dec); err != nil {
				c.stats.Malformed.Add(1)
				continue
			}
		}
		if !latched.IsValid() {
			latched = from
			c.rtpPeer.Store(&from)
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
		if err := c.deliver(&pkt, arrival); err != nil {
			c.log.Warn("sink rejected RTP, ending call", errAttr(err))
			c.mediaEnded(c, ReasonError)
			return
		}
		c.stats.Delivered.Add(1)
	}
}

// isRTCP tells RTCP from RTP on a shared port (RFC 5761 section 4): the
// second octet of RTCP is a packet type 192-223, which as RTP would be
// the marker bit with payload types 64-95, which are not used.
func isRTCP(b []byte) bool {
	return len(b) >= 8 && b[0]>>6 == 2 && b[1] >= 192 && b[1] <= 223
}

// srtpFailed counts an SRTP or SRTCP packet that did not decrypt and logs
// the first authentication failure of the call once: with a wrong key
// every packet fails and the call has no audio. The log says why, never
// what the keys are.
func (c *call) srtpFailed(err error) {
	if !errors.Is(err, srtp.ErrFailedToVerifyAuthTag) {
		c.stats.SRTPReplayed.Add(1)
		return
	}
	c.stats.SRTPFailed.Add(1)
	if c.srtpWarned.CompareAndSwap(false, true) {
		c.log.Warn("SRTP authentication failed: dropping the caller's media (the key it sends with is not the one its SDP announced)")
	}
}

// rtcpLoop reads the RTCP port until it is closed.
func (c *call) rtcpLoop() {
	defer close(c.rtcpDone)
	buf := make([]byte, rtpBufferSize)
	for {
		n, from, err := c.rtcpConn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				c.log.Debug("RTCP read failed", errAttr(err))
			}
			return
		}
		from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
		c.handleRTCP(buf[:n], from, false)
	}
}

// handleRTCP decrypts (SRTCP), parses and hands one compound RTCP packet
// to the sink. On the RTCP port it latches on the first valid source,
// where our RTCP then goes; multiplexed on the RTP port (viaRTP) it is
// accepted from the RTP source only.
func (c *call) handleRTCP(b []byte, from netip.AddrPort, viaRTP bool) {
	latched := c.rtcpPeer.Load()
	if viaRTP {
		latched = c.rtpPeer.Load()
	}
	if latched != nil && *latched != from {
		c.stats.ForeignSource.Add(1)
		return
	}
	if c.srtp != nil {
		c.srtpInMu.Lock()
		dec, err := c.srtp.rtcpIn.DecryptRTCP(nil, b, nil)
		c.srtpInMu.Unlock()
		if err != nil {
			c.srtpFailed(err)
			return
		}
		b = dec
	}
	// RTCP is rare (every few seconds): a copy lets the parsed packets
	// (some of which refer to their input) outlive the read buffer.
	pkts, err := rtcp.Unmarshal(slices.Clone(b))
	if err != nil {
		c.stats.RTCPMalformed.Add(1)
		return
	}
	if latched == nil && !viaRTP {
		c.rtcpPeer.CompareAndSwap(nil, &from)
	}
	c.stats.RTCPReceived.Add(1)
	rs, ok := c.sink.(RTCPSink)
	if !ok {
		return
	}
	c.rtcpSinkMu.Lock()
	defer c.rtcpSinkMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("sink HandleRTCP panicked", "panic", redact(fmt.Sprint(r)))
		}
	}()
	if err := rs.HandleRTCP(pkts); err != nil {
		c.log.Debug("sink rejected RTCP", errAttr(err))
	}
}

// WriteRTCP sends a compound RTCP packet to the caller: to the source
// its RTCP came from, else to the address of its SDP (port+1, a=rtcp, or
// the RTP port with rtcp-mux), encrypted with our key when the call uses
// SRTP. Nothing is sent while the caller's address is unspecified (hold).
// It is safe for concurrent use and returns net.ErrClosed after the call
// ended.
func (c *call) WriteRTCP(pkts []rtcp.Packet) error {
	b, err := rtcp.Marshal(pkts)
	if err != nil {
		return fmt.Errorf("sip: marshal RTCP: %w", err)
	}
	c.rtcpOutMu.Lock()
	defer c.rtcpOutMu.Unlock()
	if c.srtp != nil {
		if b, err = c.srtp.rtcpOut.EncryptRTCP(c.rtcpOutBuf[:0], b, nil); err != nil {
			return fmt.Errorf("sip: SRTCP: %w", err)
		}
	}
	conn, dst := c.rtcpConn, c.choice.RemoteRTCP
	if c.choice.RTCPMux {
		conn, dst = c.conn, c.remote
		if p := c.rtpPeer.Load(); p != nil {
			dst = *p
		}
	} else if p := c.rtcpPeer.Load(); p != nil {
		dst = *p
	}
	if !dst.IsValid() || dst.Addr().IsUnspecified() || dst.Port() == 0 {
		return nil
	}
	if _, err := conn.WriteToUDPAddrPort(b, dst); err != nil {
		return fmt.Errorf("sip: send RTCP: %w", err)
	}
	c.stats.RTCPSent.Add(1)
	return nil
}

// deliver calls the sink and turns a panic into an error.
func (c *call) deliver(pkt *rtp.Packet, arrival time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sink panic: %v", r)
		}
	}()
	if as, ok := c.sink.(ArrivalSink); ok {
		return as.HandleRTPAt(pkt, arrival)
	}
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
			<-c.rtcpDone
		}
		if c.sink != nil {
			c.endSink(reason)
		}
		c.log.Info("call ended", "reason", reason,
			"rtp_received", c.stats.Received.Load(),
			"rtp_delivered", c.stats.Delivered.Load(),
			"rtp_malformed", c.stats.Malformed.Load(),
			"rtp_unknown_pt", c.stats.UnknownPT.Load(),
			"rtp_foreign_source", c.stats.ForeignSource.Load(),
			"srtp", c.srtp != nil,
			"srtp_auth_failed", c.stats.SRTPFailed.Load(),
			"srtp_rejected", c.stats.SRTPReplayed.Load(),
			"rtcp_received", c.stats.RTCPReceived.Load(),
			"rtcp_sent", c.stats.RTCPSent.Load())
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
