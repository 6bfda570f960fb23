package pocketsphinx

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/earshot/earshot/stt"
	"github.com/earshot/earshot/stt/wer"
)

// TestStreamLibrivox decodes real speech through a stream fed in 20 ms
// chunks: noise, an utterance, a pause, the same utterance again, noise.
func TestStreamLibrivox(t *testing.T) {
	e := engine(t)
	const id = "sense_and_sensibility_01_austen_64kb-0880"
	speech, rate, err := readWAV(filepath.Join(librivoxDir, id+".wav"))
	if err != nil {
		t.Fatal(err)
	}
	if rate != SampleRate {
		t.Fatalf("%s is %d Hz", id, rate)
	}
	const lead, gap = SampleRate, 3 * SampleRate / 2 // 1 s, 1.5 s
	var pcm []int16
	pcm = append(pcm, lowNoise(lead)...)
	pcm = append(pcm, speech...)
	pcm = append(pcm, lowNoise(gap)...)
	pcm = append(pcm, speech...)
	pcm = append(pcm, lowNoise(lead)...)
	ms := func(samples int) int64 { return int64(samples) * 1000 / SampleRate }
	second := lead + len(speech) + gap // where the second utterance starts

	s, err := e.NewStream(context.Background(), SampleRate)
	if err != nil {
		t.Fatal(err)
	}
	got := decode(t, s, pcm)

	if len(got.finals) != 2 {
		t.Fatalf("got %d final results, want 2 (one per utterance): %+v", len(got.finals), got.finals)
	}
	// Partials must come before the first final, and every partial must
	// belong to an utterance that a final then ends.
	if got.results[0].Final {
		t.Error("first result is final: no partial results while speaking")
	}
	if last := got.results[len(got.results)-1]; !last.Final {
		t.Error("last result is a partial: the utterance was not flushed")
	}

	// Word times: since the start of the stream, ordered, inside the
	// utterance they belong to.
	windows := [][2]int64{
		{ms(lead) - 300, ms(lead+len(speech)) + 300},
		{ms(second) - 300, ms(second+len(speech)) + 300},
	}
	for i, r := range got.finals {
		prevEnd := int64(-1)
		for _, w := range r.Words {
			if w.StartMS < prevEnd || w.EndMS < w.StartMS {
				t.Errorf("utterance %d: word times not monotonic: %+v", i, r.Words)
				break
			}
			prevEnd = w.EndMS
		}
		if r.StartMS < windows[i][0] || r.EndMS > windows[i][1] {
			t.Errorf("utterance %d spans %d–%d ms, want inside %d–%d ms", i, r.StartMS, r.EndMS, windows[i][0], windows[i][1])
		}
		if r.StartMS != r.Words[0].StartMS || r.EndMS != r.Words[len(r.Words)-1].EndMS {
			t.Errorf("utterance %d: result span %d–%d does not match its words", i, r.StartMS, r.EndMS)
		}
	}
	for _, r := range got.results {
		if r.EndMS > ms(len(pcm)) {
			t.Errorf("result ends at %d ms, after the audio (%d ms)", r.EndMS, ms(len(pcm)))
		}
	}

	// Accuracy. This file decodes as "he was not an illness those young
	// man" (WER 0.25) when decoded alone; 0.5 leaves room for the
	// adapting CMN across the two utterances.
	ref := references(t)[id]
	for i, r := range got.finals {
		if res := wer.Compute(ref, joinWords(r.Words)); res.WER > 0.5 {
			t.Errorf("utterance %d: WER %.2f > 0.5 (%+v)", i, res.WER, res)
		}
	}
}

func joinWords(ws []stt.Word) string {
	var b []byte
	for i, w := range ws {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w.Text...)
	}
	return string(b)
}

