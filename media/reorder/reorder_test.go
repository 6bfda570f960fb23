package reorder

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
)

// sink records released packets by sequence number and checks that each
// carries the payload it was sent with (the sequence number, big-endian).
type sink struct {
	t    testing.TB
	seqs []uint16
	err  error
}

func (s *sink) HandleRTP(p *rtp.Packet) error {
	if len(p.Payload) < 2 || binary.BigEndian.Uint16(p.Payload) != p.SequenceNumber {
		s.t.Fatalf("packet %d carries payload %x", p.SequenceNumber, p.Payload)
	}
	s.seqs = append(s.seqs, p.SequenceNumber)
	return s.err
}

func (s *sink) String() string { return "sink" }

func mkpkt(ssrc uint32, seq uint16) *rtp.Packet {
	p := &rtp.Packet{
		Header:  rtp.Header{Version: 2, SSRC: ssrc, SequenceNumber: seq, Timestamp: uint32(seq) * 160},
		Payload: make([]byte, 160),
	}
	binary.BigEndian.PutUint16(p.Payload, seq)
	return p
}

// in is one arriving packet: ssrc 0 means 1.
type in struct {
	seq   uint16
	ssrc  uint32
	flush bool // call Flush instead of sending a packet
}

func seqs(ss ...uint16) []in {
	out := make([]in, len(ss))
	for i, s := range ss {
		out[i] = in{seq: s}
	}
	return out
}

func cat(parts ...[]in) []in { return slices.Concat(parts...) }

var flush = []in{{flush: true}}

