package console

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/earshot/earshot/console/events"
)

func TestEnsureAdminToken(t *testing.T) {
	ctx := context.Background()
	hashOf := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return hex.EncodeToString(sum[:])
	}

	t.Run("generates once and stores only the hash", func(t *testing.T) {
		st := newMemStore()
		tok, err := EnsureAdminToken(ctx, st, "")
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token %q is not 32 bytes of base64url (%v)", tok, err)
		}
		if got := st.settings[AdminTokenSetting]; got != hashOf(tok) {
			t.Fatalf("stored %q, want sha256 of the token", got)
		}
		for k, v := range st.settings {
			if strings.Contains(v, tok) || strings.Contains(k, tok) {
				t.Fatalf("plaintext token stored in setting %q", k)
			}
		}
		again, err := EnsureAdminToken(ctx, st, "")
		if err != nil {
			t.Fatal(err)
		}
		if again != "" {
			t.Fatal("second call generated another token")
		}
		if got := st.settings[AdminTokenSetting]; got != hashOf(tok) {
			t.Fatal("second call changed the stored hash")
		}
	})

	t.Run("given token replaces the hash", func(t *testing.T) {
		st := newMemStore()
		if _, err := EnsureAdminToken(ctx, st, ""); err != nil {
			t.Fatal(err)
		}
		const given = "operator-chosen-token-0123456789"
		got, err := EnsureAdminToken(ctx, st, given)
		if err != nil || got != "" {
			t.Fatalf("EnsureAdminToken(given) = %q, %v; want \"\", nil", got, err)
		}
		if st.settings[AdminTokenSetting] != hashOf(given) {
			t.Fatal("stored hash is not the given token's")
		}
		if len(st.settings) != 1 {
			t.Fatalf("store holds %d settings, want 1", len(st.settings))
		}
	})

	t.Run("two generations differ", func(t *testing.T) {
		a, err := EnsureAdminToken(ctx, newMemStore(), "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := EnsureAdminToken(ctx, newMemStore(), "")
		if err != nil {
			t.Fatal(err)
		}
		if a == b {
			t.Fatal("two fresh stores got the same token")
		}
	})

	t.Run("store error is returned", func(t *testing.T) {
		st := &failingSettings{memStore: newMemStore(), err: errors.New("disk on fire")}
		if _, err := EnsureAdminToken(ctx, st, ""); !errors.Is(err, st.err) {
			t.Fatalf("err = %v, want the store's error", err)
		}
	})
}

type failingSettings struct {
	*memStore
	err error
}

func (f *failingSettings) Setting(context.Context, string) (string, error) { return "", f.err }

func TestAuthHTTP(t *testing.T) {
	h := newHarness(t, nil)
	paths := []string{"/api/v1/calls", "/api/v1/calls?live=1", "/api/v1/calls/c1", "/api/v1/calls/c1/transcript"}
	creds := []struct {
		name string
		hdr  http.Header
		qry  string
		want int
	}{
		{"none", nil, "", http.StatusUnauthorized},
		{"wrong bearer", http.Header{"Authorization": {"Bearer nope"}}, "", http.StatusUnauthorized},
		{"empty bearer", http.Header{"Authorization": {"Bearer "}}, "", http.StatusUnauthorized},
		{"basic scheme", http.Header{"Authorization": {"Basic " + h.token}}, "", http.StatusUnauthorized},
		{"token in query is only for the websocket", nil, "token=" + h.token, http.StatusUnauthorized},
		{"forged cookie", http.Header{"Cookie": {sessionCookie + "=" + h.token}}, "", http.StatusUnauthorized},
		{"bearer", h.bearer(), "", 0},
		{"lower-case scheme", http.Header{"Authorization": {"bearer " + h.token}}, "", 0},
	}
	for _, p := range paths {
		for _, c := range creds {
			t.Run(c.name+" "+p, func(t *testing.T) {
				path := p
				if c.qry != "" {
					sep := "?"
					if strings.Contains(p, "?") {
						sep = "&"
					}
					path += sep + c.qry
				}
				resp, body := h.get(path, c.hdr)
				if c.want == http.StatusUnauthorized {
					if resp.StatusCode != http.StatusUnauthorized {
						t.Fatalf("status %d, want 401", resp.StatusCode)
					}
					decodeError(t, resp, body)
					if resp.Header.Get("WWW-Authenticate") == "" {
						t.Error("401 without WWW-Authenticate")
					}
					return
				}
				if resp.StatusCode == http.StatusUnauthorized {
					t.Fatalf("status 401 with valid credentials: %s", body)
				}
			})
		}
	}
}

