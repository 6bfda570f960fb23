// Package gateway connects call control to the media and transcription
// path. A Gateway answers calls handed to it by gateway/sip: for each call
// it builds the media chain (reorder -> G.711 decode -> resample to 16 kHz
// -> narrowband band fill) in front of a pipeline.Pipeline, and tears both
// down when the call ends.
//
// Concurrency: StartCall may be called from many goroutines; each call's
// Sink is driven by that call's single RTP goroutine, and End is called once.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway/pipeline"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
)

// Config wires a Gateway.
type Config struct {
	// Narrowband recognises telephone audio (8 kHz codecs upsampled).
	Narrowband stt.Engine
	Bus        *events.Bus
	Store      store.Store
	Log        *slog.Logger
	Now        func() time.Time
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
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Gateway{cfg: cfg, calls: make(map[string]*call)}, nil
}

// ActiveCalls reports the calls whose pipelines are running.
func (g *Gateway) ActiveCalls() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.calls)
}

// StartCall builds the call's media chain and pipeline.
func (g *Gateway) StartCall(ctx context.Context, info sip.CallInfo) (sip.Sink, error) {
	law, err := lawFor(info.Codec)
	if err != nil {
		return nil, err
	}
	log := g.cfg.Log.With("call", info.ID)
	p, err := pipeline.Start(ctx, pipeline.Config{
		CallID: info.ID, Channel: "sip", Route: info.Route, Codec: info.Codec,
		Engine: g.cfg.Narrowband, Publish: g.cfg.Bus.Publish, Store: g.cfg.Store,
		Log: log, Now: g.cfg.Now,
	})
	if err != nil {
		return nil, err
	}
	chain, err := NewTelephoneChain(law, p)
	if err != nil {
		return nil, errors.Join(err, p.Close("error"))
	}
	c := &call{g: g, id: info.ID, log: log, pipe: p, chain: chain, audioPT: info.PayloadType, dtmfPT: info.DTMFPayloadType}
	g.mu.Lock()
	g.calls[info.ID] = c
	g.mu.Unlock()
	log.Info("call media", "chain", chain.String())
	return c, nil
}

type call struct {
	g       *Gateway
	id      string
	log     *slog.Logger
	pipe    *pipeline.Pipeline
	chain   *TelephoneChain
	audioPT uint8
	dtmfPT  uint8
	failed  bool
	endOnce sync.Once
}

// HandleRTP feeds audio packets into the chain. Telephone events are not
// decoded yet; they are dropped here so they never reach the audio decoder.
func (c *call) HandleRTP(pkt *rtp.Packet) error {
	if pkt.PayloadType != c.audioPT || c.failed {
		return nil
	}
	if err := c.chain.HandleRTP(pkt); err != nil {
		// The recogniser is gone (closed or failed): stop feeding it, keep
		// the call up so the caller is not cut off by a transcription fault.
		c.failed = true
		c.log.Error("media chain failed; transcription stopped for this call", "err", err)
		return fmt.Errorf("gateway: %w", err)
	}
	return nil
}

// End flushes the chain and closes the pipeline.
func (c *call) End(reason string) {
	c.endOnce.Do(func() {
		err := c.chain.Flush()
		err = errors.Join(err, c.pipe.Close(reason))
		if err != nil {
			c.log.Error("call teardown", "err", err)
		}
		c.g.mu.Lock()
		delete(c.g.calls, c.id)
		c.g.mu.Unlock()
		c.log.Info("call ended", "reason", reason)
	})
}