func TestBuffer(t *testing.T) {
	tests := []struct {
		name  string
		depth int
		in    []in
		want  []uint16
		stats Stats // Received is checked separately
		held  int
	}{
		{name: "in order", in: seqs(1, 2, 3), want: []uint16{1, 2, 3}, stats: Stats{Released: 3}},
		{name: "swap", in: seqs(1, 3, 2, 4), want: []uint16{1, 2, 3, 4}, stats: Stats{Released: 4}},
		{name: "reversed within depth", depth: 3, in: seqs(1, 4, 3, 2), want: []uint16{1, 2, 3, 4}, stats: Stats{Released: 4}},
		{
			name: "loss given up after depth packets", depth: 3, in: seqs(1, 3, 4, 5),
			want: []uint16{1}, stats: Stats{Released: 1}, held: 3,
		},
		{
			name: "loss released on depth+1th", depth: 3, in: seqs(1, 3, 4, 5, 6),
			want: []uint16{1, 3, 4, 5, 6}, stats: Stats{Released: 5, Lost: 1},
		},
		{
			name: "two gaps", depth: 2, in: seqs(1, 3, 5, 6, 7),
			want: []uint16{1, 3, 5, 6, 7}, stats: Stats{Released: 5, Lost: 2},
		},
		{name: "duplicate held", in: seqs(1, 3, 3, 2), want: []uint16{1, 2, 3}, stats: Stats{Released: 3, Duplicate: 1}},
		{name: "duplicate released", in: seqs(1, 2, 2, 1, 3), want: []uint16{1, 2, 3}, stats: Stats{Released: 3, Duplicate: 2}},
		{
			name: "late after give-up", depth: 2, in: seqs(1, 3, 4, 5, 2),
			want: []uint16{1, 3, 4, 5}, stats: Stats{Released: 4, Lost: 1, Late: 1},
		},
		{name: "before the first packet is late", in: seqs(10, 9), want: []uint16{10}, stats: Stats{Released: 1, Late: 1}},
		{name: "wrap in order", in: seqs(65534, 65535, 0, 1), want: []uint16{65534, 65535, 0, 1}, stats: Stats{Released: 4}},
		{name: "wrap reordered", in: seqs(65534, 0, 65535, 2, 1), want: []uint16{65534, 65535, 0, 1, 2}, stats: Stats{Released: 5}},
		{
			name: "wrap loss", depth: 2, in: seqs(65534, 0, 1, 2),
			want: []uint16{65534, 0, 1, 2}, stats: Stats{Released: 4, Lost: 1},
		},
		{name: "duplicate across wrap", in: seqs(65535, 0, 65535), want: []uint16{65535, 0}, stats: Stats{Released: 2, Duplicate: 1}},
		{
			name: "SSRC change releases held", in: cat(seqs(1, 3), []in{{seq: 500, ssrc: 2}, {seq: 501, ssrc: 2}}),
			want: []uint16{1, 3, 500, 501}, stats: Stats{Released: 4, Lost: 1, Resets: 1},
		},
		{
			name: "SSRC change to lower seq", in: cat(seqs(1000, 1001), []in{{seq: 999, ssrc: 2}, {seq: 1000, ssrc: 2}}),
			want: []uint16{1000, 1001, 999, 1000}, stats: Stats{Released: 4, Resets: 1},
		},
		{
			name: "gap up to max dropout counted lost", in: seqs(1, 1000, 1001, 1002, 1003, 1004, 1005),
			want: []uint16{1, 1000, 1001, 1002, 1003, 1004, 1005}, stats: Stats{Released: 7, Lost: 998},
		},
		{
			name: "sender restart ahead", in: seqs(10, 11, 20000, 20001, 20002),
			want: []uint16{10, 11, 20000, 20001, 20002}, stats: Stats{Released: 5, Resets: 1},
		},
		{
			name: "sender restart behind", in: seqs(5000, 5002, 100, 101, 102),
			want: []uint16{5000, 5002, 100, 101, 102}, stats: Stats{Released: 5, Lost: 1, Resets: 1},
		},
		{name: "stray far packet dropped", in: seqs(10, 30000, 11, 12), want: []uint16{10, 11, 12}, stats: Stats{Released: 3, Late: 1}},
		{name: "two unrelated strays", in: seqs(10, 30000, 40000, 11), want: []uint16{10, 11}, stats: Stats{Released: 2, Late: 2}},
		{name: "misordered beyond 100 is stray", in: seqs(500, 399, 501), want: []uint16{500, 501}, stats: Stats{Released: 2, Late: 1}},
		{
			name: "flush releases held", in: cat(seqs(1, 3, 5), flush, seqs(6, 4)),
			want: []uint16{1, 3, 5, 6}, stats: Stats{Released: 4, Lost: 2, Late: 1},
		},
		{name: "flush drops stray", in: cat(seqs(1, 9000), flush, seqs(2)), want: []uint16{1, 2}, stats: Stats{Released: 2, Late: 1}},
		{name: "flush empty", in: cat(flush, seqs(7), flush), want: []uint16{7}, stats: Stats{Released: 1}},
		{name: "depth clamped up from 0", depth: 0, in: seqs(1, 3, 4, 5, 6, 7), want: []uint16{1}, stats: Stats{Released: 1}, held: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &sink{t: t}
			b := New(s, Options{Depth: tt.depth})
			received := uint64(0)
			for _, x := range tt.in {
				var err error
				if x.flush {
					err = b.Flush()
				} else {
					ssrc := x.ssrc
					if ssrc == 0 {
						ssrc = 1
					}
					received++
					err = b.HandleRTP(mkpkt(ssrc, x.seq))
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(s.seqs, tt.want) {
				t.Errorf("released %v, want %v", s.seqs, tt.want)
			}
			tt.stats.Received = received
			if b.Stats() != tt.stats {
				t.Errorf("stats %+v, want %+v", b.Stats(), tt.stats)
			}
			if b.Held() != tt.held {
				t.Errorf("held %d, want %d", b.Held(), tt.held)
			}
		})
	}
}

func TestString(t *testing.T) {
	b := New(&sink{t: t}, Options{Depth: 5})
	if got := media.Chain(b); got != "Reorder(5) -> sink" {
		t.Errorf("Chain = %q", got)
	}
	if got := New(&sink{t: t}, Options{Depth: 100000}).String(); got != "Reorder(512)" {
		t.Errorf("String = %q, want Reorder(512)", got)
	}
}

func TestErrorKeepsState(t *testing.T) {
	boom := errors.New("boom")
	s := &sink{t: t, err: boom}
	b := New(s, Options{Depth: 3})
	if err := b.HandleRTP(mkpkt(1, 1)); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if err := b.HandleRTP(mkpkt(1, 3)); err != nil {
		t.Fatalf("held packet: err = %v, want nil", err)
	}
	if err := b.HandleRTP(mkpkt(1, 2)); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	s.err = nil
	if err := b.HandleRTP(mkpkt(1, 4)); err != nil {
		t.Fatal(err)
	}
	if want := []uint16{1, 2, 3, 4}; !slices.Equal(s.seqs, want) {
		t.Errorf("released %v, want %v", s.seqs, want)
	}
}

// TestHeldPacketIsCopied: the caller reuses its packet and buffers after
// HandleRTP returns; a held packet must not change.
func TestHeldPacketIsCopied(t *testing.T) {
	raw := []byte{
		0x92, 0x00, 0x00, 0x03, // V=2, X=1, CC=2, PT=0, seq 3
		0x00, 0x00, 0x01, 0xe0, // ts 480
		0x00, 0x00, 0x00, 0x01, // ssrc 1
		0x00, 0x00, 0x00, 0x0a, // csrc 10
		0x00, 0x00, 0x00, 0x0b, // csrc 11
		0xbe, 0xde, 0x00, 0x01, // one-byte extensions, 1 word
		0x51, 0xaa, 0xbb, 0x00, // id 5, len 2: aa bb, padding
		0x00, 0x03, 0x77, 0x77, // payload: seq 3, then 0x77 0x77
	}
	var got []*rtp.Packet
	b := New(media.RTPHandlerFunc(func(p *rtp.Packet) error {
		got = append(got, p.Clone())
		return nil
	}), Options{})
	first := mkpkt(1, 1)
	if err := b.HandleRTP(first); err != nil {
		t.Fatal(err)
	}
	var p rtp.Packet
	if err := p.Unmarshal(slices.Clone(raw)); err != nil {
		t.Fatal(err)
	}
	want := p.Clone()
	buf := slices.Clone(raw)
	if err := p.Unmarshal(buf); err != nil {
		t.Fatal(err)
	}
	if err := b.HandleRTP(&p); err != nil {
		t.Fatal(err)
	}
	// Scribble over everything the caller owns.
	for i := range buf {
		buf[i] = 0xEE
	}
	p.CSRC[0] = 99
	if err := b.HandleRTP(mkpkt(1, 2)); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("released %d packets, want 3", len(got))
	}
	h := got[2]
	if h.SequenceNumber != 3 || h.Timestamp != 480 || !slices.Equal(h.CSRC, []uint32{10, 11}) ||
		!bytes.Equal(h.Payload, want.Payload) || !bytes.Equal(h.GetExtension(5), []byte{0xaa, 0xbb}) ||
		h.ExtensionProfile != 0xBEDE {
		t.Errorf("held packet changed:\n got %v\nwant %v", h, want)
	}
}

