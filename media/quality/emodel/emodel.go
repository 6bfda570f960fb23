// Package emodel implements the ITU-T G.107 E-model (06/2015), the
// transmission rating model that turns the impairments of a narrowband
// telephone connection into a rating factor R and an estimated MOS
// (https://www.itu.int/rec/T-REC-G.107):
//
//	R = Ro − Is − Id − Ie,eff + A
//
// Params holds every input of G.107 Table 3; Defaults returns the standard
// values, with which R = 93.2 and MOS = 4.41. Estimate covers the common
// VoIP case: default terminals, a codec, packet loss with its burstiness,
// and a mouth-to-ear delay Ta, taking the talker-echo and listener-echo
// paths as T = Ta and Tr = 2·Ta (echo returns over the same connection,
// controlled to the default TELR of 65 dB). That is G.107's full delay
// impairment Id = Idte + Idle + Idd, not a simplified Id(Ta).
//
// Codec values (equipment impairment Ie and packet-loss robustness Bpl)
// are from ITU-T G.113 Appendix I where it has them; see the Codec
// variables for the ones chosen here.
package emodel

import (
	"math"
	"time"
)

// Params are the E-model inputs of G.107 Table 3. Loudness ratings and
// levels are in dB, delays in milliseconds, Ppl in percent.
type Params struct {
	SLR, RLR float64 // send and receive loudness ratings
	STMR     float64 // sidetone masking rating
	LSTR     float64 // listener sidetone rating
	Ds, Dr   float64 // D-value of telephone, send and receive side
	TELR     float64 // talker echo loudness rating
	WEPL     float64 // weighted echo path loss
	T        float64 // mean one-way delay of the echo path
	Tr       float64 // round-trip delay in a 4-wire loop
	Ta       float64 // absolute (mouth-to-ear) delay
	Qdu      float64 // quantizing distortion units
	Ie       float64 // equipment impairment factor
	Bpl      float64 // packet-loss robustness factor
	Ppl      float64 // random packet-loss probability, percent
	BurstR   float64 // burst ratio: 1 for random loss, above 1 for bursty
	Nc       float64 // circuit noise referred to the 0 dBr point, dBm0p
	Nfor     float64 // noise floor at the receive side, dBmp
	Ps, Pr   float64 // room noise at send and receive side, dB(A)
	A        float64 // advantage factor
}

// Defaults returns the default values of G.107 Table 3.
func Defaults() Params {
	return Params{
		SLR: 8, RLR: 2, STMR: 15, LSTR: 18, Ds: 3, Dr: 3, TELR: 65, WEPL: 110,
		T: 0, Tr: 0, Ta: 0, Qdu: 1, Ie: 0, Bpl: 4.3, Ppl: 0, BurstR: 1,
		Nc: -70, Nfor: -64, Ps: 35, Pr: 35, A: 0,
	}
}

func lg(x float64) float64 { return math.Log10(x) }

// No returns the total noise power No (G.107 7.2, formulas 7-2 to 7-6).
func (p Params) No() float64 {
	olr := p.SLR + p.RLR
	nos := p.Ps - p.SLR - p.Ds - 100 + 0.004*sq(p.Ps-olr-p.Ds-14)
	pre := p.Pr + 10*lg(1+math.Pow(10, (10-p.LSTR)/10))
	nor := p.RLR - 121 + pre + 0.008*sq(pre-35)
	nfo := p.Nfor + p.RLR
	return 10 * lg(math.Pow(10, p.Nc/10)+math.Pow(10, nos/10)+math.Pow(10, nor/10)+math.Pow(10, nfo/10))
}

// Ro is the basic signal-to-noise ratio (formula 7-2).
func (p Params) Ro() float64 { return 15 - 1.5*(p.SLR+p.No()) }

// Is is the simultaneous impairment factor Iolr + Ist + Iq (G.107 7.3).
func (p Params) Is() float64 { return p.iolr() + p.Ist() + p.iq() }

func (p Params) iolr() float64 {
	olr := p.SLR + p.RLR
	x := olr + 0.2*(64+p.No()-p.RLR)
	return 20 * (math.Pow(1+math.Pow(x/8, 8), 1.0/8) - x/8)
}

// Ist is the sidetone impairment.
func (p Params) Ist() float64 {
	stmro := -10 * lg(math.Pow(10, -p.STMR/10)+math.Exp(-p.T/4)*math.Pow(10, -p.TELR/10))
	return 12*math.Pow(1+math.Pow((stmro-13)/6, 8), 1.0/8) -
		28*math.Pow(1+math.Pow((stmro+1)/19.4, 35), 1.0/35) -
		13*math.Pow(1+math.Pow((stmro-3)/33, 13), 1.0/13) + 29
}

func (p Params) iq() float64 {
	q := 37 - 15*lg(p.Qdu)
	g := 1.07 + 0.258*q + 0.0602*q*q
	z := 46.0/30 - g/40
	y := (p.Ro()-100)/15 + 46.0/8.4 - g/9
	return 15 * lg(1+math.Pow(10, y)+math.Pow(10, z))
}

// Id is the delay impairment factor Idte + Idle + Idd (G.107 7.4).
func (p Params) Id() float64 { return p.Idte() + p.Idle() + p.Idd() }

