package gateway

import "github.com/earshot/earshot/console/metrics"

// Metrics are the gateway's Prometheus metrics. They carry no labels:
// nothing in them names a call, a number or an address.
type Metrics struct {
	CallsActive     *metrics.Gauge
	CallsTotal      *metrics.Counter
	PacketsReceived *metrics.Counter
	PacketsLost     *metrics.Counter
	DTMFDigits      *metrics.Counter
	// STTDropped is audio dropped because a recogniser fell more than
	// Config.STTBacklog behind.
	STTDropped *metrics.Counter
	// STTBacklog is the audio queued for recognisers, over all calls: it
	// grows without bound when recognition cannot keep up with the calls.
	STTBacklog *metrics.Gauge
	// Jitter is observed with every quality report of every call, MOS
	// once per call at its end.
	Jitter *metrics.Histogram
	MOS    *metrics.Histogram
	// PipelineLatency is, per final transcript, the time from its last
	// audio reaching the recogniser to its event being published (the
	// recogniser's end-of-utterance silence included).
	PipelineLatency *metrics.Histogram
	// STTRealTimeFactor is, per call, the recogniser's processing time
	// over the audio's duration, when the engine reports it.
	STTRealTimeFactor *metrics.Histogram
}

// NewMetrics registers the gateway's metrics in r.
func NewMetrics(r *metrics.Registry) *Metrics {
	return &Metrics{
		CallsActive:     r.Gauge("earshot_calls_active", "Calls whose media and transcription are running."),
		CallsTotal:      r.Counter("earshot_calls_total", "Calls answered since start."),
		PacketsReceived: r.Counter("earshot_rtp_packets_received_total", "RTP packets received on call legs (RFC 3550 packets received)."),
		PacketsLost:     r.Counter("earshot_rtp_packets_lost_total", "RTP packets lost on call legs (RFC 3550 cumulative loss)."),
		DTMFDigits:      r.Counter("earshot_dtmf_digits_total", "DTMF key presses detected (RFC 4733 and in-band), sensitive steps included."),
		STTDropped:      r.Counter("earshot_stt_dropped_audio_seconds_total", "Audio dropped because speech recognition fell too far behind."),
		STTBacklog:      r.Gauge("earshot_stt_backlog_seconds", "Audio queued for speech recognition, summed over calls."),
		Jitter: r.Histogram("earshot_rtp_jitter_seconds", "RFC 3550 interarrival jitter of call legs, sampled at every quality report.",
			[]float64{0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32}),
		MOS: r.Histogram("earshot_call_mos", "ITU-T G.107 E-model MOS of call legs at the end of the call.",
			[]float64{1, 2, 2.5, 3, 3.5, 3.8, 4, 4.2, 4.3, 4.4}),
		PipelineLatency: r.Histogram("earshot_pipeline_latency_seconds", "Time from the end of an utterance's audio reaching the recogniser to its final transcript event.",
			[]float64{0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10}),
		STTRealTimeFactor: r.Histogram("earshot_stt_realtime_factor", "Speech recognition processing time over audio duration, per call.",
			[]float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2}),
	}
}
