package pocketsphinx

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/earshot/earshot/stt/wer"
)

// The measurements below decode every librivox test file under several
// conditions and print the word error rates. They take minutes, so they
// only run with EARSHOT_MEASURE=1:
//
//	EARSHOT_MEASURE=1 go test ./stt/pocketsphinx -run 'TestMeasure' -v -timeout 30m

func measuring(t *testing.T) {
	t.Helper()
	if os.Getenv("EARSHOT_MEASURE") != "1" {
		t.Skip("measurement: set EARSHOT_MEASURE=1 to run (takes minutes)")
	}
	if _, err := exec.LookPath("sox"); err != nil {
		t.Skip("measurement needs sox to make G.711 audio: " + err.Error())
	}
}

// g711 converts a 16 kHz WAV to 8 kHz µ-law and back to 16 kHz 16-bit
// with sox, as a telephone leg followed by the media resampler would.
func g711(t testing.TB, in, dir string) string {
	t.Helper()
	base := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	ul := filepath.Join(dir, base+".ul.wav")
	out := filepath.Join(dir, base+".g711.wav")
	for _, args := range [][]string{
		{in, "-r", "8000", "-e", "mu-law", ul},
		{ul, "-r", "16000", "-e", "signed", "-b", "16", out},
	} {
		if b, err := exec.Command("sox", args...).CombinedOutput(); err != nil {
			t.Fatalf("sox %v: %v\n%s", args, err, b)
		}
	}
	return out
}

// rawToWAV wraps a headerless 16 kHz 16-bit file into a WAV with sox.
func rawToWAV(t *testing.T, in, dir string) string {
	t.Helper()
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(in), ".raw")+".wav")
	if b, err := exec.Command("sox", "-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1", in, out).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v\n%s", err, b)
	}
	return out
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type condition struct {
	name  string
	audio string // "wideband" or "g711"
	set   settings
	eng   *Engine // nil for the shared engine
}

type measured struct {
	per      map[string]wer.Result
	total    wer.Result
	cpu      time.Duration
	audioSec float64
}

