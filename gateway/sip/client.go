package sip

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"

	"github.com/earshot/earshot/media/impair"
	"github.com/earshot/earshot/media/quality"
)

// ClientConfig configures Dial.
type ClientConfig struct {
	// Target is the request-URI, sip:user@host:port.
	Target string
	// From is the user part of our From URI (default "earshot").
	From string
	// LocalIP is the address we bind SIP and RTP to and advertise
	// (default 127.0.0.1).
	LocalIP string
	// Codecs are offered in this order (default PCMU, PCMA), by name:
	// PCMU, PCMA, G722, opus, L16 (offered at 16 kHz).
	// telephone-event/8000 on payload type 101 is always offered, and
	// telephone-event/48000 on 110 with Opus.
	Codecs []string
	// PTime is the packet duration we ask for (default 20 ms); we send at
	// the one the answer asks for.
	PTime time.Duration
	// SRTP offers RTP/SAVP with an SDES key (AES_CM_128_HMAC_SHA1_80)
	// instead of RTP/AVP.
	SRTP bool
	// Impair, if set, sends our RTP through an impaired path (loss,
	// jitter, reordering; see media/impair); ImpairObserve, if set, is
	// told every packet's fate.
	Impair        *impair.Config
	ImpairObserve func(impair.Fate)
	// RTCPInterval is how often we send RTCP reports (default 5 s).
	RTCPInterval time.Duration
	// Headers are added to the INVITE.
	Headers map[string]string
	// Transport is "udp" (default) or "tcp".
	Transport string
	Log       *slog.Logger
}

