package dtmf

import (
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/pion/rtp"
)

func TestParsePayload(t *testing.T) {
	tests := []struct {
		in   []byte
		want Payload
		err  error
	}{
		{[]byte{0x05, 0x0A, 0x01, 0x40}, Payload{Event: 5, Volume: 10, Duration: 320}, nil},
		{[]byte{0x0B, 0x8A, 0x08, 0xC0}, Payload{Event: 11, End: true, Volume: 10, Duration: 2240}, nil},
		{[]byte{0x0F, 0xFF, 0xFF, 0xFF}, Payload{Event: 15, End: true, Volume: 63, Duration: 65535}, nil}, // R bit ignored
		{[]byte{0x10, 0x00, 0x00, 0x00, 0xAA}, Payload{Event: 16}, nil},                                   // trailing bytes ignored
		{[]byte{0x01, 0x02, 0x03}, Payload{}, ErrShortPayload},
		{nil, Payload{}, ErrShortPayload},
	}
	for _, tt := range tests {
		got, err := ParsePayload(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParsePayload(% x) = %+v, %v; want %+v, %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil {
			back := got.Append(nil)
			want := slices.Clone(tt.in[:4])
			want[1] &^= 0x40 // the reserved bit is not kept
			if !slices.Equal(back, want) {
				t.Errorf("Append(%+v) = % x, want % x", got, back, want)
			}
		}
	}
}

func TestDigitMapping(t *testing.T) {
	for code := range uint8(16) {
		d, ok := EventDigit(code)
		if !ok {
			t.Fatalf("event %d has no digit", code)
		}
		if back, ok := DigitEvent(d); !ok || back != code {
			t.Errorf("DigitEvent(%q) = %d, %v; want %d", d, back, ok, code)
		}
	}
	if d, _ := EventDigit(10); d != '*' {
		t.Errorf("event 10 = %q, want '*'", d)
	}
	if d, _ := EventDigit(11); d != '#' {
		t.Errorf("event 11 = %q, want '#'", d)
	}
	if _, ok := EventDigit(16); ok {
		t.Error("event 16 (flash) mapped to a digit")
	}
	if c, ok := DigitEvent('c'); !ok || c != 14 {
		t.Errorf("DigitEvent('c') = %d, %v", c, ok)
	}
	if _, ok := DigitEvent('x'); ok {
		t.Error("'x' mapped to an event")
	}
}

// te builds a telephone-event packet of SSRC 1.
func te(ts uint32, code uint8, end bool, dur uint16) *rtp.Packet {
	return teSSRC(1, ts, code, end, dur)
}

func teSSRC(ssrc, ts uint32, code uint8, end bool, dur uint16) *rtp.Packet {
	return &rtp.Packet{
		Header:  rtp.Header{Version: 2, PayloadType: 101, SSRC: ssrc, Timestamp: ts, Marker: dur == 0},
		Payload: Payload{Event: code, End: end, Volume: 10, Duration: dur}.Append(nil),
	}
}

// press is a well-behaved sender's key press: packets every 160 ticks,
// then the end packet three times.
func press(ts uint32, code uint8, n int) []*rtp.Packet {
	var ps []*rtp.Packet
	for i := range n {
		ps = append(ps, te(ts, code, false, uint16(i*160)))
	}
	for range 3 {
		ps = append(ps, te(ts, code, true, uint16(n*160)))
	}
	return ps
}

func cat(groups ...[]*rtp.Packet) []*rtp.Packet { return slices.Concat(groups...) }

func TestRTPDetector(t *testing.T) {
	const ms = time.Millisecond
	tests := []struct {
		name  string
		pkts  []*rtp.Packet
		want  string
		check func(t *testing.T, evs []Event, st RTPStats)
	}{
		{
			name: "one press",
			pkts: press(1000, 5, 5),
			want: "5",
			check: func(t *testing.T, evs []Event, st RTPStats) {
				e := evs[0]
				if e.Start != 0 || e.Duration != 100*ms || e.Volume != 10 || !e.Ended || e.Source != SourceRFC4733 {
					t.Errorf("event %+v", e)
				}
				if st.Repeats != 2 {
					t.Errorf("repeats %d, want 2 (redundant end packets)", st.Repeats)
				}
			},
		},
		{
			name: "start packet retransmitted",
			pkts: cat([]*rtp.Packet{te(1000, 1, false, 0), te(1000, 1, false, 0), te(1000, 1, false, 0)}, press(1000, 1, 4)),
			want: "1",
		},
		{
			name: "start packets lost",
			pkts: cat(press(1000, 2, 4)[2:], press(3000, 3, 4)),
			want: "23",
			check: func(t *testing.T, evs []Event, _ RTPStats) {
				// The first packet that arrived has timestamp 1000: the start.
				if evs[1].Start != 250*ms {
					t.Errorf("second event starts at %v, want 250ms", evs[1].Start)
				}
			},
		},
		{
			name: "end packets lost, next press reports it",
			pkts: cat(press(1000, 7, 4)[:4], press(2000, 8, 4)),
			want: "78",
			check: func(t *testing.T, evs []Event, st RTPStats) {
				if evs[0].Ended || !evs[1].Ended || st.Unended != 1 {
					t.Errorf("Ended %v %v, unended %d", evs[0].Ended, evs[1].Ended, st.Unended)
				}
				if evs[0].Duration != 60*ms {
					t.Errorf("duration %v, want the last seen 60ms", evs[0].Duration)
				}
			},
		},
		{
			name: "same key twice",
			pkts: cat(press(1000, 9, 4), press(2000, 9, 4)),
			want: "99",
		},
		{
			name: "late end packet after the next press started",
			pkts: cat(press(1000, 4, 4)[:5], press(2000, 6, 4)[:2], []*rtp.Packet{te(1000, 4, true, 640)}, press(2000, 6, 4)[2:]),
			want: "46",
		},
		{
			name: "end before a reordered update",
			pkts: []*rtp.Packet{te(1000, 0, false, 0), te(1000, 0, true, 480), te(1000, 0, false, 320), te(1000, 0, true, 480), te(1000, 0, true, 480)},
			want: "0",
			check: func(t *testing.T, evs []Event, st RTPStats) {
				if evs[0].Duration != 60*ms || st.Repeats != 3 {
					t.Errorf("duration %v repeats %d", evs[0].Duration, st.Repeats)
				}
			},
		},
		{
			name: "old event after a newer one started is stale",
			pkts: cat(press(5000, 1, 3)[:2], []*rtp.Packet{te(1000, 2, true, 320)}, press(5000, 1, 3)[2:]),
			want: "1",
			check: func(t *testing.T, _ []Event, st RTPStats) {
				if st.Stale != 1 {
					t.Errorf("stale %d, want 1", st.Stale)
				}
			},
		},
		{
			name: "timestamp wraps",
			pkts: cat(press(0xFFFFFF00, 10, 4), press(0x00000100, 11, 4)),
			want: "*#",
			check: func(t *testing.T, evs []Event, _ RTPStats) {
				if evs[1].Start != 64*ms {
					t.Errorf("start %v, want 64ms (512 ticks after the first)", evs[1].Start)
				}
			},
		},
		{
			name: "flash and other events ignored",
			pkts: cat(press(1000, 16, 3), press(2000, 12, 3), press(3000, 40, 3)),
			want: "A",
			check: func(t *testing.T, _ []Event, st RTPStats) {
				if st.Unsupported != 12 {
					t.Errorf("unsupported %d, want 12", st.Unsupported)
				}
			},
		},
		{
			name: "same timestamp, other code",
			pkts: []*rtp.Packet{te(1000, 3, false, 0), te(1000, 4, false, 160), te(1000, 3, true, 320)},
			want: "3",
			check: func(t *testing.T, _ []Event, st RTPStats) {
				if st.Conflicts != 1 {
					t.Errorf("conflicts %d, want 1", st.Conflicts)
				}
			},
		},
		{
			name: "long event in two segments",
			pkts: []*rtp.Packet{te(1000, 13, false, 0), te(1000, 13, false, 0xFFFF), te(1000+0xFFFF, 13, false, 800), te(1000+0xFFFF, 13, true, 1600)},
			want: "B",
			check: func(t *testing.T, evs []Event, _ RTPStats) {
				if want := time.Duration(0xFFFF+1600) * time.Second / 8000; evs[0].Duration != want {
					t.Errorf("duration %v, want %v", evs[0].Duration, want)
				}
			},
		},
		{
			name: "new SSRC flushes an unended event",
			pkts: []*rtp.Packet{te(1000, 1, false, 0), te(1000, 1, false, 160), teSSRC(2, 9, 2, false, 0), teSSRC(2, 9, 2, true, 320)},
			want: "12",
			check: func(t *testing.T, evs []Event, st RTPStats) {
				if evs[0].Ended || st.Resyncs != 1 || evs[1].Start != 0 {
					t.Errorf("events %+v stats %+v", evs, st)
				}
			},
		},
		{
			name: "malformed and empty payloads",
			pkts: []*rtp.Packet{{Payload: []byte{1, 2}}, {}, te(1000, 8, true, 320)},
			want: "8",
			check: func(t *testing.T, _ []Event, st RTPStats) {
				if st.Malformed != 1 || st.Packets != 1 {
					t.Errorf("stats %+v", st)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var evs []Event
			d, err := NewRTPDetector(8000, func(e Event) { evs = append(evs, e) })
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.pkts {
				if err := d.HandleRTP(p); err != nil {
					t.Fatal(err)
				}
			}
			d.Flush()
			if got := digitsOf(evs); got != tt.want {
				t.Fatalf("digits %q, want %q", got, tt.want)
			}
			if tt.check != nil {
				tt.check(t, evs, d.Stats())
			}
		})
	}
}

func TestRTPDetectorClockRate(t *testing.T) {
	var evs []Event
	d, err := NewRTPDetector(48000, func(e Event) { evs = append(evs, e) })
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cat(press(0, 1, 2), press(48000, 2, 2)) {
		d.HandleRTP(p) //nolint:errcheck // always nil
	}
	if len(evs) != 2 || evs[1].Start != time.Second || evs[0].Duration != 320*time.Second/48000 {
		t.Errorf("events %+v", evs)
	}
	if _, err := NewRTPDetector(0, func(Event) {}); err == nil {
		t.Error("clock rate 0 accepted")
	}
	if _, err := NewRTPDetector(8000, nil); err == nil {
		t.Error("nil emit accepted")
	}
}

const sippDir = "/usr/share/sip-tester"

// TestSippCaptures runs the detector on the RFC 2833 captures that ship
// with sipp (Debian package sip-tester). Each dtmf_2833_<key>.pcap holds
// one key press as its name says; decoding them with tshark
// (`tshark -r F -d udp.port==0-65535,rtp -T fields -e rtpevent.event_id
// -e rtpevent.end_of_event -e rtpevent.duration`) shows 10 packets of
// payload type 101, all with one timestamp and the event code of the key
// (0-9, star 10, pound 11): seven updates with durations 0 to 1920 and the
// end packet (duration 2240, E bit) three times with the same sequence
// number. All come from SSRC 0x0e05384e; ordered by RTP timestamp the
// captures 1-9, star, pound are one stream (consecutive sequence numbers,
// rising timestamps) and capture 0 is from another stretch of it
// (sequence 12080, timestamp between 1 and 2).
func TestSippCaptures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sippDir, "dtmf_2833_*.pcap"))
	if len(files) == 0 {
		t.Skip("no sipp captures: install Debian package sip-tester (scripts/deps.sh test)")
	}
	want := map[string]byte{"0": '0', "1": '1', "2": '2', "3": '3', "4": '4', "5": '5', "6": '6',
		"7": '7', "8": '8', "9": '9', "star": '*', "pound": '#'}
	var stream []*rtp.Packet
	for _, f := range files {
		name := filepath.Base(f)
		key := name[len("dtmf_2833_") : len(name)-len(".pcap")]
		digit, ok := want[key]
		if !ok {
			t.Fatalf("unexpected capture %s", name)
		}
		delete(want, key)
		pkts, err := readPCAP(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(pkts) != 10 {
			t.Fatalf("%s: %d RTP packets, want 10", name, len(pkts))
		}
		var evs []Event
		d, _ := NewRTPDetector(8000, func(e Event) { evs = append(evs, e) })
		for _, p := range pkts {
			d.HandleRTP(p) //nolint:errcheck // always nil
		}
		d.Flush()
		if len(evs) != 1 || evs[0].Digit != digit || !evs[0].Ended || evs[0].Duration != 280*time.Millisecond || evs[0].Volume != 10 {
			t.Errorf("%s: events %+v, want one %q of 280 ms at -10 dBm0", name, evs, digit)
		}
		if key != "0" {
			stream = append(stream, pkts...)
		}
	}
	if len(want) > 0 {
		t.Errorf("captures missing: %v", want)
	}

	// The one stream, in timestamp order, and again with the start
	// packets and the end packets of alternate presses lost.
	sort.SliceStable(stream, func(i, j int) bool { return int32(stream[i].Timestamp-stream[j].Timestamp) < 0 })
	var lossy []*rtp.Packet
	for i, p := range stream {
		press, idx := i/10, i%10
		if (press%2 == 0 && idx < 2) || (press%2 == 1 && idx >= 7) {
			continue
		}
		lossy = append(lossy, p)
	}
	for _, c := range []struct {
		name string
		pkts []*rtp.Packet
	}{{"stream", stream}, {"stream with losses", lossy}} {
		var evs []Event
		d, _ := NewRTPDetector(8000, func(e Event) { evs = append(evs, e) })
		for _, p := range c.pkts {
			d.HandleRTP(p) //nolint:errcheck // always nil
		}
		d.Flush()
		if got := digitsOf(evs); got != "123456789*#" {
			t.Errorf("%s: digits %q, want \"123456789*#\"", c.name, got)
		}
	}
}

