package gateway

import (
	"errors"
	"log/slog"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/console/metrics"
)

// gatedWriter blocks every write until released, then records it.
type gatedWriter struct {
	gate chan struct{}
	mu   sync.Mutex
	got  []int16
	err  error
}

func (g *gatedWriter) WritePCM(s []int16) error {
	<-g.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	g.got = append(g.got, s...)
	return g.err
}

func (g *gatedWriter) String() string { return "gated" }

// The media loop never waits for a recogniser that is behind: audio
// beyond the backlog is dropped, the rest arrives in order at Close.
func TestSTTFeederNeverBlocks(t *testing.T) {
	w := &gatedWriter{gate: make(chan struct{})}
	backlog := metrics.NewRegistry().Gauge("backlog_seconds", "queued audio")
	f := newSTTFeeder(w, 100*time.Millisecond, backlog, slog.New(slog.DiscardHandler)) // 1600 samples
	frame := make([]int16, 320)
	for i := range 10 { // 3200 samples while the recogniser is stuck
		for j := range frame {
			frame[j] = int16(i*320 + j)
		}
		if err := f.WritePCM(frame); err != nil {
			t.Fatal(err)
		}
	}
	// The ring is full; one chunk may be in the stuck recogniser's hands.
	if q := backlog.Value(); q < 0.1-float64(feedChunk)/SampleRate-1e-9 || q > 0.1+1e-9 {
		t.Errorf("backlog gauge %.4f s while the recogniser is stuck, want the 0.1 s ring (less one chunk in flight)", q)
	}
	close(w.gate)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if q := backlog.Value(); math.Abs(q) > 1e-9 {
		t.Errorf("backlog gauge %.6f s after Close drained the queue, want 0", q)
	}
	// The goroutine may have taken a chunk before the ring filled, which
	// made room for more.
	if len(w.got) < 1600 || len(w.got) > 1600+feedChunk {
		t.Fatalf("recogniser got %d samples, want the 1600 of the backlog (+ one chunk in flight)", len(w.got))
	}
	for i := 1; i < len(w.got); i++ {
		if w.got[i] <= w.got[i-1] {
			t.Fatalf("sample %d = %d after %d: audio out of order", i, w.got[i], w.got[i-1])
		}
	}
	if w.got[0] != 0 {
		t.Errorf("first sample %d: the oldest audio was dropped instead of the newest", w.got[0])
	}
	if d := f.Dropped(); d != time.Duration(3200-len(w.got))*time.Second/SampleRate {
		t.Errorf("Dropped = %v for %d samples delivered", d, len(w.got))
	}
	if err := f.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// A recogniser error reaches the media loop's next write and Close.
func TestSTTFeederError(t *testing.T) {
	boom := errors.New("recogniser gone")
	w := &gatedWriter{gate: make(chan struct{}), err: boom}
	close(w.gate)
	f := newSTTFeeder(w, time.Second, nil, slog.New(slog.DiscardHandler))
	if err := f.WritePCM(make([]int16, 10)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.WritePCM(make([]int16, 10)) == nil {
		if time.Now().After(deadline) {
			t.Fatal("the recogniser's error never reached WritePCM")
		}
		time.Sleep(time.Millisecond)
	}
	if err := f.Close(); !errors.Is(err, boom) {
		t.Errorf("Close = %v, want %v", err, boom)
	}
}

// sizeWriter records the size of every write.
type sizeWriter struct {
	mu    sync.Mutex
	sizes []int
}

func (w *sizeWriter) WritePCM(s []int16) error {
	w.mu.Lock()
	w.sizes = append(w.sizes, len(s))
	w.mu.Unlock()
	return nil
}

func (w *sizeWriter) String() string { return "sizes" }

// The recogniser gets 20 ms writes whatever sizes the media loop writes,
// so its framing does not depend on timing; only the last one is short.
func TestSTTFeederFixedFraming(t *testing.T) {
	w := &sizeWriter{}
	f := newSTTFeeder(w, time.Second, nil, slog.New(slog.DiscardHandler))
	total := 0
	for _, n := range []int{100, 960, 7, 320, 1, 2000, 13} {
		if err := f.WritePCM(make([]int16, n)); err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for i, n := range w.sizes {
		sum += n
		if n != feedChunk && i != len(w.sizes)-1 {
			t.Fatalf("write %d of %d samples, want %d: %v", i, n, feedChunk, w.sizes)
		}
	}
	if sum != total || w.sizes[len(w.sizes)-1] != total%feedChunk {
		t.Errorf("writes %v: %d samples, want %d ending with %d", w.sizes, sum, total, total%feedChunk)
	}
}

// The ring starts small and grows while the recogniser is behind, up to
// the backlog, without losing or reordering audio.
func TestSTTFeederGrowsItsRing(t *testing.T) {
	w := &gatedWriter{gate: make(chan struct{})}
	f := newSTTFeeder(w, time.Second, nil, slog.New(slog.DiscardHandler)) // up to 16000 samples
	frame := make([]int16, 300)
	for i := range 40 { // 12000 samples, more than the first ring holds
		for j := range frame {
			frame[j] = int16(i*300 + j)
		}
		if err := f.WritePCM(frame); err != nil {
			t.Fatal(err)
		}
	}
	f.mu.Lock()
	size := len(f.ring)
	f.mu.Unlock()
	if size < 12000-feedChunk || size > 16000 {
		t.Errorf("ring of %d samples for 12000 queued (limit 16000)", size)
	}
	close(w.gate)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if len(w.got) != 12000 || f.Dropped() != 0 {
		t.Fatalf("recogniser got %d of 12000 samples, %v dropped", len(w.got), f.Dropped())
	}
	for i, v := range w.got {
		if int(v) != i {
			t.Fatalf("sample %d = %d: audio reordered while the ring grew", i, v)
		}
	}
}

// grow keeps queued audio that wraps around the end of the ring in order.
func TestSTTFeederGrowUnwraps(t *testing.T) {
	f := &sttFeeder{ring: []int16{5, 6, 0, 0, 1, 2, 3, 4}, head: 4, n: 6, limit: 1 << 20}
	f.grow(9)
	if f.head != 0 || len(f.ring) != initialRing {
		t.Fatalf("head %d, ring of %d", f.head, len(f.ring))
	}
	for i, want := range []int16{1, 2, 3, 4, 5, 6} {
		if f.ring[i] != want {
			t.Fatalf("ring after grow starts %v", f.ring[:6])
		}
	}
	f = &sttFeeder{ring: make([]int16, 4), limit: 6}
	f.grow(100)
	if len(f.ring) != 6 {
		t.Fatalf("grew to %d past the limit 6", len(f.ring))
	}
}
