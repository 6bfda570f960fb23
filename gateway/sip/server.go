package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"
)

// Reasons passed to Sink.End.
const (
	ReasonBye        = "bye"         // the caller sent BYE
	ReasonCancel     = "cancel"      // the caller cancelled the INVITE
	ReasonRTPTimeout = "rtp-timeout" // no RTP for Config.RTPTimeout; we sent BYE
	ReasonShutdown   = "shutdown"    // the server stopped; we sent BYE
	ReasonHangup     = "hangup"      // Server.Hangup; we sent BYE
	ReasonError      = "error"       // the sink failed, media broke or the ACK never came; we sent BYE
)

// Defaults for Config fields left zero.
const (
	DefaultAddr       = "127.0.0.1:5060"
	DefaultRTPPortMin = 20000
	DefaultRTPPortMax = 20999
	DefaultRoute      = "bot"
	DefaultUserAgent  = "Earshot"
	DefaultRTPTimeout = 30 * time.Second
	DefaultByeTimeout = 5 * time.Second
)

// allowMethods is our Allow header (RFC 3261 section 20.5).
const allowMethods = "INVITE, ACK, BYE, CANCEL, OPTIONS"

// acceptedCodecs are the codecs a Server answers with unless
// Config.Codecs says otherwise.
var acceptedCodecs = AllCodecs

// Config configures a Server. Zero fields take the defaults above.
type Config struct {
	// Addr is host:port to listen on, UDP and TCP on the same port. Port 0
	// picks a free port (see Server.Addr).
	Addr string
	// RTPPortMin and RTPPortMax bound the media ports: one even RTP port
	// and the odd RTCP port after it per call.
	RTPPortMin, RTPPortMax int
	// Codecs are the codecs we accept (default AllCodecs). Of those the
	// offer carries, the answer picks the best for speech recognition:
	// Opus, then G.722, then L16 (16 kHz before 8 kHz), then PCMU and
	// PCMA in the offerer's order.
	Codecs []string
	// SRTP says whether calls use plain RTP, SRTP with SDES keys, or
	// either (the zero value is SRTPOff).
	SRTP SRTPPolicy
	// MediaIP is the address put in SDP c= lines and in our Contact.
	// Default: the host of Addr, or 127.0.0.1 when Addr listens on all
	// interfaces. RTP sockets bind MediaIP, or the unspecified address
	// when Addr does.
	MediaIP string
	// DefaultRoute names the route every request-URI reaches until routing
	// rules exist.
	DefaultRoute string
	// UserAgent goes into Server headers.
	UserAgent string
	// RTPTimeout ends a call (BYE) when no RTP arrived for this long after
	// the first packet. 0 takes the default; negative disables it.
	RTPTimeout time.Duration
	// ByeTimeout bounds how long we wait for the answer to a BYE we send.
	ByeTimeout time.Duration
	Log        *slog.Logger
}

// CallInfo describes an accepted call to the Handler.
type CallInfo struct {
	ID    string // our call ID (16 hex chars), not the SIP Call-ID
	Route string
	// Codec is one of the Codec constants; PayloadType and ClockRate its
	// RTP payload type and clock rate (8000 for G.711 and G.722, 48000
	// for Opus, the sampling rate for L16).
	Codec       string
	PayloadType uint8
	ClockRate   int
	// PTime is the packet duration our answer asked for.
	PTime time.Duration
	// DTMFPayloadType is 0 if telephone-event was not negotiated;
	// DTMFClockRate is the events' RTP clock rate.
	DTMFPayloadType uint8
	DTMFClockRate   int
	// SRTP is set when the media is SRTP; the sink sees decrypted
	// packets either way.
	SRTP bool
	// From is the user part of the From URI, e.g. "+4512345678". It is
	// personal data: never log it.
	From string
	// Header returns the value of one of the INVITE's headers, "" if it
	// has none: how an upstream system (a trunk, an SBC) passes the
	// caller's recording consent. Values may be personal data: never log
	// them.
	Header func(name string) string
	// RTCP sends RTCP to the caller for as long as the call lasts.
	RTCP RTCPWriter
}

