// Package g722 implements ITU-T G.722 wideband audio coding at 64 kbit/s
// (mode 1): 16 kHz, 16-bit PCM in and out, one octet per two samples.
//
// Spec: ITU-T Recommendation G.722 (09/2012), "7 kHz audio-coding within
// 64 kbit/s", https://www.itu.int/rec/T-REC-G.722 . The coder splits the
// signal with a 24-tap quadrature mirror filter (QMF) into a lower sub-band
// (0-4 kHz) and a higher sub-band (4-8 kHz), each sampled at 8 kHz. The
// lower sub-band is coded with 6-bit adaptive differential PCM (ADPCM)
// whose predictor is driven by a 4-bit (truncated) inverse quantizer, the
// higher sub-band with 2-bit ADPCM. Both sub-bands use the same adaptive
// pole-zero predictor ("block 4": two poles, six zeros) and a logarithmic
// scale factor. The block names in the comments (QUANTL, INVQAL, LOGSCL,
// SCALEL, UPPOL1, UPPOL2, UPZERO, FILTEP, FILTEZ, PREDIC, ...) are the
// recommendation's. Modes 2 and 3 (56 and 48 kbit/s, where the decoder
// drops one or two lower sub-band bits) are not implemented: RTP's G722
// payload is always 64 kbit/s.
//
// Sample scaling. The recommendation works on 14-bit uniform PCM. This
// package takes and returns 16-bit samples at full resolution: the
// transmit QMF divides by 2^14 and the receive QMF by 2^11 instead of
// shifting the samples to 14 bits, the convention of the common 16-bit
// implementations. The octets it produces and accepts are the standard
// G.722 bit stream: (IH << 6) | IL, higher sub-band code in the two most
// significant bits (RFC 3551 section 4.5.2).
//
// Delay. Analysis plus synthesis QMF delay the decoded signal by 22
// samples (1.375 ms at 16 kHz) against the input; the tests measure it.
//
// RTP. G.722 is static payload type 9 with encoding name "G722" and, by
// an error kept for compatibility, an RTP clock rate of 8000 Hz although
// it samples at 16 kHz (RFC 3551 section 4.5.2, and the SDP line
// "a=rtpmap:9 G722/8000"). One RTP timestamp tick is therefore one octet,
// i.e. two 16 kHz samples; a 20 ms packet is 160 octets, 160 ticks and
// 320 samples. Decoder (NewDecoder) is the RTP stage that accounts for
// this.
//
// Concurrency: an Encoder, RawDecoder or Decoder holds the coder state of
// one stream and is not safe for concurrent use. None of them allocates
// per call once its buffers have grown (see the benchmarks).
package g722

// Golden files in testdata/ come from FFmpeg's G.722 coder; testdata/gen.sh
// lists the commands.
