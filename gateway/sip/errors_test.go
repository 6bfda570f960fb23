package sip

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestStatusFor(t *testing.T) {
	for _, tc := range []struct {
		err     error
		code    int
		reason  string
		warning string // prefix of the Warning header, "" for none
	}{
		{nil, 200, "OK", ""},
		{ErrNoSDP, 400, "Missing SDP Offer", ""},
		{fmt.Errorf("%w: no Content-Type", ErrNotSDP), 415, "Unsupported Media Type", ""},
		{fmt.Errorf("%w: syntax error", ErrMalformedSDP), 400, "Malformed SDP", ""},
		{fmt.Errorf("%w: transport", ErrNoAudio), 488, "Not Acceptable Here", "304 earshot"},
		{ErrNoCodec, 488, "Not Acceptable Here", "305 earshot"},
		{ErrSRTPRequired, 488, "Not Acceptable Here", "302 earshot \"SRTP"},
		{ErrSRTPRefused, 488, "Not Acceptable Here", "302 earshot \"SRTP not"},
		{fmt.Errorf("%w: RTP/SAVP without a=crypto", ErrNoCryptoSuite), 488, "Not Acceptable Here", "306 earshot"},
		{fmt.Errorf("%w (last bind error: x)", ErrPortsExhausted), 503, "RTP Ports Exhausted", ""},
		{ErrShuttingDown, 503, "Shutting Down", ""},
		{fmt.Errorf("%w: Contact", ErrMissingHeader), 400, "Missing Mandatory Header", ""},
		{fmt.Errorf("%w: %w", ErrRejected, errors.New("pipeline down")), 503, "Service Unavailable", ""},
		{&StatusError{Code: 404, Reason: "No Such Route"}, 404, "No Such Route", ""},
		{fmt.Errorf("wrapped: %w", &StatusError{Code: 486}), 486, "Busy Here", ""},
		{&StatusError{Code: 299, Reason: "weird"}, 500, "Server Internal Error", ""}, // not a failure code
		{&StatusError{Code: 700}, 500, "Server Internal Error", ""},
		{errors.New("something internal"), 500, "Server Internal Error", ""},
	} {
		t.Run(fmt.Sprint(tc.err), func(t *testing.T) {
			st := statusFor(tc.err)
			if st.Code != tc.code || st.Reason != tc.reason {
				t.Errorf("statusFor = %d %q, want %d %q", st.Code, st.Reason, tc.code, tc.reason)
			}
			if !strings.HasPrefix(st.Warning, tc.warning) || (tc.warning == "") != (st.Warning == "") {
				t.Errorf("Warning = %q, want prefix %q", st.Warning, tc.warning)
			}
		})
	}
}

func TestStatusErrorMessage(t *testing.T) {
	if got := (&StatusError{Code: 488, Reason: "Not Acceptable Here"}).Error(); got != "sip: 488 Not Acceptable Here" {
		t.Errorf("Error() = %q", got)
	}
}
