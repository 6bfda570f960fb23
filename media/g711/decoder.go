package g711

import (
	"fmt"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

// Law selects the G.711 companding law.
type Law uint8

const (
	// MuLaw is G.711 mu-law, RTP payload type 0 "PCMU" (RFC 3551 section 4.5.14).
	MuLaw Law = iota + 1
	// ALaw is G.711 A-law, RTP payload type 8 "PCMA".
	ALaw
)

// SampleRate is the G.711 sampling rate and RTP clock rate in Hz.
const SampleRate = 8000

// String returns the RTP encoding name: "PCMU" or "PCMA".
func (l Law) String() string {
	switch l {
	case MuLaw:
		return "PCMU"
	case ALaw:
		return "PCMA"
	}
	return fmt.Sprintf("Law(%d)", uint8(l))
}

// PayloadType returns the static RTP payload type of the law (RFC 3551
// Table 4): 0 for PCMU, 8 for PCMA.
func (l Law) PayloadType() uint8 {
	if l == ALaw {
		return 8
	}
	return 0
}

// DecodeTo expands codes with law l; see DecodeUlawTo. It panics if l is
// neither MuLaw nor ALaw.
func (l Law) DecodeTo(dst []int16, src []byte) int { return decodeTo(l.table(), dst, src) }

// EncodeTo compands samples with law l; see EncodeUlawTo. Like DecodeTo
// it panics if l is neither MuLaw nor ALaw.
func (l Law) EncodeTo(dst []byte, src []int16) int {
	switch l {
	case MuLaw:
		return EncodeUlawTo(dst, src)
	case ALaw:
		return EncodeAlawTo(dst, src)
	}
	panic(fmt.Sprintf("g711: invalid %v", l))
}

func (l Law) table() *[256]int16 {
	switch l {
	case MuLaw:
		return &ulawDecode
	case ALaw:
		return &alawDecode
	}
	panic(fmt.Sprintf("g711: invalid %v", l))
}

// maxGapSamples caps the silence inserted for one timestamp jump (1 s).
const maxGapSamples = SampleRate

// DecoderStats counts what a Decoder did.
type DecoderStats struct {
	Packets        uint64 // packets decoded and passed on
	Samples        uint64 // decoded samples passed on (silence excluded)
	Gaps           uint64 // forward timestamp jumps filled with silence
	SilenceSamples uint64 // samples of silence inserted for gaps
	Stale          uint64 // packets dropped because their timestamp went back
	Resyncs        uint64 // timestamp discontinuities (new SSRC, jump back > 1 s)
}

// Decoder is an RTP stage that decodes G.711 payloads to 8 kHz PCM and
// writes them to the next stage, keeping the output timeline continuous:
//
//   - When a packet's RTP timestamp is ahead of where the previous packet
//     ended (packets lost, or a sender that stopped sending during silence),
//     it first writes that many samples of silence, at most 1 s per jump.
//   - A packet whose timestamp is behind (by at most 1 s) covers time already
//     written: it is dropped and counted as Stale. Upstream reordering
//     normally removes such packets already.
//   - A jump back of more than 1 s, or a new SSRC, is a discontinuity of the
//     sender's clock: the decoder resynchronises without inserting silence.
//
// The payload type is not checked: route only PCMU/PCMA packets here. A
// Decoder is not safe for concurrent use; it reuses its buffers and does not
// allocate per packet once they have grown to the largest payload.
type Decoder struct {
	law   Law
	table *[256]int16
	next  media.PCMWriter

	pcm   []int16
	zeros []int16

	started bool
	ssrc    uint32
	nextTS  uint32 // RTP timestamp where the last decoded packet ended
	stats   DecoderStats
}

// NewDecoder returns a decoder stage for law writing to next. It panics if
// law is neither MuLaw nor ALaw (a programming error).
func NewDecoder(law Law, next media.PCMWriter) *Decoder {
	return &Decoder{law: law, table: law.table(), next: next}
}

// String returns "PCMU decode" or "PCMA decode".
func (d *Decoder) String() string { return d.law.String() + " decode" }

// Next returns the stage the decoder writes to.
func (d *Decoder) Next() fmt.Stringer { return d.next }

// Stats returns the counters so far.
func (d *Decoder) Stats() DecoderStats { return d.stats }

// Reset forgets the stream position; the next packet starts a new timeline.
func (d *Decoder) Reset() { d.started = false }

// HandleRTP decodes pkt and writes silence for any gap before it, then its
// samples, to the next stage. It returns the next stage's error.
func (d *Decoder) HandleRTP(pkt *rtp.Packet) error {
	n := len(pkt.Payload)
	if n == 0 {
		return nil
	}
	if !d.started || pkt.SSRC != d.ssrc {
		if d.started {
			d.stats.Resyncs++
		}
		d.started = true
		d.ssrc = pkt.SSRC
		d.nextTS = pkt.Timestamp
	}
	// RTP timestamps wrap at 2^32; the signed difference handles that
	// (RFC 3550 section 5.1).
	switch delta := int32(pkt.Timestamp - d.nextTS); {
	case delta > 0:
		if err := d.writeSilence(int(min(delta, maxGapSamples))); err != nil {
			d.nextTS = pkt.Timestamp + uint32(n)
			return err
		}
	case delta < -maxGapSamples:
		d.stats.Resyncs++
	case delta < 0:
		d.stats.Stale++
		return nil
	}
	d.nextTS = pkt.Timestamp + uint32(n)

	if cap(d.pcm) < n {
		d.pcm = make([]int16, n)
	}
	pcm := d.pcm[:n]
	decodeTo(d.table, pcm, pkt.Payload)
	d.stats.Packets++
	d.stats.Samples += uint64(n)
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
