package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/earshot/earshot/loadtest"
	"github.com/earshot/earshot/media/impair"
)

func runLoadtest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("earshot loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg loadtest.Config
	fs.StringVar(&cfg.Target, "target", "", "sip:USER@HOST:PORT, or rtp:IP:MIN-MAX for bare RTP to a --sink (no signalling)")
	fs.IntVar(&cfg.Calls, "calls", 10, "calls to place in all")
	fs.Float64Var(&cfg.Rate, "rate", 5, "calls started per second (the ramp)")
	fs.DurationVar(&cfg.Hold, "hold", 0, "how long each call stays up, playing its file as often as fits (0: once, then --tail of silence)")
	fs.DurationVar(&cfg.Tail, "tail", 2*time.Second, "silence after the last play, for the last final transcript")
	audio := fs.String("audio", "", "speech WAV files, comma-separated, used in turn; FILE.txt beside FILE.wav is its reference text")
	fs.StringVar(&cfg.Codec, "codec", "pcmu", "pcmu, pcma, g722 or opus")
	fs.StringVar(&cfg.Events, "events", "", "the target console's event stream, ws://HOST:PORT/api/v1/events (transcript latency, WER, target packet counts)")
	fs.StringVar(&cfg.Token, "token", os.Getenv("EARSHOT_TOKEN"), "console token for --events (default $EARSHOT_TOKEN)")
	fs.StringVar(&cfg.Metrics, "metrics", "", "the target's /metrics URL (default: on the --events host)")
	fs.IntVar(&cfg.PID, "pid", 0, "the target's process ID for CPU and memory from /proc (default: the local process bound to the target's SIP port)")
	fs.StringVar(&cfg.LocalIP, "local-ip", "127.0.0.1", "local IP calls are placed from")
	fs.DurationVar(&cfg.SetupTimeout, "setup-timeout", 10*time.Second, "give up on an INVITE after this long")
	jsonOut := fs.String("json", "", "write the summary as JSON to this file")
	htmlOut := fs.String("html", "", "write the report with plots as HTML to this file")
	quiet := fs.Bool("quiet", false, "no progress line")
	sink := fs.String("sink", "", "instead of placing calls: run a bare UDP receive loop on IP:MIN-MAX until interrupted, for comparison")
	var imp impair.Config
	fs.Float64Var(&imp.LossPercent, "loss", 0, "impairment: random packet loss in percent")
	fs.DurationVar(&imp.Jitter, "jitter", 0, "impairment: standard deviation of the network delay")
	fs.Float64Var(&imp.ReorderPercent, "reorder", 0, "impairment: packets held back to arrive out of order, in percent")
	fs.Uint64Var(&imp.Seed, "impair-seed", 1, "impairment: random seed")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: earshot loadtest --target sip:USER@HOST:PORT --audio FILE.wav[,...] [flags]\n\n"+
			"Places --calls SIP calls at --rate per second, each streaming real speech in real\n"+
			"time, and measures call setup, frames lost or late, speech end -> final transcript\n"+
			"latency, WER, and the target's CPU and memory. Exits 1 if a verdict fails.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("loadtest takes flags only, not %q", fs.Arg(0))
	}
	if *sink != "" {
		return runSink(ctx, *sink, stdout)
	}
	if cfg.Target == "" {
		return usageErr("--target: required")
	}
	if *audio == "" {
		return usageErr("--audio: at least one WAV file")
	}
	for _, a := range strings.Split(*audio, ",") {
		if a = strings.TrimSpace(a); a != "" {
			cfg.Audio = append(cfg.Audio, a)
		}
	}
	if imp.LossPercent != 0 || imp.Jitter != 0 || imp.ReorderPercent != 0 {
		imp.MeanBurst = impair.DefaultMeanBurst
		cfg.Impair = &imp
	}
	if !*quiet {
		cfg.Progress = stderr
	}
	// The SIP library reports transport housekeeping of hundreds of
	// short-lived calls on the default logger; only errors matter here.
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	cfg.Command = "earshot loadtest " + strings.Join(redactToken(args), " ")
	rep, err := loadtest.Run(ctx, cfg)
	if rep == nil {
		if errors.Is(err, loadtest.ErrConfig) {
			return usageErr("%v", err)
		}
		return err
	}
	if *jsonOut != "" {
		b, jerr := json.MarshalIndent(rep, "", "  ")
		if jerr == nil {
			jerr = os.WriteFile(*jsonOut, append(b, '\n'), 0o644)
		}
		if jerr != nil {
			return errors.Join(err, fmt.Errorf("--json: %w", jerr))
		}
	}
	if *htmlOut != "" {
		f, herr := os.Create(*htmlOut)
		if herr == nil {
			herr = errors.Join(loadtest.WriteHTML(f, rep), f.Close())
		}
		if herr != nil {
			return errors.Join(err, fmt.Errorf("--html: %w", herr))
		}
	}
	printSummary(stdout, rep)
	if err != nil {
		return err
	}
	failed := 0
	for _, v := range rep.Verdicts {
		if !v.Pass {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d verdicts failed", failed, len(rep.Verdicts))
	}
	return nil
}

