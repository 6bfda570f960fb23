package redact

import (
	"fmt"
	"strconv"
)

// DTMF masks the keypad digits of one call. Outside a sensitive step each
// key may be shown as it is; inside one (a card number or PIN typed on the
// keypad) a key is only counted, and the step's end yields "6 digits
// entered". The digits of a sensitive step are never kept: not here, not
// in what is returned. A DTMF is not safe for concurrent use.
type DTMF struct {
	sensitive bool
	count     int
}

// NewDTMF returns a DTMF outside any sensitive step.
func NewDTMF() *DTMF { return &DTMF{} }

// Sensitive reports whether a sensitive step is open.
func (d *DTMF) Sensitive() bool { return d.sensitive }

// Begin opens a sensitive step. Opening one that is open keeps its count.
func (d *DTMF) Begin() {
	if !d.sensitive {
		d.sensitive, d.count = true, 0
	}
}

// End closes the sensitive step and returns what may be shown of it: the
// number of keys pressed ("6 digits entered"), or ok false if no step was
// open.
func (d *DTMF) End() (summary Redacted, n int, ok bool) {
	if !d.sensitive {
		return Redacted{}, 0, false
	}
	n = d.count
	d.sensitive, d.count = false, 0
	word := "digits"
	if n == 1 {
		word = "digit"
	}
	return Redacted{text: strconv.Itoa(n) + " " + word + " entered"}, n, true
}

// Key takes one key ('0'–'9', '*', '#', 'A'–'D'). Outside a sensitive step it
// returns the key as text to show; inside one it counts the key and returns
// show false.
func (d *DTMF) Key(k byte) (shown Redacted, show bool, err error) {
	switch {
	case k >= '0' && k <= '9', k == '*', k == '#', k >= 'A' && k <= 'D':
	default:
		return Redacted{}, false, fmt.Errorf("redact: %q is not a DTMF key", k)
	}
	if d.sensitive {
		d.count++
		return Redacted{}, false, nil
	}
	return Redacted{text: string(rune(k))}, true, nil
}
