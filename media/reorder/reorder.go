// Package reorder puts RTP packets back in sequence order.
//
// A Buffer sits in front of a decoder: packets that arrive out of order are
// held (copied) until the gap before them fills, a duplicate is dropped, and
// a packet that never comes is given up on once a packet Depth sequence
// numbers after it has arrived. The added delay is therefore at most Depth
// packet times, and only while a packet is missing; in-order packets pass
// straight through without being copied.
//
// Sequence numbers are compared with 16-bit wrap-around (RFC 3550 section
// 5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1). A new SSRC, or a
// sender that jumps its sequence number by more than RFC 3550 Appendix A.1's
// MAX_DROPOUT/MAX_MISORDER and keeps counting from there, restarts the
// buffer: what it holds is released first.
//
// Memory is bounded whatever the sender does: Depth+2 packet copies whose
// buffers are reused, so the steady state allocates nothing.
//
// A Buffer is not safe for concurrent use: the call's media goroutine calls
// HandleRTP and Flush. It starts no goroutines and holds packets only until
// later packets or Flush release them: there is no timer, so the owner calls
// Flush when the stream ends or pauses.
package reorder

import (
	"fmt"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

const (
	// DefaultDepth is the Depth used when Options.Depth is zero or less.
	DefaultDepth = 5
	// MaxDepth is the largest Depth; larger values are reduced to it.
	MaxDepth = 512

	// From RFC 3550 Appendix A.1: a jump ahead of at least maxDropout or
	// back by more than maxMisorder is not reordering but a sender restart
	// (or garbage), confirmed when the next packet continues from it.
	maxDropout  = 3000
	maxMisorder = 100

	// histBits remembers, for the last sequence numbers behind the window,
	// whether each was released or skipped, to tell a duplicate from a late
	// packet. It divides 2^16 so wrap-around keeps the mapping, and exceeds
	// MaxDepth+maxMisorder so held and remembered numbers never collide.
	histBits = 1024
)

// Options configure a Buffer.
type Options struct {
	// Depth is how many packets after a missing one are waited for before
	// it is given up, and so the most packets held. 0 means DefaultDepth.
	Depth int
}

// Stats counts what a Buffer did. Received = Released + Late + Duplicate
// + Held(), plus one while a stray out-of-window packet waits to see
// whether the sender restarted its sequence there.
type Stats struct {
	Received  uint64 // packets given to HandleRTP
	Released  uint64 // packets passed to the next stage
	Lost      uint64 // sequence numbers given up on (never released)
	Late      uint64 // dropped: arrived after their number was given up, or stray far outside the window
	Duplicate uint64 // dropped: their number was already held or released
	Resets    uint64 // restarts for a new SSRC or a sequence jump
}

// Buffer is the reordering stage; see the package documentation.
type Buffer struct {
	next  media.RTPHandler
	depth int

	ring []slot // ring[(head+d)%len] holds sequence number expected+d
	head int
	held int

	started  bool
	ssrc     uint32
	expected uint16 // next sequence number to release
	hist     [histBits / 64]uint64

	// cand is an out-of-window packet kept in case it starts a new run.
	cand    slot
	hasCand bool

	stats Stats
	err   error // first error from next during one HandleRTP/Flush
}

type slot struct {
	full    bool
	pkt     rtp.Packet
	payload []byte
	csrc    []uint32
	exts    []rtp.Extension
	hdr     []byte
}

// New returns a Buffer that passes packets in order to next.
func New(next media.RTPHandler, opts Options) *Buffer {
	depth := opts.Depth
	if depth <= 0 {
		depth = DefaultDepth
	}
	depth = min(depth, MaxDepth)
	return &Buffer{next: next, depth: depth, ring: make([]slot, depth+1)}
}

// String returns "Reorder(depth)".
func (b *Buffer) String() string { return fmt.Sprintf("Reorder(%d)", b.depth) }

// Next returns the stage the buffer releases packets to.
func (b *Buffer) Next() fmt.Stringer { return b.next }

// Stats returns the counters so far.
func (b *Buffer) Stats() Stats { return b.stats }

// Held returns the number of packets currently held.
func (b *Buffer) Held() int { return b.held }

// HandleRTP takes one packet and releases every packet that is now in
// order. The packet is copied if it has to be held. It returns the first
// error of the next stage; the buffer's state stays consistent either way.
func (b *Buffer) HandleRTP(p *rtp.Packet) error {
	b.err = nil
	b.stats.Received++
	if b.started && p.SSRC != b.ssrc {
		b.flush()
		if b.hasCand {
			b.hasCand = false
			b.stats.Late++
		}
		b.stats.Resets++
		b.started = false
	}
	if !b.started {
		b.start(p.SSRC, p.SequenceNumber)
	}

	d := int(int16(p.SequenceNumber - b.expected))
	switch {
	case d >= maxDropout || d < -maxMisorder:
		b.outOfWindow(p)
		return b.err
	case d < 0:
		if b.wasReleased(p.SequenceNumber) {
			b.stats.Duplicate++
		} else {
			b.stats.Late++
		}
	default:
		if b.hasCand {
			// Not a restart after all: the stray packet is dropped.
			b.hasCand = false
			b.stats.Late++
		}
		b.accept(p, d)
	}
	return b.err
}

// Flush releases every held packet in order, giving up on the gaps between
// them, and drops a stray out-of-window packet. Later packets continue the
// same sequence.
func (b *Buffer) Flush() error {
	b.err = nil
	b.flush()
	if b.hasCand {
		b.hasCand = false
		b.stats.Late++
	}
	return b.err
}

func (b *Buffer) start(ssrc uint32, seq uint16) {
	b.started = true
	b.ssrc = ssrc
	b.expected = seq
	b.hist = [histBits / 64]uint64{}
}

// accept handles a packet d >= 0 numbers ahead of expected, d < maxDropout.
func (b *Buffer) accept(p *rtp.Packet, d int) {
	// Give up on missing numbers until p fits in the window; packets held
	// behind them are released on the way.
	for ; d > b.depth; d-- {
		b.releaseHeadOrSkip()
	}
	b.drain()
	d = int(int16(p.SequenceNumber - b.expected))
	switch {
	case d < 0:
		// A held copy of p was among those just released.
		b.stats.Duplicate++
	case d == 0:
		b.release(p)
		b.advance(true)
		b.drain()
	default:
		s := &b.ring[(b.head+d)%len(b.ring)]
		if s.full {
			b.stats.Duplicate++
			return
		}
		s.store(p)
		b.held++
	}
}

// outOfWindow handles a packet too far from expected to be reordering.
func (b *Buffer) outOfWindow(p *rtp.Packet) {
	if b.hasCand && p.SequenceNumber == b.cand.pkt.SequenceNumber+1 {
		// Two consecutive packets: the sender restarted its sequence.
		b.flush()
		b.stats.Resets++
		b.hasCand = false
		b.start(p.SSRC, b.cand.pkt.SequenceNumber)
		b.release(&b.cand.pkt)
		b.advance(true)
		b.release(p)
		b.advance(true)
		return
	}
	if b.hasCand {
		b.stats.Late++
	}
	b.cand.store(p)
	b.hasCand = true
}

// drain releases the run of held packets starting at expected.
func (b *Buffer) drain() {
	for b.held > 0 && b.ring[b.head].full {
		b.releaseHeadOrSkip()
	}
}

// flush releases everything held, skipping the gaps, and leaves the window
// empty with expected just after the last released packet.
func (b *Buffer) flush() {
	for b.held > 0 {
		b.releaseHeadOrSkip()
	}
}

// releaseHeadOrSkip releases the packet numbered expected if held, or gives
// that number up, then moves on by one.
func (b *Buffer) releaseHeadOrSkip() {
	s := &b.ring[b.head]
	if !s.full {
		b.stats.Lost++
		b.advance(false)
		return
	}
	s.full = false
	b.held--
	b.release(&s.pkt)
	b.advance(true)
}

func (b *Buffer) release(p *rtp.Packet) {
	b.stats.Released++
	if err := b.next.HandleRTP(p); err != nil && b.err == nil {
		b.err = err
	}
}

// advance records whether expected was released and moves the window on.
func (b *Buffer) advance(released bool) {
	i, bit := b.expected%histBits/64, uint64(1)<<(b.expected%64)
	if released {
		b.hist[i] |= bit
	} else {
		b.hist[i] &^= bit
	}
	b.expected++
	b.head++
	if b.head == len(b.ring) {
		b.head = 0
	}
}

func (b *Buffer) wasReleased(seq uint16) bool {
	return b.hist[seq%histBits/64]&(uint64(1)<<(seq%64)) != 0
}

// store deep-copies p into s, reusing s's buffers.
func (s *slot) store(p *rtp.Packet) {
	s.full = true
	s.pkt.Header = p.Header
	s.csrc = append(s.csrc[:0], p.CSRC...)
	s.pkt.CSRC = s.csrc
	s.pkt.Extensions = nil
	if len(p.Extensions) > 0 {
		s.storeExtensions(p)
	}
	s.payload = append(s.payload[:0], p.Payload...)
	s.pkt.Payload = s.payload
	s.pkt.PaddingSize = p.PaddingSize
	s.pkt.Raw = nil
}

// storeExtensions copies the header extensions, whose payloads point into
// the caller's buffer. rtp.Extension's fields are unexported, so the header
// is marshalled into s.hdr and parsed back, which reuses s's slices.
func (s *slot) storeExtensions(p *rtp.Packet) {
	n := p.Header.MarshalSize()
	if cap(s.hdr) < n {
		s.hdr = make([]byte, n)
	}
	s.hdr = s.hdr[:n]
	ok := p.Extension
	if ok {
		_, err := p.Header.MarshalTo(s.hdr)
		ok = err == nil
	}
	if ok {
		h := &s.pkt.Header
		h.CSRC, h.Extensions = s.csrc, s.exts[:0]
		_, err := h.Unmarshal(s.hdr)
		s.csrc, s.exts = h.CSRC, h.Extensions
		ok = err == nil && len(h.Extensions) == len(p.Extensions)
		h.PaddingSize = p.Header.PaddingSize
	}
	if !ok {
		// A header that does not survive marshalling (built by hand, not
		// parsed from the wire): copy it the allocating way.
		s.pkt.Header = p.Header.Clone()
	}
}
