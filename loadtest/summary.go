package loadtest

import (
	"fmt"
	"sort"
	"time"

	"github.com/earshot/earshot/stt/wer"
)

// Targets the run is judged by.
const (
	// RealTimeP95 is the largest p95 speech-end -> final transcript
	// latency of a system that keeps up with its callers.
	RealTimeP95 = 1500.0 // ms
	// MaxLostOrLate is the share of frames that may be lost or played
	// late on a healthy media path.
	MaxLostOrLate = 0.001
	// MaxBacklog is the recogniser backlog, in seconds of audio, above
	// which recognition is falling behind rather than catching a burst.
	MaxBacklog = 3.0
)

// summarize fills rep from the calls and the resource samples.
func (r *runner) summarize(rep *Report, samples []reading, smp *sampler) {
	r.mu.Lock()
	calls := r.calls
	r.mu.Unlock()
	rep.Calls = CallCounts{
		Attempted: len(calls), Answered: int(r.answered.Load()), Failed: int(r.failed.Load()),
		Completed: int(r.completed.Load()), MaxActive: int(r.maxActive.Load()),
	}
	var setups, lats, intervals []float64
	var werSum wer.Result
	werCalls := 0
	var p Packets
	for _, c := range calls {
		c.mu.Lock()
		if c.failure != "" {
			if rep.Calls.Failures == nil {
				rep.Calls.Failures = make(map[string]int)
			}
			rep.Calls.Failures[c.failure]++
		}
		if c.serverID != "" {
			rep.Calls.ServerIDs++
		}
		if c.answered && c.setup > 0 {
			setups = append(setups, ms(c.setup))
		}
		if c.st != nil {
			// The sender is done with the stream (Run waited for it).
			p.Sent += uint64(c.st.sent)
			p.TesterLate += uint64(c.st.late)
			for _, f := range c.finals {
				lats = append(lats, c.finalLatency(f))
			}
			if c.report != nil {
				rep.Calls.WithReports++
				p.SentReported += uint64(c.st.sent)
				p.Received += c.report.PacketsReceived
				p.Lost += c.report.PacketsLost
				p.Late += c.report.PacketsDiscarded
			}
			if w, ok := werOf(c); ok && r.cfg.Events != "" {
				werSum = werSum.Add(w)
				werCalls++
			}
		}
		intervals = append(intervals, c.intervals...)
		c.mu.Unlock()
	}
	rep.Setup, rep.SetupSamples = summarize(setups), setups
	rep.FinalLatency, rep.FinalLatencySamples = summarize(lats), lats
	rep.PartialInterval = summarize(intervals)
	// Without a single final (a target with --stt none) there is no
	// recogniser to score.
	if werCalls > 0 && werSum.RefWords > 0 && len(lats) > 0 {
		rep.WER = &WER{RefWords: werSum.RefWords, Errors: werSum.Errors(), Rate: werSum.WER, Calls: werCalls}
	}
	p.LostOrLate = -1
	if p.SentReported > 0 {
		missing := float64(p.SentReported) - float64(p.Received)
		p.LostOrLate = max(0, missing+float64(p.Late)) / float64(p.SentReported)
	}
	rep.Packets = p

	// Resources: totals, and the plateau where the most calls were up.
	rep.Target.CPUSeconds = smp.targetCPU - smp.targetCPU0
	rep.Tester.CPUSeconds = smp.selfCPU - smp.selfCPU0
	if rep.Target.Source == "" {
		rep.Target.CPUSeconds = 0
	}
	plateau := plateauOf(rep.Timeline)
	var tc, sc, act float64
	for _, i := range plateau {
		s := rep.Timeline[i]
		tc += s.TargetCPU
		sc += s.TesterCPU
		act += float64(s.Active)
	}
	if n := float64(len(plateau)); n > 0 {
		rep.Target.CPUSteady, rep.Tester.CPUSteady = tc/n, sc/n
		if act > 0 {
			rep.Target.PerCall, rep.Tester.PerCall = tc/act, sc/act
		}
	}
	for _, s := range rep.Timeline {
		rep.Target.PeakRSS = max(rep.Target.PeakRSS, s.TargetRSS)
	}
	rep.Tester.PeakRSS = smp.selfPeakRSS

	// Recogniser health from the target's metrics.
	for _, rd := range samples {
		if rd.metrics == nil {
			continue
		}
		if _, ok := rd.metrics["earshot_stt_backlog_seconds"]; !ok {
			continue
		}
		rep.STT.Known = true
		rep.STT.MaxBacklog = max(rep.STT.MaxBacklog, rd.backlog)
	}
	for i := len(rep.Timeline) - 1; i >= 0; i-- {
		if s := rep.Timeline[i]; s.Active > 0 && s.Backlog >= 0 {
			rep.STT.EndBacklog = s.Backlog
			break
		}
	}
	// Audio dropped during the run: the counter's last reading less its
	// first.
	const dropped = "earshot_stt_dropped_audio_seconds_total"
	first, last := -1.0, -1.0
	for _, rd := range samples {
		if v, ok := rd.metrics[dropped]; ok {
			if first < 0 {
				first = v
			}
			last = v
		}
	}
	if first >= 0 {
		rep.STT.DroppedSeconds = last - first
	}
	rep.Verdicts = verdicts(rep)
	if r.eventsLost.Load() {
		at := time.Unix(0, r.eventsLostAt.Load()).Sub(rep.Started).Seconds()
		rep.Verdicts = append(rep.Verdicts, Verdict{
			Name: "event stream", Pass: false,
			Detail: fmt.Sprintf("the target closed the event stream %.0f s into the run: later transcripts and reports are missing", at),
		})
	}
}

