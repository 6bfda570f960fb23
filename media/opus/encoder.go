package opus

// #include "ctl.h"
import "C"

import (
	"fmt"
	"unsafe"
)

// Application is the libopus coding mode.
type Application int

const (
	// AppVoIP favours speech intelligibility (OPUS_APPLICATION_VOIP).
	AppVoIP Application = C.OPUS_APPLICATION_VOIP
	// AppAudio favours fidelity for music and mixed content.
	AppAudio Application = C.OPUS_APPLICATION_AUDIO
	// AppLowDelay uses the CELT layer only, for the lowest delay.
	AppLowDelay Application = C.OPUS_APPLICATION_RESTRICTED_LOWDELAY
)

// MaxPacketBytes is a packet buffer size that always suffices: libopus's
// recommended maximum.
const MaxPacketBytes = 4000

// Encoder codes mono 16-bit PCM into Opus packets. Create it with
// NewEncoder and Close it.
type Encoder struct {
	st   *C.OpusEncoder
	rate int
}

// NewEncoder returns an encoder for mono PCM at rate Hz (8000, 12000,
// 16000, 24000 or 48000) in the given mode, at libopus's default bit rate
// and complexity.
func NewEncoder(rate int, app Application) (*Encoder, error) {
	if !validRate(rate) {
		return nil, fmt.Errorf("opus: encoder rate %d Hz: %w", rate, ErrBadArg)
	}
	var code C.int
	st := C.opus_encoder_create(C.opus_int32(rate), 1, C.int(app), &code)
	if code != C.OPUS_OK || st == nil {
		return nil, wrap("create encoder", code)
	}
	return &Encoder{st: st, rate: rate}, nil
}

// SampleRate returns the input rate in Hz.
func (e *Encoder) SampleRate() int { return e.rate }

// String returns "Opus encoder 48000" (with the input rate).
func (e *Encoder) String() string { return fmt.Sprintf("Opus encoder %d", e.rate) }

// Close frees the encoder's C state. It is idempotent.
func (e *Encoder) Close() error {
	if e.st != nil {
		C.opus_encoder_destroy(e.st)
		e.st = nil
	}
	return nil
}

// Encode codes one frame of pcm into packet and returns the packet's
// length. len(pcm) must be 2.5, 5, 10, 20, 40 or 60 ms at the encoder's
// rate (320 samples for 20 ms at 16 kHz); packet should have
// MaxPacketBytes of room. A 1- or 2-byte packet means the encoder chose
// not to transmit (DTX); it is still a valid packet.
func (e *Encoder) Encode(packet []byte, pcm []int16) (int, error) {
	if e.st == nil {
		return 0, ErrClosed
	}
	if len(pcm) == 0 || len(packet) == 0 {
		return 0, wrap("encode", C.OPUS_BAD_ARG)
	}
	n := C.opus_encode(e.st, (*C.opus_int16)(unsafe.Pointer(&pcm[0])), C.int(len(pcm)),
		(*C.uchar)(unsafe.Pointer(&packet[0])), C.opus_int32(len(packet)))
	if n < 0 {
		return 0, wrap("encode", n)
	}
	return int(n), nil
}

func (e *Encoder) set(req C.int, v int, what string) error {
	if e.st == nil {
		return ErrClosed
	}
	if code := C.enc_set_int(e.st, req, C.opus_int32(v)); code != C.OPUS_OK {
		return wrap("set "+what, code)
	}
	return nil
}

// SetBitrate sets the target bit rate in bit/s (500 to 512000).
func (e *Encoder) SetBitrate(bps int) error {
	return e.set(C.OPUS_SET_BITRATE_REQUEST, bps, "bitrate")
}

// SetComplexity sets the computational complexity, 0 to 10.
func (e *Encoder) SetComplexity(c int) error {
	return e.set(C.OPUS_SET_COMPLEXITY_REQUEST, c, "complexity")
}

// SetInbandFEC turns in-band forward error correction on or off: each
// packet then also carries a coarse copy of the previous one, which the
// receiver's Decoder.DecodeFEC uses when that one is lost. It takes effect
// in the SILK (speech) modes and needs SetPacketLossPercent above 0.
func (e *Encoder) SetInbandFEC(on bool) error {
	v := 0
	if on {
		v = 1
	}
	return e.set(C.OPUS_SET_INBAND_FEC_REQUEST, v, "inband FEC")
}

// SetPacketLossPercent tells the encoder the expected packet loss, 0 to
// 100, so that it spends bits on robustness (and FEC).
func (e *Encoder) SetPacketLossPercent(p int) error {
	return e.set(C.OPUS_SET_PACKET_LOSS_PERC_REQUEST, p, "packet loss")
}

// SetDTX turns discontinuous transmission on or off.
func (e *Encoder) SetDTX(on bool) error {
	v := 0
	if on {
		v = 1
	}
	return e.set(C.OPUS_SET_DTX_REQUEST, v, "DTX")
}

// SetVoiceSignal hints that the input is speech (OPUS_SIGNAL_VOICE).
func (e *Encoder) SetVoiceSignal() error {
	return e.set(C.OPUS_SET_SIGNAL_REQUEST, C.OPUS_SIGNAL_VOICE, "signal")
}

// Lookahead returns the encoder's delay in samples at its rate: the
// decoded audio lags the input by this much.
func (e *Encoder) Lookahead() (int, error) {
	if e.st == nil {
		return 0, ErrClosed
	}
	var v C.opus_int32
	if code := C.enc_get_lookahead(e.st, &v); code != C.OPUS_OK {
		return 0, wrap("lookahead", code)
	}
	return int(v), nil
}