// RTCPWriter sends compound RTCP packets (SRTCP on an SRTP call) to a
// call's peer. It is safe for concurrent use; after the call ended it
// returns an error wrapping net.ErrClosed.
type RTCPWriter interface {
	WriteRTCP(pkts []rtcp.Packet) error
}

// ArrivalSink is implemented by a Sink that wants each RTP packet's
// arrival time: the kernel's receive timestamp where the platform has one
// (Linux SO_TIMESTAMPNS), else the time it was read. The server then calls
// HandleRTPAt instead of HandleRTP, with the same contract. Jitter buffers
// and RFC 3550 statistics want it: a packet that waited in the socket
// while the process was busy did not arrive late.
type ArrivalSink interface {
	HandleRTPAt(pkt *rtp.Packet, arrival time.Time) error
}

// RTCPSink is implemented by a Sink that takes the caller's RTCP (sender
// and receiver reports, XR). HandleRTCP receives each compound packet,
// decrypted and parsed (the packets own their memory), from the call's
// RTCP goroutine: concurrently with HandleRTP, never concurrently with
// itself, and never after End. Its error is only logged.
type RTCPSink interface {
	HandleRTCP(pkts []rtcp.Packet) error
}

// Handler decides what happens to a call.
type Handler interface {
	// StartCall is called once the INVITE is valid and media is allocated,
	// before the 200 OK. ctx is cancelled when the call ends (including a
	// CANCEL that arrives while StartCall runs) and when the server stops;
	// StartCall must return promptly then. An error rejects the call with
	// 503, or with the code of a *StatusError.
	StartCall(ctx context.Context, info CallInfo) (Sink, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, info CallInfo) (Sink, error)

// StartCall calls f.
func (f HandlerFunc) StartCall(ctx context.Context, info CallInfo) (Sink, error) {
	return f(ctx, info)
}

// Sink receives one call's media.
type Sink interface {
	// HandleRTP receives every RTP packet from the caller's media address
	// for the negotiated payload types (codec and telephone-event), in
	// arrival order, from one goroutine. The packet and its payload are
	// only valid during the call: copy what you keep. A slow sink delays
	// reading (kernel buffers absorb a little, then packets drop). An error
	// ends the call with BYE and End("error").
	HandleRTP(pkt *rtp.Packet) error
	// End is called exactly once when the call ends, after the last
	// HandleRTP, with one of the Reason constants.
	End(reason string)
}

// Server is a SIP user agent server that answers calls and hands their RTP
// to a Handler's sinks. Create it with NewServer and run ListenAndServe once.
type Server struct {
	cfg   Config
	h     Handler
	log   *slog.Logger
	ports *portAllocator

	mediaIP netip.Addr // advertised in SDP and Contact
	bindIP  netip.Addr // RTP sockets bind here

	started   atomic.Bool
	ready     chan struct{}
	readyOnce sync.Once
	addr      string // bound address, set before ready closes

	// set by ListenAndServe before ready closes
	baseCtx    context.Context
	client     *sipgo.Client
	contactUDP sip.ContactHeader
	contactTCP sip.ContactHeader

	mu       sync.Mutex
	calls    map[string]*call // by SIP dialog ID
	closing  bool             // no new calls
	stopped  bool             // no new request handlers
	inflight sync.WaitGroup   // request handlers and background hangups
}

// NewServer validates cfg and returns a Server that is not yet listening.
func NewServer(cfg Config, h Handler) (*Server, error) {
	if h == nil {
		return nil, errors.New("sip: nil Handler")
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.RTPPortMin == 0 && cfg.RTPPortMax == 0 {
		cfg.RTPPortMin, cfg.RTPPortMax = DefaultRTPPortMin, DefaultRTPPortMax
	}
	if cfg.DefaultRoute == "" {
		cfg.DefaultRoute = DefaultRoute
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	switch {
	case cfg.RTPTimeout == 0:
		cfg.RTPTimeout = DefaultRTPTimeout
	case cfg.RTPTimeout < 0:
		cfg.RTPTimeout = 0
	}
	if cfg.ByeTimeout <= 0 {
		cfg.ByeTimeout = DefaultByeTimeout
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if len(cfg.Codecs) == 0 {
		cfg.Codecs = acceptedCodecs
	}
	codecs := make([]string, 0, len(cfg.Codecs))
	for _, name := range cfg.Codecs {
		i := slices.IndexFunc(AllCodecs, func(c string) bool { return strings.EqualFold(c, name) })
		if i < 0 {
			return nil, fmt.Errorf("sip: codec %q not supported (have %s)", name, strings.Join(AllCodecs, ", "))
		}
		codecs = append(codecs, AllCodecs[i])
	}
	cfg.Codecs = codecs
	if cfg.SRTP < SRTPOff || cfg.SRTP > SRTPRequired {
		return nil, fmt.Errorf("sip: invalid SRTP policy %d", cfg.SRTP)
	}
	ports, err := newPortAllocator(cfg.RTPPortMin, cfg.RTPPortMax)
	if err != nil {
		return nil, err
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("sip: listen address: %w", err)
	}
	listenIP := netip.IPv4Unspecified()
	if host != "" {
		if listenIP, err = netip.ParseAddr(host); err != nil {
			return nil, fmt.Errorf("sip: listen address must be an IP: %w", err)
		}
	}
	s := &Server{
		cfg:    cfg,
		h:      h,
		log:    cfg.Log,
		ports:  ports,
		bindIP: listenIP,
		ready:  make(chan struct{}),
		calls:  make(map[string]*call),
	}
	switch {
	case cfg.MediaIP != "":
		if s.mediaIP, err = netip.ParseAddr(cfg.MediaIP); err != nil {
			return nil, fmt.Errorf("sip: MediaIP: %w", err)
		}
		if !listenIP.IsUnspecified() {
			s.bindIP = s.mediaIP
		}
	case listenIP.IsUnspecified():
		s.mediaIP = netip.MustParseAddr("127.0.0.1")
	default:
		s.mediaIP = listenIP
	}
	return s, nil
}

// markReady publishes addr and closes ready, once.
func (s *Server) markReady(addr string) {
	s.readyOnce.Do(func() {
		s.addr = addr
		close(s.ready)
	})
}

// Ready is closed once ListenAndServe has bound its listeners, or failed
// to.
func (s *Server) Ready() <-chan struct{} { return s.ready }

// Addr waits for Ready and returns the bound host:port (UDP and TCP), or
// "" if listening failed.
func (s *Server) Addr() string {
	<-s.ready
	return s.addr
}

// ActiveCalls is the number of established or answering calls.
func (s *Server) ActiveCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

// ListenAndServe listens on UDP and TCP and serves until ctx is done; then
// it refuses new calls, sends BYE to every call, ends them (Sink.End
// "shutdown"), waits for its goroutines and returns. It returns an error
// if it cannot listen or a listener fails. It may be called only once.
func (s *Server) ListenAndServe(ctx context.Context) error {
	if !s.started.CompareAndSwap(false, true) {
		return errors.New("sip: ListenAndServe called twice")
	}
	// Every return closes ready; on failure Addr stays "".
	defer s.markReady("")
	udpConn, tcpLn, err := listenBoth(s.cfg.Addr)
	if err != nil {
		return err
	}
	bound := udpConn.LocalAddr().String()
	_, portStr, _ := net.SplitHostPort(bound)
	sipPort, _ := strconv.Atoi(portStr)

	scrubbed := newScrubbedLogger(s.log)
	ua, err := sipgo.NewUA(
		sipgo.WithUserAgent(s.cfg.UserAgent),
		sipgo.WithUserAgentHostname(s.mediaIP.String()),
		sipgo.WithUserAgentTransactionLayerOptions(
			sip.WithTransactionLayerLogger(scrubbed),
			sip.WithTransactionLayerUnhandledResponseHandler(func(*sip.Response) {}),
		),
		sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerLogger(scrubbed)),
	)
	if err != nil {
		closeListeners(udpConn, tcpLn)
		return fmt.Errorf("sip: user agent: %w", err)
	}
	srv, err := sipgo.NewServer(ua, sipgo.WithServerLogger(scrubbed))
	if err != nil {
		closeListeners(udpConn, tcpLn)
		return errors.Join(fmt.Errorf("sip: server: %w", err), ua.Close())
	}
	cli, err := sipgo.NewClient(ua, sipgo.WithClientLogger(scrubbed), sipgo.WithClientHostname(s.mediaIP.String()))
	if err != nil {
		closeListeners(udpConn, tcpLn)
		return errors.Join(fmt.Errorf("sip: client: %w", err), ua.Close())
	}
	contact := func(transport string) sip.ContactHeader {
		u := sip.Uri{Scheme: "sip", User: s.cfg.DefaultRoute, Host: s.mediaIP.String(), Port: sipPort}
		if transport != "" {
			u.UriParams = sip.NewParams()
			u.UriParams.Add("transport", transport)
		}
		return sip.ContactHeader{Address: u}
	}
	s.client = cli
	s.contactUDP = contact("")
	s.contactTCP = contact("tcp")

	baseCtx, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	s.baseCtx = baseCtx

	srv.OnInvite(s.guard(s.onInvite))
	srv.OnAck(s.guard(s.onAck))
	srv.OnBye(s.guard(s.onBye))
	srv.OnCancel(s.guard(s.onCancel))
	srv.OnOptions(s.guard(s.onOptions))
	srv.OnNoRoute(s.guard(s.onOther))

	serveErr := make(chan error, 2)
	var serving sync.WaitGroup
	serving.Go(func() { serveErr <- srv.ServeUDP(udpConn) })
	serving.Go(func() { serveErr <- srv.ServeTCP(tcpLn) })
	s.markReady(bound)
	s.log.Info("SIP listening", "transports", "udp,tcp")

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		if err != nil && !errors.Is(err, net.ErrClosed) {
			runErr = fmt.Errorf("sip: listener failed: %w", err)
		}
	}

	s.shutdown(cancelBase)
	closeListeners(udpConn, tcpLn)
	serving.Wait()
	if err := ua.Close(); err != nil {
		s.log.Debug("close user agent", errAttr(err))
	}
	s.log.Info("SIP stopped")
	return runErr
}

// shutdown refuses new calls, ends the active ones with BYE and waits for
// every request handler.
func (s *Server) shutdown(cancelBase context.CancelFunc) {
	s.mu.Lock()
	s.closing = true
	calls := make([]*call, 0, len(s.calls))
	for _, c := range s.calls {
		calls = append(calls, c)
	}
	s.mu.Unlock()
	cancelBase()

	var wg sync.WaitGroup
	for _, c := range calls {
		wg.Go(func() { s.hangup(c, ReasonShutdown) })
	}
	wg.Wait()

	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.inflight.Wait()
}

// listenBoth binds UDP and TCP on the same port. Port 0 picks a port free
// for both.
func listenBoth(addr string) (*net.UDPConn, *net.TCPListener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, nil, fmt.Errorf("sip: listen address: %w", err)
	}
	var lastErr error
	for range 20 {
		udpAddr, err := net.ResolveUDPAddr("udp", net.JoinHostPort(host, port))
		if err != nil {
			return nil, nil, fmt.Errorf("sip: listen address: %w", err)
		}
		udpConn, err := net.ListenUDP("udp", udpAddr)
		if err != nil {
			return nil, nil, fmt.Errorf("sip: listen udp: %w", err)
		}
		bound := udpConn.LocalAddr().(*net.UDPAddr)
		tcpLn, err := net.ListenTCP("tcp", &net.TCPAddr{IP: bound.IP, Port: bound.Port, Zone: bound.Zone})
		if err == nil {
			return udpConn, tcpLn, nil
		}
		lastErr = err
		if cerr := udpConn.Close(); cerr != nil {
			lastErr = errors.Join(lastErr, cerr)
		}
		if port != "0" {
			break
		}
	}
	return nil, nil, fmt.Errorf("sip: listen tcp: %w", lastErr)
}

func closeListeners(udpConn *net.UDPConn, tcpLn *net.TCPListener) {
	// Errors here only say the listener was already closed.
	_ = udpConn.Close()
	_ = tcpLn.Close()
}

// guard wraps a request handler: it counts the handler as in flight (so
// shutdown waits for it), refuses work once the server has stopped, and
// turns a panic into a 500.
func (s *Server) guard(fn func(req *sip.Request, tx sip.ServerTransaction)) sipgo.RequestHandler {
	return func(req *sip.Request, tx sip.ServerTransaction) {
		s.mu.Lock()
		if s.stopped {
			s.mu.Unlock()
			if !req.IsAck() {
				s.reply(tx, req, 503, "Shutting Down", nil)
			}
			closeLateConnection(tx)
			return
		}
		s.inflight.Add(1)
		s.mu.Unlock()
		defer s.inflight.Done()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("SIP handler panic", "method", string(req.Method), "panic", redact(fmt.Sprint(r)))
				if !req.IsAck() {
					s.reply(tx, req, 500, "Server Internal Error", nil)
				}
			}
		}()
		if code, reason := validateRequest(req); code != 0 {
			if !req.IsAck() {
				s.reply(tx, req, code, reason, nil)
			}
			return
		}
		fn(req, tx)
	}
}

