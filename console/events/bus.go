package events

import (
	"sync"
)

// Bus fans events out to subscribers in publish order.
//
// Backpressure: Publish never blocks. Each subscriber has a bounded queue;
// a subscriber that falls so far behind that its queue is full is dropped
// (its channel is closed and Dropped reports true). A console websocket that
// cannot keep up reconnects and re-reads the store; the pipeline never waits
// for a slow reader.
type Bus struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	closed bool
}

// NewBus returns an empty bus.
func NewBus() *Bus { return &Bus{subs: make(map[*Subscription]struct{})} }

// Subscription receives events from a Bus.
type Subscription struct {
	bus     *Bus
	ch      chan Event
	filter  func(Event) bool
	dropped bool
	once    sync.Once
}

// C delivers the events. It is closed by Close, by the bus's Close, or
// when the subscriber fell behind.
func (s *Subscription) C() <-chan Event { return s.ch }

// Dropped reports whether the bus dropped the subscriber for being slow.
func (s *Subscription) Dropped() bool {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	return s.dropped
}

// Close unsubscribes. It is idempotent.
func (s *Subscription) Close() {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	s.closeLocked()
}

func (s *Subscription) closeLocked() {
	s.once.Do(func() {
		delete(s.bus.subs, s)
		close(s.ch)
	})
}

// Subscribe registers a subscriber with a queue of size buffer. A nil
// filter receives every event.
func (b *Bus) Subscribe(buffer int, filter func(Event) bool) *Subscription {
	if buffer < 1 {
		buffer = 1
	}
	s := &Subscription{bus: b, ch: make(chan Event, buffer), filter: filter}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		s.closeLocked()
		return s
	}
	b.subs[s] = struct{}{}
	return s
}

// Publish delivers ev to every subscriber whose filter accepts it.
func (b *Bus) Publish(ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		if s.filter != nil && !s.filter(ev) {
			continue
		}
		select {
		case s.ch <- ev:
		default:
			s.dropped = true
			s.closeLocked()
		}
	}
}

// Close closes every subscription; later subscriptions start closed.
func (b *Bus) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for s := range b.subs {
		s.closeLocked()
	}
}
