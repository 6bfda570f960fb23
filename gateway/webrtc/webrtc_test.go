package webrtc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/media/opus"
	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
	"github.com/earshot/earshot/stt/pocketsphinx"
	"github.com/earshot/earshot/stt/sttest"
	"github.com/earshot/earshot/stt/wer"
)

const librivoxDir = "/usr/share/pocketsphinx/test/data/librivox"

// syncBuffer is a log sink safe for concurrent writers.
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

type fixture struct {
	srv  *Server
	ts   *httptest.Server
	bus  *events.Bus
	st   store.Store
	dir  string
	logs *syncBuffer
}

func newFixture(t *testing.T, engine stt.Engine) *fixture {
	t.Helper()
	f := &fixture{bus: events.NewBus(), dir: t.TempDir(), logs: &syncBuffer{}}
	log := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	st, err := store.Open(t.Context(), "", f.dir, log)
	if err != nil {
		t.Fatal(err)
	}
	f.st = st
	f.srv, err = New(Config{Narrowband: engine, Bus: f.bus, Store: st, Log: log,
		ICEAddrs: []net.IP{net.IPv4(127, 0, 0, 1)}, QualityInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(func() {
		if err := f.srv.Close(); err != nil {
			t.Error(err)
		}
		f.ts.Close()
		f.bus.Close()
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return f
}

func TestOfferRefused(t *testing.T) {
	f := newFixture(t, sttest.NewEngine())
	video := "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AA:BB\r\n" +
		"m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n"
	noFP := "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" +
		"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n"
	for _, tc := range []struct {
		name, path, ctype, body string
		status                  int
		reason                  string
	}{
		{"wrong content type", "/whip/bot", "application/json", "{}", http.StatusUnsupportedMediaType, "application/sdp"},
		{"malformed", "/whip/bot", "application/sdp", "this is not SDP", http.StatusBadRequest, "malformed SDP offer"},
		{"no audio", "/whip/bot", "application/sdp", video, http.StatusBadRequest, "no audio"},
		{"no fingerprint", "/whip/bot", "application/sdp", noFP, http.StatusBadRequest, "DTLS"},
		{"unknown route", "/whip/nobody", "application/sdp", noFP, http.StatusNotFound, "route"},
		{"bad consent", "/whip/bot?consent=maybe", "application/sdp", noFP, http.StatusBadRequest, "consent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(f.ts.URL+tc.path, tc.ctype, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.reason) {
				t.Fatalf("status %d %q, want %d with %q", resp.StatusCode, body, tc.status, tc.reason)
			}
		})
	}
	if n := f.srv.ActiveCalls(); n != 0 {
		t.Fatalf("%d calls after refused offers", n)
	}
}

func FuzzCheckOffer(f *testing.F) {
	f.Add("this is not SDP")
	f.Add("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AA\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n")
	f.Add("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n")
	f.Fuzz(func(t *testing.T, offer string) {
		err := checkOffer([]byte(offer))
		var oe *offerError
		if err != nil && (!errors.As(err, &oe) || oe.status != http.StatusBadRequest || oe.msg == "") {
			t.Fatalf("checkOffer(%q) = %v, want a 400 with a reason", offer, err)
		}
	})
}

func TestBrowserOf(t *testing.T) {
	for _, tc := range []struct{ ua, family, version string }{
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.7444.59 Safari/537.36", "Chrome", "142"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "Edge", "120"},
		{"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox", "128"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Safari", "17"},
		{"Go-http-client/1.1", "other", ""},
		{"", "", ""},
	} {
		if f, v := browserOf(tc.ua); f != tc.family || v != tc.version {
			t.Errorf("browserOf(%q) = %q %q, want %q %q", tc.ua, f, v, tc.family, tc.version)
		}
	}
}

// speech returns the first n librivox utterances at 16 kHz joined with
// 1 s pauses, and their reference text.
func speech(t *testing.T, n int) ([]int16, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(librivoxDir, "transcription"))
	if err != nil {
		t.Skip("needs pocketsphinx-testdata (scripts/deps.sh test): " + err.Error())
	}
	var samples []int16
	var ref []string
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i == n {
			break
		}
		open := strings.LastIndex(line, "(")
		id := strings.Trim(line[open:], "() ")
		fh, err := os.Open(filepath.Join(librivoxDir, id+".wav"))
		if err != nil {
			t.Fatal(err)
		}
		a, err := wav.Read(fh)
		fh.Close()
		if err != nil || a.Rate != 16000 {
			t.Fatalf("%s: %v (rate %d)", id, err, a.Rate)
		}
		samples = append(samples, a.Samples...)
		samples = append(samples, make([]int16, 16000)...)
		ref = append(ref, strings.TrimSpace(strings.NewReplacer("<s>", "", "</s>", "").Replace(line[:open])))
	}
	return samples, strings.Join(ref, " ")
}

// whipClient is a pion WHIP sender on loopback.
type whipClient struct {
	pc        *webrtc.PeerConnection
	track     *webrtc.TrackLocalStaticRTP
	connected chan struct{}
	resource  string
	token     string
	callID    string
}

// dialWHIP places an Opus call.
func dialWHIP(t *testing.T, url string) *whipClient {
	t.Helper()
	return dialCodec(t, url, codecs[0])
}

// dialCodec places a call offering only codec.
func dialCodec(t *testing.T, url string, codec webrtc.RTPCodecParameters) *whipClient {
	t.Helper()
	m := &webrtc.MediaEngine{}
	if err := m.RegisterCodec(codec, webrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetICEMulticastDNSMode(0)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() && ip.To4() != nil })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	api := webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithSettingEngine(se))
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	track, err := webrtc.NewTrackLocalStaticRTP(codec.RTPCodecCapability, "audio", "earshot-test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pc.AddTransceiverFromTrack(track, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly}); err != nil {
		t.Fatal(err)
	}
	c := &whipClient{pc: pc, track: track, connected: make(chan struct{})}
	var once sync.Once
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		if s == webrtc.PeerConnectionStateConnected {
			once.Do(func() { close(c.connected) })
		}
	})
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-gathered
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(pc.LocalDescription().SDP))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/sdp")
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/142.0.1.2 Safari/537.36")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Content-Type") != "application/sdp" {
		t.Fatalf("WHIP POST: %d %s", resp.StatusCode, answer)
	}
	c.resource = resp.Header.Get("Location")
	c.callID = resp.Header.Get(HeaderCallID)
	c.token = c.resource[strings.LastIndex(c.resource, "/")+1:]
	if !strings.HasPrefix(c.resource, "/whip/sessions/") || c.callID == "" || len(c.token) < 32 {
		t.Fatalf("WHIP answer: Location %q, call %q", c.resource, c.callID)
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: string(answer)}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.connected:
	case <-time.After(15 * time.Second):
		t.Fatal("WHIP call did not connect")
	}
	return c
}

