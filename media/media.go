// Package media holds everything that touches samples or packets: RTP
// reordering, G.711, resampling, voice activity detection and WAV I/O.
//
// Stages are small types that each do one step and pass their output to the
// next stage. Every stage has a String method so a whole chain can print
// itself in a log line ("Reorder -> PCMU decode -> Resample 8k->16k").
// Media knows nothing about calls, users or storage.
//
// Concurrency: a stage is owned by one goroutine (the call's media loop) and
// is not safe for concurrent use unless its documentation says otherwise.
package media

import "github.com/pion/rtp"

// PCMWriter receives signed 16-bit mono samples. The slice is only valid
// during the call; a writer that keeps samples must copy them.
type PCMWriter interface {
	WritePCM(samples []int16) error
	String() string
}

// PCMWriterFunc adapts a function to PCMWriter.
type PCMWriterFunc func(samples []int16) error

// WritePCM calls f.
func (f PCMWriterFunc) WritePCM(samples []int16) error { return f(samples) }

// String names the adapter.
func (f PCMWriterFunc) String() string { return "func" }

// RTPHandler receives RTP packets. The packet is only valid during the
// call; a handler that keeps it must copy the payload.
type RTPHandler interface {
	HandleRTP(pkt *rtp.Packet) error
	String() string
}

// RTPHandlerFunc adapts a function to RTPHandler.
type RTPHandlerFunc func(pkt *rtp.Packet) error

// HandleRTP calls f.
func (f RTPHandlerFunc) HandleRTP(pkt *rtp.Packet) error { return f(pkt) }

// String names the adapter.
func (f RTPHandlerFunc) String() string { return "func" }