// closeLateConnection closes the connection of a request that reached us
// while we stop. sipgo handles each message on its own goroutine; one read
// just before the listeners closed may look up its connection after the
// user agent cleared its pool, and sipgo then opens a fresh socket (with a
// reader goroutine) that nothing would ever close. UDP listener
// connections ignore Close.
func closeLateConnection(tx sip.ServerTransaction) {
	if stx, ok := tx.(*sip.ServerTx); ok && stx.Connection() != nil {
		// The error only says it was closed already.
		_ = stx.Connection().Close()
	}
}

// validateRequest applies the checks of RFC 3261 section 8.2 that sipgo
// leaves to us. It returns 0 when the request may be processed.
func validateRequest(req *sip.Request) (int, string) {
	switch {
	case req.SipVersion != "SIP/2.0":
		return 505, "Version Not Supported"
	case req.Recipient.Scheme != "sip" && req.Recipient.Scheme != "sips":
		// Section 8.2.2.1.
		return 416, "Unsupported URI Scheme"
	case req.CSeq() == nil:
		return 400, "Missing CSeq"
	case req.CSeq().MethodName != req.Method:
		return 400, "CSeq Method Mismatch"
	}
	return 0, ""
}

// reply sends a response built from req. Failures (transaction gone,
// transport closed) are logged at debug: the peer retransmits or gives up.
func (s *Server) reply(tx sip.ServerTransaction, req *sip.Request, code int, reason string, body []byte, hdrs ...sip.Header) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("SIP reply panic", "panic", redact(fmt.Sprint(r)))
		}
	}()
	res := sip.NewResponseFromRequest(req, code, reason, body)
	res.SipVersion = "SIP/2.0" // also when answering 505 to another version
	res.AppendHeader(sip.NewHeader("Server", s.cfg.UserAgent))
	for _, h := range hdrs {
		res.AppendHeader(h)
	}
	if err := tx.Respond(res); err != nil {
		s.log.Debug("SIP respond failed", "code", code, errAttr(err))
	}
}

// reject answers req with the response statusFor picks for err.
func (s *Server) reject(tx sip.ServerTransaction, req *sip.Request, err error) {
	st := statusFor(err)
	var hdrs []sip.Header
	if st.Warning != "" {
		hdrs = append(hdrs, sip.NewHeader("Warning", st.Warning))
	}
	if st.Code == 415 {
		hdrs = append(hdrs, sip.NewHeader("Accept", "application/sdp"))
	}
	if st.Code == 503 {
		// A short Retry-After keeps a trunk from marking us dead (RFC 3261
		// section 21.5.4).
		hdrs = append(hdrs, sip.NewHeader("Retry-After", "5"))
	}
	s.log.Info("INVITE rejected", "code", st.Code, errAttr(err))
	s.reply(tx, req, st.Code, st.Reason, nil, hdrs...)
}
