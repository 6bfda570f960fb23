package g722

import (
	"fmt"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

// RTP parameters of G.722 (RFC 3551 Table 4 and section 4.5.2).
const (
	// PayloadType is G.722's static RTP payload type.
	PayloadType = 9
	// ClockRate is G.722's RTP clock rate: 8000 Hz although the codec
	// samples at 16 kHz, an error in RFC 1890 kept for compatibility. One
	// tick is one octet, two samples.
	ClockRate = 8000
	// EncodingName is the SDP rtpmap encoding name: "a=rtpmap:9 G722/8000".
	EncodingName = "G722"
)

// maxGapTicks caps the silence inserted for one timestamp jump (1 s).
const maxGapTicks = ClockRate

// DecoderStats counts what a Decoder did.
type DecoderStats struct {
	Packets        uint64 // packets decoded and passed on
	Samples        uint64 // decoded 16 kHz samples passed on (silence excluded)
	Gaps           uint64 // forward timestamp jumps filled with silence
	SilenceSamples uint64 // 16 kHz samples of silence inserted for gaps
	Stale          uint64 // packets dropped because their timestamp went back
	Resyncs        uint64 // timestamp discontinuities (new SSRC, jump back > 1 s)
}

// Decoder is an RTP stage that decodes G.722 payloads to 16 kHz PCM and
// writes them to the next stage, keeping the output timeline continuous
// in the same way as the G.711 decoder stage:
//
//   - A packet whose RTP timestamp is ahead of where the previous packet
//     ended gets that much silence written before it (two samples per
//     tick, at most 1 s per jump). The coder state is kept across the gap:
//     G.722 has no packet loss concealment of its own and its backward
//     adaptation re-converges within a few milliseconds.
//   - A packet whose timestamp is behind (by at most 1 s) is dropped and
//     counted as Stale.
//   - A jump back of more than 1 s, or a new SSRC, starts a new stream:
//     the coder state is reset and no silence is inserted.
//
// Timestamps count octets at ClockRate (8000 Hz), not samples. The payload
// type is not checked: route only G.722 packets here. A Decoder is not
// safe for concurrent use and does not allocate per packet once its
// buffers have grown to the largest payload.
type Decoder struct {
	dec  RawDecoder
	next media.PCMWriter

	pcm   []int16
	zeros []int16

	started bool
	ssrc    uint32
	nextTS  uint32 // RTP timestamp where the last decoded packet ended
	stats   DecoderStats
}

// NewDecoder returns a G.722 decoder stage writing 16 kHz PCM to next.
func NewDecoder(next media.PCMWriter) *Decoder {
	d := &Decoder{next: next}
	d.dec.Reset()
	return d
}

// String returns "G722 decode".
func (d *Decoder) String() string { return EncodingName + " decode" }

// Next returns the stage the decoder writes to.
func (d *Decoder) Next() fmt.Stringer { return d.next }

// Stats returns the counters so far.
func (d *Decoder) Stats() DecoderStats { return d.stats }

// Reset forgets the stream: the next packet starts a new timeline and
// the coder state is reset.
func (d *Decoder) Reset() {
	d.started = false
	d.dec.Reset()
}

// HandleRTP decodes pkt and writes silence for any gap before it, then its
// samples, to the next stage. An empty payload is ignored. It returns the
// next stage's error.
func (d *Decoder) HandleRTP(pkt *rtp.Packet) error {
	n := len(pkt.Payload)
	if n == 0 {
		return nil
	}
	if !d.started || pkt.SSRC != d.ssrc {
		if d.started {
			d.stats.Resyncs++
			d.dec.Reset()
		}
		d.started = true
		d.ssrc = pkt.SSRC
		d.nextTS = pkt.Timestamp
	}
	// RTP timestamps wrap at 2^32; the signed difference handles that
	// (RFC 3550 section 5.1).
	switch delta := int32(pkt.Timestamp - d.nextTS); {
	case delta > 0:
		if err := d.writeSilence(2 * int(min(delta, maxGapTicks))); err != nil {
			d.nextTS = pkt.Timestamp + uint32(n)
			return err
		}
	case delta < -maxGapTicks:
		d.stats.Resyncs++
		d.dec.Reset()
	case delta < 0:
		d.stats.Stale++
		return nil
	}
	d.nextTS = pkt.Timestamp + uint32(n)

	if cap(d.pcm) < 2*n {
		d.pcm = make([]int16, 2*n)
	}
	pcm := d.pcm[:2*n]
	d.dec.Decode(pcm, pkt.Payload)
	d.stats.Packets++
	d.stats.Samples += uint64(2 * n)
	return d.next.WritePCM(pcm)
}

func (d *Decoder) writeSilence(n int) error {
	if cap(d.zeros) < n {
		d.zeros = make([]int16, n)
	}
	z := d.zeros[:n]
	// A downstream stage may have scribbled on the slice it was given.
	clear(z)
	d.stats.Gaps++
	d.stats.SilenceSamples += uint64(n)
	return d.next.WritePCM(z)
}
