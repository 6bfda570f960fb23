package pocketsphinx

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/stt"
	"github.com/earshot/earshot/stt/wer"
)

const librivoxDir = "/usr/share/pocketsphinx/test/data/librivox"

// shared is the engine reused by the tests (a decoder costs 0.4 s and
// 90 MB, so the tests share one small pool). It is nil when the model is
// not installed; skipReason then says why.
var (
	shared     *Engine
	skipReason string
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if _, err := os.Stat(filepath.Join(DefaultModelDir, "en-us", "feat.params")); err != nil {
		skipReason = fmt.Sprintf("pocketsphinx en-us model not installed (Debian package pocketsphinx-en-us): %v", err)
	} else if _, err := os.Stat(filepath.Join(librivoxDir, "transcription")); err != nil {
		skipReason = fmt.Sprintf("test speech not installed (Debian package pocketsphinx-testdata): %v", err)
	} else {
		e, err := New(Options{PoolSize: 2})
		if err != nil {
			fmt.Fprintln(os.Stderr, "creating engine:", err)
			return 1
		}
		shared = e
	}
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "closing engine:", err)
			code = 1
		}
		// Close waits for everything it owns, so nothing of this package
		// may still run now.
		if leaks := ownGoroutines(); leaks != "" && code == 0 {
			fmt.Fprintln(os.Stderr, "goroutines left after Engine.Close:\n"+leaks)
			code = 1
		}
	}
	return code
}

// engine returns the shared engine, waiting for its pool.
func engine(t testing.TB) *Engine {
	t.Helper()
	if shared == nil {
		t.Skip(skipReason)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := shared.Ready(ctx); err != nil {
		t.Fatalf("engine not ready: %v", err)
	}
	return shared
}

// ownGoroutines lists goroutines running code of this package.
func ownGoroutines() string {
	var b strings.Builder
	if err := pprof.Lookup("goroutine").WriteTo(&b, 2); err != nil {
		return err.Error()
	}
	var leaks []string
	for _, g := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(g, "earshot/stt/pocketsphinx.") && !strings.Contains(g, "ownGoroutines") {
			leaks = append(leaks, g)
		}
	}
	return strings.Join(leaks, "\n\n")
}

// references reads the librivox transcription file ("text (fileid)").
func references(t testing.TB) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(librivoxDir, "transcription"))
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		i := strings.LastIndexByte(line, '(')
		if i < 0 {
			t.Fatalf("bad transcription line %q", line)
		}
		id := strings.TrimSuffix(strings.TrimSpace(line[i+1:]), ")")
		text := strings.NewReplacer("<s>", " ", "</s>", " ").Replace(line[:i])
		refs[id] = wer.Normalize(text)
	}
	return refs
}

// lowNoise returns n samples of quiet white noise (about -60 dBFS), a
// stand-in for the background of a real line between utterances.
func lowNoise(n int) []int16 {
	f := newBandFill(SampleRate, 0) // only its generator is used
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(f.next() * 64)
	}
	return out
}

// decoded is everything a stream produced.
type decoded struct {
	results []stt.Result
	finals  []stt.Result
}

func (d decoded) text() string {
	var words []string
	for _, r := range d.finals {
		for _, w := range r.Words {
			words = append(words, w.Text)
		}
	}
	return strings.Join(words, " ")
}

// decode feeds pcm to s in 20 ms chunks from one goroutine while another
// collects the results, then closes s. It reports failures with t.Error so
// it may run on goroutines other than the test's.
func decode(t testing.TB, s stt.Stream, pcm []int16) decoded {
	t.Helper()
	done := make(chan decoded)
	go func() {
		var d decoded
		for r := range s.Results() {
			d.results = append(d.results, r)
			if r.Final {
				d.finals = append(d.finals, r)
			}
		}
		done <- d
	}()
	const chunk = SampleRate / 50
	for i := 0; i < len(pcm); i += chunk {
		if err := s.Write(pcm[i:min(i+chunk, len(pcm))]); err != nil {
			t.Errorf("Write: %v", err)
			break
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case d := <-done:
		return d
	case <-time.After(30 * time.Second):
		t.Error("Results not closed after Close")
		return decoded{}
	}
}
