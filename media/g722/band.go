package g722

// Fixed-point constants from G.722 section 6 (the arithmetic of the
// recommendation's block descriptions). Values are in the recommendation's
// scaling; names follow its tables.

// qmf holds the 24 transmit and receive QMF coefficients h0..h23 (G.722
// Table 11), scaled by 2^13. They are symmetric: h(i) == h(23-i).
var qmf = [24]int32{
	3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876,
	3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3,
}

// lowLevels are the decision levels of the lower sub-band 6-bit quantizer
// (QUANTL, G.722 Table 6) in units of DETL/4096: lowLevels[m-1] is the
// upper bound of the magnitude interval m, for m = 1..29; interval 30 is
// open above.
var lowLevels = [29]int32{
	35, 72, 110, 150, 190, 233, 276, 323, 370, 422,
	473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121,
	1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919,
}

// lowOut6 are the 6-bit inverse quantizer output magnitudes of intervals
// 1..30 (INVQAL / INVQBL, G.722 Table 6), scaled so that the quantized
// difference is DETL*q >> 15.
var lowOut6 = [30]int32{
	136, 432, 728, 1040, 1360, 1688, 2032, 2400, 2776, 3168,
	3576, 4008, 4464, 4944, 5456, 6000, 6576, 7192, 7856, 8576,
	9360, 10232, 11192, 12280, 13512, 14984, 16704, 19008, 21904, 24808,
}

// lowPos and lowNeg map quantizer interval m (1..30) to the 6-bit code
// word IL sent for a positive or negative difference (G.722 Table 6).
// Negative intervals 1 and 2 take the codes 63 and 62 so that the four
// codes 0..3 stay unused.
func lowPos(m int) int { return 62 - m }

func lowNeg(m int) int {
	if m < 3 {
		return 64 - m
	}
	return 34 - m
}

var (
	// qm6 is the 6-bit inverse quantizer indexed by the code word IL.
	qm6 [64]int32
	// qm4 is the 4-bit inverse quantizer INVQAL indexed by IL >> 2: the
	// lower sub-band predictor only sees the four most significant bits.
	qm4 = [16]int32{
		0, -20456, -12896, -8968, -6288, -4240, -2584, -1200,
		20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
	}
	// lowLogW is the lower sub-band scale factor multiplier WL (LOGSCL,
	// G.722 Table 7), indexed by the magnitude class of IL >> 2 (lowClass).
	lowLogW = [8]int32{-60, -30, 58, 172, 334, 538, 1198, 3042}
	// lowClass maps the 4-bit code IL >> 2 to its magnitude class: RIL
	// of G.722 Table 7, 0 for the smallest and 7 for the largest step.
	lowClass = [16]uint8{0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0}

	// qm2 is the higher sub-band 2-bit inverse quantizer INVQAH indexed by
	// the code word IH (G.722 Table 9).
	qm2 = [4]int32{-7408, -1616, 7408, 1616}
	// highLogW is the higher sub-band scale factor multiplier WH (LOGSCH,
	// G.722 Table 10) indexed by IH: the inner codes 1 and 3 shrink the
	// step, the outer codes 0 and 2 grow it.
	highLogW = [4]int32{798, -214, 798, -214}

	// ilb is the antilog table of SCALEL/SCALEH (G.722 Table 8):
	// 2048 * 2^(i/32), rounded.
	ilb = [32]int32{
		2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383,
		2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
		2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371,
		3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
	}
)

// highLevel is the single decision level of the higher sub-band quantizer
// QUANTH (G.722 Table 9) in units of DETH/4096.
const highLevel = 564

func init() {
	// Codes 0..3 are never sent; a decoder maps them like code 63, the
	// smallest negative step.
	for il := range 4 {
		qm6[il] = -lowOut6[0]
	}
	for m := 1; m <= 30; m++ {
		qm6[lowPos(m)] = lowOut6[m-1]
		qm6[lowNeg(m)] = -lowOut6[m-1]
	}
}

// sat16 saturates v to the int16 range, as every addition of the
// recommendation's 16-bit arithmetic does.
func sat16(v int32) int32 {
	if v > 32767 {
		return 32767
	}
	if v < -32768 {
		return -32768
	}
	return v
}

// mult is the recommendation's fractional 16x16 multiply: (a*b) >> 15,
// saturated (only -1 * -1 overflows).
func mult(a, b int32) int32 { return sat16((a * b) >> 15) }

