// Package gateway connects call control to the media and transcription
// path. A Gateway answers calls handed to it by gateway/sip: for each call
// it builds the receive chain (quality tap -> jitter buffer with loss
// concealment and the negotiated codec's decoder -> 16 kHz -> in-band DTMF
// detection, and RFC 4733 telephone events beside it) in front of a
// pipeline.Pipeline whose recogniser profile fits the codec (wideband for
// Opus, G.722 and 16 kHz L16, narrowband for G.711), and tears both down
// when the call ends.
//
// Per call it also publishes DTMF digits as console events, masked during
// a sensitive step (SetDTMFSensitive, policy/redact.DTMF), and every
// Config.QualityInterval a quality event with the leg's statistics and
// G.107 MOS, together with an RTCP receiver report to the caller (with an
// XR receiver reference time, so the round-trip time can be measured
// although we send no RTP).
//
// Timing: packets carry their arrival time (sip.ArrivalSink, the kernel's
// receive time) and the jitter buffer plays out on it. The recogniser sits
// behind a bounded queue (Config.STTBacklog) drained by a goroutine owned
// by the call in fixed 20 ms writes, so a slow recogniser never makes
// packets late and its framing does not depend on scheduling; audio beyond
// the backlog is dropped and counted.
//
// Concurrency: StartCall may be called from many goroutines. A call's RTP
// goroutine (HandleRTP), RTCP goroutine (HandleRTCP) and report goroutine
// share its chain under one mutex; End is called once, after the last
// HandleRTP and HandleRTCP, stops the report goroutine, drains the queue
// and then closes the pipeline, so the last quality event comes before
// call.ended.
package gateway

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/console/metrics"
	"github.com/earshot/earshot/gateway/pipeline"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/dtmf"
	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/policy/consent"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
)

// DefaultQualityInterval is how often a call publishes a quality event and
// sends an RTCP report: RFC 3550's 5 s minimum report interval.
const DefaultQualityInterval = 5 * time.Second

// LegCaller names the leg of a quality event: the audio we receive from
// the caller.
const LegCaller = "caller"

// DTMFModeHeader is the INVITE header whose value "sensitive" starts the
// call inside a sensitive DTMF step, as if SetDTMFSensitive(id, true) had
// been called at once; the console API closes it.
const DTMFModeHeader = "X-Earshot-DTMF-Mode"

// ErrNoCall is returned for a call ID that is not active.
var ErrNoCall = errors.New("gateway: no such active call")

// Config wires a Gateway.
type Config struct {
	// Narrowband recognises telephone audio (8 kHz codecs upsampled);
	// Wideband recognises 16 kHz codecs (Opus, G.722, L16/16000). A nil
	// Wideband uses Narrowband for every call.
	Narrowband stt.Engine
	Wideband   stt.Engine
	Bus        *events.Bus
	Store      store.Store
	Log        *slog.Logger
	Now        func() time.Time
	// QualityInterval is how often quality events and RTCP reports go
	// out (DefaultQualityInterval if zero).
	QualityInterval time.Duration
	// Metrics, if set, receives the calls' counters and histograms.
	Metrics *Metrics
	// STTBacklog is how much audio a call queues for a recogniser that
	// falls behind before it drops audio (DefaultSTTBacklog if zero).
	STTBacklog time.Duration
	// Privacy, if set, gives each call its data subject (the From user),
	// consent gate and recording (policy/privacy); ConsentHeader names the
	// INVITE header that carries an upstream system's consent
	// (consent.HeaderName if empty).
	Privacy       *privacy.Service
	ConsentHeader string
}

// QualityStore is what a call needs of a store that keeps the last quality
// report of each call leg (policy/store's backends implement it); the
// Gateway uses it when Config.Store does.
type QualityStore interface {
	PutQuality(ctx context.Context, callID, leg string, r quality.Report) error
}

// Gateway implements sip.Handler.
type Gateway struct {
	cfg Config

	mu    sync.Mutex
	calls map[string]*call
}

