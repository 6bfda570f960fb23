package packetize

import (
	"math"
	"testing"
	"time"

	"github.com/earshot/earshot/media/g711"
)

func TestFramesAndTicks(t *testing.T) {
	for _, tc := range []struct {
		codec               string
		clock               int
		ptime               time.Duration
		rate, frame, ticks  int
		payload, maxPayload int
	}{
		{"PCMU", 8000, 20 * time.Millisecond, 8000, 160, 160, 160, 0},
		{"pcma", 8000, 30 * time.Millisecond, 8000, 240, 240, 240, 0},
		// G.722's RTP clock is 8000 by RFC 3551's mistake; it samples at 16 kHz.
		{"G722", 8000, 20 * time.Millisecond, 16000, 320, 160, 160, 0},
		{"L16", 16000, 20 * time.Millisecond, 16000, 320, 320, 640, 0},
		{"opus", 48000, 20 * time.Millisecond, 16000, 320, 960, -1, 0},
	} {
		e, err := NewEncoder(tc.codec, tc.clock, tc.ptime)
		if err != nil {
			t.Fatalf("%s: %v", tc.codec, err)
		}
		if e.Rate != tc.rate || e.Frame != tc.frame || e.Ticks != tc.ticks {
			t.Errorf("%s: rate/frame/ticks %d/%d/%d, want %d/%d/%d", tc.codec, e.Rate, e.Frame, e.Ticks, tc.rate, tc.frame, tc.ticks)
		}
		// 2.5 frames of a tone: three packets, the last padded.
		pcm := make([]int16, e.Frame*5/2)
		for i := range pcm {
			pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/float64(e.Rate)))
		}
		pkts, err := e.All(pcm)
		if err != nil {
			t.Fatalf("%s: %v", tc.codec, err)
		}
		if len(pkts) != 3 {
			t.Fatalf("%s: %d packets for 2.5 frames, want 3", tc.codec, len(pkts))
		}
		for i, p := range pkts {
			if tc.payload >= 0 && len(p) != tc.payload {
				t.Errorf("%s: packet %d is %d bytes, want %d", tc.codec, i, len(p), tc.payload)
			}
			if len(p) == 0 || len(p) > e.MaxPayload() {
				t.Errorf("%s: packet %d is %d bytes (max %d)", tc.codec, i, len(p), e.MaxPayload())
			}
		}
		e.Close()
	}
}

func TestPCMUPayloadsAreTheSamples(t *testing.T) {
	e, err := NewEncoder("PCMU", 8000, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, 200)
	for i := range pcm {
		pcm[i] = int16(i * 97)
	}
	pkts, err := e.All(pcm)
	if err != nil {
		t.Fatal(err)
	}
	if string(pkts[0]) != string(g711ulaw(pcm[:160])) {
		t.Fatal("first PCMU packet is not the mu-law of the first 160 samples")
	}
	silence := g711ulaw(make([]int16, 120))
	if string(pkts[1][40:]) != string(silence) {
		t.Fatal("the short last frame is not padded with silence")
	}
	if _, err := e.Encode(make([]byte, 400), make([]int16, 161)); err == nil {
		t.Fatal("Encode took more than a frame")
	}
}

func g711ulaw(pcm []int16) []byte {
	b := make([]byte, len(pcm))
	g711.EncodeUlawTo(b, pcm)
	return b
}

func TestUnknownCodec(t *testing.T) {
	if _, err := NewEncoder("GSM", 8000, 20*time.Millisecond); err == nil {
		t.Fatal("GSM encoder created")
	}
	if _, err := NewEncoder("PCMU", 8000, 0); err == nil {
		t.Fatal("zero ptime accepted")
	}
}