func TestHeldPacketWithoutWireForm(t *testing.T) {
	// Extensions set by hand with the Extension flag then cleared cannot be
	// marshalled; the held copy still keeps them.
	extPayload := []byte{1, 2, 3}
	p := mkpkt(1, 2)
	if err := p.SetExtension(3, extPayload); err != nil {
		t.Fatal(err)
	}
	p.Extension = false
	var got []byte
	b := New(media.RTPHandlerFunc(func(q *rtp.Packet) error {
		if q.SequenceNumber == 2 {
			c := q.Clone()
			c.Extension = true
			got = c.GetExtension(3)
		}
		return nil
	}), Options{})
	if err := b.HandleRTP(mkpkt(1, 0)); err != nil {
		t.Fatal(err)
	}
	if err := b.HandleRTP(p); err != nil {
		t.Fatal(err)
	}
	extPayload[0] = 0xEE
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte{1, 2, 3}) {
		t.Errorf("extension %v, want [1 2 3]", got)
	}
}

func TestSteadyStateAllocs(t *testing.T) {
	b := New(media.RTPHandlerFunc(func(*rtp.Packet) error { return nil }), Options{})
	pkts := []*rtp.Packet{mkpkt(1, 0), mkpkt(1, 1)}
	if err := b.HandleRTP(mkpkt(1, 0)); err != nil {
		t.Fatal(err)
	}
	seq := uint16(1)
	// Every pair arrives swapped, so every other packet is held (copied).
	step := func() {
		a, c := pkts[0], pkts[1]
		a.SequenceNumber, c.SequenceNumber = seq+1, seq
		binary.BigEndian.PutUint16(a.Payload, seq+1)
		binary.BigEndian.PutUint16(c.Payload, seq)
		if err := b.HandleRTP(a); err != nil {
			t.Fatal(err)
		}
		if err := b.HandleRTP(c); err != nil {
			t.Fatal(err)
		}
		seq += 2
	}
	step() // warm up the slot buffers
	if n := testing.AllocsPerRun(1000, step); n != 0 {
		t.Errorf("%v allocs per packet pair, want 0", n)
	}
	if st := b.Stats(); st.Lost != 0 || st.Released != st.Received {
		t.Errorf("stats %+v", st)
	}
}

