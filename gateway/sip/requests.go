package sip

import (
	"context"

	"github.com/emiago/sipgo/sip"
)

// In-dialog and out-of-dialog requests other than INVITE, and ending
// calls (BYE both ways, hangup on media failure, Server.Hangup).

func (s *Server) onAck(req *sip.Request, tx sip.ServerTransaction) {
	c := s.lookup(req)
	if c == nil || req.CSeq() == nil {
		return // ACK to a rejected INVITE (absorbed by sipgo) or stray: no response to ACK
	}
	if !c.gotAck(req.CSeq().SeqNo) {
		c.log.Debug("ACK matches no pending 2xx")
	}
}

func (s *Server) onBye(req *sip.Request, tx sip.ServerTransaction) {
	c := s.lookup(req)
	if c == nil {
		s.reply(tx, req, 481, "Call/Transaction Does Not Exist", nil)
		return
	}
	if err := c.dlg.acceptRemoteSeq(req); err != nil {
		s.reply(tx, req, 500, "CSeq Out Of Order", nil)
		return
	}
	s.reply(tx, req, 200, "OK", nil)
	s.endCall(c, ReasonBye)
}

// onCancel sees only CANCELs that match no INVITE transaction: sipgo
// answers matching ones itself (200, then 487 to the INVITE).
func (s *Server) onCancel(req *sip.Request, tx sip.ServerTransaction) {
	s.reply(tx, req, 481, "Call/Transaction Does Not Exist", nil)
}

func (s *Server) onOptions(req *sip.Request, tx sip.ServerTransaction) {
	s.reply(tx, req, 200, "OK", nil,
		sip.NewHeader("Allow", allowMethods),
		sip.NewHeader("Accept", "application/sdp"),
		sip.NewHeader("Accept-Language", "en"))
}

// knownMethods are RFC 3261 and extension methods we recognise but do not
// serve: 405. Anything else is 501 (RFC 3261 section 8.2.1).
var knownMethods = map[sip.RequestMethod]bool{
	sip.REGISTER: true, sip.SUBSCRIBE: true, sip.NOTIFY: true, sip.REFER: true,
	sip.INFO: true, sip.MESSAGE: true, sip.PRACK: true, sip.UPDATE: true, sip.PUBLISH: true,
}

func (s *Server) onOther(req *sip.Request, tx sip.ServerTransaction) {
	if req.IsAck() {
		return
	}
	allow := sip.NewHeader("Allow", allowMethods)
	if knownMethods[req.Method] {
		s.reply(tx, req, 405, "Method Not Allowed", nil, allow)
		return
	}
	s.reply(tx, req, 501, "Not Implemented", nil, allow)
}

// lookup finds the call of an in-dialog request.
func (s *Server) lookup(req *sip.Request) *call {
	id, err := sip.DialogIDFromRequestUAS(req)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}

// register adds a call about to be answered, unless the server is closing
// or the call ended already (its media failed while StartCall ran).
func (s *Server) register(c *call) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return ErrShuttingDown
	case c.ended:
		return errCallClosed
	}
	s.calls[c.dlg.id] = c
	return nil
}

// endCall removes c and closes it with reason. Every close of a call that
// may be registered goes through here, so that register never adds a call
// that is closing. It reports whether this call of endCall ended it.
func (s *Server) endCall(c *call, reason string) bool {
	s.mu.Lock()
	first := !c.ended
	c.ended = true
	if s.calls[c.dlg.id] == c {
		delete(s.calls, c.dlg.id)
	}
	s.mu.Unlock()
	c.close(reason)
	return first
}

// hangup ends c with reason and, if it was answered, sends BYE (bounded
// by ByeTimeout). Media ends first so the sink is not kept waiting on the
// network. Without an ACK yet we still send BYE: waiting for it would
// hold shutdown for up to 64*T1.
func (s *Server) hangup(c *call, reason string) {
	if !s.endCall(c, reason) {
		return // ended already, by BYE or another hangup
	}
	if !c.answered.Load() {
		return // no 200 OK sent: the INVITE handler rejects the call instead
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ByeTimeout)
	defer cancel()
	code, err := c.dlg.sendBye(ctx, s.client, *s.contact(c.dlg.invite))
	switch {
	case err != nil:
		c.log.Info("BYE failed", errAttr(err))
	case code >= 300:
		c.log.Info("BYE rejected", "code", code)
	}
}

// onMediaEnded runs on a call's read goroutine; the hangup (BYE and
// close, which waits for that goroutine) runs on a goroutine of the
// server's.
func (s *Server) onMediaEnded(c *call, reason string) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return // shutdown is ending every call
	}
	s.inflight.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.inflight.Done()
		s.hangup(c, reason)
	}()
}

// Hangup ends the call with our call ID id (CallInfo.ID): Sink.End
// ("hangup"), then BYE. It reports whether the call existed.
func (s *Server) Hangup(id string) bool {
	var found *call
	s.mu.Lock()
	for _, c := range s.calls {
		if c.id == id {
			found = c
			break
		}
	}
	s.mu.Unlock()
	if found == nil {
		return false
	}
	s.hangup(found, ReasonHangup)
	return true
}
