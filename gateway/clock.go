package gateway

import (
	"fmt"
	"sync"
	"time"

	"github.com/earshot/earshot/media"
)

// audioClock is the last stage before the recogniser. It remembers when
// the audio reached it, a mark per 100 ms for the last 6.4 s, so that the
// latency of a final transcript can be measured from the end of its audio.
type audioClock struct {
	now  func() time.Time
	next media.PCMWriter // set once, before the first WritePCM

	mu      sync.Mutex
	written int64 // samples at SampleRate
	marks   [64]audioMark
	head    int // next mark to write
	count   int
}

type audioMark struct {
	end int64 // samples written up to and including this write
	at  time.Time
}

// markEvery is the spacing of the marks, in samples.
const markEvery = SampleRate / 10

func newAudioClock(now func() time.Time) *audioClock { return &audioClock{now: now} }

// WritePCM records the time and passes the samples on.
func (a *audioClock) WritePCM(samples []int16) error {
	a.mu.Lock()
	a.written += int64(len(samples))
	last := a.marks[(a.head+len(a.marks)-1)%len(a.marks)]
	if a.count == 0 || a.written-last.end >= markEvery {
		a.marks[a.head] = audioMark{end: a.written, at: a.now()}
		a.head = (a.head + 1) % len(a.marks)
		a.count = min(a.count+1, len(a.marks))
	}
	a.mu.Unlock()
	return a.next.WritePCM(samples)
}

// writtenAt returns when the audio at ms (milliseconds from the start of
// the stream) had reached the recogniser: the time of the first mark at or
// after it, at most 100 ms late. False if it is older than the marks kept
// or not written yet.
func (a *audioClock) writtenAt(ms int64) (time.Time, bool) {
	want := ms * SampleRate / 1000
	a.mu.Lock()
	defer a.mu.Unlock()
	oldest := (a.head - a.count + len(a.marks)) % len(a.marks)
	if a.count == 0 || a.marks[oldest].end > want+markEvery {
		return time.Time{}, false
	}
	for i := range a.count {
		m := a.marks[(oldest+i)%len(a.marks)]
		if m.end >= want {
			return m.at, true
		}
	}
	return time.Time{}, false
}

// String names the stage.
func (a *audioClock) String() string { return "Clock" }

// Next returns the recogniser stage.
func (a *audioClock) Next() fmt.Stringer { return a.next }