// send encodes pcm (16 kHz) as 20 ms Opus packets, then sends them on a
// real-time schedule after a few padding-only packets as browsers send.
// Encoding first keeps the pace when the race detector slows the CPU.
func (c *whipClient) send(t *testing.T, pcm []int16) {
	t.Helper()
	enc, err := opus.NewEncoder(16000, opus.AppVoIP)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	if err := enc.SetInbandFEC(true); err != nil {
		t.Fatal(err)
	}
	var packets [][]byte
	buf := make([]byte, opus.MaxPacketBytes)
	for i := 0; i+320 <= len(pcm); i += 320 {
		n, err := enc.Encode(buf, pcm[i:i+320])
		if err != nil {
			t.Fatal(err)
		}
		packets = append(packets, append([]byte(nil), buf[:n]...))
	}
	var seq uint16 = 1000
	var ts uint32 = 5000
	for range 3 {
		if err := c.track.WriteRTP(&rtp.Packet{Header: rtp.Header{Version: 2, SequenceNumber: seq, Timestamp: ts}}); err != nil {
			t.Fatal(err)
		}
		seq++
	}
	start := time.Now()
	for i, p := range packets {
		if d := time.Until(start.Add(time.Duration(i) * 20 * time.Millisecond)); d > 0 {
			time.Sleep(d)
		}
		if err := c.track.WriteRTP(&rtp.Packet{Header: rtp.Header{Version: 2, SequenceNumber: seq, Timestamp: ts, Marker: i == 0}, Payload: p}); err != nil {
			t.Fatal(err)
		}
		seq++
		ts += 960
	}
}

