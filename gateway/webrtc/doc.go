// Package webrtc takes calls from browsers and other WebRTC senders over
// WHIP (WebRTC-HTTP Ingestion Protocol, RFC 9725,
// https://www.rfc-editor.org/rfc/rfc9725) and feeds their audio into the
// same receive chain and pipeline as SIP calls (gateway.ReceiveChain in
// front of gateway/pipeline), with channel "webrtc" on their events.
//
// HTTP surface (Server.Handler):
//
//	POST   /whip/{route}              SDP offer in, 201 + SDP answer + Location out
//	DELETE /whip/sessions/{token}     the WHIP resource: ends the call
//	POST   /api/v1/calls/{id}/stats   the caller's getStats() summary (per-call token)
//	GET    /api/v1/calls/{id}/captions  the call's redacted captions and MOS as
//	                                  server-sent events (per-call token)
//	GET    /call/{route}              the caller widget (embedded HTML/JS)
//
// The WHIP resource URL carries a random per-call token; the answer also
// names the call (header Earshot-Call-Id). The token authorises only that
// call's stats upload, captions and hang-up: a browser never holds a
// console credential, and the caption stream carries nothing but the
// redacted transcript text and the quality score of its own call.
//
// Media: DTLS-SRTP always (pion's only mode). Opus (48000/2, in-band FEC)
// is preferred and recognised with the wideband profile; PCMU and PCMA
// are accepted and recognised with the narrowband one. ICE gathers host
// candidates on the configured addresses only, without mDNS; no trickle
// (the answer carries every candidate).
//
// Quality: each call publishes a quality event every
// Config.QualityInterval and a last one at the end: the server's figures
// from the received RTP and the sender's RTCP (media/quality.Leg via the
// receive chain), the ICE round-trip time from pion, and the browser's
// own last summary in Report.Client. Network addresses never leave this
// package except as keyed hashes (HMAC-SHA-256 with a key held in memory
// only, so hashes link calls of one process lifetime and no longer); the
// user agent is reduced to browser family and major version. pion's own
// logging is off, so addresses cannot reach the log through it.
//
// Lifetimes: each call (session) owns its PeerConnection, its RTP and
// RTCP read goroutines and its report goroutine; session close is
// idempotent and waits for them, then flushes the chain, publishes the
// last quality event and closes the pipeline (call.ended). Server.Close
// ends every call and refuses new ones.
package webrtc