// ClientCall is an established outgoing call (UAC). SendRTP and SendDTMF
// may be called from several goroutines; they share one RTP stream
// (sequence number, timestamp, SSRC). Close releases the sockets; it does
// not send BYE (use Hangup first).
type ClientCall struct {
	log      *slog.Logger
	ua       *sipgo.UserAgent
	dlg      *sipgo.DialogClientSession
	conn     *net.UDPConn
	rtcpConn *net.UDPConn
	choice   *mediaChoice
	local    []byte // our SDES key; nil without SRTP
	srtp     *srtpContexts
	// out is where RTP goes: conn, or an impaired path in front of it.
	out       impair.PacketWriter
	impaired  *impair.Conn
	remoteRTP net.Addr

	dialogMu sync.Mutex
	dialogID string // set once answered; BYEs are matched against it

	rtpMu  sync.Mutex
	seq    uint16
	ts     uint32
	ssrc   uint32
	buf    []byte
	encBuf []byte

	// legMu guards leg, our RTCP view of the call.
	legMu sync.Mutex
	leg   *quality.Leg
	cname string

	rtcpQuit chan struct{}
	rtcpWG   sync.WaitGroup

	// setup is INVITE sent to final 2xx received.
	setup time.Duration

	doneOnce  sync.Once
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// Dial sends an INVITE with an SDP offer and waits for the final response.
// On 2xx it ACKs and returns the call; on a final failure it returns a
// *StatusError. Cancelling ctx before the answer sends CANCEL.
func Dial(ctx context.Context, cfg ClientConfig) (*ClientCall, error) {
	if cfg.From == "" {
		cfg.From = "earshot"
	}
	if cfg.LocalIP == "" {
		cfg.LocalIP = "127.0.0.1"
	}
	if len(cfg.Codecs) == 0 {
		cfg.Codecs = []string{CodecPCMU, CodecPCMA}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	transport := strings.ToUpper(cfg.Transport)
	if transport == "" {
		transport = "UDP"
	}
	if transport != "UDP" && transport != "TCP" {
		return nil, fmt.Errorf("sip: transport %q not supported", cfg.Transport)
	}
	var target sip.Uri
	if err := sip.ParseUri(cfg.Target, &target); err != nil {
		return nil, fmt.Errorf("sip: target URI: %w", err)
	}
	localIP, err := netip.ParseAddr(cfg.LocalIP)
	if err != nil {
		return nil, fmt.Errorf("sip: LocalIP: %w", err)
	}

	if cfg.PTime == 0 {
		cfg.PTime = defaultPTime * time.Millisecond
	}
	if cfg.PTime < minPTime*time.Millisecond || cfg.PTime > maxPTime*time.Millisecond {
		return nil, fmt.Errorf("sip: ptime %v outside %d-%d ms", cfg.PTime, minPTime, maxPTime)
	}
	if cfg.RTCPInterval <= 0 {
		cfg.RTCPInterval = defaultRTCPInterval
	}

	c := &ClientCall{
		log:      cfg.Log,
		done:     make(chan struct{}),
		buf:      make([]byte, rtpBufferSize),
		encBuf:   make([]byte, rtpBufferSize),
		rtcpQuit: make(chan struct{}),
	}
	var rnd [18]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	c.ssrc = binary.BigEndian.Uint32(rnd[0:4])
	c.ts = binary.BigEndian.Uint32(rnd[4:8])
	c.seq = binary.BigEndian.Uint16(rnd[8:10])
	c.cname = fmt.Sprintf("%x", rnd[10:18])

	c.conn, c.rtcpConn, err = listenAnyPair(localIP)
	if err != nil {
		return nil, fmt.Errorf("sip: RTP/RTCP sockets: %w", err)
	}
	rtpPort := c.conn.LocalAddr().(*net.UDPAddr).Port
	if cfg.SRTP {
		c.local = newSDESKey()
	}
	offer, err := buildOffer(localIP, rtpPort, offerSpec{codecs: cfg.Codecs, ptime: int(cfg.PTime / time.Millisecond), local: c.local}, newSessionID())
	if err != nil {
		return nil, errors.Join(err, c.Close())
	}

	scrubbed := newScrubbedLogger(cfg.Log)
	c.ua, err = sipgo.NewUA(
		sipgo.WithUserAgent(DefaultUserAgent),
		sipgo.WithUserAgentHostname(localIP.String()),
		sipgo.WithUserAgentTransactionLayerOptions(
			sip.WithTransactionLayerLogger(scrubbed),
			sip.WithTransactionLayerUnhandledResponseHandler(func(*sip.Response) {}),
		),
		sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerLogger(scrubbed)),
	)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sip: user agent: %w", err), c.Close())
	}
	// The server handle receives in-dialog requests arriving on the
	// connection the INVITE went out on.
	srv, err := sipgo.NewServer(c.ua, sipgo.WithServerLogger(scrubbed))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sip: server: %w", err), c.Close())
	}
	srv.OnBye(c.onBye)
	srv.OnOptions(func(req *sip.Request, tx sip.ServerTransaction) {
		c.respond(tx, sip.NewResponseFromRequest(req, 200, "OK", nil))
	})
	cli, err := sipgo.NewClient(c.ua,
		sipgo.WithClientLogger(scrubbed),
		sipgo.WithClientHostname(localIP.String()),
		sipgo.WithClientConnectionAddr(netip.AddrPortFrom(localIP, 0).String()))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sip: client: %w", err), c.Close())
	}

	contact := sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: cfg.From, Host: localIP.String()}}
	if transport == "TCP" {
		contact.Address.UriParams = sip.NewParams()
		contact.Address.UriParams.Add("transport", "tcp")
	}
	dua := &sipgo.DialogUA{Client: cli, ContactHDR: contact}

	req := sip.NewRequest(sip.INVITE, target)
	req.SetTransport(transport)
	from := &sip.FromHeader{Address: sip.Uri{Scheme: "sip", User: cfg.From, Host: localIP.String()}, Params: sip.NewParams()}
	from.Params.Add("tag", sip.GenerateTagN(16))
	req.AppendHeader(from)
	req.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	req.AppendHeader(sip.NewHeader("User-Agent", DefaultUserAgent))
	req.AppendHeader(sip.NewHeader("Allow", allowMethods))
	for _, k := range slices.Sorted(maps.Keys(cfg.Headers)) {
		req.AppendHeader(sip.NewHeader(k, cfg.Headers[k]))
	}
	req.SetBody(offer)

	sent := time.Now()
	c.dlg, err = dua.WriteInvite(ctx, req)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("sip: INVITE: %w", err), c.Close())
	}
	if err := c.dlg.WaitAnswer(ctx, sipgo.AnswerOptions{}); err != nil {
		return nil, errors.Join(inviteError(err), c.Close())
	}
	c.setup = time.Since(sent)
	c.dialogMu.Lock()
	c.dialogID = c.dlg.ID
	c.dialogMu.Unlock()
	if err := c.dlg.Ack(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("sip: ACK: %w", err), c.Close())
	}

	if err := c.startMedia(c.dlg.InviteResponse.Body(), cfg); err != nil {
		byeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), DefaultByeTimeout)
		defer cancel()
		_, byeErr := c.Hangup(byeCtx)
		return nil, errors.Join(fmt.Errorf("sip: SDP answer: %w", err), byeErr, c.Close())
	}
	return c, nil
}