// redactToken keeps the console token out of the report's command line.
func redactToken(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		switch {
		case strings.HasPrefix(a, "--token=") || strings.HasPrefix(a, "-token="):
			out[i] = a[:strings.IndexByte(a, '=')+1] + "…"
		case i > 0 && (args[i-1] == "--token" || args[i-1] == "-token"):
			out[i] = "…"
		}
	}
	return out
}

func printSummary(w io.Writer, r *loadtest.Report) {
	fmt.Fprintf(w, "calls: %d attempted, %d answered, %d failed, at most %d up at once\n",
		r.Calls.Attempted, r.Calls.Answered, r.Calls.Failed, r.Calls.MaxActive)
	for k, n := range r.Calls.Failures {
		fmt.Fprintf(w, "  %d x %s\n", n, k)
	}
	fmt.Fprintf(w, "setup INVITE -> 200 OK: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", r.Setup.P50, r.Setup.P99, r.Setup.Max)
	if r.FinalLatency.N > 0 {
		fmt.Fprintf(w, "speech end -> final transcript: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (%d finals); partials every %.0f ms (p50)\n",
			r.FinalLatency.P50, r.FinalLatency.P95, r.FinalLatency.P99, r.FinalLatency.N, r.PartialInterval.P50)
	}
	if r.WER != nil {
		fmt.Fprintf(w, "WER: %.3f (%d errors in %d reference words, %d calls)\n", r.WER.Rate, r.WER.Errors, r.WER.RefWords, r.WER.Calls)
	}
	if r.Packets.LostOrLate >= 0 {
		fmt.Fprintf(w, "frames: sent %d, target received %d, lost %d, late %d: %.4f%% lost or late\n",
			r.Packets.SentReported, r.Packets.Received, r.Packets.Lost, r.Packets.Late, 100*r.Packets.LostOrLate)
	} else {
		fmt.Fprintf(w, "frames: sent %d (no target reports: pass --events)\n", r.Packets.Sent)
	}
	fmt.Fprintf(w, "target CPU: %.1f s, %.3f cores on the plateau, %.4f cores per call; peak RSS %.0f MB (%s)\n",
		r.Target.CPUSeconds, r.Target.CPUSteady, r.Target.PerCall, r.Target.PeakRSS, orUnknown(r.Target.Source))
	fmt.Fprintf(w, "tester CPU: %.1f s, %.3f cores on the plateau, %.4f cores per call; %d packets sent late\n",
		r.Tester.CPUSeconds, r.Tester.CPUSteady, r.Tester.PerCall, r.Packets.TesterLate)
	if r.STT.Known {
		fmt.Fprintf(w, "recognisers: backlog max %.1f s, audio dropped %.1f s\n", r.STT.MaxBacklog, r.STT.DroppedSeconds)
	}
	for _, v := range r.Verdicts {
		mark := "PASS"
		if !v.Pass {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "%s %s: %s\n", mark, v.Name, v.Detail)
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown: pass --pid or --metrics"
	}
	return s
}

// runSink runs the bare UDP receive loop on IP:MIN-MAX until ctx ends.
func runSink(ctx context.Context, spec string, stdout io.Writer) error {
	ip, min, max, err := loadtest.ParsePortRange(spec)
	if err != nil {
		return usageErr("--sink: %v", err)
	}
	sink, err := loadtest.NewSink(ip, min, max)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "bare UDP receive loop on %s ports %d-%d (pid %d); interrupt to stop\n", ip, min, max, os.Getpid())
	fmt.Fprintf(stdout, "received %d datagrams\n", sink.Run(ctx))
	return nil
}
