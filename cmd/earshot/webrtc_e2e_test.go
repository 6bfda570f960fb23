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
	go func() {
		defer close(served)
		_ = run(ctx, []string{"serve",
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
	waitHTTP(t, base+"/healthz", served)

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

	start := time.Now()
	stopBrowser := startCallingChromium(t, dir, speechWAV,
		fmt.Sprintf("%s/call/bot?autostart=1&consent=1&hangup=%d", base, seconds+2))
	defer stopBrowser()

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
	stopBrowser()

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
	t.Logf("last quality: MOS %.2f, received %d, lost %d, jitter %.4f s; client %+v",
		last.Stats.MOS, last.Stats.PacketsReceived, last.Stats.PacketsLost, last.Stats.Jitter, *cl)
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

// startCallingChromium runs headless Chromium on pageURL with a fake
// microphone playing wav; the returned function stops it (idempotent).
func startCallingChromium(t *testing.T, dir, wav, pageURL string) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, chromiumPath,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
		"--use-file-for-fake-audio-capture="+wav,
		"--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
		"--autoplay-policy=no-user-gesture-required",
		"--remote-debugging-port=0", "--user-data-dir="+filepath.Join(dir, "chromium"), pageURL)
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
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
		}
		_ = cmd.Wait()
	}()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		<-exited
	}
	t.Cleanup(stop)
	return stop
}
