// Package quality measures the quality of a received RTP leg: RFC 3550
// reception statistics (packets received and lost from extended sequence
// numbers, loss per report interval, interarrival jitter), the loss
// pattern's burstiness, RTCP sender and receiver reports built from them
// and round-trip time from the remote's reports (with pion/rtcp), the
// remote's RTCP XR VoIP metrics, and a MOS estimate by the ITU-T G.107
// E-model (subpackage emodel).
//
// A Receiver counts packets; a Leg adds the RTCP side; Leg.Report combines
// them with the jitter buffer's counters (Playout, FromJitter) into a
// Report whose JSON uses W3C webrtc-stats names and carries statistics
// only, no addresses or identifiers. Tap is the RTP stage that feeds a Leg
// from a media chain.
//
// All arrival times are passed in (the Tap reads them from an injected
// clock), so tests run on virtual time. Nothing here starts goroutines or
// is safe for concurrent use: the call's media goroutine owns a Leg.
package quality
