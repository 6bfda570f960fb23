// Package recording keeps the consent-gated recordings of calls: encrypted
// files under the data directory, with the spans that redaction found (and
// the DTMF of sensitive steps) replaced by silence, and the metadata in
// the store (store.RecordingStore).
//
// # Taps
//
// A Tap follows one call's audio. It records nothing until SetOpen(true)
// (the consent gate opened) and starts at that moment of the call's media
// clock (the samples counted by WritePCM, placed in time from the tap's creation
// as the call is answered, so a media path running behind does not move the moment).
// SetOpen(false) (consent withdrawn) stops it at once: no sample spoken
// after it is taken, and a tap that was closed never opens again. Nothing
// touches the disk before the tap opens, so a call without consent writes
// 0 audio bytes.
//
// # Muting before storing: the delay line
//
// Redaction learns that a span was a card number only when the
// recogniser's final result for the utterance arrives, after the audio.
// So a tap holds the audio in memory and writes it only once it is
// resolved:
//
//   - audio is held for at least Options.Delay (2 s) of media time;
//   - while an utterance is in progress (Utterance was called with its
//     start, and no final has ended it) everything from its start is held
//     until its final arrives with the spans to mute (Mute, EndUtterance);
//   - audio held longer than Options.MaxHold (10 s) is released anyway,
//     as silence if it belongs to an unresolved utterance (fail closed:
//     a muted minute is better than a stored card number), and the span
//     is recorded with kind "unresolved".
//
// Every mute is also stored in the store, and reading a recording applies
// them all again. A final that arrives after its audio was released (the
// recogniser fell more than Delay behind before its first partial) is
// therefore still muted in what is served, though the ciphertext holds
// it: Late counts those spans. Mutes are padded by Options.Pad on both
// sides.
//
// # Files and crashes
//
// The audio is 16-bit little-endian mono PCM at Options.SampleRate,
// written through a crypto.Writer under the data subject's key (call ID as
// additional data) to <Dir>/<call ID>.rec, mode 0600. The writer seals a
// chunk every second of audio, so the plaintext a crash can lose is what
// the delay line held (Delay, up to MaxHold during a long utterance) plus
// under a second; no plaintext is ever written. A file without its final
// chunk (a crash) still reads up to its last chunk.
//
// # Reading and deleting
//
// WriteWAV decrypts a recording, applies its mutes and writes a WAV file.
// Delete, DeleteOf (a data subject's erasure) and DeleteBefore (retention,
// a retention.Deleter) remove files and rows. After the subject's key is
// destroyed (crypto.Keys.DestroySubjectKey) a recording reads as
// crypto.ErrKeyDestroyed, backups included.
//
// A Recorder is safe for concurrent use. A Tap's WritePCM is called by one
// goroutine (the call's media loop); SetOpen, Utterance, Mute and the
// others may be called from any goroutine. Nothing here starts a
// goroutine.
package recording
