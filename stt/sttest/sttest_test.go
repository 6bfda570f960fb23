package sttest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/earshot/earshot/stt"
)

func collect(s stt.Stream) []stt.Result {
	var out []stt.Result
	for r := range s.Results() {
		out = append(out, r)
	}
	return out
}

func TestScript(t *testing.T) {
	p1 := Partial(100, 400, "my card")
	f1 := Final(100, 900, "my card number is")
	f2 := Final(1500, 2000, "thank you")
	never := Final(9000, 9100, "never reached")
	e := NewEngine(
		Step{AfterSamples: 3200, Result: p1},
		Step{AfterSamples: 8000, Result: f1},
		Step{AtClose: true, Result: f2},
		Step{AfterSamples: 1 << 30, Result: never},
	)
	st, err := e.NewStream(context.Background(), 16000)
	if err != nil {
		t.Fatal(err)
	}
	s := st.(*Stream)
	chunk := make([]int16, 320)

	for range 9 { // 2880 samples: nothing due yet
		if err := s.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.Results()); n != 0 {
		t.Fatalf("%d results before the first threshold", n)
	}
	if err := s.Write(chunk); err != nil { // 3200
		t.Fatal(err)
	}
	if got := <-s.Results(); !reflect.DeepEqual(got, p1) {
		t.Fatalf("first result %+v, want %+v", got, p1)
	}
	if err := s.Write(make([]int16, 10000)); err != nil { // one big write passes 8000
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if got, want := collect(s), []stt.Result{f1, f2}; !reflect.DeepEqual(got, want) {
		t.Fatalf("results after close %+v, want %+v", got, want)
	}
	if err := s.Write(chunk); !errors.Is(err, stt.ErrClosed) {
		t.Errorf("Write after Close = %v, want stt.ErrClosed", err)
	}
	if s.Samples() != 3200+10000 || s.Writes() != 11 || !s.Closed() || s.SampleRate() != 16000 {
		t.Errorf("recorded samples=%d writes=%d closed=%v rate=%d", s.Samples(), s.Writes(), s.Closed(), s.SampleRate())
	}
}

func TestEveryStreamPlaysTheScript(t *testing.T) {
	e := NewEngine(Step{AfterSamples: 1, Result: Final(0, 10, "hi")})
	for range 3 {
		s, err := e.NewStream(context.Background(), 8000)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write([]int16{1}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got := collect(s); len(got) != 1 || got[0].Words[0].Text != "hi" {
			t.Errorf("stream results %+v", got)
		}
	}
	if n := len(e.Streams()); n != 3 {
		t.Errorf("Streams() has %d, want 3", n)
	}
}

func TestNewStreamErrors(t *testing.T) {
	e := NewEngine()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.NewStream(ctx, 16000); !errors.Is(err, context.Canceled) {
		t.Errorf("NewStream with a done context = %v", err)
	}
	boom := errors.New("boom")
	e.FailNewStream(boom)
	if _, err := e.NewStream(context.Background(), 16000); !errors.Is(err, boom) {
		t.Errorf("NewStream after FailNewStream = %v", err)
	}
	e.FailNewStream(nil)
	if _, err := e.NewStream(context.Background(), 16000); err != nil {
		t.Errorf("NewStream after FailNewStream(nil) = %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.NewStream(context.Background(), 16000); !errors.Is(err, ErrEngineClosed) {
		t.Errorf("NewStream after Close = %v", err)
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		start, end int64
		text       string
		want       []stt.Word
	}{
		{0, 0, "", nil},
		{0, 300, "a b c", []stt.Word{{Text: "a", StartMS: 0, EndMS: 100}, {Text: "b", StartMS: 100, EndMS: 200}, {Text: "c", StartMS: 200, EndMS: 300}}},
		{1000, 1100, " one ", []stt.Word{{Text: "one", StartMS: 1000, EndMS: 1100}}},
		{500, 400, "x y", []stt.Word{{Text: "x", StartMS: 500, EndMS: 500}, {Text: "y", StartMS: 500, EndMS: 500}}}, // reversed span: zero length
	} {
		if got := Words(tc.start, tc.end, tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Words(%d, %d, %q) = %+v, want %+v", tc.start, tc.end, tc.text, got, tc.want)
		}
	}
	if f := Final(0, 10, "a"); !f.Final || f.StartMS != 0 || f.EndMS != 10 {
		t.Errorf("Final = %+v", f)
	}
	if p := Partial(0, 10, "a"); p.Final {
		t.Errorf("Partial = %+v", p)
	}
}
