package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/stt/wer"
)

// eventLog collects the console's event stream and lets the test wait
// for conditions on it.
type eventLog struct {
	mu     sync.Mutex
	cond   *sync.Cond
	evs    []events.Event
	closed bool
}

func newEventLog(ws *websocket.Conn) *eventLog {
	l := &eventLog{}
	l.cond = sync.NewCond(&l.mu)
	go func() {
		for {
			var ev events.Event
			if err := ws.ReadJSON(&ev); err != nil {
				l.mu.Lock()
				l.closed = true
				l.cond.Broadcast()
				l.mu.Unlock()
				return
			}
			l.mu.Lock()
			l.evs = append(l.evs, ev)
			l.cond.Broadcast()
			l.mu.Unlock()
		}
	}()
	return l
}

// wait blocks until ok holds for the events so far, or fails the test
// after timeout.
func (l *eventLog) wait(t *testing.T, what string, timeout time.Duration, ok func([]events.Event) bool) []events.Event {
	t.Helper()
	timer := time.AfterFunc(timeout, func() {
		l.mu.Lock()
		l.cond.Broadcast()
		l.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(timeout)
	l.mu.Lock()
	defer l.mu.Unlock()
	for !ok(l.evs) {
		if l.closed || time.Now().After(deadline) {
			t.Fatalf("waiting for %s: timed out or stream closed after %d events", what, len(l.evs))
		}
		l.cond.Wait()
	}
	return append([]events.Event(nil), l.evs...)
}

// callsByCodec maps each codec to the ID of the call that used it.
func callsByCodec(evs []events.Event) map[string]string {
	m := map[string]string{}
	for _, ev := range evs {
		if ev.Type == events.CallStarted {
			m[ev.Codec] = ev.CallID
		}
	}
	return m
}

func ofCall(evs []events.Event, id string) []events.Event {
	var out []events.Event
	for _, ev := range evs {
		if ev.CallID == id {
			out = append(out, ev)
		}
	}
	return out
}

func ended(evs []events.Event, n int) bool {
	return countType(evs, events.CallEnded) >= n
}

// lastQuality returns the call's final quality report.
func lastQuality(t *testing.T, evs []events.Event) events.Event {
	t.Helper()
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type == events.Quality {
			return evs[i]
		}
	}
	t.Fatal("no quality event")
	return events.Event{}
}

func dtmfText(evs []events.Event) string {
	var parts []string
	for _, ev := range evs {
		if ev.Type != events.DTMF {
			continue
		}
		if ev.Masked {
			parts = append(parts, "["+ev.Text+"]")
		} else {
			parts = append(parts, ev.Digit)
		}
	}
	return strings.Join(parts, "")
}

// TestEndToEndMedia runs `earshot serve` with SRTP optional and places
// real calls through the media engine:
//
//  1. four concurrent calls of the same recorded speech: PCMU (the G.711
//     baseline), G.722 over SRTP, Opus, and PCMA through an impaired path
//     (5 % random loss, 2 % burst loss, 60 ms jitter, 1 % reordering).
//     The wideband calls must transcribe better than G.711; the impaired
//     call's reported packetsLost must be within ±10 % of what the path
//     dropped and its jitter within ±20 % of RFC 3550 applied to the
//     path's arrival times, and its transcript must still arrive; /metrics
//     is scraped during the calls.
//  2. three concurrent DTMF calls: sipp replaying its RFC 2833 captures,
//     in-band tones over G.722, and RFC 4733 keys around a sensitive step
//     opened and closed through the API. The digits must come out exact,
//     and masked inside the sensitive step.
func TestEndToEndMedia(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end calls run in real time (~45 s); skipped with -short")
	}
	requireFile(t, filepath.Join(librivoxDir, "transcription"), "pocketsphinx-testdata (scripts/deps.sh test)")
	dir := t.TempDir()
	speech, reference := librivoxSpeech(t)
	speechWAV := filepath.Join(dir, "librivox.wav")
	writeWAV(t, speechWAV, 16000, speech)
	cardWAV := filepath.Join("testdata", "card.wav")

	sipPort, httpPort := freeUDPTCPPort(t), freeTCPPort(t)
	token := "e2e-media-token-0123456789"
	ctx, cancel := context.WithCancel(t.Context())
	var serveErr error
	var serveOut, serveLog syncBuffer
	served := make(chan struct{})
	go func() {
		defer close(served)
		serveErr = run(ctx, []string{"serve",
			"--sip-addr", fmt.Sprintf("127.0.0.1:%d", sipPort),
			"--http-addr", fmt.Sprintf("127.0.0.1:%d", httpPort),
			"--data-dir", filepath.Join(dir, "data"), "--admin-token", token,
			"--rtp-ports", "31200-31399", "--stt-streams", "5", "--log-level", "debug",
			"--srtp", "optional", "--quality-interval", "1s",
		}, nil, &serveOut, &serveLog)
	}()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	waitReady(t, base+"/healthz", served, func() string { return fmt.Sprintf("%v\n%s", serveErr, serveLog.String()) })
	ws, _, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://127.0.0.1:%d/api/v1/events", httpPort),
		http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatalf("websocket: %v", err)
	}
	defer ws.Close()
	log := newEventLog(ws)
	target := fmt.Sprintf("sip:bot@127.0.0.1:%d", sipPort)

	// Phase 1: speech over four codecs at once.
	type callRun struct {
		name string
		args []string
		out  syncBuffer
		err  error
	}
	speechCalls := []*callRun{
		{name: "PCMU", args: []string{"--codec", "pcmu", "--audio", speechWAV}},
		{name: "G722", args: []string{"--codec", "g722", "--srtp", "--audio", speechWAV}},
		{name: "opus", args: []string{"--codec", "opus", "--audio", speechWAV}},
		// The impaired call needs no WER: shorter speech keeps the CPU for
		// the three recognisers that are compared.
		{name: "PCMA", args: []string{"--codec", "pcma", "--audio", cardWAV, "--loss", "5", "--burst-loss", "2", "--jitter", "60ms", "--reorder", "1", "--impair-seed", "3"}},
	}
	var wg sync.WaitGroup
	for _, c := range speechCalls {
		wg.Go(func() {
			args := append([]string{"call", "--from", "+4512345678"}, c.args...)
			c.err = run(ctx, append(args, target), nil, &c.out, &c.out)
		})
	}
	evs := log.wait(t, "quality events of four calls", 60*time.Second, func(evs []events.Event) bool {
		// A call's first quality event comes after it is counted in the
		// metrics.
		reporting := map[string]bool{}
		for _, ev := range evs {
			if ev.Type == events.Quality {
				reporting[ev.CallID] = true
			}
		}
		return len(reporting) == 4
	})
	checkMetrics(t, base, evs, true)

	evs = log.wait(t, "four calls to end", 120*time.Second, func(evs []events.Event) bool { return ended(evs, 4) })
	wg.Wait()
	for _, c := range speechCalls {
		if c.err != nil {
			t.Fatalf("%s call: %v\n%s", c.name, c.err, c.out.String())
		}
		t.Logf("%s call output:\n%s", c.name, c.out.String())
	}
	ids := callsByCodec(evs)
	for _, c := range speechCalls {
		if ids[c.name] == "" {
			t.Fatalf("no call.started with codec %s: %v", c.name, ids)
		}
	}
	if !strings.Contains(speechCalls[1].out.String(), "SRTP") {
		t.Errorf("the G.722 call did not negotiate SRTP:\n%s", speechCalls[1].out.String())
	}

	werOf := map[string]float64{}
	for _, codec := range []string{"PCMU", "G722", "opus"} {
		call := ofCall(evs, ids[codec])
		finals := finalText(call)
		werOf[codec] = wer.Compute(reference, finals).WER
		q := lastQuality(t, call)
		t.Logf("%s: WER %.3f, MOS %.2f (%s), quality %+v: %q", codec, werOf[codec], q.Stats.MOS, q.Stats.MOSMethod, *q.Stats, finals)
	}
	if werOf["G722"] >= werOf["PCMU"] {
		t.Errorf("G.722 WER %.3f is not lower than G.711's %.3f", werOf["G722"], werOf["PCMU"])
	}
	if werOf["opus"] >= werOf["PCMU"] {
		t.Errorf("Opus WER %.3f is not lower than G.711's %.3f", werOf["opus"], werOf["PCMU"])
	}
	checkImpairedCall(t, speechCalls[3].out.String(), ofCall(evs, ids["PCMA"]))
	checkStoredQuality(t, base, token, ids["PCMA"], lastQuality(t, ofCall(evs, ids["PCMA"])))

	// Phase 2: DTMF three ways at once.
	phase2 := len(evs)
	var sippErr error
	var sippOut []byte
	sippPath, sippMissing := exec.LookPath("sipp")
	if sippMissing == nil {
		wg.Go(func() { sippOut, sippErr = runSipp(ctx, sippPath, dir, sipPort) })
	} else {
		t.Logf("sipp not installed (Debian package sip-tester): RFC 2833 captures not replayed")
	}
	toneCall := &callRun{name: "tones"}
	wg.Go(func() {
		toneCall.err = run(ctx, []string{"call", "--codec", "g722", "--duration", "500ms", "--tones", "2468*#", target}, nil, &toneCall.out, &toneCall.out)
	})
	maskedCallID := dtmfWithSensitiveStep(t, ctx, log, base, token, target)
	wantEnded := 2 + phase2Calls(sippMissing == nil)
	evs = log.wait(t, "DTMF calls to end", 60*time.Second, func(evs []events.Event) bool { return ended(evs[phase2:], wantEnded) })
	wg.Wait()
	if toneCall.err != nil {
		t.Fatalf("tone call: %v\n%s", toneCall.err, toneCall.out.String())
	}
	ids = callsByCodec(evs[phase2:])
	if got := dtmfText(ofCall(evs, ids["G722"])); got != "2468*#" {
		t.Errorf("in-band tones over G.722: dtmf events %q, want \"2468*#\"", got)
	}
	if got := dtmfText(ofCall(evs, maskedCallID)); got != "1[3 digits entered]9" {
		t.Errorf("RFC 4733 keys around a sensitive step: dtmf events %q, want \"1[3 digits entered]9\"", got)
	}
	if sippMissing == nil {
		if sippErr != nil {
			t.Fatalf("sipp: %v\n%s", sippErr, sippOut)
		}
		if got := dtmfText(ofCall(evs, ids["PCMU"])); got != "1059*#" {
			t.Errorf("sipp RFC 2833 captures: dtmf events %q, want \"1059*#\"", got)
		}
	}
	checkMetrics(t, base, evs, false)

	cancel()
	<-served
	if serveErr != nil {
		t.Fatalf("serve: %v\n%s", serveErr, serveLog.String())
	}
	logs := serveLog.String()
	for _, s := range []string{"+4512345678", "4512345678", "digit=", "inline:", "dashwood"} {
		if strings.Contains(logs, s) {
			t.Errorf("server log contains %q", s)
		}
	}
	if strings.Count(logs, "srtp=true") < 2 { // the call's media line and its end
		t.Errorf("server log does not show the SRTP call")
	}
	if strings.Contains(logs, "SRTP authentication failed") {
		t.Errorf("SRTP authentication failures on a call with the right keys")
	}
}

