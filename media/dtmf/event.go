// Package dtmf detects DTMF digits, both as RFC 4733 telephone events in
// RTP and as in-band tones in PCM, and reports each key press exactly once
// as an Event.
//
// RTPDetector reads the telephone-event payload (RFC 4733 section 2.3,
// https://www.rfc-editor.org/rfc/rfc4733#section-2.3): one event keeps
// the RTP timestamp of its start for all its packets, its duration grows
// packet by packet, and its end is sent three times with the E bit set.
// ToneDetector finds the DTMF frequency pairs of ITU-T Q.23 in 8-48 kHz
// PCM with the Goertzel algorithm and the usual validity checks (level,
// twist, peak, signal-to-total energy, second harmonics, duration and
// pause), so that speech does not produce digits.
//
// Both deliver Events to a callback, from the goroutine that feeds them,
// when the key press is over (so that its duration is known) or on Flush.
// Neither starts goroutines; each detector is for one stream and is not
// safe for concurrent use. Digits are personal data (card numbers, PINs):
// the detectors never log them and callers must not either.
package dtmf

import (
	"fmt"
	"time"
)

// Source tells which detector found an Event.
type Source string

const (
	// SourceRFC4733 marks digits received as RTP telephone events.
	SourceRFC4733 Source = "rfc4733"
	// SourceInband marks digits detected in the audio.
	SourceInband Source = "inband"
)

// Event is one DTMF key press.
type Event struct {
	// Digit is '0'-'9', '*', '#' or 'A'-'D'.
	Digit byte
	// Start is when the tone began, from the start of the stream: the
	// first RTP timestamp the detector saw, or the first sample.
	Start time.Duration
	// Duration is how long the tone lasted: the final RFC 4733 duration,
	// or the length of the blocks in which the tone was detected.
	Duration time.Duration
	// Volume is the tone's power in dBm0 with the sign dropped, as in
	// RFC 4733 (10 means -10 dBm0, range 0-63). In-band it is measured:
	// both tones' power relative to a sine whose peak is 3.17 dB below
	// digital full scale (G.711's 0 dBm0).
	Volume int
	// Ended is false for an RFC 4733 event whose end packets were lost:
	// it was reported when a later event started or on Flush.
	Ended bool
	// Source is the detector that found the digit.
	Source Source
}

// String formats the event without its digit, which is personal data:
// "DTMF rfc4733 at 1.2s for 160ms".
func (e Event) String() string {
	return fmt.Sprintf("DTMF %s at %v for %v", e.Source, e.Start, e.Duration)
}

// digits maps RFC 4733 event codes 0-15 (section 3.2, Table 1) to keys.
const digits = "0123456789*#ABCD"

// EventDigit returns the key of RFC 4733 event code 0-15, and false for
// other codes (flash, modem and other tones).
func EventDigit(code uint8) (byte, bool) {
	if int(code) < len(digits) {
		return digits[code], true
	}
	return 0, false
}

// DigitEvent returns the RFC 4733 event code of a key; lower-case 'a'-'d'
// are accepted too.
func DigitEvent(digit byte) (uint8, bool) {
	if digit >= 'a' && digit <= 'd' {
		digit -= 'a' - 'A'
	}
	for i := range len(digits) {
		if digits[i] == digit {
			return uint8(i), true
		}
	}
	return 0, false
}
