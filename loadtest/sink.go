package loadtest

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
)

// Sink is the bare UDP receive loop the media path is compared with: one
// socket per even port of a range, each read by its own goroutine that
// counts datagrams and does nothing else, as a gateway's call would if it
// did no work.
type Sink struct {
	conns    []*net.UDPConn
	received atomic.Uint64
}

// NewSink binds the even ports of min..max on ip.
func NewSink(ip netip.Addr, min, max int) (*Sink, error) {
	s := &Sink{}
	for port := min + min%2; port <= max; port += 2 {
		c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port))))
		if err != nil {
			for _, c := range s.conns {
				_ = c.Close() // the bind error is the one to report
			}
			return nil, fmt.Errorf("sink: %w", err)
		}
		s.conns = append(s.conns, c)
	}
	return s, nil
}

// Run reads until ctx is done, then closes the sockets and returns the
// datagrams received.
func (s *Sink) Run(ctx context.Context) uint64 {
	var wg sync.WaitGroup
	for _, c := range s.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 1500)
			for {
				if _, _, err := c.ReadFromUDPAddrPort(buf); err != nil {
					return // closed
				}
				s.received.Add(1)
			}
		}()
	}
	<-ctx.Done()
	for _, c := range s.conns {
		_ = c.Close() // ends its reader
	}
	wg.Wait()
	return s.received.Load()
}

// Received returns the datagrams received so far.
func (s *Sink) Received() uint64 { return s.received.Load() }
