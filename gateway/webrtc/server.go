package webrtc

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/logging"
	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
)

// DefaultRoute is the route that exists without configuration.
const DefaultRoute = "bot"

// DefaultQualityInterval is how often a call publishes a quality event.
const DefaultQualityInterval = 5 * time.Second

// MaxOfferBytes bounds the SDP offer of a WHIP request.
const MaxOfferBytes = 64 << 10

// maxStatsBytes bounds a client stats upload.
const maxStatsBytes = 16 << 10

// connectTimeout is how long a call may take to connect (ICE and DTLS)
// before it is ended.
const connectTimeout = 30 * time.Second

// HeaderCallID names the call in the WHIP answer.
const HeaderCallID = "Earshot-Call-Id"

// ErrClosed is returned for calls offered after Close.
var ErrClosed = errors.New("webrtc: server closed")

// Config wires a Server.
type Config struct {
	// Narrowband recognises G.711 calls, Wideband Opus calls (nil: use
	// Narrowband for both).
	Narrowband stt.Engine
	Wideband   stt.Engine
	Bus        *events.Bus
	// Store records calls and segments; nil keeps nothing.
	Store store.Store
	Log   *slog.Logger
	Now   func() time.Time
	// Routes are the route names callers may dial; DefaultRoute is
	// always one.
	Routes []string
	// ICEAddrs are the local addresses ICE gathers candidates on (all
	// non-loopback ones if empty). A loopback address here enables
	// loopback candidates.
	ICEAddrs []net.IP
	// PortMin and PortMax bound the UDP ports ICE uses (0: any).
	PortMin, PortMax uint16
	// QualityInterval is how often quality events go out
	// (DefaultQualityInterval if zero).
	QualityInterval time.Duration
	// Privacy, if set, gives calls their consent-gated recording and
	// sealed raw transcript (gateway/pipeline); it needs Store. The
	// caller's consent from the WHIP request is passed to it.
	Privacy *privacy.Service
	// AddrKey keys the address hashes; nil draws a random key, so hashes
	// are comparable only within one process lifetime.
	AddrKey []byte
}

// Server answers WHIP offers and owns the calls they start.
type Server struct {
	cfg    Config
	api    *webrtc.API
	routes map[string]bool
	log    *slog.Logger

	mu       sync.Mutex
	closed   bool
	byToken  map[string]*session
	byCallID map[string]*session
	wg       sync.WaitGroup // session closes started by pion callbacks
}

// New returns a Server. It starts no goroutine; calls do, and Close
// ends them.
func New(cfg Config) (*Server, error) {
	if cfg.Narrowband == nil {
		return nil, errors.New("webrtc: no STT engine")
	}
	if cfg.Bus == nil {
		return nil, errors.New("webrtc: no event bus")
	}
	if cfg.Wideband == nil {
		cfg.Wideband = cfg.Narrowband
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.QualityInterval <= 0 {
		cfg.QualityInterval = DefaultQualityInterval
	}
	if cfg.AddrKey == nil {
		cfg.AddrKey = make([]byte, 32)
		if _, err := rand.Read(cfg.AddrKey); err != nil {
			return nil, err
		}
	}
	routes := map[string]bool{DefaultRoute: true}
	for _, r := range cfg.Routes {
		if r = strings.TrimSpace(r); r != "" {
			routes[r] = true
		}
	}
	api, err := newAPI(cfg)
	if err != nil {
		return nil, err
	}
	return &Server{
		cfg: cfg, api: api, routes: routes, log: cfg.Log,
		byToken: make(map[string]*session), byCallID: make(map[string]*session),
	}, nil
}

// Codecs in order of preference: Opus for the wideband recogniser, then
// G.711.
var codecs = []webrtc.RTPCodecParameters{
	{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2,
		SDPFmtpLine: "minptime=10;useinbandfec=1"}, PayloadType: 111},
	{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypePCMU, ClockRate: 8000}, PayloadType: 0},
	{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypePCMA, ClockRate: 8000}, PayloadType: 8},
}

