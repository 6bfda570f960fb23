package metrics

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestExposition(t *testing.T) {
	r := NewRegistry()
	calls := r.Counter("earshot_calls_total", "Calls started.")
	active := r.Gauge("earshot_calls_active", "Calls in progress.")
	jitter := r.Histogram("earshot_rtp_jitter_seconds", "Interarrival jitter.", []float64{0.01, 0.05})
	calls.Inc()
	calls.Add(2)
	calls.Add(-5) // ignored: counters only go up
	active.Add(3)
	active.Add(-1)
	for _, v := range []float64{0.002, 0.01, 0.03, 0.2} {
		jitter.Observe(v)
	}
	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	want := `# HELP earshot_calls_total Calls started.
# TYPE earshot_calls_total counter
earshot_calls_total 3
# HELP earshot_calls_active Calls in progress.
# TYPE earshot_calls_active gauge
earshot_calls_active 2
# HELP earshot_rtp_jitter_seconds Interarrival jitter.
# TYPE earshot_rtp_jitter_seconds histogram
earshot_rtp_jitter_seconds_bucket{le="0.01"} 2
earshot_rtp_jitter_seconds_bucket{le="0.05"} 3
earshot_rtp_jitter_seconds_bucket{le="+Inf"} 4
earshot_rtp_jitter_seconds_sum 0.242
earshot_rtp_jitter_seconds_count 4
`
	if b.String() != want {
		t.Errorf("exposition:\n%s\nwant:\n%s", b.String(), want)
	}

	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); ct != ContentType || rec.Body.String() != want {
		t.Errorf("handler: %q\n%s", ct, rec.Body.String())
	}
}

func TestRegistrationRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		reg  func(r *Registry)
	}{
		{"counter without _total", func(r *Registry) { r.Counter("earshot_calls", "x") }},
		{"gauge with _total", func(r *Registry) { r.Gauge("earshot_calls_total", "x") }},
		{"bad name", func(r *Registry) { r.Gauge("earshot-calls", "x") }},
		{"duplicate", func(r *Registry) { r.Gauge("a", "x"); r.Gauge("a", "y") }},
		{"unsorted buckets", func(r *Registry) { r.Histogram("h", "x", []float64{2, 1}) }},
		{"newline in help", func(r *Registry) { r.Gauge("g", "a\nb") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tc.reg(NewRegistry())
		})
	}
}

func TestConcurrentUpdates(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c_total", "c")
	h := r.Histogram("h", "h", []float64{1})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Inc()
				h.Observe(0.5)
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			var b strings.Builder
			if _, err := r.WriteTo(&b); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if c.Value() != 8000 || h.Count() != 8000 {
		t.Errorf("counter %v, histogram count %d; want 8000", c.Value(), h.Count())
	}
}

func BenchmarkObserve(b *testing.B) {
	h := NewRegistry().Histogram("h", "h", []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1})
	b.ReportAllocs()
	for b.Loop() {
		h.Observe(0.07)
	}
}
