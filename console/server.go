package console

import (
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/console/web"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/store"
)

// MaxBodyBytes bounds the body of every POST request.
const MaxBodyBytes = 4 << 10

// SessionTTL is how long a login session stays valid.
const SessionTTL = 12 * time.Hour

// Websocket timing. A ping goes out every pingPeriod; a client that sends
// nothing (not even a pong) for pongWait is dropped.
const (
	defaultWriteWait  = 10 * time.Second
	defaultPongWait   = 60 * time.Second
	defaultPingPeriod = 50 * time.Second
	// closeGrace is how long the writer waits for the client's answer to
	// its close frame before it closes the TCP connection.
	closeGrace = time.Second
	// shutdownGrace bounds how long Close lets writers finish their close
	// handshake (close frame write plus closeGrace) before it closes the
	// sockets under them.
	shutdownGrace = 2*closeGrace + 500*time.Millisecond
	// defaultSubBuffer is the bus queue of one websocket: how far a client
	// may fall behind before the bus drops it.
	defaultSubBuffer = 256
	// maxClientMessage bounds what a client may send; it has nothing to say.
	maxClientMessage = 512
)

// Config configures a Server. Bus and Store are required.
type Config struct {
	Bus   *events.Bus
	Store store.Store
	Log   *slog.Logger     // nil: discard
	Now   func() time.Time // nil: time.Now; used for sessions
	// Calls controls live calls (POST /api/v1/calls/{id}/dtmf-mode); nil
	// answers those requests 503.
	Calls CallControl
	// Metrics, if set, is served unauthenticated at GET /metrics.
	Metrics http.Handler
	// Privacy serves consent, recordings, subjects and the audit trail,
	// and audits transcript reads and logins; nil answers those endpoints
	// 503 (recordings 404) and audits nothing.
	Privacy *privacy.Service
}

// Server is the console's HTTP handler and the owner of its websockets.
type Server struct {
	bus      *events.Bus
	st       store.Store
	calls    CallControl
	metrics  http.Handler
	priv     *privacy.Service
	log      *slog.Logger
	now      func() time.Time
	static   fs.FS
	sessions *sessions
	upgrader websocket.Upgrader
	handler  http.Handler

	// Websocket tuning; tests shorten them.
	subBuffer  int
	writeWait  time.Duration
	pongWait   time.Duration
	pingPeriod time.Duration

	mu     sync.Mutex
	closed bool
	conns  map[*wsConn]struct{}
	wg     sync.WaitGroup // one per websocket goroutine
}

// New builds a Server. It starts no goroutine; websockets do, and Close
// stops them.
func New(cfg Config) (*Server, error) {
	if cfg.Bus == nil {
		return nil, errors.New("console: Config.Bus is nil")
	}
	if cfg.Store == nil {
		return nil, errors.New("console: Config.Store is nil")
	}
	s := &Server{
		bus:        cfg.Bus,
		st:         cfg.Store,
		calls:      cfg.Calls,
		metrics:    cfg.Metrics,
		priv:       cfg.Privacy,
		log:        cfg.Log,
		now:        cfg.Now,
		static:     web.FS(),
		subBuffer:  defaultSubBuffer,
		writeWait:  defaultWriteWait,
		pongWait:   defaultPongWait,
		pingPeriod: defaultPingPeriod,
		conns:      make(map[*wsConn]struct{}),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.sessions = newSessions()
	s.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		CheckOrigin:      sameOrigin,
		Error:            upgradeError,
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the console's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", handleHealth)
	mux.HandleFunc("GET /{$}", s.handleIndex)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(s.static)))
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("GET /logout", s.handleLogout)

	mux.Handle("GET /api/v1/calls", s.requireAuth(s.handleCalls, false))
	mux.Handle("GET /api/v1/calls/{id}", s.requireAuth(s.handleCall, false))
	mux.Handle("GET /api/v1/calls/{id}/transcript", s.requireAuth(s.handleTranscript, false))
	mux.Handle("GET /api/v1/events", s.requireAuth(s.handleEvents, true))
	mux.Handle("POST /api/v1/calls/{id}/dtmf-mode", s.requireAuth(s.handleDTMFMode, false))
	mux.Handle("GET /api/v1/calls/{id}/quality", s.requireAuth(s.handleQuality, false))
	mux.Handle("POST /api/v1/calls/{id}/consent", s.requireAuth(s.handleConsent, false))
	mux.Handle("GET /api/v1/calls/{id}/recording", s.requireAuth(s.handleRecording, false))
	mux.Handle("DELETE /api/v1/subjects/{number}", s.requireAuth(s.handleForget, false))
	mux.Handle("GET /api/v1/subjects/{number}/export", s.requireAuth(s.handleExport, false))
	mux.Handle("GET /api/v1/audit/verify", s.requireAuth(s.handleAuditVerify, false))
	if s.metrics != nil {
		mux.Handle("GET /metrics", s.metrics)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint")
	})
	return securityHeaders(mux)
}

// Close closes every websocket and waits for their goroutines. Later
// websocket requests get 503. It is idempotent and safe to call from any
// goroutine.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	conns := make([]*wsConn, 0, len(s.conns))
	for c := range s.conns {
		c.shutdown()
		conns = append(conns, c)
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	t := time.NewTimer(shutdownGrace)
	defer t.Stop()
	select {
	case <-done:
		return nil
	case <-t.C:
	}
	// A writer still blocked on a client that does not read: closing the
	// socket under it ends the write at once.
	for _, c := range conns {
		_ = c.conn.Close()
	}
	<-done
	return nil
}

func handleHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	http.ServeFileFS(w, r, s.static, "index.html")
}

// contentSecurityPolicy allows only same-origin scripts, styles, images and
// connections (fetch and the websocket), and forbids framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries and bounds POST
// bodies.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// errorBody is the JSON body of every API error.
type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":"internal error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
