package loadtest

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// WriteHTML renders r as one self-contained HTML page: inline CSS, plots
// as inline SVG drawn here, no scripts and nothing fetched from elsewhere.
func WriteHTML(w io.Writer, r *Report) error {
	if r == nil {
		r = &Report{}
	}
	return pageTmpl.Execute(w, buildPage(r))
}

type page struct {
	Started, Duration, Command string
	Info, Summary              []table
	Verdicts                   []Verdict
	Plots                      []plotPart
}

// table is a captioned table; Head is optional.
type table struct {
	Title string
	Head  []string
	Rows  [][]string
}

// plotPart is one plot, or a note saying why there is none.
type plotPart struct {
	Title, Note string
	Fig         *figure
}

func buildPage(r *Report) page {
	p := page{Started: "unknown", Duration: ff(r.Duration, 1) + " s", Command: r.Config.Command, Verdicts: r.Verdicts}
	if !r.Started.IsZero() {
		p.Started = r.Started.Format("2006-01-02 15:04:05 MST")
	}
	m, c := r.Machine, r.Config
	p.Info = []table{
		{Title: "Machine", Rows: [][]string{{"hostname", m.Hostname}, {"CPUs", strconv.Itoa(m.CPUs)},
			{"CPU model", m.CPUModel}, {"kernel", m.Kernel}, {"Go", m.Go}}},
		{Title: "Config", Rows: [][]string{{"target", c.Target}, {"calls", strconv.Itoa(c.Calls)},
			{"rate", ff(c.Rate, 2) + " calls/s"}, {"hold", ff(c.Hold, 1) + " s"}, {"codec", c.Codec},
			{"audio", strings.Join(c.Audio, ", ")}, {"console events", strconv.FormatBool(c.Events)},
			{"impairment", cmp.Or(c.Impair, "none")}}},
	}
	p.Summary = summaryTables(r)
	p.Plots = plots(r)
	return p
}

func summaryTables(r *Report) []table {
	cc := r.Calls
	calls := table{Title: "Calls", Rows: [][]string{{"attempted", strconv.Itoa(cc.Attempted)},
		{"answered", strconv.Itoa(cc.Answered)}, {"failed", strconv.Itoa(cc.Failed)},
		{"completed", strconv.Itoa(cc.Completed)}, {"max active", strconv.Itoa(cc.MaxActive)},
		{"server call IDs seen", strconv.Itoa(cc.ServerIDs)}, {"with quality reports", strconv.Itoa(cc.WithReports)}}}
	for _, k := range slices.Sorted(maps.Keys(cc.Failures)) {
		calls.Rows = append(calls.Rows, []string{"failed: " + k, strconv.Itoa(cc.Failures[k])})
	}
	lat := table{Title: "Latency (ms)", Head: []string{"", "n", "mean", "p50", "p90", "p95", "p99", "max"}}
	names := []string{"call setup (INVITE → 200 OK)", "final transcript (speech end → final)", "interval between partials"}
	for i, d := range []Dist{r.Setup, r.FinalLatency, r.PartialInterval} {
		row := []string{names[i], strconv.Itoa(d.N)}
		for _, v := range []float64{d.Mean, d.P50, d.P90, d.P95, d.P99, d.Max} {
			if d.N == 0 {
				v = math.NaN() // shown as n/a
			}
			row = append(row, ff(v, 1))
		}
		lat.Rows = append(lat.Rows, row)
	}
	tables := []table{calls, lat}
	if w := r.WER; w != nil {
		tables = append(tables, table{Title: "Word error rate", Rows: [][]string{{"WER", ff(w.Rate*100, 2) + " %"},
			{"errors / reference words", fmt.Sprintf("%d / %d", w.Errors, w.RefWords)}, {"calls", strconv.Itoa(w.Calls)}}})
	}
	pk := r.Packets
	lost := "n/a"
	if pk.LostOrLate >= 0 { // false for NaN too
		lost = ff(pk.LostOrLate*100, 3) + " %"
	}
	tables = append(tables, table{Title: "RTP packets", Rows: [][]string{{"sent", fmt.Sprint(pk.Sent)},
		{"sent on reported calls", fmt.Sprint(pk.SentReported)}, {"received", fmt.Sprint(pk.Received)},
		{"lost", fmt.Sprint(pk.Lost)}, {"late", fmt.Sprint(pk.Late)}, {"lost or late", lost}}})
	res := table{Title: "CPU and memory", Head: []string{"", "source", "CPU s", "steady cores", "per-call cores", "peak RSS MB"}}
	for i, x := range []Resources{r.Target, r.Tester} {
		src := cmp.Or(x.Source, "unknown")
		if x.PID != 0 {
			src += fmt.Sprintf(" (pid %d)", x.PID)
		}
		res.Rows = append(res.Rows, []string{[]string{"target", "tester"}[i], src, ff(x.CPUSeconds, 1),
			ff(x.CPUSteady, 3), ff(x.PerCall, 4), ff(x.PeakRSS, 1)})
	}
	tables = append(tables, res)
	if s := r.STT; s.Known {
		tables = append(tables, table{Title: "Speech recognition health", Rows: [][]string{
			{"audio dropped", ff(s.DroppedSeconds, 1) + " s"}, {"max backlog", ff(s.MaxBacklog, 2) + " s"},
			{"backlog at end", ff(s.EndBacklog, 2) + " s"}}})
	}
	return tables
}