func phase2Calls(withSipp bool) int {
	if withSipp {
		return 1
	}
	return 0
}

// checkImpairedCall compares the impaired call's reported statistics with
// what `earshot call` says the path did.
func checkImpairedCall(t *testing.T, out string, call []events.Event) {
	t.Helper()
	dropped := regexp.MustCompile(`dropped (\d+) `).FindStringSubmatch(out)
	jit := regexp.MustCompile(`expected jitter .*: ([0-9.]+) ms`).FindStringSubmatch(out)
	if dropped == nil || jit == nil {
		t.Fatalf("impaired call output lacks the path's report:\n%s", out)
	}
	n, _ := strconv.Atoi(dropped[1])
	wantJitter, _ := strconv.ParseFloat(jit[1], 64)
	q := lastQuality(t, call).Stats
	lost := float64(q.PacketsLost)
	t.Logf("impaired call: path dropped %d, reported packetsLost %d (%+.1f %%); expected jitter %.2f ms, reported %.2f ms (%+.1f %%); concealed %d samples in %d events",
		n, q.PacketsLost, 100*(lost-float64(n))/float64(n), wantJitter, q.Jitter*1000, 100*(q.Jitter*1000-wantJitter)/wantJitter,
		q.ConcealedSamples, q.ConcealmentEvents)
	if n == 0 || math.Abs(lost-float64(n)) > 0.1*float64(n) {
		t.Errorf("packetsLost %d not within ±10%% of the %d packets dropped", q.PacketsLost, n)
	}
	if math.Abs(q.Jitter*1000-wantJitter) > 0.2*wantJitter {
		t.Errorf("jitter %.2f ms not within ±20%% of RFC 3550 over the path's arrivals, %.2f ms", q.Jitter*1000, wantJitter)
	}
	if countType(call, events.TranscriptFinal) == 0 {
		t.Error("no transcript for the impaired call")
	}
	if q.ConcealmentEvents == 0 {
		t.Error("lost packets were not concealed")
	}
}

