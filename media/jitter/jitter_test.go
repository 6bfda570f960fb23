package jitter

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/g711"
)

// linear is a test codec: little-endian 16-bit samples, so that the output
// can be compared with the input exactly.
type linear struct{}

func (linear) Decode(dst []int16, p []byte) (int, error) {
	if len(p)%2 != 0 {
		return 0, errors.New("odd payload")
	}
	n := min(len(dst), len(p)/2)
	for i := range n {
		dst[i] = int16(binary.LittleEndian.Uint16(p[2*i:]))
	}
	return n, nil
}

func (linear) String() string { return "L16" }

type sink struct{ s []int16 }

func (k *sink) WritePCM(s []int16) error { k.s = append(k.s, s...); return nil }
func (k *sink) String() string           { return "sink" }

var t0 = time.Unix(1_700_000_000, 0)

// tone is a loud two-harmonic signal with a 100 Hz fundamental.
func tone(n, rate int) []int16 {
	s := make([]int16, n)
	for i := range s {
		x := 2 * math.Pi * 100 * float64(i) / float64(rate)
		s[i] = int16(6000*math.Sin(x) + 3000*math.Sin(2*x+1))
	}
	return s
}

func payload(s []int16) []byte {
	p := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(p[2*i:], uint16(v))
	}
	return p
}

// send is one packet of a scripted stream: packet index i of a signal cut
// in frames, arriving at the given offset from t0.
type send struct {
	i       int
	arrival time.Duration
	marker  bool
	ssrc    uint32 // 0 means 1
	seqAdd  uint16 // added to the sequence number
	tsAdd   uint32 // added to the timestamp
}

type script struct {
	rate, frame int
	seq0        uint16
	ts0         uint32
	opts        Options
}

