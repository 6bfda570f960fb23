package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/console/metrics"
)

// procReader reads a local process's CPU time and resident memory.
type procReader struct{ pid int }

// read returns CPU seconds (user+system) and resident megabytes.
func (p procReader) read() (cpu, rssMB float64, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.pid))
	if err != nil {
		return 0, 0, false
	}
	cpu, rss, ok := metrics.ParseProcStat(string(b), os.Getpagesize())
	return cpu, rss / (1 << 20), ok
}

// scrape reads a Prometheus text endpoint into name -> value (metrics
// without labels, which is all Earshot exposes; labelled series are
// skipped).
func scrape(ctx context.Context, client *http.Client, url string) (map[string]float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("metrics: %s", res.Status)
	}
	return parseMetrics(res.Body)
}

func parseMetrics(r io.Reader) (map[string]float64, error) {
	out := make(map[string]float64)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		name, value, ok := strings.Cut(line, " ")
		if !ok || strings.ContainsRune(name, '{') {
			continue
		}
		if f := strings.Fields(value); len(f) > 0 {
			if v, err := strconv.ParseFloat(f[0], 64); err == nil {
				out[name] = v
			}
		}
	}
	return out, sc.Err()
}

// pidOfUDPPort finds the local process with a UDP socket bound to port:
// the socket's inode from /proc/net/udp{,6}, then the process holding a
// descriptor to it. It returns 0 when there is none (or it is not ours to
// see).
func pidOfUDPPort(port int) int {
	inodes := make(map[string]bool)
	for _, f := range []string{"/proc/net/udp", "/proc/net/udp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			fields := strings.Fields(line)
			if len(fields) < 10 {
				continue
			}
			_, hexPort, ok := strings.Cut(fields[1], ":")
			if p, err := strconv.ParseUint(hexPort, 16, 16); ok && err == nil && int(p) == port && fields[9] != "0" {
				inodes["socket:["+fields[9]+"]"] = true
			}
		}
	}
	if len(inodes) == 0 {
		return 0
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*/fd")
	self := os.Getpid()
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		if err != nil || pid == self {
			continue
		}
		fds, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, fd := range fds {
			if link, err := os.Readlink(filepath.Join(d, fd.Name())); err == nil && inodes[link] {
				return pid
			}
		}
	}
	return 0
}

// sampler follows the target's and our own resources once a second.
type sampler struct {
	target  procReader // pid 0: use the metrics
	self    procReader
	metrics string
	client  *http.Client

	// previous readings, for rates
	lastT                time.Time
	lastTarget, lastSelf float64
	started              bool
	targetCPU0, selfCPU0 float64
	targetCPU, selfCPU   float64 // latest totals
	selfPeakRSS          float64 // MB
}

// reading is one sample of resources.
type reading struct {
	targetCores, targetRSS, selfCores float64
	backlog                           float64 // -1 unknown
	metrics                           map[string]float64
}

func (s *sampler) sample(ctx context.Context, now time.Time) reading {
	r := reading{backlog: -1}
	var tcpu float64
	var tok bool
	if s.metrics != "" {
		sctx, cancel := context.WithTimeout(ctx, 800*time.Millisecond)
		m, err := scrape(sctx, s.client, s.metrics)
		cancel()
		if err == nil {
			r.metrics = m
			if v, ok := m["earshot_stt_backlog_seconds"]; ok {
				r.backlog = v
			}
			if s.target.pid == 0 {
				tcpu, tok = m["process_cpu_seconds_total"]
				r.targetRSS = m["process_resident_memory_bytes"] / (1 << 20)
			}
		}
	}
	if s.target.pid != 0 {
		tcpu, r.targetRSS, tok = s.target.read()
	}
	scpu, srss, _ := s.self.read()
	s.selfPeakRSS = max(s.selfPeakRSS, srss)
	if !s.started {
		s.started = true
		s.targetCPU0, s.selfCPU0 = tcpu, scpu
	} else if dt := now.Sub(s.lastT).Seconds(); dt > 0 {
		if tok {
			r.targetCores = max(0, tcpu-s.lastTarget) / dt
		}
		r.selfCores = max(0, scpu-s.lastSelf) / dt
	}
	s.lastT, s.lastSelf = now, scpu
	if tok {
		s.lastTarget, s.targetCPU = tcpu, tcpu
	}
	s.selfCPU = scpu
	return r
}
