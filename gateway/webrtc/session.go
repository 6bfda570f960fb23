package webrtc

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway"
	"github.com/earshot/earshot/gateway/pipeline"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/policy/consent"
)

// LegCaller names the leg of a call's quality events: the audio we
// receive from the caller (as for SIP calls).
const LegCaller = gateway.LegCaller

// Channel is the channel of WebRTC calls' events.
const Channel = "webrtc"

// Identity is the caller identity a WebRTC call gives policy/privacy: a
// web caller is anonymous, so each call is its own subject ("webrtc:"
// and the call ID), which its consent, recording and erasure attach to.
func Identity(callID string) string { return "webrtc:" + callID }

// callRequest is what a WHIP request says about the call it starts.
type callRequest struct {
	route     string
	offer     string
	consent   string // "granted", "denied" or "" (not asked)
	addrHash  string
	userAgent string
}

// session is one WHIP call. It owns its PeerConnection, receive chain
// and pipeline, and its goroutines (RTP and RTCP readers, the report
// loop); close ends them all once.
type session struct {
	srv   *Server
	id    string
	token string
	log   *slog.Logger
	pc    *webrtc.PeerConnection

	// mu guards the chain, the client report and closed between the
	// reader, report and HTTP goroutines.
	mu       sync.Mutex
	chain    *gateway.ReceiveChain
	pipe     *pipeline.Pipeline
	client   quality.ClientReport
	failed   bool
	closed   bool
	haveTrak bool
	dropped  int // samples dropped on a full PCM queue

	pcm     chan []int16  // chain -> writePCM
	written chan struct{} // closed when writePCM has returned

	quit      chan struct{}
	done      chan struct{} // closed when the call has ended
	wg        sync.WaitGroup
	closeOnce sync.Once
}

// negotiated maps the answer's first audio format to a receive chain
// codec.
func negotiated(answer string) (codec string, pt uint8, rate int, err error) {
	var d sdp.SessionDescription
	if err := d.UnmarshalString(answer); err != nil {
		return "", 0, 0, err
	}
	for _, m := range d.MediaDescriptions {
		if m.MediaName.Media != "audio" || m.MediaName.Port.Value == 0 || len(m.MediaName.Formats) == 0 {
			continue
		}
		var p int
		if _, err := fmt.Sscanf(m.MediaName.Formats[0], "%d", &p); err != nil {
			return "", 0, 0, err
		}
		c, err := d.GetCodecForPayloadType(uint8(p))
		if err != nil {
			return "", 0, 0, err
		}
		switch strings.ToLower(c.Name) {
		case "opus":
			return sip.CodecOpus, uint8(p), int(c.ClockRate), nil
		case "pcmu":
			return sip.CodecPCMU, uint8(p), 8000, nil
		case "pcma":
			return sip.CodecPCMA, uint8(p), 8000, nil
		}
		return "", 0, 0, fmt.Errorf("codec %s", c.Name)
	}
	return "", 0, 0, errors.New("no audio in the answer")
}

