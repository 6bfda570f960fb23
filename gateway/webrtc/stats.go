package webrtc

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"time"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/media/quality"
)

// clientStats is the summary the widget posts: numbers only, in W3C
// webrtc-stats names grouped by stats type. Fields not listed here
// (addresses, candidate details, anything else a sender adds) are
// dropped by decoding.
type clientStats struct {
	Outbound *struct {
		PacketsSent uint64 `json:"packetsSent"`
		BytesSent   uint64 `json:"bytesSent"`
	} `json:"outbound"`
	Source *struct {
		AudioLevel           float64 `json:"audioLevel"`
		TotalSamplesDuration float64 `json:"totalSamplesDuration"`
	} `json:"source"`
	RemoteInbound *struct {
		PacketsLost   int64    `json:"packetsLost"`
		Jitter        float64  `json:"jitter"`
		FractionLost  float64  `json:"fractionLost"`
		RoundTripTime *float64 `json:"roundTripTime"`
	} `json:"remoteInbound"`
	CandidatePair *struct {
		CurrentRoundTripTime *float64 `json:"currentRoundTripTime"`
	} `json:"candidatePair"`
	Inbound *struct {
		PacketsReceived   uint64  `json:"packetsReceived"`
		PacketsLost       int64   `json:"packetsLost"`
		Jitter            float64 `json:"jitter"`
		ConcealedSamples  uint64  `json:"concealedSamples"`
		ConcealmentEvents uint64  `json:"concealmentEvents"`
	} `json:"inbound"`
}

// sane keeps a finite, non-negative figure no larger than max; anything
// else becomes 0.
func sane(v, max float64) float64 {
	if math.IsNaN(v) || v < 0 || v > max {
		return 0
	}
	return v
}

func saneTime(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || *v < 0 || *v > 60 {
		return nil
	}
	x := *v
	return &x
}

// apply copies the summary into r, bounded to plausible values.
func (s clientStats) apply(r *quality.ClientReport) {
	if o := s.Outbound; o != nil {
		r.PacketsSent, r.BytesSent = o.PacketsSent, o.BytesSent
	}
	if m := s.Source; m != nil {
		r.AudioLevel = sane(m.AudioLevel, 1)
		r.TotalSamplesDuration = sane(m.TotalSamplesDuration, 1e7)
	}
	if ri := s.RemoteInbound; ri != nil {
		r.RemotePacketsLost = ri.PacketsLost
		r.RemoteJitter = sane(ri.Jitter, 60)
		r.RemoteFractionLost = sane(ri.FractionLost, 1)
		r.RemoteRoundTripTime = saneTime(ri.RoundTripTime)
	}
	if cp := s.CandidatePair; cp != nil {
		r.CurrentRoundTripTime = saneTime(cp.CurrentRoundTripTime)
	}
	if in := s.Inbound; in != nil {
		r.InboundPacketsReceived, r.InboundPacketsLost = in.PacketsReceived, in.PacketsLost
		r.InboundJitter = sane(in.Jitter, 60)
		r.ConcealedSamples, r.ConcealmentEvents = in.ConcealedSamples, in.ConcealmentEvents
	}
}

// Browser families by user agent token, most specific first (Edge and
// Opera also say Chrome; Chrome also says Safari).
var browsers = []struct {
	name string
	re   *regexp.Regexp
}{
	{"Edge", regexp.MustCompile(`\bEdg(?:e|A|iOS)?/(\d+)`)},
	{"Opera", regexp.MustCompile(`\bOPR/(\d+)`)},
	{"Firefox", regexp.MustCompile(`\b(?:Firefox|FxiOS)/(\d+)`)},
	{"Chrome", regexp.MustCompile(`\b(?:HeadlessChrome|Chrome|Chromium|CriOS)/(\d+)`)},
	{"Safari", regexp.MustCompile(`\bVersion/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/`)},
}

// browserOf reduces a User-Agent to browser family and major version;
// everything else in it (platform, device, build) is dropped.
func browserOf(ua string) (family, version string) {
	for _, b := range browsers {
		if m := b.re.FindStringSubmatch(ua); m != nil {
			return b.name, m[1]
		}
	}
	if ua == "" {
		return "", ""
	}
	return "other", ""
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	c := s.authorise(w, r)
	if c == nil {
		return
	}
	var st clientStats
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxStatsBytes))
	if err := dec.Decode(&st); err != nil {
		httpError(w, http.StatusBadRequest, "stats: want a JSON summary")
		return
	}
	c.setClient(st)
	w.WriteHeader(http.StatusNoContent)
}

// caption is one message of the caption stream: only what the caller
// may see of their own call.
type caption struct {
	Type  string   `json:"type"`
	Text  string   `json:"text,omitempty"`
	Seq   int      `json:"seq,omitempty"`
	MOS   float64  `json:"mos,omitempty"`
	RTT   *float64 `json:"rtt,omitempty"`
	Final bool     `json:"final,omitempty"`
}

// captionOf maps a bus event to a caption; ok is false for events the
// caller does not get.
func captionOf(ev events.Event) (caption, bool) {
	switch ev.Type {
	case events.TranscriptPartial, events.TranscriptFinal:
		// Text is redacted: events.NewTranscript takes redact.Redacted.
		return caption{Type: "caption", Text: ev.Text, Seq: ev.Seq, Final: ev.Type == events.TranscriptFinal}, true
	case events.Quality:
		if ev.Stats == nil {
			return caption{}, false
		}
		return caption{Type: "quality", MOS: ev.Stats.MOS, RTT: ev.Stats.RoundTripTime}, true
	case events.CallEnded:
		return caption{Type: "ended"}, true
	}
	return caption{}, false
}

// handleCaptions streams the call's captions as server-sent events
// until the call ends or the client goes away.
func (s *Server) handleCaptions(w http.ResponseWriter, r *http.Request) {
	c := s.authorise(w, r)
	if c == nil {
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		httpError(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	sub := s.cfg.Bus.Subscribe(64, func(ev events.Event) bool { return ev.CallID == c.id })
	defer sub.Close()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fl.Flush()
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			if _, err := io.WriteString(w, ": keepalive\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-c.done:
			// The call ended; call.ended may already be queued.
			for {
				select {
				case ev, ok := <-sub.C():
					if !ok || !writeCaption(w, ev) {
						return
					}
				default:
					fl.Flush()
					return
				}
			}
		case ev, ok := <-sub.C():
			if !ok || !writeCaption(w, ev) {
				return
			}
			fl.Flush()
			if ev.Type == events.CallEnded {
				return
			}
		}
	}
}

// writeCaption writes ev as one server-sent event if the caller gets it;
// it reports whether the stream is still writable.
func writeCaption(w io.Writer, ev events.Event) bool {
	cp, ok := captionOf(ev)
	if !ok {
		return true
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return true
	}
	_, err = fmt.Fprintf(w, "data: %s\n\n", b)
	return err == nil
}
