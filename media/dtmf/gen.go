package dtmf

import (
	"fmt"
	"math"
	"time"
)

// Tones renders key presses as in-band DTMF at rate Hz: for each key its
// row and column tone (ITU-T Q.23) for on, both at levelDBm0 (G.711's
// 0 dBm0 peaks 3.17 dB below digital full scale), then silence for off.
// It is the sender side of ToneDetector, for test callers and the load
// tester: on of 40 ms or more and off of 40 ms or more are detected.
func Tones(rate int, keys string, on, off time.Duration, levelDBm0 float64) ([]int16, error) {
	if rate < 8000 || rate > 192000 {
		return nil, fmt.Errorf("dtmf: rate %d out of range", rate)
	}
	if on <= 0 || off < 0 || levelDBm0 > 0 {
		return nil, fmt.Errorf("dtmf: tone %v, pause %v, level %g dBm0 out of range", on, off, levelDBm0)
	}
	amp := 32768 * math.Pow(10, (levelDBm0-3.17)/20)
	nOn, nOff := int(on.Seconds()*float64(rate)), int(off.Seconds()*float64(rate))
	out := make([]int16, 0, len(keys)*(nOn+nOff))
	for i := range len(keys) {
		r, c, ok := keyPosition(keys[i])
		if !ok {
			return nil, fmt.Errorf("dtmf: %q is not a DTMF key", keys[i])
		}
		for n := range nOn {
			t := float64(n) / float64(rate)
			v := amp * (math.Sin(2*math.Pi*rowFreqs[r]*t) + math.Sin(2*math.Pi*colFreqs[c]*t))
			out = append(out, int16(math.Round(min(max(v, -32768), 32767))))
		}
		out = append(out, make([]int16, nOff)...)
	}
	return out, nil
}

// keyPosition finds a key on the keypad; lower-case 'a'-'d' are accepted.
func keyPosition(k byte) (row, col int, ok bool) {
	if k >= 'a' && k <= 'd' {
		k -= 'a' - 'A'
	}
	for r := range keypad {
		for c := range keypad[r] {
			if keypad[r][c] == k {
				return r, c, true
			}
		}
	}
	return 0, 0, false
}