// FuzzRTPDetector feeds packets cut from arbitrary bytes (8 bytes each:
// timestamp offset, SSRC bit and payload): the detector must not panic,
// must report at most one event per distinct timestamp and only keys.
func FuzzRTPDetector(f *testing.F) {
	var seed []byte
	for _, p := range cat(press(1000, 5, 3), press(2000, 11, 2)) {
		seed = append(seed, byte(p.Timestamp>>8), byte(p.Timestamp), 0, 0)
		seed = append(seed, p.Payload...)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		var evs []Event
		d, _ := NewRTPDetector(8000, func(e Event) { evs = append(evs, e) })
		stamps := map[uint32]bool{}
		for ; len(b) >= 8; b = b[8:] {
			ts := uint32(b[0])<<8 | uint32(b[1])
			stamps[ts] = true
			p := &rtp.Packet{Header: rtp.Header{SSRC: uint32(b[2] & 1), Timestamp: ts}, Payload: b[4:8:8]}
			d.HandleRTP(p) //nolint:errcheck // always nil
		}
		d.Flush()
		if len(evs) > len(stamps)+int(d.Stats().Resyncs) {
			t.Fatalf("%d events from %d timestamps", len(evs), len(stamps))
		}
		for _, e := range evs {
			if _, ok := DigitEvent(e.Digit); !ok || e.Duration < 0 {
				t.Fatalf("bad event %+v", e)
			}
		}
	})
}

func FuzzParsePayload(f *testing.F) {
	f.Add([]byte{0x0B, 0x8A, 0x08, 0xC0})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePayload(b)
		if (err != nil) != (len(b) < 4) {
			t.Fatalf("len %d: err %v", len(b), err)
		}
		if err == nil {
			if q, _ := ParsePayload(p.Append(nil)); q != p {
				t.Fatalf("%+v does not survive Append/Parse: %+v", p, q)
			}
		}
	})
}

func BenchmarkRTPDetector(b *testing.B) {
	pkts := cat(press(0, 5, 7), press(4000, 6, 7))
	d, _ := NewRTPDetector(8000, func(Event) {})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pkts[i%len(pkts)]
		if i%len(pkts) == 0 {
			d.Flush()
			for _, q := range pkts {
				q.SSRC++ // a new stream each round, so the timestamps are new
			}
		}
		d.HandleRTP(p) //nolint:errcheck // always nil
		i++
	}
}
