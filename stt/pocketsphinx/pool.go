package pocketsphinx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// ErrEngineClosed is returned by NewStream after Engine.Close.
var ErrEngineClosed = errors.New("pocketsphinx: engine closed")

// pool keeps up to size warm decoders. Decoders are created in the
// background (one at a time: each takes ~0.4 s of CPU and ~90 MB) and
// handed to one stream at a time; a stream gives its decoder back when it
// closes and the decoder is reused, not recreated.
type pool struct {
	size   int
	create func() (*decoder, error)
	log    *slog.Logger

	free chan *decoder // idle decoders; capacity size, so sends never block
	stop chan struct{} // closed by close
	// ready is closed when the initial fill has finished (successfully
	// or not).
	ready chan struct{}
	// dead is closed when decoder creation failed and no decoder exists,
	// so waiting for one would wait forever.
	dead chan struct{}
	wg   sync.WaitGroup // creator goroutines

	mu      sync.Mutex
	closed  bool
	live    int   // decoders created and not yet freed
	initErr error // first creation error
}

func newPool(size int, create func() (*decoder, error), log *slog.Logger) *pool {
	p := &pool{
		size:   size,
		create: create,
		log:    log,
		free:   make(chan *decoder, size),
		stop:   make(chan struct{}),
		ready:  make(chan struct{}),
		dead:   make(chan struct{}),
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(p.ready)
		for range size {
			if !p.add() {
				return
			}
		}
	}()
	return p
}

// add creates one decoder and makes it available. It reports false when
// the pool is closing or creation failed.
func (p *pool) add() bool {
	select {
	case <-p.stop:
		return false
	default:
	}
	start := time.Now()
	d, err := p.create()
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		if p.initErr == nil {
			p.initErr = err
		}
		p.log.Error("pocketsphinx decoder creation failed", "err", err, "live", p.live)
		if p.live == 0 {
			p.closeDead()
		}
		return false
	}
	if p.closed {
		d.free()
		return false
	}
	p.live++
	p.log.Debug("pocketsphinx decoder ready", "took", time.Since(start), "live", p.live, "size", p.size)
	p.free <- d
	return true
}

func (p *pool) closeDead() {
	select {
	case <-p.dead:
	default:
		close(p.dead)
	}
}

// get waits for an idle decoder.
func (p *pool) get(ctx context.Context) (*decoder, error) {
	// Prefer an idle decoder over every other outcome.
	select {
	case d := <-p.free:
		return d, nil
	default:
	}
	select {
	case d := <-p.free:
		return d, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("pocketsphinx: no free decoder (pool of %d busy): %w", p.size, ctx.Err())
	case <-p.dead:
		return nil, fmt.Errorf("pocketsphinx: no decoder available: %w", p.initErr)
	case <-p.stop:
		return nil, ErrEngineClosed
	}
}

// put gives a decoder back. A decoder that failed is freed and replaced in
// the background; after close every decoder is freed.
func (p *pool) put(d *decoder, healthy bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || !healthy {
		d.free()
		p.live--
		if !p.closed {
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.add()
			}()
		}
		return
	}
	p.free <- d
}

// waitReady waits until the initial fill has finished.
func (p *pool) waitReady(ctx context.Context) error {
	select {
	case <-p.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.initErr
}

// close stops creating decoders and frees the idle ones. Decoders held by
// streams are freed when the streams give them back.
func (p *pool) close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	close(p.stop)
	p.mu.Unlock()

	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		select {
		case d := <-p.free:
			d.free()
			p.live--
		default:
			return
		}
	}
}
