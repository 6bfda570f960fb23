package sip

import (
	"fmt"
	"sync"
)

// portAllocator hands out even RTP ports from [min, max] (RFC 3550 section
// 11: RTP on an even port, RTCP on the next odd one). It searches next-fit
// from the port after the last one handed out, so a port just released is
// not reused at once while late packets of the old call may still arrive.
// It is safe for concurrent use.
type portAllocator struct {
	min, max int

	mu    sync.Mutex
	used  map[int]bool
	next  int // next even port to try
	count int // number of even ports in the range
}

func newPortAllocator(min, max int) (*portAllocator, error) {
	if min <= 0 || max > 65535 || min > max {
		return nil, fmt.Errorf("sip: invalid RTP port range %d-%d", min, max)
	}
	first := min + min%2
	if first > max {
		return nil, fmt.Errorf("sip: RTP port range %d-%d holds no even port", min, max)
	}
	return &portAllocator{
		min:   first,
		max:   max,
		used:  make(map[int]bool),
		next:  first,
		count: (max-first)/2 + 1,
	}, nil
}

// Acquire returns a free even port, or ErrPortsExhausted.
func (a *portAllocator) Acquire() (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for range a.count {
		p := a.next
		a.next += 2
		if a.next > a.max {
			a.next = a.min
		}
		if !a.used[p] {
			a.used[p] = true
			return p, nil
		}
	}
	return 0, ErrPortsExhausted
}

// Release returns a port to the pool. Releasing a port that is not held
// is a no-op.
func (a *portAllocator) Release(p int) {
	a.mu.Lock()
	delete(a.used, p)
	a.mu.Unlock()
}

// Size is the number of ports the allocator manages.
func (a *portAllocator) Size() int { return a.count }

// InUse is the number of ports currently held.
func (a *portAllocator) InUse() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.used)
}
