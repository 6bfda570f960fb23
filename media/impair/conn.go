package impair

import (
	"container/heap"
	"errors"
	"net"
	"sync"
	"time"
)

// PacketWriter is the sending half of a net.PacketConn.
type PacketWriter interface {
	WriteTo(p []byte, addr net.Addr) (int, error)
}

// DefaultMaxInFlight is the ConnOptions.MaxInFlight used when it is zero.
const DefaultMaxInFlight = 4096

// ConnOptions configure a Conn.
type ConnOptions struct {
	// MaxInFlight bounds the packets waiting for their delivery time;
	// more are dropped and counted as Report.Overflow.
	MaxInFlight int
	// Observe, if set, is called with every packet's fate as WriteTo
	// decides it, under the Conn's lock: it must be quick and must not call
	// the Conn.
	Observe func(Fate)
}

// Conn impairs the packets written to it on their way to a PacketWriter,
// in real time: WriteTo decides each packet's fate and returns at once; a
// goroutine owned by the Conn writes the packet (or its copies) to the
// underlying writer when the path would deliver it. Close stops the
// goroutine; packets still in flight are abandoned. The Conn never closes
// the underlying writer. It is safe for concurrent use.
type Conn struct {
	w    PacketWriter
	opts ConnOptions

	mu        sync.Mutex
	im        *Impairer
	q         flight
	closed    bool
	err       error // first error of the underlying writer
	abandoned uint64

	wake chan struct{}
	done chan struct{}
	wg   sync.WaitGroup
}

// ErrClosed is returned by WriteTo after Close.
var ErrClosed = errors.New("impair: conn closed")

// NewConn returns a Conn that writes to w through the path cfg describes,
// and starts its goroutine.
func NewConn(w PacketWriter, cfg Config, opts ConnOptions) (*Conn, error) {
	im, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	c := &Conn{w: w, opts: opts, im: im, wake: make(chan struct{}, 1), done: make(chan struct{})}
	c.wg.Add(1)
	go c.run()
	return c, nil
}

// String describes the path.
func (c *Conn) String() string { return c.im.String() }

// WriteTo decides the fate of p and schedules its delivery to addr. It
// copies p and returns len(p), or ErrClosed after Close. A dropped packet
// is reported as written, as a network would.
func (c *Conn) WriteTo(p []byte, addr net.Addr) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, ErrClosed
	}
	f := c.im.Decide(time.Now())
	if c.opts.Observe != nil {
		c.opts.Observe(f)
	}
	ds := f.Deliveries(c.im.cfg)
	if len(ds) == 0 {
		return len(p), nil
	}
	if len(c.q)+len(ds) > c.opts.MaxInFlight {
		c.im.report.Overflow++
		return len(p), nil
	}
	buf := append([]byte(nil), p...)
	for _, d := range ds {
		heap.Push(&c.q, inFlight{Delivery: d, p: buf, addr: addr})
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Report returns the counts so far.
func (c *Conn) Report() Report {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.im.Report()
}

// Abandoned returns how many deliveries were still in flight at Close.
func (c *Conn) Abandoned() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.abandoned
}

// Err returns the first error the underlying writer returned, if any.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Close stops the delivery goroutine and waits for it. It is idempotent
// and does not close the underlying writer.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.done)
	c.mu.Unlock()
	c.wg.Wait()
	c.mu.Lock()
	c.abandoned += uint64(len(c.q))
	c.q = nil
	c.mu.Unlock()
	return nil
}

// run writes packets when they are due.
func (c *Conn) run() {
	defer c.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var due []inFlight
	for {
		c.mu.Lock()
		now := time.Now()
		due = due[:0]
		for len(c.q) > 0 && !c.q[0].Arrival.After(now) {
			d := heap.Pop(&c.q).(inFlight)
			c.im.arrived(d.Delivery)
			due = append(due, d)
		}
		wait := time.Hour
		if len(c.q) > 0 {
			wait = c.q[0].Arrival.Sub(now)
		}
		c.mu.Unlock()

		for _, d := range due {
			if _, err := c.w.WriteTo(d.p, d.addr); err != nil {
				c.mu.Lock()
				if c.err == nil {
					c.err = err
				}
				c.mu.Unlock()
			}
		}
		clear(due) // release the payloads
		timer.Reset(wait)
		select {
		case <-c.done:
			return
		case <-c.wake:
		case <-timer.C:
		}
	}
}

type inFlight struct {
	Delivery
	p    []byte
	addr net.Addr
}

// flight is a min-heap like queue, with payloads.
type flight []inFlight

func (q flight) Len() int           { return len(q) }
func (q flight) Less(i, j int) bool { return before(q[i].Delivery, q[j].Delivery) }
func (q flight) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *flight) Push(x any)        { *q = append(*q, x.(inFlight)) }
func (q *flight) Pop() any {
	old := *q
	d := old[len(old)-1]
	old[len(old)-1] = inFlight{}
	*q = old[:len(old)-1]
	return d
}