const (
	histBins          = 30
	realTimeTargetMS  = 1500.0
	blue, red, orange = "#1f77b4", "#d62728", "#ff7f0e"
	green, purple     = "#2ca02c", "#9467bd"
)

func plots(r *Report) []plotPart {
	sd, fd := summarize(finiteValues(r.SetupSamples)), summarize(finiteValues(r.FinalLatencySamples))
	return append([]plotPart{
		{Title: "Call setup latency", Note: "no answered calls", Fig: histFigure("Call setup latency",
			"INVITE → 200 OK (ms)", "calls", r.SetupSamples, []marker{{sd.P50, "p50", green, false},
				{sd.P99, "p99", red, false}}, "Lines mark p50 and p99.")},
		{Title: "Final transcript latency", Note: "no final transcripts", Fig: histFigure("Final transcript latency",
			"speech end → final transcript (ms)", "transcripts", r.FinalLatencySamples, []marker{{fd.P95, "p95", red, false},
				{realTimeTargetMS, "target", textColor, true}}, "The solid line marks p95; the dashed line is the real-time target of 1500 ms.")},
	}, timelineFigures(r.Timeline)...)
}

// marker is a labelled vertical line on a histogram.
type marker struct {
	v            float64
	label, color string
	dash         bool
}

// histFigure is the histogram of v with markers, nil without finite values.
func histFigure(title, xTitle, yTitle string, v []float64, marks []marker, about string) *figure {
	v = finiteValues(v)
	if len(v) == 0 {
		return nil
	}
	h, vlo, vhi := binHistogram(v, histBins), slices.Min(v), slices.Max(v)
	lo, hi := h.edges[0], h.edges[len(h.edges)-1]
	for _, m := range marks { // markers are finite, and > 0 on a log histogram
		lo, hi = min(lo, m.v), max(hi, m.v)
	}
	x, bins := niceAxis(lo, hi, 8), fmt.Sprintf("%d equal-width bins", len(h.counts))
	switch {
	case h.log:
		x, bins = logAxis(lo, hi), fmt.Sprintf("%d log-spaced bins (the values span more than two decades)", len(h.counts))
	case len(h.counts) == 1:
		bins = "one bin (all values are equal)"
	}
	caption := fmt.Sprintf("%s: %d values from %s to %s ms in %s. %s", title, len(v), ff(vlo, 1), ff(vhi, 1), bins, about)
	p := newPlot(title, caption, x, niceAxis(0, float64(slices.Max(h.counts)), 5))
	p.axes(xTitle, yTitle)
	for i, c := range h.counts {
		if c == 0 {
			continue
		}
		x0, x1, y := p.x.at(h.edges[i]), p.x.at(h.edges[i+1]), p.y.at(float64(c))
		p.fig.Rects = append(p.fig.Rects, svgRect{x0, y, max(x1-x0-1, 2), p.y.at(0) - y, blue})
	}
	for i, m := range marks {
		px := p.x.at(m.v)
		p.fig.Lines = append(p.fig.Lines, svgLine{px, padT, px, figH - padB, m.color, 2, m.dash})
		tx, anchor := px+4, "start"
		if px > figW-padR-120 { // label left of lines near the right edge
			tx, anchor = px-4, "end"
		}
		p.text(tx, padT+12+14*float64(i), anchor, fmt.Sprintf("%s %s ms", m.label, ff(m.v, 1)), m.color, false)
	}
	return p.fig
}

