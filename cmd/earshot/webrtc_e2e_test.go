package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/stt/wer"
)

const chromiumPath = "/usr/bin/chromium"

// TestEndToEndChromiumCall opens the caller widget in headless Chromium
// with autostart=1&consent=1, Chromium's fake microphone playing the
// librivox speech; the call arrives over WHIP (Opus), its redacted
// transcript reaches the console websocket with channel webrtc, quality
// events carry the server's and the browser's figures, and the WER of
// this path is compared with the same speech as G.711.
func TestEndToEndChromiumCall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser and a call of ~40 s; skipped with -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("needs Debian's chromium at " + chromiumPath + " (apt-get install chromium)")
	}
	requireFile(t, filepath.Join(librivoxDir, "transcription"), "pocketsphinx-testdata (scripts/deps.sh test)")
	dir := t.TempDir()

	speech, reference := librivoxSpeech(t)
	// Two seconds of silence first: the call connects after the fake
	// microphone has started playing.
	lead := make([]int16, 2*16000)
	speechWAV := filepath.Join(dir, "speech.wav")
	writeWAV(t, speechWAV, 16000, append(lead, speech...))
	seconds := (len(lead) + len(speech)) / 16000

	ulawWAV := filepath.Join(dir, "speech-ulaw.wav")
	writeUlawWAV(t, ulawWAV, mustResample(t, speech, 16000, 8000))
	baseline := wer.Compute(reference, transcribeText(t, ulawWAV)).WER

	sipPort, httpPort := freeUDPTCPPort(t), freeTCPPort(t)
	token := "e2e-test-token-0123456789"
	ctx, cancel := context.WithCancel(t.Context())
	var serveOut, serveLog syncBuffer
	served := make(chan struct{})
	var serveErr error
	go func() {
		defer close(served)
		serveErr = run(ctx, []string{"serve",
			"--sip-addr", fmt.Sprintf("127.0.0.1:%d", sipPort),
			"--http-addr", fmt.Sprintf("127.0.0.1:%d", httpPort),
			"--data-dir", filepath.Join(dir, "data"), "--admin-token", token,
			"--rtp-ports", "31100-31199", "--stt-streams", "1", "--log-level", "debug",
			"--webrtc-ips", "127.0.0.1",
		}, nil, &serveOut, &serveLog)
	}()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	start := time.Now()
	for ready := false; !ready; {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == http.StatusOK
		}
		select {
		case <-served:
			t.Fatalf("serve exited before it was ready: %v", serveErr)
		case <-time.After(50 * time.Millisecond):
		case <-time.After(time.Until(start.Add(60 * time.Second))):
			t.Fatal("serve not ready in 60 s")
		}
	}

	ws, _, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://127.0.0.1:%d/api/v1/events", httpPort),
		http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatalf("websocket: %v", err)
	}
	defer ws.Close()
	evc := make(chan events.Event, 4096)
	go func() {
		defer close(evc)
		for {
			var ev events.Event
			if err := ws.ReadJSON(&ev); err != nil {
				return
			}
			evc <- ev
		}
	}()

	start = time.Now()
	browser := startCallingChromium(t, dir, speechWAV,
		fmt.Sprintf("%s/call/bot?autostart=1&consent=1&hangup=%d", base, seconds+2))
	// consent=1 ticks the box (the call then records the grant).
	browser.waitFor(`document.readyState === "complete" && document.getElementById("consent").checked`)

	var evs []events.Event
	deadline := time.After(time.Duration(seconds+40) * time.Second)
