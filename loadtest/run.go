package loadtest

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/stt/wer"
)

// ErrConfig marks a Config that cannot run (a bad flag).
var ErrConfig = errors.New("loadtest")

// ptime is the packet time we offer and send.
const ptime = 20 * time.Millisecond

// call is one call's record.
type call struct {
	idx  int
	prog program
	st   *stream

	mu        sync.Mutex
	serverID  string
	setup     time.Duration
	answered  bool
	failure   string
	lastSeq   int
	lastPart  time.Time
	intervals []float64 // ms between partials of one utterance
	finals    []final
	report    *quality.Report
	ended     chan struct{} // closed on the target's call.ended event
	endOnce   sync.Once
}

type final struct {
	at    time.Time
	seq   int
	endMS int64
	text  string
}

// runner is one run's state, owned by Run.
type runner struct {
	cfg   Config
	tgt   target
	clips []*clip
	// snd are the senders, one per usable core; call i uses snd[i%len].
	// Sending is most of the tester's work (a loopback send also pays
	// the kernel's delivery to the receiver), and one goroutine sending
	// every call's packets would cap a run at one core's worth.
	snd []*sender

	mu    sync.Mutex
	byID  map[string]*call
	calls []*call

	answered, failed, active, completed atomic.Int64
	maxActive                           atomic.Int64
	// eventsDone is set before we close the event stream; eventsLost
	// when it ended before that (the target dropped us, or went away).
	eventsDone, eventsLost atomic.Bool
	eventsLostAt           atomic.Int64 // Unix nanoseconds
}

// Run places the calls, waits for them to end, and returns the report.
// Cancelling ctx stops placing calls and hangs up the ones that are up;
// the report then covers what happened.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	tgt, err := cfg.validate()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	clock := 8000
	if cfg.Codec == "opus" {
		clock = 48000
	}
	clips, err := loadClips(cfg.Audio, codecs[cfg.Codec], clock, ptime)
	if err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, tgt: tgt, clips: clips, byID: make(map[string]*call)}
	for range runtime.GOMAXPROCS(0) {
		r.snd = append(r.snd, newSender())
	}
	rep := &Report{Started: time.Now().UTC(), Machine: machine(), Config: r.runConfig()}

	var ws *websocket.Conn
	if cfg.Events != "" {
		h := http.Header{}
		if cfg.Token != "" {
			h.Set("Authorization", "Bearer "+cfg.Token)
		}
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ws, _, err = websocket.DefaultDialer.DialContext(dctx, cfg.Events, h)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
	}
	smp := &sampler{self: procReader{pid: os.Getpid()}, metrics: cfg.Metrics, client: &http.Client{Timeout: time.Second}}
	smp.target.pid = cfg.PID
	if smp.target.pid == 0 && tgt.host.IsValid() {
		smp.target.pid = pidOfUDPPort(int(tgt.host.Port()))
	}
	switch {
	case smp.target.pid != 0:
		rep.Target.Source, rep.Target.PID = "proc", smp.target.pid
	case cfg.Metrics != "":
		rep.Target.Source = "metrics"
	}
	rep.Tester.Source, rep.Tester.PID = "proc", os.Getpid()

	// Owned goroutines: the senders, the event reader, the sampler; each
	// ends when its context or connection does and is waited for.
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	var bgWG sync.WaitGroup
	for _, snd := range r.snd {
		bgWG.Add(1)
		go func() { defer bgWG.Done(); snd.run(bg) }()
	}
	if ws != nil {
		bgWG.Add(1)
		go func() { defer bgWG.Done(); r.readEvents(ws) }()
	}
	start := time.Now()
	var timeline []Sample
	var samples []reading
	bgWG.Add(1)
	go func() {
		defer bgWG.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		smp.sample(bg, time.Now())
		lastProgress := time.Now()
		for {
			select {
			case <-bg.Done():
				return
			case now := <-t.C:
				rd := smp.sample(bg, now)
				samples = append(samples, rd)
				timeline = append(timeline, Sample{
					T: now.Sub(start).Seconds(), Active: int(r.active.Load()), Answered: int(r.answered.Load()),
					Failed: int(r.failed.Load()), TargetCPU: rd.targetCores, TargetRSS: rd.targetRSS,
					TesterCPU: rd.selfCores, Backlog: rd.backlog,
				})
				if cfg.Progress != nil && now.Sub(lastProgress) >= cfg.ProgressEvery-10*time.Millisecond {
					lastProgress = now
					fmt.Fprintln(cfg.Progress, r.progress(now.Sub(start), rd))
				}
			}
		}
	}()

	// Place the calls on the ramp.
	var callWG sync.WaitGroup
	interval := time.Duration(float64(time.Second) / cfg.Rate)
	timer := time.NewTimer(0)
