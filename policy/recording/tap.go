package recording

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/store"
)

// span is a half-open range of sample indexes of the call's media clock.
type span struct{ lo, hi int64 }

// Tap is one call's recording tap (see the package doc).
type Tap struct {
	r       *Recorder
	callID  string
	subject string

	prepMu sync.Mutex // serialises Prepare, Finish and Discard

	mu       sync.Mutex
	pos      int64 // samples seen by WritePCM: the media clock
	open     bool  // taking audio now
	started  bool  // was opened once
	ended    bool  // closed after it was open: never opens again
	startPos int64 // first recorded sample
	stopPos  int64 // no sample from here on is taken; -1 while consent holds
	t0       time.Time
	heldPos  int64 // first sample not yet written
	held     []int16
	uttStart int64 // start of the utterance in progress, -1 if none
	mutes    []span
	late     int
	// unresolved are the spans released silent, stored by Finish.
	unresolved []store.Mute

	file      *os.File
	w         *crypto.Writer
	discarded bool
	finished  bool
	err       error // first write error; the tap stops recording
	out       []byte
}

// NewTap returns a closed tap for a call of subject (a pseudonym).
func (r *Recorder) NewTap(callID, subject string) (*Tap, error) {
	if _, err := fileName(callID); err != nil {
		return nil, err
	}
	if !crypto.IsPseudonym(subject) {
		return nil, errors.New("recording: subject is not a pseudonym")
	}
	// The call's media starts when it is answered, right after its taps
	// are made: position 0 of the arrival clock.
	return &Tap{r: r, callID: callID, subject: subject, uttStart: -1, stopPos: -1, t0: r.o.Now()}, nil
}

// String describes the tap for logs.
func (t *Tap) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	state := "closed"
	if t.open {
		state = "open"
	}
	return "RecordingTap(" + t.callID + ", " + state + ")"
}

// SetOpen opens or closes the tap; it is quick and does no I/O, so it can
// be a consent gate's callback. A tap that was closed after it was open
// does not open again.
//
// Both act at the moment they are called on the call's media clock: the
// position of the audio arriving now, taken as the time since the first
// sample could arrive (the tap's creation, as the call is answered).
// When the media path runs behind (a busy recogniser pushes back, or the
// recogniser's stream was slow to open), samples reach WritePCM later than
// they arrived: opening
// then skips the backlog spoken before the grant, and closing still takes
// the backlog spoken before the withdrawal and nothing after it.
func (t *Tap) SetOpen(open bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case open && !t.started && !t.discarded:
		t.open, t.started = true, true
		t.startPos = max(t.pos, t.wallPos())
		t.heldPos = t.startPos
	case !open && t.open && t.stopPos < 0:
		t.ended = true
		t.stopPos = max(t.pos, t.wallPos(), t.startPos)
		if t.stopPos <= t.pos {
			t.open = false
		}
	}
}

// wallPos is the media position of audio arriving now. Called with mu
// held.
func (t *Tap) wallPos() int64 {
	return int64(t.r.o.Now().Sub(t.t0).Seconds() * float64(t.r.o.SampleRate))
}

// Recording reports whether the tap takes audio now.
func (t *Tap) Recording() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.open && t.stopPos < 0
}

// Prepare creates the recording's file, stream and store row if the tap
// has opened and they do not exist yet. Call it after the tap opened, off
// the media path (creating the subject's key takes database round trips);
// WritePCM does it itself if it must write before Prepare ran.
func (t *Tap) Prepare(ctx context.Context) error {
	t.prepMu.Lock()
	defer t.prepMu.Unlock()
	return t.prepare(ctx)
}

// prepare is Prepare with prepMu held.
func (t *Tap) prepare(ctx context.Context) error {
	t.mu.Lock()
	if !t.started || t.w != nil || t.discarded || t.finished || t.err != nil {
		t.mu.Unlock()
		return nil
	}
	startMS := t.r.samplesToMS(t.startPos)
	t.mu.Unlock()

	f, w, err := t.create(ctx, startMS)

	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.fail(err)
		return err
	}
	t.file, t.w = f, w
	return nil
}

