package jitter

import "math"

// Concealer synthesises audio for lost frames from the decoded PCM that
// preceded them, in the manner of ITU-T G.711 Appendix I ("A high quality
// low-complexity algorithm for packet loss concealment with G.711",
// https://www.itu.int/rec/T-REC-G.711-199909-I!AppI):
//
//   - It keeps the last 48.75 ms of output as history.
//   - At the first lost sample it estimates the pitch period P (5 to 15 ms)
//     by normalised cross-correlation of the last 20 ms of history with the
//     history P samples earlier, searched at 4 kHz then refined.
//   - It repeats the last pitch period. The period's last P/4 samples are
//     cross-faded (overlap-add) into the P/4 samples that preceded the
//     period, so that each repetition joins the next one smoothly.
//   - After 10 ms of loss it repeats the last two periods, after 20 ms the
//     last three (fewer buzzy artefacts), cross-fading P/4 samples at each
//     switch.
//   - From 10 ms on the output is attenuated linearly by 20 % per 10 ms, so
//     it is silent after 60 ms.
//   - The first good samples after a loss are overlap-added with the
//     continued synthetic signal over P/4 plus 4 ms per 10 ms of loss
//     beyond the first 10 ms, at most 10 ms.
//
// One difference from Appendix I: the Appendix delays all output by 3.75 ms
// so that it can also rewrite the last P/4 samples played before the loss.
// A jitter buffer cannot take back samples it already played and should not
// add delay, so the Concealer only smooths inside the repeated signal; the
// join from the last real sample into the first repeated one is as smooth
// as the speech is periodic at the chosen pitch.
//
// All lengths scale with the sample rate (the Appendix is written for
// 8 kHz). The Concealer does not allocate after NewConcealer and is not
// safe for concurrent use.
type Concealer struct {
	rate int

	hist []int16 // the last histLen output samples, oldest first

	// Lengths in samples at rate.
	histLen, pMin, pMax, corrLen, ms int

	// Erasure state.
	erasing bool
	lost    int     // samples synthesised in this erasure
	pitch   int     // period P
	ov      int     // overlap P/4
	periods int     // periods in block: 1, 2 or 3
	snap    []int16 // history at the start of the erasure
	block   []int16 // the periods repeated, tail cross-faded
	blockN  int
	pos     int // read position in block
	// Switching to more periods cross-fades from the old block.
	old                []int16
	oldN, oldPos, xfad int

	// After an erasure: overlap-add the synthetic continuation into the
	// first good samples.
	merge, mergeLen int
}

// NewConcealer returns a Concealer for PCM at sampleRate Hz (8000 or more;
// lower rates are treated as 8000).
func NewConcealer(sampleRate int) *Concealer {
	sampleRate = max(sampleRate, 8000)
	c := &Concealer{rate: sampleRate}
	c.ms = sampleRate / 1000
	c.histLen = sampleRate * 390 / 8000 // 48.75 ms: 3 periods of 15 ms + 3.75 ms
	c.pMin = sampleRate * 40 / 8000     // 5 ms, 200 Hz
	c.pMax = sampleRate * 120 / 8000    // 15 ms, 66.7 Hz
	c.corrLen = sampleRate * 160 / 8000 // 20 ms
	c.hist = make([]int16, c.histLen)
	c.snap = make([]int16, c.histLen)
	c.block = make([]int16, 3*c.pMax)
	c.old = make([]int16, 3*c.pMax)
	return c
}

// Reset forgets the history: the next loss is concealed with silence.
func (c *Concealer) Reset() {
	clear(c.hist)
	c.erasing = false
	c.merge, c.mergeLen = 0, 0
}

// Concealing reports whether the last samples were synthesised.
func (c *Concealer) Concealing() bool { return c.erasing }

// Good records samples decoded from a packet. Right after a loss their
// beginning is overlap-added, in place, with the continued synthetic
// signal, so pcm may be modified.
func (c *Concealer) Good(pcm []int16) {
	if c.erasing {
		c.erasing = false
		extra := 0
		if tenMs := 10 * c.ms; c.lost > tenMs {
			extra = (c.lost - tenMs + tenMs - 1) / tenMs * 4 * c.ms
		}
		c.mergeLen = min(c.ov+extra, 10*c.ms)
		c.merge = 0
	}
	for i := range pcm {
		if c.merge >= c.mergeLen {
			break
		}
		syn := int32(c.next())
		w := int32(c.merge + 1)
		l := int32(c.mergeLen + 1)
		pcm[i] = int16((syn*(l-w) + int32(pcm[i])*w) / l)
		c.merge++
	}
	c.record(pcm)
}