place:
	for i := range cfg.Calls {
		if i > 0 {
			timer.Reset(time.Until(start.Add(time.Duration(i) * interval)))
			select {
			case <-ctx.Done():
				break place
			case <-timer.C:
			}
		} else {
			<-timer.C
		}
		c := &call{idx: i, ended: make(chan struct{})}
		r.mu.Lock()
		r.calls = append(r.calls, c)
		r.mu.Unlock()
		callWG.Add(1)
		go func() { defer callWG.Done(); r.runCall(ctx, c) }()
	}
	timer.Stop()
	callWG.Wait()
	end := time.Now()

	// A last look at the target's metrics before the background stops.
	stopBG()
	if ws != nil {
		r.eventsDone.Store(true)
		_ = ws.Close() // ends the reader
	}
	bgWG.Wait()
	if smp.metrics != "" {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		if m, err := scrape(sctx, smp.client, smp.metrics); err == nil {
			samples = append(samples, reading{backlog: m["earshot_stt_backlog_seconds"], metrics: m})
		}
		cancel()
	}
	rep.Duration = end.Sub(start).Seconds()
	rep.Timeline = timeline
	r.summarize(rep, samples, smp)
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	return rep, nil
}

// runCall places one call, streams its program and hangs up.
func (r *runner) runCall(ctx context.Context, c *call) {
	cl := r.clips[c.idx%len(r.clips)]
	c.prog = newProgram(cl, r.cfg.Hold, r.cfg.Tail, ptime)
	if !r.tgt.sip {
		r.runRawCall(ctx, c)
		return
	}
	dctx, cancel := context.WithTimeout(ctx, r.cfg.SetupTimeout)
	cc, err := sip.Dial(dctx, sip.ClientConfig{
		Target: r.cfg.Target, From: fmt.Sprintf("load%d", c.idx), LocalIP: r.cfg.LocalIP,
		Codecs: []string{codecs[r.cfg.Codec]}, PTime: ptime, Impair: r.cfg.Impair, Log: r.cfg.Log,
	})
	cancel()
	if err != nil {
		r.fail(c, failureClass(err, dctx))
		return
	}
	defer cc.Close()
	c.mu.Lock()
	c.answered, c.setup, c.serverID = true, cc.SetupTime(), cc.ServerCallID()
	c.mu.Unlock()
	if c.serverID != "" {
		r.mu.Lock()
		r.byID[c.serverID] = c
		r.mu.Unlock()
	}
	r.answered.Add(1)
	r.up(1)
	st := newStream(c.prog, cc, uint32(cc.ClockRate()*int(ptime/time.Millisecond)/1000), ptime)
	c.mu.Lock()
	c.st = st
	c.mu.Unlock()
	r.snd[c.idx%len(r.snd)].add(st)
	remoteBye := false
	select {
	case <-st.done:
	case <-cc.Done():
		remoteBye = true
	case <-ctx.Done():
	}
	st.stop.Store(true)
	<-st.done
	if st.err != nil {
		r.cfg.Log.Warn("sending RTP failed", "call", c.idx, "err", st.err)
	}
	if !remoteBye {
		// Let the last packets arrive before the BYE (a gateway stops
		// reading media when the call ends): two packet times, or what
		// is still on an impaired path.
		wait := 2 * ptime
		if imp := r.cfg.Impair; imp != nil {
			wait = 3*imp.Jitter + imp.Delay + 100*time.Millisecond
		}
		time.Sleep(wait)
	}
	if !remoteBye {
		hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if code, err := cc.Hangup(hctx); err != nil || code >= 300 {
			r.cfg.Log.Warn("hangup", "call", c.idx, "code", code, "err", err)
		}
		cancel()
	}
	r.up(-1)
	r.completed.Add(1)
	if r.cfg.Events != "" && c.serverID != "" {
		// The target's last quality report comes just before call.ended.
		select {
		case <-c.ended:
		case <-time.After(5 * time.Second):
		}
	}
}

