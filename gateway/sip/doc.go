// Package sip is Earshot's SIP call control: a user agent server that
// answers calls and hands their RTP to a sink, and a small user agent
// client for `earshot call`, the load tester and tests. It does not decode
// audio.
//
// # Server
//
// Server listens on UDP and TCP (sipgo transaction and transport layers).
// An INVITE with an SDP offer gets 100 Trying; the offer is negotiated
// (RFC 3264): of the codecs we accept (Config.Codecs) that the offer
// carries, the answer takes the best for speech recognition: Opus
// (opus/48000/2), G.722, L16 (16 kHz before 8 kHz), then PCMU or PCMA in
// the offerer's order; telephone-event at the codec's clock rate if
// offered (else the first one); the offer's ptime rounded into 10-60 ms.
// An even RTP port and the odd RTCP port after it are taken from the
// configured range and bound; Handler.StartCall returns the call's Sink;
// then the 200 OK with our answer is sent and retransmitted until the ACK
// (RFC 3261 section 13.3.1.4). Rejections carry precise codes, chosen in
// one place (statusFor): 400 for missing or malformed SDP, 415 for other
// bodies, 488 with a Warning when no audio stream, codec or transport
// fits (the SRTP policy), 503 when the port range is exhausted, the Handler
// refuses or the server stops.
//
// # SRTP
//
// Config.SRTP is the policy: SRTPOff answers plain RTP/AVP streams only,
// SRTPRequired RTP/SAVP streams only, SRTPOptional either (the first
// usable audio stream decides). Keys are exchanged with SDES (RFC 4568):
// of the offer's a=crypto attributes the first AES_CM_128_HMAC_SHA1_80 or
// _32 one with a single inline key (no MKI, no session parameters) is
// taken, and the answer carries a fresh random key of ours under its tag.
// pion/srtp decrypts and authenticates every packet with the caller's key
// (with a replay window) before it can latch or reach the sink; a packet
// that fails is dropped and counted, and the first failure of a call is
// logged once ("SRTP authentication failed ..."), the usual sign of a
// wrong key. Key material is never logged.
//
// # Lifetimes
//
// sipgo provides the transport and transaction layers; the little dialog
// state a UAS needs (tags, CSeq, route set, our BYE) is kept per call in
// this package (dialog.go), so nothing outside the call ends it.
//
// Each call owns its RTP socket and one read goroutine. The call is closed
// exactly once, whoever ends it (caller's BYE, CANCEL, RTP timeout, sink
// error, Server.Hangup, shutdown): closing stops and waits for the read
// goroutine, releases the port and then calls Sink.End(reason) once. When
// we end a call we also send BYE, after the sink has ended.
//
// ListenAndServe owns everything it starts: when its ctx is done it
// refuses new INVITEs (503), sends BYE to every call, waits for request
// handlers and closes its listeners before returning. A Handler's
// StartCall gets a context that ends with the call or the server.
//
// A call that received RTP and then none for Config.RTPTimeout is hung up
// (Sink.End "rtp-timeout", then BYE). A zero RTPTimeout takes the 30 s
// default; a negative one disables the check.
//
// # Concurrency and backpressure
//
// sipgo runs each request's handler on its own goroutine; the server's
// state is guarded by one mutex. A Sink's HandleRTP runs on the call's read
// goroutine: a slow sink delays that call's reading only.
//
// # Privacy
//
// The From user (a phone number) is handed to the Handler in CallInfo
// and never logged. Logs carry our call ID, codes and counters, never
// addresses or SIP text: error texts are masked (addresses, URIs, digit
// runs), and sipgo's own log lines go through a filter that drops their
// attributes and demotes them to debug. sipgo also logs to a package-global
// logger; main should call UseScrubbedSipgoLogger once at start-up.
//
// # Client
//
// Dial sends an INVITE offering the configured codecs in order (default
// PCMU, PCMA), telephone-event and, with ClientConfig.SRTP, an SDES key
// on RTP/SAVP; waits for the final response (cancelling ctx sends CANCEL),
// ACKs a 2xx and returns a ClientCall that sends RTP (SRTP) and RFC 4733
// events to the answer's media address, optionally through an impaired
// path (media/impair), sends RTCP sender reports and measures the
// round-trip time from the server's receiver reports. Each ClientCall has
// its own sipgo user agent, sockets and two RTCP goroutines; Close stops
// and releases them (Hangup sends BYE first).
//
// # RTP
//
// Packets of the negotiated payload types are accepted from the first
// source that sends valid RTP (NAT latching), whatever the SDP said, and
// then only from that source. Non-RTP datagrams, other payload types and
// other sources are counted and dropped.
//
// # RTCP
//
// Each call also owns its RTCP socket (port+1) and a second read goroutine.
// RTCP from the first valid source there, and RTCP multiplexed on the RTP
// port (RFC 5761: told apart by packet type 192-223), is decrypted
// (SRTCP), parsed with pion/rtcp and handed to a Sink that implements
// RTCPSink. CallInfo.RTCP sends the Handler's reports back: to where the
// caller's RTCP came from, else to its SDP's RTCP address (port+1,
// a=rtcp, or the RTP port with a=rtcp-mux). The Handler decides what to
// send and when.
package sip
