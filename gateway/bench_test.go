package gateway_test

import (
	"net"
	"testing"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/gateway"
	"github.com/earshot/earshot/media"
)

// The receive path per packet, as `make bench` reports it: the cost of
// one 20 ms RTP packet from its bytes to 16 kHz PCM handed to the
// recogniser's queue (parse -> quality tap -> jitter buffer -> decode ->
// resample -> in-band DTMF detection), next to a bare UDP receive of the
// same datagram measured the same way. ns/op is per packet; a core
// handles 20 ms / (ns/op) streams of 50 packets per second.

// discard is the recogniser stand-in.
var discard = media.PCMWriterFunc(func([]int16) error { return nil })

// wire marshals the test signal's packets of one codec.
func wirePackets(b *testing.B, tc codecCase) [][]byte {
	var out [][]byte
	for i, payload := range tc.packets {
		p := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: tc.pt, SequenceNumber: uint16(i),
			Timestamp: uint32(i * tc.ticks), SSRC: 0xBEEF}, Payload: payload}
		raw, err := p.Marshal()
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, raw)
	}
	return out
}

func BenchmarkReceivePath(b *testing.B) {
	for _, tc := range codecCases(b) {
		b.Run(tc.name, func(b *testing.B) {
			raw := wirePackets(b, tc)
			clock := newFakeClock()
			chain, err := gateway.NewReceiveChain(gateway.LegConfig{Codec: tc.codec, PayloadType: tc.pt, ClockRate: tc.clock, Now: clock.Now}, discard)
			if err != nil {
				b.Fatal(err)
			}
			defer chain.Close()
			var pkt rtp.Packet
			n := len(raw)
			seq, ts := uint16(0), uint32(0)
			at := clock.Now()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if err := pkt.Unmarshal(raw[i%n]); err != nil {
					b.Fatal(err)
				}
				// The signal loops: keep sequence numbers and timestamps
				// running.
				pkt.SequenceNumber, pkt.Timestamp = seq, ts
				seq++
				ts += uint32(tc.ticks)
				at = at.Add(20 * time.Millisecond)
				if err := chain.HandleRTPAt(&pkt, at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// udpPair is a loopback UDP socket pair; each op sends one datagram and
// reads it back, on one goroutine.
func udpPair(b *testing.B) (*net.UDPConn, *net.UDPConn) {
	rx, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	tx, err := net.DialUDP("udp", nil, rx.LocalAddr().(*net.UDPAddr))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		rx.Close()
		tx.Close()
	})
	return rx, tx
}

// BenchmarkUDPReceive is the bare loop: send a 172-byte datagram over
// loopback and read it, nothing else.
func BenchmarkUDPReceive(b *testing.B) {
	rx, tx := udpPair(b)
	out := make([]byte, 172)
	buf := make([]byte, 2048)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tx.Write(out); err != nil {
			b.Fatal(err)
		}
		if _, _, err := rx.ReadFromUDPAddrPort(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUDPReceivePath is the same loop with the G.711 receive path
// behind the read: the difference to BenchmarkUDPReceive is what the
// media engine adds per packet.
func BenchmarkUDPReceivePath(b *testing.B) {
	tc := codecCases(b)[0] // PCMU
	raw := wirePackets(b, tc)
	rx, tx := udpPair(b)
	clock := newFakeClock()
	chain, err := gateway.NewReceiveChain(gateway.LegConfig{Codec: tc.codec, PayloadType: tc.pt, ClockRate: tc.clock, Now: clock.Now}, discard)
	if err != nil {
		b.Fatal(err)
	}
	defer chain.Close()
	var pkt rtp.Packet
	buf := make([]byte, 2048)
	seq, ts := uint16(0), uint32(0)
	at := clock.Now()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := tx.Write(raw[i%len(raw)]); err != nil {
			b.Fatal(err)
		}
		n, _, err := rx.ReadFromUDPAddrPort(buf)
		if err != nil {
			b.Fatal(err)
		}
		if err := pkt.Unmarshal(buf[:n]); err != nil {
			b.Fatal(err)
		}
		pkt.SequenceNumber, pkt.Timestamp = seq, ts
		seq++
		ts += uint32(tc.ticks)
		at = at.Add(20 * time.Millisecond)
		if err := chain.HandleRTPAt(&pkt, at); err != nil {
			b.Fatal(err)
		}
	}
}
