package sip

import (
	"fmt"
	"sync"
)

// portAllocator hands out RTP/RTCP port pairs from [min, max]: an even RTP
// port whose next odd port, for RTCP, is in the range too (RFC 3550
// section 11). Only even ports are handed out, so each one reserves its
// pair. It searches next-fit
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
	last := max - 1 - (max-1)%2 // highest even port with its odd one in range
	if first > last {
		return nil, fmt.Errorf("sip: RTP port range %d-%d holds no even/odd port pair", min, max)
	}
	return &portAllocator{
		min:   first,
		max:   last,
		used:  make(map[int]bool),
		next:  first,
		count: (last-first)/2 + 1,
	}, nil
}

// Acquire returns a free even port (its odd neighbour is the RTCP port),
// or ErrPortsExhausted.
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

// Size is the number of port pairs the allocator manages.
func (a *portAllocator) Size() int { return a.count }

// InUse is the number of port pairs currently held.
func (a *portAllocator) InUse() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.used)
}
