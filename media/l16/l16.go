// Package l16 decodes L16, uncompressed 16-bit linear PCM in network byte
// order (RFC 3551 section 4.5.11): signed two's-complement samples, most
// significant byte first. L16 has no fixed rate; the static payload types
// 10 and 11 are 44.1 kHz stereo and mono, and any other rate is negotiated
// with a dynamic payload type ("a=rtpmap:96 L16/16000"). The RTP clock
// rate is the sampling rate, so one timestamp tick is one sample.
//
// Only mono is handled. The Decoder stage passes samples on as they come:
// it does not fill timestamp gaps (reorder upstream, as for every codec).
// It is not safe for concurrent use and does not allocate per packet once
// its buffer has grown to the largest payload.
package l16

import (
	"errors"
	"fmt"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

// EncodingName is the SDP rtpmap encoding name.
const EncodingName = "L16"

// ErrOddPayload is returned for a payload with an odd number of bytes,
// which cannot hold whole 16-bit samples.
var ErrOddPayload = errors.New("l16: odd payload length")

// DecodeTo converts big-endian samples in src to dst and returns the
// number of samples written, len(src)/2; a trailing odd byte is ignored.
// It panics if dst is shorter.
func DecodeTo(dst []int16, src []byte) int {
	n := len(src) / 2
	dst = dst[:n]
	for i := range dst {
		dst[i] = int16(uint16(src[2*i])<<8 | uint16(src[2*i+1]))
	}
	return n
}

// EncodeTo writes src to dst as big-endian samples and returns the number
// of bytes written, 2*len(src). It panics if dst is shorter.
func EncodeTo(dst []byte, src []int16) int {
	dst = dst[:2*len(src)]
	for i, s := range src {
		dst[2*i], dst[2*i+1] = byte(uint16(s)>>8), byte(s)
	}
	return len(dst)
}

// Decoder is an RTP stage that decodes mono L16 payloads and writes the
// samples to the next stage.
type Decoder struct {
	rate int
	next media.PCMWriter
	pcm  []int16
}

// NewDecoder returns an L16 decoder stage for a stream of rate Hz (used
// only in String: the samples pass through unchanged).
func NewDecoder(rate int, next media.PCMWriter) *Decoder {
	return &Decoder{rate: rate, next: next}
}

// String returns "L16/<rate> decode", e.g. "L16/16000 decode".
func (d *Decoder) String() string { return fmt.Sprintf("%s/%d decode", EncodingName, d.rate) }

// Next returns the stage the decoder writes to.
func (d *Decoder) Next() fmt.Stringer { return d.next }

// HandleRTP decodes pkt's payload and writes it to the next stage. An
// empty payload is ignored; an odd-length one is rejected with
// ErrOddPayload and nothing is written.
func (d *Decoder) HandleRTP(pkt *rtp.Packet) error {
	n := len(pkt.Payload)
	if n == 0 {
		return nil
	}
	if n%2 != 0 {
		return fmt.Errorf("%w: %d bytes", ErrOddPayload, n)
	}
	if cap(d.pcm) < n/2 {
		d.pcm = make([]int16, n/2)
	}
	pcm := d.pcm[:n/2]
	DecodeTo(pcm, pkt.Payload)
	return d.next.WritePCM(pcm)
}
