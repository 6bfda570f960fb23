// Package pipeline turns one call's audio into redacted transcript events.
//
// A Pipeline takes 16 kHz mono PCM (WritePCM), feeds it to a speech-to-text
// stream, passes every partial and final hypothesis through the call's
// redact.Stream, and only then publishes events and stores final segments.
// Raw hypotheses never leave the results goroutine: events and the store
// accept only redact.Redacted values.
//
// With Config.Privacy set, the pipeline also hands the call to
// policy/privacy: the caller's identity and consent header at Start, every
// sample (the recording tap behind the consent gate, and the call's media
// clock), each partial's utterance start and each final's words with
// their redaction (to mute the entities in the recording and to seal the
// raw text without CVVs), and the end of the call. Nothing else here
// keeps audio or raw text.
//
// Lifetime: Start creates the STT stream and one results goroutine owned by
// the Pipeline. Close(reason) ends the audio, waits for the last final
// result to be redacted, published and stored, records the end of the call
// and publishes call.ended. Close is idempotent. WritePCM must not be called
// concurrently with itself or after Close.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
)

// SampleRate is the rate of the PCM a Pipeline takes.
const SampleRate = 16000

// Config describes one call's pipeline.
type Config struct {
	CallID  string
	Channel string // "sip", "webrtc", "file"
	Route   string
	Codec   string
	Engine  stt.Engine
	// Publish receives every event; it must not block for long.
	Publish func(events.Event)
	// Store persists the call and its final segments; nil keeps nothing.
	Store store.Store
	Log   *slog.Logger
	Now   func() time.Time
	// Privacy, if set, gives the call its consent-gated recording and
	// sealed raw transcript (see the package doc); it needs Store.
	Privacy *privacy.Service
	// Caller is the caller's identity (SIP From user part) and
	// ConsentHeader the value of the consent SIP header ("" if absent).
	// Both are personal data: only Privacy sees them.
	Caller        string
	ConsentHeader string
}

// Pipeline is one call's PCM -> STT -> redaction -> events path.
type Pipeline struct {
	cfg    Config
	stream stt.Stream
	log    *slog.Logger
	ctx    context.Context // for store writes; detached from the caller's cancel

	priv      *privacy.Call // nil without Config.Privacy
	samples   atomic.Int64  // written so far: the call's media clock
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
	storeErr  error // first store failure, reported by Close
}

