package g722

// SampleRate is the G.722 sampling rate of the PCM in and out, in Hz.
const SampleRate = 16000

// Encoder codes 16 kHz 16-bit PCM into G.722 octets. The zero value is
// not ready: use NewEncoder.
type Encoder struct {
	low, high band
	x         [24]int32 // transmit QMF delay line, oldest first
	pending   int16     // first sample of an incomplete pair
	hasPend   bool
}

// NewEncoder returns an encoder in the recommendation's initial state.
func NewEncoder() *Encoder {
	e := &Encoder{}
	e.Reset()
	return e
}

// Reset returns the encoder to its initial state, dropping any pending
// odd sample.
func (e *Encoder) Reset() {
	*e = Encoder{}
	e.low.reset(32)
	e.high.reset(8)
}

// EncodedLen returns how many octets Encode writes for n more samples:
// one per pair, counting a sample left pending by the previous call.
func (e *Encoder) EncodedLen(n int) int {
	if e.hasPend {
		n++
	}
	return n / 2
}

// Encode codes src into dst and returns the number of octets written,
// EncodedLen(len(src)). Each octet codes two samples; an odd sample left
// over is kept and paired with the first sample of the next call. It
// panics if dst is shorter than EncodedLen(len(src)).
func (e *Encoder) Encode(dst []byte, src []int16) int {
	n := 0
	if e.hasPend && len(src) > 0 {
		dst[0] = e.encodePair(e.pending, src[0])
		src = src[1:]
		e.hasPend = false
		n++
	}
	pairs := len(src) / 2
	dst = dst[n : n+pairs]
	for i := range dst {
		dst[i] = e.encodePair(src[2*i], src[2*i+1])
	}
	n += pairs
	if len(src)%2 == 1 {
		e.pending = src[len(src)-1]
		e.hasPend = true
	}
	return n
}

// encodePair runs the transmit QMF on two input samples and codes the
// resulting sub-band samples into one octet.
func (e *Encoder) encodePair(s0, s1 int16) byte {
	copy(e.x[:22], e.x[2:])
	e.x[22], e.x[23] = int32(s0), int32(s1)
	// xA: even coefficients on the newest sample and every second one
	// before it; xB: odd coefficients on the samples in between.
	var xa, xb int32
	for i := range 12 {
		xa += qmf[2*i] * e.x[23-2*i]
		xb += qmf[2*i+1] * e.x[22-2*i]
	}
	xl := (xa + xb) >> 14
	xh := (xa - xb) >> 14

	// Lower sub-band: SUBTRA, QUANTL, INVQAL, LOGSCL, SCALEL, block 4.
	el := sat16(xl - e.low.s)
	il := quantLow(el, e.low.det)
	dlt := (e.low.det * qm4[il>>2]) >> 15
	e.low.scale(lowLogW[lowClass[il>>2]], 18432, 8)
	e.low.adapt(dlt)

	// Higher sub-band: SUBTRA, QUANTH, INVQAH, LOGSCH, SCALEH, block 4.
	eh := sat16(xh - e.high.s)
	ih := quantHigh(eh, e.high.det)
	dh := (e.high.det * qm2[ih]) >> 15
	e.high.scale(highLogW[ih], 22528, 10)
	e.high.adapt(dh)

	return byte(ih<<6 | il)
}

// quantLow is QUANTL: the 6-bit code word for the difference el at scale
// det. The magnitude is taken in ones' complement (-1 maps to 0), as the
// recommendation specifies.
func quantLow(el, det int32) int {
	wd := el
	if el < 0 {
		wd = ^el
	}
	m := 1
	for m < 30 && wd >= (lowLevels[m-1]*det)>>12 {
		m++
	}
	if el < 0 {
		return lowNeg(m)
	}
	return lowPos(m)
}

// quantHigh is QUANTH: the 2-bit code word for the difference eh.
func quantHigh(eh, det int32) int {
	wd := eh
	if eh < 0 {
		wd = ^eh
	}
	outer := wd >= (highLevel*det)>>12
	switch {
	case eh < 0 && outer:
		return 0
	case eh < 0:
		return 1
	case outer:
		return 2
	}
	return 3
}

// RawDecoder decodes a G.722 octet stream to 16 kHz 16-bit PCM. The zero
// value is not ready: use NewRawDecoder.
type RawDecoder struct {
	low, high band
	xd, xs    [12]int32 // receive QMF delay lines (difference, sum), newest first
}

// NewRawDecoder returns a decoder in the recommendation's initial state.
func NewRawDecoder() *RawDecoder {
	d := &RawDecoder{}
	d.Reset()
	return d
}

// Reset returns the decoder to its initial state.
func (d *RawDecoder) Reset() {
	*d = RawDecoder{}
	d.low.reset(32)
	d.high.reset(8)
}

// Decode decodes src into dst, two samples per octet, and returns the
// number of samples written, 2*len(src). Every octet value is valid. It
// panics if dst is shorter than 2*len(src).
func (d *RawDecoder) Decode(dst []int16, src []byte) int {
	dst = dst[:2*len(src)]
	for i, c := range src {
		d.decodeOctet(dst[2*i:2*i+2:2*i+2], c)
	}
	return len(dst)
}

// decodeOctet decodes one octet into the two samples of out.
func (d *RawDecoder) decodeOctet(out []int16, c byte) {
	il := int(c & 0x3F)
	ih := int(c >> 6)

	// Lower sub-band: INVQBL (6-bit) for the output, INVQAL (4-bit) for
	// the predictor, LOGSCL, SCALEL, block 4.
	rl := limit14(d.low.s + (d.low.det*qm6[il])>>15)
	dlt := (d.low.det * qm4[il>>2]) >> 15
	d.low.scale(lowLogW[lowClass[il>>2]], 18432, 8)
	d.low.adapt(dlt)

	// Higher sub-band: INVQAH, LOGSCH, SCALEH, block 4.
	dh := (d.high.det * qm2[ih]) >> 15
	rh := limit14(d.high.s + dh)
	d.high.scale(highLogW[ih], 22528, 10)
	d.high.adapt(dh)

	// Receive QMF: even coefficients on the difference, odd ones on the
	// sum, newest first.
	copy(d.xd[1:], d.xd[:11])
	copy(d.xs[1:], d.xs[:11])
	d.xd[0], d.xs[0] = rl-rh, rl+rh
	var o0, o1 int32
	for i := range 12 {
		o0 += qmf[2*i] * d.xd[i]
		o1 += qmf[2*i+1] * d.xs[i]
	}
	out[0] = int16(sat16(o0 >> 11))
	out[1] = int16(sat16(o1 >> 11))
}

// limit14 is LIMIT: the reconstructed sub-band signal is held to 15-bit
// two's complement, [-16384, 16383].
func limit14(v int32) int32 { return min(max(v, -16384), 16383) }
