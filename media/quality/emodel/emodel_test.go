package emodel

import (
	"math"
	"testing"
	"time"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f ± %g", name, got, want, tol)
	}
}

// TestDefaults: G.107 states that the default values give R = 93.2, which
// the R-to-MOS conversion maps to 4.41.
func TestDefaults(t *testing.T) {
	p := Defaults()
	near(t, "R", p.R(), 93.2, 0.05)
	near(t, "MOS", MOS(p.R()), 4.41, 0.05)
	// The parts: Ro 94.77 and Is 1.41 are the textbook decomposition;
	// with no delay the only delay term is the listener echo at WEPL 110.
	near(t, "Ro", p.Ro(), 94.77, 0.01)
	near(t, "Is", p.Is(), 1.41, 0.01)
	near(t, "Id", p.Id(), 0.15, 0.01)
	r, mos := Estimate(G711PLC, 0, 1, 0)
	near(t, "Estimate R", r, p.R(), 1e-9)
	near(t, "Estimate MOS", mos, 4.41, 0.05)
}

// TestMOS: the conversion at the G.109 category boundaries (MOS 2.58,
// 3.1, 3.6, 4.03 and 4.34 in G.109 Table 1, rounded), by hand.
func TestMOS(t *testing.T) {
	for _, tc := range []struct{ r, mos float64 }{
		{-5, 1}, {0, 1}, {50, 2.575}, {60, 3.1}, {70, 3.597}, {80, 4.024}, {90, 4.339}, {100, 4.5}, {120, 4.5},
	} {
		near(t, "MOS", MOS(tc.r), tc.mos, 0.001)
	}
}

// TestPacketLoss: Ie,eff = Ie + (95 − Ie)·Ppl/(Ppl/BurstR + Bpl), by hand
// for G.711 with PLC (Bpl 25.1): 1 % → 95/26.1 = 3.640, 2 % → 190/27.1 =
// 7.011, 5 % → 475/30.1 = 15.781; bursty 5 % with BurstR 2 → 475/27.6 =
// 17.210; G.711 without PLC (Bpl 4.3) at 2 % → 190/6.3 = 30.159. R is the
// default 93.206 less that.
func TestPacketLoss(t *testing.T) {
	for _, tc := range []struct {
		c            Codec
		loss, burstR float64
		ieEff, mos   float64
	}{
		{G711PLC, 1, 1, 95.0 / 26.1, 4.328},
		{G711PLC, 2, 1, 190.0 / 27.1, 4.235},
		{G711PLC, 5, 1, 475.0 / 30.1, 3.923},
		{G711PLC, 5, 2, 475.0 / 27.6, 3.864},
		{G711, 2, 1, 190.0 / 6.3, 3.256},
	} {
		r, mos := Estimate(tc.c, tc.loss, tc.burstR, 0)
		near(t, tc.c.Name+" R", r, Defaults().R()-tc.ieEff, 1e-9)
		near(t, tc.c.Name+" MOS", mos, tc.mos, 0.002)
	}
	// Burstier loss of the same amount is worse.
	r1, _ := Estimate(G711PLC, 3, 1, 0)
	r2, _ := Estimate(G711PLC, 3, 3, 0)
	if r2 >= r1 {
		t.Errorf("bursty loss R %.2f not below random %.2f", r2, r1)
	}
}

// TestDelay: Idd at X = log2(Ta/100) = 1 and 2 in closed form, and the
// whole R at 200 and 400 ms mouth-to-ear with T = Ta, Tr = 2·Ta. Totals
// were evaluated from the G.107 formulas (Idte 6.963 and 9.644, Idle 0.935
// and 1.230 at 200 and 400 ms).
func TestDelay(t *testing.T) {
	p := Defaults()
	p.Ta = 200
	near(t, "Idd(200)", p.Idd(), 25*(math.Pow(2, 1.0/6)-3*math.Pow(1+math.Pow(1.0/3, 6), 1.0/6)+2), 1e-9)
	near(t, "Idd(200) value", p.Idd(), 3.044, 0.001)
	p.Ta = 400
	near(t, "Idd(400)", p.Idd(), 25*(math.Pow(65, 1.0/6)-3*math.Pow(1+math.Pow(2.0/3, 6), 1.0/6)+2), 1e-9)
	near(t, "Idd(400) value", p.Idd(), 24.07, 0.01)
	p.Ta = 100
	if p.Idd() != 0 {
		t.Error("Idd nonzero at 100 ms")
	}
	for _, tc := range []struct {
		ta      time.Duration
		r, mos  float64
		idte, i float64
	}{
		{200 * time.Millisecond, 82.41, 4.11, 6.963, 0.935},
		{400 * time.Millisecond, 58.41, 3.02, 9.644, 1.230},
	} {
		r, mos := Estimate(G711PLC, 0, 1, tc.ta)
		near(t, "R", r, tc.r, 0.01)
		near(t, "MOS", mos, tc.mos, 0.01)
		ms := tc.ta.Seconds() * 1000
		q := Defaults()
		q.T, q.Tr, q.Ta = ms, 2*ms, ms
		near(t, "Idte", q.Idte(), tc.idte, 0.001)
		near(t, "Idle", q.Idle(), tc.i, 0.001)
	}
	// R falls with delay.
	prev := 100.0
	for ms := 0; ms <= 600; ms += 50 {
		r, _ := Estimate(G711PLC, 0, 1, time.Duration(ms)*time.Millisecond)
		if r > prev {
			t.Errorf("R rises from %.2f to %.2f at %d ms", prev, r, ms)
		}
		prev = r
	}
}