// TestPartialsOnlyWhenChanged checks partial results carry a changed
// hypothesis each time.
func TestPartialsOnlyWhenChanged(t *testing.T) {
	e := engine(t)
	speech, _, err := readWAV(filepath.Join(librivoxDir, "sense_and_sensibility_01_austen_64kb-0930.wav"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.NewStream(context.Background(), SampleRate)
	if err != nil {
		t.Fatal(err)
	}
	got := decode(t, s, speech)
	var partials int
	prev := ""
	for _, r := range got.results {
		if r.Final {
			prev = ""
			continue
		}
		partials++
		text := joinWords(r.Words)
		if text == prev {
			t.Errorf("partial repeats the previous one: %q", text)
		}
		prev = text
	}
	// 3.3 s of speech and a partial at most every 250 ms.
	if partials == 0 || partials > 14 {
		t.Errorf("%d partials for 3.3 s of speech, want 1..14", partials)
	}
	if len(got.finals) == 0 {
		t.Fatal("no final result")
	}
}

func TestNewStreamWaitsForFreeDecoder(t *testing.T) {
	e := engine(t)
	// Take every decoder of the pool.
	var held []stt.Stream
	for range e.opts.PoolSize {
		s, err := e.NewStream(context.Background(), SampleRate)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	s, err := e.NewStream(ctx, SampleRate)
	if !errors.Is(err, context.DeadlineExceeded) || s != nil {
		t.Fatalf("NewStream with the pool exhausted = %v, %v; want nil, context.DeadlineExceeded", s, err)
	}

	// A waiting NewStream gets the decoder a closing stream gives back.
	type opened struct {
		s   stt.Stream
		err error
	}
	waiting := make(chan opened)
	go func() {
		s, err := e.NewStream(context.Background(), SampleRate)
		waiting <- opened{s, err}
	}()
	if err := held[0].Close(); err != nil {
		t.Fatal(err)
	}
	o := <-waiting
	if o.err != nil {
		t.Fatalf("NewStream after a stream closed: %v", o.err)
	}
	held[0] = o.s
	for _, s := range held {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestCloseIdempotent(t *testing.T) {
	e := engine(t)
	s, err := e.NewStream(context.Background(), SampleRate)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(lowNoise(SampleRate / 10)); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := s.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
	}
	if err := s.Write(lowNoise(10)); !errors.Is(err, stt.ErrClosed) {
		t.Errorf("Write after Close = %v, want stt.ErrClosed", err)
	}
	// Noise only: no result, and the channel is closed.
	for r := range s.Results() {
		t.Errorf("unexpected result from noise: %+v", r)
	}
}

func TestCloseWithoutWrite(t *testing.T) {
	e := engine(t)
	s, err := e.NewStream(context.Background(), SampleRate)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-s.Results(); ok {
		t.Error("Results delivered a result for a stream without audio")
	}
}

func TestNewStreamSampleRate(t *testing.T) {
	e := engine(t)
	for _, rate := range []int{8000, 48000, 0, -1} {
		if s, err := e.NewStream(context.Background(), rate); !errors.Is(err, ErrSampleRate) || s != nil {
			t.Errorf("NewStream(%d) = %v, %v; want ErrSampleRate", rate, s, err)
		}
	}
}

// TestProfileResetsCMN checks that each stream starts from its profile's
// cepstral means even on a decoder another stream adapted.
func TestProfileResetsCMN(t *testing.T) {
	e := engine(t)
	speech, _, err := readWAV(filepath.Join(librivoxDir, "sense_and_sensibility_01_austen_64kb-0930.wav"))
	if err != nil {
		t.Fatal(err)
	}
	nb, err := e.WithProfile(Narrowband)
	if err != nil {
		t.Fatal(err)
	}
	if err := nb.Close(); err != nil { // a no-op: the view does not own e
		t.Fatal(err)
	}
	for _, tc := range []struct {
		open func() (stt.Stream, error)
		want []float32
	}{
		{func() (stt.Stream, error) { return nb.NewStream(context.Background(), SampleRate) }, narrowbandCMNInit[:]},
		{func() (stt.Stream, error) { return e.NewStream(context.Background(), SampleRate) }, nil},
		{func() (stt.Stream, error) { return e.NewProfileStream(context.Background(), SampleRate, Narrowband) }, narrowbandCMNInit[:]},
	} {
		st, err := tc.open()
		if err != nil {
			t.Fatal(err)
		}
		s := st.(*stream)
		want := tc.want
		if want == nil {
			want = s.dec.modelCMN
		}
		// Nothing was written, so the decoding goroutine has not touched
		// the decoder yet.
		if got := s.dec.cmnMean(); !closeTo(got, want, 0.01) {
			t.Errorf("%s stream starts with CMN %v, want %v", s.set.name, got, want)
		}
		decode(t, s, speech) // adapts the CMN away from the start values
	}
	if _, err := e.WithProfile(Profile(99)); err == nil {
		t.Error("WithProfile accepted an unknown profile")
	}
}

func closeTo(a, b []float32, tol float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}
