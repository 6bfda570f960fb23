package loadtest

import (
	"bytes"
	"context"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// sampleReport is a filled-in report of a 100-call run with a
// deterministic spread of latencies.
func sampleReport() *Report {
	rng := rand.New(rand.NewPCG(1, 2))
	setup := make([]float64, 400)
	for i := range setup {
		setup[i] = 20 * math.Exp(0.6*rng.NormFloat64()) // log-normal around 20 ms
	}
	final := make([]float64, 250)
	for i := range final {
		final[i] = 700 + 250*rng.NormFloat64()
	}
	r := &Report{
		Started:  time.Date(2025, 3, 4, 10, 20, 30, 0, time.UTC),
		Duration: 61.5,
		Machine:  Machine{Hostname: "loadbox", CPUs: 2, CPUModel: "Example CPU @ 2.0GHz", Kernel: "6.1.0", Go: "go1.26.8"},
		Config: RunConfig{Target: "sip:gw.example:5060", Calls: 100, Rate: 5, Hold: 30, Codec: "PCMU",
			Audio: []string{"a.wav", "b.wav"}, Events: true, Impair: "loss=1%",
			Command: "earshot loadtest -calls 100 -rate 5"},
		Calls: CallCounts{Attempted: 100, Answered: 97, Failed: 3, Completed: 97, MaxActive: 96,
			Failures: map[string]int{"503 Service Unavailable": 2, "408 timeout": 1}, ServerIDs: 97, WithReports: 95},
		SetupSamples:        slices.Clone(setup),
		FinalLatencySamples: slices.Clone(final),
		Setup:               summarize(setup),
		FinalLatency:        summarize(final),
		PartialInterval:     Dist{N: 1000, Mean: 210, P50: 200, P90: 260, P95: 300, P99: 420, Max: 900},
		WER:                 &WER{RefWords: 5000, Errors: 412, Rate: 0.0824, Calls: 95},
		Packets:             Packets{Sent: 150000, Received: 149800, Lost: 200, Late: 12, LostOrLate: 0.00141333, SentReported: 150000},
		Target:              Resources{Source: "proc", PID: 4242, CPUSeconds: 55.2, CPUSteady: 1.2, PerCall: 0.0125, PeakRSS: 512.5},
		Tester:              Resources{Source: "proc", PID: 4243, CPUSeconds: 20.1, CPUSteady: 0.4, PerCall: 0.0042, PeakRSS: 80.2},
		STT:                 STTHealth{Known: true, DroppedSeconds: 0, MaxBacklog: 0.8, EndBacklog: 0.1},
		Verdicts: []Verdict{{Name: "real time", Pass: true, Detail: "p95 final latency 1100 ms <= 1500 ms"},
			{Name: "packet loss", Pass: false, Detail: "0.141 % > 0.1 %"}},
	}
	for i := range 60 {
		active := min(96, 5*i)
		if i > 50 {
			active = max(0, 96-10*(i-50))
		}
		backlog := 0.01 * float64(active%7)
		if i < 3 {
			backlog = -1 // metrics not scraped yet
		}
		r.Timeline = append(r.Timeline, Sample{T: float64(i), Active: active, Answered: active, TargetCPU: 0.0125 * float64(active),
			TargetRSS: 200 + 3*float64(active), TesterCPU: 0.004 * float64(active), Backlog: backlog})
	}
	return r
}

func render(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	return b.String()
}

// checkPage checks what every rendered page must satisfy: balanced tags,
// no non-numbers, nothing that could be fetched, no script, and nsvg plots.
func checkPage(t *testing.T, out string, nsvg int) {
	t.Helper()
	for _, bad := range []string{"NaN", "Inf", "http://", "https://", "url(", "src=", "href=", "<script", "@import", "ZgotmplZ"} {
		if strings.Contains(out, bad) {
			i := strings.Index(out, bad)
			t.Errorf("page contains %q: ...%s...", bad, out[max(0, i-80):min(len(out), i+80)])
		}
	}
	if n := strings.Count(out, "<svg "); n != nsvg {
		t.Errorf("page has %d <svg> elements, want %d", n, nsvg)
	}
	if err := balanced(out); err != "" {
		t.Errorf("page is not well nested: %s", err)
	}
}

var tagRE = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>`)

// balanced reports the first unbalanced tag, "" when every non-void tag is
// closed in order.
func balanced(s string) string {
	void := map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "link": true, "input": true}
	var stack []string
	for _, m := range tagRE.FindAllStringSubmatch(s, -1) {
		name := strings.ToLower(m[2])
		switch {
		case m[3] == "/" || void[name]:
		case m[1] == "":
			stack = append(stack, name)
		case len(stack) == 0 || stack[len(stack)-1] != name:
			return "unexpected </" + name + "> with open " + strings.Join(stack, ">")
		default:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return "unclosed " + strings.Join(stack, ">")
	}
	return ""
}

func TestWriteHTMLFull(t *testing.T) {
	r := sampleReport()
	out := render(t, r)
	checkPage(t, out, 4)
	for _, want := range []string{
		"<title>Earshot load test</title>",
		"2025-03-04 10:20:30 UTC", "61.5 s", "loadbox", "Example CPU @ 2.0GHz", "go1.26.8",
		"earshot loadtest -calls 100 -rate 5", "sip:gw.example:5060", "loss=1%",
		`<li class="pass"><b>PASS</b> real time`, `<li class="fail"><b>FAIL</b> packet loss`,
		"<td>" + ff(r.Setup.P99, 1) + "</td>", "p99 " + ff(r.Setup.P99, 1) + " ms", "p95 " + ff(r.FinalLatency.P95, 1) + " ms",
		"<td>lost or late</td><td>0.141 %</td>", "8.24 %", "proc (pid 4242)", "512.5",
		"Speech recognition health", "stroke-dasharray", "<polyline", "STT backlog",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Failures sorted by key.
	if i, j := strings.Index(out, "408 timeout"), strings.Index(out, "503 Service Unavailable"); i < 0 || j < 0 || i > j {
		t.Errorf("failures missing or not sorted: 408 at %d, 503 at %d", i, j)
	}
	// The setup samples span less than two decades, the final latencies
	// (10.8 to 1441.2 ms) more.
	for _, want := range []string{"Call setup latency: 400 values from " + ff(slices.Min(r.SetupSamples), 1), "30 equal-width bins",
		"Final transcript latency: 250 values from 10.8 to 1441.2 ms in 30 log-spaced bins"} {
		if !strings.Contains(out, want) {
			t.Errorf("histogram caption lacks %q", want)
		}
	}
}

func TestWriteHTMLEmpty(t *testing.T) {
	for name, r := range map[string]*Report{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			out := render(t, r)
			checkPage(t, out, 0)
			for _, want := range []string{"no final transcripts", "no answered calls", "no timeline samples", "No verdicts."} {
				if !strings.Contains(out, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(out, "Speech recognition health") || strings.Contains(out, "Word error rate") {
				t.Errorf("unknown STT health or WER shown")
			}
		})
	}
}

// TestWriteHTMLDegenerate feeds single values, equal values, non-numbers
// and an unknown backlog; the plots must still come out, without NaN.
func TestWriteHTMLDegenerate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	r := &Report{
		SetupSamples:        []float64{42},
		FinalLatencySamples: []float64{800, 800, 800, nan, inf},
		Setup:               Dist{N: 1, Mean: nan, P50: 42, P99: inf, Max: 42},
		Packets:             Packets{LostOrLate: -1},
		Target:              Resources{CPUSeconds: nan, PeakRSS: inf},
		WER:                 &WER{Rate: nan},
		Timeline:            []Sample{{T: 0, Active: 1, TargetCPU: nan, TargetRSS: 0, Backlog: -1}},
	}
	out := render(t, r)
	checkPage(t, out, 4)
	for _, want := range []string{"1 values from 42.0 to 42.0 ms in one bin", "3 values from 800.0 to 800.0 ms in one bin"} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if !strings.Contains(out, "<td>lost or late</td><td>n/a</td>") {
		t.Errorf("lost or late not shown as n/a")
	}
	if !strings.Contains(out, `width="6.0" height="6.0"`) {
		t.Errorf("a one-sample timeline draws no point")
	}
	if strings.Contains(out, "STT backlog") {
		t.Errorf("backlog axis drawn without any known backlog")
	}

	// Two timeline samples at the same time, all values zero.
	r = &Report{Timeline: []Sample{{T: 5, Backlog: 0}, {T: 5, Backlog: 0}}}
	checkPage(t, render(t, r), 2)
}

func TestWriteHTMLEscapes(t *testing.T) {
	r := sampleReport()
	r.Config.Command = `earshot loadtest -target "<script>alert(1)</script>"`
	r.Machine.Hostname = "<b>host</b>"
	r.Calls.Failures = map[string]int{"<img src=x>": 1}
	r.Verdicts[0].Detail = "</li><script>"
	out := render(t, r)
	for _, bad := range []string{"<script", "<b>host", "<img", "</li><script"} {
		if strings.Contains(out, bad) {
			t.Errorf("page contains unescaped %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;host&lt;/b&gt;", "&lt;img src=x&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks escaped %q", want)
		}
	}
}

func TestBinHistogram(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	wide := make([]float64, 500)
	for i := range wide {
		wide[i] = math.Pow(10, 4*rng.Float64()) // 1 .. 10000 ms
	}
	narrow := make([]float64, 333)
	for i := range narrow {
		narrow[i] = 100 + 50*rng.NormFloat64()
	}
	for _, c := range []struct {
		name   string
		v      []float64
		finite int
		bins   int
		log    bool
	}{
		{"narrow", narrow, 333, 30, false},
		{"wide", wide, 500, 30, true},
		{"one", []float64{7}, 1, 1, false},
		{"equal", []float64{3, 3, 3, 3}, 4, 1, false},
		{"with non-numbers", []float64{1, math.NaN(), 2, math.Inf(-1), 3}, 3, 30, false},
		{"zero and wide", []float64{0, 1, 1e6}, 3, 30, false},
		{"none", nil, 0, 0, false},
		{"only NaN", []float64{math.NaN()}, 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := binHistogram(c.v, 30)
			if len(h.counts) != c.bins || h.log != c.log {
				t.Fatalf("%d bins, log %v; want %d, %v", len(h.counts), h.log, c.bins, c.log)
			}
			sum := 0
			for _, n := range h.counts {
				sum += n
			}
			if sum != c.finite {
				t.Errorf("counts add up to %d, want %d", sum, c.finite)
			}
			if c.bins == 0 {
				return
			}
			if len(h.edges) != len(h.counts)+1 {
				t.Errorf("%d edges for %d bins", len(h.edges), len(h.counts))
			}
			for i := 1; i < len(h.edges); i++ {
				if !(h.edges[i] > h.edges[i-1]) {
					t.Errorf("edges not increasing at %d: %v", i, h.edges)
				}
			}
			// Every value lies within its bin.
			for _, x := range c.v {
				if !finite(x) {
					continue
				}
				if x < h.edges[0] || x > h.edges[len(h.edges)-1] {
					t.Errorf("%v outside the edges %v..%v", x, h.edges[0], h.edges[len(h.edges)-1])
				}
			}
		})
	}
	// Values 0..9 in ten bins: one each.
	h := binHistogram([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10)
	for i, n := range h.counts {
		if n != 1 {
			t.Errorf("bin %d has %d values, want 1 (counts %v)", i, n, h.counts)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ raw, want float64 }{
		{1, 1}, {1.2, 2}, {2, 2}, {3, 5}, {7, 10}, {0.07, 0.1}, {0.13, 0.2}, {23, 50}, {450, 500}, {1e6, 1e6},
		{0, 1}, {-3, 1}, {math.NaN(), 1}, {math.Inf(1), 1},
	} {
		if got := niceStep(c.raw); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("niceStep(%v) = %v, want %v", c.raw, got, c.want)
		}
	}
}

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		lo, hi         float64
		n              int
		wlo, whi, step float64
		ticks          []string
	}{
		{0, 97, 5, 0, 100, 20, []string{"0", "20", "40", "60", "80", "100"}},
		{3.2, 47.9, 8, 0, 50, 10, []string{"0", "10", "20", "30", "40", "50"}},
		{0, 1.3, 5, 0, 1.5, 0.5, []string{"0.0", "0.5", "1.0", "1.5"}},
		{0, 0, 5, 0, 1, 0.2, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{42, 42, 5, 20, 70, 10, []string{"20", "30", "40", "50", "60", "70"}},
		{math.NaN(), 5, 5, 0, 1, 0.2, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{12, -12, 4, -20, 20, 10, []string{"-20", "-10", "0", "10", "20"}},
	} {
		ax := niceAxis(c.lo, c.hi, c.n)
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
		if !near(ax.lo, c.wlo) || !near(ax.hi, c.whi) || !near(ax.step, c.step) {
			t.Errorf("niceAxis(%v, %v, %d) = %v..%v step %v, want %v..%v step %v", c.lo, c.hi, c.n, ax.lo, ax.hi, ax.step, c.wlo, c.whi, c.step)
		}
		var got []string
		for _, v := range ax.ticks() {
			got = append(got, ax.label(v))
		}
		if !slices.Equal(got, c.ticks) {
			t.Errorf("niceAxis(%v, %v, %d) ticks %q, want %q", c.lo, c.hi, c.n, got, c.ticks)
		}
	}

	ax := logAxis(3, 25000)
	var got []string
	for _, v := range ax.ticks() {
		got = append(got, ax.label(v))
	}
	if want := []string{"1", "10", "100", "1000", "10000", "100000"}; !slices.Equal(got, want) {
		t.Errorf("logAxis(3, 25000) ticks %q, want %q", got, want)
	}
	ax.a, ax.b = 100, 600
	for _, c := range []struct{ v, px float64 }{{1, 100}, {100, 300}, {1e5, 600}, {1e9, 600}, {0, 100}, {math.NaN(), 100}} {
		if got := ax.at(c.v); math.Abs(got-c.px) > 1e-9 {
			t.Errorf("log axis at(%v) = %v, want %v", c.v, got, c.px)
		}
	}
}

func TestScreenshotChromium(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no browser to render the page with: %v", err)
	}
	dir := t.TempDir()
	page, shot := filepath.Join(dir, "report.html"), filepath.Join(dir, "shot.png")
	if err := os.WriteFile(page, []byte(render(t, sampleReport())), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--screenshot="+shot, "--window-size=1200,2400", "file://"+page)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.WaitDelay = 5 * time.Second
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	colours := map[color.RGBA]bool{}
	b := img.Bounds()
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			colours[c] = true
			if c.R < 250 || c.G < 250 || c.B < 250 {
				inked++
			}
		}
	}
	total := b.Dx() * b.Dy()
	t.Logf("screenshot %dx%d: %d colours, %.1f%% non-white", b.Dx(), b.Dy(), len(colours), 100*float64(inked)/float64(total))
	if len(colours) <= 8 {
		t.Errorf("screenshot has only %d colours: the page did not render", len(colours))
	}
	if inked*50 <= total {
		t.Errorf("screenshot is %d of %d pixels non-white (<= 2%%): the page looks blank", inked, total)
	}
	if p := os.Getenv("LOADTEST_SCREENSHOT"); p != "" {
		data, err := os.ReadFile(shot)
		if err == nil {
			err = os.WriteFile(p, data, 0o644)
		}
		if err != nil {
			t.Errorf("saving the screenshot to %s: %v", p, err)
		}
	}
}
