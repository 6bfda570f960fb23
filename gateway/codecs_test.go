package gateway_test

import (
	"math"
	"testing"
	"time"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/dtmf"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/g722"
	"github.com/earshot/earshot/media/l16"
	"github.com/earshot/earshot/media/opus"
	"github.com/earshot/earshot/media/resample"
)

// codecCase is one codec's RTP payloads of the same test signal.
type codecCase struct {
	name    string
	codec   string
	pt      uint8
	clock   int
	ticks   int // RTP timestamp step per 20 ms packet
	wide    bool
	packets [][]byte
}

// testSignal is 500 ms of a 440 Hz tone, the in-band key '7' for 100 ms,
// then 200 ms of silence, at 16 kHz: 40 packets of 20 ms.
func testSignal(t testing.TB) []int16 {
	t.Helper()
	sig := make([]int16, 8000)
	for i := range sig {
		sig[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/16000))
	}
	key, err := dtmf.Tones(16000, "7", 100*time.Millisecond, 200*time.Millisecond, -10)
	if err != nil {
		t.Fatal(err)
	}
	return append(sig, key...)
}

func codecCases(t testing.TB) []codecCase {
	t.Helper()
	sig := testSignal(t)
	at := func(rate int) []int16 {
		if rate == 16000 {
			return sig
		}
		out, err := resample.Convert(sig, 16000, rate)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	frames := func(rate int, enc func(frame []int16) []byte) [][]byte {
		pcm := at(rate)
		n := rate / 50
		var out [][]byte
		for off := 0; off+n <= len(pcm); off += n {
			out = append(out, enc(pcm[off:off+n]))
		}
		return out
	}
	g722Enc := g722.NewEncoder()
	opusEnc, err := opus.NewEncoder(16000, opus.AppVoIP)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { opusEnc.Close() })
	return []codecCase{
		{"PCMU", sip.CodecPCMU, 0, 8000, 160, false, frames(8000, func(f []int16) []byte {
			b := make([]byte, len(f))
			g711.EncodeUlawTo(b, f)
			return b
		})},
		{"PCMA", sip.CodecPCMA, 8, 8000, 160, false, frames(8000, func(f []int16) []byte {
			b := make([]byte, len(f))
			g711.EncodeAlawTo(b, f)
			return b
		})},
		{"G722", sip.CodecG722, 9, 8000, 160, true, frames(16000, func(f []int16) []byte {
			b := make([]byte, g722Enc.EncodedLen(len(f)))
			return b[:g722Enc.Encode(b, f)]
		})},
		{"Opus", sip.CodecOpus, 111, 48000, 960, true, frames(16000, func(f []int16) []byte {
			b := make([]byte, opus.MaxPacketBytes)
			n, err := opusEnc.Encode(b, f)
			if err != nil {
				t.Fatal(err)
			}
			return b[:n]
		})},
		{"L16-16000", sip.CodecL16, 96, 16000, 320, true, frames(16000, func(f []int16) []byte {
			b := make([]byte, 2*len(f))
			return b[:l16.EncodeTo(b, f)]
		})},
		{"L16-8000", sip.CodecL16, 97, 8000, 160, false, frames(8000, func(f []int16) []byte {
			b := make([]byte, 2*len(f))
			return b[:l16.EncodeTo(b, f)]
		})},
		{"L16-48000", sip.CodecL16, 98, 48000, 960, true, frames(48000, func(f []int16) []byte {
			b := make([]byte, 2*len(f))
			return b[:l16.EncodeTo(b, f)]
		})},
	}
}