// New returns a Gateway.
func New(cfg Config) (*Gateway, error) {
	if cfg.Narrowband == nil {
		return nil, errors.New("gateway: no STT engine")
	}
	if cfg.Bus == nil {
		return nil, errors.New("gateway: no event bus")
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
	if cfg.STTBacklog <= 0 {
		cfg.STTBacklog = DefaultSTTBacklog
	}
	return &Gateway{cfg: cfg, calls: make(map[string]*call)}, nil
}

// ActiveCalls reports the calls whose pipelines are running.
func (g *Gateway) ActiveCalls() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.calls)
}

// SetDTMFSensitive opens (true) or closes (false) a sensitive step on the
// call: while it is open DTMF keys are counted, not shown, and closing it
// publishes only how many were pressed (policy/redact.DTMF). It returns
// ErrNoCall for an unknown or ended call.
func (g *Gateway) SetDTMFSensitive(callID string, sensitive bool) error {
	g.mu.Lock()
	c := g.calls[callID]
	g.mu.Unlock()
	if c == nil {
		return ErrNoCall
	}
	c.setSensitive(sensitive)
	return nil
}

// StartCall builds the call's media chain and pipeline.
func (g *Gateway) StartCall(ctx context.Context, info sip.CallInfo) (sip.Sink, error) {
	log := g.cfg.Log.With("call", info.ID)
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	c := &call{
		g:      g,
		id:     info.ID,
		log:    log,
		rtcp:   info.RTCP,
		cname:  hex.EncodeToString(rnd[4:]),
		masker: redact.NewDTMF(),
		quit:   make(chan struct{}),
	}
	c.clock = newAudioClock(g.cfg.Now)
	chain, err := NewReceiveChain(LegConfig{
		Codec: info.Codec, PayloadType: info.PayloadType, ClockRate: info.ClockRate,
		DTMFPayloadType: info.DTMFPayloadType, DTMFClockRate: info.DTMFClockRate,
		LocalSSRC: binary.BigEndian.Uint32(rnd[:4]), Now: g.cfg.Now, OnDigit: c.digit,
	}, c.clock)
	if err != nil {
		return nil, err
	}
	c.chain = chain
	engine := g.cfg.Narrowband
	if chain.Wideband() {
		engine = g.cfg.Wideband
	}
	c.stt = &streamCatcher{Engine: engine}
	p, err := pipeline.Start(ctx, pipeline.Config{
		CallID: info.ID, Channel: "sip", Route: info.Route, Codec: info.Codec,
		Engine: c.stt, Publish: c.publish, Store: g.cfg.Store,
		Log: log, Now: g.cfg.Now,
		Privacy: g.cfg.Privacy, Caller: info.From, ConsentHeader: g.consentHeader(info),
	})
	if err != nil {
		return nil, errors.Join(err, chain.Close())
	}
	c.pipe = p
	var backlog *metrics.Gauge
	if g.cfg.Metrics != nil {
		backlog = g.cfg.Metrics.STTBacklog
	}
	c.feed = newSTTFeeder(p, g.cfg.STTBacklog, backlog, log)
	c.clock.next = c.feed
	g.mu.Lock()
	g.calls[info.ID] = c
	g.mu.Unlock()
	if m := g.cfg.Metrics; m != nil {
		m.CallsTotal.Inc()
		m.CallsActive.Add(1)
	}
	band := "narrowband"
	if chain.Wideband() {
		band = "wideband"
	}
	log.Info("call media", "chain", chain.String()+" -> "+p.String(), "stt_profile", band, "srtp", info.SRTP)
	if info.Header != nil && strings.EqualFold(strings.TrimSpace(info.Header(DTMFModeHeader)), "sensitive") {
		// An IVR that knows the call starts with a card number or PIN
		// says so in the INVITE.
		c.setSensitive(true)
	}
	c.wg.Add(1)
	go c.reportLoop(g.cfg.QualityInterval)
	return c, nil
}

// call is one call's sink.
type call struct {
	g     *Gateway
	id    string
	log   *slog.Logger
	pipe  *pipeline.Pipeline
	clock *audioClock
	feed  *sttFeeder
	stt   *streamCatcher
	rtcp  sip.RTCPWriter
	cname string

	// mu guards chain (with its quality leg and jitter buffer) and the
	// counters below between the RTP, RTCP and report goroutines.
	mu           sync.Mutex
	chain        *ReceiveChain
	failed       bool
	lastReceived uint64
	lastLost     int64

	// dtmfMu guards masker: keys come from the RTP goroutine, sensitive
	// steps from the console.
	dtmfMu sync.Mutex
	masker *redact.DTMF

	quit    chan struct{}
	wg      sync.WaitGroup
	endOnce sync.Once
}

