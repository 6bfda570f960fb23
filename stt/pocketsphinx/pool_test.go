package pocketsphinx

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

// fakeDecoders counts creations; the decoders have no C state, which
// free handles, so the pool can be tested without the model.
type fakeDecoders struct {
	created atomic.Int32
	failAt  int32 // creation number that fails (1-based), 0 for never
}

var errCreate = errors.New("cannot load model")

func (f *fakeDecoders) create() (*decoder, error) {
	n := f.created.Add(1)
	if n == f.failAt {
		return nil, errCreate
	}
	return &decoder{}, nil
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestPoolGetPut(t *testing.T) {
	f := &fakeDecoders{}
	p := newPool(2, f.create, quietLog())
	defer p.close()
	if err := p.waitReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := p.get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("the same decoder was handed out twice")
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := p.get(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("get on an exhausted pool = %v, want DeadlineExceeded", err)
	}
	p.put(a, true)
	if c, err := p.get(ctx); err != nil || c != a {
		t.Fatalf("get after put = %p, %v; want the returned decoder %p", c, err, a)
	}
	if got := f.created.Load(); got != 2 {
		t.Errorf("created %d decoders, want 2 (reuse, not recreate)", got)
	}
	p.put(a, true)
	p.put(b, true)
}

func TestPoolReplacesFailedDecoder(t *testing.T) {
	f := &fakeDecoders{}
	p := newPool(1, f.create, quietLog())
	defer p.close()
	ctx := context.Background()
	a, err := p.get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.put(a, false) // freed and replaced in the background
	b, err := p.get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("a failed decoder was reused")
	}
	if got := f.created.Load(); got != 2 {
		t.Errorf("created %d decoders, want 2", got)
	}
	p.put(b, true)
}

func TestPoolCreationFails(t *testing.T) {
	f := &fakeDecoders{failAt: 1}
	p := newPool(3, f.create, quietLog())
	defer p.close()
	if err := p.waitReady(context.Background()); !errors.Is(err, errCreate) {
		t.Fatalf("waitReady = %v, want the creation error", err)
	}
	// No decoder will ever exist: get fails at once instead of waiting.
	if _, err := p.get(context.Background()); !errors.Is(err, errCreate) {
		t.Fatalf("get = %v, want the creation error", err)
	}
}

func TestPoolPartialFailureStillServes(t *testing.T) {
	f := &fakeDecoders{failAt: 2}
	p := newPool(3, f.create, quietLog())
	defer p.close()
	if err := p.waitReady(context.Background()); !errors.Is(err, errCreate) {
		t.Fatalf("waitReady = %v, want the creation error", err)
	}
	d, err := p.get(context.Background())
	if err != nil {
		t.Fatalf("get with one decoder created = %v", err)
	}
	p.put(d, true)
}

func TestPoolClose(t *testing.T) {
	f := &fakeDecoders{}
	p := newPool(2, f.create, quietLog())
	ctx := context.Background()
	d, err := p.get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.close()
	p.close() // idempotent
	if _, err := p.get(ctx); !errors.Is(err, ErrEngineClosed) {
		t.Fatalf("get after close = %v, want ErrEngineClosed", err)
	}
	p.put(d, true) // a stream closing after the engine: freed, not pooled
	p.mu.Lock()
	live := p.live
	p.mu.Unlock()
	if live != 0 {
		t.Errorf("%d decoders still live after close and put", live)
	}
}

func TestEngineClosed(t *testing.T) {
	if shared == nil {
		t.Skip(skipReason)
	}
	e, err := New(Options{PoolSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := e.NewStream(context.Background(), SampleRate); !errors.Is(err, ErrEngineClosed) {
		t.Fatalf("NewStream after Close = %v, want ErrEngineClosed", err)
	}
}

func TestNewMissingModel(t *testing.T) {
	_, err := New(Options{ModelDir: t.TempDir()})
	if err == nil {
		t.Fatal("New accepted a folder without a model")
	}
}
