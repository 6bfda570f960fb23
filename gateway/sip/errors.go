package sip

import (
	"errors"
	"fmt"
)

// Errors that decide how an INVITE is rejected. statusFor maps each of them
// to its SIP response; wrap them with %w to add detail for logs.
var (
	// ErrNoSDP: the INVITE carries no body. Late offers (offer in the 200,
	// answer in the ACK) are not supported.
	ErrNoSDP = errors.New("sip: INVITE without SDP offer")
	// ErrNotSDP: the body is not application/sdp.
	ErrNotSDP = errors.New("sip: body is not application/sdp")
	// ErrMalformedSDP: the SDP offer does not parse.
	ErrMalformedSDP = errors.New("sip: malformed SDP")
	// ErrNoAudio: the offer has no usable audio stream.
	ErrNoAudio = errors.New("sip: no audio stream offered")
	// ErrNoCodec: no offered audio format is one we accept (Opus, G.722,
	// L16, PCMU, PCMA, as configured).
	ErrNoCodec = errors.New("sip: no acceptable codec offered")
	// ErrSRTPRequired: SRTP is required but the offer has no RTP/SAVP
	// audio stream.
	ErrSRTPRequired = errors.New("sip: SRTP required, offer has plain RTP only")
	// ErrSRTPRefused: SRTP is off but the offer has only RTP/SAVP audio.
	ErrSRTPRefused = errors.New("sip: SRTP offered but not enabled")
	// ErrNoCryptoSuite: an RTP/SAVP stream carries no a=crypto attribute
	// we support (AES_CM_128_HMAC_SHA1_80 or _32 with one inline key).
	ErrNoCryptoSuite = errors.New("sip: no supported SRTP crypto suite offered")
	// ErrPortsExhausted: every RTP port of the configured range is in use.
	ErrPortsExhausted = errors.New("sip: RTP port range exhausted")
	// ErrShuttingDown: the server is stopping and takes no new calls.
	ErrShuttingDown = errors.New("sip: server shutting down")
	// ErrMissingHeader: a header a dialog needs (Contact, To, CSeq,
	// Call-ID, From tag) is missing.
	ErrMissingHeader = errors.New("sip: missing mandatory header")
	// ErrRejected: the Handler refused the call.
	ErrRejected = errors.New("sip: call rejected by handler")
	// ErrCallEnded is returned by ClientCall.Hangup when the call has
	// already ended.
	ErrCallEnded = errors.New("sip: call already ended")
)

// StatusError is a final SIP response other than 2xx. Dial returns it when
// the INVITE fails; a Handler may return one from StartCall to choose the
// response instead of the default 503.
type StatusError struct {
	Code   int
	Reason string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("sip: %d %s", e.Code, e.Reason)
}

// isErr is errors.Is, short for the negotiation code.
func isErr(err, target error) bool { return errors.Is(err, target) }

// sipStatus is the response chosen for an error.
type sipStatus struct {
	Code   int
	Reason string
	// Warning is a Warning header value (RFC 3261 section 20.43), or "".
	Warning string
}

// warnAgent is the warn-agent token of our Warning headers.
const warnAgent = "earshot"

// statusFor maps an internal error to the SIP response that reports it.
// Unknown errors are 500s: the caller learns nothing about our internals.
func statusFor(err error) sipStatus {
	var se *StatusError
	switch {
	case err == nil:
		return sipStatus{Code: 200, Reason: "OK"}
	case errors.As(err, &se) && se.Code >= 300 && se.Code <= 699:
		reason := se.Reason
		if reason == "" {
			reason = defaultReason(se.Code)
		}
		return sipStatus{Code: se.Code, Reason: reason}
	case errors.Is(err, ErrNoSDP):
		return sipStatus{Code: 400, Reason: "Missing SDP Offer"}
	case errors.Is(err, ErrNotSDP):
		// RFC 3261 section 21.4.13: the 415 lists what we accept (Accept
		// header, added by the caller of statusFor).
		return sipStatus{Code: 415, Reason: "Unsupported Media Type"}
	case errors.Is(err, ErrMalformedSDP):
		return sipStatus{Code: 400, Reason: "Malformed SDP"}
	case errors.Is(err, ErrNoAudio):
		return sipStatus{Code: 488, Reason: "Not Acceptable Here",
			Warning: `304 ` + warnAgent + ` "Media type not available"`}
	case errors.Is(err, ErrNoCodec):
		return sipStatus{Code: 488, Reason: "Not Acceptable Here",
			Warning: `305 ` + warnAgent + ` "Incompatible media format"`}
	case errors.Is(err, ErrSRTPRequired):
		return sipStatus{Code: 488, Reason: "Not Acceptable Here",
			Warning: `302 ` + warnAgent + ` "SRTP (RTP/SAVP with SDES) required"`}
	case errors.Is(err, ErrSRTPRefused):
		return sipStatus{Code: 488, Reason: "Not Acceptable Here",
			Warning: `302 ` + warnAgent + ` "SRTP not enabled, offer RTP/AVP"`}
	case errors.Is(err, ErrNoCryptoSuite):
		return sipStatus{Code: 488, Reason: "Not Acceptable Here",
			Warning: `306 ` + warnAgent + ` "No supported crypto suite (AES_CM_128_HMAC_SHA1_80)"`}
	case errors.Is(err, ErrPortsExhausted):
		return sipStatus{Code: 503, Reason: "RTP Ports Exhausted"}
	case errors.Is(err, ErrShuttingDown):
		return sipStatus{Code: 503, Reason: "Shutting Down"}
	case errors.Is(err, ErrMissingHeader):
		return sipStatus{Code: 400, Reason: "Missing Mandatory Header"}
	case errors.Is(err, ErrRejected):
		return sipStatus{Code: 503, Reason: "Service Unavailable"}
	default:
		return sipStatus{Code: 500, Reason: "Server Internal Error"}
	}
}

// defaultReason is the RFC 3261 reason phrase of the codes we send or map.
func defaultReason(code int) string {
	switch code {
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 415:
		return "Unsupported Media Type"
	case 480:
		return "Temporarily Unavailable"
	case 481:
		return "Call/Transaction Does Not Exist"
	case 486:
		return "Busy Here"
	case 487:
		return "Request Terminated"
	case 488:
		return "Not Acceptable Here"
	case 500:
		return "Server Internal Error"
	case 501:
		return "Not Implemented"
	case 503:
		return "Service Unavailable"
	case 603:
		return "Decline"
	default:
		return "Error"
	}
}
