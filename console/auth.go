package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/earshot/earshot/policy/store"
)

// AdminTokenSetting is the store setting that holds the hex SHA-256 hash of
// the admin token. The token itself is never stored.
const AdminTokenSetting = "admin_token_sha256"

// sessionCookie names the login cookie. Its value is a random session id.
const sessionCookie = "earshot_session"

// maxSessions bounds the in-memory session table.
const maxSessions = 10000

// EnsureAdminToken makes sure the store holds an admin token hash.
//
// If given is non-empty its hash replaces any stored one and "" is returned.
// Otherwise, if a hash is already stored, nothing changes and "" is
// returned. Otherwise a random token (32 bytes, unpadded base64url) is
// generated, only its hash is stored, and the token is returned so that the
// caller can show it once.
func EnsureAdminToken(ctx context.Context, st store.Store, given string) (generated string, err error) {
	if given != "" {
		if err := st.SetSetting(ctx, AdminTokenSetting, hashToken(given)); err != nil {
			return "", fmt.Errorf("console: store admin token hash: %w", err)
		}
		return "", nil
	}
	stored, err := st.Setting(ctx, AdminTokenSetting)
	switch {
	case err == nil && stored != "":
		return "", nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return "", fmt.Errorf("console: read admin token hash: %w", err)
	}
	tok, err := randomToken()
	if err != nil {
		return "", err
	}
	if err := st.SetSetting(ctx, AdminTokenSetting, hashToken(tok)); err != nil {
		return "", fmt.Errorf("console: store admin token hash: %w", err)
	}
	return tok, nil
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

func randomToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("console: random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// errNoAdminToken means the store holds no admin token hash: every token is
// refused.
var errNoAdminToken = errors.New("console: no admin token configured")

// adminHash returns the stored admin token hash, decoded.
func (s *Server) adminHash(ctx context.Context) ([]byte, error) {
	v, err := s.st.Setting(ctx, AdminTokenSetting)
	if errors.Is(err, store.ErrNotFound) || (err == nil && v == "") {
		return nil, errNoAdminToken
	}
	if err != nil {
		return nil, err
	}
	h, err := hex.DecodeString(v)
	if err != nil || len(h) != sha256.Size {
		return nil, fmt.Errorf("console: stored admin token hash is malformed")
	}
	return h, nil
}

// tokenMatches compares tok with the stored hash in constant time.
func tokenMatches(want []byte, tok string) bool {
	if tok == "" {
		return false
	}
	got := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(want, got[:]) == 1
}

// requireAuth admits a request that carries the admin token or a valid
// session cookie. allowQuery also accepts "?token=" (the websocket only).
func (s *Server) requireAuth(next http.HandlerFunc, allowQuery bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := s.authenticated(r, allowQuery)
		if err != nil {
			s.log.Error("console: auth check failed", "path", r.URL.Path, "err", err)
			writeError(w, http.StatusServiceUnavailable, "authentication unavailable")
			return
		}
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="earshot"`)
			writeError(w, http.StatusUnauthorized, "missing or invalid credentials")
			return
		}
		next(w, r)
	})
}

func (s *Server) authenticated(r *http.Request, allowQuery bool) (bool, error) {
	want, err := s.adminHash(r.Context())
	if errors.Is(err, errNoAdminToken) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if tok, ok := bearerToken(r); ok {
		// A request that names a token is judged by it alone.
		return tokenMatches(want, tok), nil
	}
	if allowQuery && r.URL.Query().Has("token") {
		return tokenMatches(want, r.URL.Query().Get("token")), nil
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return s.sessions.valid(c.Value, want, s.now()), nil
	}
	return false, nil
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true // present but not a bearer token: refuse
	}
	return strings.TrimSpace(tok), true
}

// handleLogin checks the form's token and starts a session. It answers 204
// with the cookie, or 401.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		writeError(w, http.StatusForbidden, "cross-origin request refused")
		return
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "request body too large")
			return
		}
		writeError(w, http.StatusBadRequest, "malformed form")
		return
	}
	want, err := s.adminHash(r.Context())
	if err != nil && !errors.Is(err, errNoAdminToken) {
		s.log.Error("console: login check failed", "err", err)
		writeError(w, http.StatusServiceUnavailable, "authentication unavailable")
		return
	}
	if err != nil || !tokenMatches(want, r.PostForm.Get("token")) {
		s.auditLogin(r, false)
		s.log.Info("console: login refused")
		writeError(w, http.StatusUnauthorized, "invalid token")
		return
	}
	id, err := randomToken()
	if err != nil {
		s.log.Error("console: login failed", "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	now := s.now()
	s.sessions.add(id, want, now.Add(SessionTTL), now)
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    id,
		Path:     "/",
		MaxAge:   int(SessionTTL / time.Second),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	s.auditLogin(r, true)
	s.log.Info("console: login")
}

// handleLogout ends the session and sends the browser back to the page.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.remove(c.Value)
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// sameOrigin reports whether a request's Origin header, when present, names
// the host the request was sent to. Browsers always send Origin on
// websocket handshakes and cross-origin POSTs.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// sessions is the in-memory table of login sessions. Ids are kept as
// hashes, and each session remembers the admin token hash it was opened
// with, so changing the token ends every session.
type sessions struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]session
}

type session struct {
	expires   time.Time
	adminHash []byte
}

func newSessions() *sessions {
	return &sessions{m: make(map[[sha256.Size]byte]session)}
}

func (ss *sessions) add(id string, adminHash []byte, expires, now time.Time) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if len(ss.m) >= maxSessions {
		for k, v := range ss.m {
			if !now.Before(v.expires) {
				delete(ss.m, k)
			}
		}
	}
	if len(ss.m) >= maxSessions {
		// Still full of live sessions: evict one with the nearest expiry.
		var oldest [sha256.Size]byte
		var oldestAt time.Time
		for k, v := range ss.m {
			if oldestAt.IsZero() || v.expires.Before(oldestAt) {
				oldest, oldestAt = k, v.expires
			}
		}
		delete(ss.m, oldest)
	}
	ss.m[sha256.Sum256([]byte(id))] = session{expires: expires, adminHash: adminHash}
}

func (ss *sessions) valid(id string, adminHash []byte, now time.Time) bool {
	if id == "" {
		return false
	}
	key := sha256.Sum256([]byte(id))
	ss.mu.Lock()
	defer ss.mu.Unlock()
	sess, ok := ss.m[key]
	if !ok {
		return false
	}
	if !now.Before(sess.expires) || subtle.ConstantTimeCompare(sess.adminHash, adminHash) != 1 {
		delete(ss.m, key)
		return false
	}
	return true
}

func (ss *sessions) remove(id string) {
	key := sha256.Sum256([]byte(id))
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, key)
}