func TestNoAdminTokenRefusesAll(t *testing.T) {
	h := newHarness(t, nil)
	h.st.mu.Lock()
	delete(h.st.settings, AdminTokenSetting)
	h.st.mu.Unlock()
	resp, body := h.get("/api/v1/calls", h.bearer())
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", resp.StatusCode)
	}
	decodeError(t, resp, body)
}

func TestAuthStoreFailureIs503(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.st.SetSetting(context.Background(), AdminTokenSetting, "not hex"); err != nil {
		t.Fatal(err)
	}
	resp, body := h.get("/api/v1/calls", h.bearer())
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", resp.StatusCode)
	}
	decodeError(t, resp, body)
}

// browser is an HTTP client with a cookie jar, like the page's fetch calls.
func (h *harness) browser() *http.Client {
	h.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		h.t.Fatal(err)
	}
	c := *h.ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func (h *harness) login(c *http.Client, token string) *http.Response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.ts.URL+"/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", h.ts.URL)
	resp, err := c.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func status(t *testing.T, c *http.Client, u string) int {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestLoginCookie(t *testing.T) {
	h := newHarness(t, nil)
	b := h.browser()
	calls := h.ts.URL + "/api/v1/calls?live=1"

	if got := status(t, b, calls); got != http.StatusUnauthorized {
		t.Fatalf("before login: %d, want 401", got)
	}
	if resp := h.login(b, "wrong"); resp.StatusCode != http.StatusUnauthorized || len(resp.Cookies()) != 0 {
		t.Fatalf("wrong token: status %d, %d cookies; want 401 and none", resp.StatusCode, len(resp.Cookies()))
	}

	resp := h.login(b, h.token)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("login: status %d, want 204", resp.StatusCode)
	}
	var sess *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			sess = c
		}
	}
	if sess == nil {
		t.Fatal("login set no session cookie")
	}
	if !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Path != "/" {
		t.Errorf("cookie HttpOnly=%v SameSite=%v Path=%q; want true, Strict, /", sess.HttpOnly, sess.SameSite, sess.Path)
	}
	if strings.Contains(sess.Value, h.token) || len(sess.Value) < 40 {
		t.Errorf("cookie value must be a long random session id, not the token")
	}

	for _, p := range []string{"/api/v1/calls?live=1", "/api/v1/calls"} {
		if got := status(t, b, h.ts.URL+p); got != http.StatusOK {
			t.Fatalf("with cookie %s: %d, want 200", p, got)
		}
	}

	// The page's websocket carries the cookie too.
	ws, wresp, err := websocket.DefaultDialer.Dial(h.wsURL(""), http.Header{
		"Cookie": {sessionCookie + "=" + sess.Value},
		"Origin": {h.ts.URL},
	})
	if err != nil {
		t.Fatalf("websocket with session cookie: %v", err)
	}
	wresp.Body.Close()
	ws.Close()

	// Logout clears the cookie and ends the session server-side.
	lresp, err := b.Get(h.ts.URL + "/logout")
	if err != nil {
		t.Fatal(err)
	}
	lresp.Body.Close()
	if lresp.StatusCode != http.StatusSeeOther || lresp.Header.Get("Location") != "/" {
		t.Errorf("logout: %d to %q, want 303 to /", lresp.StatusCode, lresp.Header.Get("Location"))
	}
	if got := status(t, b, calls); got != http.StatusUnauthorized {
		t.Fatalf("after logout: %d, want 401", got)
	}
	resp2, _ := h.get("/api/v1/calls", http.Header{"Cookie": {sessionCookie + "=" + sess.Value}})
	if resp2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replayed old cookie after logout: %d, want 401", resp2.StatusCode)
	}
}

