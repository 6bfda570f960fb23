package loadtest

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// rtpOut is where one call's RTP goes: a SIP call's media, or a bare
// socket.
type rtpOut interface {
	SendRTP(payload []byte, samples uint32, marker bool) error
}

// stream is one call's media as the sender sees it.
type stream struct {
	prog  program
	out   rtpOut
	ticks uint32
	ptime time.Duration

	// stop asks the sender to end the stream early (remote hang-up,
	// cancelled run).
	stop atomic.Bool
	// done is closed by the sender when the stream has ended; start,
	// sent, late and err are the sender's until then.
	done  chan struct{}
	start time.Time
	sent  int
	late  int // packets sent more than one ptime after they were due
	err   error
	// began is start for other goroutines (Unix nanoseconds; 0 before
	// the first packet).
	began atomic.Int64
}

// started returns when the first packet was sent (zero before).
func (st *stream) started() time.Time {
	if ns := st.began.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

func newStream(p program, out rtpOut, ticks uint32, ptime time.Duration) *stream {
	return &stream{prog: p, out: out, ticks: ticks, ptime: ptime, done: make(chan struct{})}
}

// sender paces every call's packets from one clock: a wake-up every tick
// sends each stream the packets that have come due (normally one per
// ptime), on an absolute schedule per stream so that a late wake-up is
// caught up instead of stretching the call.
type sender struct {
	tick time.Duration

	mu      sync.Mutex
	pending []*stream
}

// senderTick divides every ptime we send (10-60 ms).
const senderTick = 10 * time.Millisecond

func newSender() *sender { return &sender{tick: senderTick} }

// add hands s to the sender; it starts at the next tick.
func (s *sender) add(st *stream) {
	s.mu.Lock()
	s.pending = append(s.pending, st)
	s.mu.Unlock()
}

// run sends until ctx is done; the streams still running then are ended.
func (s *sender) run(ctx context.Context) {
	var live []*stream
	defer func() {
		s.mu.Lock()
		live = append(live, s.pending...)
		s.pending = nil
		s.mu.Unlock()
		for _, st := range live {
			close(st.done)
		}
	}()
	timer := time.NewTimer(s.tick)
	defer timer.Stop()
	next := time.Now()
	for {
		next = next.Add(s.tick)
		if d := time.Until(next); d > 0 {
			timer.Reset(d)
			select {
			case <-ctx.Done():
				return
			case <-timer.C:
			}
		} else if d < -s.tick {
			next = time.Now() // far behind: do not burst through missed ticks
		}
		if ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		live = append(live, s.pending...)
		s.pending = s.pending[:0]
		s.mu.Unlock()
		now := time.Now()
		kept := live[:0]
		for _, st := range live {
			if s.send(st, now) {
				kept = append(kept, st)
			} else {
				close(st.done)
			}
		}
		clear(live[len(kept):])
		live = kept
	}
}

// send sends st's due packets and reports whether it goes on.
func (s *sender) send(st *stream, now time.Time) bool {
	if st.stop.Load() {
		return false
	}
	if st.start.IsZero() {
		st.start = now
		st.began.Store(now.UnixNano())
	}
	due := min(int(now.Sub(st.start)/st.ptime)+1, st.prog.packets)
	for st.sent < due {
		if now.Sub(st.start.Add(time.Duration(st.sent)*st.ptime)) > st.ptime {
			st.late++
		}
		if err := st.out.SendRTP(st.prog.packet(st.sent), st.ticks, st.sent == 0); err != nil {
			st.err = err
			return false
		}
		st.sent++
	}
	return st.sent < st.prog.packets
}
