package console

import (
	"bufio"
	"context"
	"encoding/base64"
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
	"github.com/earshot/earshot/policy/redact"
)

const chromiumPath = "/usr/bin/chromium"

// TestPageInChromium loads the agent page in headless Chromium, logs in
// through the form, and checks that live events show up: partials replace
// each other, finals are appended with highlighted entities, hostile text
// stays text, and call.ended marks the call.
//
// Set EARSHOT_SCREENSHOTS=dir to save screenshots of the login form, a
// live partial and the final state there.
func TestPageInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("headless browser test needs Debian's chromium at " + chromiumPath + " (apt-get install chromium)")
	}
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	h := newHarness(t, nil)
	seed(t, h.st)

	b := startChromium(t, h.ts.URL+"/")

	// Not logged in: the page shows the login form.
	b.waitFor(`!document.getElementById("login").hidden`)
	b.screenshot("login.png")
	// A wrong token is refused with a message.
	b.eval(`document.getElementById("token").value = "wrong"; document.getElementById("login-form").requestSubmit(); true`)
	b.waitFor(`document.getElementById("login-error").textContent.includes("not valid")`)

	b.eval(fmt.Sprintf(`document.getElementById("token").value = %q; document.getElementById("login-form").requestSubmit(); true`, h.token))
	b.waitFor(`!document.getElementById("app").hidden && document.getElementById("status").textContent === "Live"`)

	cookie := b.sessionCookie()
	if cookie == "" {
		t.Fatal("browser holds no session cookie after login")
	}

	// The live calls from the API, newest first, the newest selected.
	if got := b.evalString(`[...document.querySelectorAll("#calls li")].map(li => li.dataset.callId).join(",")`); got != "c3,c2" {
		t.Fatalf("call list %q, want c3,c2", got)
	}
	b.waitFor(`document.getElementById("call-title").textContent.startsWith("c3")`)

	// Select c2: its stored transcript loads, entity highlighted.
	b.eval(`document.querySelector('#calls li[data-call-id="c2"] button').click(); true`)
	b.waitFor(`document.querySelectorAll("#transcript li").length === 2`)
	if got := b.evalString(`[...document.querySelectorAll("#transcript mark.entity")].map(m => m.title + "=" + m.textContent).join(",")`); got != "CARD_NUMBER=[CARD_NUMBER]" {
		t.Fatalf("entities %q", got)
	}

	// Partials replace each other in grey; a final replaces the partial.
	h.bus.Publish(transcriptEvent("c2", false, 2, "and my", nil))
	b.waitFor(`document.getElementById("partial").textContent === "and my"`)
	h.bus.Publish(transcriptEvent("c2", false, 2, "and my email", nil))
	b.waitFor(`document.getElementById("partial").textContent === "and my email"`)
	if c := b.evalString(`getComputedStyle(document.getElementById("partial")).color`); c == "rgb(29, 35, 41)" {
		t.Errorf("partial is drawn in the normal text colour %s", c)
	}
	b.screenshot("partial.png")
	h.bus.Publish(transcriptEvent("c2", true, 2, "and my email is [EMAIL]",
		[]redact.Entity{{Type: "EMAIL", Start: 16, End: 23}}))
	b.waitFor(`document.querySelectorAll("#transcript li").length === 3 && document.getElementById("partial").textContent === ""`)

	// Text that looks like HTML is shown as text.
	const hostile = `<img src=x onerror="document.title='pwned'">`
	h.bus.Publish(transcriptEvent("c2", true, 3, hostile, nil))
	b.waitFor(`document.querySelectorAll("#transcript li").length === 4`)
	if got := b.evalString(`document.querySelector("#transcript li:last-child .text").textContent`); got != hostile {
		t.Fatalf("hostile text rendered as %q", got)
	}
	if n := b.evalString(`String(document.querySelectorAll("#transcript img").length) + document.title`); n != "0Earshot console" {
		t.Fatalf("hostile text became markup: %q", n)
	}

	// A new call appears; call.ended marks c2 ended.
	h.bus.Publish(events.Event{Type: events.CallStarted, CallID: "c4", TS: time.Now(), Channel: "webrtc", Codec: "opus"})
	b.waitFor(`document.querySelector('#calls li[data-call-id="c4"]') !== null`)
	h.bus.Publish(events.Event{Type: events.CallEnded, CallID: "c2", TS: time.Now(), Reason: "hangup"})
	b.waitFor(`document.querySelector('#calls li[data-call-id="c2"]').classList.contains("ended") && document.querySelector("#call-title .badge").textContent === "ended"`)

	b.screenshot("final.png")

	// Logging out (the link's target, followed as a navigation so that no
	// evaluation races the page unload) brings the login form back.
	if href := b.evalString(`document.getElementById("logout").href`); href != h.ts.URL+"/logout" {
		t.Fatalf("logout link %q", href)
	}
	b.call(b.session, "Page.navigate", map[string]any{"url": h.ts.URL + "/logout"}, nil)
	b.waitFor(`document.readyState === "complete" && !document.getElementById("login").hidden`)
	if resp, _ := h.get("/api/v1/calls", http.Header{"Cookie": {cookie}}); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("session still valid after logout: %d", resp.StatusCode)
	}
}

