// Package packetize turns PCM into the RTP payloads of one codec, one
// packet per ptime: what a caller sends. `earshot call` encodes as it
// streams; the load tester encodes each speech file once and replays the
// payloads on every call.
package packetize

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/g722"
	"github.com/earshot/earshot/media/l16"
	"github.com/earshot/earshot/media/opus"
)

// Encoder turns PCM at Rate into one codec's payloads, Frame samples per
// packet, each advancing the RTP timestamp by Ticks.
type Encoder struct {
	Rate, Frame, Ticks int
	encode             func(dst []byte, pcm []int16) (int, error)
	close              func()
	frame              []int16
}

// MaxPayload is the largest payload Encode writes.
func (e *Encoder) MaxPayload() int { return max(opus.MaxPacketBytes, 2*e.Frame) }

// NewEncoder returns an encoder for codec (its SDP name: PCMU, PCMA,
// G722, L16 or opus) at the RTP clock rate and packet time negotiated.
func NewEncoder(codec string, clock int, ptime time.Duration) (*Encoder, error) {
	ms := int(ptime / time.Millisecond)
	if ms <= 0 || clock <= 0 {
		return nil, fmt.Errorf("packetize: ptime %v, clock %d", ptime, clock)
	}
	e := &Encoder{close: func() {}}
	switch strings.ToUpper(codec) {
	case "PCMU":
		e.Rate, e.encode = 8000, func(d []byte, s []int16) (int, error) { return g711.EncodeUlawTo(d, s), nil }
	case "PCMA":
		e.Rate, e.encode = 8000, func(d []byte, s []int16) (int, error) { return g711.EncodeAlawTo(d, s), nil }
	case "G722":
		g := g722.NewEncoder()
		e.Rate, e.encode = g722.SampleRate, func(d []byte, s []int16) (int, error) { return g.Encode(d, s), nil }
	case "L16":
		e.Rate, e.encode = clock, func(d []byte, s []int16) (int, error) { return l16.EncodeTo(d, s), nil }
	case "OPUS":
		o, err := opus.NewEncoder(16000, opus.AppVoIP)
		if err != nil {
			return nil, err
		}
		if err := o.SetVoiceSignal(); err != nil {
			return nil, errors.Join(err, o.Close())
		}
		e.Rate, e.encode = 16000, o.Encode
		e.close = func() { _ = o.Close() } // nothing left to report at the end of a stream
	default:
		return nil, fmt.Errorf("packetize: no encoder for %s", codec)
	}
	e.Frame = e.Rate * ms / 1000
	e.Ticks = clock * ms / 1000
	e.frame = make([]int16, e.Frame)
	return e, nil
}

// Encode encodes one packet's worth of pcm (at most Frame samples; a
// short frame is padded with silence) into dst and returns the payload's
// length. dst needs MaxPayload bytes.
func (e *Encoder) Encode(dst []byte, pcm []int16) (int, error) {
	if len(pcm) > e.Frame {
		return 0, fmt.Errorf("packetize: %d samples for a %d-sample frame", len(pcm), e.Frame)
	}
	if len(pcm) < e.Frame {
		n := copy(e.frame, pcm)
		clear(e.frame[n:]) // the encoders want whole frames
		pcm = e.frame
	}
	return e.encode(dst, pcm)
}

// All encodes samples into consecutive payloads, one per packet.
func (e *Encoder) All(samples []int16) ([][]byte, error) {
	buf := make([]byte, e.MaxPayload())
	var out [][]byte
	for off := 0; off < len(samples); off += e.Frame {
		n, err := e.Encode(buf, samples[off:min(off+e.Frame, len(samples))])
		if err != nil {
			return nil, err
		}
		out = append(out, append([]byte(nil), buf[:n]...))
	}
	return out, nil
}

// Close releases the codec's state.
func (e *Encoder) Close() { e.close() }