func FuzzBuffer(f *testing.F) {
	f.Add([]byte{4, 1, 0, 0, 1, 2, 0, 1, 1, 0, 7, 0, 0})
	f.Add([]byte{2, 0, 0xff, 0xfe, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0})
	f.Add([]byte{5, 0, 0x4e, 0x20, 0, 0x4e, 0x21, 6, 0, 0, 1, 3, 0})
	f.Add([]byte{0, 0, 0x13, 0x88, 0, 0, 100, 0, 0, 101, 7, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		depth := 1 + int(data[0]%16)
		var calls []uint16
		b := New(media.RTPHandlerFunc(func(p *rtp.Packet) error {
			if binary.BigEndian.Uint16(p.Payload) != p.SequenceNumber {
				t.Fatalf("packet %d carries payload %x", p.SequenceNumber, p.Payload[:2])
			}
			calls = append(calls, p.SequenceNumber)
			return nil
		}), Options{Depth: depth})
		var (
			cur      uint16
			ssrc     uint32 = 1
			last     uint16
			haveLast bool
		)
		check := func(resetsBefore uint64) {
			st := b.Stats()
			if st.Resets == resetsBefore {
				for _, s := range calls {
					if haveLast && int16(s-last) <= 0 {
						t.Fatalf("released %d after %d (depth %d)", s, last, depth)
					}
					last, haveLast = s, true
				}
			} else if len(calls) > 0 {
				last, haveLast = calls[len(calls)-1], true
			}
			calls = calls[:0]
			if b.Held() > depth {
				t.Fatalf("holding %d packets, depth %d", b.Held(), depth)
			}
			extra := st.Received - st.Released - st.Late - st.Duplicate - uint64(b.Held())
			if extra > 1 {
				t.Fatalf("stats do not add up: %+v held %d", st, b.Held())
			}
		}
		for i := 1; i+2 < len(data); i += 3 {
			op, x, y := data[i]%8, data[i+1], data[i+2]
			before := b.Stats().Resets
			var err error
			switch op {
			case 0:
				cur = uint16(x)<<8 | uint16(y)
				err = b.HandleRTP(mkpkt(ssrc, cur))
			case 6:
				ssrc++
			case 7:
				err = b.Flush()
			default:
				err = b.HandleRTP(mkpkt(ssrc, cur+uint16(int8(x)%8)))
				cur++
			}
			if err != nil {
				t.Fatal(err)
			}
			check(before)
		}
		before := b.Stats().Resets
		if err := b.Flush(); err != nil {
			t.Fatal(err)
		}
		check(before)
		st := b.Stats()
		if b.Held() != 0 || st.Received != st.Released+st.Late+st.Duplicate {
			t.Fatalf("after Flush: held %d, stats %+v", b.Held(), st)
		}
	})
}

func BenchmarkInOrder(b *testing.B) {
	buf := New(media.RTPHandlerFunc(func(*rtp.Packet) error { return nil }), Options{})
	p := mkpkt(1, 0)
	b.ReportAllocs()
	for b.Loop() {
		p.SequenceNumber++
		if err := buf.HandleRTP(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReordered swaps every pair, so half the packets are held and
// copied; ns/op is per packet.
func BenchmarkReordered(b *testing.B) {
	buf := New(media.RTPHandlerFunc(func(*rtp.Packet) error { return nil }), Options{})
	pkts := [2]*rtp.Packet{mkpkt(1, 0), mkpkt(1, 0)}
	seq := uint16(0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pkts[i&1]
		if i&1 == 0 {
			p.SequenceNumber = seq + 1
		} else {
			p.SequenceNumber = seq
			seq += 2
		}
		i++
		if err := buf.HandleRTP(p); err != nil {
			b.Fatal(err)
		}
	}
}
