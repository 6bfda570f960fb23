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

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway"
	"github.com/earshot/earshot/gateway/pipeline"
	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/resample"
	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/stt/pocketsphinx"
)

// segmentJSON is one line of `earshot transcribe` output.
type segmentJSON struct {
	Text     string          `json:"text"`
	StartMS  int64           `json:"start_ms"`
	EndMS    int64           `json:"end_ms"`
	Entities []redact.Entity `json:"entities"`
}

func runTranscribe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("earshot transcribe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	band := fs.String("band", "auto", "auto (narrowband for G.711 or <= 8 kHz files), narrow or wide")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: earshot transcribe [flags] FILE.wav\n\nPrints one JSON object per final, redacted segment.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("transcribe takes exactly one FILE.wav")
	}
	if *band != "auto" && *band != "narrow" && *band != "wide" {
		return usageErr("--band: %q: want auto, narrow or wide", *band)
	}
	level, err := parseLevel(*logLevel)
	if err != nil {
		return usageErr("--log-level: %v", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	audio, err := wav.Read(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}

	narrow := false
	switch *band {
	case "auto":
		narrow = audio.Format == "PCMU" || audio.Format == "PCMA" || audio.Rate <= 8000
	case "narrow":
		narrow = true
	}
	profile := pocketsphinx.Wideband
	if narrow {
		profile = pocketsphinx.Narrowband
	}
	engine, err := pocketsphinx.New(pocketsphinx.Options{Profile: profile, PoolSize: 1, Logger: log})
	if err != nil {
		return err
	}
	defer closeLogged(log, "stt", engine.Close)

	enc := json.NewEncoder(stdout)
	var writeErr error
	p, err := pipeline.Start(ctx, pipeline.Config{
		CallID: "file", Channel: "file", Engine: engine, Log: log,
		Publish: func(ev events.Event) {
			if ev.Type != events.TranscriptFinal || writeErr != nil {
				return
			}
			writeErr = enc.Encode(segmentJSON{Text: ev.Text, StartMS: ev.StartMS, EndMS: ev.EndMS, Entities: ev.Entities})
		},
	})
	if err != nil {
		return err
	}
	feedErr := feedFile(ctx, audio, narrow, p)
	closeErr := p.Close("end-of-file")
	return errors.Join(feedErr, closeErr, writeErr)
}

// feedFile pushes the file through the same stages a call uses: narrowband
// audio goes through the telephone chain (8 kHz -> 16 kHz, narrowband profile),
// wideband audio is resampled to 16 kHz.
func feedFile(ctx context.Context, audio *wav.Audio, narrow bool, p *pipeline.Pipeline) error {
	var (
		sink  media.PCMWriter
		rate  int
		flush func() error
	)
	if narrow {
		chain, err := gateway.NewNarrowbandPCM(p)
		if err != nil {
			return err
		}
		sink, rate, flush = chain, 8000, chain.Flush
	} else {
		sink, rate, flush = p, pipeline.SampleRate, func() error { return nil }
	}
	samples := audio.Samples
	if audio.Rate != rate {
		var err error
		if samples, err = resample.Convert(samples, audio.Rate, rate); err != nil {
			return err
		}
	}
	frame := rate / 50 // 20 ms, as audio arrives from a call
	for off := 0; off < len(samples); off += frame {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(off+frame, len(samples))
		if err := sink.WritePCM(samples[off:end]); err != nil {
			return err
		}
	}
	return flush()
}
