package opus

import (
	"fmt"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

// RTPStats counts what an RTPDecoder did.
type RTPStats struct {
	Packets   uint64 // packets decoded and passed on
	Samples   uint64 // decoded samples passed on (concealment and silence excluded)
	Padding   uint64 // zero-length payloads (padding-only packets) skipped
	Lost      uint64 // packets missing by sequence number
	FEC       uint64 // lost packets decoded through the next packet's FEC data (libopus conceals if it holds none)
	Concealed uint64 // samples made by packet loss concealment
	Silence   uint64 // samples of silence written for gaps too long to conceal
	Stale     uint64 // packets dropped because their timestamp went back
	Invalid   uint64 // packets libopus rejected (treated as lost)
	Resyncs   uint64 // new SSRC or timestamp jump back over 1 s
}

// Gap handling limits, in milliseconds.
const (
	maxConcealMillis = MaxFrameMillis // gaps up to this are concealed...
	maxGapMillis     = 1000           // ...the rest, up to 1 s, is silence
)

// RTPDecoder is the receive stage of an Opus RTP stream (RFC 7587): it
// decodes each packet's payload to mono PCM at its rate and writes it to
// the next stage, keeping the timeline continuous. RTP timestamps count
// at 48 kHz whatever the output rate.
//
//   - Zero-length payloads are skipped without decoding: browsers send
//     padding-only packets (for bandwidth probing) before the first Opus
//     frame and between frames. One that arrives in sequence counts as
//     received, so it is not taken for a lost packet.
//   - Lost packets (a sequence number gap together with a timestamp gap)
//     are replaced by libopus's concealment, the last of them recovered
//     from the in-band FEC data of the packet that follows when the
//     sender included it.
//   - A timestamp gap without lost packets (the sender stopped sending,
//     e.g. DTX in silence) is concealed too, which with DTX yields comfort
//     noise. Only the first 120 ms of any gap are concealed, the rest (up
//     to 1 s per gap) is silence.
//   - A packet whose timestamp is behind the timeline by up to 1 s is
//     dropped as Stale; a new SSRC or a larger jump back resets the
//     decoder and the timeline.
//   - A packet libopus rejects is counted as Invalid and treated as lost.
//     HandleRTP only returns the next stage's errors.
//
// Put a reorder stage in front of it. It owns its Decoder: Close it when
// the stream ends. It is not safe for concurrent use and does not
// allocate per packet.
type RTPDecoder struct {
	dec  *Decoder
	rate int
	next media.PCMWriter

	pcm   []int16 // one maximum packet
	zeros []int16

	started bool
	ssrc    uint32
	nextSeq uint16
	nextTS  uint32 // RTP timestamp where the last decoded packet ended
	stats   RTPStats
}

// NewRTPDecoder returns a decoder stage writing mono PCM at rate Hz (8000,
// 12000, 16000, 24000 or 48000) to next.
func NewRTPDecoder(rate int, next media.PCMWriter) (*RTPDecoder, error) {
	dec, err := NewDecoder(rate)
	if err != nil {
		return nil, err
	}
	return &RTPDecoder{
		dec: dec, rate: rate, next: next,
		pcm:   make([]int16, rate*MaxFrameMillis/1000),
		zeros: make([]int16, rate*maxGapMillis/1000),
	}, nil
}

// String returns "Opus decode 16000" (with the output rate).
func (r *RTPDecoder) String() string { return fmt.Sprintf("Opus decode %d", r.rate) }

// Next returns the stage the decoder writes to.
func (r *RTPDecoder) Next() fmt.Stringer { return r.next }

// Stats returns the counters so far.
func (r *RTPDecoder) Stats() RTPStats { return r.stats }

// Close frees the libopus decoder. It is idempotent.
func (r *RTPDecoder) Close() error { return r.dec.Close() }

// HandleRTP decodes pkt after filling any gap before it; see RTPDecoder.
func (r *RTPDecoder) HandleRTP(pkt *rtp.Packet) error {
	if r.dec.st == nil {
		return ErrClosed
	}
	if len(pkt.Payload) == 0 {
		r.stats.Padding++
		if r.started && pkt.SSRC == r.ssrc && pkt.SequenceNumber == r.nextSeq {
			r.nextSeq++
		}
		return nil
	}
	if !r.started || pkt.SSRC != r.ssrc {
		if r.started {
			r.resync()
		}
		r.started, r.ssrc = true, pkt.SSRC
		r.nextSeq, r.nextTS = pkt.SequenceNumber, pkt.Timestamp
	}
	lost := int16(pkt.SequenceNumber - r.nextSeq)
	// RTP timestamps wrap at 2^32; the signed difference handles that.
	gap := int32(pkt.Timestamp - r.nextTS)
	switch {
	case gap < -RTPClockRate:
		r.resync()
		gap, lost = 0, 0
	case gap < 0 || lost < 0:
		r.stats.Stale++
		return nil
	}
	if lost > 0 {
		r.stats.Lost += uint64(lost)
	}
	if gap > 0 {
		if err := r.fill(int(int64(gap)*int64(r.rate)/RTPClockRate), lost > 0, pkt.Payload); err != nil {
			return err
		}
	}
	// The gap is filled up to this packet; if it does not decode, the
	// next packet's gap covers it.
	r.nextSeq, r.nextTS = pkt.SequenceNumber+1, pkt.Timestamp

	n, err := r.dec.Decode(r.pcm, pkt.Payload)
	if err != nil {
		r.stats.Invalid++
		return nil
	}
	r.nextTS = pkt.Timestamp + uint32(int64(n)*RTPClockRate/int64(r.rate))
	r.stats.Packets++
	r.stats.Samples += uint64(n)
	return r.next.WritePCM(r.pcm[:n])
}

// resync starts a new timeline with a fresh decoder state.
func (r *RTPDecoder) resync() {
	r.stats.Resyncs++
	// Reset only fails on a closed decoder, checked by HandleRTP.
	_ = r.dec.Reset()
}

// fill writes n samples for a gap before the packet next: concealment
// for the first maxConcealMillis, the last packet-length of it recovered
// from next's FEC data if packets were lost, then silence.
func (r *RTPDecoder) fill(n int, lost bool, next []byte) error {
	maxGap := r.rate * maxGapMillis / 1000
	n = min(n, maxGap)
	step := r.rate / 400 // libopus conceals in multiples of 2.5 ms
	conceal := min(n, r.rate*maxConcealMillis/1000) / step * step
	fec := 0
	if lost {
		if d, err := r.dec.Samples(next); err == nil {
			fec = min(d, conceal) / step * step
		}
	}
	if err := r.conceal(conceal - fec); err != nil {
		return err
	}
	if fec > 0 {
		k, err := r.dec.DecodeFEC(r.pcm[:fec], next)
		if err != nil || k == 0 {
			// next does not decode: conceal its share too.
			if err := r.conceal(fec); err != nil {
				return err
			}
		} else {
			r.stats.FEC++
			r.stats.Concealed += uint64(k)
			if err := r.next.WritePCM(r.pcm[:k]); err != nil {
				return err
			}
		}
	}
	if rest := n - conceal; rest > 0 {
		z := r.zeros[:rest]
		clear(z) // a downstream stage may have scribbled on it
		r.stats.Silence += uint64(rest)
		return r.next.WritePCM(z)
	}
	return nil
}

// conceal writes n samples (a multiple of 2.5 ms) of packet loss
// concealment, in pieces of at most one maximum packet.
func (r *RTPDecoder) conceal(n int) error {
	for n > 0 {
		k, err := r.dec.Conceal(r.pcm[:min(n, len(r.pcm))])
		if err != nil || k == 0 {
			return nil // nothing sensible to write; the timeline shortens
		}
		n -= k
		r.stats.Concealed += uint64(k)
		if err := r.next.WritePCM(r.pcm[:k]); err != nil {
			return err
		}
	}
	return nil
}