// start negotiates the call, builds its chain and pipeline and returns
// the SDP answer with every local candidate.
func (s *Server) start(ctx context.Context, req callRequest) (*session, string, error) {
	id, err := newCallID()
	if err != nil {
		return nil, "", err
	}
	token, err := newToken()
	if err != nil {
		return nil, "", err
	}
	pc, err := s.api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, "", fmt.Errorf("webrtc: peer connection: %w", err)
	}
	fail := func(err error) (*session, string, error) {
		return nil, "", errors.Join(err, pc.Close())
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: req.offer}); err != nil {
		return fail(&offerError{400, "SDP offer not acceptable: " + err.Error()})
	}
	for _, tr := range pc.GetTransceivers() {
		if tr.Kind() == webrtc.RTPCodecTypeAudio {
			// Opus first: the answer takes the first common codec.
			_ = tr.SetCodecPreferences(codecs) // fails only for codecs the offer lacks
		}
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		return fail(&offerError{400, "no answer to this offer: " + err.Error()})
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(answer); err != nil {
		return fail(fmt.Errorf("webrtc: set local description: %w", err))
	}
	select {
	case <-gathered:
	case <-ctx.Done():
		return fail(ctx.Err())
	case <-time.After(5 * time.Second):
		return fail(errors.New("webrtc: ICE gathering timed out"))
	}
	local := pc.LocalDescription()
	codec, pt, rate, err := negotiated(local.SDP)
	if err != nil {
		return fail(&offerError{400, "no common audio codec (want opus, PCMU or PCMA)"})
	}

	c := &session{
		srv: s, id: id, token: token, pc: pc,
		log:  s.log.With("call", id),
		quit: make(chan struct{}), done: make(chan struct{}),
		pcm: make(chan []int16, pcmQueueLen), written: make(chan struct{}),
	}
	c.client.AddrHash = req.addrHash
	c.client.Browser, c.client.BrowserVersion = browserOf(req.userAgent)
	var rnd [4]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return fail(err)
	}
	chain, err := gateway.NewReceiveChain(gateway.LegConfig{
		Codec: codec, PayloadType: pt, ClockRate: rate,
		LocalSSRC: binary.BigEndian.Uint32(rnd[:]), Now: s.cfg.Now, JitterDelay: JitterDelay,
	}, pcmTo{c})
	if err != nil {
		return fail(err)
	}
	engine := s.cfg.Narrowband
	if chain.Wideband() {
		engine = s.cfg.Wideband
	}
	// Wait for a free recogniser only as long as a caller would.
	startCtx, cancel := context.WithTimeout(ctx, sttWait)
	defer cancel()
	p, err := pipeline.Start(startCtx, pipeline.Config{
		CallID: id, Channel: Channel, Route: req.route, Codec: codec,
		Engine: engine, Publish: s.cfg.Bus.Publish, Store: s.cfg.Store,
		Log: c.log, Now: s.cfg.Now,
		Privacy: s.cfg.Privacy, Caller: Identity(id),
	})
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = &offerError{http.StatusServiceUnavailable, "all recognisers are busy; call again later"}
		}
		return fail(errors.Join(err, chain.Close()))
	}
	if s.cfg.Privacy != nil && req.consent != "" {
		// The caller answered the widget's consent question before
		// calling: recorded as given through the API, by the caller.
		err := s.cfg.Privacy.SetConsent(detached(ctx), id, consent.State(req.consent), consent.API, "webrtc:caller", "")
		if err != nil {
			c.log.Error("record the caller's consent", "err", err)
		}
	}
	c.chain, c.pipe = chain, p
	go c.writePCM()
	if err := s.register(c); err != nil {
		close(c.pcm)
		<-c.written
		_ = p.Close("shutdown")
		return fail(errors.Join(err, chain.Close()))
	}

	pc.OnTrack(c.onTrack)
	pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		switch st {
		case webrtc.PeerConnectionStateFailed:
			s.closeAsync(c, "ice-failed")
		case webrtc.PeerConnectionStateClosed:
			s.closeAsync(c, "closed")
		}
	})
	band := "narrowband"
	if chain.Wideband() {
		band = "wideband"
	}
	c.log.Info("webrtc call media", "chain", chain.String()+" -> "+p.String(), "stt_profile", band, "consent_asked", req.consent != "")
	c.wg.Add(1)
	go c.reportLoop(s.cfg.QualityInterval)
	return c, local.SDP, nil
}

// JitterDelay is the jitter buffer floor of a WebRTC leg: a browser's
// sender and the open internet stall longer than a SIP trunk, and the
// recogniser hears every concealed frame, while 200 ms of caption latency
// goes unnoticed next to its 600 ms end-of-utterance wait.
const JitterDelay = 200 * time.Millisecond

// sttWait is how long an offer waits for a free recogniser before it is
// refused with 503.
const sttWait = 10 * time.Second

// pcmQueueLen bounds the audio queued between the chain and the
// recogniser: 1500 writes of typically 20 ms, about 30 s (under 1 MB).
const pcmQueueLen = 1500

// pcmTo queues the chain's PCM for the session's writer goroutine, so a
// recogniser that falls behind never stalls the RTP reader (whose late
// packets the jitter buffer would discard). A full queue drops audio.
type pcmTo struct{ c *session }

func (p pcmTo) WritePCM(samples []int16) error {
	select {
	case p.c.pcm <- append([]int16(nil), samples...):
	default:
		p.c.dropped += len(samples) // under c.mu, held by the chain's callers
	}
	return nil
}

func (p pcmTo) String() string { return "Queue -> " + p.c.pipe.String() }

// writePCM feeds the queued audio to the pipeline until the queue is
// closed.
func (c *session) writePCM() {
	defer close(c.written)
	failed := false
	for samples := range c.pcm {
		if failed {
			continue
		}
		if err := c.pipe.WritePCM(samples); err != nil {
			// The recogniser is gone: keep the call up and measured.
			failed = true
			c.log.Error("recogniser failed; transcription stopped for this call", "err", err)
		}
	}
}

