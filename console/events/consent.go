package events

import "time"

// Consent is a change of a call's recording consent (State, Method).
const Consent = "consent"

// NewConsent builds the event of a consent change. It names the call,
// never the caller.
func NewConsent(callID, state, method string, ts time.Time) Event {
	return Event{Type: Consent, CallID: callID, TS: ts, State: state, Method: method}
}
