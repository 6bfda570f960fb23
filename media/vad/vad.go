// Package vad is an energy voice activity detector with an adaptive noise
// floor and hangover.
//
// Each frame's energy (mean square about the frame's mean, so that a DC
// offset does not count, in dBFS) is compared with an estimate
// of the background noise: the frame is speech when it is ThresholdDB above
// the noise floor and louder than MinSpeechDBFS. The noise floor is the
// minimum frame energy over the last NoiseWindow (minimum statistics, after
// R. Martin, "Noise power spectral density estimation based on optimal
// smoothing and minimum statistics", IEEE Trans. Speech and Audio
// Processing 9(5), 2001, reduced here to the full band): speech has pauses
// between words, so the minimum follows the background and not the voice,
// and a louder background is learnt within one window. Frames of digital
// silence (as a decoder inserts for lost packets) are never speech and do
// not teach the noise floor.
//
// The reported state turns to speech after Onset of speech frames and stays
// so for Hangover after the last one, so that word gaps and weak endings do
// not chop an utterance.
//
// A VAD is not safe for concurrent use and does not allocate in Process.
package vad

import (
	"fmt"
	"math"
	"time"
)

// Options tune a VAD. Zero values select the defaults.
type Options struct {
	// ThresholdDB is how far above the noise floor a frame's energy must be
	// to count as speech. Default 9 dB.
	ThresholdDB float64
	// MinSpeechDBFS is the energy below which a frame is never speech,
	// however quiet the background. Default -50 dBFS.
	MinSpeechDBFS float64
	// Onset is how much speech (in consecutive frames) it takes to report
	// speech. Default 20 ms; negative means the first speech frame.
	Onset time.Duration
	// Hangover is how long speech is still reported after the last speech
	// frame. Default 300 ms; negative means none.
	Hangover time.Duration
	// NoiseWindow is the span over which the noise floor is the minimum
	// frame energy. Default 1.5 s.
	NoiseWindow time.Duration
}

// Defaults.
const (
	DefaultThresholdDB   = 9.0
	DefaultMinSpeechDBFS = -50.0
	DefaultOnset         = 20 * time.Millisecond
	DefaultHangover      = 300 * time.Millisecond
	DefaultNoiseWindow   = 1500 * time.Millisecond
)

const (
	// silenceDBFS: frames whose energy is below this (|samples| of about
	// 1 or less) are digital silence.
	silenceDBFS = -90.0
	// blocks is how many sub-windows the noise window is split into: the
	// minimum is over the current one and the last blocks-1 complete ones.
	blocks = 6
)

// VAD is a voice activity detector for one stream; see the package
// documentation.
type VAD struct {
	rate        int
	threshold   float64
	minSpeech   float64
	onset       float64 // seconds
	hangover    float64
	blockLength float64

	mins      [blocks]float64 // minima of complete sub-windows; NaN if none yet
	pos       int
	curMin    float64
	curDur    float64
	haveNoise bool
	noise     float64

	energy  float64
	speech  bool
	run     float64 // seconds of consecutive speech frames
	since   float64 // seconds since the last speech frame
	frames  uint64
	speechN uint64
}

// New returns a VAD for samples at sampleRate Hz.
func New(sampleRate int, opts Options) (*VAD, error) {
	if sampleRate < 1000 || sampleRate > 1<<20 {
		return nil, fmt.Errorf("vad: sample rate %d out of range", sampleRate)
	}
	if opts.ThresholdDB < 0 || opts.NoiseWindow < 0 || opts.MinSpeechDBFS > 0 {
		return nil, fmt.Errorf("vad: invalid options %+v", opts)
	}
	dur := func(d, def time.Duration) float64 {
		switch {
		case d == 0:
			d = def
		case d < 0:
			d = 0
		}
		return d.Seconds()
	}
	v := &VAD{
		rate:        sampleRate,
		threshold:   orDefault(opts.ThresholdDB, DefaultThresholdDB),
		minSpeech:   orDefault(opts.MinSpeechDBFS, DefaultMinSpeechDBFS),
		onset:       dur(opts.Onset, DefaultOnset),
		hangover:    dur(opts.Hangover, DefaultHangover),
		blockLength: dur(opts.NoiseWindow, DefaultNoiseWindow) / blocks,
	}
	v.Reset()
	return v, nil
}