func (c *whipClient) postStats(t *testing.T, base, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/calls/"+c.callID+"/stats", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestPionClientCall places a call with a pion WHIP client streaming
// Opus-encoded speech: the call is transcribed with channel webrtc,
// client stats merge into the quality events, captions reach the
// caller's stream, DELETE ends the call, and no raw address appears in
// events, logs or the store.
func TestPionClientCall(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 12 s of speech in real time; skipped with -short")
	}
	pcm, reference := speech(t, 2)
	if _, err := os.Stat(pocketsphinx.DefaultModelDir); err != nil {
		t.Skip("needs the pocketsphinx model (scripts/deps.sh): " + err.Error())
	}
	engine, err := pocketsphinx.New(pocketsphinx.Options{Profile: pocketsphinx.Wideband, PoolSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = engine.Close() })
	f := newFixture(t, engine)
	sub := f.bus.Subscribe(4096, nil)

	c := dialWHIP(t, f.ts.URL+"/whip/bot")

	// The caller's caption stream, with the call's token.
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/api/v1/calls/"+c.callID+"/captions", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	capResp, err := http.DefaultClient.Do(req)
	if err != nil || capResp.StatusCode != http.StatusOK {
		t.Fatalf("captions: %v %v", err, capResp)
	}
	captions := make(chan []string, 1)
	go func() {
		defer capResp.Body.Close()
		var lines []string
		sc := bufio.NewScanner(capResp.Body)
		for sc.Scan() {
			if l, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				lines = append(lines, l)
			}
		}
		captions <- lines
	}()

	// A wrong token is refused; a summary with extra fields (an address)
	// is taken without them.
	wrong := *c
	wrong.token = strings.Repeat("0", len(c.token))
	if code := wrong.postStats(t, f.ts.URL, `{}`); code != http.StatusNotFound {
		t.Fatalf("stats with a wrong token: %d", code)
	}
	stats := `{"outbound":{"packetsSent":42,"bytesSent":4200},"source":{"audioLevel":0.2,"totalSamplesDuration":1.5},
		"candidatePair":{"currentRoundTripTime":0.003,"localAddress":"127.0.0.1","remoteAddress":"127.0.0.1"},
		"remoteInbound":{"packetsLost":1,"jitter":0.002,"fractionLost":0,"roundTripTime":0.004},"address":"127.0.0.1"}`
	if code := c.postStats(t, f.ts.URL, stats); code != http.StatusNoContent {
		t.Fatalf("stats: %d", code)
	}

	start := time.Now()
	c.send(t, pcm)
	// Let the recogniser finish the last utterance, then hang up.
	time.Sleep(time.Second)
	dreq, _ := http.NewRequest(http.MethodDelete, f.ts.URL+c.resource, nil)
	dresp, err := http.DefaultClient.Do(dreq)
	if err != nil || dresp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE: %v %v", err, dresp)
	}
	dresp.Body.Close()
	t.Logf("call of %.1f s audio took %s", float64(len(pcm))/16000, time.Since(start).Round(time.Millisecond))
	if n := f.srv.ActiveCalls(); n != 0 {
		t.Fatalf("%d calls after DELETE", n)
	}

	var evs []events.Event
	var all bytes.Buffer
	ended := false
	for !ended {
		select {
		case ev := <-sub.C():
			evs = append(evs, ev)
			b, _ := json.Marshal(ev)
			all.Write(append(b, '\n'))
			ended = ev.Type == events.CallEnded
		case <-time.After(10 * time.Second):
			t.Fatalf("no call.ended; events:\n%s", all.String())
		}
	}
	var finals []string
	var lastQuality *events.Event
	for i, ev := range evs {
		if ev.CallID != c.callID {
			t.Errorf("event for another call: %+v", ev)
		}
		switch ev.Type {
		case events.CallStarted:
			if ev.Channel != Channel || ev.Codec != "opus" || ev.Route != "bot" {
				t.Errorf("call.started = %+v, want channel webrtc, codec opus, route bot", ev)
			}
		case events.CallEnded:
			if ev.Channel != Channel || ev.Reason != "hangup" {
				t.Errorf("call.ended = %+v", ev)
			}
		case events.TranscriptFinal:
			finals = append(finals, ev.Text)
		case events.Quality:
			lastQuality = &evs[i]
		}
	}
	got := strings.Join(finals, " ")
	w := wer.Compute(reference, got).WER
	t.Logf("WebRTC (pion, Opus, wideband): WER %.3f: %q", w, got)
	// Measured 0.33-0.50 without the race detector; with it, on a busy
	// machine, late packets cost more.
	if w > 0.8 {
		t.Errorf("WER %.3f over the pion WHIP call", w)
	}
	if lastQuality == nil {
		t.Fatal("no quality event")
	}
	q := lastQuality.Stats
	t.Logf("last quality: received %d, discarded %d, jitter %.4f s, MOS %.2f", q.PacketsReceived, q.PacketsDiscarded, q.Jitter, q.MOS)
	if q.PacketsReceived < uint64(len(pcm)/320) || q.PacketsLost != 0 || q.MOS < 1 || q.MOSMethod == "" || q.RoundTripTime == nil || q.Client == nil {
		t.Fatalf("last quality %+v, want every packet, none lost, a MOS, the ICE RTT and client figures", q)
	}
	if cl := q.Client; cl.PacketsSent != 42 || cl.Reports != 1 || cl.Browser != "Chrome" || cl.BrowserVersion != "142" ||
		cl.CurrentRoundTripTime == nil || *cl.CurrentRoundTripTime != 0.003 || len(cl.AddrHash) != 16 {
		t.Errorf("client figures %+v", cl)
	}

	lines := <-captions
	capText := strings.Join(lines, "\n")
	if !strings.Contains(capText, `"type":"caption"`) || !strings.Contains(capText, `"type":"ended"`) || !strings.Contains(capText, `"mos"`) {
		t.Errorf("caption stream lacks captions, quality or the end:\n%s", capText)
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for k := range m {
			if !strings.Contains(" type text seq mos rtt final ", " "+k+" ") {
				t.Errorf("caption carries %q: %s", k, l)
			}
		}
	}

	// No raw address anywhere: events, logs, the store's files.
	if err := f.srv.Close(); err != nil {
		t.Fatal(err)
	}
	assertNoAddress(t, "events", all.Bytes())
	assertNoAddress(t, "captions", []byte(capText))
	assertNoAddress(t, "logs", []byte(f.logs.String()))
	err = filepath.Walk(f.dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		assertNoAddress(t, path, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// assertNoAddress fails if b holds a loopback address in text or binary
// form.
func assertNoAddress(t *testing.T, what string, b []byte) {
	t.Helper()
	for _, needle := range [][]byte{[]byte("127.0.0.1"), []byte("::1"), {127, 0, 0, 1}} {
		if bytes.Contains(b, needle) {
			t.Errorf("%s holds the address %q", what, needle)
		}
	}
}

// TestCodecsAndShutdown: a G.711-only sender gets PCMU or PCMA and the
// narrowband engine; Close ends every call with reason shutdown, refuses
// new offers, and leaves no goroutine behind.
func TestCodecsAndShutdown(t *testing.T) {
	before := runtime.NumGoroutine()
	narrow, wide := sttest.NewEngine(), sttest.NewEngine()
	f := newFixture(t, narrow)
	f.srv.cfg.Wideband = wide
	sub := f.bus.Subscribe(256, nil)

	pcmu := webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypePCMU, ClockRate: 8000}, PayloadType: 0}
	pcma := webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypePCMA, ClockRate: 8000}, PayloadType: 8}
	a := dialCodec(t, f.ts.URL+"/whip/bot", pcmu)
	b := dialCodec(t, f.ts.URL+"/whip/bot", pcma)
	c := dialWHIP(t, f.ts.URL+"/whip/bot")
	if n := f.srv.ActiveCalls(); n != 3 {
		t.Fatalf("%d active calls, want 3", n)
	}
	if len(narrow.Streams()) != 2 || len(wide.Streams()) != 1 {
		t.Fatalf("streams: %d narrowband, %d wideband; want G.711 calls narrowband and the Opus call wideband",
			len(narrow.Streams()), len(wide.Streams()))
	}

	// No trickle ICE: PATCH on the resource is not allowed.
	preq, _ := http.NewRequest(http.MethodPatch, f.ts.URL+a.resource, strings.NewReader("a=end-of-candidates\r\n"))
	preq.Header.Set("Content-Type", "application/trickle-ice-sdpfrag")
	presp, err := http.DefaultClient.Do(preq)
	if err != nil {
		t.Fatal(err)
	}
	presp.Body.Close()
	if presp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PATCH on the WHIP resource: %d, want 405", presp.StatusCode)
	}

	// Unknown resources and wrong tokens are not found.
	for _, tc := range []struct{ method, path, auth string }{
		{http.MethodDelete, "/whip/sessions/" + strings.Repeat("ab", 24), ""},
		{http.MethodGet, "/api/v1/calls/" + a.callID + "/captions", "Bearer " + b.token},
		{http.MethodGet, "/api/v1/calls/" + a.callID + "/captions", ""},
		{http.MethodPost, "/api/v1/calls/nosuchcall/stats", "Bearer " + a.token},
	} {
		req, _ := http.NewRequest(tc.method, f.ts.URL+tc.path, strings.NewReader("{}"))
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s with %q: %d, want 404", tc.method, tc.path, tc.auth, resp.StatusCode)
		}
	}

	if err := f.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if n := f.srv.ActiveCalls(); n != 0 {
		t.Fatalf("%d calls after Close", n)
	}
	codecOf := map[string]string{}
	endedWith := map[string]string{}
	for len(endedWith) < 3 {
		select {
		case ev := <-sub.C():
			switch ev.Type {
			case events.CallStarted:
				codecOf[ev.CallID] = ev.Codec
			case events.CallEnded:
				endedWith[ev.CallID] = ev.Reason
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("calls ended: %v", endedWith)
		}
	}
	for id, want := range map[string]string{a.callID: "PCMU", b.callID: "PCMA", c.callID: "opus"} {
		if codecOf[id] != want || endedWith[id] != "shutdown" {
			t.Errorf("call %s: codec %q ended %q, want %s and shutdown", id, codecOf[id], endedWith[id], want)
		}
	}
	resp, err := http.Post(f.ts.URL+"/whip/bot", "application/sdp", strings.NewReader(a.pc.LocalDescription().SDP))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("offer after Close: %d, want 503", resp.StatusCode)
	}

	// The server's goroutines are gone once the clients are too.
	for _, cl := range []*whipClient{a, b, c} {
		_ = cl.pc.Close()
	}
	f.ts.CloseClientConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines left (%d before):\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func TestWidgetPage(t *testing.T) {
	f := newFixture(t, sttest.NewEngine())
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/call/bot", http.StatusOK, `id="consent"`},
		{"/call/nobody", http.StatusNotFound, "no such route"},
		{"/call/static/call.js", http.StatusOK, "getStats"},
		{"/call/static/call.css", http.StatusOK, "#captions"},
	} {
		resp, err := http.Get(f.ts.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("GET %s: %d, want %d with %q", tc.path, resp.StatusCode, tc.status, tc.want)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); tc.status == http.StatusOK && !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: CSP %q", tc.path, csp)
		}
	}
}