func (sc script) run(t testing.TB, signal []int16, sends []send) (*Buffer, *sink) {
	t.Helper()
	out := &sink{}
	opts := sc.opts
	opts.ClockRate = sc.rate
	b, err := New(linear{}, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	sends = slices.Clone(sends)
	slices.SortStableFunc(sends, func(a, b send) int { return int(a.arrival - b.arrival) })
	for _, s := range sends {
		ssrc := s.ssrc
		if ssrc == 0 {
			ssrc = 1
		}
		pkt := &rtp.Packet{Header: rtp.Header{Version: 2, SSRC: ssrc, Marker: s.marker,
			SequenceNumber: sc.seq0 + uint16(s.i) + s.seqAdd,
			Timestamp:      sc.ts0 + uint32(s.i*sc.frame) + s.tsAdd}}
		pkt.Payload = payload(signal[s.i*sc.frame : (s.i+1)*sc.frame])
		if err := b.Push(pkt, t0.Add(s.arrival)); err != nil {
			t.Fatal(err)
		}
	}
	return b, out
}

func inOrder(n int, every, delay time.Duration) []send {
	s := make([]send, n)
	for i := range s {
		s[i] = send{i: i, arrival: time.Duration(i)*every + delay}
	}
	return s
}

func fixedDelay(d time.Duration) Options {
	return Options{MinDelay: d, InitialDelay: d, MaxDelay: d}
}

// TestPlayout covers the packet-level behaviour with a fixed target delay
// of 60 ms (480 samples at 8 kHz), so that the exact output is known: 480
// samples of leading silence, then the signal, with the lost frames
// concealed. The stream is flushed after a final Advance.
func TestPlayout(t *testing.T) {
	const frame, n = 160, 50
	ms := time.Millisecond
	swap := func(s []send, i int) []send {
		s[i], s[i+1] = s[i+1], s[i]
		s[i].arrival, s[i+1].arrival = s[i+1].arrival, s[i].arrival
		return s
	}
	drop := func(s []send, idx ...int) []send {
		return slices.DeleteFunc(s, func(x send) bool { return slices.Contains(idx, x.i) })
	}
	tests := []struct {
		name      string
		seq0      uint16
		ts0       uint32
		sends     []send
		lost      []int // frames expected concealed
		late, dup uint64
	}{
		{name: "in order", sends: inOrder(n, 20*ms, 0)},
		{name: "constant network delay", sends: inOrder(n, 20*ms, 300*ms)},
		{name: "reordered pairs", sends: swap(swap(swap(inOrder(n, 20*ms, 0), 5), 20), 33)},
		{name: "one lost", sends: drop(inOrder(n, 20*ms, 0), 17), lost: []int{17}},
		{name: "burst lost", sends: drop(inOrder(n, 20*ms, 0), 10, 11, 12, 13, 14, 15), lost: []int{10, 11, 12, 13, 14, 15}},
		{name: "late packet", sends: func() []send {
			s := inOrder(n, 20*ms, 0)
			s[12].arrival += 100 * ms // due 60 ms after arrival: 40 ms too late
			return s
		}(), lost: []int{12}, late: 1},
		{name: "a bit late but within target", sends: func() []send {
			s := inOrder(n, 20*ms, 0)
			s[12].arrival += 50 * ms
			return s
		}()},
		{name: "duplicates", sends: func() []send {
			s := inOrder(n, 20*ms, 0)
			return append(s,
				send{i: 9, arrival: 9*20*ms + ms},   // while held
				send{i: 3, arrival: 29*20*ms + ms},  // long after playing
				send{i: 38, arrival: 39*20*ms + ms}, // while held
			)
		}(), dup: 3},
		{name: "sequence and timestamp wrap", seq0: 65530, ts0: math.MaxUint32 - 3000, sends: drop(inOrder(n, 20*ms, 0), 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "sequence and timestamp wrap" {
				tt.lost = []int{8}
			}
			signal := tone(n*frame, 8000)
			sc := script{rate: 8000, frame: frame, seq0: tt.seq0, ts0: tt.ts0, opts: fixedDelay(60 * ms)}
			b, out := sc.run(t, signal, tt.sends)
			if err := b.Flush(); err != nil {
				t.Fatal(err)
			}
			st := b.Stats()
			lead := 480
			if got, want := len(out.s), lead+n*frame; got != want {
				t.Errorf("%d samples out, want %d", got, want)
			}
			if !slices.Equal(out.s[:lead], make([]int16, lead)) {
				t.Error("leading silence is not silent")
			}
			// Decoded frames are exact; concealed frames and the merge
			// into the next frame differ.
			for i := range n {
				got := out.s[lead+i*frame : lead+(i+1)*frame]
				want := signal[i*frame : (i+1)*frame]
				lost := slices.Contains(tt.lost, i)
				afterLoss := i > 0 && slices.Contains(tt.lost, i-1)
				if lost || afterLoss {
					continue
				}
				if !slices.Equal(got, want) {
					t.Errorf("frame %d differs from the input", i)
				}
			}
			if got, want := st.ConcealedSamples, uint64(len(tt.lost)*frame); got != want {
				t.Errorf("ConcealedSamples = %d, want %d", got, want)
			}
			events := uint64(0)
			for i, l := range tt.lost {
				if i == 0 || tt.lost[i-1] != l-1 {
					events++
				}
			}
			if st.ConcealmentEvents != events {
				t.Errorf("ConcealmentEvents = %d, want %d", st.ConcealmentEvents, events)
			}
			if st.DiscardedLate != tt.late || st.DiscardedDuplicate != tt.dup || st.PacketsDiscarded != tt.late+tt.dup {
				t.Errorf("discarded %d (late %d, duplicate %d), want late %d duplicate %d",
					st.PacketsDiscarded, st.DiscardedLate, st.DiscardedDuplicate, tt.late, tt.dup)
			}
			if st.PacketsReceived != uint64(len(tt.sends)) {
				t.Errorf("PacketsReceived = %d, want %d", st.PacketsReceived, len(tt.sends))
			}
			played := uint64((n - len(tt.lost)) * frame)
			if st.JitterBufferEmittedCount != played {
				t.Errorf("JitterBufferEmittedCount = %d, want %d", st.JitterBufferEmittedCount, played)
			}
			if st.TotalSamples != uint64(len(out.s)) || st.TotalSamples != st.JitterBufferEmittedCount+st.ConcealedSamples+st.SilentSamples {
				t.Errorf("sample counters inconsistent: %+v with %d out", st, len(out.s))
			}
		})
	}
}

// TestJitterBufferDelay: with packets arriving exactly on time and a 60 ms
// target, every decoded sample waits 60 ms minus its packet's duration
// ahead of it... precisely: sample k of a packet is played 60 ms + k/8000 s
// after the packet arrived.
func TestJitterBufferDelay(t *testing.T) {
	const frame, n = 160, 20
	sc := script{rate: 8000, frame: frame, opts: fixedDelay(60 * time.Millisecond)}
	b, _ := sc.run(t, tone(n*frame, 8000), inOrder(n, 20*time.Millisecond, 0))
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	st := b.Stats()
	// Mean over a packet of 60 ms + k/8000 for k in 0..159.
	want := float64(n*frame) * (0.060 + float64(frame-1)/2/8000)
	if math.Abs(st.JitterBufferDelay-want) > 1e-6 {
		t.Errorf("JitterBufferDelay = %v s, want %v s", st.JitterBufferDelay, want)
	}
	if math.Abs(st.JitterBufferTargetDelay-float64(n*frame)*0.060) > 1e-6 {
		t.Errorf("JitterBufferTargetDelay = %v", st.JitterBufferTargetDelay)
	}
}

// TestContinuity: whatever arrives, the output has exactly one sample per
// sample period since the first arrival, checked after every Push and
// Advance.
func TestContinuity(t *testing.T) {
	out := &sink{}
	b, err := New(G711(g711.MuLaw), out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pay := make([]byte, 160)
	start := time.Duration(-1)
	check := func(now time.Duration) {
		t.Helper()
		want := 0
		if start >= 0 {
			want = int((now - start) / (time.Second / 8000))
		}
		if len(out.s) != want {
			t.Fatalf("at %v: %d samples out, want %d", now, len(out.s), want)
		}
	}
	// 200 packets with 0..90 ms of pseudo-random delay, 10 % loss, an
	// SSRC change and a silence gap; ticks every 5 ms in between.
	var now time.Duration
	x := uint32(1)
	for i := range 200 {
		x = x*1664525 + 1013904223
		sendAt := time.Duration(i) * 20 * time.Millisecond
		arr := sendAt + time.Duration(x>>24)*90*time.Millisecond/256
		for now+5*time.Millisecond < arr {
			now += 5 * time.Millisecond
			if err := b.Advance(t0.Add(now)); err != nil {
				t.Fatal(err)
			}
			check(now)
		}
		if x%10 == 0 {
			continue
		}
		ssrc := uint32(1)
		if i >= 120 {
			ssrc = 2
		}
		ts := uint32(i * 160)
		if i >= 150 {
			ts += 8000 // a second the sender did not send
		}
		now = max(now, arr)
		if start < 0 {
			start = now
		}
		pkt := &rtp.Packet{Header: rtp.Header{SSRC: ssrc, SequenceNumber: uint16(i), Timestamp: ts, Marker: i == 150}, Payload: pay}
		if err := b.Push(pkt, t0.Add(now)); err != nil {
			t.Fatal(err)
		}
		check(now)
	}
	st := b.Stats()
	if st.Resets != 1 {
		t.Errorf("Resets = %d, want 1", st.Resets)
	}
	if st.ConcealedSamples == 0 || st.SilentSamples == 0 || st.JitterBufferEmittedCount == 0 {
		t.Errorf("stats %+v: want some decoded, concealed and silent samples", st)
	}
	if st.TotalSamples != st.JitterBufferEmittedCount+st.ConcealedSamples+st.SilentSamples {
		t.Errorf("sample counters inconsistent: %+v", st)
	}
}

// TestTalkspurt: the sender stops for 1 s and resumes with the marker bit.
// Until the marker packet comes the buffer cannot tell a pause from a
// loss, so the gap is concealed, fading to silence after 60 ms. The delay
// re-adapts at the talkspurt: the target has dropped from the initial
// 60 ms to the 20 ms minimum, so 40 ms of the silence are skipped and the
// talkspurt plays 20 ms after its first packet arrives.
func TestTalkspurt(t *testing.T) {
	const frame = 160
	signal := tone(100*frame, 8000)
	var sends []send
	for i := range 100 {
		at := time.Duration(i) * 20 * time.Millisecond
		s := send{i: i, arrival: at}
		if i >= 50 {
			// Frames 50.. are sent 1 s later with timestamps to match.
			s.arrival += time.Second
			s.tsAdd = 8000
			s.marker = i == 50
		}
		sends = append(sends, s)
	}
	sc := script{rate: 8000, frame: frame, opts: Options{InitialDelay: 60 * time.Millisecond}}
	b, out := sc.run(t, signal, sends)
	st := b.Stats()
	if st.ConcealmentEvents != 1 || st.SilentConcealedSamples != st.ConcealedSamples-480 {
		t.Errorf("%d concealment events, %d of %d concealed samples silent; want 1 event, all but 60 ms silent",
			st.ConcealmentEvents, st.SilentConcealedSamples, st.ConcealedSamples)
	}
	if b.TargetDelay() != DefaultMinDelay {
		t.Fatalf("target %v, want %v", b.TargetDelay(), DefaultMinDelay)
	}
	// Frame 50 arrived at 2 s and must start at 2.020 s of output (the
	// output clock started at t0).
	start := int((2*time.Second + 20*time.Millisecond) / (time.Second / 8000))
	if len(out.s) < start+frame {
		if err := b.Advance(t0.Add(3 * time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(out.s[start:start+frame], signal[50*frame:51*frame]) {
		t.Errorf("talkspurt does not start at %d", start)
	}
	if st.RemovedSamplesForAcceleration != 320 {
		t.Errorf("RemovedSamplesForAcceleration = %d, want 320", st.RemovedSamplesForAcceleration)
	}
	if st.TotalSamples != st.JitterBufferEmittedCount+st.ConcealedSamples+st.SilentSamples {
		t.Errorf("sample counters inconsistent: %+v", st)
	}
}

// TestAdaptiveDelay: the target follows the jitter up quickly and down
// slowly, within the bounds.
func TestAdaptiveDelay(t *testing.T) {
	out := &sink{}
	b, err := New(G711(g711.MuLaw), out, Options{MinDelay: 20 * time.Millisecond, MaxDelay: 400 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	pay := bytes.Repeat([]byte{0xFF}, 160) // mu-law silence: frames may be dropped
	x := uint32(7)
	i := 0
	var last time.Duration
	sendFor := func(d time.Duration, jitter time.Duration) {
		type arrival struct {
			i  int
			at time.Duration
		}
		var phase []arrival
		for end := i + int(d/(20*time.Millisecond)); i < end; i++ {
			x = x*1664525 + 1013904223
			j := time.Duration(0)
			if jitter > 0 {
				j = time.Duration(uint64(x>>8) * uint64(jitter) >> 24)
			}
			phase = append(phase, arrival{i, max(time.Duration(i)*20*time.Millisecond+j, last)})
		}
		slices.SortStableFunc(phase, func(a, b arrival) int { return int(a.at - b.at) })
		for _, a := range phase {
			pkt := &rtp.Packet{Header: rtp.Header{SSRC: 1, SequenceNumber: uint16(a.i), Timestamp: uint32(a.i * 160)}, Payload: pay}
			if err := b.Push(pkt, t0.Add(a.at)); err != nil {
				t.Fatal(err)
			}
			last = a.at
		}
	}
	sendFor(5*time.Second, 0)
	if d := b.TargetDelay(); d != 20*time.Millisecond {
		t.Errorf("no jitter: target %v, want the 20ms minimum", d)
	}
	sendFor(2*time.Second, 150*time.Millisecond) // uniform 0..150 ms
	if d := b.TargetDelay(); d < 120*time.Millisecond || d > 160*time.Millisecond {
		t.Errorf("after 2 s of 0..150 ms jitter: target %v, want about 140ms", d)
	}
	high := b.TargetDelay()
	sendFor(3*time.Second, 0)
	if d := b.TargetDelay(); d < high/2 {
		t.Errorf("3 s after the jitter stopped: target %v, want a slow decrease from %v", d, high)
	}
	sendFor(60*time.Second, 0)
	if d := b.TargetDelay(); d != 20*time.Millisecond {
		t.Errorf("a minute later: target %v, want back at 20ms", d)
	}
	sendFor(2*time.Second, 2*time.Second)
	if d := b.TargetDelay(); d != 400*time.Millisecond {
		t.Errorf("huge jitter: target %v, want the 400ms maximum", d)
	}
	st := b.Stats()
	if st.TotalSamples != st.JitterBufferEmittedCount+st.ConcealedSamples+st.SilentSamples {
		t.Errorf("sample counters inconsistent: %+v", st)
	}
	// The achieved delay follows the target.
	if st.RemovedSamplesForAcceleration == 0 || st.InsertedSamplesForDeceleration == 0 {
		t.Errorf("delay never moved: %+v", st)
	}
}

// TestStreamChanges covers SSRC changes, sequence restarts, floods of
// future sequence numbers and timestamp jumps.
func TestStreamChanges(t *testing.T) {
	const frame = 160
	ms := time.Millisecond
	tests := []struct {
		name        string
		sends       []send
		resets      uint64
		discarded   uint64
		wantPlayed  int // frames decoded and played
		maxConceal  int // frames
		capacity    int
		checkMemory bool
	}{
		{name: "new SSRC", sends: func() []send {
			s := inOrder(40, 20*ms, 0)
			for i := 20; i < 40; i++ {
				s[i].ssrc, s[i].seqAdd, s[i].tsAdd = 2, 5000, 123456
			}
			return s
		}(), resets: 1, wantPlayed: 40},
		{name: "sequence restart", sends: func() []send {
			s := inOrder(40, 20*ms, 0)
			for i := 20; i < 40; i++ {
				s[i].seqAdd = 30000
			}
			return s
		}(), resets: 1, wantPlayed: 40},
		{name: "one stray sequence number", sends: func() []send {
			s := inOrder(40, 20*ms, 0)
			s[20].seqAdd = 30000
			return s
		}(), discarded: 1, wantPlayed: 39, maxConceal: 1},
		{name: "timestamp jump", sends: func() []send {
			s := inOrder(40, 20*ms, 0)
			for i := 20; i < 40; i++ {
				s[i].tsAdd = 8000 * 3600
			}
			return s
		}(), resets: 1, wantPlayed: 40},
		{name: "flood of future sequence numbers", capacity: 16, sends: func() []send {
			s := inOrder(40, 20*ms, 0)
			for k := range 500 {
				s = append(s, send{i: k % 40, seqAdd: uint16(100 + 7*k), arrival: 800*ms + time.Duration(k)*ms})
			}
			return s
		}(), discarded: 500, wantPlayed: 40, maxConceal: 26, checkMemory: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := script{rate: 8000, frame: frame, opts: Options{Capacity: tt.capacity}}
			b, _ := sc.run(t, tone(40*frame, 8000), tt.sends)
			if err := b.Flush(); err != nil {
				t.Fatal(err)
			}
			st := b.Stats()
			if st.Resets != tt.resets {
				t.Errorf("Resets = %d, want %d", st.Resets, tt.resets)
			}
			if st.PacketsDiscarded != tt.discarded {
				t.Errorf("PacketsDiscarded = %d, want %d", st.PacketsDiscarded, tt.discarded)
			}
			if got := int(st.JitterBufferEmittedCount / frame); got != tt.wantPlayed {
				t.Errorf("%d frames played, want %d", got, tt.wantPlayed)
			}
			if c := int(st.ConcealedSamples / frame); c > tt.maxConceal {
				t.Errorf("%d frames concealed, want at most %d", c, tt.maxConceal)
			}
			if tt.checkMemory {
				checkBounded(t, b)
			}
		})
	}
}

func checkBounded(t testing.TB, b *Buffer) {
	t.Helper()
	if len(b.ring) != int(b.capacity) || b.held > len(b.ring) {
		t.Fatalf("ring %d slots, %d held, capacity %d", len(b.ring), b.held, b.capacity)
	}
	for _, s := range b.ring {
		if cap(s.pcm) > b.maxFrame {
			t.Fatalf("slot buffer grew to %d samples, max frame %d", cap(s.pcm), b.maxFrame)
		}
	}
	if cap(b.cand.pcm) > b.maxFrame || len(b.est.buckets) > int(b.maxDelay/bucketWidth)+2 {
		t.Fatal("stray or histogram buffer grew")
	}
}

// TestRates: ptime 10..60 ms at 8, 16 and 48 kHz, with a G.722-like 16 kHz
// signal on an 8 kHz clock.
func TestRates(t *testing.T) {
	for _, tc := range []struct {
		clock, rate int
		ptime       time.Duration
	}{
		{8000, 8000, 10 * time.Millisecond},
		{8000, 8000, 60 * time.Millisecond},
		{16000, 16000, 20 * time.Millisecond},
		{48000, 48000, 20 * time.Millisecond},
		{48000, 48000, 40 * time.Millisecond},
		{8000, 16000, 20 * time.Millisecond},
	} {
		frame := int(int64(tc.rate) * int64(tc.ptime) / int64(time.Second))
		tsStep := int(int64(tc.clock) * int64(tc.ptime) / int64(time.Second))
		n := int(2 * time.Second / tc.ptime)
		signal := tone(n*frame, tc.rate)
		out := &sink{}
		b, err := New(linear{}, out, Options{ClockRate: tc.clock, SampleRate: tc.rate, MinDelay: 80 * time.Millisecond, InitialDelay: 80 * time.Millisecond, MaxDelay: 80 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if i == n/2 {
				continue // one lost
			}
			pkt := &rtp.Packet{Header: rtp.Header{SSRC: 9, SequenceNumber: uint16(i), Timestamp: uint32(i * tsStep)},
				Payload: payload(signal[i*frame : (i+1)*frame])}
			if err := b.Push(pkt, t0.Add(time.Duration(i)*tc.ptime)); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Flush(); err != nil {
			t.Fatal(err)
		}
		st := b.Stats()
		lead := int(int64(tc.rate) * int64(80*time.Millisecond) / int64(time.Second))
		if len(out.s) != lead+n*frame || st.ConcealedSamples != uint64(frame) || st.ConcealmentEvents != 1 {
			t.Errorf("%+v: %d samples out (want %d), %d concealed (want %d)", tc, len(out.s), lead+n*frame, st.ConcealedSamples, frame)
		}
		if !slices.Equal(out.s[lead:lead+frame], signal[:frame]) {
			t.Errorf("%+v: first frame differs", tc)
		}
	}
}

// TestAllocs: the steady state, with reordering and a loss now and then,
// allocates nothing.
func TestAllocs(t *testing.T) {
	b, err := New(G711(g711.MuLaw), media.PCMWriterFunc(func([]int16) error { return nil }), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pkt := &rtp.Packet{Header: rtp.Header{SSRC: 1}, Payload: make([]byte, 160)}
	i := 0
	step := func() {
		for _, k := range []int{1, 0, 2, 3, 5} { // 4 lost, 0 and 1 swapped
			pkt.SequenceNumber, pkt.Timestamp = uint16(i+k), uint32((i+k)*160)
			if err := b.Push(pkt, t0.Add(time.Duration(i+k)*20*time.Millisecond+time.Duration(k%2)*5*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
		}
		i += 6
	}
	for range 100 {
		step()
	}
	if a := testing.AllocsPerRun(200, step); a != 0 {
		t.Errorf("%v allocs per step, want 0", a)
	}
}

// TestHandleRTP: the RTPHandler form reads arrival times from Options.Now.
func TestHandleRTP(t *testing.T) {
	now := t0
	out := &sink{}
	b, err := New(G711(g711.MuLaw), out, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	var h media.RTPHandler = b
	for i := range 10 {
		now = t0.Add(time.Duration(i) * 20 * time.Millisecond)
		if err := h.HandleRTP(&rtp.Packet{Header: rtp.Header{SSRC: 1, SequenceNumber: uint16(i), Timestamp: uint32(i * 160)}, Payload: make([]byte, 160)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(out.s) != 9*160 || b.Stats().PacketsReceived != 10 {
		t.Errorf("%d samples out after 180 ms, stats %+v", len(out.s), b.Stats())
	}
}

func TestString(t *testing.T) {
	b, err := New(G711(g711.ALaw), &sink{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := media.Chain(b), "Jitter(PCMA, 20ms..1s) -> sink"; got != want {
		t.Errorf("Chain = %q, want %q", got, want)
	}
	if _, err := New(nil, &sink{}, Options{}); err == nil {
		t.Error("nil decoder accepted")
	}
}

// BenchmarkPush is the cost of one 20 ms PCMU packet in steady state:
// decode, hold, play out the previous one.
func BenchmarkPush(b *testing.B) {
	buf, err := New(G711(g711.MuLaw), media.PCMWriterFunc(func([]int16) error { return nil }), Options{})
	if err != nil {
		b.Fatal(err)
	}
	codes := make([]byte, 160)
	g711.EncodeUlawTo(codes, tone(160, 8000))
	pkt := &rtp.Packet{Header: rtp.Header{SSRC: 1}, Payload: codes}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		pkt.SequenceNumber, pkt.Timestamp = uint16(i), uint32(i*160)
		if err := buf.Push(pkt, t0.Add(time.Duration(i)*20*time.Millisecond)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPushLossy adds 5 % loss (concealed) and jitter up to 60 ms.
func BenchmarkPushLossy(b *testing.B) {
	buf, err := New(G711(g711.MuLaw), media.PCMWriterFunc(func([]int16) error { return nil }), Options{})
	if err != nil {
		b.Fatal(err)
	}
	codes := make([]byte, 160)
	g711.EncodeUlawTo(codes, tone(160, 8000))
	pkt := &rtp.Packet{Header: rtp.Header{SSRC: 1}, Payload: codes}
	i := 0
	x := uint32(3)
	var last time.Time
	b.ReportAllocs()
	for b.Loop() {
		x = x*1664525 + 1013904223
		i++
		if x>>24 < 13 {
			continue
		}
		pkt.SequenceNumber, pkt.Timestamp = uint16(i), uint32(i*160)
		at := t0.Add(time.Duration(i)*20*time.Millisecond + time.Duration(x>>16&63)*time.Millisecond)
		if at.Before(last) {
			at = last
		}
		last = at
		if err := buf.Push(pkt, at); err != nil {
			b.Fatal(err)
		}
	}
}
