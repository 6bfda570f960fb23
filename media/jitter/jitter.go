package jitter

import (
	"fmt"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/g711"
)

// Defaults for Options.
const (
	DefaultClockRate    = 8000
	DefaultMinDelay     = 20 * time.Millisecond
	DefaultMaxDelay     = time.Second
	DefaultInitialDelay = 60 * time.Millisecond
	DefaultCapacity     = 64
	MaxCapacity         = 1024
	DefaultMaxFrame     = 120 * time.Millisecond

	// maxMisorder (RFC 3550 Appendix A.1): a packet this far behind the
	// play position is not reordering but a possible sender restart.
	maxMisorder = 100
	// minResync is the least relative delay, either way, that is taken as
	// a jump of the sender's timestamps rather than network jitter.
	minResync = 2 * time.Second
	// quietLevel is the mean absolute sample value under which a frame may
	// be dropped to shorten the delay (about -40 dBFS).
	quietLevel = 328
)

// Decoder turns one RTP payload into PCM.
type Decoder interface {
	// Decode writes the samples of payload to dst and returns how many. A
	// payload that decodes to more than len(dst) samples is cut to
	// len(dst). An error discards the packet.
	Decode(dst []int16, payload []byte) (int, error)
	String() string
}

// G711 returns the Decoder for PCMU or PCMA payloads.
func G711(law g711.Law) Decoder { return g711Decoder{law} }

type g711Decoder struct{ law g711.Law }

func (d g711Decoder) Decode(dst []int16, payload []byte) (int, error) {
	return d.law.DecodeTo(dst, payload), nil
}

func (d g711Decoder) String() string { return d.law.String() }

// Options configure a Buffer. Zero values take the defaults.
type Options struct {
	// ClockRate is the RTP clock rate in Hz (8000 for G.711 and G.722,
	// 48000 for Opus).
	ClockRate int
	// SampleRate is the rate of the decoder's PCM, if not ClockRate (G.722
	// has a 16000 Hz signal on an 8000 Hz RTP clock). One of the two rates
	// should divide the other.
	SampleRate int
	// MinDelay and MaxDelay bound the target delay; InitialDelay is used
	// until enough packets have been seen to estimate it.
	MinDelay, MaxDelay, InitialDelay time.Duration
	// Capacity is the most packets held at once (at most MaxCapacity).
	// Capacity times the packet duration caps the usable delay.
	Capacity int
	// MaxFrame is the longest packet; longer payloads are cut.
	MaxFrame time.Duration
	// Now is the clock HandleRTP reads arrival times from (time.Now if
	// nil). Push and Advance take times from the caller instead.
	Now func() time.Time
}

// Stats counts what a Buffer did. The names follow the W3C
// RTCInboundRtpStreamStats members (https://www.w3.org/TR/webrtc-stats/).
type Stats struct {
	// PacketsReceived counts every packet given to Push.
	PacketsReceived uint64
	// PacketsDiscarded counts packets not played: late, duplicate, out of
	// window and not confirmed as a restart, or undecodable. Unlike W3C
	// packetsDiscarded it includes duplicates; DiscardedDuplicate tells
	// them apart.
	PacketsDiscarded   uint64
	DiscardedLate      uint64
	DiscardedDuplicate uint64
	// ConcealedSamples are samples synthesised for lost or late packets;
	// ConcealmentEvents counts runs of them.
	ConcealedSamples  uint64
	ConcealmentEvents uint64
	// SilentConcealedSamples are the concealed samples after the
	// concealment faded out (60 ms into a loss): zeros.
	SilentConcealedSamples uint64
	// SilentSamples are zeros played before a talkspurt or a stream
	// start: the sender sent nothing for them, nothing is concealed.
	SilentSamples uint64
	// InsertedSamplesForDeceleration are concealed samples played without
	// moving the media position, to increase the delay.
	InsertedSamplesForDeceleration uint64
	// RemovedSamplesForAcceleration are samples skipped to decrease the
	// delay: quiet decoded audio, or parts of a gap in the media.
	RemovedSamplesForAcceleration uint64
	// JitterBufferDelay is the sum over decoded samples played of the time
	// from their packet's arrival to their play time, in seconds;
	// JitterBufferTargetDelay the same sum of the target delay at play
	// time; JitterBufferEmittedCount the number of those samples.
	JitterBufferDelay        float64
	JitterBufferTargetDelay  float64
	JitterBufferEmittedCount uint64
	// TotalSamples is every sample written to the next stage: decoded,
	// concealed and silent.
	TotalSamples uint64
	// Resets counts changes of the sender's timeline: new SSRC, confirmed
	// sequence or timestamp jump.
	Resets uint64
}