// create makes the file, the encrypted stream and the store row.
func (t *Tap) create(ctx context.Context, startMS int64) (*os.File, *crypto.Writer, error) {
	name, _ := fileName(t.callID) // checked by NewTap
	if err := os.MkdirAll(t.r.o.Dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("recording: %w", err)
	}
	err := t.r.o.Store.AddRecording(ctx, store.Recording{
		CallID: t.callID, Subject: t.subject, File: name, SampleRate: t.r.o.SampleRate,
		OffsetMS: startMS, StartedAt: t.r.o.Now(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("recording: %w", err)
	}
	f, err := os.OpenFile(t.r.path(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		_, derr := t.r.o.Store.DeleteRecording(context.WithoutCancel(ctx), t.callID)
		return nil, nil, errors.Join(fmt.Errorf("recording: %w", err), derr)
	}
	w, err := t.r.o.Keys.NewWriter(ctx, t.subject, f, []byte(t.callID))
	if err != nil {
		err = fmt.Errorf("recording: %w", err)
		return nil, nil, errors.Join(err, t.remove(context.WithoutCancel(ctx), f))
	}
	return f, w, nil
}

// remove closes and deletes a file this tap created, and its row.
func (t *Tap) remove(ctx context.Context, f *os.File) error {
	var errs []error
	if f != nil {
		errs = append(errs, f.Close())
		if err := os.Remove(f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	_, err := t.r.o.Store.DeleteRecording(ctx, t.callID)
	return errors.Join(append(errs, err)...)
}

// fail stops the tap after an I/O error. Called with mu held.
func (t *Tap) fail(err error) {
	if t.err == nil {
		t.err = err
		t.open = false
		clear(t.held)
		t.held = t.held[:0]
		t.r.o.Log.Error("recording stopped", "call", t.callID, "err", err)
	}
}

// WritePCM advances the call's media clock by len(samples) and, while the
// tap is open, takes the samples into the delay line; it writes what the
// delay line releases. Only the call's media goroutine calls it. It
// returns nil even when recording failed (the call goes on; Err tells).
func (t *Tap) WritePCM(samples []int16) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	lo, hi := t.pos, t.pos+int64(len(samples))
	if t.open {
		from, to := max(lo, t.startPos), hi
		if t.stopPos >= 0 {
			to = min(to, t.stopPos)
			if hi >= t.stopPos {
				t.open = false
			}
		}
		if from < to {
			t.held = append(t.held, samples[from-lo:to-lo]...)
		}
	}
	t.pos = hi
	if t.started && len(t.held) > 0 {
		t.release(false)
	}
	return nil
}

// Utterance tells the tap that the recogniser is inside an utterance that
// started at startMS: audio from there is held until EndUtterance.
func (t *Tap) Utterance(startMS int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.r.msToSamples(max(startMS, 0))
	if t.uttStart < 0 || s < t.uttStart {
		t.uttStart = s
	}
}

// EndUtterance ends the utterance in progress: its final result arrived
// and its mutes were given.
func (t *Tap) EndUtterance() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.uttStart = -1
}

// Mute mutes [startMS, endMS) of the call's media time, padded by
// Options.Pad: in the held audio before it is written, and on every read
// (the span is stored). kind says what was there (an entity type, "dtmf").
// Mutes of a tap that never opened are ignored.
func (t *Tap) Mute(ctx context.Context, kind string, startMS, endMS int64) error {
	pad := t.r.o.Pad.Milliseconds()
	startMS, endMS = max(startMS-pad, 0), endMS+pad
	if endMS <= startMS {
		return nil
	}
	sp := span{t.r.msToSamples(startMS), t.r.msToSamples(endMS)}
	t.mu.Lock()
	if !t.started || t.discarded || sp.hi <= t.startPos {
		t.mu.Unlock()
		return nil
	}
	if sp.lo < t.heldPos {
		t.late++
	}
	t.mutes = append(t.mutes, sp)
	t.mu.Unlock()
	// The row exists once Prepare ran; make sure it has.
	if err := t.Prepare(ctx); err != nil {
		return err
	}
	return t.r.o.Store.AddRecordingMutes(ctx, t.callID, []store.Mute{{StartMS: startMS, EndMS: endMS, Kind: kind}})
}

// Late returns how many mutes arrived after (part of) their audio had
// been written: muted when read, but held in the ciphertext.
func (t *Tap) Late() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.late
}

// Err returns the error that stopped the recording, if any.
func (t *Tap) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// release writes the held audio the delay line lets go (all of it when
// final is set). Called with mu held.
func (t *Tap) release(final bool) {
	end := t.heldPos + int64(len(t.held))
	limit := end
	var forced int64 = -1
	if !final {
		limit = t.pos - t.r.msToSamples(t.r.o.Delay.Milliseconds())
		if t.uttStart >= 0 {
			limit = min(limit, t.uttStart)
		}
		if maxHold := t.pos - t.r.msToSamples(t.r.o.MaxHold.Milliseconds()); maxHold > limit {
			forced, limit = max(limit, t.heldPos), maxHold
		}
		limit = min(limit, end)
	} else if t.uttStart >= 0 && t.uttStart < end {
		forced = max(t.uttStart, t.heldPos)
	}
	if limit <= t.heldPos {
		return
	}
	if t.w != nil && forced >= 0 && forced < limit {
		// Unresolved speech: written silent, and remembered as muted.
		t.mutes = append(t.mutes, span{forced, limit})
		t.unresolved = append(t.unresolved, store.Mute{
			StartMS: t.r.samplesToMS(forced), EndMS: t.r.samplesToMS(limit), Kind: KindUnresolved,
		})
	}
	if t.w == nil {
		// Prepare has not run: do it here, on the media path, and write
		// at the next call.
		t.mu.Unlock()
		_ = t.Prepare(context.Background()) // a failure stops the tap (fail)
		t.mu.Lock()
		return
	}
	n := limit - t.heldPos
	chunk := t.held[:n]
	for _, m := range t.mutes {
		lo, hi := max(m.lo, t.heldPos), min(m.hi, limit)
		if lo < hi {
			clear(chunk[lo-t.heldPos : hi-t.heldPos])
		}
	}
	t.out = t.out[:0]
	for _, s := range chunk {
		t.out = binary.LittleEndian.AppendUint16(t.out, uint16(s))
	}
	_, err := t.w.Write(t.out)
	clear(t.out)
	clear(chunk)
	if err != nil {
		t.fail(err)
		return
	}
	t.held = append(t.held[:0], t.held[n:]...)
	t.heldPos = limit
	// Mutes wholly written are done with.
	kept := t.mutes[:0]
	for _, m := range t.mutes {
		if m.hi > t.heldPos {
			kept = append(kept, m)
		}
	}
	t.mutes = kept
}

// Finish ends the recording when the call ends: it writes what the delay
// line still holds (an utterance without its final, silent), closes the
// stream with its final chunk and records the duration. A tap that never
// opened does nothing. It is idempotent.
func (t *Tap) Finish(ctx context.Context) error {
	t.prepMu.Lock()
	defer t.prepMu.Unlock()
	t.mu.Lock()
	if t.finished || !t.started || t.discarded {
		t.finished = true
		t.open = false
		t.mu.Unlock()
		return nil
	}
	t.open, t.ended = false, true
	t.mu.Unlock()
	if err := t.prepare(ctx); err != nil {
		return err
	}
	t.mu.Lock()
	t.finished = true
	if t.w != nil && t.err == nil {
		t.release(true)
	}
	w, f, failed := t.w, t.file, t.err
	dur := t.r.samplesToMS(t.heldPos - t.startPos)
	unresolved := t.unresolved
	t.w, t.file, t.unresolved = nil, nil, nil
	clear(t.held)
	t.held = nil
	t.mu.Unlock()
	if w == nil {
		return failed
	}
	closeErr := w.Close()
	err := errors.Join(closeErr, f.Sync(), f.Close())
	if len(unresolved) > 0 {
		err = errors.Join(err, t.r.o.Store.AddRecordingMutes(ctx, t.callID, unresolved))
	}
	complete := failed == nil && closeErr == nil
	err = errors.Join(err, t.r.o.Store.FinishRecording(ctx, t.callID, dur, complete, t.r.o.Now()))
	if err != nil {
		return fmt.Errorf("recording: finish call %s: %w", t.callID, err)
	}
	return failed
}

// Discard closes the tap for good and deletes what it recorded, file and
// row: consent was withdrawn and recorded audio must go. It is
// idempotent.
func (t *Tap) Discard(ctx context.Context) error {
	t.prepMu.Lock()
	defer t.prepMu.Unlock()
	t.mu.Lock()
	if t.discarded {
		t.mu.Unlock()
		return nil
	}
	started := t.started
	t.open, t.discarded = false, true
	if started {
		t.ended = true
	}
	f := t.file
	t.w, t.file = nil, nil
	clear(t.held)
	t.held, t.mutes, t.unresolved = nil, nil, nil
	t.mu.Unlock()
	if !started {
		return nil
	}
	if err := t.remove(ctx, f); err != nil {
		return fmt.Errorf("recording: discard call %s: %w", t.callID, err)
	}
	return nil
}
