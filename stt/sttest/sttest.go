// Package sttest provides a scripted fake stt.Engine for testing the
// packages that consume speech-to-text results (media pipelines,
// redaction, consoles) without a real recogniser. It is a test helper and
// must not be used in production code.
//
// Every stream of an Engine plays the same script: a Step is sent on
// Results once the stream has been written a given number of samples in
// total, or when it is closed. Results has room for the whole script, so
// Write never blocks and a test may read the results after Close.
//
// Engine and Stream are safe for concurrent use; streams record what they
// were given (sample rate, sample count, closed) for assertions.
package sttest

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/earshot/earshot/stt"
)

// ErrEngineClosed is returned by NewStream after Close.
var ErrEngineClosed = errors.New("sttest: engine closed")

// Step is one scripted result.
type Step struct {
	// AfterSamples sends Result once the stream has received at least
	// this many samples in total (0 sends it on the first Write).
	AfterSamples int
	// AtClose sends Result when the stream is closed instead, like the
	// flush of a real engine's last utterance.
	AtClose bool
	Result  stt.Result
}

// Engine is a fake stt.Engine that plays a script on every stream.
type Engine struct {
	steps []Step

	mu        sync.Mutex
	streams   []*Stream
	closed    bool
	streamErr error
}

var _ stt.Engine = (*Engine)(nil)

// NewEngine returns an engine whose streams play steps in order.
func NewEngine(steps ...Step) *Engine {
	return &Engine{steps: append([]Step(nil), steps...)}
}

// FailNewStream makes the following NewStream calls return err (nil
// restores normal behaviour).
func (e *Engine) FailNewStream(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.streamErr = err
}

// NewStream returns a new scripted stream. It fails when ctx is done, the
// engine is closed or FailNewStream set an error.
func (e *Engine) NewStream(ctx context.Context, sampleRate int) (stt.Stream, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, ErrEngineClosed
	}
	if e.streamErr != nil {
		return nil, e.streamErr
	}
	s := &Stream{
		rate:    sampleRate,
		steps:   e.steps,
		results: make(chan stt.Result, len(e.steps)),
	}
	e.streams = append(e.streams, s)
	return s, nil
}

// Streams returns the streams created so far, oldest first.
func (e *Engine) Streams() []*Stream {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*Stream(nil), e.streams...)
}

// Close makes later NewStream calls fail. Open streams keep working.
// It is idempotent.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	return nil
}

// Stream is a scripted stt.Stream.
type Stream struct {
	rate  int
	steps []Step

	mu      sync.Mutex
	next    int // index of the next step to consider
	samples int
	writes  int
	closed  bool
	results chan stt.Result
}

var _ stt.Stream = (*Stream)(nil)

// Write counts the samples and sends every step whose threshold has been
// reached. It returns stt.ErrClosed after Close.
func (s *Stream) Write(pcm []int16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return stt.ErrClosed
	}
	s.samples += len(pcm)
	s.writes++
	for s.next < len(s.steps) {
		st := s.steps[s.next]
		if st.AtClose {
			s.next++ // sent by Close
			continue
		}
		if s.samples < st.AfterSamples {
			break
		}
		s.results <- st.Result // never blocks: room for every step
		s.next++
	}
	return nil
}

// Results delivers the scripted results; it is closed by Close.
func (s *Stream) Results() <-chan stt.Result { return s.results }

// Close sends the AtClose steps, then closes Results. Steps whose
// threshold was never reached are not sent. Close is idempotent.
func (s *Stream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	for _, st := range s.steps {
		if st.AtClose {
			s.results <- st.Result
		}
	}
	close(s.results)
	return nil
}

// SampleRate is the rate the stream was opened with.
func (s *Stream) SampleRate() int { return s.rate }

// Samples is the number of samples written so far.
func (s *Stream) Samples() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.samples
}

// Writes is the number of Write calls that were accepted.
func (s *Stream) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// Closed reports whether Close was called.
func (s *Stream) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Words spreads the space-separated words of text evenly over
// startMS..endMS, for building scripted results.
func Words(startMS, endMS int64, text string) []stt.Word {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil
	}
	span := max(endMS-startMS, 0)
	words := make([]stt.Word, len(fields))
	for i, f := range fields {
		words[i] = stt.Word{
			Text:    f,
			StartMS: startMS + span*int64(i)/int64(len(fields)),
			EndMS:   startMS + span*int64(i+1)/int64(len(fields)),
		}
	}
	return words
}

// Partial returns a partial result of text spread over startMS..endMS.
func Partial(startMS, endMS int64, text string) stt.Result {
	return stt.Result{Words: Words(startMS, endMS, text), StartMS: startMS, EndMS: endMS}
}

// Final returns a final result of text spread over startMS..endMS.
func Final(startMS, endMS int64, text string) stt.Result {
	r := Partial(startMS, endMS, text)
	r.Final = true
	return r
}