// Conceal fills dst with synthetic samples continuing the history. It
// returns how many of them are silent because the loss has lasted 60 ms.
func (c *Concealer) Conceal(dst []int16) (silent int) {
	if !c.erasing {
		c.start()
	}
	fade := 60 * c.ms
	silent = min(max(c.lost+len(dst)-fade, 0), len(dst))
	for i := range dst {
		dst[i] = c.next()
	}
	c.record(dst)
	return silent
}

// record appends s to the history.
func (c *Concealer) record(s []int16) {
	if len(s) >= c.histLen {
		copy(c.hist, s[len(s)-c.histLen:])
		return
	}
	copy(c.hist, c.hist[len(s):])
	copy(c.hist[c.histLen-len(s):], s)
}

// start begins an erasure: estimate the pitch, build the one-period block.
func (c *Concealer) start() {
	c.erasing = true
	c.lost = 0
	c.merge, c.mergeLen = 0, 0
	copy(c.snap, c.hist)
	c.pitch = c.findPitch()
	c.ov = max(c.pitch/4, 1)
	c.periods = 1
	c.buildBlock(c.block, 1)
	c.blockN = c.pitch
	c.pos = 0
	c.xfad = 0
}

// buildBlock copies the last k periods of the snapshot into dst, with the
// last ov samples cross-faded into the ov samples before the periods, so
// that dst[len-1] runs smoothly into dst[0] when dst repeats.
func (c *Concealer) buildBlock(dst []int16, k int) {
	n := k * c.pitch
	src := c.snap[c.histLen-n:]
	copy(dst[:n], src)
	pre := c.snap[c.histLen-n-c.ov : c.histLen-n]
	tail := dst[n-c.ov : n]
	l := int32(c.ov + 1)
	for i := range tail {
		w := int32(i + 1)
		tail[i] = int16((int32(tail[i])*(l-w) + int32(pre[i])*w) / l)
	}
}

// next returns the next synthetic sample and advances the erasure.
func (c *Concealer) next() int16 {
	tenMs := 10 * c.ms
	// More periods after 10 and 20 ms of loss.
	if want := min(1+c.lost/tenMs, 3); want > c.periods && c.erasing {
		copy(c.old, c.block[:c.blockN])
		c.oldN, c.oldPos = c.blockN, c.pos
		c.periods = want
		c.buildBlock(c.block, want)
		c.blockN = want * c.pitch
		c.pos %= c.pitch // same phase, oldest period
		c.xfad = c.ov
	}
	v := int32(c.block[c.pos])
	c.pos++
	if c.pos == c.blockN {
		c.pos = 0
	}
	if c.xfad > 0 {
		o := int32(c.old[c.oldPos])
		c.oldPos++
		if c.oldPos == c.oldN {
			c.oldPos = 0
		}
		l := int32(c.ov + 1)
		w := int32(c.ov - c.xfad + 1)
		v = (o*(l-w) + v*w) / l
		c.xfad--
	}
	// Attenuation: none for 10 ms, then 20 % per 10 ms down to silence.
	if c.lost >= tenMs {
		g := 1 - 0.2*float32(c.lost-tenMs)/float32(tenMs)
		if g <= 0 {
			v = 0
		} else {
			v = int32(float32(v) * g)
		}
	}
	if c.lost < math.MaxInt32 {
		c.lost++
	}
	return int16(v)
}

// findPitch returns the lag in [pMin, pMax] that maximises the normalised
// cross-correlation between the last corrLen samples of the snapshot and
// the same length lag samples earlier: first every other lag of a 4 kHz
// view, then every lag around the best.
func (c *Concealer) findPitch() int {
	step := max(c.rate/4000, 1)
	best, bestScore := c.pMax, math.Inf(-1)
	for p := c.pMin; p <= c.pMax; p += step {
		if s := c.corr(p, step); s > bestScore {
			best, bestScore = p, s
		}
	}
	if step == 1 {
		return best
	}
	lo, hi := max(best-step+1, c.pMin), min(best+step-1, c.pMax)
	bestScore = math.Inf(-1)
	for p := lo; p <= hi; p++ {
		if s := c.corr(p, 1); s > bestScore {
			best, bestScore = p, s
		}
	}
	return best
}

// corr is sum(x[i]*x[i-p]) / sqrt(sum(x[i-p]^2)) over the correlation
// window, taking every step-th sample.
func (c *Concealer) corr(p, step int) float64 {
	end := c.histLen
	var xy, yy int64
	for i := end - c.corrLen; i < end; i += step {
		x, y := int64(c.snap[i]), int64(c.snap[i-p])
		xy += x * y
		yy += y * y
	}
	if yy == 0 {
		return 0
	}
	return float64(xy) / math.Sqrt(float64(yy))
}
