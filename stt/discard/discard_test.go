package discard

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/earshot/earshot/stt"
)

func TestStreamDiscardsAndCloses(t *testing.T) {
	var e Engine
	s, err := e.NewStream(context.Background(), 16000)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(make([]int16, 8000)); err != nil {
		t.Fatal(err)
	}
	if audio, busy := s.(stt.Usage).Usage(); audio != 500*time.Millisecond || busy != 0 {
		t.Fatalf("usage %v/%v, want 500ms of audio and no processing", audio, busy)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if _, ok := <-s.Results(); ok {
		t.Fatal("a result from the discarding engine")
	}
	if err := s.Write(make([]int16, 10)); !errors.Is(err, stt.ErrClosed) {
		t.Fatalf("Write after Close: %v, want ErrClosed", err)
	}
}

func TestNewStreamHonoursCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (Engine{}).NewStream(ctx, 8000); err == nil {
		t.Fatal("NewStream on a cancelled context succeeded")
	}
}