// checkMetrics scrapes /metrics: the expected families are there, every
// counter ends in _total, and no sample carries a label but a histogram's
// "le" (so no call ID, number or address can be in one); nothing in the
// page names a call, the caller or an address.
func checkMetrics(t *testing.T, base string, evs []events.Event, during bool) {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	page := string(body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("/metrics: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	values := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(page))
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) == 4 && f[0] == "#" && f[1] == "TYPE" && f[3] == "counter" && !strings.HasSuffix(f[2], "_total") {
			t.Errorf("counter %s does not end in _total", f[2])
		}
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		name, rest, _ := strings.Cut(line, " ")
		if i := strings.IndexByte(name, '{'); i >= 0 {
			if !regexp.MustCompile(`^\{le="[^"]*"\}$`).MatchString(name[i:]) {
				t.Errorf("metric line with a label other than le: %s", line)
			}
			continue
		}
		v, err := strconv.ParseFloat(rest, 64)
		if err != nil {
			t.Errorf("bad sample %q", line)
		}
		values[name] = v
	}
	for _, ev := range evs {
		if ev.CallID != "" && strings.Contains(page, ev.CallID) {
			t.Errorf("/metrics names call %s", ev.CallID)
		}
	}
	for _, s := range []string{"127.0.0.1", "4512345678", "sip:"} {
		if strings.Contains(page, s) {
			t.Errorf("/metrics contains %q", s)
		}
	}
	for _, name := range []string{"earshot_calls_active", "earshot_calls_total", "earshot_rtp_packets_received_total",
		"earshot_rtp_packets_lost_total", "earshot_rtp_jitter_seconds_count", "earshot_call_mos_count",
		"earshot_pipeline_latency_seconds_count", "earshot_stt_realtime_factor_count"} {
		if _, ok := values[name]; !ok {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if during {
		if values["earshot_calls_active"] < 4 || values["earshot_rtp_packets_received_total"] == 0 || values["earshot_rtp_jitter_seconds_count"] == 0 {
			t.Errorf("during the calls: %v", values)
		}
		return
	}
	if values["earshot_calls_active"] != 0 || values["earshot_call_mos_count"] < 4 || values["earshot_stt_realtime_factor_count"] < 4 ||
		values["earshot_pipeline_latency_seconds_count"] == 0 || values["earshot_rtp_packets_lost_total"] == 0 {
		t.Errorf("after the calls: %v", values)
	}
	t.Logf("metrics after the calls: %v", values)
}

// runSipp places one call with sipp's RFC 2833 captures.
func runSipp(ctx context.Context, sipp, dir string, sipPort int) ([]byte, error) {
	scenario, err := filepath.Abs("testdata/dtmf_rfc2833.xml")
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(sctx, sipp, "-sf", scenario, "-m", "1", "-s", "bot",
		fmt.Sprintf("127.0.0.1:%d", sipPort), "-i", "127.0.0.1", "-p", strconv.Itoa(freePort("udp")),
		"-mi", "127.0.0.1", "-mp", strconv.Itoa(freePort("udp")&^1),
		"-timeout", "25s", "-timeout_error", "-nostdin", "-trace_err")
	cmd.Dir = dir
	return cmd.CombinedOutput()
}

func freePort(network string) int {
	c, err := net.ListenPacket(network, "127.0.0.1:0")
	if err != nil {
		return 0
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// dtmfWithSensitiveStep places a PCMA call that presses 1, then 3 5 7 in
// a sensitive step opened and closed through the API, then 9, and returns
// the server's ID of the call.
func dtmfWithSensitiveStep(t *testing.T, ctx context.Context, log *eventLog, base, token, target string) string {
	t.Helper()
	cc, err := sip.Dial(ctx, sip.ClientConfig{Target: target, Codecs: []string{sip.CodecPCMA}, From: "+4512345678"})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer cc.Close()
	var id string
	log.wait(t, "the PCMA call to start", 20*time.Second, func(evs []events.Event) bool {
		for _, ev := range evs {
			if ev.Type == events.CallStarted && ev.Codec == sip.CodecPCMA && countType(ofCall(evs, ev.CallID), events.CallEnded) == 0 {
				id = ev.CallID
				return true
			}
		}
		return false
	})
	audio := func(n int) {
		for range n {
			if err := cc.SendRTP(make([]byte, 160), 160, false); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	press := func(keys string) {
		for _, k := range keys {
			if err := cc.SendDTMF(k, 100*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			audio(3)
		}
	}
	mode := func(on bool) {
		req, err := http.NewRequest("POST", base+"/api/v1/calls/"+id+"/dtmf-mode", strings.NewReader(fmt.Sprintf(`{"sensitive":%v}`, on)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("dtmf-mode %v: %s", on, resp.Status)
		}
	}
	audio(5)
	press("1")
	log.wait(t, "the first key", 10*time.Second, func(evs []events.Event) bool { return dtmfText(ofCall(evs, id)) == "1" })
	mode(true)
	press("357")
	audio(10) // the last key's end packets are in before the step closes
	mode(false)
	press("9")
	audio(5)
	if _, err := cc.Hangup(ctx); err != nil {
		t.Fatal(err)
	}
	return id
}

// waitReady polls url until it answers 200; if the server goroutine ends
// first it fails with what why returns (its error and log).
func waitReady(t *testing.T, url string, served <-chan struct{}, why func() string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-served:
			t.Fatalf("serve exited before it was ready: %s", why())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("%s not ready", url)
}

// checkStoredQuality reads the call's stored quality through the API: it
// is the last report the console saw.
func checkStoredQuality(t *testing.T, base, token, id string, last events.Event) {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/api/v1/calls/"+id+"/quality", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got []struct {
		Leg   string `json:"leg"`
		Stats struct {
			PacketsLost     int64   `json:"packetsLost"`
			PacketsReceived uint64  `json:"packetsReceived"`
			MOS             float64 `json:"mos"`
		} `json:"stats"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("quality API: %s: %v", resp.Status, err)
	}
	if len(got) != 1 || got[0].Leg != last.Leg || got[0].Stats.PacketsLost != last.Stats.PacketsLost ||
		got[0].Stats.PacketsReceived != last.Stats.PacketsReceived || got[0].Stats.MOS != last.Stats.MOS {
		t.Errorf("stored quality %+v, last quality event %+v", got, *last.Stats)
	}
}