// band is the ADPCM state of one sub-band: the adaptive predictor of
// block 4 and the scale factor of block 3.
type band struct {
	s  int32 // predicted signal SL/SH (PREDIC)
	sz int32 // zero-section prediction SZL/SZH (FILTEZ)

	det int32 // quantizer scale factor DETL/DETH
	nb  int32 // logarithmic scale factor NBL/NBH

	a [3]int32 // pole coefficients A1, A2 (index 0 unused)
	b [7]int32 // zero coefficients B1..B6 (index 0 unused)
	d [7]int32 // quantized differences: d[0] current, d[1..6] delayed
	p [3]int32 // partial reconstructions PLT: p[0] current, p[1..2] delayed
	r [3]int32 // reconstructed signal RLT: r[0] current, r[1..2] delayed
}

// reset puts the band in the recommendation's initial state; det is 32
// for the lower and 8 for the higher sub-band.
func (bd *band) reset(det int32) { *bd = band{det: det} }

// scale runs LOGSCL/LOGSCH and SCALEL/SCALEH: the log scale factor leaks
// by 127/128 and moves by w, is limited to [0, max], and det becomes its
// antilog. shift is 8 for the lower and 10 for the higher sub-band.
func (bd *band) scale(w, max, shift int32) {
	nb := (bd.nb*127)>>7 + w
	if nb < 0 {
		nb = 0
	} else if nb > max {
		nb = max
	}
	bd.nb = nb
	m := ilb[(nb>>6)&31]
	if e := shift - nb>>11; e < 0 {
		m <<= -e
	} else {
		m >>= e
	}
	bd.det = m << 2
}

// adapt is block 4: given the quantized difference dq of this sample, it
// updates the pole and zero coefficients and computes the prediction for
// the next sample (bd.s, bd.sz).
func (bd *band) adapt(dq int32) {
	// RECONS and PARREC: reconstructed signal and partial reconstruction.
	bd.d[0] = dq
	bd.r[0] = sat16(bd.s + dq)
	bd.p[0] = sat16(bd.sz + dq)

	neg0 := bd.p[0] < 0
	neg1 := bd.p[1] < 0
	neg2 := bd.p[2] < 0

	// UPPOL2: second pole coefficient.
	wd1 := sat16(bd.a[1] << 2)
	wd2 := wd1
	if neg0 == neg1 {
		wd2 = -wd1
	}
	wd2 = min(wd2, 32767)
	wd3 := wd2 >> 7
	if neg0 == neg2 {
		wd3 += 128
	} else {
		wd3 -= 128
	}
	wd3 += mult(bd.a[2], 32512)
	a2 := min(max(wd3, -12288), 12288)

	// UPPOL1: first pole coefficient, limited to +-(15360 - A2) so that
	// the two-pole section stays stable.
	wd1 = -192
	if neg0 == neg1 {
		wd1 = 192
	}
	a1 := sat16(wd1 + mult(bd.a[1], 32640))
	lim := sat16(15360 - a2)
	a1 = min(max(a1, -lim), lim)

	// UPZERO: zero coefficients, sign-sign gradient with leakage 255/256.
	step := int32(128)
	if dq == 0 {
		step = 0
	}
	dneg := dq < 0
	for i := 1; i <= 6; i++ {
		g := -step
		if (bd.d[i] < 0) == dneg {
			g = step
		}
		bd.b[i] = sat16(g + mult(bd.b[i], 32640))
	}

	// DELAYA/DELAYL: shift the delay lines.
	for i := 6; i > 0; i-- {
		bd.d[i] = bd.d[i-1]
	}
	bd.r[2], bd.r[1] = bd.r[1], bd.r[0]
	bd.p[2], bd.p[1] = bd.p[1], bd.p[0]
	bd.a[1], bd.a[2] = a1, a2

	// FILTEP: pole section prediction.
	sp := sat16(mult(bd.a[1], sat16(bd.r[1]+bd.r[1])) + mult(bd.a[2], sat16(bd.r[2]+bd.r[2])))

	// FILTEZ: zero section prediction, accumulated from B6 down to B1
	// with a saturating 16-bit sum at each step.
	var sz int32
	for i := 6; i >= 1; i-- {
		sz = sat16(sz + mult(bd.b[i], sat16(bd.d[i]+bd.d[i])))
	}
	bd.sz = sz

	// PREDIC.
	bd.s = sat16(sp + bd.sz)
}