func timelineFigures(tl []Sample) []plotPart {
	load := plotPart{Title: "Calls and CPU over time", Note: "no timeline samples"}
	mem := plotPart{Title: "Target memory and speech recognition backlog", Note: "no timeline samples"}
	if len(tl) == 0 {
		return []plotPart{load, mem}
	}
	var ts, active, tcpu, scpu, rss, bt, bl []float64
	for _, s := range tl {
		ts, active = append(ts, s.T), append(active, float64(s.Active))
		tcpu, scpu, rss = append(tcpu, s.TargetCPU), append(scpu, s.TesterCPU), append(rss, s.TargetRSS)
		if s.Backlog >= 0 {
			bt, bl = append(bt, s.T), append(bl, s.Backlog)
		}
	}
	tlo, thi := extent(ts)
	x := niceAxis(tlo, thi, 10)
	p := newPlot(load.Title, "Sampled once a second: concurrent calls (left axis), CPU use of the target "+
		"and of the tester in cores (right axis; 1.0 is one core busy all the time).", x, niceAxis(0, fmax(active), 5))
	p.axes("time since start (s)", "concurrent calls")
	p.rightAxis(niceAxis(0, fmax(tcpu, scpu), 5), "CPU (cores)")
	p.series(ts, active, p.y, blue)
	p.series(ts, tcpu, p.y2, red)
	p.series(ts, scpu, p.y2, orange)
	p.legend([2]string{"concurrent calls", blue}, [2]string{"target CPU", red}, [2]string{"tester CPU", orange})
	load.Fig = p.fig

	caption := "Sampled once a second: resident memory of the target (left axis)"
	if len(bt) > 0 {
		caption += " and the audio queued for its speech recognisers (right axis)"
	} else {
		caption += "; the speech recognition backlog was not known"
	}
	p = newPlot(mem.Title, caption+".", x, niceAxis(0, fmax(rss), 5))
	p.axes("time since start (s)", "target RSS (MB)")
	p.series(ts, rss, p.y, purple)
	legend := [][2]string{{"target RSS", purple}}
	if len(bt) > 0 {
		p.rightAxis(niceAxis(0, fmax(bl), 5), "STT backlog (s)")
		p.series(bt, bl, p.y2, green)
		legend = append(legend, [2]string{"STT backlog", green})
	}
	p.legend(legend...)
	mem.Fig = p.fig
	return []plotPart{load, mem}
}

// histogram counts values into bins; edges has one more entry than counts.
type histogram struct {
	edges  []float64
	counts []int
	log    bool
}

// binHistogram puts the finite values of v into n bins between their
// minimum and maximum, log-spaced when all are positive and they span
// more than two decades. Equal values get one bin 1 wide around them.
func binHistogram(v []float64, n int) histogram {
	v = finiteValues(v)
	if len(v) == 0 {
		return histogram{}
	}
	lo, hi := slices.Min(v), slices.Max(v)
	h := histogram{log: lo > 0 && hi/lo > 100}
	if hi == lo || n < 1 {
		lo, hi, n = lo-0.5, hi+0.5, 1
	}
	f := func(x float64) float64 { return x }
	if h.log {
		f = math.Log10
	}
	a, b := f(lo), f(hi)
	h.edges, h.counts = make([]float64, n+1), make([]int, n)
	for i := range h.edges {
		e := a + (b-a)*float64(i)/float64(n)
		if h.log {
			e = math.Pow(10, e)
		}
		h.edges[i] = e
	}
	h.edges[0], h.edges[n] = lo, hi
	for _, x := range v {
		h.counts[min(max(int((f(x)-a)/(b-a)*float64(n)), 0), n-1)]++
	}
	return h
}