// Idte is the talker echo impairment.
func (p Params) Idte() float64 {
	terv := p.TELR - 40*lg((1+p.T/10)/(1+p.T/150)) + 6*math.Exp(-0.3*p.T*p.T)
	if p.STMR < 9 {
		terv += p.Ist() / 2
	}
	roe := -1.5 * (p.No() - p.RLR)
	re := 80 + 2.5*(terv-14)
	idte := ((roe-re)/2 + math.Sqrt(sq(roe-re)/4+169)) * (1 - math.Exp(-p.T))
	if p.STMR > 20 {
		idte = math.Sqrt(idte*idte + sq(p.Ist()))
	}
	return idte
}

// Idle is the listener echo impairment.
func (p Params) Idle() float64 {
	rle := 10.5 * (p.WEPL + 7) * math.Pow(p.Tr+1, -0.25)
	ro := p.Ro()
	return (ro-rle)/2 + math.Sqrt(sq(ro-rle)/4+169)
}

// Idd is the impairment of a too-long absolute delay Ta (mT = 100 ms,
// sT = 1).
func (p Params) Idd() float64 {
	if p.Ta <= 100 {
		return 0
	}
	x := lg(p.Ta/100) / lg(2)
	return 25 * (math.Pow(1+math.Pow(x, 6), 1.0/6) - 3*math.Pow(1+math.Pow(x/3, 6), 1.0/6) + 2)
}

// IeEff is the effective equipment impairment with packet loss
// (formula 7-29): Ie + (95 − Ie)·Ppl/(Ppl/BurstR + Bpl).
func (p Params) IeEff() float64 {
	burstR := p.BurstR
	if burstR <= 0 {
		burstR = 1
	}
	if p.Ppl <= 0 {
		return p.Ie
	}
	return p.Ie + (95-p.Ie)*p.Ppl/(p.Ppl/burstR+p.Bpl)
}

// R returns the rating factor.
func (p Params) R() float64 { return p.Ro() - p.Is() - p.Id() - p.IeEff() + p.A }

// MOS converts a rating factor to an estimated mean opinion score on the
// 1..4.5 scale (G.107 Annex B): 1 + 0.035R + R(R−60)(100−R)·7·10⁻⁶ for
// 0 < R < 100.
func MOS(r float64) float64 {
	switch {
	case r <= 0:
		return 1
	case r >= 100:
		return 4.5
	}
	return 1 + 0.035*r + r*(r-60)*(100-r)*7e-6
}

func sq(x float64) float64 { return x * x }

// Codec holds a codec's E-model values.
type Codec struct {
	Name string
	// Ie is the equipment impairment factor, Bpl the packet-loss
	// robustness factor.
	Ie, Bpl float64
	// Lookahead is the algorithmic delay the codec adds beyond one frame.
	Lookahead time.Duration
}

// Codec values. The G.711 ones are ITU-T G.113 Appendix I's. G.113 gives
// no narrowband E-model values for G.722 and Opus; the choices here are
// explained on each.
var (
	// G711PLC is G.711 with packet loss concealment (G.711 Appendix I):
	// Ie 0, Bpl 25.1 (G.113 Appendix I).
	G711PLC = Codec{Name: "G.711 PLC", Ie: 0, Bpl: 25.1}
	// G711 is G.711 without concealment (silence for lost packets): Ie 0,
	// Bpl 4.3 (G.113 Appendix I).
	G711 = Codec{Name: "G.711", Ie: 0, Bpl: 4.3}
	// G722 at 64 kbit/s is rated on the wideband scale of G.107.1 (G.113
	// Amendment 1 gives it an Ie,WB, not a narrowband Ie). On this
	// narrowband scale it is taken as transparent, Ie 0, with the G.711
	// PLC robustness Bpl 25.1 for its Appendix III/IV concealment: an
	// assumption, not a G.113 value.
	G722 = Codec{Name: "G.722", Ie: 0, Bpl: 25.1, Lookahead: 1500 * time.Microsecond}
	// Opus has no ITU-T values. At the bit rates used for voice it is at
	// least as good as G.711 on the narrowband scale (Ie 0), and its
	// concealment is taken as robust as G.711 PLC (Bpl 25.1); lookahead
	// 6.5 ms (RFC 6716). An assumption, not a G.113 value.
	Opus = Codec{Name: "Opus", Ie: 0, Bpl: 25.1, Lookahead: 6500 * time.Microsecond}
)

// Estimate returns R and MOS for default terminals, codec c, packet loss
// lossPercent with burst ratio burstR (1 for random loss), and
// mouth-to-ear delay ta, with the echo paths T = ta and Tr = 2·ta.
func Estimate(c Codec, lossPercent, burstR float64, ta time.Duration) (r, mos float64) {
	p := Defaults()
	p.Ie, p.Bpl = c.Ie, c.Bpl
	p.Ppl = max(lossPercent, 0)
	p.BurstR = burstR
	ms := max(ta, 0).Seconds() * 1000
	p.T, p.Tr, p.Ta = ms, 2*ms, ms
	r = p.R()
	return r, MOS(r)
}
