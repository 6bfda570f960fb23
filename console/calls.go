package console

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"time"

	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/policy/store"
)

// ErrNoCall is what a CallControl returns for a call that is not active
// (or any error wrapping it); the API answers 404.
var ErrNoCall = errors.New("console: no such active call")

// CallControl acts on live calls for the API. Implementations are safe for
// concurrent use.
type CallControl interface {
	// SetDTMFSensitive opens or closes a sensitive DTMF step on a call:
	// while open, keys are counted and not shown (policy/redact.DTMF).
	SetDTMFSensitive(callID string, sensitive bool) error
}

// CallControlFunc adapts a function to CallControl.
type CallControlFunc func(callID string, sensitive bool) error

// SetDTMFSensitive calls f.
func (f CallControlFunc) SetDTMFSensitive(callID string, sensitive bool) error {
	return f(callID, sensitive)
}

// dtmfModeJSON is the body of POST /api/v1/calls/{id}/dtmf-mode and of its
// answer.
type dtmfModeJSON struct {
	Sensitive *bool `json:"sensitive"`
}

// handleDTMFMode opens ({"sensitive":true}) or closes ({"sensitive":false})
// a sensitive DTMF step on a live call. The body must be JSON, which also
// keeps HTML forms on other sites from posting here with a session
// cookie.
func (s *Server) handleDTMFMode(w http.ResponseWriter, r *http.Request) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "body must be application/json")
		return
	}
	var body dtmfModeJSON
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || body.Sensitive == nil {
		writeError(w, http.StatusBadRequest, `body must be {"sensitive": true|false}`)
		return
	}
	if s.calls == nil {
		writeError(w, http.StatusServiceUnavailable, "call control unavailable")
		return
	}
	id := r.PathValue("id")
	if err := s.calls.SetDTMFSensitive(id, *body.Sensitive); err != nil {
		if errors.Is(err, ErrNoCall) {
			writeError(w, http.StatusNotFound, "no such active call")
			return
		}
		s.log.Error("console: dtmf-mode failed", "err", err)
		writeError(w, http.StatusInternalServerError, "call control failed")
		return
	}
	s.log.Info("console: DTMF mode set", "call", id, "sensitive", *body.Sensitive)
	writeJSON(w, http.StatusOK, body)
}

// qualityJSON is a call leg's last stored quality report.
type qualityJSON struct {
	Leg        string         `json:"leg"`
	ReportedAt time.Time      `json:"reported_at"`
	Stats      quality.Report `json:"stats"`
}

// handleQuality returns the last quality report of each leg of a call, as
// stored when the call ended: [] while it is live or when the store keeps
// none.
func (s *Server) handleQuality(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.st.GetCall(r.Context(), id); err != nil {
		s.storeError(w, r, err)
		return
	}
	out := []qualityJSON{}
	if qs, ok := s.st.(store.QualityStore); ok {
		reports, err := qs.Quality(r.Context(), id)
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		for _, q := range reports {
			out = append(out, qualityJSON{Leg: q.Leg, ReportedAt: q.ReportedAt.UTC(), Stats: q.Report})
		}
	}
	writeJSON(w, http.StatusOK, out)
}
