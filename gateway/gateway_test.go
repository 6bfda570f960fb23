package gateway_test

import (
	"testing"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/stt/sttest"
)

func pcmuPacket(seq uint16, pt uint8) *rtp.Packet {
	samples := make([]int16, 160)
	for i := range samples {
		samples[i] = int16((i%40 - 20) * 500)
	}
	payload := make([]byte, 160)
	g711.EncodeUlawTo(payload, samples)
	return &rtp.Packet{
		Header:  rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq, Timestamp: uint32(seq) * 160, SSRC: 7},
		Payload: payload,
	}
}

// A call's audio packets reach the recogniser as 16 kHz PCM, telephone
// events do not, and End closes the pipeline and announces the end.
func TestGatewayCallMediaPath(t *testing.T) {
	eng := sttest.NewEngine(sttest.Step{AtClose: true, Result: sttest.Final(0, 1000, "hello there")})
	bus := events.NewBus()
	defer bus.Close()
	sub := bus.Subscribe(16, nil)
	gw, err := gateway.New(gateway.Config{Narrowband: eng, Bus: bus})
	if err != nil {
		t.Fatal(err)
	}
	sink, err := gw.StartCall(t.Context(), sip.CallInfo{
		ID: "call1", Route: "bot", Codec: "PCMU", PayloadType: 0, ClockRate: 8000, DTMFPayloadType: 101,
	})
	if err != nil {
		t.Fatal(err)
	}
	if gw.ActiveCalls() != 1 {
		t.Fatalf("ActiveCalls = %d, want 1", gw.ActiveCalls())
	}
	const packets = 50 // one second
	for i := range packets {
		seq := uint16(65500 + i) // across the sequence wrap
		if i == 10 {
			seq = uint16(65500 + 11) // 10 and 11 swapped
		} else if i == 11 {
			seq = uint16(65500 + 10)
		}
		if err := sink.HandleRTP(pcmuPacket(seq, 0)); err != nil {
			t.Fatal(err)
		}
		if err := sink.HandleRTP(pcmuPacket(uint16(i), 101)); err != nil { // telephone-event
			t.Fatal(err)
		}
	}
	sink.End("bye")
	sink.End("bye") // once only

	streams := eng.Streams()
	if len(streams) != 1 || !streams[0].Closed() {
		t.Fatalf("streams = %+v, want one, closed", streams)
	}
	if got, want := streams[0].Samples(), packets*160*2; got != want {
		t.Errorf("recogniser got %d samples, want %d (1 s at 16 kHz, telephone events excluded)", got, want)
	}
	if gw.ActiveCalls() != 0 {
		t.Errorf("ActiveCalls after End = %d", gw.ActiveCalls())
	}
	var types []string
	for len(sub.C()) > 0 {
		types = append(types, (<-sub.C()).Type)
	}
	want := []string{events.CallStarted, events.TranscriptFinal, events.CallEnded}
	if len(types) != len(want) {
		t.Fatalf("events = %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("events = %v, want %v", types, want)
		}
	}
}

func TestGatewayRejectsUnknownCodec(t *testing.T) {
	eng := sttest.NewEngine()
	bus := events.NewBus()
	defer bus.Close()
	gw, err := gateway.New(gateway.Config{Narrowband: eng, Bus: bus})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gw.StartCall(t.Context(), sip.CallInfo{ID: "x", Codec: "G729"}); err == nil {
		t.Fatal("StartCall with G729 succeeded")
	}
	if len(eng.Streams()) != 0 {
		t.Error("a refused call opened an STT stream")
	}
	if _, err := gateway.New(gateway.Config{Bus: bus}); err == nil {
		t.Error("New without an engine succeeded")
	}
}
