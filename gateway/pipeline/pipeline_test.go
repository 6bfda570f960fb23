package pipeline_test

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway/pipeline"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt/sttest"
)

type recorder struct {
	mu  sync.Mutex
	evs []events.Event
}

func (r *recorder) publish(ev events.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evs = append(r.evs, ev)
}

func (r *recorder) events() []events.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]events.Event(nil), r.evs...)
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), "", filepath.Join(t.TempDir(), "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

var anyDigit = regexp.MustCompile(`[0-9]|\b(zero|one|two|three|four|five|six|seven|eight|nine)\b`)

// A card number read in groups arrives as growing partials and a final;
// every published and stored text is redacted, and events come in order.
func TestPipelineRedactsEverythingItPublishes(t *testing.T) {
	eng := sttest.NewEngine(
		sttest.Step{AfterSamples: 1, Result: sttest.Partial(0, 400, "my card")},
		sttest.Step{AfterSamples: 2, Result: sttest.Partial(0, 900, "my card is four")},
		sttest.Step{AfterSamples: 3, Result: sttest.Partial(0, 1400, "my card is four five three nine")},
		sttest.Step{AfterSamples: 4, Result: sttest.Partial(0, 2400, "my card is four five three nine one four eight eight zero three")},
		sttest.Step{AfterSamples: 5, Result: sttest.Final(0, 4000, "my card is four five three nine one four eight eight zero three four three six four six seven")},
		sttest.Step{AtClose: true, Result: sttest.Final(5000, 6000, "thank you")},
	)
	st := openStore(t)
	var rec recorder
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	p, err := pipeline.Start(t.Context(), pipeline.Config{
		CallID: "c1", Channel: "sip", Route: "bot", Codec: "PCMU",
		Engine: eng, Publish: rec.publish, Store: st, Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if err := p.WritePCM(make([]int16, 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close("bye"); err != nil {
		t.Fatal(err)
	}
	if err := p.Close("bye"); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if s := eng.Streams(); len(s) != 1 || !s[0].Closed() || s[0].SampleRate() != pipeline.SampleRate {
		t.Fatalf("STT stream not opened at 16 kHz and closed: %+v", s)
	}

	evs := rec.events()
	if evs[0].Type != events.CallStarted || evs[0].Codec != "PCMU" || evs[len(evs)-1].Type != events.CallEnded || evs[len(evs)-1].Reason != "bye" {
		t.Fatalf("events not framed by call.started/call.ended: %+v", evs)
	}
	var finals []string
	partials := 0
	for _, ev := range evs {
		if m := anyDigit.FindString(ev.Text); m != "" {
			t.Errorf("%s leaks %q: %q", ev.Type, m, ev.Text)
		}
		switch ev.Type {
		case events.TranscriptPartial:
			partials++
		case events.TranscriptFinal:
			finals = append(finals, ev.Text)
			if ev.Seq != len(finals)-1 {
				t.Errorf("final %q has seq %d, want %d", ev.Text, ev.Seq, len(finals)-1)
			}
		}
	}
	if partials == 0 || len(finals) != 2 || !strings.Contains(finals[0], "[CARD_NUMBER]") || finals[1] != "thank you" {
		t.Fatalf("partials=%d finals=%q, want partials and the redacted card final then 'thank you'", partials, finals)
	}

	c, err := st.GetCall(t.Context(), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if c.EndReason != "bye" || c.EndedAt.IsZero() || c.Codec != "PCMU" {
		t.Errorf("stored call = %+v", c)
	}
	segs, err := st.Segments(t.Context(), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 2 || segs[0].Redacted.Text() != finals[0] || segs[1].Seq != 1 || segs[0].EndMS != 4000 {
		t.Fatalf("stored segments = %+v, want the two finals", segs)
	}
}

func TestPipelineStartErrors(t *testing.T) {
	if _, err := pipeline.Start(t.Context(), pipeline.Config{CallID: "x"}); err == nil {
		t.Error("Start without an engine succeeded")
	}
	eng := sttest.NewEngine()
	boom := errors.New("pool exhausted")
	eng.FailNewStream(boom)
	if _, err := pipeline.Start(t.Context(), pipeline.Config{CallID: "x", Engine: eng}); !errors.Is(err, boom) {
		t.Errorf("Start = %v, want the engine's error", err)
	}

	// A call the store refuses (duplicate ID) is not started, and its STT
	// stream is given back.
	eng = sttest.NewEngine()
	st := openStore(t)
	cfg := pipeline.Config{CallID: "dup", Engine: eng, Store: st}
	p, err := pipeline.Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close("bye")
	if _, err := pipeline.Start(t.Context(), cfg); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second Start with the same ID = %v, want ErrDuplicate", err)
	}
	if s := eng.Streams(); len(s) != 2 || !s[1].Closed() {
		t.Fatal("the refused call's STT stream was not closed")
	}
}

// Close records the end even when the caller's context is already
// cancelled: teardown must not be aborted by a cancelled request.
func TestPipelineCloseAfterCancel(t *testing.T) {
	st := openStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	p, err := pipeline.Start(ctx, pipeline.Config{
		CallID: "c2", Engine: sttest.NewEngine(sttest.Step{AtClose: true, Result: sttest.Final(0, 10, "hello")}), Store: st,
	})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := p.Close("shutdown"); err != nil {
		t.Fatal(err)
	}
	c, err := st.GetCall(t.Context(), "c2")
	if err != nil || c.EndReason != "shutdown" {
		t.Fatalf("call after Close = %+v, %v", c, err)
	}
	if segs, err := st.Segments(t.Context(), "c2"); err != nil || len(segs) != 1 {
		t.Fatalf("segments after Close = %+v, %v", segs, err)
	}
}
