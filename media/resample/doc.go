// Package resample converts 16-bit PCM between sample rates and fills the
// empty upper band of upsampled telephone audio.
//
// Resampler is a streaming rational resampler: for rates in and out it
// interpolates by L = out/g and decimates by M = in/g (g = gcd) with one
// Kaiser-windowed-sinc low-pass FIR evaluated in polyphase form, so each
// output sample costs one short dot product. The filter's stop band starts
// at the Nyquist frequency of the lower rate and its pass band reaches 84% of
// it (3.36 kHz at 8 kHz, 6.72 kHz at 16 kHz), with about 80 dB of stop-band
// attenuation; its delay is compensated, so output sample j lies at time
// j/out. 8000 -> 16000 takes a fast path: a half-band filter whose even
// outputs are the input samples themselves (pass band to 3.5 kHz, stop band
// from 4.5 kHz, which suits telephone audio band-limited to 3.4 kHz).
//
// The resampler keeps its filter history between calls, so feeding a signal
// in chunks of any size gives exactly the output of one big chunk. Flush
// pushes out the samples still inside the filter; the total output length is
// then ceil(n*out/in) for n input samples.
//
// BandFill adds a faint, deterministic noise floor above 4 kHz to audio that
// has nothing there (telephone audio upsampled to 16 kHz), because
// wideband speech models treat an empty band as a strong cue and recognise
// far worse without it.
//
// Stages are not safe for concurrent use (one media goroutine owns a chain),
// start no goroutines, and allocate only while their buffers grow to the
// largest chunk seen.
//
// Filter design follows J. F. Kaiser's window method, as in A. V. Oppenheim
// and R. W. Schafer, "Discrete-Time Signal Processing", section 7.5; the
// polyphase structure is from R. E. Crochiere and L. R. Rabiner,
// "Multirate Digital Signal Processing", chapter 3.
package resample
