package pocketsphinx

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/earshot/earshot/stt"
)

// chunkSamples caps the size of one queued piece of audio (100 ms), so the
// queue bound in Options.WriteQueue holds whatever the callers' buffer
// sizes.
const chunkSamples = SampleRate / 10

// resultBuffer is the capacity of a stream's Results channel.
const resultBuffer = 32

// stream is one recognition stream. Write copies audio into a bounded
// queue; one goroutine, owned by the stream, feeds the decoder, detects
// utterance ends and sends results. Close stops that goroutine and gives
// the decoder back to the pool.
type stream struct {
	eng *Engine
	dec *decoder // owned by run until it exits, then by Close
	set settings

	in      chan []int16 // queued audio
	spare   chan []int16 // recycled chunk buffers
	quit    chan struct{}
	exited  chan struct{} // closed when run has returned
	results chan stt.Result

	// err is the decoding error run stopped on; written by run before
	// exited is closed, read after.
	err error

	closeOnce sync.Once
	closeErr  error

	// usedSamples and usedNanos count the audio decoded and the time
	// feed took for it (stt.Usage); written by run, read by anyone.
	usedSamples atomic.Int64
	usedNanos   atomic.Int64

	// State below is owned by run.
	fill           *bandFill
	samples        int64 // samples decoded since the start of the stream
	partialEvery   int64 // samples
	speech         bool  // the current utterance has seen speech
	lastPartialAt  int64
	lastPartialHyp string
	words          []stt.Word // scratch
}

func startStream(e *Engine, d *decoder, set settings) *stream {
	queue := max(1, int(e.opts.WriteQueue.Seconds()*SampleRate)/chunkSamples)
	s := &stream{
		eng:          e,
		dec:          d,
		set:          set,
		in:           make(chan []int16, queue),
		spare:        make(chan []int16, queue+1),
		quit:         make(chan struct{}),
		exited:       make(chan struct{}),
		results:      make(chan stt.Result, resultBuffer),
		partialEvery: max(1, int64(e.opts.PartialInterval.Seconds()*SampleRate)),
	}
	if set.noiseFloorDBFS != 0 {
		s.fill = newBandFill(SampleRate, set.noiseFloorDBFS)
	}
	go s.run()
	return s
}

// Write queues a copy of pcm (16 kHz mono). It blocks while the queue is
// full, which is the backpressure signal to the media loop. After Close
// it returns stt.ErrClosed; after a decoder failure, that error.
func (s *stream) Write(pcm []int16) error {
	if err := s.stopped(); err != nil {
		return err
	}
	for len(pcm) > 0 {
		n := min(len(pcm), chunkSamples)
		buf := s.buffer(n)
		copy(buf, pcm[:n])
		select {
		case s.in <- buf:
		case <-s.quit:
			return stt.ErrClosed
		case <-s.exited:
			return s.exitErr()
		}
		pcm = pcm[n:]
	}
	return nil
}

// stopped returns the error Write must return, or nil while the stream
// accepts audio.
func (s *stream) stopped() error {
	select {
	case <-s.quit:
		return stt.ErrClosed
	case <-s.exited:
		return s.exitErr()
	default:
		return nil
	}
}

func (s *stream) exitErr() error {
	if s.err != nil {
		return s.err
	}
	return stt.ErrClosed
}

func (s *stream) buffer(n int) []int16 {
	select {
	case b := <-s.spare:
		return b[:n]
	default:
		return make([]int16, n, chunkSamples)
	}
}

func (s *stream) recycle(b []int16) {
	select {
	case s.spare <- b:
	default:
	}
}

// Results delivers partial and final results; it is closed after Close
// has flushed the last final result (or after a decoder failure).
func (s *stream) Results() <-chan stt.Result { return s.results }