// newAPI builds the pion API: the codecs, the default interceptors
// (receiver reports, NACK, stats), and ICE limited to cfg.ICEAddrs.
func newAPI(cfg Config) (*webrtc.API, error) {
	m := &webrtc.MediaEngine{}
	for _, c := range codecs {
		if err := m.RegisterCodec(c, webrtc.RTPCodecTypeAudio); err != nil {
			return nil, fmt.Errorf("webrtc: register %s: %w", c.MimeType, err)
		}
	}
	// pion's messages may name addresses: keep them out of the process's
	// output, the interceptors' included.
	lf := logging.NewDefaultLoggerFactory()
	lf.DefaultLogLevel = logging.LogLevelDisabled
	lf.Writer = io.Discard
	ir := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptorsWithOptions(m, ir, webrtc.WithInterceptorLoggerFactory(lf)); err != nil {
		return nil, fmt.Errorf("webrtc: interceptors: %w", err)
	}
	var se webrtc.SettingEngine
	se.LoggerFactory = lf
	se.SetICEMulticastDNSMode(0) // ice.MulticastDNSModeDisabled
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4, webrtc.NetworkTypeUDP6})
	se.SetICETimeouts(5*time.Second, 10*time.Second, 2*time.Second)
	if len(cfg.ICEAddrs) > 0 {
		addrs := slices.Clone(cfg.ICEAddrs)
		se.SetIPFilter(func(ip net.IP) bool {
			return slices.ContainsFunc(addrs, ip.Equal)
		})
		if slices.ContainsFunc(addrs, net.IP.IsLoopback) {
			se.SetIncludeLoopbackCandidate(true)
		}
	}
	if cfg.PortMin != 0 && cfg.PortMax != 0 {
		if err := se.SetEphemeralUDPPortRange(cfg.PortMin, cfg.PortMax); err != nil {
			return nil, fmt.Errorf("webrtc: port range: %w", err)
		}
	}
	return webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(se)), nil
}

// Handler returns the WHIP, stats, captions and widget endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /whip/{route}", s.handleOffer)
	mux.HandleFunc("DELETE /whip/sessions/{token}", s.handleDelete)
	mux.HandleFunc("POST /api/v1/calls/{id}/stats", s.handleStats)
	mux.HandleFunc("GET /api/v1/calls/{id}/captions", s.handleCaptions)
	mux.HandleFunc("GET /call/{route}", s.handleWidget)
	mux.Handle("GET /call/static/", widgetStatic())
	return mux
}

// Patterns lists the request patterns to route to Handler when it is
// mounted beside another handler on one mux. The WHIP and widget trees
// go to Handler whatever the method, so that it answers 405 for the
// methods it does not take (PATCH: this server does no trickle ICE).
var Patterns = []string{
	"/whip/",
	"/call/",
	"POST /api/v1/calls/{id}/stats",
	"GET /api/v1/calls/{id}/captions",
}

// ActiveCalls reports the calls in progress.
func (s *Server) ActiveCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byToken)
}

// Close ends every call (reason "shutdown") and refuses new ones. It is
// idempotent.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	all := make([]*session, 0, len(s.byToken))
	for _, c := range s.byToken {
		all = append(all, c)
	}
	s.mu.Unlock()
	for _, c := range all {
		c.close("shutdown")
	}
	s.wg.Wait()
	return nil
}

// offerError is a WHIP request the server refuses, with its HTTP status.
type offerError struct {
	status int
	msg    string
}

func (e *offerError) Error() string { return e.msg }

// checkOffer parses an SDP offer and requires an audio section the
// answer can take: a malformed offer or one without audio is refused with
// the reason.
func checkOffer(body []byte) error {
	var d sdp.SessionDescription
	if err := d.UnmarshalString(string(body)); err != nil {
		return &offerError{http.StatusBadRequest, "malformed SDP offer: " + err.Error()}
	}
	audio := false
	for _, m := range d.MediaDescriptions {
		if m.MediaName.Media == "audio" && m.MediaName.Port.Value != 0 {
			audio = true
			break
		}
	}
	if !audio {
		return &offerError{http.StatusBadRequest, "SDP offer has no audio section"}
	}
	if _, ok := d.Attribute("fingerprint"); !ok && !slices.ContainsFunc(d.MediaDescriptions, func(m *sdp.MediaDescription) bool {
		_, ok := m.Attribute("fingerprint")
		return ok
	}) {
		return &offerError{http.StatusBadRequest, "SDP offer has no DTLS fingerprint (DTLS-SRTP is required)"}
	}
	return nil
}

