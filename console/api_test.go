package console

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/console/web"
	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// seed stores three calls (c1 ended, c2 and c3 live) and two segments of c2.
func seed(t *testing.T, st *memStore) {
	t.Helper()
	ctx := context.Background()
	for _, c := range []store.Call{
		{ID: "c1", Channel: "sip", Route: "support", Codec: "PCMU", StartedAt: t0},
		{ID: "c2", Channel: "webrtc", Route: "sales", Codec: "opus", StartedAt: t0.Add(time.Minute)},
		{ID: "c3", Channel: "sip", Codec: "G722", StartedAt: t0.Add(2 * time.Minute)},
	} {
		if err := st.CreateCall(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.EndCall(ctx, "c1", t0.Add(90*time.Second), "hangup"); err != nil {
		t.Fatal(err)
	}
	segs := []store.Segment{
		{CallID: "c2", Seq: 1, StartMS: 2500, EndMS: 4000, Redacted: redact.Restore("my card is [CARD_NUMBER]",
			[]redact.Entity{{Type: "CARD_NUMBER", Start: 11, End: 24}})},
		{CallID: "c2", Seq: 0, StartMS: 0, EndMS: 2000, Redacted: redact.Restore("hello", nil)},
	}
	for _, s := range segs {
		if err := st.AddSegment(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCallsEndpoints(t *testing.T) {
	h := newHarness(t, nil)
	seed(t, h.st)

	tests := []struct {
		path string
		want int
		body string // exact JSON, compacted
	}{
		{"/api/v1/calls", 200, `[` +
			`{"id":"c3","channel":"sip","codec":"G722","started_at":"2025-03-01T09:02:00Z","ended_at":null,"live":true},` +
			`{"id":"c2","channel":"webrtc","route":"sales","codec":"opus","started_at":"2025-03-01T09:01:00Z","ended_at":null,"live":true},` +
			`{"id":"c1","channel":"sip","route":"support","codec":"PCMU","started_at":"2025-03-01T09:00:00Z","ended_at":"2025-03-01T09:01:30Z","end_reason":"hangup","live":false}]`},
		{"/api/v1/calls?live=1", 200, `[` +
			`{"id":"c3","channel":"sip","codec":"G722","started_at":"2025-03-01T09:02:00Z","ended_at":null,"live":true},` +
			`{"id":"c2","channel":"webrtc","route":"sales","codec":"opus","started_at":"2025-03-01T09:01:00Z","ended_at":null,"live":true}]`},
		{"/api/v1/calls?limit=1", 200, `[{"id":"c3","channel":"sip","codec":"G722","started_at":"2025-03-01T09:02:00Z","ended_at":null,"live":true}]`},
		{"/api/v1/calls?live=1&limit=1", 200, `[{"id":"c3","channel":"sip","codec":"G722","started_at":"2025-03-01T09:02:00Z","ended_at":null,"live":true}]`},
		{"/api/v1/calls/c1", 200, `{"id":"c1","channel":"sip","route":"support","codec":"PCMU","started_at":"2025-03-01T09:00:00Z","ended_at":"2025-03-01T09:01:30Z","end_reason":"hangup","live":false}`},
		{"/api/v1/calls/c2/transcript", 200, `[` +
			`{"seq":0,"text":"hello","start_ms":0,"end_ms":2000,"entities":[]},` +
			`{"seq":1,"text":"my card is [CARD_NUMBER]","start_ms":2500,"end_ms":4000,"entities":[{"type":"CARD_NUMBER","start":11,"end":24}]}]`},
		{"/api/v1/calls/c3/transcript", 200, `[]`},
		{"/api/v1/calls/nope", 404, `{"error":"call not found"}`},
		{"/api/v1/calls/nope/transcript", 404, `{"error":"call not found"}`},
		{"/api/v1/calls?limit=0", 400, ""},
		{"/api/v1/calls?limit=1001", 400, ""},
		{"/api/v1/calls?limit=x", 400, ""},
		{"/api/v1/calls?live=maybe", 400, ""},
		{"/api/v1/nothing", 404, `{"error":"no such endpoint"}`},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := h.get(tc.path, h.bearer())
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.want, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
			if tc.want >= 400 {
				decodeError(t, resp, body)
			}
			if tc.body != "" {
				if got := strings.TrimSpace(string(body)); got != tc.body {
					t.Errorf("body\n got %s\nwant %s", got, tc.body)
				}
			}
		})
	}
}

func TestStoreFailureIs500WithoutDetails(t *testing.T) {
	h := newHarness(t, nil)
	h.st.setFail(errors.New("secret internal detail"))
	for _, p := range []string{"/api/v1/calls", "/api/v1/calls/c1", "/api/v1/calls/c1/transcript"} {
		resp, body := h.get(p, h.bearer())
		if resp.StatusCode != http.StatusInternalServerError {
			t.Fatalf("%s: status %d, want 500", p, resp.StatusCode)
		}
		if msg := decodeError(t, resp, body); strings.Contains(msg, "secret") {
			t.Errorf("%s: internal error leaked to the client: %q", p, msg)
		}
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	h := newHarness(t, nil)
	cases := []struct {
		method, path string
		hdr          http.Header
	}{
		{"GET", "/", nil},
		{"GET", "/healthz", nil},
		{"GET", "/static/app.js", nil},
		{"GET", "/static/missing.js", nil},
		{"GET", "/api/v1/calls", nil},
		{"GET", "/api/v1/calls", h.bearer()},
		{"GET", "/api/v1/events", h.bearer()}, // not an upgrade: 400
		{"GET", "/logout", nil},
		{"POST", "/login", nil},
		{"DELETE", "/api/v1/calls", h.bearer()},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			resp, _ := h.do(c.method, c.path, c.hdr, nil)
			csp := resp.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("CSP %q allows unsafe sources", csp)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := resp.Header.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("Referrer-Policy %q", got)
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	h := newHarness(t, nil)
	resp, body := h.get("/healthz", nil)
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}
}

func TestPageIsServedWithoutAuth(t *testing.T) {
	h := newHarness(t, nil)
	resp, body := h.get("/", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	page := string(body)
	for _, want := range []string{`id="login-form"`, `name="token"`, `src="/static/app.js"`, `href="/static/style.css"`, `href="/logout"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, p := range []string{"/static/app.js", "/static/style.css"} {
		resp, _ := h.get(p, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := h.get("/nope", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/nope: %d, want 404", resp.StatusCode)
	}
}

// TestStaticFilesAreSelfContained guards the page's security properties:
// nothing loaded from other origins, no inline script or style (the CSP
// would block them), and no API that parses event text as HTML.
func TestStaticFilesAreSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	htmlSinks := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setTimeout\(\s*["'\x60]`)
	inline := regexp.MustCompile(`(?i)<script>|<script\s+(type=[^>]*)?>|<style|\son[a-z]+=|style=`)
	seen := 0
	err := fs.WalkDir(web.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		seen++
		b, err := fs.ReadFile(web.FS(), path)
		if err != nil {
			return err
		}
		src := string(b)
		if m := external.FindString(src); m != "" {
			t.Errorf("%s refers to an external URL %q", path, m)
		}
		if strings.HasSuffix(path, ".js") {
			if m := htmlSinks.FindString(src); m != "" {
				t.Errorf("%s uses HTML sink %q", path, m)
			}
		}
		if strings.HasSuffix(path, ".html") {
			if m := inline.FindString(src); m != "" {
				t.Errorf("%s has inline code %q", path, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 3 {
		t.Fatalf("only %d static files embedded", seen)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	if _, err := New(Config{Store: newMemStore()}); err == nil {
		t.Error("New without Bus succeeded")
	}
	if _, err := New(Config{}); err == nil {
		t.Error("New without Store succeeded")
	}
}

// TestLogsCarryNoSecrets drives logins, API reads and a websocket with
// transcript text and checks the log never contains the token, the session
// id or transcript text.
func TestLogsCarryNoSecrets(t *testing.T) {
	h := newHarness(t, nil)
	seed(t, h.st)
	b := h.browser()
	h.login(b, "wrong-token-value")
	resp := h.login(b, h.token)
	var sessionID string
	for _, c := range resp.Cookies() {
		sessionID = c.Value
	}
	h.get("/api/v1/calls/c2/transcript", h.bearer())
	h.get("/api/v1/calls?token="+h.token, nil)
	ws := h.dial("")
	h.bus.Publish(transcriptEvent("c2", true, 2, "the code is [CVV]", []redact.Entity{{Type: "CVV", Start: 12, End: 17}}))
	readEvent(t, ws)
	ws.Close()
	if err := h.srv.Close(); err != nil {
		t.Fatal(err)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "console: login") {
		t.Fatalf("expected login lines in the log, got:\n%s", logs)
	}
	for _, secret := range []string{h.token, sessionID, "wrong-token-value", "the code is", "my card is", "127.0.0.1"} {
		if secret != "" && strings.Contains(logs, secret) {
			t.Errorf("log contains %q:\n%s", secret, logs)
		}
	}
}