// orDefault returns v, or def if v is zero.
func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// Reset forgets the noise floor and the speech state.
func (v *VAD) Reset() {
	for i := range v.mins {
		v.mins[i] = math.NaN()
	}
	v.pos = 0
	v.curMin, v.curDur = math.Inf(1), 0
	v.haveNoise = false
	v.noise = silenceDBFS
	v.energy = math.Inf(-1)
	v.speech = false
	v.run, v.since = 0, math.Inf(1)
	v.frames, v.speechN = 0, 0
}

// Process classifies the next frame (10, 20 or 30 ms of samples work best;
// any length is accepted) and returns whether speech is going on, hangover
// included. An empty frame changes nothing.
func (v *VAD) Process(frame []int16) bool {
	if len(frame) == 0 {
		return v.speech
	}
	dur := float64(len(frame)) / float64(v.rate)
	e := energyDBFS(frame)
	v.energy = e
	v.frames++

	isSpeech := false
	if e >= silenceDBFS {
		if !v.haveNoise {
			v.noise, v.haveNoise = e, true
		}
		isSpeech = e >= v.noise+v.threshold && e >= v.minSpeech
		v.learn(e, dur)
	}

	if isSpeech {
		v.run += dur
		v.since = 0
		if !v.speech && v.run >= v.onset-1e-9 {
			v.speech = true
		}
	} else {
		v.run = 0
		v.since += dur
		if v.speech && v.since >= v.hangover-1e-9 {
			v.speech = false
		}
	}
	if v.speech {
		v.speechN++
	}
	return v.speech
}

// energyDBFS returns the mean square of frame about its mean, in dBFS:
// a DC offset (common in recordings) is not energy.
func energyDBFS(frame []int16) float64 {
	var sum, sq int64
	for _, s := range frame {
		sum += int64(s)
		sq += int64(s) * int64(s)
	}
	n := float64(len(frame))
	ms := (float64(sq) - float64(sum)*float64(sum)/n) / n
	if ms < 1e-3 {
		return math.Inf(-1)
	}
	return 10 * math.Log10(ms/(32768*32768))
}

// learn feeds a frame energy to the minimum tracker and updates the noise
// floor.
func (v *VAD) learn(e, dur float64) {
	v.curMin = math.Min(v.curMin, e)
	v.curDur += dur
	if v.curDur >= v.blockLength {
		v.mins[v.pos] = v.curMin
		v.pos = (v.pos + 1) % blocks
		v.curMin, v.curDur = math.Inf(1), 0
	}
	n := v.curMin
	for i, m := range v.mins {
		// The oldest complete block is dropped once the current one has
		// started, so the window spans (blocks-1, blocks] block lengths.
		if i == v.pos && v.curDur > 0 {
			continue
		}
		if !math.IsNaN(m) {
			n = math.Min(n, m)
		}
	}
	if !math.IsInf(n, 1) {
		v.noise = n
	}
}

// Speech reports the current state, as last returned by Process.
func (v *VAD) Speech() bool { return v.speech }

// NoiseDBFS returns the current noise floor estimate in dBFS (mean square
// relative to full scale).
func (v *VAD) NoiseDBFS() float64 { return v.noise }

// EnergyDBFS returns the last frame's energy in dBFS (-Inf for all zeros).
func (v *VAD) EnergyDBFS() float64 { return v.energy }

// Frames returns how many frames were processed and how many of them were
// reported as speech, since New or Reset.
func (v *VAD) Frames() (total, speech uint64) { return v.frames, v.speechN }

// String names the detector and its main settings.
func (v *VAD) String() string {
	return fmt.Sprintf("VAD(%gdB, %v)", v.threshold, time.Duration(v.hangover*float64(time.Second)).Round(time.Millisecond))
}