// runRawCall streams the program as bare RTP to the call's even port.
func (r *runner) runRawCall(ctx context.Context, c *call) {
	port := r.tgt.min + 2*c.idx
	if port%2 == 1 {
		port++
	}
	dst := netip.AddrPortFrom(r.tgt.host.Addr(), uint16(port))
	conn, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(dst))
	if err != nil {
		r.fail(c, "error: "+err.Error())
		return
	}
	defer conn.Close()
	c.mu.Lock()
	c.answered = true
	c.mu.Unlock()
	r.answered.Add(1)
	r.up(1)
	pt := uint8(0)
	if r.cfg.Codec == "pcma" {
		pt = 8
	}
	st := newStream(c.prog, newRawRTP(conn, pt), uint32(8*int(ptime/time.Millisecond)), ptime)
	c.mu.Lock()
	c.st = st
	c.mu.Unlock()
	r.snd[c.idx%len(r.snd)].add(st)
	select {
	case <-st.done:
	case <-ctx.Done():
		st.stop.Store(true)
		<-st.done
	}
	r.up(-1)
	r.completed.Add(1)
}

func (r *runner) up(d int64) {
	n := r.active.Add(d)
	for {
		m := r.maxActive.Load()
		if n <= m || r.maxActive.CompareAndSwap(m, n) {
			return
		}
	}
}

func (r *runner) fail(c *call, class string) {
	c.mu.Lock()
	c.failure = class
	c.mu.Unlock()
	r.failed.Add(1)
}

// failureClass names a failed INVITE: its SIP status, or what went wrong.
func failureClass(err error, ctx context.Context) string {
	var se *sip.StatusError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("%d %s", se.Code, se.Reason)
	case errors.Is(ctx.Err(), context.Canceled):
		return "cancelled"
	case ctx.Err() != nil:
		return "timeout"
	default:
		msg := err.Error()
		if len(msg) > 60 {
			msg = msg[:60]
		}
		return "error: " + msg
	}
}

// readEvents records the console events of our calls until the
// connection closes.
func (r *runner) readEvents(ws *websocket.Conn) {
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			if !r.eventsDone.Load() {
				r.eventsLostAt.Store(time.Now().UnixNano())
				r.eventsLost.Store(true)
			}
			return
		}
		now := time.Now()
		var ev events.Event
		if json.Unmarshal(data, &ev) != nil {
			continue
		}
		r.mu.Lock()
		c := r.byID[ev.CallID]
		r.mu.Unlock()
		if c == nil {
			continue // another client's call
		}
		c.onEvent(ev, now)
	}
}

func (c *call) onEvent(ev events.Event, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch ev.Type {
	case events.TranscriptPartial:
		if !c.lastPart.IsZero() && ev.Seq == c.lastSeq {
			c.intervals = append(c.intervals, float64(now.Sub(c.lastPart))/float64(time.Millisecond))
		}
		c.lastSeq, c.lastPart = ev.Seq, now
	case events.TranscriptFinal:
		c.finals = append(c.finals, final{at: now, seq: ev.Seq, endMS: ev.EndMS, text: ev.Text})
		c.lastPart = time.Time{}
	case events.Quality:
		if ev.Stats != nil && (ev.Leg == "" || ev.Leg == "caller") {
			s := *ev.Stats
			c.report = &s
		}
	case events.CallEnded:
		c.endOnce.Do(func() { close(c.ended) })
	}
}

