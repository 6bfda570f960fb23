package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media/dtmf"
	"github.com/earshot/earshot/media/impair"
	"github.com/earshot/earshot/media/packetize"
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
	codec := fs.String("codec", "pcmu", "offered codec: pcmu, pcma, g722, opus or l16 (16 kHz)")
	ptime := fs.Duration("ptime", 20*time.Millisecond, "packet duration we ask for, 10ms-60ms (we send what the answer asks for)")
	useSRTP := fs.Bool("srtp", false, "offer SRTP (RTP/SAVP with an SDES key) instead of RTP")
	dtmfKeys := fs.String("dtmf", "", "keys to send as RFC 4733 telephone events after the audio")
	toneKeys := fs.String("tones", "", "keys to send as in-band DTMF tones after the audio")
	localIP := fs.String("local-ip", "127.0.0.1", "local IP for SIP and RTP")
	transport := fs.String("transport", "udp", "udp or tcp")
	var imp impair.Config
	fs.Float64Var(&imp.LossPercent, "loss", 0, "impairment: random packet loss in percent")
	fs.Float64Var(&imp.BurstLossPercent, "burst-loss", 0, "impairment: share of packets lost in bursts, in percent")
	fs.Float64Var(&imp.MeanBurst, "burst-len", impair.DefaultMeanBurst, "impairment: mean burst length in packets")
	fs.DurationVar(&imp.Jitter, "jitter", 0, "impairment: standard deviation of the network delay")
	fs.Float64Var(&imp.ReorderPercent, "reorder", 0, "impairment: packets held back to arrive out of order, in percent")
	fs.Float64Var(&imp.DuplicatePercent, "duplicate", 0, "impairment: packets delivered twice, in percent")
	fs.Uint64Var(&imp.Seed, "impair-seed", 1, "impairment: random seed (same seed, same fates)")
	var headers headerFlags
	fs.Var(&headers, "header", "extra INVITE header 'Name: value' (repeatable)")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: earshot call [flags] sip:USER@HOST:PORT\n\n"+
			"Places a call, streams the audio in real time in the chosen codec, optionally\n"+
			"through an impaired network path, then hangs up.")
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
	offer, ok := codecNames[strings.ToLower(*codec)]
	if !ok {
		return usageErr("--codec: %q: want pcmu, pcma, g722, opus or l16", *codec)
	}
	if *transport != "udp" && *transport != "tcp" {
		return usageErr("--transport: %q: want udp or tcp", *transport)
	}
	if *ptime < 10*time.Millisecond || *ptime > 60*time.Millisecond || *ptime%(10*time.Millisecond) != 0 {
		return usageErr("--ptime: %v: want 10ms to 60ms in steps of 10ms", *ptime)
	}
	for _, keys := range []string{*dtmfKeys, *toneKeys} {
		for i := range len(keys) {
			if _, ok := dtmf.DigitEvent(keys[i]); !ok {
				return usageErr("--dtmf/--tones: %q is not a DTMF key", keys[i])
			}
		}
	}
	impaired := imp != (impair.Config{MeanBurst: imp.MeanBurst, Seed: imp.Seed})
	if impaired {
		if err := imp.Validate(); err != nil {
			return usageErr("impairment: %v", err)
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	cfg := sip.ClientConfig{
		Target: fs.Arg(0), From: *from, LocalIP: *localIP, Codecs: []string{offer},
		Headers: headers.m, Transport: *transport, PTime: *ptime, SRTP: *useSRTP, Log: log,
	}
	var fates fateLog
	if impaired {
		cfg.Impair = &imp
		cfg.ImpairObserve = fates.add
	}
	start := time.Now()
	c, err := sip.Dial(ctx, cfg)
	if err != nil {
		var se *sip.StatusError
		if errors.As(err, &se) {
			fmt.Fprintf(stdout, "call rejected: %d %s\n", se.Code, se.Reason)
		}
		return err
	}
	defer c.Close()
	srtpNote := ""
	if c.SRTP() {
		srtpNote = ", SRTP"
	}
	fmt.Fprintf(stdout, "call answered in %v: codec %s, ptime %v%s\n", time.Since(start).Round(time.Millisecond), c.Codec(), c.PTime(), srtpNote)

	enc, err := packetize.NewEncoder(c.Codec(), c.ClockRate(), c.PTime())
	if err != nil {
		return err
	}
	defer enc.Close()
	samples, err := callAudio(*audioPath, *duration, enc.Rate)
	if err != nil {
		return err
	}
	if *toneKeys != "" {
		tones, err := dtmf.Tones(enc.Rate, *toneKeys, 100*time.Millisecond, 100*time.Millisecond, -10)
		if err != nil {
			return err
		}
		samples = append(samples, tones...)
	}
	tailSamples := make([]int16, int(tail.Seconds()*float64(enc.Rate)))

	pace := newPacer(c.PTime())
	sent, remoteBye, err := streamAudio(ctx, c, samples, enc, pace)
	if err == nil && !remoteBye && *dtmfKeys != "" {
		for i := range len(*dtmfKeys) {
			if err = c.SendDTMF(rune((*dtmfKeys)[i]), 100*time.Millisecond); err != nil {
				break
			}
		}
	}
	if err == nil && !remoteBye {
		var n int
		pace = newPacer(c.PTime()) // RFC 4733 events took their own time
		n, remoteBye, err = streamAudio(ctx, c, tailSamples, enc, pace)
		sent += n
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sent %d RTP packets (%.1f s of audio)\n", sent, float64(sent)*c.PTime().Seconds())
	if impaired && !remoteBye {
		// Let the packets still in flight on the impaired path arrive
		// before the BYE ends the call.
		wait := 3*imp.Jitter + imp.Delay + impair.DefaultReorderDelay + 50*time.Millisecond
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if rep, ok := c.ImpairReport(); ok {
		fmt.Fprintf(stdout, "impairment %s: sent %d, dropped %d (random %d, burst %d), reordered %d, duplicated %d, out of order %d\n",
			imp.String(), rep.Sent, rep.Dropped, rep.DroppedRandom, rep.DroppedBurst, rep.Reordered, rep.Duplicated, rep.OutOfOrder)
		fmt.Fprintf(stdout, "expected jitter (RFC 3550 over the path's arrival times): %.2f ms\n",
			fates.jitter(uint32(enc.Ticks), c.ClockRate()).Seconds()*1000)
	}
	if rtt, ok := c.RTT(); ok {
		fmt.Fprintf(stdout, "round-trip time (RTCP): %v\n", rtt.Round(100*time.Microsecond))
	}
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

// codecNames maps --codec values to SDP names.
var codecNames = map[string]string{
	"pcmu": sip.CodecPCMU, "pcma": sip.CodecPCMA, "g722": sip.CodecG722, "opus": sip.CodecOpus, "l16": sip.CodecL16,
}

// callAudio returns the samples to send at rate.
func callAudio(path string, silence time.Duration, rate int) ([]int16, error) {
	if path == "" {
		return make([]int16, int(silence.Seconds()*float64(rate))), nil
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
	if a.Rate == rate {
		return a.Samples, nil
	}
	return resample.Convert(a.Samples, a.Rate, rate)
}

// pacer spaces packets one ptime apart on an absolute schedule, as a
// phone's clock would: a packet sent late (the process was busy) is
// followed by the next ones at once until the schedule is met again, so
// the stream keeps real time on average instead of drifting behind.
type pacer struct {
	start time.Time
	n     int
	ptime time.Duration
	timer *time.Timer
}

func newPacer(ptime time.Duration) *pacer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &pacer{start: time.Now(), ptime: ptime, timer: t}
}

// wait returns when the next packet is due; remoteBye if the call ended.
func (p *pacer) wait(ctx context.Context, c *sip.ClientCall) (remoteBye bool, err error) {
	p.n++
	p.timer.Reset(time.Until(p.start.Add(time.Duration(p.n) * p.ptime)))
	select {
	case <-ctx.Done():
		return false, ctx.Err()
	case <-c.Done():
		return true, nil
	case <-p.timer.C:
		return false, nil
	}
}

// streamAudio sends one packet per ptime on the pacer's schedule.
func streamAudio(ctx context.Context, c *sip.ClientCall, samples []int16, e *packetize.Encoder, p *pacer) (sent int, remoteBye bool, err error) {
	payload := make([]byte, e.MaxPayload())
	for off := 0; off < len(samples); off += e.Frame {
		size, err := e.Encode(payload, samples[off:min(off+e.Frame, len(samples))])
		if err != nil {
			return sent, false, fmt.Errorf("encode: %w", err)
		}
		if err := c.SendRTP(payload[:size], uint32(e.Ticks), p.n == 0); err != nil {
			return sent, false, fmt.Errorf("send RTP: %w", err)
		}
		sent++
		if remoteBye, err := p.wait(ctx, c); remoteBye || err != nil {
			return sent, remoteBye, err
		}
	}
	return sent, false, nil
}

// fateLog keeps what the impaired path did to every packet.
type fateLog struct {
	mu    sync.Mutex
	fates []impair.Fate
}

func (l *fateLog) add(f impair.Fate) {
	l.mu.Lock()
	l.fates = append(l.fates, f)
	l.mu.Unlock()
}

// jitter applies RFC 3550 section 6.4.1 (Appendix A.8) to the packets as
// the path delivered them: in arrival order, the difference of their
// relative transit times, with the RTP timestamps they were sent with
// (ticks per packet, in send order, from an audio-only stream).
func (l *fateLog) jitter(ticks uint32, clock int) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	type arrival struct {
		at time.Time
		ts float64 // seconds
	}
	var as []arrival
	for _, f := range l.fates {
		if f.Dropped {
			continue
		}
		as = append(as, arrival{at: f.Sent.Add(f.Delay), ts: float64(uint32(f.Index)*ticks) / float64(clock)})
	}
	slices.SortStableFunc(as, func(a, b arrival) int { return a.at.Compare(b.at) })
	var j float64
	for i := 1; i < len(as); i++ {
		d := as[i].at.Sub(as[i-1].at).Seconds() - (as[i].ts - as[i-1].ts)
		j += (math.Abs(d) - j) / 16
	}
	return time.Duration(j * float64(time.Second))
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