// Start opens the STT stream, records and announces the call, and starts
// the results goroutine.
func Start(ctx context.Context, cfg Config) (*Pipeline, error) {
	if cfg.Engine == nil {
		return nil, errors.New("pipeline: no STT engine")
	}
	if cfg.Publish == nil {
		cfg.Publish = func(events.Event) {}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	stream, err := cfg.Engine.NewStream(ctx, SampleRate)
	if err != nil {
		return nil, fmt.Errorf("pipeline: open STT stream: %w", err)
	}
	p := &Pipeline{
		cfg:    cfg,
		stream: stream,
		log:    cfg.Log,
		ctx:    context.WithoutCancel(ctx),
	}
	started := cfg.Now().UTC()
	if cfg.Store != nil {
		err := cfg.Store.CreateCall(p.ctx, store.Call{
			ID: cfg.CallID, Channel: cfg.Channel, Route: cfg.Route, Codec: cfg.Codec, StartedAt: started,
		})
		if err != nil {
			_ = stream.Close() // the store error is the one worth reporting
			return nil, fmt.Errorf("pipeline: record call: %w", err)
		}
	}
	if cfg.Privacy != nil {
		if cfg.Store == nil {
			_ = stream.Close()
			return nil, errors.New("pipeline: privacy needs a store")
		}
		priv, err := cfg.Privacy.StartCall(p.ctx, privacy.CallStart{CallID: cfg.CallID, Caller: cfg.Caller, ConsentHeader: cfg.ConsentHeader})
		if err != nil {
			_ = stream.Close()
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		p.priv = priv
	}
	cfg.Publish(events.Event{
		Type: events.CallStarted, CallID: cfg.CallID, TS: started,
		Channel: cfg.Channel, Route: cfg.Route, Codec: cfg.Codec,
	})
	p.wg.Add(1)
	go p.results()
	return p, nil
}

// WritePCM feeds 16 kHz mono samples to the recogniser, and to the
// call's recording tap (which records only while consent is granted).
func (p *Pipeline) WritePCM(samples []int16) error {
	if p.priv != nil {
		p.priv.WritePCM(samples)
	}
	p.samples.Add(int64(len(samples)))
	return p.stream.Write(samples)
}

// MediaTime returns how much audio the pipeline has been given: the
// call's media clock, on which recordings and mutes are placed.
func (p *Pipeline) MediaTime() time.Duration {
	return time.Duration(p.samples.Load()) * time.Second / SampleRate
}

// MuteDTMF mutes a key pressed in a sensitive step (start and duration on
// the call's media clock) in the call's recording, if it has one.
func (p *Pipeline) MuteDTMF(start, duration time.Duration) {
	if p.priv == nil {
		return
	}
	if err := p.priv.MuteDTMF(p.ctx, start, duration); err != nil {
		p.log.Error("mute DTMF in recording", "err", err)
	}
}

// String names the stage for media chain logs.
func (p *Pipeline) String() string { return "STT+Redact" }

// results owns the redaction state: hypotheses are redacted here, in order,
// before anything else sees them.
func (p *Pipeline) results() {
	defer p.wg.Done()
	red := redact.NewStream()
	seq := 0
	lastPartial := ""
	words := make([]string, 0, 64)
	timed := make([]stt.Word, 0, 64)
	for r := range p.stream.Results() {
		words, timed = words[:0], timed[:0]
		for _, w := range r.Words {
			if t := strings.TrimSpace(w.Text); t != "" {
				words = append(words, t)
				timed = append(timed, stt.Word{Text: t, StartMS: w.StartMS, EndMS: w.EndMS})
			}
		}
		now := p.cfg.Now().UTC()
		if !r.Final {
			if p.priv != nil && len(timed) > 0 {
				p.priv.Partial(timed[0].StartMS)
			}
			red := red.Partial(words)
			if red.Text() == lastPartial || red.Text() == "" {
				continue
			}
			lastPartial = red.Text()
			p.cfg.Publish(events.NewTranscript(p.cfg.CallID, false, seq, red, r.StartMS, r.EndMS, now))
			continue
		}
		out := red.Final(words)
		lastPartial = ""
		if p.priv != nil {
			if err := p.priv.Final(p.ctx, seq, timed, out, r.StartMS, r.EndMS); err != nil && p.storeErr == nil {
				p.storeErr = err
				p.log.Error("privacy: final", "seq", seq, "err", err)
			}
		}
		if out.Text() == "" {
			continue
		}
		if p.cfg.Store != nil {
			err := p.cfg.Store.AddSegment(p.ctx, store.Segment{
				CallID: p.cfg.CallID, Seq: seq, StartMS: r.StartMS, EndMS: r.EndMS, Redacted: out,
			})
			if err != nil && p.storeErr == nil {
				p.storeErr = fmt.Errorf("pipeline: store segment %d: %w", seq, err)
				p.log.Error("store segment failed", "seq", seq, "err", err)
			}
		}
		p.cfg.Publish(events.NewTranscript(p.cfg.CallID, true, seq, out, r.StartMS, r.EndMS, now))
		seq++
	}
}

// Close ends the audio, waits for the last results, records the end of the
// call and publishes call.ended. It is idempotent; later calls return the
// first call's error.
func (p *Pipeline) Close(reason string) error {
	p.closeOnce.Do(func() {
		errs := []error{p.stream.Close()}
		p.wg.Wait()
		errs = append(errs, p.storeErr)
		if p.priv != nil {
			errs = append(errs, p.priv.Close(p.ctx))
		}
		ended := p.cfg.Now().UTC()
		if p.cfg.Store != nil {
			if err := p.cfg.Store.EndCall(p.ctx, p.cfg.CallID, ended, reason); err != nil {
				errs = append(errs, fmt.Errorf("pipeline: record call end: %w", err))
			}
		}
		p.cfg.Publish(events.Event{Type: events.CallEnded, CallID: p.cfg.CallID, TS: ended, Reason: reason, Channel: p.cfg.Channel})
		p.closeErr = errors.Join(errs...)
	})
	return p.closeErr
}