func (s *Server) handleOffer(w http.ResponseWriter, r *http.Request) {
	route := r.PathValue("route")
	if !s.routes[route] {
		httpError(w, http.StatusNotFound, "no such route")
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/sdp" {
		httpError(w, http.StatusUnsupportedMediaType, "the offer must be sent as application/sdp")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxOfferBytes))
	if err != nil {
		httpError(w, http.StatusRequestEntityTooLarge, "offer too large")
		return
	}
	consent, err := parseConsent(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := checkOffer(body); err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	c, answer, err := s.start(r.Context(), callRequest{
		route: route, offer: string(body), consent: consent,
		addrHash: s.hashAddr(remoteIP(r.RemoteAddr)), userAgent: r.UserAgent(),
	})
	if err != nil {
		var oe *offerError
		switch {
		case errors.As(err, &oe):
			httpError(w, oe.status, oe.msg)
		case errors.Is(err, ErrClosed):
			httpError(w, http.StatusServiceUnavailable, "shutting down")
		default:
			s.log.Error("WHIP offer failed", "err", err)
			httpError(w, http.StatusInternalServerError, "could not start the call")
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/sdp")
	h.Set("Location", "/whip/sessions/"+c.token)
	h.Set(HeaderCallID, c.id)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	_, _ = io.WriteString(w, answer)
}

func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c := s.byToken[r.PathValue("token")]
	s.mu.Unlock()
	if c == nil {
		httpError(w, http.StatusNotFound, "no such session")
		return
	}
	c.close("hangup")
	w.WriteHeader(http.StatusOK)
}

// authorise returns the active call {id} if the request carries its
// token as a bearer token.
func (s *Server) authorise(w http.ResponseWriter, r *http.Request) *session {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	c := s.byCallID[r.PathValue("id")]
	s.mu.Unlock()
	if !ok || c == nil || subtle.ConstantTimeCompare([]byte(tok), []byte(c.token)) != 1 {
		// The same answer for an unknown call and a wrong token.
		httpError(w, http.StatusNotFound, "no such call")
		return nil
	}
	return c
}

// register adds a started call; it fails after Close.
func (s *Server) register(c *session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.byToken[c.token] = c
	s.byCallID[c.id] = c
	return nil
}

func (s *Server) unregister(c *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byToken, c.token)
	delete(s.byCallID, c.id)
}

// closeAsync ends a call from a pion callback, owned by the server.
func (s *Server) closeAsync(c *session, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return // Close ends every call itself
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		c.close(reason)
	}()
}

// hashAddr returns the keyed hash of an address: 16 hex digits of
// HMAC-SHA-256 under the server's key, "" for no address.
func (s *Server) hashAddr(ip net.IP) string {
	if ip == nil {
		return ""
	}
	m := hmac.New(sha256.New, s.cfg.AddrKey)
	m.Write(ip.To16())
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// remoteIP parses the host of an http.Request.RemoteAddr.
func remoteIP(addr string) net.IP {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return net.ParseIP(host)
}

// parseConsent reads the caller's recording consent: query parameter
// consent=1|0 or header Earshot-Consent: granted|denied. It returns
// "granted", "denied" (policy/consent states) or "" (not asked).
func parseConsent(r *http.Request) (string, error) {
	v := r.URL.Query().Get("consent")
	if v == "" {
		v = r.Header.Get("Earshot-Consent")
	}
	switch strings.ToLower(v) {
	case "":
		return "", nil
	case "0", "denied", "false":
		return "denied", nil
	case "1", "granted", "true":
		return "granted", nil
	}
	return "", errors.New("consent: want 1 or 0")
}

func newToken() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

func newCallID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

func httpError(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, msg+"\n")
}

// detached returns a context for work that must outlive the request.
func detached(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