// TestBusyRecogniser: an offer that finds no free recogniser in time is
// refused with 503 and a reason, and leaves no call behind.
func TestBusyRecogniser(t *testing.T) {
	engine := sttest.NewEngine()
	engine.FailNewStream(context.DeadlineExceeded)
	f := newFixture(t, engine)
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly}); err != nil {
		t.Fatal(err)
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(f.ts.URL+"/whip/bot", "application/sdp", strings.NewReader(offer.SDP))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "busy") {
		t.Fatalf("offer with every recogniser busy: %d %q, want 503 with a reason", resp.StatusCode, body)
	}
	if n := f.srv.ActiveCalls(); n != 0 {
		t.Fatalf("%d calls after a refused offer", n)
	}
}

// FuzzClientStats: any body the stats endpoint decodes yields figures in
// range (no NaN, levels 0..1, times 0..60 s).
func FuzzClientStats(f *testing.F) {
	f.Add(`{"outbound":{"packetsSent":42,"bytesSent":4200},"source":{"audioLevel":0.2,"totalSamplesDuration":1.5}}`)
	f.Add(`{"candidatePair":{"currentRoundTripTime":0.003,"remoteAddress":"127.0.0.1"},"remoteInbound":{"jitter":-1,"fractionLost":2,"roundTripTime":1e308}}`)
	f.Add(`{"inbound":{"packetsReceived":1,"jitter":1e9},"source":{"audioLevel":7}}`)
	f.Fuzz(func(t *testing.T, body string) {
		var st clientStats
		if json.Unmarshal([]byte(body), &st) != nil {
			return
		}
		var r quality.ClientReport
		st.apply(&r)
		for name, v := range map[string]float64{"audioLevel": r.AudioLevel, "remoteFractionLost": r.RemoteFractionLost} {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("%s = %v from %s", name, v, body)
			}
		}
		for name, v := range map[string]float64{"remoteJitter": r.RemoteJitter, "inboundJitter": r.InboundJitter} {
			if !(v >= 0 && v <= 60) {
				t.Fatalf("%s = %v from %s", name, v, body)
			}
		}
		for name, p := range map[string]*float64{"remoteRoundTripTime": r.RemoteRoundTripTime, "currentRoundTripTime": r.CurrentRoundTripTime} {
			if p != nil && !(*p >= 0 && *p <= 60) {
				t.Fatalf("%s = %v from %s", name, *p, body)
			}
		}
		if b, err := json.Marshal(r); err != nil || bytes.Contains(b, []byte("127.0.0.1")) {
			t.Fatalf("report %s (%v) from %s", b, err, body)
		}
	})
}
