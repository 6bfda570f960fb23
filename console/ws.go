package console

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
)

// Close reasons sent to websocket clients (RFC 6455 section 7.4,
// https://www.rfc-editor.org/rfc/rfc6455#section-7.4).
const (
	reasonSlow     = "too slow: events were dropped, reconnect and reload"
	reasonBusEnded = "event stream ended"
	reasonShutdown = "server shutting down"
)

// wsConn is one accepted websocket and its bus subscription. The writer
// goroutine owns every data write and the final Close of the socket.
type wsConn struct {
	conn     *websocket.Conn
	sub      *events.Subscription
	stop     chan struct{} // closed by shutdown
	stopOnce sync.Once
	readDone chan struct{} // closed when the reader returns
}

// shutdown asks the writer to send a close frame and end.
func (c *wsConn) shutdown() { c.stopOnce.Do(func() { close(c.stop) }) }

// handleEvents upgrades to a websocket that streams bus events, optionally
// only those of ?call_id=.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		writeError(w, http.StatusBadRequest, "websocket upgrade required")
		return
	}
	if !sameOrigin(r) {
		writeError(w, http.StatusForbidden, "cross-origin websocket refused")
		return
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		writeError(w, http.StatusServiceUnavailable, reasonShutdown)
		return
	}

	callID := r.URL.Query().Get("call_id")
	var filter func(events.Event) bool
	if callID != "" {
		filter = func(ev events.Event) bool { return ev.CallID == callID }
	}
	// Subscribe before the upgrade completes, so that a client whose
	// handshake succeeded misses no event published after it.
	sub := s.bus.Subscribe(s.subBuffer, filter)
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		sub.Close()
		s.log.Debug("console: websocket upgrade failed", "err", err)
		return
	}
	c := &wsConn{conn: conn, sub: sub, stop: make(chan struct{}), readDone: make(chan struct{})}

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		sub.Close()
		_ = conn.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, reasonShutdown),
			time.Now().Add(s.writeWait))
		_ = conn.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(2)
	s.mu.Unlock()

	s.log.Debug("console: websocket open", "call_id", callID)
	go s.readLoop(c)
	go s.writeLoop(c)
}

// readLoop reads (and discards) client messages so that control frames are
// processed, and ends when the client leaves or stops answering pings.
func (s *Server) readLoop(c *wsConn) {
	defer s.wg.Done()
	defer close(c.readDone)
	c.conn.SetReadLimit(maxClientMessage)
	if err := c.conn.SetReadDeadline(time.Now().Add(s.pongWait)); err != nil {
		return
	}
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(s.pongWait))
	})
	for {
		if _, _, err := c.conn.NextReader(); err != nil {
			return
		}
	}
}

// writeLoop sends events and pings until the subscription ends, the client
// leaves, a write fails or the server shuts down; then it closes the socket.
func (s *Server) writeLoop(c *wsConn) {
	defer s.wg.Done()
	defer func() {
		c.sub.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		s.log.Debug("console: websocket closed")
	}()
	ping := time.NewTicker(s.pingPeriod)
	defer ping.Stop()
	for {
		// Shutdown wins over pending events.
		select {
		case <-c.stop:
			s.closeConn(c, websocket.CloseGoingAway, reasonShutdown)
			return
		default:
		}
		select {
		case <-c.stop:
			s.closeConn(c, websocket.CloseGoingAway, reasonShutdown)
			return
		case <-c.readDone:
			_ = c.conn.Close()
			return
		case ev, ok := <-c.sub.C():
			if !ok {
				if c.sub.Dropped() {
					s.log.Warn("console: websocket client too slow, dropped")
					s.closeConn(c, websocket.CloseTryAgainLater, reasonSlow)
				} else {
					s.closeConn(c, websocket.CloseGoingAway, reasonBusEnded)
				}
				return
			}
			if err := s.writeEvent(c, ev); err != nil {
				s.log.Debug("console: websocket write failed", "err", err)
				_ = c.conn.Close()
				return
			}
		case <-ping.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(s.writeWait)); err != nil {
				s.log.Debug("console: websocket ping failed", "err", err)
				_ = c.conn.Close()
				return
			}
		}
	}
}

func (s *Server) writeEvent(c *wsConn, ev events.Event) error {
	data, err := json.Marshal(ev)
	if err != nil {
		// Cannot happen for a well-formed Event; skip it rather than
		// close the stream.
		s.log.Error("console: encode event", "type", ev.Type, "err", err)
		return nil
	}
	if err := c.conn.SetWriteDeadline(time.Now().Add(s.writeWait)); err != nil {
		return err
	}
	return c.conn.WriteMessage(websocket.TextMessage, data)
}

// closeConn sends a close frame, gives the client closeGrace to answer it
// (the reader sees the answer and ends), then closes the TCP connection
// (RFC 6455 section 7.1.1: the server closes the TCP connection first).
func (s *Server) closeConn(c *wsConn, code int, reason string) {
	msg := websocket.FormatCloseMessage(code, reason)
	// A close frame is tiny; a client that cannot take it within
	// closeGrace is not reading anyway.
	if err := c.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeGrace)); err == nil {
		t := time.NewTimer(closeGrace)
		select {
		case <-c.readDone:
		case <-t.C:
		}
		t.Stop()
	}
	_ = c.conn.Close()
}

// upgradeError answers a failed websocket handshake with a JSON body.
func upgradeError(w http.ResponseWriter, _ *http.Request, status int, reason error) {
	writeError(w, status, reason.Error())
}
