package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earshot/earshot/loadtest"
)

// loadServer runs `earshot serve` in-process with the given speech engine
// and returns its SIP and HTTP ports and console token.
func loadServer(t *testing.T, engine string) (sipPort, httpPort int, token string) {
	t.Helper()
	dir := t.TempDir()
	token = "loadtest-e2e-token-0123456789"
	sipPort, httpPort = freeUDPTCPPort(t), freeTCPPort(t)
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	served := make(chan struct{})
	var log syncBuffer
	var serveErr error
	go func() {
		defer close(served)
		serveErr = run(ctx, []string{"serve",
			"--data-dir", filepath.Join(dir, "data"), "--key-dir", filepath.Join(dir, "keys"),
			"--sip-addr", fmt.Sprintf("127.0.0.1:%d", sipPort), "--http-addr", fmt.Sprintf("127.0.0.1:%d", httpPort),
			"--admin-token", token, "--rtp-ports", "47000-47999", "--stt", engine, "--stt-streams", "2",
			"--log-level", "warn",
		}, nil, &syncBuffer{}, &log)
	}()
	t.Cleanup(func() {
		cancel()
		<-served
		if serveErr != nil {
			t.Errorf("serve: %v\n%s", serveErr, log.String())
		}
	})
	waitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/healthz", httpPort), served)
	return sipPort, httpPort, token
}

// speechClips copies LibriVox utterances with their reference texts into
// dir, as the load tester wants them (FILE.wav beside FILE.txt).
func speechClips(t *testing.T, dir string, ids ...string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(librivoxDir, "transcription"))
	if err != nil {
		t.Fatalf("%v (install pocketsphinx-testdata)", err)
	}
	var paths []string
	for _, id := range ids {
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasSuffix(line, "("+id+")") {
				continue
			}
			text := strings.TrimSpace(strings.NewReplacer("<s>", "", "</s>", "").Replace(line[:strings.LastIndex(line, "(")]))
			b, err := os.ReadFile(filepath.Join(librivoxDir, id+".wav"))
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, id+".wav")
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, id+".txt"), []byte(text+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
	}
	if len(paths) != len(ids) {
		t.Fatalf("found %d of the clips %v", len(paths), ids)
	}
	return strings.Join(paths, ",")
}

// loadtestRun runs `earshot loadtest` and reads its JSON report.
func loadtestRun(t *testing.T, args ...string) (*loadtest.Report, string, error) {
	t.Helper()
	dir := t.TempDir()
	jsonPath, htmlPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.html")
	var out, errOut syncBuffer
	err := run(t.Context(), append([]string{"loadtest", "--quiet", "--json", jsonPath, "--html", htmlPath}, args...), nil, &out, &errOut)
	b, rerr := os.ReadFile(jsonPath)
	if rerr != nil {
		t.Fatalf("no JSON report (%v): loadtest: %v\n%s%s", rerr, err, out.String(), errOut.String())
	}
	var rep loadtest.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	page, rerr := os.ReadFile(htmlPath)
	if rerr != nil || !bytes.Contains(page, []byte("<svg")) {
		t.Fatalf("HTML report without plots (%v)", rerr)
	}
	return &rep, out.String(), err
}

func verdict(rep *loadtest.Report, name string) (loadtest.Verdict, bool) {
	for _, v := range rep.Verdicts {
		if v.Name == name {
			return v, true
		}
	}
	return loadtest.Verdict{}, false
}

