package jitter

import (
	"testing"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/g711"
)

// An op of the fuzzer is opSize bytes:
//
//	0    sequence number step (int8) from the previous packet
//	1    timestamp step in units of 40 samples (int8); 0x7F jumps far
//	2    milliseconds since the previous op
//	3    flags: 1 marker, 2 other SSRC, 4 Advance only, 8|16 Flush
//	4    payload length, 0..255 bytes
const opSize = 5

// encodeSends turns a table-test script into fuzzer input.
func encodeSends(sends []send, frame int) []byte {
	var b []byte
	prevI, prevAt := 0, time.Duration(0)
	for k, s := range sends {
		d := s.i - prevI
		if k == 0 {
			d = 0
		}
		var flags byte
		if s.marker {
			flags |= 1
		}
		if s.ssrc > 1 {
			flags |= 2
		}
		ms := max(s.arrival-prevAt, 0) / time.Millisecond
		b = append(b, byte(int8(d)), byte(int8(d*frame/40)), byte(min(ms, 255)), flags, byte(frame))
		prevI, prevAt = s.i, s.arrival
	}
	return b
}

// FuzzBuffer feeds arbitrary packet sequences and checks that the buffer
// does not panic, keeps its memory bounded, writes exactly one sample per
// sample period, and keeps its counters consistent.
func FuzzBuffer(f *testing.F) {
	ms := time.Millisecond
	f.Add(encodeSends(inOrder(50, 20*ms, 0), 160))
	for _, tt := range []struct {
		sends []send
	}{
		{inOrder(30, 20*ms, 100*ms)},
		{[]send{{i: 0}, {i: 2, arrival: 40 * ms}, {i: 1, arrival: 41 * ms}, {i: 3, arrival: 60 * ms}}},
		{[]send{{i: 0}, {i: 1, arrival: 20 * ms}, {i: 1, arrival: 21 * ms}, {i: 9, arrival: 200 * ms, marker: true}}},
		{[]send{{i: 0}, {i: 1, arrival: 20 * ms}, {i: 2, arrival: 40 * ms, ssrc: 2}, {i: 3, arrival: 60 * ms, ssrc: 2}}},
		{[]send{{i: 0}, {i: 100, arrival: 20 * ms}, {i: 101, arrival: 40 * ms}, {i: 102, arrival: 60 * ms}}},
	} {
		f.Add(encodeSends(tt.sends, 160))
	}
	f.Add([]byte{0, 0x7F, 20, 0, 160, 1, 0x7F, 20, 0, 160, 1, 4, 20, 0, 160})
	f.Add([]byte{0, 4, 20, 0, 160, 1, 4, 20, 4, 0, 1, 4, 20, 8, 160, 1, 4, 20, 0, 160})
	f.Fuzz(fuzzOne)
}

func fuzzOne(t *testing.T, data []byte) {
	{
		if len(data) > 600*opSize {
			return
		}
		var out int
		b, err := New(G711(g711.MuLaw), media.PCMWriterFunc(func(s []int16) error { out += len(s); return nil }),
			Options{Capacity: 16, MaxDelay: 300 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		payload := make([]byte, 256)
		var (
			seq    uint16 = 65000
			ts     uint32 = 1<<32 - 20000
			now    time.Duration
			start  = time.Duration(-1) // when the output clock started
			before int                 // samples out when it started
			pushes uint64
		)
		for len(data) >= opSize {
			op := data[:opSize]
			data = data[opSize:]
			seq += uint16(int8(op[0]))
			if op[1] == 0x7F {
				ts += 1 << 30
			} else {
				ts += uint32(int32(int8(op[1])) * 40)
			}
			now += time.Duration(op[2]) * time.Millisecond
			flags := op[3]
			switch {
			case flags&24 == 24:
				if err := b.Flush(); err != nil {
					t.Fatal(err)
				}
				start, before = -1, out
				continue
			case flags&4 != 0:
				if err := b.Advance(t0.Add(now)); err != nil {
					t.Fatal(err)
				}
			default:
				ssrc := uint32(1)
				if flags&2 != 0 {
					ssrc = 2
				}
				pkt := &rtp.Packet{Header: rtp.Header{SSRC: ssrc, SequenceNumber: seq, Timestamp: ts, Marker: flags&1 != 0},
					Payload: payload[:op[4]]}
				if err := b.Push(pkt, t0.Add(now)); err != nil {
					t.Fatal(err)
				}
				pushes++
				if start < 0 {
					start = now
				}
			}
			want := before
			if start >= 0 {
				want += int((now - start) / (time.Second / 8000))
			}
			if out != want {
				t.Fatalf("at %v: %d samples out, want %d", now, out, want)
			}
			checkBounded(t, b)
		}
		st := b.Stats()
		if st.PacketsReceived != pushes {
			t.Errorf("PacketsReceived = %d, want %d", st.PacketsReceived, pushes)
		}
		if st.TotalSamples != uint64(out) || st.TotalSamples != st.JitterBufferEmittedCount+st.ConcealedSamples+st.SilentSamples {
			t.Errorf("sample counters inconsistent: %+v with %d out", st, out)
		}
		if st.PacketsDiscarded > st.PacketsReceived || st.DiscardedLate+st.DiscardedDuplicate > st.PacketsDiscarded ||
			st.SilentConcealedSamples > st.ConcealedSamples || st.ConcealmentEvents > st.ConcealedSamples {
			t.Errorf("counters inconsistent: %+v", st)
		}
	}
}
