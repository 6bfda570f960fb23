package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/resample"
	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/stt/wer"
)

const librivoxDir = "/usr/share/pocketsphinx/test/data/librivox"

// cardDigits are the digits spoken in testdata/card.wav.
const cardDigits = "4539148803436467"

var digitWords = []string{"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

// TestEndToEndSIPCall runs `earshot serve` and places two real SIP calls
// with `earshot call`: recorded human speech over PCMU and synthetic speech
// with a card number over PCMA, both in real time. It asserts what a
// console sees on the websocket and what the server leaves on disk.
func TestEndToEndSIPCall(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end call runs in real time (~40 s); skipped with -short")
	}
	requireFile(t, filepath.Join(librivoxDir, "transcription"), "pocketsphinx-testdata (scripts/deps.sh test)")

	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	tmpDir := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmpDir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmpDir) // anything the server writes to temp lands where we scan

	// Speech under test: the librivox files joined with 1 s pauses.
	speech, reference := librivoxSpeech(t)
	speechWAV := filepath.Join(dir, "librivox.wav")
	writeWAV(t, speechWAV, 16000, speech)
	card := readWAV(t, "testdata/card.wav")

	// The baseline: `earshot transcribe` on the same speech as G.711.
	ulawWAV := filepath.Join(dir, "librivox-ulaw.wav")
	writeUlawWAV(t, ulawWAV, mustResample(t, speech, 16000, 8000))
	baseline := transcribeText(t, ulawWAV)
	baseWER := wer.Compute(reference, baseline).WER
	t.Logf("earshot transcribe (G.711 file): WER %.3f: %q", baseWER, baseline)

	sipPort, httpPort := freeUDPTCPPort(t), freeTCPPort(t)
	token := "e2e-test-token-0123456789"
	ctx, cancel := context.WithCancel(t.Context())
	var serveErr error
	var serveOut, serveLog syncBuffer
	served := make(chan struct{})
	go func() {
		defer close(served)
		serveErr = run(ctx, []string{"serve",
			"--sip-addr", fmt.Sprintf("127.0.0.1:%d", sipPort),
			"--http-addr", fmt.Sprintf("127.0.0.1:%d", httpPort),
			"--data-dir", dataDir, "--admin-token", token,
			"--rtp-ports", "31000-31099", "--stt-streams", "2", "--log-level", "debug",
		}, nil, &serveOut, &serveLog)
	}()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	waitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/healthz", httpPort), served)

	// Without a token the event stream refuses the connection.
	wsURL := fmt.Sprintf("ws://127.0.0.1:%d/api/v1/events", httpPort)
	if _, resp, err := websocket.DefaultDialer.Dial(wsURL, nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("websocket without token: err=%v resp=%v, want 401", err, resp)
	}
	ws, _, err := websocket.DefaultDialer.Dial(wsURL, http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatalf("websocket: %v", err)
	}
	defer ws.Close()
	evc := make(chan events.Event, 1024)
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

	cardWAV := filepath.Join(dir, "card.wav")
	writeWAV(t, cardWAV, 16000, card)
	target := fmt.Sprintf("sip:bot@127.0.0.1:%d", sipPort)
	var wg sync.WaitGroup
	callOut := make([]syncBuffer, 2)
	callErr := make([]error, 2)
	for i, c := range []struct{ audio, codec string }{{speechWAV, "pcmu"}, {cardWAV, "pcma"}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			callErr[i] = run(ctx, []string{"call", "--audio", c.audio, "--codec", c.codec, "--from", "+4512345678", target}, nil, &callOut[i], &callOut[i])
		}()
	}

	// Collect until both calls have ended.
	byCall := map[string][]events.Event{}
	codecOf := map[string]string{}
	ended := 0
	timeout := time.After(90 * time.Second)
	for ended < 2 {
		select {
		case ev, ok := <-evc:
			if !ok {
				t.Fatal("event stream closed early")
			}
			byCall[ev.CallID] = append(byCall[ev.CallID], ev)
			switch ev.Type {
			case events.CallStarted:
				codecOf[ev.CallID] = ev.Codec
			case events.CallEnded:
				ended++
			}
		case <-timeout:
			t.Fatalf("timed out waiting for call.ended; events so far: %d calls", len(byCall))
		}
	}
	wg.Wait()
	for i := range callErr {
		if callErr[i] != nil {
			t.Fatalf("earshot call %d: %v\n%s", i, callErr[i], callOut[i].String())
		}
		if !strings.Contains(callOut[i].String(), "BYE answered 200") {
			t.Errorf("earshot call %d output lacks the BYE outcome:\n%s", i, callOut[i].String())
		}
	}

	var speechCall, cardCall string
	for id, c := range codecOf {
		switch c {
		case "PCMU":
			speechCall = id
		case "PCMA":
			cardCall = id
		}
	}
	if speechCall == "" || cardCall == "" {
		t.Fatalf("call.started codecs = %v, want one PCMU and one PCMA call", codecOf)
	}

	for id, evs := range byCall {
		checkEventOrder(t, id, evs)
	}

	// Recorded speech: partials and finals arrive, and the network path
	// costs no accuracy against the file path.
	finals := finalText(byCall[speechCall])
	callWER := wer.Compute(reference, finals).WER
	t.Logf("SIP call (PCMU): WER %.3f: %q", callWER, finals)
	if countType(byCall[speechCall], events.TranscriptPartial) == 0 {
		t.Error("no transcript.partial events for the speech call")
	}
	if callWER > 1.1*baseWER+0.02 {
		t.Errorf("SIP call WER %.3f is worse than 1.1 x transcribe's %.3f", callWER, baseWER)
	}

	// Synthetic speech with a card number: no digit of it in any event,
	// and the number was in fact heard and redacted.
	cardEvents := byCall[cardCall]
	redacted := false
	for _, ev := range cardEvents {
		if leak := cardLeak(ev.Text); leak != "" {
			t.Errorf("%s event leaks %q: %q", ev.Type, leak, ev.Text)
		}
		for _, e := range ev.Entities {
			if e.Type == "CARD_NUMBER" && ev.Type == events.TranscriptFinal {
				redacted = true
			}
			if e.Start < 0 || e.End > len(ev.Text) || ev.Text[e.Start:e.End] != "["+e.Type+"]" {
				t.Errorf("entity %+v does not point at its label in %q", e, ev.Text)
			}
		}
	}
	if !redacted {
		t.Errorf("no CARD_NUMBER entity in the card call's finals: %q", finalText(cardEvents))
	}
	t.Logf("card call finals: %q", finalText(cardEvents))

	// The store holds the redacted finals.
	checkStoredTranscript(t, httpPort, token, speechCall, byCall[speechCall])

	cancel()
	<-served
	if serveErr != nil {
		t.Fatalf("serve: %v\n%s", serveErr, serveLog.String())
	}

	// No audio anywhere: no file under the data dir or temp dir holds any
	// stretch of the audio we sent, as G.711 or as PCM.
	checkNoAudioWritten(t, []string{dataDir, tmpDir}, speech, card)

	// Logs carry no transcript text, card digits or caller number.
	logs := serveLog.String()
	for _, s := range []string{"dashwood", "amiable", "+4512345678", "4512345678", "4539"} {
		if strings.Contains(strings.ToLower(logs), s) {
			t.Errorf("server log contains %q", s)
		}
	}
	if strings.Contains(serveOut.String(), "Admin token") {
		t.Error("serve printed a generated token although --admin-token was given")
	}
}

