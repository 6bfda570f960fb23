package recording

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
)

// Kinds of mutes this package adds itself.
const (
	// KindUnresolved marks audio released silent because its utterance was
	// not resolved within MaxHold.
	KindUnresolved = "unresolved"
	// KindDTMF marks a key press in a sensitive step.
	KindDTMF = "dtmf"
)

// Defaults of Options.
const (
	DefaultSampleRate = 16000
	DefaultDelay      = 2 * time.Second
	DefaultMaxHold    = 10 * time.Second
	DefaultPad        = 150 * time.Millisecond
)

// ErrNotFound is returned for a call without a recording.
var ErrNotFound = errors.New("recording: no recording")

// Options configures a Recorder.
type Options struct {
	// Dir is the recordings directory, inside the data directory; it is
	// created (mode 0700) when the first recording starts.
	Dir   string
	Keys  *crypto.Keys
	Store store.RecordingStore
	// SampleRate of the PCM taps take; 0 means DefaultSampleRate.
	SampleRate int
	// Delay, MaxHold and Pad: see the package doc; 0 means the default.
	Delay   time.Duration
	MaxHold time.Duration
	Pad     time.Duration
	Now     func() time.Time
	Log     *slog.Logger
}

// Recorder makes taps and reads and deletes recordings.
type Recorder struct {
	o Options
}

// New returns a Recorder.
func New(o Options) (*Recorder, error) {
	if o.Dir == "" || o.Keys == nil || o.Store == nil {
		return nil, errors.New("recording: a directory, keys and a store are required")
	}
	if o.SampleRate == 0 {
		o.SampleRate = DefaultSampleRate
	}
	if o.Delay == 0 {
		o.Delay = DefaultDelay
	}
	if o.MaxHold == 0 {
		o.MaxHold = DefaultMaxHold
	}
	if o.Pad == 0 {
		o.Pad = DefaultPad
	}
	if o.MaxHold < o.Delay {
		return nil, fmt.Errorf("recording: max hold %v is shorter than the delay %v", o.MaxHold, o.Delay)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Recorder{o: o}, nil
}

// Dir returns the recordings directory.
func (r *Recorder) Dir() string { return r.o.Dir }

// fileName is the file of a call's recording. Call IDs are random
// identifiers; anything else is refused so a name cannot leave Dir.
func fileName(callID string) (string, error) {
	if callID == "" || strings.Trim(callID, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
		return "", fmt.Errorf("recording: call ID %q is not a plain identifier", callID)
	}
	return callID + ".rec", nil
}

func (r *Recorder) path(file string) string { return filepath.Join(r.o.Dir, file) }

// msToSamples converts media milliseconds to a sample index.
func (r *Recorder) msToSamples(ms int64) int64 { return ms * int64(r.o.SampleRate) / 1000 }

func (r *Recorder) samplesToMS(n int64) int64 { return n * 1000 / int64(r.o.SampleRate) }

// Info is a recording as the API and the personal-data report show it.
type Info struct {
	store.Recording
	Mutes []store.Mute
}

// Info returns a call's recording and its mutes, or ErrNotFound.
func (r *Recorder) Info(ctx context.Context, callID string) (Info, error) {
	rec, err := r.o.Store.Recording(ctx, callID)
	if errors.Is(err, store.ErrNotFound) {
		return Info{}, fmt.Errorf("%w of call %s", ErrNotFound, callID)
	}
	if err != nil {
		return Info{}, err
	}
	mutes, err := r.o.Store.RecordingMutes(ctx, callID)
	if err != nil {
		return Info{}, err
	}
	return Info{Recording: rec, Mutes: mutes}, nil
}

// ReadPCM decrypts a call's recording and returns its samples with every
// mute applied, and the recording. A recording cut short by a crash
// reads up to its last whole chunk. After the subject's erasure it
// returns an error wrapping crypto.ErrKeyDestroyed; with no recording (or
// its file gone) ErrNotFound.
func (r *Recorder) ReadPCM(ctx context.Context, callID string) ([]int16, Info, error) {
	info, err := r.Info(ctx, callID)
	if err != nil {
		return nil, Info{}, err
	}
	f, err := os.Open(r.path(info.File))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Info{}, fmt.Errorf("%w of call %s: file gone", ErrNotFound, callID)
	}
	if err != nil {
		return nil, Info{}, fmt.Errorf("recording: %w", err)
	}
	defer f.Close()
	rd, err := r.o.Keys.NewReader(ctx, info.Subject, bufio.NewReader(f), []byte(callID))
	if errors.Is(err, crypto.ErrTruncated) {
		return nil, info, nil // the header was never completed: nothing recorded
	}
	if err != nil {
		return nil, Info{}, fmt.Errorf("recording of call %s: %w", callID, err)
	}
	var raw bytes.Buffer
	if _, err := io.Copy(&raw, rd); err != nil && !(errors.Is(err, crypto.ErrTruncated) && !info.Complete) {
		return nil, Info{}, fmt.Errorf("recording of call %s: %w", callID, err)
	}
	b := raw.Bytes()
	pcm := make([]int16, len(b)/2)
	for i := range pcm {
		pcm[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	clear(b)
	start := r.msToSamples(info.OffsetMS)
	for _, m := range info.Mutes {
		lo := max(r.msToSamples(m.StartMS)-start, 0)
		hi := min(r.msToSamples(m.EndMS)-start, int64(len(pcm)))
		if lo < hi {
			clear(pcm[lo:hi])
		}
	}
	return pcm, info, nil
}

// WriteWAV writes a call's recording, muted, as a WAV file (see ReadPCM).
func (r *Recorder) WriteWAV(ctx context.Context, callID string, w io.Writer) (Info, error) {
	pcm, info, err := r.ReadPCM(ctx, callID)
	if err != nil {
		return Info{}, err
	}
	defer clear(pcm)
	return info, wav.Write(w, r.o.SampleRate, pcm)
}

// Delete deletes a call's recording, file and row, and reports whether
// there was one.
func (r *Recorder) Delete(ctx context.Context, callID string) (bool, error) {
	rec, err := r.o.Store.Recording(ctx, callID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, r.deleteRec(ctx, rec)
}

func (r *Recorder) deleteRec(ctx context.Context, rec store.Recording) error {
	if err := os.Remove(r.path(rec.File)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("recording: delete file of call %s: %w", rec.CallID, err)
	}
	_, err := r.o.Store.DeleteRecording(ctx, rec.CallID)
	return err
}

// DeleteOf deletes every recording of a data subject and returns how many.
func (r *Recorder) DeleteOf(ctx context.Context, subject string) (int64, error) {
	recs, err := r.o.Store.RecordingsOf(ctx, subject)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, rec := range recs {
		if err := r.deleteRec(ctx, rec); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// DeleteBefore deletes the recordings that ended before cutoff and returns
// how many: the retention.Deleter of the audio class.
func (r *Recorder) DeleteBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	var n int64
	for {
		recs, err := r.o.Store.RecordingsEndedBefore(ctx, cutoff, 100)
		if err != nil {
			return n, err
		}
		for _, rec := range recs {
			if err := r.deleteRec(ctx, rec); err != nil {
				return n, err
			}
			n++
		}
		if len(recs) < 100 {
			return n, nil
		}
	}
}