// axis maps values in [lo, hi] to pixels a..b, with ticks step apart (or
// at powers of ten when log).
type axis struct {
	lo, hi, step float64
	log          bool
	a, b         float64
}

// niceStep is the smallest of 1, 2 or 5 times a power of ten >= raw.
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// niceAxis covers [lo, hi] with at most about n+1 ticks a nice step apart.
func niceAxis(lo, hi float64, n int) axis {
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo { // widen by half the value each way, or to 0..1
		if d := math.Abs(lo) / 2; d > 0 {
			lo, hi = lo-d, hi+d
		} else {
			hi = 1
		}
	}
	step := niceStep((hi - lo) / float64(max(n, 1)))
	return axis{lo: math.Floor(lo/step+1e-9) * step, hi: math.Ceil(hi/step-1e-9) * step, step: step}
}

// logAxis covers [lo, hi] (both > 0) with whole decades.
func logAxis(lo, hi float64) axis {
	return axis{lo: math.Pow(10, math.Floor(math.Log10(lo))), hi: math.Pow(10, math.Ceil(math.Log10(hi))), log: true}
}

func (ax axis) ticks() []float64 {
	var t []float64
	if ax.log {
		for e := math.Log10(ax.lo); e <= math.Log10(ax.hi)+1e-9; e++ {
			t = append(t, math.Pow(10, math.Round(e)))
		}
		return t
	}
	for i := 0; i <= int(math.Round((ax.hi-ax.lo)/ax.step)) && i <= 100; i++ {
		v := ax.lo + float64(i)*ax.step
		if math.Abs(v) < ax.step*1e-9 {
			v = 0
		}
		t = append(t, v)
	}
	return t
}