// cdp is a minimal Chrome DevTools Protocol client for one page.
type cdp struct {
	t       *testing.T
	conn    *websocket.Conn
	id      int
	session string // the page's flat session id
}

func startChromium(t *testing.T, pageURL string) *cdp {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	profile := t.TempDir()
	cmd := exec.CommandContext(ctx, chromiumPath,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
		"--user-data-dir="+profile, "--window-size=1200,800", "about:blank")
	// Stop it politely so that it takes its helper processes along; kill
	// it if it lingers.
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
	t.Cleanup(func() {
		cancel()
		<-exited
	})

	// Chromium prints the browser's DevTools websocket URL on stderr.
	urls := make(chan string, 1)
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		_ = cmd.Wait()
	}()
	var browserURL string
	select {
	case browserURL = <-urls:
	case <-exited:
		t.Fatal("chromium exited before DevTools was ready")
	case <-time.After(30 * time.Second):
		t.Fatal("chromium did not start DevTools")
	}

	conn, resp, err := websocket.DefaultDialer.Dial(browserURL, nil)
	if err != nil {
		t.Fatalf("connect to DevTools: %v", err)
	}
	resp.Body.Close()
	t.Cleanup(func() { conn.Close() })
	b := &cdp{t: t, conn: conn}

	// Open the page in a new target and talk to it over a flat session.
	var created struct {
		TargetID string `json:"targetId"`
	}
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &created)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	b.call("", "Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	b.call(b.session, "Page.enable", nil, nil)
	b.call(b.session, "Page.navigate", map[string]any{"url": pageURL}, nil)
	b.waitFor(`document.readyState === "complete"`)
	return b
}

func (b *cdp) call(session string, method string, params any, result any) {
	b.t.Helper()
	b.id++
	msg := map[string]any{"id": b.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	if err := b.conn.SetWriteDeadline(time.Now().Add(10 * time.Second)); err != nil {
		b.t.Fatal(err)
	}
	if err := b.conn.WriteJSON(msg); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	if err := b.conn.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
		b.t.Fatal(err)
	}
	for {
		var reply struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := b.conn.ReadJSON(&reply); err != nil {
			b.t.Fatalf("%s: %v", method, err)
		}
		if reply.ID != b.id {
			continue // an event or an older reply
		}
		if reply.Error != nil {
			b.t.Fatalf("%s: %s", method, reply.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(reply.Result, result); err != nil {
				b.t.Fatalf("%s: decode result: %v", method, err)
			}
		}
		return
	}
}

// eval runs expr in the page (awaiting a promise) and returns its value.
func (b *cdp) eval(expr string) json.RawMessage {
	b.t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	b.call(b.session, "Runtime.evaluate", map[string]any{
		"expression": expr, "awaitPromise": true, "returnByValue": true,
	}, &res)
	if res.Exception != nil {
		b.t.Fatalf("page: %s %s\nin: %s", res.Exception.Text, res.Exception.Exception.Description, expr)
	}
	return res.Result.Value
}

func (b *cdp) evalString(expr string) string {
	b.t.Helper()
	var s string
	if err := json.Unmarshal(b.eval(expr), &s); err != nil {
		b.t.Fatalf("%s: not a string: %v", expr, err)
	}
	return s
}

// waitFor polls cond inside the page every 20 ms until it is truthy,
// failing after 15 s.
func (b *cdp) waitFor(cond string) {
	b.t.Helper()
	js := `new Promise((resolve, reject) => {
	  const start = Date.now();
	  const check = () => {
	    let ok = false;
	    try { ok = Boolean(` + cond + `); } catch (e) {}
	    if (ok) return resolve(true);
	    if (Date.now() - start > 15000) return reject(new Error("timed out waiting for: " + ` + jsString(cond) + `));
	    setTimeout(check, 20);
	  };
	  check();
	})`
	b.eval(js)
}

// screenshot saves the page as name under $EARSHOT_SCREENSHOTS, if set.
func (b *cdp) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("EARSHOT_SCREENSHOTS")
	if dir == "" {
		return
	}
	path := filepath.Join(dir, name)
	var shot struct {
		Data string `json:"data"`
	}
	b.call(b.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot saved to %s", path)
}

func jsString(s string) string {
	q, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return strings.ReplaceAll(string(q), "</", `<\/`)
}

// sessionCookie returns the browser's session cookie as "name=value", or "".
func (b *cdp) sessionCookie() string {
	b.t.Helper()
	var res struct {
		Cookies []struct {
			Name     string `json:"name"`
			Value    string `json:"value"`
			HTTPOnly bool   `json:"httpOnly"`
		} `json:"cookies"`
	}
	b.call(b.session, "Network.getCookies", nil, &res)
	for _, c := range res.Cookies {
		if c.Name == sessionCookie {
			if !c.HTTPOnly {
				b.t.Errorf("session cookie is not HttpOnly")
			}
			return c.Name + "=" + c.Value
		}
	}
	return ""
}
