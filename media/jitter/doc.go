// Package jitter is an adaptive RTP jitter buffer for audio with packet
// loss concealment: RTP packets in, continuous decoded PCM out.
//
// # Time
//
// The buffer has no goroutine and reads no clock of its own. Its output
// runs on the caller's time: from the arrival of the first packet it
// writes exactly one sample per sample period that the caller lets pass,
// whether decoded, concealed or silent. Time passes through Push(pkt,
// arrival), which first plays out everything due before the packet
// arrived, and Advance(now), which a caller with a playout ticker calls at
// each tick. A push-driven caller (one packet, one call, no ticker) just
// uses Push, or HandleRTP, which reads the arrival time from Options.Now,
// and calls Flush at the end. Tests pass virtual times and are exact.
//
// # Delay
//
// A packet's relative delay is how much later than the fastest recent
// packet it arrived, after allowing for its RTP timestamp. The target delay
// is the 95th percentile of relative delays, from a histogram that forgets
// with a 10 s time constant, clamped to [MinDelay, MaxDelay]: it grows within
// a few dozen late packets and shrinks slowly. The buffer moves its delay
// to the target where that is inaudible:
//
//   - at the start of a talkspurt (marker bit) or of the stream, by playing
//     more or less silence before it;
//   - in a gap left by lost packets, by skipping part of the gap when the
//     delay is too long, or by concealing without moving on in the media
//     (deceleration) when it is too short, also when the buffer ran empty;
//   - by dropping a quiet decoded frame (below about -40 dBFS) when the delay
//     is over the target by more than a frame, or any frame beyond MaxDelay.
//
// # Packets
//
// Sequence numbers are extended past their 16-bit wrap and timestamps past
// their 32-bit wrap by the signed difference to the highest packet (RFC 3550
// section 5.1). A duplicate, a packet whose samples are all in the past
// (late), and an undecodable packet are discarded and counted. A new SSRC
// continues the stream: its packets are numbered and timed to queue up
// behind those still held, so nothing that arrived in time is dropped, and
// late packets of the old SSRC are discarded. A packet far outside the
// window (a sequence number at least Capacity ahead of the play position
// or more than 100 behind, or a timestamp that puts it more than
// max(2 s, 2 MaxDelay) off the stream's timing) is held aside; if the next
// packet follows it in sequence the sender restarted there and the stream
// continues from it the same way, otherwise it is discarded (RFC 3550
// Appendix A.1's probation, one packet deep).
//
// # Concealment
//
// Samples for which no packet came in time are synthesised by a Concealer,
// an implementation after ITU-T G.711 Appendix I that works on the decoded
// 16-bit PCM of any codec: pitch-period repetition with overlap-add,
// attenuated to silence over 60 ms, overlap-added into the next good
// frame. Gaps the sender meant are filled with silence instead and not
// counted as concealment: before the first packet, and before a marker-bit
// packet that is already held when the gap is played. Until that packet
// comes a pause cannot be told from a loss: it is concealed, and the zeros
// after the 60 ms fade are counted as SilentConcealedSamples.
//
// # Memory
//
// A Buffer holds at most Capacity packets in a ring of reused buffers of at
// most MaxFrame of PCM each, plus one stray packet: memory is bounded
// whatever the sender does, and once the buffers have grown to the packet
// size nothing is allocated per packet.
//
// # Statistics
//
// Stats uses the W3C webrtc-stats names for inbound RTP streams
// (packetsReceived, packetsDiscarded, concealedSamples, concealmentEvents,
// jitterBufferDelay, jitterBufferEmittedCount, ...).
//
// A Buffer is not safe for concurrent use: one goroutine, the call's media
// loop or its playout ticker, calls all its methods.
package jitter
