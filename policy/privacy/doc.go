// Package privacy puts Earshot's privacy rules together for the rest of
// the program: the call path hands it a call's caller, audio and
// transcript, and the console and the admin commands ask it to change
// consent, play a recording, forget or report on a data subject and
// verify the audit trail. It composes the policy packages (consent,
// recording, crypto, audit, retention, store); nothing outside policy/
// writes personal data.
//
// # A call
//
// StartCall pseudonymises the caller (the SIP From user part: a phone
// number through crypto.Pseudonymizer.Phone, anything else as a "sip-user"
// identity), records it as the call's data subject, and gives the call a
// recording tap behind a consent gate: the tap takes audio only while the
// ledger says granted (invariant 1). A consent header from the trunk
// (X-Recording-Consent: granted|denied, name configurable) is recorded
// with method sip_header before the first sample. Then, per call:
//
//   - WritePCM feeds the tap (the call's media clock);
//   - Partial marks an utterance in progress, so the tap holds its audio;
//   - Final maps the entities redaction found in the utterance
//     (redact.Redacted.Input, offsets into the words joined by single
//     spaces) to the recogniser's word timings and mutes them in the
//     recording; and, if raw transcripts are kept, seals the utterance's
//     raw text under the subject's key with every CVV removed
//     (invariant 3) and stores it;
//   - MuteDTMF mutes a key pressed in a sensitive step;
//   - Close finishes the recording.
//
// # Consent, reads and subjects
//
// SetConsent records a change (API, agent, DTMF, speech): withdrawal
// closes the tap at once (the gate's callback), and with DeleteOnWithdraw
// deletes what was recorded. Recording returns a call's recording as WAV
// with its mutes, and audits the read; so do the transcript reads,
// logins and configuration changes the console reports. Forget erases a
// data subject: their live recordings stop, their recordings, calls (with
// transcripts, raw segments) and consent changes are deleted and their
// key is destroyed, so no backup decrypts them either (invariant 5); the
// erasure is audited. Export builds the personal-data report.
//
// Audit records name subjects only by pseudonym. A Service is safe for
// concurrent use and starts no goroutine.
package privacy
