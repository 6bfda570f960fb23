package loadtest

import (
	"context"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSummarizeNearestRank(t *testing.T) {
	v := make([]float64, 100)
	for i := range v {
		v[i] = float64(100 - i) // 100..1, unsorted
	}
	d := summarize(v)
	if d.N != 100 || d.P50 != 50 || d.P95 != 95 || d.P99 != 99 || d.Max != 100 || d.Mean != 50.5 {
		t.Fatalf("summarize = %+v", d)
	}
	if d := summarize(nil); d.N != 0 || d.P99 != 0 {
		t.Fatalf("empty summarize = %+v", d)
	}
	if d := summarize([]float64{7}); d.P50 != 7 || d.P99 != 7 {
		t.Fatalf("one value: %+v", d)
	}
}

func TestPlateauLeavesOutRampAndDrain(t *testing.T) {
	active := []int{1, 2, 4, 8, 10, 10, 10, 10, 10, 6, 2, 0}
	tl := make([]Sample, len(active))
	for i, a := range active {
		tl[i] = Sample{Active: a}
	}
	got := plateauOf(tl)
	// 10 calls from index 4 to 8: the first two seconds are settling.
	if len(got) != 3 || got[0] != 6 || got[2] != 8 {
		t.Fatalf("plateau = %v, want [6 7 8]", got)
	}
	if got := plateauOf([]Sample{{Active: 3}, {Active: 3}}); len(got) != 2 {
		t.Fatalf("short run: plateau %v, want every second with calls", got)
	}
	if plateauOf([]Sample{{}, {}}) != nil {
		t.Fatal("plateau without calls")
	}
}

func TestVerdicts(t *testing.T) {
	rep := &Report{Config: RunConfig{Events: true}}
	rep.Calls = CallCounts{Attempted: 10, Answered: 9, Failed: 1, Failures: map[string]int{"503 Service Unavailable": 1}}
	rep.Packets = Packets{Sent: 1000, SentReported: 1000, Received: 998, Late: 1, LostOrLate: 0.003}
	rep.FinalLatency = Dist{N: 20, P95: 1200}
	rep.STT = STTHealth{Known: true, MaxBacklog: 0.5}
	got := map[string]Verdict{}
	for _, v := range verdicts(rep) {
		got[v.Name] = v
	}
	if v := got["calls answered"]; v.Pass || !strings.Contains(v.Detail, "1 x 503 Service Unavailable") {
		t.Errorf("calls verdict %+v", v)
	}
	if v := got["media path"]; v.Pass || !strings.Contains(v.Detail, "0.300%") {
		t.Errorf("media verdict %+v", v)
	}
	if v := got["real time"]; !v.Pass {
		t.Errorf("real-time verdict %+v", v)
	}
	rep.STT.DroppedSeconds = 2
	for _, v := range verdicts(rep) {
		if v.Name == "real time" && v.Pass {
			t.Error("real time passed with audio dropped")
		}
	}
	rep.STT.DroppedSeconds, rep.FinalLatency.P95 = 0, 1600
	for _, v := range verdicts(rep) {
		if v.Name == "real time" && v.Pass {
			t.Error("real time passed at p95 1.6 s")
		}
	}
}

func TestParseMetrics(t *testing.T) {
	text := "# HELP x y\n# TYPE x gauge\nearshot_stt_backlog_seconds 1.5\nprocess_cpu_seconds_total 12.25\nlabelled{a=\"b\"} 3\nbad line\n"
	m, err := parseMetrics(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if m["earshot_stt_backlog_seconds"] != 1.5 || m["process_cpu_seconds_total"] != 12.25 || len(m) != 2 {
		t.Fatalf("parsed %v", m)
	}
}

func TestValidate(t *testing.T) {
	ok := Config{Target: "sip:bot@127.0.0.1:5060", Calls: 1, Rate: 1, Audio: []string{"a.wav"}}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"target", func(c *Config) { c.Target = "http://x" }, "target"},
		{"calls", func(c *Config) { c.Calls = 0 }, "calls"},
		{"rate", func(c *Config) { c.Rate = 0 }, "rate"},
		{"codec", func(c *Config) { c.Codec = "gsm" }, "codec"},
		{"audio", func(c *Config) { c.Audio = nil }, "audio"},
		{"events", func(c *Config) { c.Events = "http://127.0.0.1:8080/api/v1/events" }, "events"},
		{"rtp range", func(c *Config) { c.Target = "rtp:127.0.0.1:30000-30003"; c.Calls = 3 }, "even ports"},
		{"rtp codec", func(c *Config) { c.Target = "rtp:127.0.0.1:30000-30099"; c.Codec = "opus" }, "bare RTP"},
	} {
		c := ok
		tc.edit(&c)
		if _, err := c.validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.want)
		}
	}
	c := ok
	c.Events = "ws://127.0.0.1:8080/api/v1/events"
	tg, err := c.validate()
	if err != nil {
		t.Fatal(err)
	}
	if c.Metrics != "http://127.0.0.1:8080/metrics" || c.Codec != "pcmu" || tg.host.Port() != 5060 || !tg.sip {
		t.Fatalf("defaults: metrics %q codec %q target %+v", c.Metrics, c.Codec, tg)
	}
}

