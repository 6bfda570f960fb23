package pocketsphinx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/earshot/earshot/stt"
)

// DefaultModelDir is where Debian's pocketsphinx-en-us package installs
// the US English model.
const DefaultModelDir = "/usr/share/pocketsphinx/model/en-us"

// SampleRate is the only rate the en-us model accepts.
const SampleRate = 16000

// ErrSampleRate is returned by NewStream for audio that is not 16 kHz.
var ErrSampleRate = errors.New("pocketsphinx: unsupported sample rate")

// Options configures an Engine. The zero value is usable.
type Options struct {
	// ModelDir holds the acoustic model folder en-us/, the language model
	// en-us.lm.bin and the dictionary cmudict-en-us.dict.
	// Default DefaultModelDir.
	ModelDir string
	// Profile is used by NewStream; NewProfileStream and WithProfile pick
	// one per stream. Default Wideband.
	Profile Profile
	// PoolSize is the number of decoders kept warm (about 90 MB each).
	// NewStream waits when all are in use. Default two per CPU, which is
	// about what the CPU can decode in real time.
	PoolSize int
	// FastFinals skips the decoder's second search pass (pocketsphinx's
	// flat-lexicon pass, -fwdflat) at the end of every utterance: a final
	// result then costs a few milliseconds instead of 100-400 ms of CPU
	// (more for long utterances), so it reaches the agent that much
	// sooner and a core carries more calls, at some accuracy
	// (docs/PERFORMANCE.md has both measured).
	FastFinals bool
	// EndSilence is how much non-speech after speech ends an utterance
	// (and produces a final result). Default 600 ms; resolution 10 ms.
	EndSilence time.Duration
	// PartialInterval is the least audio between two partial results of
	// an utterance. Default 250 ms.
	PartialInterval time.Duration
	// WriteQueue is how much audio Write may queue ahead of the decoder
	// before it blocks. Default 2 s.
	WriteQueue time.Duration
	// Logger receives engine events (decoder pool, errors). Transcripts
	// are never logged. Default: discard.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.ModelDir == "" {
		o.ModelDir = DefaultModelDir
	}
	if o.PoolSize <= 0 {
		o.PoolSize = 2 * runtime.NumCPU()
	}
	if o.EndSilence <= 0 {
		o.EndSilence = 600 * time.Millisecond
	}
	if o.PartialInterval <= 0 {
		o.PartialInterval = 250 * time.Millisecond
	}
	if o.WriteQueue <= 0 {
		o.WriteQueue = 2 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Engine is the embedded pocketsphinx speech-to-text engine. It implements
// stt.Engine and is safe for concurrent use.
type Engine struct {
	opts Options
	set  settings // of opts.Profile
	log  *slog.Logger
	pool *pool
}

var _ stt.Engine = (*Engine)(nil)

// New checks the model files and starts filling the decoder pool in the
// background; it returns before the first decoder is ready (see Ready).
func New(opts Options) (*Engine, error) {
	opts = opts.withDefaults()
	set, err := opts.Profile.settings()
	if err != nil {
		return nil, err
	}
	args, err := decoderArgs(opts)
	if err != nil {
		return nil, err
	}
	log := opts.Logger.With("stt", "pocketsphinx")
	e := &Engine{opts: opts, set: set, log: log}
	e.pool = newPool(opts.PoolSize, func() (*decoder, error) { return newDecoder(args) }, log)
	return e, nil
}

// decoderArgs builds the decoder command line and checks that the model
// files exist, so a bad installation fails in New with a clear error
// rather than in the background.
func decoderArgs(o Options) ([]string, error) {
	hmm := filepath.Join(o.ModelDir, "en-us")
	lm := filepath.Join(o.ModelDir, "en-us.lm.bin")
	dict := filepath.Join(o.ModelDir, "cmudict-en-us.dict")
	for _, f := range []string{hmm, filepath.Join(hmm, "feat.params"), lm, dict} {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("pocketsphinx: model file missing: %w", err)
		}
	}
	// The library's VAD counts 10 ms frames.
	post := max(1, int(o.EndSilence/(10*time.Millisecond)))
	args := []string{
		"-hmm", hmm,
		"-lm", lm,
		"-dict", dict,
		"-samprate", strconv.Itoa(SampleRate),
		"-vad_postspeech", strconv.Itoa(post),
	}
	if o.FastFinals {
		args = append(args, "-fwdflat", "no")
	}
	return args, nil
}

// Ready waits until the decoder pool has been filled. It returns the
// first decoder creation error, if any; the engine keeps working with
// fewer decoders as long as at least one exists.
func (e *Engine) Ready(ctx context.Context) error {
	return e.pool.waitReady(ctx)
}

// NewStream starts a stream with the engine's profile. See
// NewProfileStream.
func (e *Engine) NewStream(ctx context.Context, sampleRate int) (stt.Stream, error) {
	return e.open(ctx, sampleRate, e.set)
}

// NewProfileStream starts a stream with the given profile. sampleRate must
// be 16000. It waits for a free decoder until ctx is done.
func (e *Engine) NewProfileStream(ctx context.Context, sampleRate int, p Profile) (stt.Stream, error) {
	set, err := p.settings()
	if err != nil {
		return nil, err
	}
	return e.open(ctx, sampleRate, set)
}

// open returns an stt.Stream (never a typed nil).
func (e *Engine) open(ctx context.Context, sampleRate int, set settings) (stt.Stream, error) {
	s, err := e.newStream(ctx, sampleRate, set)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (e *Engine) newStream(ctx context.Context, sampleRate int, set settings) (*stream, error) {
	if sampleRate != SampleRate {
		return nil, fmt.Errorf("%w: %d Hz, want %d Hz (resample first)", ErrSampleRate, sampleRate, SampleRate)
	}
	d, err := e.pool.get(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.startStream(set.cmnInit); err != nil {
		e.pool.put(d, false)
		return nil, err
	}
	return startStream(e, d, set), nil
}

// Close stops the pool and frees the idle decoders. Streams still open
// keep their decoder until they are closed, which then frees it; close
// streams first. Close is idempotent.
func (e *Engine) Close() error {
	e.pool.close()
	return nil
}

// WithProfile returns a view of e that implements stt.Engine with
// NewStream using profile p. The view shares e's decoders; closing the
// view does nothing, the owner of e closes e. This is how a gateway serves
// SIP (Narrowband) and WebRTC (Wideband) calls from one pool.
func (e *Engine) WithProfile(p Profile) (stt.Engine, error) {
	set, err := p.settings()
	if err != nil {
		return nil, err
	}
	return profileView{e: e, set: set}, nil
}

type profileView struct {
	e   *Engine
	set settings
}

func (v profileView) NewStream(ctx context.Context, sampleRate int) (stt.Stream, error) {
	return v.e.open(ctx, sampleRate, v.set)
}

func (v profileView) Close() error { return nil }
