// Package discard is a speech-to-text engine that recognises nothing: its
// streams take audio and throw it away. `earshot serve --stt none` uses it
// to measure the media path's own capacity apart from the recogniser's.
package discard

import (
	"context"
	"sync"
	"time"

	"github.com/earshot/earshot/stt"
)

// Engine creates discarding streams. The zero value is ready to use.
type Engine struct{}

// NewStream returns a stream that accepts PCM at any rate and never
// produces a result.
func (Engine) NewStream(ctx context.Context, sampleRate int) (stt.Stream, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &stream{rate: sampleRate, results: make(chan stt.Result)}, nil
}

// Close does nothing: the engine holds no resources.
func (Engine) Close() error { return nil }

type stream struct {
	rate    int
	results chan stt.Result

	mu      sync.Mutex
	samples int64
	closed  bool
}

// Write counts the samples and drops them.
func (s *stream) Write(pcm []int16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return stt.ErrClosed
	}
	s.samples += int64(len(pcm))
	return nil
}

func (s *stream) Results() <-chan stt.Result { return s.results }

// Close closes Results; it is idempotent.
func (s *stream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.results)
	}
	return nil
}

// Usage reports the audio written and no processing time.
func (s *stream) Usage() (audio, processing time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rate <= 0 {
		return 0, 0
	}
	return time.Duration(s.samples) * time.Second / time.Duration(s.rate), 0
}
