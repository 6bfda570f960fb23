package console

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/policy/store"
)

// memStore is an in-memory store.Store for tests.
type memStore struct {
	mu       sync.Mutex
	calls    map[string]store.Call
	segs     map[string][]store.Segment
	settings map[string]string
	failWith error // when set, every read fails with it
}

var _ store.Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{
		calls:    make(map[string]store.Call),
		segs:     make(map[string][]store.Segment),
		settings: make(map[string]string),
	}
}

func (m *memStore) CreateCall(_ context.Context, c store.Call) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls[c.ID] = c
	return nil
}

func (m *memStore) EndCall(_ context.Context, id string, endedAt time.Time, reason string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.calls[id]
	if !ok {
		return store.ErrNotFound
	}
	c.EndedAt, c.EndReason = endedAt, reason
	m.calls[id] = c
	return nil
}

func (m *memStore) GetCall(_ context.Context, id string) (store.Call, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failWith != nil {
		return store.Call{}, m.failWith
	}
	c, ok := m.calls[id]
	if !ok {
		return store.Call{}, store.ErrNotFound
	}
	return c, nil
}

func (m *memStore) ListCalls(_ context.Context, limit int) ([]store.Call, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failWith != nil {
		return nil, m.failWith
	}
	out := make([]store.Call, 0, len(m.calls))
	for _, c := range m.calls {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b store.Call) int { return b.StartedAt.Compare(a.StartedAt) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memStore) AddSegment(_ context.Context, s store.Segment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.calls[s.CallID]; !ok {
		return store.ErrNotFound
	}
	m.segs[s.CallID] = append(m.segs[s.CallID], s)
	slices.SortFunc(m.segs[s.CallID], func(a, b store.Segment) int { return a.Seq - b.Seq })
	return nil
}

func (m *memStore) Segments(_ context.Context, callID string) ([]store.Segment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failWith != nil {
		return nil, m.failWith
	}
	return slices.Clone(m.segs[callID]), nil
}

func (m *memStore) Setting(_ context.Context, key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.settings[key]
	if !ok {
		return "", store.ErrNotFound
	}
	return v, nil
}

func (m *memStore) SetSetting(_ context.Context, key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settings[key] = value
	return nil
}

func (m *memStore) Close() error { return nil }

func (m *memStore) setFail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failWith = err
}

// fakeClock is an adjustable clock for session expiry.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness is a console Server behind a real httptest.Server, with a real
// bus, an in-memory store and an admin token.
type harness struct {
	t     *testing.T
	bus   *events.Bus
	st    *memStore
	clock *fakeClock
	logs  *syncBuffer
	srv   *Server
	ts    *httptest.Server
	token string
}

// newHarness starts a server; tune, when non-nil, adjusts the Server before
// it serves.
func newHarness(t *testing.T, tune func(*Server)) *harness {
	t.Helper()
	h := &harness{
		t:     t,
		bus:   events.NewBus(),
		st:    newMemStore(),
		clock: &fakeClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)},
		logs:  &syncBuffer{},
	}
	tok, err := EnsureAdminToken(context.Background(), h.st, "")
	if err != nil {
		t.Fatalf("EnsureAdminToken: %v", err)
	}
	h.token = tok
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.srv, err = New(Config{Bus: h.bus, Store: h.st, Log: log, Now: h.clock.Now})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if tune != nil {
		tune(h.srv)
	}
	h.ts = httptest.NewServer(h.srv.Handler())
	// Cleanups run last-registered first: sockets, then HTTP, then bus.
	t.Cleanup(h.bus.Close)
	t.Cleanup(h.ts.Close)
	t.Cleanup(func() {
		if err := h.srv.Close(); err != nil {
			t.Errorf("Server.Close: %v", err)
		}
	})
	return h
}

// get performs a GET with optional headers and returns status and body.
func (h *harness) get(path string, hdr http.Header) (*http.Response, []byte) {
	h.t.Helper()
	return h.do(http.MethodGet, path, hdr, nil)
}

func (h *harness) do(method, path string, hdr http.Header, body io.Reader) (*http.Response, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.ts.URL+path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("read body: %v", err)
	}
	return resp, b
}

func (h *harness) bearer() http.Header {
	return http.Header{"Authorization": {"Bearer " + h.token}}
}

func (h *harness) wsURL(query string) string {
	return "ws" + strings.TrimPrefix(h.ts.URL, "http") + "/api/v1/events" + query
}

// dial opens the event websocket with the bearer token and an optional
// call_id filter.
func (h *harness) dial(callID string) *websocket.Conn {
	h.t.Helper()
	q := ""
	if callID != "" {
		q = "?call_id=" + url.QueryEscape(callID)
	}
	c, resp, err := websocket.DefaultDialer.Dial(h.wsURL(q), h.bearer())
	if err != nil {
		h.t.Fatalf("dial websocket: %v", err)
	}
	resp.Body.Close()
	h.t.Cleanup(func() { c.Close() })
	return c
}

// readEvent reads one message and decodes it as a generic JSON object.
func readEvent(t *testing.T, c *websocket.Conn) map[string]any {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	typ, data, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read websocket: %v", err)
	}
	if typ != websocket.TextMessage {
		t.Fatalf("message type %d, want text", typ)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("event is not JSON: %v: %s", err, data)
	}
	return m
}

// readClose reads until the socket fails and returns the close error.
func readClose(t *testing.T, c *websocket.Conn) *websocket.CloseError {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	for {
		_, _, err := c.ReadMessage()
		if err == nil {
			continue
		}
		ce, ok := err.(*websocket.CloseError)
		if !ok {
			t.Fatalf("socket ended with %v, want a close frame", err)
		}
		return ce
	}
}

// wsGoroutines counts live websocket goroutines of this package.
func wsGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	return strings.Count(string(buf), "console.(*Server).readLoop(") +
		strings.Count(string(buf), "console.(*Server).writeLoop(")
}

// waitGoroutines waits until exactly want websocket goroutines run. A
// goroutine that has called wg.Done may still be unwinding for a moment,
// so this yields in a loop under a deadline rather than checking once.
func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := wsGoroutines()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d websocket goroutines running, want %d", got, want)
		}
		runtime.Gosched()
	}
}

// decodeError checks a JSON error body and returns its message.
func decodeError(t *testing.T, resp *http.Response, body []byte) string {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Errorf("error body %q is not {\"error\": ...} (%v)", body, err)
	}
	return e.Error
}
