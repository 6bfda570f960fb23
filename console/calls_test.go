package console

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/console/metrics"
	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/policy/store"
)

// fakeCalls records dtmf-mode changes of one live call "live".
type fakeCalls struct {
	mu   sync.Mutex
	sets []bool
}

func (f *fakeCalls) SetDTMFSensitive(id string, on bool) error {
	switch id {
	case "live":
		f.mu.Lock()
		f.sets = append(f.sets, on)
		f.mu.Unlock()
		return nil
	case "broken":
		return errors.New("internal trouble")
	}
	return ErrNoCall
}

func TestDTMFModeEndpoint(t *testing.T) {
	calls := &fakeCalls{}
	h := newHarness(t, func(s *Server) { s.calls = calls })
	jsonHdr := func(auth bool) http.Header {
		hdr := http.Header{"Content-Type": {"application/json"}}
		if auth {
			hdr.Set("Authorization", "Bearer "+h.token)
		}
		return hdr
	}
	for _, tc := range []struct {
		name string
		path string
		hdr  http.Header
		body string
		want int
	}{
		{"on", "/api/v1/calls/live/dtmf-mode", jsonHdr(true), `{"sensitive":true}`, 200},
		{"off", "/api/v1/calls/live/dtmf-mode", jsonHdr(true), `{"sensitive": false}`, 200},
		{"no token", "/api/v1/calls/live/dtmf-mode", jsonHdr(false), `{"sensitive":true}`, 401},
		{"unknown call", "/api/v1/calls/gone/dtmf-mode", jsonHdr(true), `{"sensitive":true}`, 404},
		{"missing field", "/api/v1/calls/live/dtmf-mode", jsonHdr(true), `{}`, 400},
		{"wrong type", "/api/v1/calls/live/dtmf-mode", jsonHdr(true), `{"sensitive":"yes"}`, 400},
		{"unknown field", "/api/v1/calls/live/dtmf-mode", jsonHdr(true), `{"sensitive":true,"digits":"1234"}`, 400},
		{"form post", "/api/v1/calls/live/dtmf-mode", http.Header{"Authorization": {"Bearer " + h.token}, "Content-Type": {"application/x-www-form-urlencoded"}}, `sensitive=true`, 415},
		{"control fails", "/api/v1/calls/broken/dtmf-mode", jsonHdr(true), `{"sensitive":true}`, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := h.do(http.MethodPost, tc.path, tc.hdr, strings.NewReader(tc.body))
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.want, body)
			}
			if tc.want >= 400 {
				decodeError(t, resp, body)
			}
		})
	}
	if got := calls.sets; len(got) != 2 || !got[0] || got[1] {
		t.Errorf("SetDTMFSensitive calls = %v, want [true false]", got)
	}
	resp, _ := h.get("/api/v1/calls/live/dtmf-mode", h.bearer())
	if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET dtmf-mode: %d", resp.StatusCode)
	}

	// Without call control the endpoint says so.
	h2 := newHarness(t, nil)
	resp, body := h2.do(http.MethodPost, "/api/v1/calls/live/dtmf-mode",
		http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + h2.token}}, strings.NewReader(`{"sensitive":true}`))
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("no call control: %d %s", resp.StatusCode, body)
	}
}

func TestMetricsRoute(t *testing.T) {
	reg := metrics.NewRegistry()
	reg.Counter("earshot_test_total", "A test counter.").Inc()
	bus := events.NewBus()
	defer bus.Close()
	s, err := New(Config{Bus: bus, Store: newMemStore(), Metrics: reg.Handler()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != metrics.ContentType || !strings.Contains(rec.Body.String(), "earshot_test_total 1\n") {
		t.Errorf("GET /metrics: %d %q\n%s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	// Without a registry there is no such page.
	s2, err := New(Config{Bus: bus, Store: newMemStore()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	rec = httptest.NewRecorder()
	s2.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /metrics without registry: %d", rec.Code)
	}
}

// qualityMemStore is a memStore that also keeps quality reports.
type qualityMemStore struct {
	*memStore
	reports []store.QualityReport
}

func (q *qualityMemStore) PutQuality(_ context.Context, callID, leg string, r quality.Report) error {
	q.reports = append(q.reports, store.QualityReport{CallID: callID, Leg: leg, ReportedAt: time.Now(), Report: r})
	return nil
}

func (q *qualityMemStore) Quality(_ context.Context, id string) ([]store.QualityReport, error) {
	var out []store.QualityReport
	for _, r := range q.reports {
		if r.CallID == id {
			out = append(out, r)
		}
	}
	return out, nil
}

func (q *qualityMemStore) DeleteQualityBefore(context.Context, time.Time) (int64, error) {
	return 0, nil
}

func TestQualityEndpoint(t *testing.T) {
	qs := &qualityMemStore{memStore: newMemStore()}
	at := time.Date(2025, 3, 1, 9, 0, 30, 0, time.UTC)
	ctx := context.Background()
	if err := qs.CreateCall(ctx, store.Call{ID: "c1", Channel: "sip", Codec: "PCMU", StartedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := qs.CreateCall(ctx, store.Call{ID: "c2", Channel: "sip", Codec: "PCMU", StartedAt: at}); err != nil {
		t.Fatal(err)
	}
	qs.reports = []store.QualityReport{{CallID: "c1", Leg: "caller", ReportedAt: at, Report: quality.Report{PacketsReceived: 7, MOS: 4.3, MOSMethod: "g107"}}}
	bus := events.NewBus()
	defer bus.Close()
	s, err := New(Config{Bus: bus, Store: qs})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tok, err := EnsureAdminToken(ctx, qs, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		code int
		body string
	}{
		{"/api/v1/calls/c1/quality", 200, `[{"leg":"caller","reported_at":"2025-03-01T09:00:30Z","stats":{"packetsReceived":7,"packetsLost":0,"packetsDiscarded":0,"fractionLost":0,"jitter":0,"concealedSamples":0,"concealmentEvents":0,"jitterBufferDelay":0,"jitterBufferEmittedCount":0,"mos":4.3,"mos_method":"g107","r_factor":0}}]`},
		{"/api/v1/calls/c2/quality", 200, `[]`},
		{"/api/v1/calls/nope/quality", 404, `{"error":"call not found"}`},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", tc.path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != tc.code || strings.TrimSpace(rec.Body.String()) != tc.body {
			t.Errorf("GET %s = %d %s, want %d %s", tc.path, rec.Code, rec.Body.String(), tc.code, tc.body)
		}
	}
}
