package spectrum

import (
	"math"
	"testing"
)

func TestBandPowerOfSine(t *testing.T) {
	x := Float(Sine(16000, 16000, 1000, 10000, 0))
	total := Power(x) // 10000^2/2
	if math.Abs(total-5e7)/5e7 > 0.01 {
		t.Fatalf("power %v, want 5e7", total)
	}
	in := BandPower(x, 16000, 900, 1100)
	out := BandPower(x, 16000, 1200, 8000)
	if math.Abs(in-total)/total > 0.02 {
		t.Errorf("band power around the tone %v, want %v", in, total)
	}
	if out > total*1e-6 {
		t.Errorf("power away from the tone %v, want < %v", out, total*1e-6)
	}
}

func TestFitSine(t *testing.T) {
	x := Float(Sine(4000, 8000, 440, 12345, 0.3))
	amp, phase, res := FitSine(x, 8000, 440)
	// sin(wt + 0.3) = cos(wt + 0.3 - pi/2)
	if math.Abs(amp-12345) > 1 || math.Abs(phase-(0.3-math.Pi/2)) > 1e-3 || res > 0.5 {
		t.Errorf("amp %v phase %v residual %v", amp, phase, res)
	}
}

func TestDBFS(t *testing.T) {
	if got := DBFS(32768 * 32768); math.Abs(got) > 1e-9 {
		t.Errorf("DBFS(full scale) = %v", got)
	}
	if got := DBFS(math.Pow(32768*0.001, 2)); math.Abs(got+60) > 1e-9 {
		t.Errorf("DBFS(-60 dB) = %v", got)
	}
}
