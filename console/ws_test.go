package console

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/policy/redact"
)

var evTS = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

func transcriptEvent(callID string, final bool, seq int, text string, ents []redact.Entity) events.Event {
	// Non-zero offsets: events.Event leaves start_ms (and seq) out of the
	// JSON when they are 0.
	start := int64(seq)*1000 + 200
	return events.NewTranscript(callID, final, seq, redact.Restore(text, ents), start, start+800, evTS)
}

func TestWebsocketAuth(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name  string
		query string
		hdr   http.Header
		want  int // 0: upgrade succeeds
	}{
		{"no credentials", "", nil, http.StatusUnauthorized},
		{"wrong query token", "?token=wrong", nil, http.StatusUnauthorized},
		{"wrong bearer", "", http.Header{"Authorization": {"Bearer wrong"}}, http.StatusUnauthorized},
		{"wrong bearer beats right query", "?token=" + h.token, http.Header{"Authorization": {"Bearer wrong"}}, http.StatusUnauthorized},
		{"forged session cookie", "", http.Header{"Cookie": {sessionCookie + "=abc"}}, http.StatusUnauthorized},
		{"other origin", "?token=" + h.token, http.Header{"Origin": {"http://evil.example"}}, http.StatusForbidden},
		{"query token", "?token=" + h.token, nil, 0},
		{"query token same origin", "?token=" + h.token, http.Header{"Origin": {h.ts.URL}}, 0},
		{"bearer", "", h.bearer(), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, resp, err := websocket.DefaultDialer.Dial(h.wsURL(tc.query), tc.hdr)
			if tc.want == 0 {
				if err != nil {
					t.Fatalf("dial: %v", err)
				}
				resp.Body.Close()
				c.Close()
				return
			}
			if err == nil {
				c.Close()
				t.Fatalf("upgrade succeeded, want %d", tc.want)
			}
			if resp == nil {
				t.Fatalf("dial failed without an HTTP answer: %v", err)
			}
			defer resp.Body.Close()
			body, rerr := io.ReadAll(resp.Body)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.want)
			}
			decodeError(t, resp, body)
		})
	}
}

func TestWebsocketStreamsEventsInOrder(t *testing.T) {
	h := newHarness(t, nil)
	ws := h.dial("")

	card := []redact.Entity{{Type: "CARD_NUMBER", Start: 11, End: 24}}
	published := []events.Event{
		{Type: events.CallStarted, CallID: "c9", TS: evTS, Channel: "sip", Route: "support", Codec: "PCMU"},
		transcriptEvent("c9", false, 0, "hel", nil),
		transcriptEvent("c9", false, 0, "hello", nil),
		transcriptEvent("c9", true, 0, "hello there", nil),
		transcriptEvent("c9", true, 1, "my card is [CARD_NUMBER]", card),
		{Type: events.CallEnded, CallID: "c9", TS: evTS.Add(time.Minute), Reason: "hangup"},
	}
	for _, ev := range published {
		h.bus.Publish(ev)
	}

	for i, ev := range published {
		got := readEvent(t, ws)
		if got["type"] != ev.Type || got["call_id"] != ev.CallID {
			t.Fatalf("message %d: type %v call %v, want %s %s", i, got["type"], got["call_id"], ev.Type, ev.CallID)
		}
		ts, err := time.Parse(time.RFC3339Nano, fmt.Sprint(got["ts"]))
		if err != nil || !ts.Equal(ev.TS) {
			t.Errorf("message %d: ts %v, want %v", i, got["ts"], ev.TS)
		}
		_, hasEntities := got["entities"]
		switch ev.Type {
		case events.TranscriptPartial, events.TranscriptFinal:
			for _, k := range []string{"text", "start_ms", "end_ms", "entities"} {
				if _, ok := got[k]; !ok {
					t.Errorf("message %d (%s) lacks %q: %v", i, ev.Type, k, got)
				}
			}
			if got["text"] != ev.Text {
				t.Errorf("message %d: text %q, want %q", i, got["text"], ev.Text)
			}
			if got["start_ms"] != float64(ev.StartMS) || got["end_ms"] != float64(ev.EndMS) {
				t.Errorf("message %d: start/end %v/%v, want %d/%d", i, got["start_ms"], got["end_ms"], ev.StartMS, ev.EndMS)
			}
			raw, err := json.Marshal(got["entities"])
			if err != nil {
				t.Fatal(err)
			}
			var ents []redact.Entity
			if err := json.Unmarshal(raw, &ents); err != nil {
				t.Fatalf("message %d: entities %s: %v", i, raw, err)
			}
			if !slices.Equal(ents, ev.Entities) {
				t.Errorf("message %d: entities %+v, want %+v", i, ents, ev.Entities)
			}
		default:
			if hasEntities {
				t.Errorf("message %d (%s) carries entities", i, ev.Type)
			}
		}
	}
}

