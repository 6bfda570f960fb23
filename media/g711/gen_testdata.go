//go:build ignore

// gen_testdata regenerates the SoX golden files in testdata/. Run it with
// `go generate ./media/g711/` (needs /usr/bin/sox, Debian package sox).
//
// It writes testdata/sweep.s16, a deterministic speech-like test signal
// (a 100 Hz - 3.8 kHz log sweep under a syllable-rate envelope spanning
// -60..0 dBFS, with a clipped burst at the end), and testdata/codes.ul /
// codes.al holding the 256 code values 0..255. Then it runs, exactly:
//
//	sox -D -t raw -r 8000 -e signed -b 16 -c 1 -L sweep.s16 -t raw -e mu-law -b 8 sweep.ul
//	sox -D -t raw -r 8000 -e signed -b 16 -c 1 -L sweep.s16 -t raw -e a-law -b 8 sweep.al
//	sox -t raw -r 8000 -e mu-law -b 8 -c 1 sweep.ul -t raw -e signed -b 16 -L sweep.ul.s16
//	sox -t raw -r 8000 -e a-law -b 8 -c 1 sweep.al -t raw -e signed -b 16 -L sweep.al.s16
//	sox -t raw -r 8000 -e mu-law -b 8 -c 1 codes.ul -t raw -e signed -b 16 -L codes.ul.s16
//	sox -t raw -r 8000 -e a-law -b 8 -c 1 codes.al -t raw -e signed -b 16 -L codes.al.s16
//	sox -D -t raw -r 8000 -e signed -b 16 -c 1 -L ramp.s16 -t raw -e mu-law -b 8 - | gzip -9n > ramp.ul.gz
//	sox -D -t raw -r 8000 -e signed -b 16 -c 1 -L ramp.s16 -t raw -e a-law -b 8 - | gzip -9n > ramp.al.gz
//
// where ramp.s16 (not kept) holds every int16 value from -32768 to 32767 in
// order. -D turns off SoX's automatic TPDF dither, which it would otherwise
// add because mu-law/A-law have fewer bits than the 16-bit input.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
)

const dir = "testdata"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen_testdata:", err)
		os.Exit(1)
	}
}

func run() error {
	if err := os.WriteFile(filepath.Join(dir, "sweep.s16"), le16(sweep()), 0o644); err != nil {
		return err
	}
	codes := make([]byte, 256)
	for i := range codes {
		codes[i] = byte(i)
	}
	for _, name := range []string{"codes.ul", "codes.al"} {
		if err := os.WriteFile(filepath.Join(dir, name), codes, 0o644); err != nil {
			return err
		}
	}
	enc := func(in, law, out string) error {
		return sox("-D", "-t", "raw", "-r", "8000", "-e", "signed", "-b", "16", "-c", "1", "-L", in,
			"-t", "raw", "-e", law, "-b", "8", out)
	}
	dec := func(in, law, out string) error {
		return sox("-t", "raw", "-r", "8000", "-e", law, "-b", "8", "-c", "1", in,
			"-t", "raw", "-e", "signed", "-b", "16", "-L", out)
	}
	steps := []error{
		enc("sweep.s16", "mu-law", "sweep.ul"),
		enc("sweep.s16", "a-law", "sweep.al"),
		dec("sweep.ul", "mu-law", "sweep.ul.s16"),
		dec("sweep.al", "a-law", "sweep.al.s16"),
		dec("codes.ul", "mu-law", "codes.ul.s16"),
		dec("codes.al", "a-law", "codes.al.s16"),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}

	ramp := make([]int16, 0, 1<<16)
	for v := math.MinInt16; v <= math.MaxInt16; v++ {
		ramp = append(ramp, int16(v))
	}
	tmp := filepath.Join(dir, "ramp.s16")
	if err := os.WriteFile(tmp, le16(ramp), 0o644); err != nil {
		return err
	}
	defer os.Remove(tmp)
	for _, law := range []struct{ enc, ext string }{{"mu-law", "ul"}, {"a-law", "al"}} {
		raw := filepath.Join(dir, "ramp."+law.ext)
		if err := enc("ramp.s16", law.enc, "ramp."+law.ext); err != nil {
			return err
		}
		b, err := os.ReadFile(raw)
		if err != nil {
			return err
		}
		os.Remove(raw)
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return err
		}
		if _, err := zw.Write(b); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if err := os.WriteFile(raw+".gz", buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sox(args ...string) error {
	cmd := exec.Command("sox", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("sox %v: %w: %s", args, err, out)
	}
	return nil
}

// sweep returns 0.25 s at 8 kHz of a speech-like signal: a log sweep whose
// level moves through syllable-like bursts from -60 dBFS to full scale, then
// a 2x overdriven burst that exercises clipping.
func sweep() []int16 {
	const n = 2000
	out := make([]int16, n)
	phase := 0.0
	for i := range out {
		t := float64(i) / n
		f := 100 * math.Pow(3800.0/100, t)
		phase += 2 * math.Pi * f / 8000
		levelDB := -60 + 60*t
		env := 0.55 + 0.45*math.Sin(2*math.Pi*5*t*4) // ~5 bursts per 0.25 s
		a := math.Pow(10, levelDB/20) * env
		if i >= n-200 {
			a = 2
		}
		v := 32767 * a * (math.Sin(phase) + 0.3*math.Sin(2.7*phase))
		out[i] = int16(max(-32768, min(32767, math.Round(v))))
	}
	return out
}

func le16(s []int16) []byte {
	b := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}