// run decodes each file as its own stream, as many at a time as the pool
// has decoders.
func (c condition) run(t *testing.T, files map[string]string) measured {
	e := c.eng
	if e == nil {
		e = engine(t)
	}
	refs := references(t)
	m := measured{per: map[string]wer.Result{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := cpuTime()
	for id, path := range files {
		pcm, _, err := readWAV(path)
		if err != nil {
			t.Fatal(err)
		}
		m.audioSec += float64(len(pcm)) / SampleRate
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := e.newStream(context.Background(), SampleRate, c.set)
			if err != nil {
				t.Error(err)
				return
			}
			got := decode(t, s, pcm)
			r := wer.Compute(refs[id], got.text())
			mu.Lock()
			m.per[id] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	m.cpu = cpuTime() - start
	for _, r := range m.per {
		m.total = m.total.Add(r)
	}
	return m
}

// modelCopy makes a model folder that links every file of the installed
// model except en-us/feat.params, which gets the given option values.
func modelCopy(t *testing.T, opts map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	hmm := filepath.Join(dir, "en-us")
	if err := os.Mkdir(hmm, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"en-us.lm.bin", "cmudict-en-us.dict"} {
		if err := os.Symlink(filepath.Join(DefaultModelDir, f), filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join(DefaultModelDir, "en-us")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, ent := range ents {
		if ent.Name() != "feat.params" {
			if err := os.Symlink(filepath.Join(src, ent.Name()), filepath.Join(hmm, ent.Name())); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, ent.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		for i, l := range lines {
			if k, _, ok := strings.Cut(l, " "); ok && opts[k] != "" {
				lines[i] = k + " " + opts[k]
			}
		}
		if err := os.WriteFile(filepath.Join(hmm, ent.Name()), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestMeasureWER prints WER per librivox file and in total for wideband
// audio and for the same audio through G.711 with each narrowband
// compensation.
func TestMeasureWER(t *testing.T) {
	measuring(t)
	engine(t) // skips without the model
	tmp := t.TempDir()
	wide := map[string]string{}
	tel := map[string]string{}
	for id := range references(t) {
		wide[id] = filepath.Join(librivoxDir, id+".wav")
		tel[id] = g711(t, wide[id], tmp)
	}
	nb := settings{name: "narrowband", cmnInit: narrowbandCMNInit[:]}
	conds := []condition{
		{name: "wideband", audio: "wideband", set: settings{name: "wideband"}},
		{name: "G.711 µ-law", audio: "g711", set: settings{name: "wideband"}},
		{name: "G.711 + noise floor -60 dBFS", audio: "g711", set: settings{noiseFloorDBFS: -60}},
		{name: "G.711 + noise floor -50 dBFS", audio: "g711", set: settings{noiseFloorDBFS: -50}},
		{name: "G.711 + narrowband cmninit (Narrowband)", audio: "g711", set: nb},
		{name: "G.711 + both (-60 dBFS)", audio: "g711", set: settings{cmnInit: nb.cmnInit, noiseFloorDBFS: -60}},
		{name: "wideband audio, Narrowband profile", audio: "wideband", set: nb},
	}
	fast, err := New(Options{Profile: Narrowband, FastFinals: true, PoolSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	conds = append(conds, condition{name: "G.711, Narrowband, FastFinals", audio: "g711", set: nb, eng: fast})
	if os.Getenv("EARSHOT_MEASURE_UPPERF") == "1" {
		for _, upperf := range []string{"4000", "3500"} {
			ue, err := New(Options{ModelDir: modelCopy(t, map[string]string{"-upperf": upperf}), PoolSize: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer ue.Close()
			conds = append(conds, condition{name: "G.711, model copy -upperf " + upperf, audio: "g711", eng: ue})
		}
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range wide {
			if !yield(id) {
				return
			}
		}
	})
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-42s", "condition")
	for _, id := range ids {
		fmt.Fprintf(&b, " %6s", id[len(id)-4:])
	}
	fmt.Fprintf(&b, " %6s %8s\n", "total", "cpu/s")
	for _, c := range conds {
		files := wide
		if c.audio == "g711" {
			files = tel
		}
		m := c.run(t, files)
		fmt.Fprintf(&b, "%-42s", c.name)
		for _, id := range ids {
			fmt.Fprintf(&b, " %6.3f", m.per[id].WER)
		}
		fmt.Fprintf(&b, " %6.3f %8.2f\n", m.total.WER, m.cpu.Seconds()/m.audioSec)
	}
	t.Log(b.String())
}

// TestMeasureCMN estimates the narrowband CMN start vector: the mean
// cepstrum of the speech frames of held-out recordings (every real
// recording in pocketsphinx-testdata except the librivox files used for
// WER) after G.711, computed by a front end configured like the decoder's.
// The librivox files are printed too, as an in-sample reference only.
func TestMeasureCMN(t *testing.T) {
	measuring(t)
	e := engine(t)
	const data = "/usr/share/pocketsphinx/test/data"
	tmp := t.TempDir()
	var held []string
	for _, raw := range []string{"goforward.raw", "numbers.raw", "something.raw"} {
		held = append(held, rawToWAV(t, filepath.Join(data, raw), tmp))
	}
	cards, err := filepath.Glob(filepath.Join(data, "cards", "*.wav"))
	if err != nil || len(cards) == 0 {
		t.Fatalf("no cards recordings: %v", err)
	}
	held = append(held, cards...)
	var librivox []string
	for id := range references(t) {
		librivox = append(librivox, filepath.Join(librivoxDir, id+".wav"))
	}
	slices.Sort(librivox)

	d, err := e.pool.get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer e.pool.put(d, true)
	for _, set := range []struct {
		name  string
		files []string
	}{{"held-out", held}, {"librivox (in-sample)", librivox}} {
		for _, tel := range []bool{false, true} {
			var pcm []int16
			for _, f := range set.files {
				if tel {
					f = g711(t, f, tmp)
				}
				p, _, err := readWAV(f)
				if err != nil {
					t.Fatal(err)
				}
				pcm = append(pcm, p...)
			}
			mean, frames, err := d.meanCepstrum(pcm)
			if err != nil {
				t.Fatal(err)
			}
			var v []string
			for _, x := range mean {
				v = append(v, fmt.Sprintf("%.2f", x))
			}
			audio := "wideband"
			if tel {
				audio = "G.711"
			}
			t.Logf("%s %s (%.1f s, %d speech frames): mean cepstrum %s",
				set.name, audio, float64(len(pcm))/SampleRate, frames, strings.Join(v, ", "))
		}
	}
}