func TestWebsocketCallIDFilter(t *testing.T) {
	h := newHarness(t, nil)
	onlyA := h.dial("call-a")
	all := h.dial("")

	seq := []events.Event{
		{Type: events.CallStarted, CallID: "call-a", TS: evTS},
		{Type: events.CallStarted, CallID: "call-b", TS: evTS},
		transcriptEvent("call-b", true, 0, "b speaks", nil),
		transcriptEvent("call-a", true, 0, "a speaks", nil),
		{Type: events.CallEnded, CallID: "call-a", TS: evTS},
	}
	for _, ev := range seq {
		h.bus.Publish(ev)
	}
	var gotA, gotAll []string
	for range 3 {
		m := readEvent(t, onlyA)
		gotA = append(gotA, fmt.Sprintf("%v/%v", m["call_id"], m["type"]))
	}
	for range len(seq) {
		m := readEvent(t, all)
		gotAll = append(gotAll, fmt.Sprintf("%v/%v", m["call_id"], m["type"]))
	}
	wantA := "call-a/call.started call-a/transcript.final call-a/call.ended"
	if strings.Join(gotA, " ") != wantA {
		t.Errorf("filtered stream: %v, want %s", gotA, wantA)
	}
	if len(gotAll) != len(seq) || gotAll[1] != "call-b/call.started" {
		t.Errorf("unfiltered stream: %v", gotAll)
	}
}

// TestSlowClientIsDropped fills the path to a client that does not read:
// its socket buffers fill, the writer blocks, the bus queue overflows and
// the bus drops the subscriber. The client then receives a prefix of the
// stream, in order, and a close frame with code 1013.
func TestSlowClientIsDropped(t *testing.T) {
	h := newHarness(t, func(s *Server) { s.subBuffer = 8 })
	d := websocket.Dialer{
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var nd net.Dialer
			c, err := nd.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			// A fixed small receive buffer (no autotuning) makes the
			// server's writes block after a few megabytes.
			if tc, ok := c.(*net.TCPConn); ok {
				if err := tc.SetReadBuffer(64 << 10); err != nil {
					return nil, err
				}
			}
			return c, nil
		},
	}
	ws, resp, err := d.Dial(h.wsURL(""), h.bearer())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	defer ws.Close()

	// 400 events of 64 KiB: far more than the kernel buffers (server send
	// buffer at most 4 MiB here) plus the 8-event queue.
	const n = 400
	text := strings.Repeat("a", 64<<10)
	for i := range n {
		h.bus.Publish(transcriptEvent("c1", true, i, text, nil))
	}

	if err := ws.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	got := 0
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			ce, ok := err.(*websocket.CloseError)
			if !ok {
				t.Fatalf("after %d events: %v, want a close frame", got, err)
			}
			if ce.Code != websocket.CloseTryAgainLater {
				t.Fatalf("close code %d (%q), want 1013", ce.Code, ce.Text)
			}
			break
		}
		var ev struct {
			Seq int `json:"seq"`
		}
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Seq != got {
			t.Fatalf("event %d has seq %d: stream not an in-order prefix", got, ev.Seq)
		}
		got++
	}
	if got == 0 || got >= n {
		t.Fatalf("received %d of %d events before the drop", got, n)
	}
	t.Logf("client received %d of %d events before being dropped", got, n)
	waitGoroutines(t, 0)
}