// Media only: a dozen G.711 calls against --stt none; every frame sent
// is accounted for by the target's own quality reports, and an impaired
// path's loss shows up in the same figures.
func TestLoadtestMediaOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("places real-time calls for about 10 s; runs in the real-time pass of make test")
	}
	sipPort, httpPort, token := loadServer(t, "none")
	audio := speechClips(t, t.TempDir(), "sense_and_sensibility_01_austen_64kb-0880", "sense_and_sensibility_01_austen_64kb-0930")
	target := fmt.Sprintf("sip:bot@127.0.0.1:%d", sipPort)
	events := fmt.Sprintf("ws://127.0.0.1:%d/api/v1/events", httpPort)

	rep, out, err := loadtestRun(t, "--target", target, "--calls", "12", "--rate", "12", "--hold", "3s",
		"--audio", audio, "--events", events, "--token", token)
	if err != nil {
		t.Fatalf("loadtest: %v\n%s", err, out)
	}
	if rep.Calls.Answered != 12 || rep.Calls.Failed != 0 || rep.Calls.ServerIDs != 12 || rep.Calls.WithReports != 12 {
		t.Fatalf("calls %+v", rep.Calls)
	}
	// 3 s of 20 ms packets per call.
	if rep.Packets.Sent != 12*150 || rep.Packets.SentReported != rep.Packets.Sent || rep.Packets.Received != rep.Packets.Sent || rep.Packets.LostOrLate != 0 {
		t.Fatalf("packets %+v", rep.Packets)
	}
	if rep.Setup.N != 12 || rep.Setup.P50 <= 0 || rep.Setup.P99 < rep.Setup.P50 || len(rep.SetupSamples) != 12 {
		t.Fatalf("setup %+v", rep.Setup)
	}
	if rep.WER != nil || rep.FinalLatency.N != 0 {
		t.Fatalf("transcript figures without a recogniser: WER %+v, finals %+v", rep.WER, rep.FinalLatency)
	}
	// serve runs in this process, so the tester reads the target's CPU
	// from its /metrics (a process does not measure itself from /proc).
	if rep.Target.Source != "metrics" || rep.Target.CPUSeconds <= 0 || rep.Target.PeakRSS <= 0 || len(rep.Timeline) < 3 || rep.Calls.MaxActive != 12 {
		t.Fatalf("target %+v, %d timeline samples, max active %d", rep.Target, len(rep.Timeline), rep.Calls.MaxActive)
	}
	if !rep.STT.Known || rep.STT.DroppedSeconds != 0 {
		t.Fatalf("stt health %+v", rep.STT)
	}
	if !strings.Contains(out, "0.0000% lost or late") || strings.Contains(out, token) || strings.Contains(rep.Config.Command, token) {
		t.Fatalf("summary or command line wrong (or shows the token):\n%s\n%s", out, rep.Config.Command)
	}

	// 5% random loss on the way: the target's reports must show it, and
	// the media verdict must fail.
	rep, out, err = loadtestRun(t, "--target", target, "--calls", "4", "--rate", "4", "--hold", "3s",
		"--audio", audio, "--events", events, "--token", token, "--loss", "5", "--impair-seed", "3")
	if err == nil || !strings.Contains(err.Error(), "verdicts failed") {
		t.Fatalf("a lossy run passed: %v\n%s", err, out)
	}
	if rep.Packets.LostOrLate < 0.02 || rep.Packets.LostOrLate > 0.10 || rep.Packets.Lost <= 0 {
		t.Fatalf("5%% loss measured as %+v", rep.Packets)
	}
	if v, ok := verdict(rep, "media path"); !ok || v.Pass {
		t.Fatalf("media verdict %+v", v)
	}
}

// Transcribed: two calls with pocketsphinx; every final transcript is
// timed from the end of its speech and scored against the reference.
func TestLoadtestTranscribed(t *testing.T) {
	if testing.Short() {
		t.Skip("places real-time calls with speech recognition for about 12 s; runs in the real-time pass of make test")
	}
	sipPort, httpPort, token := loadServer(t, "pocketsphinx")
	audio := speechClips(t, t.TempDir(), "sense_and_sensibility_01_austen_64kb-0870", "sense_and_sensibility_01_austen_64kb-0920")
	rep, out, err := loadtestRun(t, "--target", fmt.Sprintf("sip:bot@127.0.0.1:%d", sipPort), "--calls", "2", "--rate", "2",
		"--audio", audio, "--events", fmt.Sprintf("ws://127.0.0.1:%d/api/v1/events", httpPort), "--token", token)
	if rep.Calls.Answered != 2 || rep.Calls.WithReports != 2 {
		t.Fatalf("calls %+v (%v)\n%s", rep.Calls, err, out)
	}
	if rep.FinalLatency.N < 2 || rep.FinalLatency.P50 <= 0 || rep.FinalLatency.Max > 10000 || len(rep.FinalLatencySamples) != rep.FinalLatency.N {
		t.Fatalf("final latency %+v\n%s", rep.FinalLatency, out)
	}
	if rep.PartialInterval.N == 0 || rep.PartialInterval.P50 <= 0 {
		t.Fatalf("partial cadence %+v", rep.PartialInterval)
	}
	// Two clean G.711 calls of these two files: pocketsphinx gets about a
	// third of the words wrong; more than 0.6 means the audio or the
	// scoring broke.
	if rep.WER == nil || rep.WER.Calls != 2 || rep.WER.RefWords != 41 || rep.WER.Rate > 0.6 {
		t.Fatalf("WER %+v\n%s", rep.WER, out)
	}
	if _, ok := verdict(rep, "real time"); !ok {
		t.Fatalf("no real-time verdict: %+v", rep.Verdicts)
	}
}