// Buffer is the jitter buffer stage; see the package documentation.
type Buffer struct {
	dec  Decoder
	next media.PCMWriter
	now  func() time.Time

	clock, rate                    int
	minDelay, maxDelay, initDelay  time.Duration
	resync                         int64 // ns
	maxFrame                       int   // samples
	capacity                       int64
	ring                           []slot
	held                           int
	cand                           candidate
	hasCand                        bool
	est                            *delayEstimator
	plc                            *Concealer
	scratch, out                   []int16
	targetCache                    time.Duration
	targetCount                    int
	concealing                     bool
	flushing                       bool
	stats                          Stats
	err                            error
	stream                         stream
	clockOn                        bool
	base                           time.Time
	outStart, emitted, lastAdvance int64
}

// stream is the state of one sender timeline (one SSRC run).
type stream struct {
	started bool
	begun   bool // a decoded sample was played
	ssrc    uint32
	highest int64  // highest extended sequence number
	lastSeq uint16 // the sequence number on the wire that maps to highest
	refTS   int64  // extended timestamp of the highest packet
	lastTS  uint32 // the timestamp on the wire that maps to refTS

	prevSSRC uint32 // the source before the last change
	hasPrev  bool
	nextSeq  int64 // every sequence number before it is played or given up
	playPos  int64 // sample position of the next sample to play
	pos0     int64 // sample position whose media time is 0
	frame    int   // samples in the last packet
}

// candidate is a packet far outside the window, kept in case the sender
// restarted there.
type candidate struct {
	seq     uint16
	ts      uint32
	marker  bool
	retime  bool // its timestamp did not fit the stream's timing
	arrival int64
	pcm     []int16
}

type slot struct {
	full, played bool
	marker       bool
	seq          int64
	pos          int64
	n            int
	arrival      int64
	pcm          []int16
}

