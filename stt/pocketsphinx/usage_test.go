package pocketsphinx

import (
	"testing"
	"time"

	"github.com/earshot/earshot/stt"
)

// A stream reports the audio it decoded and the time decoding took, for
// the real-time factor.
func TestStreamUsage(t *testing.T) {
	e := engine(t)
	s, err := e.NewStream(t.Context(), SampleRate)
	if err != nil {
		t.Fatal(err)
	}
	u, ok := s.(stt.Usage)
	if !ok {
		t.Fatal("stream does not implement stt.Usage")
	}
	decode(t, s, lowNoise(SampleRate)) // 1 s, closed afterwards
	audio, busy := u.Usage()
	if audio != time.Second {
		t.Errorf("audio = %v, want 1s", audio)
	}
	if busy <= 0 || busy > 10*time.Second {
		t.Errorf("processing time = %v", busy)
	}
	t.Logf("real-time factor %.3f", busy.Seconds()/audio.Seconds())
}

// FastFinals turns the decoder's second pass off, and only then.
func TestFastFinalsArgs(t *testing.T) {
	def, err := decoderArgs(Options{}.withDefaults())
	if err != nil {
		t.Skip("model not installed: " + err.Error())
	}
	fast, err := decoderArgs(Options{FastFinals: true}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	has := func(args []string) bool {
		for i := 0; i+1 < len(args); i++ {
			if args[i] == "-fwdflat" && args[i+1] == "no" {
				return true
			}
		}
		return false
	}
	if has(def) || !has(fast) {
		t.Fatalf("default args %v, fast-finals args %v", def, fast)
	}
}