// HandleRTP feeds the leg's packets into the chain, arriving now.
func (c *call) HandleRTP(pkt *rtp.Packet) error { return c.HandleRTPAt(pkt, c.g.cfg.Now()) }

// HandleRTPAt feeds the leg's packets into the chain with their arrival
// time (sip.ArrivalSink).
func (c *call) HandleRTPAt(pkt *rtp.Packet, arrival time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.chain.HandleRTPAt(pkt, arrival); err != nil && !c.failed {
		// The recogniser is gone (closed or failed): keep the call up so
		// the caller is not cut off by a transcription fault, and keep
		// measuring its quality.
		c.failed = true
		c.log.Error("media chain failed; transcription stopped for this call", "err", err)
	}
	return nil
}

// HandleRTCP takes the caller's reports into the leg's quality state.
func (c *call) HandleRTCP(pkts []rtcp.Packet) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.chain.Leg().ProcessRTCP(pkts, c.g.cfg.Now())
	return nil
}

// publish passes the pipeline's events on, measuring how long a final
// transcript took from the end of its audio.
func (c *call) publish(ev events.Event) {
	if ev.Type == events.TranscriptFinal {
		if at, ok := c.clock.writtenAt(ev.EndMS); ok {
			if m := c.g.cfg.Metrics; m != nil {
				m.PipelineLatency.Observe(ev.TS.Sub(at).Seconds())
			}
		}
	}
	c.g.cfg.Bus.Publish(ev)
}

// digit publishes one DTMF key press, masked in a sensitive step. The key
// is never logged.
func (c *call) digit(ev dtmf.Event) {
	c.dtmfMu.Lock()
	defer c.dtmfMu.Unlock()
	shown, show, err := c.masker.Key(ev.Digit)
	if err != nil {
		return // the detectors only report the 16 keys
	}
	if m := c.g.cfg.Metrics; m != nil {
		m.DTMFDigits.Inc()
	}
	if show {
		c.g.cfg.Bus.Publish(events.NewDTMF(c.id, shown, c.g.cfg.Now().UTC()))
		return
	}
	// A key of a sensitive step: never in a recording either. In-band
	// digits are timed on the audio; telephone events are not, so the
	// audio around now is muted.
	if ev.Source == dtmf.SourceInband {
		c.pipe.MuteDTMF(ev.Start, ev.Duration)
	} else {
		c.pipe.MuteDTMF(c.pipe.MediaTime()-ev.Duration-500*time.Millisecond, ev.Duration+1500*time.Millisecond)
	}
}

// consentHeader returns the value of the call's consent header, "" if
// there is none or no privacy service.
func (g *Gateway) consentHeader(info sip.CallInfo) string {
	if g.cfg.Privacy == nil || info.Header == nil {
		return ""
	}
	name := g.cfg.ConsentHeader
	if name == "" {
		name = consent.HeaderName
	}
	return info.Header(name)
}

func (c *call) setSensitive(on bool) {
	c.dtmfMu.Lock()
	defer c.dtmfMu.Unlock()
	if on {
		c.masker.Begin()
		c.log.Info("DTMF sensitive step started")
		return
	}
	c.endSensitiveLocked()
}

// endSensitiveLocked closes a sensitive step, publishing its key count.
func (c *call) endSensitiveLocked() {
	if summary, n, ok := c.masker.End(); ok {
		c.g.cfg.Bus.Publish(events.NewDTMFMasked(c.id, summary, n, c.g.cfg.Now().UTC()))
		c.log.Info("DTMF sensitive step ended")
	}
}

// reportLoop publishes quality and sends RTCP every interval, varied by
// ±50 % as RFC 3550 section 6.2 asks so that calls do not report in step,
// until quit.
func (c *call) reportLoop(interval time.Duration) {
	defer c.wg.Done()
	t := time.NewTimer(jittered(interval))
	defer t.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-t.C:
		}
		c.report(false)
		t.Reset(jittered(interval))
	}
}

