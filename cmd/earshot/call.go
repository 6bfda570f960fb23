package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/resample"
	"github.com/earshot/earshot/media/wav"
)

func runCall(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("earshot call", flag.ContinueOnError)
	fs.SetOutput(stderr)
	audioPath := fs.String("audio", "", "WAV file to stream (PCM16 any rate, or G.711); empty: silence for --duration")
	duration := fs.Duration("duration", 5*time.Second, "call length when no --audio is given")
	tail := fs.Duration("tail", 1500*time.Millisecond, "silence sent after the audio before hanging up")
	from := fs.String("from", "earshot", "From user part")
	codec := fs.String("codec", "pcmu", "offered codec: pcmu or pcma")
	localIP := fs.String("local-ip", "127.0.0.1", "local IP for SIP and RTP")
	transport := fs.String("transport", "udp", "udp or tcp")
	var headers headerFlags
	fs.Var(&headers, "header", "extra INVITE header 'Name: value' (repeatable)")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: earshot call [flags] sip:USER@HOST:PORT\n\nPlaces a call, streams the audio as G.711 RTP in real time (20 ms packets), hangs up.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || !strings.HasPrefix(fs.Arg(0), "sip:") {
		return usageErr("call takes exactly one target sip:USER@HOST:PORT")
	}
	level, err := parseLevel(*logLevel)
	if err != nil {
		return usageErr("--log-level: %v", err)
	}
	var encode func(dst []byte, src []int16) int
	switch strings.ToLower(*codec) {
	case "pcmu":
		encode = g711.EncodeUlawTo
	case "pcma":
		encode = g711.EncodeAlawTo
	default:
		return usageErr("--codec: %q: want pcmu or pcma", *codec)
	}
	if *transport != "udp" && *transport != "tcp" {
		return usageErr("--transport: %q: want udp or tcp", *transport)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	samples, err := callAudio(*audioPath, *duration)
	if err != nil {
		return err
	}
	samples = append(samples, make([]int16, int(tail.Seconds()*8000))...)

	start := time.Now()
	c, err := sip.Dial(ctx, sip.ClientConfig{
		Target: fs.Arg(0), From: *from, LocalIP: *localIP, Codecs: []string{strings.ToUpper(*codec)},
		Headers: headers.m, Transport: *transport, Log: log,
	})
	if err != nil {
		var se *sip.StatusError
		if errors.As(err, &se) {
			fmt.Fprintf(stdout, "call rejected: %d %s\n", se.Code, se.Reason)
		}
		return err
	}
	defer c.Close()
	fmt.Fprintf(stdout, "call answered in %v: codec %s\n", time.Since(start).Round(time.Millisecond), c.Codec())

	sent, remoteBye, err := streamAudio(ctx, c, samples, encode)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sent %d RTP packets (%.1f s of audio)\n", sent, float64(sent)*0.02)
	if remoteBye {
		fmt.Fprintln(stdout, "remote hung up")
		return nil
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	code, err := c.Hangup(hctx)
	if err != nil {
		return fmt.Errorf("hangup: %w", err)
	}
	fmt.Fprintf(stdout, "hung up: BYE answered %d\n", code)
	if code >= 300 {
		return fmt.Errorf("BYE answered %d", code)
	}
	return nil
}

// callAudio returns 8 kHz samples to send.
func callAudio(path string, silence time.Duration) ([]int16, error) {
	if path == "" {
		return make([]int16, int(silence.Seconds()*8000)), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--audio: %w", err)
	}
	defer f.Close()
	a, err := wav.Read(f)
	if err != nil {
		return nil, fmt.Errorf("--audio %s: %w", path, err)
	}
	if a.Rate == 8000 {
		return a.Samples, nil
	}
	return resample.Convert(a.Samples, a.Rate, 8000)
}

// streamAudio sends 20 ms packets paced by a ticker, as a phone would.
func streamAudio(ctx context.Context, c *sip.ClientCall, samples []int16, encode func([]byte, []int16) int) (sent int, remoteBye bool, err error) {
	const frame = 160
	payload := make([]byte, frame)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for off := 0; off < len(samples); off += frame {
		chunk := samples[off:min(off+frame, len(samples))]
		n := encode(payload, chunk)
		if err := c.SendRTP(payload[:n], uint32(n), off == 0); err != nil {
			return sent, false, fmt.Errorf("send RTP: %w", err)
		}
		sent++
		select {
		case <-ctx.Done():
			return sent, false, ctx.Err()
		case <-c.Done():
			return sent, true, nil
		case <-tick.C:
		}
	}
	return sent, false, nil
}

type headerFlags struct{ m map[string]string }

func (h *headerFlags) String() string { return "" }

func (h *headerFlags) Set(v string) error {
	name, value, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("want 'Name: value', got %q", v)
	}
	if h.m == nil {
		h.m = map[string]string{}
	}
	h.m[strings.TrimSpace(name)] = strings.TrimSpace(value)
	return nil
}
