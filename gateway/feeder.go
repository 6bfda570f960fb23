package gateway

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/earshot/earshot/console/metrics"
	"github.com/earshot/earshot/media"
)

// DefaultSTTBacklog is how much audio a call may queue for a recogniser
// that falls behind before audio is dropped.
const DefaultSTTBacklog = 20 * time.Second

// feedChunk is the audio the feeder hands the recogniser at once: always
// exactly 20 ms (but the last piece), whatever the timing of the writes,
// so that the recogniser sees the same framing on every run, as
// `earshot transcribe` gives it (its utterance ends are decided per
// write).
const feedChunk = SampleRate / 50

// sttFeeder decouples the media loop from the recogniser. The jitter
// buffer plays out on the network's clock: if writing to the recogniser
// blocked the RTP goroutine, packets would wait in the socket, arrive late
// by the jitter buffer's clock and be concealed instead of played, and the
// quality statistics would measure our own CPU instead of the network.
// So WritePCM only copies into a bounded ring, and a goroutine owned by
// the feeder writes to the recogniser at its own pace. When the ring is
// full (the recogniser is more than the backlog behind), new audio is
// dropped and counted, and a warning is logged once per call.
type sttFeeder struct {
	next media.PCMWriter
	log  *slog.Logger
	// backlog, if set, follows the queued audio in seconds (summed over
	// every call's feeder).
	backlog *metrics.Gauge

	mu      sync.Mutex
	cond    *sync.Cond
	ring    []int16 // grows on demand up to limit samples
	limit   int
	head    int // first queued sample
	n       int // queued samples
	closed  bool
	err     error // the recogniser's first error
	dropped int64 // samples dropped because the ring was full
	warned  bool

	done chan struct{}
}

func newSTTFeeder(next media.PCMWriter, backlog time.Duration, gauge *metrics.Gauge, log *slog.Logger) *sttFeeder {
	f := &sttFeeder{
		next:    next,
		log:     log,
		backlog: gauge,
		limit:   max(int(backlog.Seconds()*SampleRate), feedChunk),
		done:    make(chan struct{}),
	}
	f.cond = sync.NewCond(&f.mu)
	go f.run()
	return f
}

// WritePCM queues samples for the recogniser. It never blocks on the
// recogniser; it returns the recogniser's error once it has failed.
func (f *sttFeeder) WritePCM(samples []int16) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if f.closed {
		return errors.New("gateway: STT feeder closed")
	}
	if f.n+len(samples) > len(f.ring) && len(f.ring) < f.limit {
		f.grow(f.n + len(samples))
	}
	free := len(f.ring) - f.n
	if len(samples) > free {
		f.dropped += int64(len(samples) - free)
		if !f.warned {
			f.warned = true
			f.log.Warn("recogniser falling behind: dropping audio", "backlog", time.Duration(f.limit)*time.Second/SampleRate)
		}
		samples = samples[:free]
	}
	f.track(len(samples))
	for len(samples) > 0 {
		tail := (f.head + f.n) % len(f.ring)
		c := copy(f.ring[tail:min(len(f.ring), tail+len(samples))], samples)
		f.n += c
		samples = samples[c:]
	}
	f.cond.Signal()
	return nil
}

// initialRing is the ring's first size: a recogniser that keeps up
// never has more than a few chunks queued, so a call costs 10 KB here
// instead of the whole backlog's 640 KB (measured by the load tester: the
// full-size rings were most of the gateway's memory per call).
const initialRing = 16 * feedChunk

// grow enlarges the ring to hold at least need samples (doubling, up to
// the limit), keeping the queued audio in order. f.mu is held.
func (f *sttFeeder) grow(need int) {
	size := max(len(f.ring), initialRing)
	for size < need && size < f.limit {
		size *= 2
	}
	size = min(size, f.limit)
	ring := make([]int16, size)
	if f.n > 0 {
		first := min(f.n, len(f.ring)-f.head) // up to the end of the old ring
		copy(ring, f.ring[f.head:f.head+first])
		copy(ring[first:], f.ring[:f.n-first])
	}
	f.ring, f.head = ring, 0
}

// run writes queued audio to the recogniser until Close has drained it.
func (f *sttFeeder) run() {
	defer close(f.done)
	buf := make([]int16, feedChunk)
	for {
		f.mu.Lock()
		for f.n < feedChunk && !f.closed {
			f.cond.Wait()
		}
		if f.n == 0 {
			f.mu.Unlock()
			return
		}
		c := 0
		for c < min(f.n, feedChunk) {
			k := copy(buf[c:min(f.n, feedChunk)], f.ring[f.head:])
			f.head = (f.head + k) % len(f.ring)
			c += k
		}
		f.n -= c
		f.track(-c)
		f.mu.Unlock()
		if err := f.next.WritePCM(buf[:c]); err != nil {
			f.mu.Lock()
			f.err = err
			f.track(-f.n)
			f.n, f.closed = 0, true
			f.mu.Unlock()
			return
		}
	}
}

// track moves the backlog gauge by n queued samples.
func (f *sttFeeder) track(n int) {
	if f.backlog != nil && n != 0 {
		f.backlog.Add(float64(n) / SampleRate)
	}
}

// Close lets the goroutine write what is queued, waits for it and returns
// the recogniser's error, if any. It is idempotent.
func (f *sttFeeder) Close() error {
	f.mu.Lock()
	f.closed = true
	f.cond.Signal()
	f.mu.Unlock()
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// Dropped returns how much audio was dropped because the recogniser fell
// too far behind.
func (f *sttFeeder) Dropped() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.Duration(f.dropped) * time.Second / SampleRate
}

// String names the stage.
func (f *sttFeeder) String() string { return "Queue" }

// Next returns the recogniser stage.
func (f *sttFeeder) Next() fmt.Stringer { return f.next }