// jittered returns d times a random factor in [0.5, 1.5).
func jittered(d time.Duration) time.Duration {
	var b [2]byte
	if _, err := rand.Read(b[:]); err != nil {
		return d
	}
	f := 0.5 + float64(binary.BigEndian.Uint16(b[:]))/65536
	return time.Duration(float64(d) * f)
}

// report publishes the leg's quality and, unless final, sends our RTCP.
func (c *call) report(final bool) {
	now := c.g.cfg.Now()
	c.mu.Lock()
	r := c.chain.Report()
	var pkts []rtcp.Packet
	if !final && c.rtcp != nil {
		pkts = c.chain.Leg().Compound(now, c.cname)
	}
	dRecv := r.PacketsReceived - c.lastReceived
	dLost := r.PacketsLost - c.lastLost
	c.lastReceived, c.lastLost = r.PacketsReceived, max(r.PacketsLost, c.lastLost)
	c.mu.Unlock()

	if pkts != nil {
		if err := c.rtcp.WriteRTCP(pkts); err != nil && !errors.Is(err, net.ErrClosed) {
			c.log.Debug("send RTCP", "err", err)
		}
	}
	if m := c.g.cfg.Metrics; m != nil {
		m.PacketsReceived.Add(float64(dRecv))
		m.PacketsLost.Add(float64(dLost))
		if r.PacketsReceived > 0 {
			m.Jitter.Observe(r.Jitter)
			if final {
				m.MOS.Observe(r.MOS)
			}
		}
	}
	c.g.cfg.Bus.Publish(events.NewQuality(c.id, LegCaller, r, now.UTC()))
	if qs, ok := c.g.cfg.Store.(QualityStore); ok && final {
		// The call's last report is what is kept (the pipeline has not
		// ended the call yet, so it exists in the store).
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := qs.PutQuality(ctx, c.id, LegCaller, r)
		cancel()
		if err != nil {
			c.log.Warn("store quality report", "err", err)
		}
	}
}

// End stops the reports, flushes the chain, publishes the last quality
// report and the count of an open sensitive step, and closes the
// pipeline.
func (c *call) End(reason string) {
	c.endOnce.Do(func() {
		close(c.quit)
		c.wg.Wait()
		c.mu.Lock()
		err := c.chain.Flush()
		c.mu.Unlock()
		c.report(true)
		c.dtmfMu.Lock()
		c.endSensitiveLocked()
		c.dtmfMu.Unlock()
		err = errors.Join(err, c.feed.Close(), c.pipe.Close(reason), c.chain.Close())
		if d := c.feed.Dropped(); d > 0 {
			c.log.Warn("audio dropped because the recogniser fell behind", "dropped", d)
			if m := c.g.cfg.Metrics; m != nil {
				m.STTDropped.Add(d.Seconds())
			}
		}
		if err != nil && !c.failed {
			c.log.Error("call teardown", "err", err)
		}
		if u, ok := c.stt.stream.(stt.Usage); ok {
			if audio, busy := u.Usage(); audio > 0 {
				if m := c.g.cfg.Metrics; m != nil {
					m.STTRealTimeFactor.Observe(busy.Seconds() / audio.Seconds())
				}
			}
		}
		c.g.mu.Lock()
		delete(c.g.calls, c.id)
		c.g.mu.Unlock()
		if m := c.g.cfg.Metrics; m != nil {
			m.CallsActive.Add(-1)
		}
		c.log.Info("call ended", "reason", reason)
	})
}

// streamCatcher is the call's view of its STT engine: it keeps the one
// stream the pipeline opens, so that its usage can be read at the end.
type streamCatcher struct {
	stt.Engine
	stream stt.Stream
}

// NewStream opens the stream and keeps it.
func (e *streamCatcher) NewStream(ctx context.Context, rate int) (stt.Stream, error) {
	s, err := e.Engine.NewStream(ctx, rate)
	e.stream = s
	return s, err
}

// String names the sink in logs.
func (c *call) String() string { return fmt.Sprintf("call %s", c.id) }