// Close ends the audio: queued audio is decoded, the current utterance is
// flushed as a final result if it has words, Results is closed and the
// decoder goes back to the pool. The caller must keep reading Results
// until it is closed, or Close may wait for it. Close is idempotent and
// returns the decoding error, if any, on the first call.
func (s *stream) Close() error {
	s.closeOnce.Do(func() {
		close(s.quit)
		<-s.exited
		s.eng.pool.put(s.dec, s.err == nil)
		s.dec = nil
		s.closeErr = s.err
	})
	return s.closeErr
}

// run is the stream's decoding goroutine.
func (s *stream) run() {
	defer close(s.exited)
	defer close(s.results)
	for {
		select {
		case buf := <-s.in:
			if s.err = s.feed(buf); s.err != nil {
				s.eng.log.Warn("pocketsphinx stream failed", "err", s.err)
				return
			}
		case <-s.quit:
			// Decode what was written before Close, then flush.
			for {
				select {
				case buf := <-s.in:
					if s.err = s.feed(buf); s.err != nil {
						return
					}
					continue
				default:
				}
				break
			}
			s.err = s.endUtterance(true)
			return
		}
	}
}

// Usage implements stt.Usage: the audio decoded so far and the wall time
// the decoding goroutine spent on it.
func (s *stream) Usage() (audio, processing time.Duration) {
	return time.Duration(s.usedSamples.Load()) * time.Second / SampleRate, time.Duration(s.usedNanos.Load())
}

// feed decodes one chunk and turns the decoder's voice activity state into
// utterance boundaries: an utterance ends once speech has been followed by
// Options.EndSilence of non-speech (the library's -vad_postspeech).
func (s *stream) feed(buf []int16) error {
	start := time.Now()
	defer func(n int) {
		s.usedSamples.Add(int64(n))
		s.usedNanos.Add(int64(time.Since(start)))
	}(len(buf))
	if s.fill != nil {
		s.fill.apply(buf)
	}
	err := s.dec.process(buf)
	s.samples += int64(len(buf))
	s.recycle(buf)
	if err != nil {
		return err
	}
	inSpeech := s.dec.inSpeech()
	switch {
	case inSpeech:
		if !s.speech {
			s.speech = true
			s.lastPartialAt = s.samples
		}
		if s.samples-s.lastPartialAt >= s.partialEvery {
			s.lastPartialAt = s.samples
			s.partial()
		}
	case s.speech:
		return s.endUtterance(false)
	}
	return nil
}

// partial sends the current hypothesis if it changed since the last
// partial. Partials are dropped rather than block when the reader is
// behind: the next one replaces them anyway.
func (s *stream) partial() {
	hyp := s.dec.hyp()
	if hyp == s.lastPartialHyp {
		return
	}
	r, ok := s.result(false)
	if !ok {
		return
	}
	select {
	case s.results <- r:
		s.lastPartialHyp = hyp
	default:
	}
}

// endUtterance ends the decoder's utterance, sends its final result if it
// has words and, unless the stream is ending, starts the next utterance.
func (s *stream) endUtterance(last bool) error {
	if err := s.dec.endUtt(); err != nil {
		return err
	}
	if r, ok := s.result(true); ok {
		s.results <- r
	}
	s.speech = false
	s.lastPartialHyp = ""
	if last {
		return nil
	}
	return s.dec.startUtt()
}

// result builds a Result from the decoder's current best path. Times are
// clamped to the audio decoded so far.
func (s *stream) result(final bool) (stt.Result, bool) {
	s.words = s.dec.words(s.words[:0])
	if len(s.words) == 0 {
		return stt.Result{}, false
	}
	limit := s.samples * 1000 / SampleRate
	words := make([]stt.Word, len(s.words))
	for i, w := range s.words {
		w.StartMS = min(w.StartMS, limit)
		w.EndMS = min(max(w.EndMS, w.StartMS), limit)
		words[i] = w
	}
	return stt.Result{
		Final:   final,
		Words:   words,
		StartMS: words[0].StartMS,
		EndMS:   words[len(words)-1].EndMS,
	}, true
}