func TestSessionExpiresAndFollowsTokenRotation(t *testing.T) {
	h := newHarness(t, nil)
	calls := h.ts.URL + "/api/v1/calls"

	b := h.browser()
	if resp := h.login(b, h.token); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	h.clock.Advance(SessionTTL - time.Second)
	if got := status(t, b, calls); got != http.StatusOK {
		t.Fatalf("just before expiry: %d, want 200", got)
	}
	h.clock.Advance(time.Second)
	if got := status(t, b, calls); got != http.StatusUnauthorized {
		t.Fatalf("at expiry: %d, want 401", got)
	}

	b2 := h.browser()
	if resp := h.login(b2, h.token); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	const rotated = "a-new-admin-token-for-rotation-test"
	if _, err := EnsureAdminToken(context.Background(), h.st, rotated); err != nil {
		t.Fatal(err)
	}
	if got := status(t, b2, calls); got != http.StatusUnauthorized {
		t.Fatalf("session after token rotation: %d, want 401", got)
	}
	resp, _ := h.get("/api/v1/calls", http.Header{"Authorization": {"Bearer " + rotated}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("new token: %d, want 200", resp.StatusCode)
	}
}

func TestLoginRefusesCrossOriginAndLargeBodies(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name   string
		origin string
		body   string
		want   int
	}{
		{"other origin", "https://evil.example", url.Values{"token": {h.token}}.Encode(), http.StatusForbidden},
		{"body over limit", "", "token=" + strings.Repeat("a", MaxBodyBytes+1), http.StatusRequestEntityTooLarge},
		{"no origin header", "", url.Values{"token": {h.token}}.Encode(), http.StatusNoContent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
			if tc.origin != "" {
				hdr.Set("Origin", tc.origin)
			}
			resp, body := h.do(http.MethodPost, "/login", hdr, strings.NewReader(tc.body))
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tc.want, body)
			}
			if tc.want >= 400 {
				decodeError(t, resp, body)
				if len(resp.Cookies()) != 0 {
					t.Fatal("refused login set a cookie")
				}
			}
		})
	}
}

func TestSessionTableIsBounded(t *testing.T) {
	ss := newSessions()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	admin := []byte("h")
	for i := range maxSessions + 10 {
		ss.add(fmt.Sprintf("id-%d", i), admin, now.Add(time.Hour+time.Duration(i)), now)
	}
	if n := len(ss.m); n > maxSessions {
		t.Fatalf("%d sessions kept, want at most %d", n, maxSessions)
	}
	// The newest session survives the evictions.
	if !ss.valid(fmt.Sprintf("id-%d", maxSessions+9), admin, now) {
		t.Fatal("newest session was evicted")
	}
}

// FuzzAuthorization checks that no Authorization header, query token or
// cookie is accepted unless it carries the admin token itself.
func FuzzAuthorization(f *testing.F) {
	const token = "fuzz-admin-token-0123456789abcdef"
	for _, seed := range []struct{ auth, query, cookie string }{
		{"", "", ""},
		{"Bearer " + token, "", ""},
		{"bearer  " + token + " ", "", ""},
		{"Bearer wrong", token, ""},
		{"Basic " + token, "", ""},
		{"", token, ""},
		{"", "", token},
		{"Bearer", "", ""},
		{"Bearer " + token + "x", "", ""},
	} {
		f.Add(seed.auth, seed.query, seed.cookie)
	}
	st := newMemStore()
	if _, err := EnsureAdminToken(context.Background(), st, token); err != nil {
		f.Fatal(err)
	}
	srv, err := New(Config{Bus: events.NewBus(), Store: st})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, auth, query, cookie string) {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/events?"+url.Values{"token": {query}}.Encode(), nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		if cookie != "" {
			r.Header.Set("Cookie", sessionCookie+"="+cookie)
		}
		ok, err := srv.authenticated(r, true)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
		// Accepted: the credential that decided must be the token.
		hv := r.Header.Get("Authorization")
		if hv != "" {
			if !strings.Contains(hv, token) {
				t.Fatalf("accepted Authorization %q", hv)
			}
			return
		}
		if query != token {
			t.Fatalf("accepted query %q / cookie %q", query, cookie)
		}
	})
}
