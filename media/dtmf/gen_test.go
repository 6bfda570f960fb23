package dtmf

import (
	"testing"
	"time"
)

// TestTonesRoundTrip: what Tones renders, ToneDetector reads back digit
// for digit, at every rate the detector takes.
func TestTonesRoundTrip(t *testing.T) {
	const keys = "0123456789*#ABCD"
	for _, rate := range []int{8000, 16000, 48000} {
		pcm, err := Tones(rate, keys, 60*time.Millisecond, 60*time.Millisecond, -10)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(keys) * rate * 120 / 1000; len(pcm) != want {
			t.Errorf("%d Hz: %d samples, want %d", rate, len(pcm), want)
		}
		if got := digitsOf(detect(t, rate, pcm)); got != keys {
			t.Errorf("%d Hz: detected %q, want %q", rate, got, keys)
		}
	}
	for _, bad := range []struct {
		rate int
		keys string
		on   time.Duration
	}{{8000, "x", 50 * time.Millisecond}, {4000, "1", 50 * time.Millisecond}, {8000, "1", 0}} {
		if _, err := Tones(bad.rate, bad.keys, bad.on, 0, -10); err == nil {
			t.Errorf("Tones(%d, %q, %v) succeeded", bad.rate, bad.keys, bad.on)
		}
	}
}
