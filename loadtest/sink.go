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
// socket per even port of min..max, each read by its own goroutine that
// counts datagrams and does nothing else, as a gateway's call would if it
// did no work. It returns the datagrams received when ctx is done.
func Sink(ctx context.Context, ip netip.Addr, min, max int) (uint64, error) {
	var conns []*net.UDPConn
	for port := min + min%2; port <= max; port += 2 {
		c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port))))
		if err != nil {
			for _, c := range conns {
				_ = c.Close() // the bind error is the one to report
			}
			return 0, fmt.Errorf("sink: %w", err)
		}
		conns = append(conns, c)
	}
	var total atomic.Uint64
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 1500)
			var n uint64
			defer func() { total.Add(n) }()
			for {
				if _, _, err := c.ReadFromUDPAddrPort(buf); err != nil {
					return // closed
				}
				n++
			}
		}()
	}
	<-ctx.Done()
	for _, c := range conns {
		_ = c.Close() // ends its reader
	}
	wg.Wait()
	return total.Load(), nil
}
