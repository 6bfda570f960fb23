package metrics

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// funcMetric is a counter or gauge whose value is read when scraped.
type funcMetric struct {
	name, help, typ string
	value           func() (float64, bool)
}

func (f *funcMetric) write(w *bufio.Writer) {
	v, ok := f.value()
	if !ok {
		return
	}
	header(w, f.name, f.help, f.typ)
	w.WriteString(f.name + " " + formatFloat(v) + "\n")
}

// CounterFunc registers a counter whose value fn returns at each scrape
// (fn reports false when it cannot tell; the metric is then left out).
func (r *Registry) CounterFunc(name, help string, fn func() (float64, bool)) {
	r.add(name, help, true, &funcMetric{name: name, help: help, typ: "counter", value: fn})
}

// GaugeFunc registers a gauge whose value fn returns at each scrape.
func (r *Registry) GaugeFunc(name, help string, fn func() (float64, bool)) {
	r.add(name, help, false, &funcMetric{name: name, help: help, typ: "gauge", value: fn})
}

// RegisterProcess adds the standard process metrics that a load tester or
// Prometheus reads to size the gateway: CPU time and resident memory, from
// /proc/self on Linux (left out elsewhere).
func RegisterProcess(r *Registry) {
	r.CounterFunc("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", func() (float64, bool) {
		cpu, _, ok := readSelfStat()
		return cpu, ok
	})
	r.GaugeFunc("process_resident_memory_bytes", "Resident memory size in bytes.", func() (float64, bool) {
		_, rss, ok := readSelfStat()
		return rss, ok
	})
}

// clockTicks is USER_HZ, which Linux fixes at 100 for /proc on every
// architecture Go supports.
const clockTicks = 100

func readSelfStat() (cpuSeconds, rssBytes float64, ok bool) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, 0, false
	}
	return ParseProcStat(string(b), os.Getpagesize())
}

// ParseProcStat reads CPU seconds (utime+stime) and resident bytes from
// the text of /proc/PID/stat.
func ParseProcStat(stat string, pageSize int) (cpuSeconds, rssBytes float64, ok bool) {
	// The command name (field 2) is in parentheses and may hold spaces:
	// the fields that follow start after the last ')'.
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state): utime is field 14, stime 15, rss 24.
	if len(f) < 22 {
		return 0, 0, false
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 64)
	stime, err2 := strconv.ParseUint(f[12], 10, 64)
	rss, err3 := strconv.ParseInt(f[21], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, 0, false
	}
	return float64(utime+stime) / clockTicks, float64(rss) * float64(pageSize), true
}