// New returns a Buffer that decodes with dec and writes PCM to next.
func New(dec Decoder, next media.PCMWriter, opts Options) (*Buffer, error) {
	if dec == nil || next == nil {
		return nil, fmt.Errorf("jitter: nil decoder or next stage")
	}
	clock := opts.ClockRate
	if clock <= 0 {
		clock = DefaultClockRate
	}
	rate := opts.SampleRate
	if rate <= 0 {
		rate = clock
	}
	if clock > 1_000_000 || rate > 1_000_000 {
		return nil, fmt.Errorf("jitter: rates %d/%d Hz out of range", clock, rate)
	}
	b := &Buffer{dec: dec, next: next, now: opts.Now, clock: clock, rate: rate}
	if b.now == nil {
		b.now = time.Now
	}
	b.minDelay = orDefault(opts.MinDelay, DefaultMinDelay)
	b.maxDelay = max(orDefault(opts.MaxDelay, DefaultMaxDelay), b.minDelay)
	b.initDelay = min(max(orDefault(opts.InitialDelay, DefaultInitialDelay), b.minDelay), b.maxDelay)
	b.resync = int64(max(minResync, 2*b.maxDelay))
	capacity := opts.Capacity
	if capacity <= 0 {
		capacity = DefaultCapacity
	}
	b.capacity = int64(min(capacity, MaxCapacity))
	b.maxFrame = max(int(int64(orDefault(opts.MaxFrame, DefaultMaxFrame))*int64(rate)/int64(time.Second)), 1)
	b.ring = make([]slot, b.capacity)
	b.est = newDelayEstimator(b.maxDelay)
	b.plc = NewConcealer(rate)
	b.scratch = make([]int16, b.maxFrame)
	b.out = make([]int16, b.maxFrame)
	b.resetRing()
	return b, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// String returns for example "Jitter(PCMU, 20ms..1s)".
func (b *Buffer) String() string {
	return fmt.Sprintf("Jitter(%s, %v..%v)", b.dec, b.minDelay, b.maxDelay)
}

// Next returns the stage the buffer writes PCM to.
func (b *Buffer) Next() fmt.Stringer { return b.next }

// Stats returns the counters so far.
func (b *Buffer) Stats() Stats { return b.stats }

// Held returns the number of packets waiting to be played.
func (b *Buffer) Held() int { return b.held }

// TargetDelay returns the delay the buffer currently aims for.
func (b *Buffer) TargetDelay() time.Duration { return b.target() }

// HandleRTP is Push with the arrival time read from Options.Now.
func (b *Buffer) HandleRTP(pkt *rtp.Packet) error { return b.Push(pkt, b.now()) }

// Push takes a packet that arrived at the given time. It first plays out
// everything due before arrival (see Advance), then holds the packet, whose
// payload it decodes and copies. It returns the first error of the next
// stage; the buffer stays consistent either way.
func (b *Buffer) Push(pkt *rtp.Packet, arrival time.Time) error {
	b.err = nil
	b.stats.PacketsReceived++
	if !b.clockOn {
		b.clockOn = true
		if b.base.IsZero() {
			b.base = arrival
		}
		b.outStart = int64(arrival.Sub(b.base))
		b.emitted = 0
		b.lastAdvance = b.outStart
	}
	now := int64(arrival.Sub(b.base))
	b.advance(now)
	s := &b.stream
	if s.started && pkt.SSRC != s.ssrc && s.hasPrev && pkt.SSRC == s.prevSSRC {
		// Reordered across a change of source: too late.
		b.stats.DiscardedLate++
		b.discard()
		return b.err
	}
	n, err := b.dec.Decode(b.scratch, pkt.Payload)
	n = min(n, len(b.scratch))
	if err != nil || n <= 0 {
		b.discard()
		return b.err
	}
	forced := false
	switch {
	case !s.started:
		b.startStream(pkt.SSRC, pkt.SequenceNumber, pkt.Timestamp)
	case pkt.SSRC != s.ssrc:
		forced = true
		if b.hasCand {
			b.hasCand = false
			b.discard()
		}
		s.prevSSRC, s.hasPrev, s.ssrc = s.ssrc, true, pkt.SSRC
		b.stats.Resets++
		b.rebase(pkt.SequenceNumber, pkt.Timestamp, now, true)
	}
	b.accept(pkt, n, now, forced)
	return b.err
}

// Advance plays out, to the next stage, everything due up to now: the
// output has one sample per sample period since the first packet arrived,
// decoded where packets came in time, concealed or silent elsewhere. It
// returns the first error of the next stage.
func (b *Buffer) Advance(now time.Time) error {
	b.err = nil
	if b.clockOn {
		b.advance(int64(now.Sub(b.base)))
	}
	return b.err
}

// Flush plays every held packet at once, concealing the gaps between them,
// as if time ran on until the buffer were empty, and ends the stream: the
// next packet starts a new one, and the output clock restarts at its
// arrival.
func (b *Buffer) Flush() error {
	b.err = nil
	if b.stream.started {
		b.flushing = true
		for b.held > 0 {
			h := b.head()
			if h == nil {
				break
			}
			end := h.pos + int64(h.n)
			b.emitTo(b.emitted + end - b.stream.playPos)
		}
		b.flushing = false
	}
	b.resetStream()
	b.clockOn = false
	return b.err
}

// discard counts a packet that will not be played.
func (b *Buffer) discard() { b.stats.PacketsDiscarded++ }

func (b *Buffer) resetRing() {
	for i := range b.ring {
		s := &b.ring[i]
		s.full, s.played, s.seq = false, false, -1
	}
	b.held = 0
}

// resetStream drops everything held and forgets the sender timeline; the
// output clock runs on.
func (b *Buffer) resetStream() {
	b.stats.PacketsDiscarded += uint64(b.held)
	if b.hasCand {
		b.hasCand = false
		b.discard()
	}
	b.resetRing()
	b.stream = stream{}
	b.est.reset()
}

// startStream anchors a new timeline at a packet. Extended sequence
// numbers and timestamps start one cycle up so that packets reordered
// before the first stay positive.
func (b *Buffer) startStream(ssrc uint32, seq uint16, ts uint32) {
	s := &b.stream
	*s = stream{started: true, ssrc: ssrc}
	s.highest, s.lastSeq = int64(seq)+1<<16, seq
	s.refTS, s.lastTS = int64(ts)+1<<32, ts
	s.nextSeq = s.highest
	s.pos0 = b.tsToPos(s.refTS)
	s.playPos = s.pos0
	s.frame = b.rate / 50
	b.est.reset()
}

// rebase maps the wire sequence number seq to the one after the highest
// held, so that the packets of a new source or a restarted sequence queue
// up behind those held. With retime it also maps timestamp ts to the
// position where a packet arriving at arrival with the least transit would
// play, but not before the end of the highest packet held.
func (b *Buffer) rebase(seq uint16, ts uint32, arrival int64, retime bool) {
	s := &b.stream
	s.lastSeq = seq - 1
	if !retime {
		return
	}
	p := b.tsToPos(s.refTS) + int64(s.frame)
	if b.est.haveMin {
		p = max(p, s.pos0+b.nsToSamples(arrival-b.est.minTransit()))
	}
	s.refTS, s.lastTS = b.posToTS(p), ts
}

func (b *Buffer) posToTS(pos int64) int64 {
	if b.rate == b.clock {
		return pos
	}
	return pos * int64(b.clock) / int64(b.rate)
}

func (b *Buffer) tsToPos(ts int64) int64 {
	if b.rate == b.clock {
		return ts
	}
	return ts * int64(b.rate) / int64(b.clock)
}

// accept classifies and stores a decoded packet (n samples in scratch).
// A packet the stream was just rebased on is forced: it is not checked for
// a jump again, only dropped if the window is full.
func (b *Buffer) accept(pkt *rtp.Packet, n int, now int64, forced bool) {
	s := &b.stream
	ext := s.highest + int64(int16(pkt.SequenceNumber-s.lastSeq))
	extTS := s.refTS + int64(int32(pkt.Timestamp-s.lastTS))
	pos := b.tsToPos(extTS)
	transit := now - b.mediaNs(pos)

	seqStray := ext >= s.nextSeq+b.capacity || ext < s.nextSeq-maxMisorder
	tsStray := false
	if b.est.haveMin {
		rel := transit - b.est.minTransit()
		tsStray = rel > b.resync || rel < -b.resync
	}
	if forced && ext >= s.nextSeq+b.capacity {
		b.discard()
		return
	}
	if (seqStray || tsStray) && !forced {
		if b.hasCand && pkt.SequenceNumber == b.cand.seq+1 {
			// Two consecutive packets: the sender restarted its
			// sequence or timeline there (RFC 3550 Appendix A.1).
			b.restartAtCandidate()
			b.accept(pkt, n, now, true)
			return
		}
		if b.hasCand {
			b.discard()
		}
		b.hasCand = true
		b.cand.retime = tsStray
		b.cand.seq, b.cand.ts, b.cand.marker = pkt.SequenceNumber, pkt.Timestamp, pkt.Marker
		b.cand.arrival = now
		b.cand.pcm = append(b.cand.pcm[:0], b.scratch[:n]...)
		return
	}
	if b.hasCand {
		// Not a restart after all.
		b.hasCand = false
		b.discard()
	}

	if ext < s.nextSeq {
		sl := &b.ring[ext%b.capacity]
		switch {
		case sl.seq == ext && (sl.full || sl.played):
			b.stats.DiscardedDuplicate++
			b.discard()
			return
		case s.begun || s.highest-ext >= b.capacity:
			b.observe(now, transit, n)
			b.stats.DiscardedLate++
			b.discard()
			return
		}
		// Nothing played yet: the stream may start earlier.
		s.nextSeq = ext
	}
	sl := &b.ring[ext%b.capacity]
	if sl.full {
		if sl.seq == ext {
			b.stats.DiscardedDuplicate++
			b.discard()
			return
		}
		// Cannot happen while the window holds; keep counts honest.
		sl.full = false
		b.held--
		b.discard()
	}
	b.observe(now, transit, n)
	if !s.begun {
		s.playPos = min(s.playPos, pos)
	} else if pos+int64(n) <= s.playPos {
		b.stats.DiscardedLate++
		b.discard()
		return
	}
	*sl = slot{full: true, marker: pkt.Marker, seq: ext, pos: pos, n: n, arrival: now, pcm: append(sl.pcm[:0], b.scratch[:n]...)}
	b.held++
	if ext > s.highest {
		s.highest, s.lastSeq = ext, pkt.SequenceNumber
		s.refTS, s.lastTS = extTS, pkt.Timestamp
		s.frame = n
	}
}

func (b *Buffer) observe(now, transit int64, n int) {
	rel := b.est.observe(now, transit)
	b.est.add(rel, b.samplesToDur(int64(n)))
}

// restartAtCandidate continues the stream from the held stray packet,
// after the packets held, and accepts it. It keeps the packet being pushed
// in scratch.
func (b *Buffer) restartAtCandidate() {
	c := &b.cand
	b.hasCand = false
	b.stats.Resets++
	b.rebase(c.seq, c.ts, c.arrival, c.retime)
	// accept reads the samples from scratch, which holds the packet
	// being pushed: lend it the candidate's buffer meanwhile.
	pushed, n := b.scratch, len(c.pcm)
	b.scratch = c.pcm
	pkt := rtp.Packet{Header: rtp.Header{SSRC: b.stream.ssrc, SequenceNumber: c.seq, Timestamp: c.ts, Marker: c.marker}}
	b.accept(&pkt, n, c.arrival, true)
	b.scratch = pushed
}

// target returns the target delay: the estimate clamped to the bounds.
func (b *Buffer) target() time.Duration {
	if b.est.count == b.targetCount && b.targetCount > 0 {
		return b.targetCache
	}
	d, ok := b.est.quantile()
	if !ok {
		d = b.initDelay
	}
	d = min(max(d, b.minDelay), b.maxDelay)
	b.targetCache, b.targetCount = d, b.est.count
	return d
}

// Time conversions. Times are ns since b.base; media times are ns since
// the stream's pos0.

func (b *Buffer) mediaNs(pos int64) int64 { return b.samplesToNs(pos - b.stream.pos0) }

func (b *Buffer) samplesToNs(n int64) int64 {
	r := int64(b.rate)
	return n/r*int64(time.Second) + n%r*int64(time.Second)/r
}

func (b *Buffer) samplesToDur(n int64) time.Duration { return time.Duration(b.samplesToNs(n)) }

func (b *Buffer) nsToSamples(ns int64) int64 {
	s := int64(time.Second)
	return ns/s*int64(b.rate) + ns%s*int64(b.rate)/s
}

// advance plays out everything due before now.
func (b *Buffer) advance(now int64) {
	if now < b.lastAdvance {
		return
	}
	b.lastAdvance = now
	b.emitTo(b.nsToSamples(now - b.outStart))
}

// head returns the held packet with the lowest sequence number not yet
// played, dropping on the way packets that ended before the play position.
func (b *Buffer) head() *slot {
	s := &b.stream
	for b.held > 0 {
		var h *slot
		for q := s.nextSeq; q <= s.highest && q < s.nextSeq+b.capacity; q++ {
			if sl := &b.ring[q%b.capacity]; sl.full && sl.seq == q {
				h = sl
				break
			}
		}
		if h == nil {
			return nil
		}
		if h.pos+int64(h.n) <= s.playPos {
			h.full = false
			b.held--
			b.stats.DiscardedLate++
			b.discard()
			continue
		}
		return h
	}
	return nil
}

// emitTo writes samples until want samples have been emitted since the
// output clock started.
func (b *Buffer) emitTo(want int64) {
	s := &b.stream
	for b.emitted < want {
		room := int(min(want-b.emitted, int64(len(b.out))))
		if !s.started {
			b.writeSilence(room)
			continue
		}
		vt := b.outStart + b.samplesToNs(b.emitted)
		h := b.head()
		target := b.target()
		// The play position that would give exactly the target delay.
		desired := s.playPos
		if b.est.haveMin && !b.flushing {
			desired = s.pos0 + b.nsToSamples(vt-b.est.minTransit()-int64(target))
		}

		if h != nil && h.pos <= s.playPos {
			off := int(s.playPos - h.pos)
			if off == 0 && (!s.begun || h.marker) && desired < s.playPos && !b.flushing {
				// A stream or talkspurt starts earlier than the target
				// delay: wait for it with silence.
				b.writeSilence(int(min(int64(room), s.playPos-desired)))
				continue
			}
			if off == 0 && s.begun && !b.flushing && b.shouldDrop(h, desired, target) {
				h.full, h.played = false, true
				b.held--
				s.nextSeq = h.seq + 1
				s.playPos += int64(h.n)
				b.stats.RemovedSamplesForAcceleration += uint64(h.n)
				continue
			}
			n := min(h.n-off, room)
			pcm := h.pcm[off : off+n]
			b.plc.Good(pcm)
			b.concealing = false
			b.write(pcm)
			// Sample k of the chunk plays at vt + k/rate.
			wait := float64(n)*time.Duration(max(vt-h.arrival, 0)).Seconds() + float64(n)*float64(n-1)/2/float64(b.rate)
			b.stats.JitterBufferDelay += wait
			b.stats.JitterBufferTargetDelay += float64(n) * target.Seconds()
			b.stats.JitterBufferEmittedCount += uint64(n)
			s.playPos += int64(n)
			s.begun = true
			if off+n == h.n {
				h.full, h.played = false, true
				b.held--
				s.nextSeq = h.seq + 1
			}
			continue
		}

		// A gap at the play position: nothing sent (before a talkspurt or
		// the first packet), or a packet lost or not here yet.
		silent := !s.begun || (h != nil && h.marker)
		hyst := int64(0)
		if !silent {
			hyst = int64(s.frame / 2)
		}
		if h != nil && desired > s.playPos+hyst && !b.flushing {
			// Later than the target: skip (part of) the gap.
			skip := min(desired, h.pos) - s.playPos
			s.playPos += skip
			if s.begun {
				b.stats.RemovedSamplesForAcceleration += uint64(skip)
			}
			continue
		}
		n := room
		stall := desired < s.playPos && !b.flushing
		if stall {
			n = int(min(int64(n), s.playPos-desired))
		} else if h != nil {
			n = int(min(int64(n), h.pos-s.playPos))
		}
		if silent {
			b.writeSilence(n)
		} else {
			out := b.out[:n]
			b.stats.SilentConcealedSamples += uint64(b.plc.Conceal(out))
			if !b.concealing {
				b.concealing = true
				b.stats.ConcealmentEvents++
			}
			b.stats.ConcealedSamples += uint64(n)
			if stall {
				b.stats.InsertedSamplesForDeceleration += uint64(n)
			}
			b.write(out)
		}
		if !stall {
			s.playPos += int64(n)
		}
	}
}

// shouldDrop decides whether to skip the packet h about to be played
// because the delay is well above target: only a quiet frame, unless the
// delay is past MaxDelay.
func (b *Buffer) shouldDrop(h *slot, desired int64, target time.Duration) bool {
	excess := desired - b.stream.playPos // samples of delay above target
	if excess < int64(h.n)+b.nsToSamples(int64(10*time.Millisecond)) {
		return false
	}
	if target+b.samplesToDur(excess) > b.maxDelay+b.samplesToDur(int64(h.n)) {
		return true
	}
	var sum int64
	for _, v := range h.pcm[:h.n] {
		sum += int64(max(v, -v))
	}
	return sum < int64(quietLevel)*int64(h.n)
}

func (b *Buffer) writeSilence(n int) {
	out := b.out[:n]
	clear(out)
	if b.stream.begun || b.concealing {
		b.plc.Good(out) // fades a running concealment into the silence
	}
	b.concealing = false
	b.stats.SilentSamples += uint64(n)
	b.write(out)
}

func (b *Buffer) write(pcm []int16) {
	b.emitted += int64(len(pcm))
	b.stats.TotalSamples += uint64(len(pcm))
	if err := b.next.WritePCM(pcm); err != nil && b.err == nil {
		b.err = err
	}
}