func (ax axis) label(v float64) string {
	if ax.log {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ff(v, max(0, int(-math.Floor(math.Log10(ax.step)+1e-9))))
}

// at is the pixel position of v, clamped to the axis.
func (ax axis) at(v float64) float64 {
	lo, hi := ax.lo, ax.hi
	if ax.log {
		lo, hi, v = math.Log10(lo), math.Log10(hi), math.Log10(max(v, lo))
	}
	if !(hi > lo) || !finite(v) {
		return ax.a
	}
	return ax.a + (min(max(v, lo), hi)-lo)/(hi-lo)*(ax.b-ax.a)
}

// Plot geometry in SVG user units.
const (
	figW, figH                      = 880, 320
	padL, padR, padT, padB          = 70, 70, 30, 48
	gridColor, axisColor, textColor = "#e3e3e3", "#555555", "#333333"
)

// figure is what the svg template draws.
type figure struct {
	W, H           int
	Title, Caption string
	Grid, Lines    []svgLine
	Rects          []svgRect
	Polys          []svgPoly
	Texts          []svgText
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Color          string
	Width          float64
	Dash           bool
}
type svgRect struct {
	X, Y, W, H float64
	Color      string
}
type svgPoly struct{ Points, Color string }
type svgText struct {
	X, Y                float64
	Anchor, Text, Color string
	Rot                 bool
}

type plot struct {
	fig      *figure
	x, y, y2 axis
}

func newPlot(title, caption string, x, y axis) *plot {
	x.a, x.b = padL, figW-padR
	y.a, y.b = figH-padB, padT
	return &plot{fig: &figure{W: figW, H: figH, Title: title, Caption: caption}, x: x, y: y}
}

func (p *plot) text(x, y float64, anchor, s, color string, rot bool) {
	p.fig.Texts = append(p.fig.Texts, svgText{x, y, anchor, s, color, rot})
}

// axes draws the frame, grid, ticks, tick labels and axis titles.
func (p *plot) axes(xTitle, yTitle string) {
	top, bottom, left, right := float64(padT), float64(figH-padB), float64(padL), float64(figW-padR)
	for _, t := range p.x.ticks() {
		x := p.x.at(t)
		p.fig.Grid = append(p.fig.Grid, svgLine{x, top, x, bottom, gridColor, 1, false}, svgLine{x, bottom, x, bottom + 5, axisColor, 1, false})
		p.text(x, bottom+18, "middle", p.x.label(t), textColor, false)
	}
	for _, t := range p.y.ticks() {
		y := p.y.at(t)
		p.fig.Grid = append(p.fig.Grid, svgLine{left, y, right, y, gridColor, 1, false}, svgLine{left - 5, y, left, y, axisColor, 1, false})
		p.text(left-8, y+4, "end", p.y.label(t), textColor, false)
	}
	p.fig.Lines = append(p.fig.Lines, svgLine{left, top, left, bottom, axisColor, 1, false}, svgLine{left, bottom, right, bottom, axisColor, 1, false})
	p.text((left+right)/2, figH-8, "middle", xTitle, textColor, false)
	p.text(16, (top+bottom)/2, "middle", yTitle, textColor, true)
}

// rightAxis adds a second y axis on the right for p.y2.
func (p *plot) rightAxis(ax axis, title string) {
	ax.a, ax.b = p.y.a, p.y.b
	p.y2 = ax
	right := float64(figW - padR)
	for _, t := range ax.ticks() {
		y := ax.at(t)
		p.fig.Grid = append(p.fig.Grid, svgLine{right, y, right + 5, y, axisColor, 1, false})
		p.text(right+8, y+4, "start", ax.label(t), textColor, false)
	}
	p.fig.Lines = append(p.fig.Lines, svgLine{right, padT, right, figH - padB, axisColor, 1, false})
	p.text(figW-12, (padT+figH-padB)/2, "middle", title, textColor, true)
}

// series draws the finite points (xs[i], ys[i]) as a polyline against y
// (a small square when there is only one).
func (p *plot) series(xs, ys []float64, y axis, color string) {
	var pts []string
	var px, py float64
	for i := range min(len(xs), len(ys)) {
		if finite(xs[i]) && finite(ys[i]) {
			px, py = p.x.at(xs[i]), y.at(ys[i])
			pts = append(pts, num(px)+","+num(py))
		}
	}
	switch {
	case len(pts) == 1:
		p.fig.Rects = append(p.fig.Rects, svgRect{px - 3, py - 3, 6, 6, color})
	case len(pts) > 1:
		p.fig.Polys = append(p.fig.Polys, svgPoly{strings.Join(pts, " "), color})
	}
}

// legend writes name/colour pairs in a row above the plot area.
func (p *plot) legend(items ...[2]string) {
	x := float64(padL)
	for _, it := range items {
		p.fig.Lines = append(p.fig.Lines, svgLine{x, 12, x + 18, 12, it[1], 3, false})
		p.text(x+24, 16, "start", it[0], textColor, false)
		x += 24 + 7*float64(len(it[0])) + 24
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// finiteValues is a copy of v without NaN and infinities.
func finiteValues(v []float64) []float64 {
	return slices.DeleteFunc(slices.Clone(v), func(x float64) bool { return !finite(x) })
}

// extent is the range of the finite values in vs, 0, 0 without any.
func extent(vs ...[]float64) (lo, hi float64) {
	if v := finiteValues(slices.Concat(vs...)); len(v) > 0 {
		lo, hi = slices.Min(v), slices.Max(v)
	}
	return lo, hi
}

// fmax is the largest finite value in vs, 0 without any.
func fmax(vs ...[]float64) float64 {
	_, hi := extent(vs...)
	return hi
}

// ff formats x with prec decimals, "n/a" when it is not a finite number.
func ff(x float64, prec int) string {
	if !finite(x) {
		return "n/a"
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

// num formats an SVG coordinate.
func num(x float64) string {
	if !finite(x) {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{"n": num}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Earshot load test</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:940px;margin:1.5em auto;padding:0 1em}
h2{border-bottom:1px solid #ccc;margin-top:1.6em} pre{background:#f3f3f3;padding:6px 8px;white-space:pre-wrap;word-break:break-all}
.info{display:flex;flex-wrap:wrap;gap:0 2em} table{border-collapse:collapse;margin:.4em 0 1.2em}
caption{text-align:left;font-weight:bold;padding:2px 0} th{background:#f3f3f3}
th,td{border:1px solid #ddd;padding:3px 9px;text-align:right} th:first-child,td:first-child{text-align:left}
ul.verdicts{list-style:none;padding:0} .verdicts li{margin:4px 0;padding:5px 9px;border-left:6px solid}
.pass{background:#e7f4e8;border-color:#2e7d32} .pass b{color:#2e7d32} .fail{background:#fdeaea;border-color:#c62828} .fail b{color:#c62828}
figure{margin:.5em 0 1.5em} figcaption{color:#555;font-size:13px} svg{max-width:100%;height:auto} svg text{font:12px sans-serif}
</style></head><body>
<h1>Earshot load test</h1>
<p>Started {{.Started}}; ran for {{.Duration}}.</p>
{{with .Command}}<pre>{{.}}</pre>{{end}}
<div class="info">{{range .Info}}{{template "table" .}}{{end}}</div>
<h2>Verdicts</h2>
{{if .Verdicts}}<ul class="verdicts">{{range .Verdicts}}<li class="{{if .Pass}}pass{{else}}fail{{end}}"><b>{{if .Pass}}PASS{{else}}FAIL{{end}}</b> {{.Name}}{{with .Detail}}: {{.}}{{end}}</li>
{{end}}</ul>{{else}}<p>No verdicts.</p>{{end}}
<h2>Summary</h2>
{{range .Summary}}{{template "table" .}}
{{end}}<h2>Plots</h2>
{{range .Plots}}<h3>{{.Title}}</h3>
{{with .Fig}}<figure>{{template "svg" .}}<figcaption>{{.Caption}}</figcaption></figure>{{else}}<p>{{.Note}}</p>{{end}}
{{end}}</body></html>
{{define "table"}}<table><caption>{{.Title}}</caption>{{with .Head}}<thead><tr>{{range .}}<th>{{.}}</th>{{end}}</tr></thead>{{end}}
<tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody></table>{{end}}
{{define "line"}}<line x1="{{n .X1}}" y1="{{n .Y1}}" x2="{{n .X2}}" y2="{{n .Y2}}" stroke="{{.Color}}" stroke-width="{{n .Width}}"{{if .Dash}} stroke-dasharray="6 4"{{end}}/>{{end}}
{{define "svg"}}<svg width="{{.W}}" height="{{.H}}" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.Title}}">
<rect x="0" y="0" width="{{.W}}" height="{{.H}}" fill="#ffffff"/>
{{range .Grid}}{{template "line" .}}{{end}}
{{range .Rects}}<rect x="{{n .X}}" y="{{n .Y}}" width="{{n .W}}" height="{{n .H}}" fill="{{.Color}}"/>{{end}}
{{range .Polys}}<polyline points="{{.Points}}" fill="none" stroke="{{.Color}}" stroke-width="2" stroke-linejoin="round"/>{{end}}
{{range .Lines}}{{template "line" .}}{{end}}
{{range .Texts}}<text x="{{n .X}}" y="{{n .Y}}" text-anchor="{{.Anchor}}" fill="{{.Color}}" stroke="#ffffff" stroke-width="3" paint-order="stroke"{{if .Rot}} transform="rotate(-90 {{n .X}} {{n .Y}})"{{end}}>{{.Text}}</text>{{end}}
</svg>{{end}}`))
