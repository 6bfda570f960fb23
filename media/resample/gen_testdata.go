//go:build ignore

// gen_testdata writes the SoX reference files in testdata/ (run with
// `go generate ./media/resample/`; needs /usr/bin/sox, Debian package sox):
//
//	sweep8k.s16   0.25 s log sweep 100 -> 3400 Hz at 8 kHz, -6 dBFS peak
//	sweep16k.s16  0.25 s log sweep 100 -> 3200 Hz at 16 kHz, -6 dBFS peak
//
// and resamples each with SoX's very-high-quality linear-phase resampler,
// exactly:
//
//	sox -D -t raw -r 8000 -e signed -b 16 -c 1 -L sweep8k.s16 -t raw -r 16000 -e signed -b 16 -L sweep8k-16k.s16 rate -v
//	sox -D -t raw -r 16000 -e signed -b 16 -c 1 -L sweep16k.s16 -t raw -r 8000 -e signed -b 16 -L sweep16k-8k.s16 rate -v
//
// (-D: no dither). The sweeps stay inside both resamplers' pass bands, so
// the outputs should agree up to filter ripple and rounding.
package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen_testdata:", err)
		os.Exit(1)
	}
}

func run() error {
	for _, s := range []struct {
		name    string
		rate    int
		top     float64
		out     string
		outRate int
	}{
		{"sweep8k.s16", 8000, 3400, "sweep8k-16k.s16", 16000},
		{"sweep16k.s16", 16000, 3200, "sweep16k-8k.s16", 8000},
	} {
		if err := os.WriteFile(filepath.Join("testdata", s.name), sweep(s.rate, s.top), 0o644); err != nil {
			return err
		}
		cmd := exec.Command("sox", "-D", "-t", "raw", "-r", fmt.Sprint(s.rate), "-e", "signed", "-b", "16", "-c", "1", "-L", s.name,
			"-t", "raw", "-r", fmt.Sprint(s.outRate), "-e", "signed", "-b", "16", "-L", s.out, "rate", "-v")
		cmd.Dir = "testdata"
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%v: %w: %s", cmd.Args, err, out)
		}
	}
	return nil
}

func sweep(rate int, top float64) []byte {
	n := rate / 4
	b := make([]byte, 2*n)
	ph := 0.0
	for i := range n {
		t := float64(i) / float64(n)
		ph += 2 * math.Pi * 100 * math.Pow(top/100, t) / float64(rate)
		v := int16(math.Round(16384 * math.Sin(ph)))
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}