// onTrack runs on pion's goroutine for the caller's audio track: it
// reads the track's RTP and the receiver's RTCP until the connection
// closes. Only the first audio track is taken.
func (c *session) onTrack(tr *webrtc.TrackRemote, recv *webrtc.RTPReceiver) {
	c.mu.Lock()
	if c.closed || c.haveTrak || tr.Kind() != webrtc.RTPCodecTypeAudio {
		c.mu.Unlock()
		return
	}
	c.haveTrak = true
	c.wg.Add(2)
	c.mu.Unlock()
	go c.readRTCP(recv)
	defer c.wg.Done()
	for {
		pkt, _, err := tr.ReadRTP()
		if err != nil {
			return // the connection closed
		}
		c.handleRTP(pkt)
	}
}

func (c *session) handleRTP(pkt *rtp.Packet) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.chain.HandleRTP(pkt); err != nil && !c.failed {
		c.failed = true
		c.log.Error("media chain failed; transcription stopped for this call", "err", err)
	}
}

func (c *session) readRTCP(recv *webrtc.RTPReceiver) {
	defer c.wg.Done()
	for {
		pkts, _, err := recv.ReadRTCP()
		if err != nil {
			return
		}
		c.mu.Lock()
		c.chain.Leg().ProcessRTCP(pkts, c.srv.cfg.Now())
		c.mu.Unlock()
	}
}

// reportLoop publishes the call's quality every interval, and ends a
// call that has not connected within connectTimeout.
func (c *session) reportLoop(interval time.Duration) {
	defer c.wg.Done()
	t := time.NewTicker(interval)
	defer t.Stop()
	connect := time.NewTimer(connectTimeout)
	defer connect.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-connect.C:
			if c.pc.ConnectionState() != webrtc.PeerConnectionStateConnected {
				c.srv.closeAsync(c, "connect-timeout")
			}
		case <-t.C:
			c.srv.cfg.Bus.Publish(events.NewQuality(c.id, LegCaller, c.report(), c.srv.cfg.Now().UTC()))
		}
	}
}

// report merges the server's figures, pion's ICE round-trip time and the
// client's last summary.
func (c *session) report() quality.Report {
	var ice *float64
	if pair, ok := c.iceStats(); ok && pair.CurrentRoundTripTime > 0 {
		v := pair.CurrentRoundTripTime
		ice = &v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.chain.Report()
	if r.RoundTripTime == nil {
		r.RoundTripTime = ice
	}
	if c.client.Reports > 0 || c.client.Browser != "" {
		cl := c.client
		r.Client = &cl
	}
	return r
}

// iceStats returns the selected candidate pair's statistics.
func (c *session) iceStats() (webrtc.ICECandidatePairStats, bool) {
	sctp := c.pc.SCTP()
	if sctp != nil && sctp.Transport() != nil {
		return sctp.Transport().ICETransport().GetSelectedCandidatePairStats()
	}
	for _, tr := range c.pc.GetTransceivers() {
		if r := tr.Receiver(); r != nil && r.Transport() != nil {
			return r.Transport().ICETransport().GetSelectedCandidatePairStats()
		}
	}
	return webrtc.ICECandidatePairStats{}, false
}

// setClient takes the browser's summary.
func (c *session) setClient(s clientStats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.apply(&c.client)
	c.client.Reports++
}

// close ends the call once: the connection (so the readers return), the
// report loop, then the chain's tail, the last quality event and the
// pipeline (call.ended).
func (c *session) close(reason string) {
	c.closeOnce.Do(func() {
		c.srv.unregister(c)
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		close(c.quit)
		last := c.report() // before the connection's stats are gone
		err := c.pc.Close()
		c.wg.Wait()
		c.mu.Lock()
		err = errors.Join(err, c.chain.Flush())
		dropped := c.dropped
		c.mu.Unlock()
		close(c.pcm)
		<-c.written
		if dropped > 0 {
			c.log.Warn("recogniser fell behind; audio dropped", "samples", dropped)
		}
		final := c.report()
		final.RoundTripTime = last.RoundTripTime
		c.srv.cfg.Bus.Publish(events.NewQuality(c.id, LegCaller, final, c.srv.cfg.Now().UTC()))
		if qs, ok := c.srv.cfg.Store.(gateway.QualityStore); ok {
			if err := qs.PutQuality(context.Background(), c.id, LegCaller, final); err != nil {
				c.log.Warn("store quality report", "err", err)
			}
		}
		err = errors.Join(err, c.pipe.Close(reason), c.chain.Close())
		if err != nil && !c.failed && !errors.Is(err, net.ErrClosed) {
			c.log.Error("call teardown", "err", err)
		}
		close(c.done)
		c.log.Info("webrtc call ended", "reason", reason)
	})
}

// String names the call in logs.
func (c *session) String() string { return "webrtc call " + c.id }
