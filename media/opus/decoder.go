package opus

// #include "ctl.h"
import "C"

import (
	"fmt"
	"unsafe"
)

// MaxFrameMillis is the longest audio one Opus packet holds: 120 ms.
const MaxFrameMillis = 120

// Decoder decodes one Opus stream to mono 16-bit PCM. Stereo packets are
// mixed down by libopus. Create it with NewDecoder and Close it.
type Decoder struct {
	st   *C.OpusDecoder
	rate int
}

// NewDecoder returns a decoder producing mono PCM at rate Hz: 8000, 12000,
// 16000, 24000 or 48000 (Opus resamples internally; use 16000 for speech
// recognition, 48000 to play).
func NewDecoder(rate int) (*Decoder, error) {
	if !validRate(rate) {
		return nil, fmt.Errorf("opus: decoder rate %d Hz: %w", rate, ErrBadArg)
	}
	var code C.int
	st := C.opus_decoder_create(C.opus_int32(rate), 1, &code)
	if code != C.OPUS_OK || st == nil {
		return nil, wrap("create decoder", code)
	}
	return &Decoder{st: st, rate: rate}, nil
}

// SampleRate returns the output rate in Hz.
func (d *Decoder) SampleRate() int { return d.rate }

// String returns "Opus decoder 16000" (with the output rate).
func (d *Decoder) String() string { return fmt.Sprintf("Opus decoder %d", d.rate) }

// Close frees the decoder's C state. It is idempotent.
func (d *Decoder) Close() error {
	if d.st != nil {
		C.opus_decoder_destroy(d.st)
		d.st = nil
	}
	return nil
}

// Reset returns the decoder to the state of a new one, for a new stream.
func (d *Decoder) Reset() error {
	if d.st == nil {
		return ErrClosed
	}
	if code := C.dec_reset(d.st); code != C.OPUS_OK {
		return wrap("reset", code)
	}
	return nil
}

// Samples returns how many samples per channel packet decodes to at the
// decoder's rate, without decoding it.
func (d *Decoder) Samples(packet []byte) (int, error) {
	if d.st == nil {
		return 0, ErrClosed
	}
	if len(packet) == 0 {
		return 0, nil
	}
	n := C.opus_decoder_get_nb_samples(d.st, (*C.uchar)(unsafe.Pointer(&packet[0])), C.opus_int32(len(packet)))
	if n < 0 {
		return 0, wrap("packet duration", n)
	}
	return int(n), nil
}

// LastPacketSamples returns the duration, in samples, of the last packet
// decoded or concealed: the natural size of a concealment for the next
// packet if it is lost.
func (d *Decoder) LastPacketSamples() (int, error) {
	if d.st == nil {
		return 0, ErrClosed
	}
	var v C.opus_int32
	if code := C.dec_last_duration(d.st, &v); code != C.OPUS_OK {
		return 0, wrap("last packet duration", code)
	}
	return int(v), nil
}

// Decode decodes one packet into pcm and returns the number of samples
// written. pcm must hold the packet's duration (Samples; at most
// MaxFrameMillis). A zero-length packet is skipped: it returns 0 and no
// error, because browsers send padding-only RTP packets (no Opus frame at
// all) before the first real one, and libopus would take an empty packet
// for a lost one. Use Conceal for a lost packet.
func (d *Decoder) Decode(pcm []int16, packet []byte) (int, error) {
	if d.st == nil {
		return 0, ErrClosed
	}
	if len(packet) == 0 {
		return 0, nil
	}
	return d.decode(pcm, packet, 0, "decode")
}

// DecodeFEC recovers the packet lost just before next from the forward
// error correction data the sender put into next (in-band FEC, when the
// encoder had it on), writing len(pcm) samples: the lost packet's
// duration, a multiple of 2.5 ms. If next carries no FEC data libopus
// conceals instead, as Conceal does. Decode next itself afterwards.
func (d *Decoder) DecodeFEC(pcm []int16, next []byte) (int, error) {
	if d.st == nil {
		return 0, ErrClosed
	}
	if len(next) == 0 {
		return d.Conceal(pcm)
	}
	return d.decode(pcm, next, 1, "decode FEC")
}

// Conceal fills len(pcm) samples (a multiple of 2.5 ms, at most
// MaxFrameMillis) for audio that was lost, extrapolating from what came
// before (packet loss concealment), and returns the number written.
func (d *Decoder) Conceal(pcm []int16) (int, error) {
	if d.st == nil {
		return 0, ErrClosed
	}
	return d.decode(pcm, nil, 0, "conceal")
}

func (d *Decoder) decode(pcm []int16, data []byte, fec C.int, op string) (int, error) {
	frame := min(len(pcm), d.rate*MaxFrameMillis/1000)
	if frame == 0 {
		return 0, wrap(op, C.OPUS_BUFFER_TOO_SMALL)
	}
	var p *C.uchar
	if len(data) > 0 {
		p = (*C.uchar)(unsafe.Pointer(&data[0]))
	}
	n := C.opus_decode(d.st, p, C.opus_int32(len(data)), (*C.opus_int16)(unsafe.Pointer(&pcm[0])), C.int(frame), fec)
	if n < 0 {
		return 0, wrap(op, n)
	}
	return int(n), nil
}
