package sip

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
)

// INVITE handling: validation, offer/answer, media allocation, the
// Handler, and the 200 OK retransmitted until its ACK.

func hasToTag(req *sip.Request) bool {
	to := req.To()
	return to != nil && to.Params.Has("tag")
}

// contact is our Contact for requests that came over req's transport.
func (s *Server) contact(req *sip.Request) *sip.ContactHeader {
	c := s.contactUDP
	if sip.IsReliable(req.Transport()) {
		c = s.contactTCP
	}
	return &c
}

// CallIDHeader carries Earshot's ID of the call in the 200 OK: the ID the
// console, its API and its events use. It is random, names nobody, and
// lets a caller (the load tester, an SBC's logs) find its call there.
const CallIDHeader = "X-Earshot-Call-ID"

func newCallID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}

func (s *Server) onInvite(req *sip.Request, tx sip.ServerTransaction) {
	if hasToTag(req) {
		s.onReInvite(req, tx)
		return
	}
	// RFC 3261 section 17.2.1: a 100 stops INVITE retransmissions while
	// we allocate media and ask the Handler.
	s.reply(tx, req, 100, "Trying", nil)

	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		s.reject(tx, req, ErrShuttingDown)
		return
	}

	body, err := offerBody(req)
	if err != nil {
		s.reject(tx, req, err)
		return
	}
	choice, err := negotiate(body, negotiation{codecs: s.cfg.Codecs, best: true, srtp: s.cfg.SRTP})
	if err != nil {
		s.reject(tx, req, err)
		return
	}
	dlg, err := newUASDialog(req)
	if err != nil {
		s.reject(tx, req, err)
		return
	}

	id := newCallID()
	log := s.log.With("call", id)
	c, err := newCall(s.baseCtx, id, log, s.ports, s.bindIP, s.mediaIP, choice, s.cfg.RTPTimeout)
	if err != nil {
		s.reject(tx, dlg.invite, err)
		return
	}
	c.dlg = dlg
	c.mediaEnded = s.onMediaEnded
	c.info = CallInfo{
		ID:              id,
		Route:           s.cfg.DefaultRoute,
		Codec:           choice.Codec,
		PayloadType:     choice.PayloadType,
		ClockRate:       choice.ClockRate,
		PTime:           time.Duration(choice.PTime) * time.Millisecond,
		DTMFPayloadType: choice.DTMFPayloadType,
		DTMFClockRate:   choice.DTMFClockRate,
		SRTP:            choice.Crypto != nil,
		From:            req.From().Address.User,
		Header:          inviteHeader(req),
		RTCP:            c,
	}
	// A CANCEL before we answer cancels StartCall's context. sipgo
	// answers the CANCEL (200) and the INVITE (487) itself.
	if !tx.OnCancel(func(*sip.Request) {
		c.cancelled.Store(true)
		c.cancel()
	}) {
		c.close(ReasonCancel) // transaction already gone: no StartCall, no End
		return
	}

	log.Info("call offered", "codec", choice.Codec, "ptime_ms", choice.PTime, "dtmf", choice.DTMFPayloadType != 0,
		"srtp", choice.Crypto != nil, "transport", req.Transport(), "rtp_port", c.port)

	sink, err := s.startCall(c)
	if err != nil {
		c.close(ReasonError) // no sink yet: End is not called
		if !c.cancelled.Load() && tx.Err() == nil {
			s.reject(tx, dlg.invite, err)
		}
		return
	}
	accept := func(pt uint8) bool {
		return pt == choice.PayloadType || (choice.DTMFPayloadType != 0 && pt == choice.DTMFPayloadType)
	}
	c.startMedia(sink, accept)

	if c.cancelled.Load() || tx.Err() != nil {
		// The caller cancelled (or went away) while StartCall ran.
		c.close(ReasonCancel)
		return
	}

	res := sip.NewSDPResponseFromRequest(dlg.invite, c.answer)
	res.AppendHeader(s.contact(req))
	res.AppendHeader(sip.NewHeader("Allow", allowMethods))
	res.AppendHeader(sip.NewHeader("Server", s.cfg.UserAgent))
	res.AppendHeader(sip.NewHeader(CallIDHeader, id))
	if err := s.register(c); err != nil {
		c.close(ReasonShutdown) // no-op if the media path ended it already
		s.reject(tx, dlg.invite, err)
		return
	}
	c.answered.Store(true)

	switch err := s.sendReliably(c, tx, res, req.CSeq().SeqNo); {
	case err == nil:
		log.Debug("call established")
	case errors.Is(err, errCallClosed):
		// BYE, hangup or shutdown while we waited for the ACK: they end
		// the call.
	case errors.Is(err, errNoAck):
		// RFC 3261 section 13.3.1.4: no ACK within 64*T1 confirms the
		// dialog, but the session should end with BYE.
		log.Warn("no ACK for 200 OK, hanging up")
		s.hangup(c, ReasonError)
	case c.cancelled.Load():
		// A CANCEL slipped in between our last check and the 200: sipgo
		// answered 487, so there is no dialog to BYE.
		s.endCall(c, ReasonCancel)
	default:
		log.Warn("sending 200 OK failed", errAttr(err))
		s.hangup(c, ReasonError)
	}
}

