package dtmf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/pion/rtp"
)

// PayloadLen is the size of one telephone-event payload.
const PayloadLen = 4

// ErrShortPayload is returned by ParsePayload for fewer than 4 bytes.
var ErrShortPayload = errors.New("dtmf: telephone-event payload shorter than 4 bytes")

// Payload is an RFC 4733 telephone-event payload (section 2.3):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     event     |E|R| volume    |          duration             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type Payload struct {
	Event    uint8  // event code; 0-15 are the DTMF keys
	End      bool   // E: the last packets of the event
	Volume   uint8  // power level in -dBm0, 0-63
	Duration uint16 // since the event's timestamp, in RTP clock ticks
}

// ParsePayload parses the first 4 bytes of b. Bytes after them (RFC 2198
// redundancy is negotiated separately and not handled) are ignored, and
// so is the reserved bit.
func ParsePayload(b []byte) (Payload, error) {
	if len(b) < PayloadLen {
		return Payload{}, fmt.Errorf("%w: %d bytes", ErrShortPayload, len(b))
	}
	return Payload{
		Event:    b[0],
		End:      b[1]&0x80 != 0,
		Volume:   b[1] & 0x3F,
		Duration: binary.BigEndian.Uint16(b[2:]),
	}, nil
}

// Append appends the 4-byte wire form of p to b. Volume is truncated to
// its 6 bits.
func (p Payload) Append(b []byte) []byte {
	v := p.Volume & 0x3F
	if p.End {
		v |= 0x80
	}
	return binary.BigEndian.AppendUint16(append(b, p.Event, v), p.Duration)
}

// RTPStats counts what an RTPDetector did with its packets.
type RTPStats struct {
	Packets     uint64 // telephone-event packets parsed
	Events      uint64 // events reported
	Unended     uint64 // events reported without an end packet (all lost)
	Repeats     uint64 // packets of an event already reported (redundant end packets)
	Stale       uint64 // packets older than the current event, dropped
	Conflicts   uint64 // packets with the current event's timestamp but another code
	Unsupported uint64 // events other than the 16 DTMF keys (flash, tones)
	Malformed   uint64 // payloads shorter than 4 bytes
	Resyncs     uint64 // new SSRC: a new stream
}

// RTPDetector turns the RTP telephone-event packets of one stream into
// one Event per key press. It handles the sender behaviour of RFC 4733
// section 2.5 and what the network does to it:
//
//   - All packets of one event carry its start timestamp: packets with the
//     timestamp of the current event update it (duration, volume); a new
//     timestamp starts a new event, even for the same key.
//   - The event is reported at its first end packet; the two redundant
//     end packets, and any retransmission of earlier packets that arrives
//     after them, are counted as Repeats and dropped.
//   - If the first packets (with the marker bit) are lost, the event
//     starts with the first packet that arrives: its timestamp is still
//     the event's start.
//   - If all end packets are lost, the event is reported when the next
//     event starts, or on Flush, with Ended false.
//   - A long event split into segments (section 2.5.1.3: a new timestamp
//     equal to the previous segment's timestamp plus its duration, same
//     code, previous segment not ended) continues the same event.
//
// Packets must arrive in timestamp order up to reordering within one event
// (put a reorder stage in front of it for worse networks); a packet older
// than the current event is dropped as Stale. Empty payloads are ignored.
// HandleRTP never fails: a bad packet from the far end must not stop the
// call, so malformed or unsupported packets are only counted. It does not
// allocate.
type RTPDetector struct {
	clock int
	emit  func(Event)

	started bool
	ssrc    uint32
	lastTS  uint32
	lastExt int64 // lastTS extended to 64 bits, relative to the first timestamp

	active  bool
	cur     Event
	curCode uint8
	curExt  int64 // timestamp of the event's start
	segExt  int64 // timestamp of its current segment
	segDur  int64 // duration of the current segment so far, ticks

	done    bool
	doneExt int64 // timestamp of the last event reported

	stats RTPStats
}

// NewRTPDetector returns a detector for telephone events at clockRate Hz
// (the rate of the "telephone-event/8000" rtpmap; 48000 for WebRTC peers
// using Opus) that calls emit for each key press.
func NewRTPDetector(clockRate int, emit func(Event)) (*RTPDetector, error) {
	if clockRate <= 0 {
		return nil, fmt.Errorf("dtmf: clock rate %d", clockRate)
	}
	if emit == nil {
		return nil, errors.New("dtmf: nil emit func")
	}
	return &RTPDetector{clock: clockRate, emit: emit}, nil
}

// String returns "RFC4733 DTMF".
func (d *RTPDetector) String() string { return "RFC4733 DTMF" }

// Stats returns the counters so far.
func (d *RTPDetector) Stats() RTPStats { return d.stats }

// HandleRTP takes one telephone-event packet. It always returns nil.
func (d *RTPDetector) HandleRTP(pkt *rtp.Packet) error {
	if len(pkt.Payload) == 0 {
		return nil
	}
	p, err := ParsePayload(pkt.Payload)
	if err != nil {
		d.stats.Malformed++
		return nil
	}
	d.stats.Packets++
	if !d.started || pkt.SSRC != d.ssrc {
		if d.started {
			d.stats.Resyncs++
			d.Flush()
		}
		*d = RTPDetector{clock: d.clock, emit: d.emit, stats: d.stats, started: true, ssrc: pkt.SSRC, lastTS: pkt.Timestamp}
	}
	// Extend the 32-bit timestamp with the signed difference to the last
	// one, which handles wrap-around (RFC 3550 section 5.1).
	ext := d.lastExt + int64(int32(pkt.Timestamp-d.lastTS))
	d.lastTS, d.lastExt = pkt.Timestamp, ext

	digit, ok := EventDigit(p.Event)
	if !ok {
		d.stats.Unsupported++
		return nil
	}

	switch {
	case d.active && ext == d.segExt:
		if p.Event != d.curCode {
			d.stats.Conflicts++
			return nil
		}
		d.update(p)
		return nil
	case d.done && ext <= d.doneExt:
		d.stats.Repeats++
		return nil
	case d.active && ext < d.segExt:
		d.stats.Stale++
		return nil
	case d.active && p.Event == d.curCode && ext == d.segExt+d.segDur:
		// The next segment of a long event.
		d.segExt, d.segDur = ext, 0
		d.update(p)
		return nil
	case d.active:
		d.report(false)
	}

	d.active = true
	d.curCode = p.Event
	d.curExt, d.segExt, d.segDur = ext, ext, 0
	d.cur = Event{Digit: digit, Start: d.ticks(ext), Source: SourceRFC4733}
	d.update(p)
	return nil
}

// update applies packet p of the current event and reports the event
// if p ends it.
func (d *RTPDetector) update(p Payload) {
	// Duration only grows; a reordered earlier packet must not shrink it.
	d.segDur = max(d.segDur, int64(p.Duration))
	d.cur.Duration = d.ticks(d.segExt - d.curExt + d.segDur)
	d.cur.Volume = int(p.Volume)
	if p.End {
		d.report(true)
	}
}

// report delivers the current event.
func (d *RTPDetector) report(ended bool) {
	d.cur.Ended = ended
	d.active = false
	d.done, d.doneExt = true, d.segExt
	d.stats.Events++
	if !ended {
		d.stats.Unended++
	}
	d.emit(d.cur)
}

// Flush reports an event whose end packets never came, for example at the
// end of the call.
func (d *RTPDetector) Flush() {
	if d.active {
		d.report(false)
	}
}

func (d *RTPDetector) ticks(n int64) time.Duration {
	return time.Duration(n) * time.Second / time.Duration(d.clock)
}