// progress is the live status line.
func (r *runner) progress(elapsed time.Duration, rd reading) string {
	var setups, lats []float64
	r.mu.Lock()
	calls := r.calls
	r.mu.Unlock()
	for _, c := range calls {
		c.mu.Lock()
		if c.answered && c.setup > 0 {
			setups = append(setups, ms(c.setup))
		}
		if c.st != nil {
			for _, f := range c.finals {
				lats = append(lats, c.finalLatency(f))
			}
		}
		c.mu.Unlock()
	}
	s, l := summarize(setups), summarize(lats)
	line := fmt.Sprintf("%5.0fs calls up %d answered %d failed %d | setup p50 %.1f p99 %.1f ms",
		elapsed.Seconds(), r.active.Load(), r.answered.Load(), r.failed.Load(), s.P50, s.P99)
	if l.N > 0 {
		line += fmt.Sprintf(" | final p50 %.0f p95 %.0f ms (%d)", l.P50, l.P95, l.N)
	}
	line += fmt.Sprintf(" | target %.2f cores %.0f MB", rd.targetCores, rd.targetRSS)
	if rd.backlog >= 0 {
		line += fmt.Sprintf(" backlog %.1fs", rd.backlog)
	}
	return line + fmt.Sprintf(" | tester %.2f cores", rd.selfCores)
}

// finalLatency is the time from the speech end of f (the end of its last
// word on the call's media clock, sent at start + endMS) to its arrival.
// c.mu is held and c.st is set.
func (c *call) finalLatency(f final) float64 {
	return ms(f.at.Sub(c.st.started().Add(time.Duration(f.endMS) * time.Millisecond)))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (r *runner) runConfig() RunConfig {
	rc := RunConfig{
		Target: r.cfg.Target, Calls: r.cfg.Calls, Rate: r.cfg.Rate, Hold: r.cfg.Hold.Seconds(),
		Codec: r.cfg.Codec, Audio: r.cfg.Audio, Events: r.cfg.Events != "", Command: r.cfg.Command,
	}
	if r.cfg.Impair != nil {
		rc.Impair = r.cfg.Impair.String()
	}
	return rc
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	m.Hostname, _ = os.Hostname()
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// rawRTP writes RTP packets with no signalling, for the bare comparison.
// Only the sender goroutine uses it.
type rawRTP struct {
	conn *net.UDPConn
	pt   uint8
	seq  uint16
	ts   uint32
	ssrc uint32
	buf  []byte
}

func newRawRTP(conn *net.UDPConn, pt uint8) *rawRTP {
	return &rawRTP{conn: conn, pt: pt, ssrc: rand.Uint32(), seq: uint16(rand.Uint32()), ts: rand.Uint32(), buf: make([]byte, 1500)}
}

func (p *rawRTP) SendRTP(payload []byte, samples uint32, marker bool) error {
	b := p.buf[:12+len(payload)]
	b[0] = 0x80
	b[1] = p.pt
	if marker {
		b[1] |= 0x80
	}
	binary.BigEndian.PutUint16(b[2:], p.seq)
	binary.BigEndian.PutUint32(b[4:], p.ts)
	binary.BigEndian.PutUint32(b[8:], p.ssrc)
	copy(b[12:], payload)
	p.seq++
	p.ts += samples
	_, err := p.conn.Write(b)
	return err
}

// werOf scores a call's finals against its program's reference.
func werOf(c *call) (wer.Result, bool) {
	ref := c.prog.reference()
	if ref == "" {
		return wer.Result{}, false
	}
	var hyp []string
	for _, f := range c.finals {
		hyp = append(hyp, f.text)
	}
	return wer.Compute(ref, strings.Join(hyp, " ")), true
}
