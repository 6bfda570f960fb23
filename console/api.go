package console

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
)

const (
	defaultListLimit = 100
	maxListLimit     = 1000
	// liveScan is how many recent calls ?live=1 looks through: the store
	// lists newest first without a live filter of its own.
	liveScan = maxListLimit
)

// callJSON is a call as the API shows it.
type callJSON struct {
	ID        string     `json:"id"`
	Channel   string     `json:"channel"`
	Route     string     `json:"route,omitempty"`
	Codec     string     `json:"codec,omitempty"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at"` // null while live
	EndReason string     `json:"end_reason,omitempty"`
	Live      bool       `json:"live"`
}

func toCallJSON(c store.Call) callJSON {
	out := callJSON{
		ID: c.ID, Channel: c.Channel, Route: c.Route, Codec: c.Codec,
		StartedAt: c.StartedAt.UTC(), EndReason: c.EndReason, Live: c.EndedAt.IsZero(),
	}
	if !c.EndedAt.IsZero() {
		t := c.EndedAt.UTC()
		out.EndedAt = &t
	}
	return out
}

// segmentJSON is one final transcript segment, text already redacted.
type segmentJSON struct {
	Seq      int             `json:"seq"`
	Text     string          `json:"text"`
	StartMS  int64           `json:"start_ms"`
	EndMS    int64           `json:"end_ms"`
	Entities []redact.Entity `json:"entities"`
}

// handleCalls lists calls, newest first: ?limit=N (1..1000, default 100),
// ?live=1 for calls that have not ended.
func (s *Server) handleCalls(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := defaultListLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxListLimit {
			writeError(w, http.StatusBadRequest, "limit must be between 1 and 1000")
			return
		}
		limit = n
	}
	live := false
	switch q.Get("live") {
	case "", "0", "false":
	case "1", "true":
		live = true
	default:
		writeError(w, http.StatusBadRequest, "live must be 1 or 0")
		return
	}
	scan := limit
	if live {
		scan = liveScan
	}
	calls, err := s.st.ListCalls(r.Context(), scan)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	out := make([]callJSON, 0, min(len(calls), limit))
	for _, c := range calls {
		if len(out) == limit {
			break
		}
		if live && !c.EndedAt.IsZero() {
			continue
		}
		out = append(out, toCallJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleCall(w http.ResponseWriter, r *http.Request) {
	c, err := s.st.GetCall(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toCallJSON(c))
}

func (s *Server) handleTranscript(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.st.GetCall(r.Context(), id); err != nil {
		s.storeError(w, r, err)
		return
	}
	if !s.auditTranscriptRead(w, r, id) {
		return
	}
	segs, err := s.st.Segments(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	out := make([]segmentJSON, 0, len(segs))
	for _, sg := range segs {
		ents := sg.Redacted.Entities()
		if ents == nil {
			ents = []redact.Entity{}
		}
		out = append(out, segmentJSON{
			Seq: sg.Seq, Text: sg.Redacted.Text(), StartMS: sg.StartMS, EndMS: sg.EndMS, Entities: ents,
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// storeError answers a failed store read: 404 for ErrNotFound, 500 else.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "call not found")
		return
	}
	if r.Context().Err() != nil {
		return // the client went away
	}
	s.log.Error("console: store read failed", "route", r.Pattern, "err", err)
	writeError(w, http.StatusInternalServerError, "store unavailable")
}