func TestServerCloseEndsWebsockets(t *testing.T) {
	h := newHarness(t, nil)
	waitGoroutines(t, 0)
	clients := []*websocket.Conn{h.dial(""), h.dial("c1"), h.dial("c2")}
	// Each accepted socket runs a reader and a writer.
	waitGoroutines(t, 2*len(clients))
	h.bus.Publish(events.Event{Type: events.CallStarted, CallID: "c1", TS: evTS})
	readEvent(t, clients[0])
	readEvent(t, clients[1])

	done := make(chan error, 1)
	go func() { done <- h.srv.Close() }()
	for i, c := range clients {
		ce := readClose(t, c)
		if ce.Code != websocket.CloseGoingAway {
			t.Errorf("client %d: close code %d, want 1001", i, ce.Code)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Server.Close did not return")
	}
	waitGoroutines(t, 0)

	// Closed servers refuse new websockets and stay closed.
	_, resp, err := websocket.DefaultDialer.Dial(h.wsURL(""), h.bearer())
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("dial after Close: %v, %v; want 503", err, resp)
	}
	resp.Body.Close()
	if err := h.srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestServerCloseCutsBlockedWriter(t *testing.T) {
	h := newHarness(t, nil)
	d := websocket.Dialer{
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var nd net.Dialer
			c, err := nd.DialContext(ctx, network, addr)
			if err == nil {
				err = c.(*net.TCPConn).SetReadBuffer(64 << 10)
			}
			return c, err
		},
	}
	ws, resp, err := d.Dial(h.wsURL(""), h.bearer())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	defer ws.Close()
	// Block the writer: ~12 MiB that nobody reads, within the queue.
	text := strings.Repeat("b", 64<<10)
	for i := range 200 {
		h.bus.Publish(transcriptEvent("c1", true, i, text, nil))
	}
	start := time.Now()
	if err := h.srv.Close(); err != nil {
		t.Fatal(err)
	}
	// The blocked write is cut after closeGrace, not the 10 s write wait.
	if el := time.Since(start); el > defaultWriteWait/2 {
		t.Fatalf("Close took %v with a blocked client", el)
	}
	waitGoroutines(t, 0)
}

func TestBusCloseEndsWebsockets(t *testing.T) {
	h := newHarness(t, nil)
	ws := h.dial("")
	h.bus.Close()
	ce := readClose(t, ws)
	if ce.Code != websocket.CloseGoingAway || ce.Text != reasonBusEnded {
		t.Fatalf("close %d %q, want 1001 %q", ce.Code, ce.Text, reasonBusEnded)
	}
	waitGoroutines(t, 0)
}

func TestClientLeavingEndsGoroutines(t *testing.T) {
	h := newHarness(t, nil)
	ws := h.dial("")
	waitGoroutines(t, 2)
	// A polite close: the server answers and both goroutines end.
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye")
	if err := ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	readClose(t, ws)
	waitGoroutines(t, 0)

	// An abrupt one: the TCP connection just goes away.
	ws2 := h.dial("")
	waitGoroutines(t, 2)
	ws2.NetConn().Close()
	waitGoroutines(t, 0)
}

func TestPingsAndDeadClients(t *testing.T) {
	h := newHarness(t, func(s *Server) {
		s.pingPeriod = 20 * time.Millisecond
		s.pongWait = 200 * time.Millisecond
	})

	// A live client answers pings (gorilla's default ping handler) and
	// stays connected for several pong waits.
	live := h.dial("")
	pings := make(chan struct{}, 100)
	def := live.PingHandler()
	live.SetPingHandler(func(data string) error {
		select {
		case pings <- struct{}{}:
		default:
		}
		return def(data)
	})
	readErr := make(chan error, 1)
	go func() {
		for {
			if _, _, err := live.ReadMessage(); err != nil {
				readErr <- err
				return
			}
		}
	}()
	for i := range 20 { // 20 pings = 2 pong waits
		select {
		case <-pings:
		case err := <-readErr:
			t.Fatalf("live client dropped after %d pings: %v", i, err)
		case <-time.After(5 * time.Second):
			t.Fatal("no ping")
		}
	}

	// A client that never answers pings is dropped after pongWait.
	dead := h.dial("")
	dead.SetPingHandler(func(string) error { return nil })
	if err := dead.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	for {
		if _, _, err := dead.ReadMessage(); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("silent client was not dropped")
			}
			break
		}
	}
	waitGoroutines(t, 2) // only the live client remains
	live.Close()
	<-readErr
}

func BenchmarkWebsocketFanout(b *testing.B) {
	bus := events.NewBus()
	defer bus.Close()
	st := newMemStore()
	tok, err := EnsureAdminToken(context.Background(), st, "")
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{Bus: bus, Store: st})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := &harness{ts: newBenchServer(b, srv), token: tok}
	ws, resp, err := websocket.DefaultDialer.Dial(h.wsURL(""), h.bearer())
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	defer ws.Close()
	ev := transcriptEvent("c1", true, 3, "my card is [CARD_NUMBER] thanks",
		[]redact.Entity{{Type: "CARD_NUMBER", Start: 11, End: 24}})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		bus.Publish(ev)
		if _, _, err := ws.ReadMessage(); err != nil {
			b.Fatal(err)
		}
	}
}

func newBenchServer(b *testing.B, srv *Server) *httptest.Server {
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	return ts
}