// plateauOf returns the timeline indexes where at least 95% of the most
// calls were up, less the first two seconds of each stretch (ramp and
// set-up effects). Without such seconds, every sample with a call up.
func plateauOf(tl []Sample) []int {
	most := 0
	for _, s := range tl {
		most = max(most, s.Active)
	}
	if most == 0 {
		return nil
	}
	var out, all []int
	run := 0
	for i, s := range tl {
		if s.Active > 0 {
			all = append(all, i)
		}
		if float64(s.Active) >= 0.95*float64(most) {
			run++
			if run > 2 {
				out = append(out, i)
			}
		} else {
			run = 0
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// verdicts judges the run against the targets that apply to it.
func verdicts(rep *Report) []Verdict {
	var v []Verdict
	v = append(v, Verdict{
		Name: "calls answered", Pass: rep.Calls.Failed == 0 && rep.Calls.Answered > 0,
		Detail: fmt.Sprintf("%d of %d answered%s", rep.Calls.Answered, rep.Calls.Attempted, failureList(rep.Calls.Failures)),
	})
	if rep.Packets.LostOrLate >= 0 {
		v = append(v, Verdict{
			Name: "media path", Pass: rep.Packets.LostOrLate < MaxLostOrLate,
			Detail: fmt.Sprintf("%.3f%% of %d frames lost or late (target < %.1f%%)", 100*rep.Packets.LostOrLate, rep.Packets.SentReported, 100*MaxLostOrLate),
		})
	}
	if rep.FinalLatency.N > 0 || (rep.Config.Events && rep.STT.Known && rep.WER != nil) {
		pass := rep.FinalLatency.N > 0 && rep.FinalLatency.P95 < RealTimeP95 && rep.STT.DroppedSeconds == 0 && rep.STT.MaxBacklog < MaxBacklog
		v = append(v, Verdict{
			Name: "real time", Pass: pass,
			Detail: fmt.Sprintf("p95 speech end -> final %.0f ms over %d finals (target < %.0f ms); recogniser backlog max %.1f s, audio dropped %.1f s",
				rep.FinalLatency.P95, rep.FinalLatency.N, RealTimeP95, rep.STT.MaxBacklog, rep.STT.DroppedSeconds),
		})
	}
	if late := rep.Packets.TesterLate; rep.Packets.Sent > 0 {
		share := float64(late) / float64(rep.Packets.Sent)
		v = append(v, Verdict{
			Name: "tester kept time", Pass: share < MaxLostOrLate,
			Detail: fmt.Sprintf("%d of %d packets sent more than one ptime late (%.3f%%); tester %.2f cores on the plateau", late, rep.Packets.Sent, 100*share, rep.Tester.CPUSteady),
		})
	}
	return v
}

func failureList(f map[string]int) string {
	if len(f) == 0 {
		return ""
	}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ":"
	for _, k := range keys {
		s += fmt.Sprintf(" %d x %s;", f[k], k)
	}
	return s[:len(s)-1]
}
