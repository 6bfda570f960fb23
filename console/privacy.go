package console

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/consent"
	"github.com/earshot/earshot/policy/privacy"
)

// adminActor names the console's one role in audit records.
const adminActor = "user:admin"

// consentJSON is the body of POST /api/v1/calls/{id}/consent.
type consentJSON struct {
	State         string `json:"state"`
	Method        string `json:"method"`
	PromptVersion string `json:"prompt_version"`
}

// handleConsent records a consent change of a call: 400 for a bad body,
// 404 for an unknown call, 409 for a change the state machine refuses (or
// a call without an identified caller).
func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	if s.priv == nil {
		writeError(w, http.StatusServiceUnavailable, "privacy service unavailable")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "body must be application/json")
		return
	}
	var body consentJSON
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, `body must be {"state": "granted|denied|withdrawn", "method": "api|agent|dtmf|speech", "prompt_version": "..."}`)
		return
	}
	if body.Method == "" {
		body.Method = string(consent.API)
	}
	if body.Method == string(consent.SIPHeader) {
		writeError(w, http.StatusBadRequest, "method must be api, agent, dtmf or speech")
		return
	}
	id := r.PathValue("id")
	err := s.priv.SetConsent(r.Context(), id, consent.State(body.State), consent.Method(body.Method), adminActor, body.PromptVersion)
	switch {
	case err == nil:
	case errors.Is(err, privacy.ErrInvalid):
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "privacy: "))
		return
	case errors.Is(err, privacy.ErrUnknownCall):
		writeError(w, http.StatusNotFound, "call not found")
		return
	case errors.Is(err, consent.ErrTransition), errors.Is(err, privacy.ErrNoSubject):
		writeError(w, http.StatusConflict, strings.TrimPrefix(strings.TrimPrefix(err.Error(), "privacy: "), "consent: "))
		return
	default:
		s.log.Error("console: consent change failed", "call", id, "err", err)
		writeError(w, http.StatusInternalServerError, "consent change failed")
		return
	}
	state, err := s.priv.Ledger().Current(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.log.Info("console: consent changed", "call", id, "state", string(state))
	writeJSON(w, http.StatusOK, map[string]string{"call_id": id, "state": string(state)})
}

// handleRecording serves a call's recording as WAV, its personal data
// muted; 404 when there is none or it was erased. Every read is audited.
func (s *Server) handleRecording(w http.ResponseWriter, r *http.Request) {
	if s.priv == nil {
		writeError(w, http.StatusNotFound, "no recording")
		return
	}
	id := r.PathValue("id")
	b, err := s.priv.Recording(r.Context(), id, adminActor)
	if errors.Is(err, privacy.ErrNoRecording) {
		writeError(w, http.StatusNotFound, "no recording")
		return
	}
	if err != nil {
		s.log.Error("console: recording read failed", "call", id, "err", err)
		writeError(w, http.StatusInternalServerError, "recording unavailable")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "audio/wav")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="`+id+`.wav"`)
	_, _ = w.Write(b)
}

// handleForget erases a data subject (the number in the path).
func (s *Server) handleForget(w http.ResponseWriter, r *http.Request) {
	if s.priv == nil {
		writeError(w, http.StatusServiceUnavailable, "privacy service unavailable")
		return
	}
	e, err := s.priv.Forget(r.Context(), r.PathValue("number"), adminActor)
	if errors.Is(err, privacy.ErrInvalid) {
		writeError(w, http.StatusBadRequest, "not a phone number or SIP user")
		return
	}
	if err != nil {
		s.log.Error("console: erasure failed", "err", err)
		writeError(w, http.StatusInternalServerError, "erasure failed")
		return
	}
	s.log.Info("console: subject erased", "calls", e.Calls, "recordings", e.Recordings)
	writeJSON(w, http.StatusOK, e)
}

// handleExport returns a data subject's personal-data report.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	if s.priv == nil {
		writeError(w, http.StatusServiceUnavailable, "privacy service unavailable")
		return
	}
	rep, err := s.priv.Export(r.Context(), r.PathValue("number"), adminActor)
	if errors.Is(err, privacy.ErrInvalid) {
		writeError(w, http.StatusBadRequest, "not a phone number or SIP user")
		return
	}
	if err != nil {
		s.log.Error("console: export failed", "err", err)
		writeError(w, http.StatusInternalServerError, "export failed")
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// handleAuditVerify verifies the audit trail: 200 with what was checked,
// or 409 naming the first broken record.
func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) {
	if s.priv == nil {
		writeError(w, http.StatusServiceUnavailable, "privacy service unavailable")
		return
	}
	rep, err := s.priv.VerifyAudit(r.Context())
	if errors.Is(err, audit.ErrBroken) {
		writeJSON(w, http.StatusConflict, map[string]any{"ok": false, "error": err.Error()})
		return
	}
	if err != nil {
		s.log.Error("console: audit verify failed", "err", err)
		writeError(w, http.StatusInternalServerError, "audit verify failed")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "report": rep})
}

// auditRead records a transcript read; a failure to audit refuses the
// read.
func (s *Server) auditTranscriptRead(w http.ResponseWriter, r *http.Request, id string) bool {
	if s.priv == nil {
		return true
	}
	if err := s.priv.AuditTranscriptRead(r.Context(), id, adminActor); err != nil {
		s.log.Error("console: audit transcript read failed", "err", err)
		writeError(w, http.StatusInternalServerError, "audit unavailable")
		return false
	}
	return true
}

// auditLogin records a login or a refused one; failures are logged.
func (s *Server) auditLogin(r *http.Request, ok bool) {
	if s.priv == nil {
		return
	}
	if err := s.priv.AuditLogin(r.Context(), adminActor, ok); err != nil {
		s.log.Error("console: audit login failed", "err", err)
	}
}