collect:
	for {
		select {
		case ev, ok := <-evc:
			if !ok {
				t.Fatal("event stream closed early")
			}
			evs = append(evs, ev)
			if ev.Type == events.CallEnded {
				break collect
			}
		case <-deadline:
			t.Fatalf("no call.ended within %d s; %d events; server log:\n%s", seconds+40, len(evs), serveLog.String())
		}
	}
	took := time.Since(start)

	var started *events.Event
	for i := range evs {
		if evs[i].Type == events.CallStarted {
			started = &evs[i]
		}
	}
	if started == nil || started.Channel != "webrtc" || started.Codec != "opus" || started.Route != "bot" {
		t.Fatalf("call.started = %+v, want a webrtc opus call on route bot", started)
	}
	if end := evs[len(evs)-1]; end.Channel != "webrtc" || end.Reason != "hangup" {
		t.Errorf("call.ended = %+v, want channel webrtc, reason hangup", end)
	}
	finals := finalText(evs)

	// The caller saw the same redacted captions, a quality score, and
	// the call's end; the widget posted its stats.
	browser.waitFor(`document.getElementById("status").textContent === "Call ended"`)
	browser.waitFor(fmt.Sprintf(`document.querySelectorAll("#captions li").length === %d`, countType(evs, events.TranscriptFinal)))
	if got := browser.evalString(`[...document.querySelectorAll("#captions li")].map(li => li.textContent).join(" ")`); got != finals {
		t.Errorf("widget captions %q\nwant the console's %q", got, finals)
	}
	mos := browser.evalString(`document.getElementById("quality").dataset.mos`)
	posted := browser.evalString(`document.body.dataset.statsPosted || ""`)
	t.Logf("widget: quality %q (MOS %s), stats posted %s times", browser.evalString(`document.getElementById("quality").textContent`), mos, posted)
	if mos == "" || posted == "" || posted == "0" {
		t.Errorf("widget shows MOS %q after %q stats posts", mos, posted)
	}
	if got := string(browser.eval(`document.getElementById("call").disabled === false && document.getElementById("hangup").disabled === true`)); got != "true" {
		t.Error("widget buttons not back to idle after the call")
	}
	browser.stop()

	w := wer.Compute(reference, finals).WER
	t.Logf("Chromium WebRTC call (Opus, wideband): WER %.3f (G.711 file baseline %.3f), %d s of audio, call took %s: %q",
		w, baseline, seconds, took.Round(time.Millisecond), finals)
	if countType(evs, events.TranscriptPartial) == 0 || finals == "" {
		t.Fatal("no transcript from the browser call")
	}
	if w >= baseline {
		t.Errorf("WebRTC WER %.3f is not better than G.711's %.3f", w, baseline)
	}

	var server, client bool
	var last *events.Event
	for i, ev := range evs {
		if ev.Type != events.Quality || ev.Stats == nil {
			continue
		}
		last = &evs[i]
		server = server || (ev.Stats.PacketsReceived > 0 && ev.Stats.MOS > 0)
		client = client || (ev.Stats.Client != nil && ev.Stats.Client.Reports > 0 && ev.Stats.Client.PacketsSent > 0)
	}
	if !server || !client {
		t.Fatalf("quality events: server figures %v, client figures %v", server, client)
	}
	cl := last.Stats.Client
	t.Logf("last quality: MOS %.2f, received %d, lost %d, discarded %d, concealed %d samples in %d events, jitter %.4f s; client %+v",
		last.Stats.MOS, last.Stats.PacketsReceived, last.Stats.PacketsLost, last.Stats.PacketsDiscarded,
		last.Stats.ConcealedSamples, last.Stats.ConcealmentEvents, last.Stats.Jitter, *cl)
	if cl.Browser != "Chrome" || cl.BrowserVersion == "" || len(cl.AddrHash) != 16 {
		t.Errorf("client identity %q %q %q: want Chrome, a version and an address hash", cl.Browser, cl.BrowserVersion, cl.AddrHash)
	}
	if cl.CurrentRoundTripTime == nil || cl.TotalSamplesDuration <= 0 {
		t.Errorf("client figures without candidate-pair RTT or captured audio: %+v", cl)
	}

	// consent=1 in the widget: the caller's grant is recorded and shown.
	consented := false
	for _, ev := range evs {
		consented = consented || (ev.Type == events.Consent && ev.State == "granted" && ev.Method == "api")
	}
	if !consented {
		t.Error("no consent event granting the recording")
	}
	// No caller address in any event, nor in the log (which names only
	// our own listeners, in the startup line).
	for _, ev := range evs {
		b, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "127.0.0.1") {
			t.Errorf("event holds an address: %s", b)
		}
	}
	// Stop the server, so that the store is written out, and scan it.
	cancel()
	<-served
	for _, line := range strings.Split(serveLog.String(), "\n") {
		if strings.Contains(line, "127.0.0.1") && !strings.Contains(line, "earshot serving") {
			t.Errorf("log line holds an address: %s", line)
		}
	}
	err = filepath.Walk(filepath.Join(dir, "data"), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("127.0.0.1")) {
			t.Errorf("%s holds the caller's address", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// page is a headless Chromium showing one page, driven over the DevTools
// protocol.
type page struct {
	t    *testing.T
	conn *websocket.Conn
	id   int
	stop func()
}

// startCallingChromium runs headless Chromium on pageURL with a fake
// microphone playing wav.
func startCallingChromium(t *testing.T, dir, wav, pageURL string) *page {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, chromiumPath,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
		"--use-file-for-fake-audio-capture="+wav,
		"--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
		"--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
		"--user-data-dir="+filepath.Join(dir, "chromium"), pageURL)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	exited := make(chan struct{})
	devtools := make(chan string, 1)
	go func() {
		defer close(exited)
		re := regexp.MustCompile(`DevTools listening on ws://([^/\s]+)/`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				devtools <- m[1]
			}
		}
		_ = cmd.Wait()
	}()
	p := &page{t: t}
	stopped := false
	p.stop = func() {
		if stopped {
			return
		}
		stopped = true
		if p.conn != nil {
			p.conn.Close()
		}
		cancel()
		<-exited
	}
	t.Cleanup(p.stop)
	var hostPort string
	select {
	case hostPort = <-devtools:
	case <-exited:
		t.Fatal("chromium exited before DevTools was ready")
	case <-time.After(30 * time.Second):
		t.Fatal("chromium did not start DevTools")
	}
	// The page's own DevTools socket, from the target list.
	resp, err := http.Get("http://" + hostPort + "/json/list")
	if err != nil {
		t.Fatal(err)
	}
	var targets []struct {
		Type, URL            string
		WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
	}
	err = json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		if tg.Type == "page" && strings.Contains(tg.URL, "/call/") {
			p.conn, _, err = websocket.DefaultDialer.Dial(tg.WebSocketDebuggerURL, nil)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	t.Fatalf("no widget page among the DevTools targets %+v", targets)
	return nil
}

// eval returns the value of a JavaScript expression in the page.
func (p *page) eval(expr string) json.RawMessage {
	p.t.Helper()
	p.id++
	msg := map[string]any{"id": p.id, "method": "Runtime.evaluate",
		"params": map[string]any{"expression": expr, "returnByValue": true}}
	if err := p.conn.SetWriteDeadline(time.Now().Add(10 * time.Second)); err != nil {
		p.t.Fatal(err)
	}
	if err := p.conn.WriteJSON(msg); err != nil {
		p.t.Fatal(err)
	}
	if err := p.conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		p.t.Fatal(err)
	}
	for {
		var reply struct {
			ID     int `json:"id"`
			Result struct {
				Result struct {
					Value json.RawMessage `json:"value"`
				} `json:"result"`
			} `json:"result"`
		}
		if err := p.conn.ReadJSON(&reply); err != nil {
			p.t.Fatalf("DevTools: %v", err)
		}
		if reply.ID == p.id {
			return reply.Result.Result.Value
		}
	}
}

// waitFor polls a JavaScript condition until it holds, for up to 20 s.
func (p *page) waitFor(cond string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for string(p.eval("Boolean("+cond+")")) != "true" {
		if time.Now().After(deadline) {
			p.t.Fatalf("page: timed out waiting for %s", cond)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// evalString returns a string-valued expression.
func (p *page) evalString(expr string) string {
	p.t.Helper()
	var s string
	if err := json.Unmarshal(p.eval(expr), &s); err != nil {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return s
}