func TestProgramFitsWholePlays(t *testing.T) {
	c := &clip{speech: make([][]byte, 100), silence: []byte{0xff}} // 2 s a play
	for i := range c.speech {
		c.speech[i] = []byte{byte(i)}
	}
	c.ref = "hello world"
	p := newProgram(c, 0, 2*time.Second, ptime)
	if p.plays != 1 || p.packets != 200 || p.reference() != "hello world" {
		t.Fatalf("hold 0: %+v ref %q", p, p.reference())
	}
	p = newProgram(c, 9*time.Second, 2*time.Second, ptime)
	// 450 packets, 100 of them kept for the tail: three plays fit.
	if p.plays != 3 || p.packets != 450 || p.reference() != "hello world hello world hello world" {
		t.Fatalf("hold 9s: plays %d packets %d ref %q", p.plays, p.packets, p.reference())
	}
	if p.packet(0)[0] != 0 || p.packet(250)[0] != 50 || p.packet(300)[0] != 0xff || p.packet(449)[0] != 0xff {
		t.Fatal("program packets out of place")
	}
	// A hold shorter than a play and its tail cuts the speech short: the
	// call lasts the hold time and has no reference.
	p = newProgram(c, time.Second, 2*time.Second, ptime)
	if p.plays != 0 || p.packets != 50 || p.reference() != "" || p.packet(49)[0] != 49 {
		t.Fatalf("hold 1s: plays %d packets %d ref %q", p.plays, p.packets, p.reference())
	}
}

// recorder is an rtpOut that keeps when each packet was sent.
type recorder struct {
	mu      sync.Mutex
	at      []time.Time
	markers []bool
	ticks   uint32
}

func (r *recorder) SendRTP(payload []byte, samples uint32, marker bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.at = append(r.at, time.Now())
	r.markers = append(r.markers, marker)
	r.ticks += samples
	return nil
}

func TestSenderPacesEveryStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newSender()
	go s.run(ctx)
	c := &clip{speech: make([][]byte, 25), silence: []byte{0}}
	for i := range c.speech {
		c.speech[i] = []byte{1}
	}
	var recs []*recorder
	var streams []*stream
	for range 3 {
		r := &recorder{}
		st := newStream(program{clip: c, plays: 1, packets: 25}, r, 160, ptime)
		recs, streams = append(recs, r), append(streams, st)
		s.add(st)
	}
	for _, st := range streams {
		select {
		case <-st.done:
		case <-time.After(5 * time.Second):
			t.Fatal("stream never ended")
		}
	}
	for i, r := range recs {
		if len(r.at) != 25 || streams[i].sent != 25 || r.ticks != 25*160 {
			t.Fatalf("stream %d: %d packets, %d ticks", i, len(r.at), r.ticks)
		}
		if !r.markers[0] || r.markers[1] {
			t.Errorf("stream %d: marker bits %v", i, r.markers[:2])
		}
		// 24 intervals of 20 ms: the schedule is absolute, so the span is
		// 480 ms give or take one tick of the sender's clock.
		span := r.at[24].Sub(r.at[0])
		if math.Abs(float64(span-480*time.Millisecond)) > float64(senderTick+5*time.Millisecond) {
			t.Errorf("stream %d: 25 packets over %v, want about 480ms", i, span)
		}
	}
}

func TestSenderStopsAStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newSender()
	go s.run(ctx)
	c := &clip{speech: [][]byte{{1}}, silence: []byte{0}}
	rec := &recorder{}
	st := newStream(program{clip: c, plays: 1, packets: 1 << 20}, rec, 160, ptime)
	s.add(st)
	for deadline := time.Now().Add(5 * time.Second); ; {
		rec.mu.Lock()
		n := len(rec.at)
		rec.mu.Unlock()
		if n >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the stream never started")
		}
		runtime.Gosched()
	}
	st.stop.Store(true)
	select {
	case <-st.done:
	case <-time.After(time.Second):
		t.Fatal("stopped stream still running")
	}
	// Stopped soon after its third packet, far from its end (500 packets
	// is 10 s, room for a machine busy with other tests).
	if st.sent < 3 || st.sent > 500 {
		t.Fatalf("sent %d packets", st.sent)
	}
}