func checkEventOrder(t *testing.T, id string, evs []events.Event) {
	t.Helper()
	if len(evs) == 0 || evs[0].Type != events.CallStarted {
		t.Errorf("call %s: first event is not call.started", id)
		return
	}
	if last := evs[len(evs)-1]; last.Type != events.CallEnded || last.Reason != "bye" {
		t.Errorf("call %s: last event = %s (%s), want call.ended after BYE", id, last.Type, last.Reason)
	}
	for _, ev := range evs {
		if ev.TS.IsZero() || ev.CallID != id {
			t.Errorf("call %s: event %s lacks ts or call_id", id, ev.Type)
		}
		if (ev.Type == events.TranscriptFinal || ev.Type == events.TranscriptPartial) && (ev.Text == "" || ev.EndMS < ev.StartMS) {
			t.Errorf("call %s: transcript event %+v lacks text or has bad times", id, ev)
		}
	}
}

func finalText(evs []events.Event) string {
	var parts []string
	for _, ev := range evs {
		if ev.Type == events.TranscriptFinal {
			parts = append(parts, ev.Text)
		}
	}
	return strings.Join(parts, " ")
}

func countType(evs []events.Event, typ string) int {
	n := 0
	for _, ev := range evs {
		if ev.Type == typ {
			n++
		}
	}
	return n
}

var digitRE = regexp.MustCompile(`[0-9]`)

// cardLeak reports a digit or digit word in text: in the card call nothing
// but the card number is numeric, so any of them is a leaked digit.
func cardLeak(text string) string {
	if d := digitRE.FindString(text); d != "" && strings.Contains(cardDigits, d) {
		return d
	}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		for _, dw := range digitWords {
			if w == dw {
				return w
			}
		}
	}
	return ""
}

