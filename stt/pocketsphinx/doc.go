// Package pocketsphinx is Earshot's embedded speech-to-text engine: CMU
// PocketSphinx (Debian's libpocketsphinx 0.8+5prealpha, through cgo) with
// the US English model of the pocketsphinx-en-us package. It implements
// stt.Engine and stt.Stream.
//
// # Engine and decoder pool
//
// A decoder takes about 90 MB and 0.4 s of CPU to create, so New starts a
// background goroutine that fills a pool of Options.PoolSize warm decoders
// (Ready waits for it). NewStream takes an idle decoder, waiting until one
// is free or ctx is done (the error then wraps ctx.Err()); Close of the
// stream resets the decoder and gives it back, so decoders are reused, not
// recreated. A decoder that failed is freed and replaced in the background.
// Engine.Close stops the pool and frees idle decoders; a stream still open
// frees its decoder when it is closed, so close streams first.
//
// The library's logging is process-wide state: it is silenced once
// (err_set_logfp(NULL)) and never configured per decoder (-logfn per
// decoder crashes or hangs with several decoders). Error messages are kept
// per OS thread and returned inside Go errors; nothing the library prints
// is logged, so no transcript text can reach a log.
//
// # Streams
//
// Write copies the samples (16 kHz mono only; other rates fail with
// ErrSampleRate, resample first) into a queue of at most
// Options.WriteQueue of audio and returns; it blocks while the queue is
// full, which is the backpressure signal to the media loop. Write is meant
// for one goroutine; Close may be called from another. One goroutine owned
// by the stream feeds the decoder.
//
// Endpointing uses the library's voice activity detector (-remove_silence,
// ps_get_in_speech): once speech has been followed by Options.EndSilence
// (default 600 ms) of non-speech the utterance ends, its Final result (with
// word timings) is sent and a new utterance starts. While in speech a
// Partial result is sent at most every Options.PartialInterval of audio
// (default 250 ms), and only when the hypothesis changed; partials are
// dropped rather than block when the reader is behind, finals never are.
// Close decodes the queued audio, sends the last utterance as a Final if it
// has words, closes Results, waits for the goroutine and returns the
// decoder. Results must be read until closed (Close waits for the final
// result to be taken). Close is idempotent.
//
// Fillers (<s>, </s>, <sil>, [NOISE], [SPEECH], ++...++) are dropped and
// alternate pronunciations ("was(2)") are reported as the word. Times are
// milliseconds since the start of the stream: ps_start_stream resets the
// decoder's frame counter for every stream and the library keeps counting
// frames across utterances and removed silence (10 ms per frame).
//
// # Profiles: wideband and telephone audio
//
// The en-us model is wideband (16 kHz, filters up to 6800 Hz). Telephone
// audio (G.711, 8 kHz) upsampled to 16 kHz has an empty 4–8 kHz band and
// different mean cepstra, and accuracy collapses. Each stream picks a
// Profile; profiles only change per-stream state, so one pool serves both:
// Options.Profile is NewStream's default, NewProfileStream and WithProfile
// choose per stream (a gateway uses e.WithProfile(Narrowband) for SIP G.711
// legs and e.WithProfile(Wideband) for WebRTC/Opus and files).
//
// Narrowband starts every stream's live cepstral mean normalisation (CMN)
// from means measured on G.711 speech (narrowbandCMNInit, see its comment
// for how). Wideband starts it from the model's own feat.params -cmninit.
// Either way the CMN is reset at every stream start with cmn_live_set, which
// is needed anyway: CMN adapts during a stream and must not carry one
// caller's channel into the next call on a reused decoder. Setting it per
// stream replaces the alternative of a copy of the model folder with a
// rewritten feat.params (on the command line -cmninit is overridden by
// feat.params): the effect is the same, without writing files and without
// a second pool of decoders.
//
// Word error rate on the five librivox recordings of pocketsphinx-testdata
// (126 words, each file its own stream fed in 20 ms writes), G.711 made with
// sox (8 kHz µ-law and back to 16 kHz), measured with
// EARSHOT_MEASURE=1 go test ./stt/pocketsphinx -run TestMeasureWER -v:
//
//	condition                                 0870  0880  0890  0920  0930  total
//	wideband audio, Wideband                  0.27  0.25  0.43  0.21  0.75  0.338
//	G.711, Wideband                           0.68  0.50  0.93  0.53  1.00  0.704
//	G.711 + noise floor 4-8 kHz -60 dBFS      0.77  0.38  0.86  0.26  0.63  0.592
//	G.711 + noise floor 4-8 kHz -50 dBFS      0.50  0.38  0.57  0.42  0.63  0.493
//	G.711, Narrowband (CMN start values)      0.41  0.25  0.36  0.21  0.38  0.324
//	G.711 + both (CMN + floor -60 dBFS)       0.55  0.88  0.86  0.53  1.38  0.732
//	wideband audio, Narrowband (mismatch)     0.36  0.50  0.50  0.63  1.25  0.577
//
// So Narrowband brings telephone audio back to wideband accuracy, and the
// noise floor helps alone but hurts combined with the narrowband CMN (also
// with CMN values measured on floor-filled audio: 0.44–0.48), so Narrowband
// does not add it. Lowering -upperf in a model copy (3500, 3800, 4000 Hz,
// which mismatches the model's filter bank) made things worse, WER
// 0.89–1.04, so the model's 6800 Hz is kept. Using the wrong profile costs
// as much as the band limitation: pick it from the codec.
//
// Cost: 0.31–0.43 CPU second per second of audio for one stream on this
// 2-core machine (BenchmarkStream, depending on other load; up to 0.5 on
// band-limited audio decoded with the wrong profile, see the cpu/s column
// of TestMeasureWER). The default PoolSize of two decoders per CPU keeps that
// many streams real-time with headroom.
package pocketsphinx