// defaultRTCPInterval is RFC 3550's minimum interval between reports
// (section 6.2), which a two-party call uses.
const defaultRTCPInterval = 5 * time.Second

// startMedia reads the answer and sets up sending: SRTP contexts, the
// impaired path, the RTCP state and goroutines.
func (c *ClientCall) startMedia(answer []byte, cfg ClientConfig) error {
	srtpPolicy := SRTPOff
	if c.local != nil {
		srtpPolicy = SRTPRequired
	}
	var err error
	c.choice, err = negotiate(answer, negotiation{codecs: cfg.Codecs, srtp: srtpPolicy})
	if err != nil {
		return err
	}
	if c.local != nil {
		if c.choice.Crypto.Tag != 1 || c.choice.Crypto.Suite != suite80 {
			return fmt.Errorf("%w: answer does not accept our crypto attribute", ErrNoCryptoSuite)
		}
		if c.srtp, err = newSRTPContexts(c.choice.Crypto, c.local); err != nil {
			return err
		}
	}
	c.remoteRTP = net.UDPAddrFromAddrPort(c.choice.Remote)
	c.out = c.conn
	if cfg.Impair != nil {
		c.impaired, err = impair.NewConn(c.conn, *cfg.Impair, impair.ConnOptions{Observe: cfg.ImpairObserve})
		if err != nil {
			return err
		}
		c.out = c.impaired
	}
	c.leg = quality.NewLeg(c.ssrc, c.choice.ClockRate)
	c.rtcpWG.Add(2)
	go c.rtcpReader()
	go c.rtcpSender(cfg.RTCPInterval)
	return nil
}

// listenAnyPair binds an RTP socket on an even port and an RTCP socket on
// the port after it.
func listenAnyPair(ip netip.Addr) (*net.UDPConn, *net.UDPConn, error) {
	var lastErr error
	for range 100 {
		probe, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, 0)))
		if err != nil {
			return nil, nil, err
		}
		port := probe.LocalAddr().(*net.UDPAddr).Port &^ 1
		if err := probe.Close(); err != nil {
			return nil, nil, err
		}
		if port+1 > 65535 {
			continue
		}
		conn, rtcpConn, err := listenPair(ip, port)
		if err == nil {
			return conn, rtcpConn, nil
		}
		lastErr = err
	}
	return nil, nil, fmt.Errorf("no free even/odd port pair: %w", lastErr)
}

// rtcpReader takes the server's RTCP (receiver reports, XR) into our leg
// until the socket is closed.
func (c *ClientCall) rtcpReader() {
	defer c.rtcpWG.Done()
	buf := make([]byte, rtpBufferSize)
	for {
		n, err := c.rtcpConn.Read(buf)
		if err != nil {
			return
		}
		b := buf[:n]
		if c.srtp != nil {
			if b, err = c.srtp.rtcpIn.DecryptRTCP(nil, b, nil); err != nil {
				continue
			}
		}
		c.legMu.Lock()
		err = c.leg.HandleRTCP(b, time.Now())
		c.legMu.Unlock()
		if err != nil {
			c.log.Debug("RTCP from server not understood", errAttr(err))
		}
	}
}

// rtcpSender sends our compound report every interval until Close.
func (c *ClientCall) rtcpSender(interval time.Duration) {
	defer c.rtcpWG.Done()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	buf := make([]byte, rtpBufferSize)
	for {
		select {
		case <-c.rtcpQuit:
			return
		case <-tick.C:
		}
		c.legMu.Lock()
		pkts := c.leg.Compound(time.Now(), c.cname)
		c.legMu.Unlock()
		b, err := rtcp.Marshal(pkts)
		if err == nil && c.srtp != nil {
			b, err = c.srtp.rtcpOut.EncryptRTCP(buf[:0], b, nil)
		}
		if err != nil {
			c.log.Debug("build RTCP", errAttr(err))
			continue
		}
		dst := c.choice.RemoteRTCP
		if _, err := c.rtcpConn.WriteToUDPAddrPort(b, dst); err != nil {
			c.log.Debug("send RTCP", errAttr(err))
		}
	}
}

// RTT returns the round-trip time measured from the server's RTCP
// receiver reports answering our sender reports, once there is one.
func (c *ClientCall) RTT() (time.Duration, bool) {
	c.legMu.Lock()
	defer c.legMu.Unlock()
	return c.leg.RTT()
}

