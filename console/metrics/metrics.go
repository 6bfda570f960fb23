// Package metrics is a small registry of Prometheus metrics written in the
// text exposition format (version 0.0.4,
// https://prometheus.io/docs/instrumenting/exposition_formats/): counters,
// gauges and histograms without labels.
//
// There are no labels on purpose: a label carrying a call ID, a phone
// number or an address would turn the metrics into a per-caller record,
// and unbounded label values are also how a scrape endpoint runs out of
// memory. Names follow the Prometheus conventions: base units (seconds,
// not milliseconds), "_total" on counters; Register enforces the name
// syntax and the "_total" suffix.
//
// All metric methods are safe for concurrent use and do not allocate.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

var nameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)

// Registry holds metrics in registration order.
type Registry struct {
	mu      sync.Mutex
	metrics []metric
	names   map[string]bool
}

type metric interface {
	write(w *bufio.Writer)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{names: make(map[string]bool)} }

func (r *Registry) add(name, help string, isCounter bool, m metric) {
	if !nameRE.MatchString(name) {
		panic(fmt.Sprintf("metrics: invalid name %q", name))
	}
	if isCounter != strings.HasSuffix(name, "_total") {
		panic(fmt.Sprintf("metrics: %q: counters, and only counters, end in _total", name))
	}
	if strings.ContainsAny(help, "\n\\") {
		panic(fmt.Sprintf("metrics: %q: help text with a newline or backslash", name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[name] {
		panic(fmt.Sprintf("metrics: %q registered twice", name))
	}
	r.names[name] = true
	r.metrics = append(r.metrics, m)
}

// Counter registers a counter. Registering an invalid or duplicate name
// panics: metric names are fixed at build time.
func (r *Registry) Counter(name, help string) *Counter {
	c := &Counter{name: name, help: help}
	r.add(name, help, true, c)
	return c
}

// Gauge registers a gauge.
func (r *Registry) Gauge(name, help string) *Gauge {
	g := &Gauge{name: name, help: help}
	r.add(name, help, false, g)
	return g
}

// Histogram registers a histogram with the given upper bucket bounds
// (increasing; +Inf is added).
func (r *Registry) Histogram(name, help string, buckets []float64) *Histogram {
	if len(buckets) == 0 || !slices.IsSorted(buckets) {
		panic(fmt.Sprintf("metrics: %q: buckets must be increasing", name))
	}
	h := &Histogram{name: name, help: help, bounds: slices.Clone(buckets), counts: make([]atomic.Uint64, len(buckets)+1)}
	r.add(name, help, false, h)
	return h
}

// WriteTo writes every metric in the text exposition format.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	ms := slices.Clone(r.metrics)
	r.mu.Unlock()
	cw := &countWriter{w: w}
	bw := bufio.NewWriter(cw)
	for _, m := range ms {
		m.write(bw)
	}
	err := bw.Flush()
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Handler serves the registry for scraping.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = r.WriteTo(w) // the scraper went away: nothing to do
	})
}

func header(w *bufio.Writer, name, help, typ string) {
	w.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " " + typ + "\n")
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// floatBits is a float64 updated atomically.
type floatBits struct{ bits atomic.Uint64 }

func (f *floatBits) load() float64 { return math.Float64frombits(f.bits.Load()) }

func (f *floatBits) add(v float64) {
	for {
		old := f.bits.Load()
		if f.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// Counter only goes up.
type Counter struct {
	name, help string
	v          floatBits
}

// Add adds v, which must not be negative (negative values are ignored).
func (c *Counter) Add(v float64) {
	if v > 0 {
		c.v.add(v)
	}
}

// Inc adds 1.
func (c *Counter) Inc() { c.v.add(1) }

// Value returns the count.
func (c *Counter) Value() float64 { return c.v.load() }

func (c *Counter) write(w *bufio.Writer) {
	header(w, c.name, c.help, "counter")
	w.WriteString(c.name + " " + formatFloat(c.v.load()) + "\n")
}

// Gauge goes up and down.
type Gauge struct {
	name, help string
	v          floatBits
}

// Add adds v (negative to decrease).
func (g *Gauge) Add(v float64) { g.v.add(v) }

// Set sets the value.
func (g *Gauge) Set(v float64) { g.v.bits.Store(math.Float64bits(v)) }

// Value returns the value.
func (g *Gauge) Value() float64 { return g.v.load() }

func (g *Gauge) write(w *bufio.Writer) {
	header(w, g.name, g.help, "gauge")
	w.WriteString(g.name + " " + formatFloat(g.v.load()) + "\n")
}

// Histogram counts observations in cumulative buckets.
type Histogram struct {
	name, help string
	bounds     []float64
	counts     []atomic.Uint64 // per bucket, not cumulative; last is +Inf
	sum        floatBits
	count      atomic.Uint64
}

// Observe records v. NaN is ignored.
func (h *Histogram) Observe(v float64) {
	if math.IsNaN(v) {
		return
	}
	i, _ := slices.BinarySearch(h.bounds, v) // first bound >= v
	h.counts[i].Add(1)
	h.sum.add(v)
	h.count.Add(1)
}

// Count returns the number of observations.
func (h *Histogram) Count() uint64 { return h.count.Load() }

func (h *Histogram) write(w *bufio.Writer) {
	header(w, h.name, h.help, "histogram")
	var cum uint64
	for i, b := range h.bounds {
		cum += h.counts[i].Load()
		w.WriteString(h.name + `_bucket{le="` + formatFloat(b) + `"} ` + strconv.FormatUint(cum, 10) + "\n")
	}
	cum += h.counts[len(h.bounds)].Load()
	w.WriteString(h.name + `_bucket{le="+Inf"} ` + strconv.FormatUint(cum, 10) + "\n")
	w.WriteString(h.name + "_sum " + formatFloat(h.sum.load()) + "\n")
	w.WriteString(h.name + "_count " + strconv.FormatUint(cum, 10) + "\n")
}