func checkStoredTranscript(t *testing.T, httpPort int, token, callID string, evs []events.Event) {
	t.Helper()
	req, err := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/api/v1/calls/%s/transcript", httpPort, callID), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("transcript API: %s", resp.Status)
	}
	var segs []struct {
		Seq  int    `json:"seq"`
		Text string `json:"text"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&segs); err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, s := range segs {
		stored = append(stored, s.Text)
	}
	if got, want := strings.Join(stored, " "), finalText(evs); got != want {
		t.Errorf("stored transcript %q != finals on the websocket %q", got, want)
	}
}

// checkNoAudioWritten scans every regular file under dirs for any 32-byte
// stretch of the audio (as mu-law, A-law or 16-bit PCM at 8 and 16 kHz).
func checkNoAudioWritten(t *testing.T, dirs []string, clips ...[]int16) {
	t.Helper()
	const win = 32
	needles := map[string]struct{}{}
	addWindows := func(b []byte) {
		for i := 0; i+win <= len(b); i += win / 2 {
			w := b[i : i+win]
			if distinctBytes(w) < 8 {
				// Near-silence (a few values around zero) also occurs in
				// any database page; only windows with real signal count.
				continue
			}
			needles[string(w)] = struct{}{}
		}
	}
	for _, clip := range clips {
		nb := mustResample(t, clip, 16000, 8000)
		addWindows(g711.EncodeUlaw(pcmBytes(nb)))
		addWindows(g711.EncodeAlaw(pcmBytes(nb)))
		addWindows(pcmBytes(nb))
		addWindows(pcmBytes(clip))
	}
	files := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			files++
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i := 0; i+win <= len(data); i++ {
				if _, ok := needles[string(data[i:i+win])]; ok {
					t.Errorf("%s holds audio at offset %d: % x", path, i, data[i:i+win])
					return nil
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files == 0 {
		t.Fatal("no files scanned: the data directory should at least hold the database")
	}
	t.Logf("scanned %d files for %d audio windows: none found", files, len(needles))
}

func librivoxSpeech(t *testing.T) ([]int16, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(librivoxDir, "transcription"))
	if err != nil {
		t.Fatal(err)
	}
	var samples []int16
	var ref []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		open := strings.LastIndex(line, "(")
		id := strings.Trim(line[open:], "() ")
		text := strings.NewReplacer("<s>", "", "</s>", "").Replace(line[:open])
		a := readWAV(t, filepath.Join(librivoxDir, id+".wav"))
		samples = append(samples, a...)
		samples = append(samples, make([]int16, 16000)...)
		ref = append(ref, strings.TrimSpace(text))
	}
	return samples, strings.Join(ref, " ")
}

func transcribeText(t *testing.T, path string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"transcribe", path}, nil, &out, &errOut); err != nil {
		t.Fatalf("transcribe: %v\n%s", err, errOut.String())
	}
	var parts []string
	dec := json.NewDecoder(&out)
	for dec.More() {
		var s segmentJSON
		if err := dec.Decode(&s); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, s.Text)
	}
	return strings.Join(parts, " ")
}

func readWAV(t *testing.T, path string) []int16 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := wav.Read(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if a.Rate != 16000 {
		return mustResample(t, a.Samples, a.Rate, 16000)
	}
	return a.Samples
}

func writeWAV(t *testing.T, path string, rate int, samples []int16) {
	t.Helper()
	var b bytes.Buffer
	if err := wav.Write(&b, rate, samples); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeUlawWAV writes an 8 kHz G.711 mu-law WAV (format tag 7).
func writeUlawWAV(t *testing.T, path string, samples []int16) {
	t.Helper()
	data := g711.EncodeUlaw(pcmBytes(samples))
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("RIFF")
	b.Write(le.AppendUint32(nil, uint32(4+8+18+8+len(data))))
	b.WriteString("WAVEfmt ")
	b.Write(le.AppendUint32(nil, 18))
	for _, v := range []uint16{7, 1} {
		b.Write(le.AppendUint16(nil, v))
	}
	b.Write(le.AppendUint32(nil, 8000))
	b.Write(le.AppendUint32(nil, 8000))
	for _, v := range []uint16{1, 8, 0} {
		b.Write(le.AppendUint16(nil, v))
	}
	b.WriteString("data")
	b.Write(le.AppendUint32(nil, uint32(len(data))))
	b.Write(data)
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func pcmBytes(s []int16) []byte {
	b := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

func mustResample(t *testing.T, in []int16, from, to int) []int16 {
	t.Helper()
	out, err := resample.Convert(in, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func requireFile(t *testing.T, path, pkg string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s missing (install %s): %v", path, pkg, err)
	}
}

// freeUDPTCPPort finds a port free for both UDP and TCP on 127.0.0.1.
func freeUDPTCPPort(t *testing.T) int {
	t.Helper()
	for range 50 {
		u, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := u.LocalAddr().(*net.UDPAddr).Port
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		u.Close()
		if err == nil {
			l.Close()
			return port
		}
	}
	t.Fatal("no free UDP+TCP port")
	return 0
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitHTTP polls url until it answers 200 or the server goroutine ends.
func waitHTTP(t *testing.T, url string, served <-chan struct{}) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-served:
			t.Fatal("serve exited before it was ready")
		case <-tick.C:
		}
	}
	t.Fatalf("%s not ready", url)
}

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// distinctBytes counts the different byte values in b.
func distinctBytes(b []byte) int {
	var seen [256]bool
	n := 0
	for _, c := range b {
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	return n
}
