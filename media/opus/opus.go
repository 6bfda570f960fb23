// Package opus binds the Opus codec of libopus (RFC 6716) through cgo, for
// the audio of WebRTC peers: Decoder turns received packets into mono
// 16-bit PCM, with in-band forward error correction (FEC) for a lost
// packet and packet loss concealment (PLC); Encoder makes the packets sent
// back; RTPDecoder is the receive stage that drives a Decoder from RTP
// (RFC 7587), including the loss handling.
//
// Build: needs libopus and pkg-config (Debian package libopus-dev, in
// scripts/deps.sh). Spec: https://www.rfc-editor.org/rfc/rfc6716 and the
// libopus API, https://opus-codec.org/docs/opus_api-1.3.1/ .
//
// Ownership: a Decoder or Encoder owns C memory allocated by libopus. It
// has no finalizer: whoever creates it calls Close exactly when done
// (Close is idempotent; calls after Close return ErrClosed). Neither is
// safe for concurrent use: libopus keeps the stream's state in it, so each
// stream has its own, used by one goroutine. Different Decoders and
// Encoders may be used on different goroutines at once.
//
// Errors from libopus are Error values carrying the library's code and
// message ("opus: decode: corrupted stream"); compare with errors.Is and
// the Err... constants.
package opus

// #cgo pkg-config: opus
// #include "ctl.h"
import "C"

import (
	"errors"
	"fmt"
)

// Error is a libopus error code (negative); its message is libopus's.
type Error int

// The libopus error codes (opus_defines.h).
const (
	ErrBadArg         Error = C.OPUS_BAD_ARG          // an argument was invalid or out of range
	ErrBufferTooSmall Error = C.OPUS_BUFFER_TOO_SMALL // the output buffer is too small
	ErrInternal       Error = C.OPUS_INTERNAL_ERROR   // an internal error
	ErrInvalidPacket  Error = C.OPUS_INVALID_PACKET   // the packet is corrupted
	ErrUnimplemented  Error = C.OPUS_UNIMPLEMENTED    // request not implemented
	ErrInvalidState   Error = C.OPUS_INVALID_STATE    // the state is invalid or freed
	ErrAllocFail      Error = C.OPUS_ALLOC_FAIL       // memory allocation failed
)

// Error returns "opus: " and libopus's message for the code, e.g.
// "opus: corrupted stream".
func (e Error) Error() string { return "opus: " + C.GoString(C.opus_strerror(C.int(e))) }

// ErrClosed is returned when a closed Decoder or Encoder is used.
var ErrClosed = errors.New("opus: use after Close")

// Version returns the libopus version string, e.g. "libopus 1.3.1".
func Version() string { return C.GoString(C.opus_get_version_string()) }

// RTPClockRate is the RTP clock rate of Opus, whatever the coded bandwidth
// (RFC 7587 section 4.1): "a=rtpmap:111 opus/48000/2".
const RTPClockRate = 48000

// validRate reports whether libopus codes at rate Hz.
func validRate(rate int) bool {
	switch rate {
	case 8000, 12000, 16000, 24000, 48000:
		return true
	}
	return false
}

// wrap turns a negative libopus result into an error naming op.
func wrap(op string, code C.int) error {
	return fmt.Errorf("opus: %s: %w", op, Error(code))
}