// startCall runs the Handler, turning a panic into an error.
func (s *Server) startCall(c *call) (sink Sink, err error) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("StartCall panicked", "panic", redact(fmt.Sprint(r)))
			sink, err = nil, errors.New("sip: StartCall panicked")
		}
	}()
	sink, err = s.h.StartCall(c.ctx, c.info)
	if err != nil {
		var se *StatusError
		if !errors.As(err, &se) {
			err = fmt.Errorf("%w: %w", ErrRejected, err)
		}
		return nil, err
	}
	if sink == nil {
		return nil, fmt.Errorf("%w: nil Sink", ErrRejected)
	}
	return sink, nil
}

var (
	errCallClosed = errors.New("sip: call closed")
	errNoAck      = errors.New("sip: no ACK for 2xx")
)

// sendReliably sends a 2xx to an INVITE and retransmits it until the ACK
// comes (RFC 3261 section 13.3.1.4: T1 doubling up to T2, give up after
// 64*T1). The TU does this, not the transaction (RFC 6026).
func (s *Server) sendReliably(c *call, tx sip.ServerTransaction, res *sip.Response, cseq uint32) error {
	acked := c.expectAck(cseq)
	defer c.forgetAck(acked)
	if err := tx.Respond(res); err != nil {
		return err
	}
	interval := sip.T1
	retransmit := time.NewTimer(interval)
	defer retransmit.Stop()
	giveUp := time.NewTimer(64 * sip.T1)
	defer giveUp.Stop()
	for {
		select {
		case <-acked:
			return nil
		case <-c.Done():
			return errCallClosed
		case <-giveUp.C:
			return errNoAck
		case <-retransmit.C:
			if err := tx.Respond(res); err != nil {
				return err
			}
			interval = min(2*interval, sip.T2)
			retransmit.Reset(interval)
		}
	}
}

// onReInvite answers a re-INVITE on an established dialog with the SDP we
// already gave: we change nothing mid-call (session refresh, hold and
// codec changes keep our side as it is).
func (s *Server) onReInvite(req *sip.Request, tx sip.ServerTransaction) {
	c := s.lookup(req)
	if c == nil {
		s.reply(tx, req, 481, "Call/Transaction Does Not Exist", nil)
		return
	}
	if err := c.dlg.acceptRemoteSeq(req); err != nil {
		// RFC 3261 section 12.2.2.
		s.reply(tx, req, 500, "CSeq Out Of Order", nil, sip.NewHeader("Retry-After", "1"))
		return
	}
	// A UAC sends a new INVITE only after ACKing the previous 2xx (RFC
	// 3261 section 14.1); that ACK may still be behind us in the queue.
	c.ackBefore(req.CSeq().SeqNo)
	res := sip.NewSDPResponseFromRequest(req, c.answer)
	res.AppendHeader(s.contact(req))
	res.AppendHeader(sip.NewHeader("Allow", allowMethods))
	res.AppendHeader(sip.NewHeader("Server", s.cfg.UserAgent))
	if err := s.sendReliably(c, tx, res, req.CSeq().SeqNo); err != nil && !errors.Is(err, errCallClosed) {
		c.log.Debug("re-INVITE answer not acknowledged", errAttr(err))
	}
}

// offerBody returns the SDP of an INVITE: the body itself when it is
// application/sdp, or the SDP part of a multipart body (trunks send SDP
// with ISUP as multipart/mixed, RFC 3204).
func offerBody(req *sip.Request) ([]byte, error) {
	body := req.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrNoSDP
	}
	ct := req.ContentType()
	if ct == nil {
		return nil, fmt.Errorf("%w: no Content-Type", ErrNotSDP)
	}
	mt, params, err := mime.ParseMediaType(ct.Value())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotSDP, err)
	}
	switch {
	case mt == "application/sdp":
		return body, nil
	case strings.HasPrefix(mt, "multipart/") && params["boundary"] != "":
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return nil, fmt.Errorf("%w: no SDP part in %s", ErrNotSDP, mt)
				}
				return nil, fmt.Errorf("%w: %w", ErrMalformedSDP, err)
			}
			pt, _, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
			if err == nil && pt == "application/sdp" {
				sdpBody, err := io.ReadAll(io.LimitReader(part, int64(len(body))))
				if err != nil {
					return nil, fmt.Errorf("%w: %w", ErrMalformedSDP, err)
				}
				return sdpBody, nil
			}
		}
	default:
		return nil, fmt.Errorf("%w: %.40s", ErrNotSDP, mt)
	}
}

// inviteHeader returns a lookup of the request's headers by name.
func inviteHeader(req *sip.Request) func(string) string {
	return func(name string) string {
		if h := req.GetHeader(name); h != nil {
			return h.Value()
		}
		return ""
	}
}