// ImpairReport returns what the impaired path did to our RTP, and false
// without ClientConfig.Impair.
func (c *ClientCall) ImpairReport() (impair.Report, bool) {
	if c.impaired == nil {
		return impair.Report{}, false
	}
	return c.impaired.Report(), true
}

// inviteError turns a failed INVITE into a *StatusError where a response
// said why.
func inviteError(err error) error {
	var pres *sipgo.ErrDialogResponse
	if errors.As(err, &pres) && pres.Res != nil {
		return &StatusError{Code: pres.Res.StatusCode, Reason: pres.Res.Reason}
	}
	var res sipgo.ErrDialogResponse
	if errors.As(err, &res) && res.Res != nil {
		return &StatusError{Code: res.Res.StatusCode, Reason: res.Res.Reason}
	}
	return fmt.Errorf("sip: INVITE: %w", err)
}

func (c *ClientCall) respond(tx sip.ServerTransaction, res *sip.Response) {
	if err := tx.Respond(res); err != nil {
		c.log.Debug("SIP respond failed", errAttr(err))
	}
}

func (c *ClientCall) onBye(req *sip.Request, tx sip.ServerTransaction) {
	id, err := sip.DialogIDFromRequestUAC(req)
	c.dialogMu.Lock()
	ours := err == nil && c.dialogID != "" && id == c.dialogID
	c.dialogMu.Unlock()
	if !ours {
		c.respond(tx, sip.NewResponseFromRequest(req, 481, "Call/Transaction Does Not Exist", nil))
		return
	}
	if err := c.dlg.ReadBye(req, tx); err != nil {
		c.log.Debug("BYE handling failed", errAttr(err))
	}
	c.doneOnce.Do(func() { close(c.done) })
}

// Codec is the negotiated codec name (one of the Codec constants).
func (c *ClientCall) Codec() string { return c.choice.Codec }

// ClockRate is the negotiated codec's RTP clock rate.
func (c *ClientCall) ClockRate() int { return c.choice.ClockRate }

// PTime is the packet duration the answer asked for.
func (c *ClientCall) PTime() time.Duration {
	return time.Duration(c.choice.PTime) * time.Millisecond
}

// SRTP reports whether the call's media is SRTP.
func (c *ClientCall) SRTP() bool { return c.srtp != nil }

// SetupTime is the time from sending the INVITE to receiving its 2xx.
func (c *ClientCall) SetupTime() time.Duration { return c.setup }

// ServerCallID returns the callee's X-Earshot-Call-ID from the 200 OK,
// or "" when it sent none.
func (c *ClientCall) ServerCallID() string {
	if h := c.dlg.InviteResponse.GetHeader(CallIDHeader); h != nil {
		return h.Value()
	}
	return ""
}

// PayloadType is the negotiated RTP payload type of the codec.
func (c *ClientCall) PayloadType() uint8 { return c.choice.PayloadType }

// DTMFPayloadType is the telephone-event payload type, 0 if the answer
// did not accept it.
func (c *ClientCall) DTMFPayloadType() uint8 { return c.choice.DTMFPayloadType }

// RemoteRTPAddr is where SendRTP sends: the media address of the answer.
func (c *ClientCall) RemoteRTPAddr() netip.AddrPort { return c.choice.Remote }

// Done is closed when the call has ended: the remote party sent BYE, or
// Hangup ran.
func (c *ClientCall) Done() <-chan struct{} { return c.done }

// SendRTP sends one packet of the negotiated codec to the answer's media
// address and advances the timestamp by samples (RTP clock ticks: for
// G.722 one per octet, for Opus 48 per millisecond).
func (c *ClientCall) SendRTP(payload []byte, samples uint32, marker bool) error {
	c.rtpMu.Lock()
	defer c.rtpMu.Unlock()
	err := c.writeLocked(c.choice.PayloadType, marker, c.ts, payload)
	c.ts += samples
	return err
}

// writeLocked sends one packet; rtpMu must be held.
func (c *ClientCall) writeLocked(pt uint8, marker bool, ts uint32, payload []byte) error {
	pkt := rtp.Packet{
		Header: rtp.Header{
			Version:        2,
			Marker:         marker,
			PayloadType:    pt,
			SequenceNumber: c.seq,
			Timestamp:      ts,
			SSRC:           c.ssrc,
		},
		Payload: payload,
	}
	c.seq++
	n, err := pkt.MarshalTo(c.buf)
	if err != nil {
		return fmt.Errorf("sip: marshal RTP: %w", err)
	}
	b := c.buf[:n]
	if c.srtp != nil {
		if b, err = c.srtp.rtpOut.EncryptRTP(c.encBuf[:0], b, nil); err != nil {
			return fmt.Errorf("sip: SRTP: %w", err)
		}
	}
	if _, err := c.out.WriteTo(b, c.remoteRTP); err != nil {
		return fmt.Errorf("sip: send RTP: %w", err)
	}
	c.legMu.Lock()
	c.leg.Sent(&pkt.Header, len(payload), time.Now())
	c.legMu.Unlock()
	return nil
}

