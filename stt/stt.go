// Package stt defines how Earshot talks to speech-to-text engines.
//
// An Engine creates one Stream per call leg. The caller owns the Stream: it
// writes 16-bit mono PCM at the rate given to NewStream as the audio arrives,
// reads Results until the channel is closed, and calls Close exactly once
// when the audio ends (Close flushes the last final result, then closes the
// Results channel). An engine never sees anything but PCM: no call IDs,
// numbers or names.
//
// Times in results are milliseconds of audio since the start of the stream,
// so they line up with the call's media clock whatever the engine does
// internally between utterances.
package stt

import (
	"context"
	"errors"
	"time"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("stt: stream closed")

// Word is one recognised word with its position in the stream.
type Word struct {
	Text    string `json:"text"`
	StartMS int64  `json:"start_ms"`
	EndMS   int64  `json:"end_ms"`
}

// Result is a hypothesis for one utterance. Partial results for the same
// utterance replace each other; a Final result ends the utterance and the
// next result belongs to a new one.
type Result struct {
	Final   bool
	Words   []Word
	StartMS int64
	EndMS   int64
}

// Engine creates recognition streams. Implementations are safe for
// concurrent use.
type Engine interface {
	NewStream(ctx context.Context, sampleRate int) (Stream, error)
	Close() error
}

// Stream recognises one continuous audio stream.
type Stream interface {
	// Write feeds samples; it may block when the engine falls behind, which
	// is the backpressure signal for the media loop.
	Write(pcm []int16) error
	// Results delivers partial and final results in order. It is closed
	// after Close has flushed the last final result.
	Results() <-chan Result
	// Close ends the audio, flushes and releases the engine's resources.
	// It is idempotent.
	Close() error
}

// Usage is implemented by streams that measure their own cost, for the
// real-time factor (processing time over audio time) in metrics.
type Usage interface {
	// Usage returns how much audio the stream has processed and how long
	// the processing took. It may be called from any goroutine.
	Usage() (audio, processing time.Duration)
}
