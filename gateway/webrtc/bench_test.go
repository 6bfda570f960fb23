package webrtc

import (
	"log/slog"
	"math"
	"testing"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/gateway"
	"github.com/earshot/earshot/gateway/pipeline"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/opus"
	"github.com/earshot/earshot/stt/sttest"
)

// BenchmarkHandleRTP measures one 20 ms Opus packet through a call's
// receive path: the chain (quality, jitter buffer, Opus decode, DTMF
// detection) and the PCM queue, on a simulated clock that advances 20 ms
// per packet; the recogniser is a fake.
func BenchmarkHandleRTP(b *testing.B) {
	enc, err := opus.NewEncoder(16000, opus.AppVoIP)
	if err != nil {
		b.Fatal(err)
	}
	defer enc.Close()
	var payloads [][]byte
	pcm := make([]int16, 320)
	buf := make([]byte, opus.MaxPacketBytes)
	for k := range 50 {
		for i := range pcm {
			pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(k*320+i)/16000))
		}
		n, err := enc.Encode(buf, pcm)
		if err != nil {
			b.Fatal(err)
		}
		payloads = append(payloads, append([]byte(nil), buf[:n]...))
	}

	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	p, err := pipeline.Start(b.Context(), pipeline.Config{CallID: "bench", Channel: Channel, Engine: sttest.NewEngine(), Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	c := &session{
		srv:  &Server{cfg: Config{Now: clock}},
		log:  slog.New(slog.DiscardHandler),
		pipe: p, pcm: make(chan []int16, pcmQueueLen), written: make(chan struct{}),
	}
	c.chain, err = gateway.NewReceiveChain(gateway.LegConfig{Codec: sip.CodecOpus, PayloadType: 111, ClockRate: 48000, Now: clock}, pcmTo{c})
	if err != nil {
		b.Fatal(err)
	}
	go c.writePCM()
	pkt := &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 111, SSRC: 1}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		pkt.SequenceNumber = uint16(i)
		pkt.Timestamp = uint32(i * 960)
		pkt.Payload = payloads[i%len(payloads)]
		now = now.Add(20 * time.Millisecond)
		c.handleRTP(pkt)
	}
	b.StopTimer()
	close(c.pcm)
	<-c.written
	if err := p.Close("bench"); err != nil {
		b.Fatal(err)
	}
	if err := c.chain.Close(); err != nil {
		b.Fatal(err)
	}
	if c.dropped > 0 {
		b.Logf("%d samples dropped on a full queue", c.dropped)
	}
}
