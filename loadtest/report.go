package loadtest

import (
	"math"
	"slices"
	"time"
)

// Report is the outcome of one load test run: the summary written as JSON
// and rendered as HTML. Times are milliseconds and seconds as the field
// names say; fractions are 0..1.
type Report struct {
	Started  time.Time `json:"started"`
	Duration float64   `json:"duration_s"`
	Machine  Machine   `json:"machine"`
	Config   RunConfig `json:"config"`

	Calls CallCounts `json:"calls"`
	// Setup is INVITE sent -> 200 OK received, per answered call.
	Setup Dist `json:"setup_ms"`
	// FinalLatency is, per final transcript, the time from the end of the
	// speech it covers (the last packet carrying that audio was sent) to
	// the final transcript event arriving on the console websocket.
	FinalLatency Dist `json:"final_latency_ms"`
	// PartialInterval is the time between successive partial results of
	// one utterance.
	PartialInterval Dist `json:"partial_interval_ms"`
	// WER is the word error rate of the final transcripts of every call
	// against the reference texts, nil without transcripts.
	WER *WER `json:"wer,omitempty"`
	// Packets compares what we sent with what the target reported
	// receiving and playing, over the calls the target reported on.
	Packets Packets `json:"packets"`
	// Target is the gateway's CPU and memory; Tester is ours.
	Target Resources `json:"target"`
	Tester Resources `json:"tester"`
	// Timeline is sampled once a second.
	Timeline []Sample `json:"timeline"`
	// SetupSamples and FinalLatencySamples are the raw values behind the
	// histograms, in milliseconds.
	SetupSamples        []float64 `json:"setup_samples_ms"`
	FinalLatencySamples []float64 `json:"final_latency_samples_ms"`
	// STT is what the target's metrics say about its recognisers.
	STT STTHealth `json:"stt"`
	// Verdicts are pass/fail statements against the targets the run was
	// judged by (real time, packet loss).
	Verdicts []Verdict `json:"verdicts"`
}

// Machine describes where the run happened.
type Machine struct {
	Hostname string `json:"hostname"`
	CPUs     int    `json:"cpus"`
	CPUModel string `json:"cpu_model"`
	Kernel   string `json:"kernel"`
	Go       string `json:"go"`
}

// RunConfig is the command line, as the report shows it.
type RunConfig struct {
	Target  string   `json:"target"`
	Calls   int      `json:"calls"`
	Rate    float64  `json:"rate_cps"`
	Hold    float64  `json:"hold_s"`
	Codec   string   `json:"codec"`
	Audio   []string `json:"audio"`
	Events  bool     `json:"events"`
	Impair  string   `json:"impair,omitempty"`
	Command string   `json:"command"`
}

// CallCounts counts call outcomes; Failures maps a SIP status ("503
// Service Unavailable") or an error class ("timeout") to its count.
type CallCounts struct {
	Attempted   int            `json:"attempted"`
	Answered    int            `json:"answered"`
	Failed      int            `json:"failed"`
	Completed   int            `json:"completed"`
	MaxActive   int            `json:"max_active"`
	Failures    map[string]int `json:"failures,omitempty"`
	ServerIDs   int            `json:"server_ids"`
	WithReports int            `json:"with_quality_reports"`
}

// Dist summarises a sample of values.
type Dist struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
}

// WER totals the word errors of every call.
type WER struct {
	RefWords int     `json:"ref_words"`
	Errors   int     `json:"errors"`
	Rate     float64 `json:"rate"`
	Calls    int     `json:"calls"`
}

// Packets: Sent by us; Received, Lost and Late (discarded by the jitter
// buffer) as the target's last quality report of each call says.
type Packets struct {
	Sent     uint64 `json:"sent"`
	Received uint64 `json:"received"`
	Lost     int64  `json:"lost"`
	Late     uint64 `json:"late"`
	// LostOrLate is (Sent - Received + Late) / Sent over the reported
	// calls; -1 when no call was reported on.
	LostOrLate float64 `json:"lost_or_late"`
	// SentReported is what we sent on the calls the target reported on.
	SentReported uint64 `json:"sent_reported"`
	// TesterLate counts packets we sent more than one ptime after they
	// were due: above a handful, the tester is the bottleneck.
	TesterLate uint64 `json:"tester_late"`
}

// Resources is a process's CPU and memory over the run.
type Resources struct {
	// Source is "proc" (read from /proc/PID), "metrics" (the target's
	// /metrics) or "" when unknown.
	Source string `json:"source"`
	PID    int    `json:"pid,omitempty"`
	// CPUSeconds is user+system CPU over the run.
	CPUSeconds float64 `json:"cpu_s"`
	// CPUSteady is the mean CPU use, in cores, while the most calls were
	// up (the plateau, ramp and drain left out).
	CPUSteady float64 `json:"cpu_steady_cores"`
	// PerCall is CPUSteady over the calls up on the plateau, in cores
	// (1.0 is one core busy all the time).
	PerCall float64 `json:"cpu_per_call_cores"`
	PeakRSS float64 `json:"peak_rss_mb"`
}

// Sample is one second of the timeline.
type Sample struct {
	T         float64 `json:"t_s"`
	Active    int     `json:"active"`
	Answered  int     `json:"answered"`
	Failed    int     `json:"failed"`
	TargetCPU float64 `json:"target_cpu_cores"`
	TargetRSS float64 `json:"target_rss_mb"`
	TesterCPU float64 `json:"tester_cpu_cores"`
	// Backlog is the audio queued for the target's recognisers, seconds
	// (from its metrics; -1 when unknown).
	Backlog float64 `json:"stt_backlog_s"`
}

// STTHealth is read from the target's metrics at the end of the run.
type STTHealth struct {
	Known bool `json:"known"`
	// DroppedSeconds is audio the target dropped because recognition fell
	// too far behind.
	DroppedSeconds float64 `json:"dropped_audio_s"`
	// MaxBacklog is the largest backlog seen; EndBacklog the last one
	// sampled while calls were still up.
	MaxBacklog float64 `json:"max_backlog_s"`
	EndBacklog float64 `json:"end_backlog_s"`
}

// Verdict is one pass/fail statement.
type Verdict struct {
	Name   string `json:"name"`
	Pass   bool   `json:"pass"`
	Detail string `json:"detail"`
}

// summarize returns the distribution of v (v is sorted in place).
func summarize(v []float64) Dist {
	if len(v) == 0 {
		return Dist{}
	}
	slices.Sort(v)
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return Dist{
		N: len(v), Mean: sum / float64(len(v)),
		P50: quantile(v, 0.50), P90: quantile(v, 0.90), P95: quantile(v, 0.95), P99: quantile(v, 0.99),
		Max: v[len(v)-1],
	}
}

// quantile is the nearest-rank q-quantile of sorted v.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