// dtmfEvent maps a DTMF digit to its RFC 4733 event code (section 3.2).
func dtmfEvent(d rune) (uint8, bool) {
	switch {
	case d >= '0' && d <= '9':
		return uint8(d - '0'), true
	case d == '*':
		return 10, true
	case d == '#':
		return 11, true
	case d >= 'A' && d <= 'D':
		return uint8(12 + d - 'A'), true
	case d >= 'a' && d <= 'd':
		return uint8(12 + d - 'a'), true
	}
	return 0, false
}

// SendDTMF sends one digit as RFC 4733 telephone events
// (https://www.rfc-editor.org/rfc/rfc4733#section-2.5): a packet every
// 20 ms for duration (at least 40 ms), all with the event's start
// timestamp, the first with the marker bit, the end packet sent three
// times. It blocks for the duration.
func (c *ClientCall) SendDTMF(digit rune, duration time.Duration) error {
	event, ok := dtmfEvent(digit)
	if !ok {
		return fmt.Errorf("sip: %q is not a DTMF digit", digit)
	}
	pt := c.choice.DTMFPayloadType
	if pt == 0 {
		return errors.New("sip: telephone-event not negotiated")
	}
	const step = defaultPTime * time.Millisecond
	stepSamples := c.choice.DTMFClockRate * defaultPTime / 1000
	packets := max(int(duration/step), 2)

	c.rtpMu.Lock()
	start := c.ts
	c.rtpMu.Unlock()

	payload := make([]byte, 4)
	send := func(i int, end bool) error {
		dur := uint16(min((i+1)*stepSamples, 0xffff))
		payload[0] = event
		payload[1] = 10 // volume: -10 dBm0
		if end {
			payload[1] |= 0x80
		}
		binary.BigEndian.PutUint16(payload[2:], dur)
		c.rtpMu.Lock()
		defer c.rtpMu.Unlock()
		return c.writeLocked(pt, i == 0 && !end, start, payload)
	}
	tick := time.NewTicker(step)
	defer tick.Stop()
	for i := range packets - 1 {
		if err := send(i, false); err != nil {
			return err
		}
		<-tick.C
	}
	for range 3 {
		if err := send(packets-1, true); err != nil {
			return err
		}
	}
	c.rtpMu.Lock()
	c.ts = start + uint32(packets*stepSamples)
	c.rtpMu.Unlock()
	return nil
}

// Hangup sends BYE and returns the final status code of its response. It
// returns ErrCallEnded if the call has ended already (remote BYE or an
// earlier Hangup).
func (c *ClientCall) Hangup(ctx context.Context) (int, error) {
	select {
	case <-c.done:
		return 0, ErrCallEnded
	default:
	}
	err := c.dlg.Bye(ctx)
	c.doneOnce.Do(func() { close(c.done) })
	if err == nil {
		return 200, nil
	}
	var res sipgo.ErrDialogResponse
	if errors.As(err, &res) && res.Res != nil {
		return res.Res.StatusCode, &StatusError{Code: res.Res.StatusCode, Reason: res.Res.Reason}
	}
	return 0, fmt.Errorf("sip: BYE: %w", err)
}

// Close releases the RTP socket and the SIP transport. It is idempotent and
// does not send BYE.
func (c *ClientCall) Close() error {
	c.closeOnce.Do(func() {
		close(c.rtcpQuit)
		if c.impaired != nil {
			if err := c.impaired.Close(); err != nil {
				c.closeErr = err
			}
		}
		for _, conn := range []*net.UDPConn{c.conn, c.rtcpConn} {
			if conn != nil {
				if err := conn.Close(); err != nil {
					c.closeErr = errors.Join(c.closeErr, err)
				}
			}
		}
		c.rtcpWG.Wait()
		if c.ua != nil {
			if err := c.ua.Close(); err != nil {
				c.closeErr = errors.Join(c.closeErr, err)
			}
		}
	})
	return c.closeErr
}
