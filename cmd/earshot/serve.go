package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/console"
	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/console/metrics"
	"github.com/earshot/earshot/gateway"
	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
	"github.com/earshot/earshot/stt/discard"
	"github.com/earshot/earshot/stt/pocketsphinx"
)

type serveConfig struct {
	sipAddr     string
	httpAddr    string
	dataDir     string
	rtpPorts    string
	databaseURL string
	adminToken  string
	mediaIP     string
	sttStreams  int
	sttEngine   string
	fastFinals  bool
	logLevel    string
	shutdown    time.Duration
	policy      policyConfig
	webrtc      webrtcConfig
	srtp        string
	codecs      string
	qualityInt  time.Duration

	rtpMin, rtpMax int
	srtpPolicy     sip.SRTPPolicy
	codecList      []string
}

func serveFlags(c *serveConfig) *flag.FlagSet {
	fs := flag.NewFlagSet("earshot serve", flag.ContinueOnError)
	fs.String("config", "", "YAML file with settings (keys are flag names)")
	fs.StringVar(&c.sipAddr, "sip-addr", "127.0.0.1:5060", "SIP listen address (UDP and TCP)")
	fs.StringVar(&c.httpAddr, "http-addr", "127.0.0.1:8080", "HTTP listen address for the console and API")
	fs.StringVar(&c.dataDir, "data-dir", "./data", "directory for the embedded database and model cache (never audio)")
	fs.StringVar(&c.rtpPorts, "rtp-ports", "20000-20999", "RTP port range MIN-MAX")
	fs.StringVar(&c.databaseURL, "database-url", "", "empty: SQLite file in --data-dir; postgres://... : PostgreSQL")
	fs.StringVar(&c.adminToken, "admin-token", "", "console admin token (empty: generate one on first start and print it once)")
	fs.StringVar(&c.mediaIP, "media-ip", "", "IP address announced in SDP (default: the SIP listen host)")
	fs.StringVar(&c.sttEngine, "stt", "pocketsphinx", "speech engine: pocketsphinx, or none (audio is decoded and discarded: measures the media path alone)")
	fs.BoolVar(&c.fastFinals, "stt-fast-finals", false, "skip pocketsphinx's second search pass at the end of each utterance: finals 100-400 ms sooner and less CPU per call, at some accuracy (docs/PERFORMANCE.md)")
	fs.IntVar(&c.sttStreams, "stt-streams", 4, "concurrent transcribed calls (one pocketsphinx decoder each, ~90 MB)")
	fs.StringVar(&c.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.DurationVar(&c.shutdown, "shutdown-timeout", 10*time.Second, "how long SIGTERM waits for calls to end")
	fs.StringVar(&c.srtp, "srtp", "optional", "SRTP (SDES) for SIP calls: off (RTP/AVP only), optional (either) or required (RTP/SAVP only)")
	fs.StringVar(&c.codecs, "codecs", strings.Join(sip.AllCodecs, ","), "codecs accepted, comma-separated; the answer picks opus > G722 > L16 > PCMU/PCMA")
	fs.DurationVar(&c.qualityInt, "quality-interval", gateway.DefaultQualityInterval, "how often each call publishes a quality event and sends an RTCP report")
	policyFlags(fs, &c.policy)
	webrtcFlags(fs, &c.webrtc)
	return fs
}

func (c *serveConfig) validate() error {
	min, max, err := parsePortRange(c.rtpPorts)
	if err != nil {
		return usageErr("--rtp-ports: %v", err)
	}
	c.rtpMin, c.rtpMax = min, max
	for name, addr := range map[string]string{"--sip-addr": c.sipAddr, "--http-addr": c.httpAddr} {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return usageErr("%s: %v", name, err)
		}
	}
	if c.mediaIP != "" && net.ParseIP(c.mediaIP) == nil {
		return usageErr("--media-ip: %q is not an IP address", c.mediaIP)
	}
	if c.sttStreams < 1 {
		return usageErr("--stt-streams: must be at least 1")
	}
	if c.sttEngine != "pocketsphinx" && c.sttEngine != "none" {
		return usageErr("--stt: %q: want pocketsphinx or none", c.sttEngine)
	}
	if _, err := parseLevel(c.logLevel); err != nil {
		return usageErr("--log-level: %v", err)
	}
	if c.adminToken != "" && len(c.adminToken) < 16 {
		return usageErr("--admin-token: too short (%d characters); use at least 16", len(c.adminToken))
	}
	if c.dataDir == "" {
		return usageErr("--data-dir: must not be empty")
	}
	if c.srtpPolicy, err = sip.ParseSRTPPolicy(c.srtp); err != nil {
		return usageErr("--srtp: %v", err)
	}
	c.codecList = nil
	for _, name := range strings.Split(c.codecs, ",") {
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(sip.AllCodecs, func(k string) bool { return strings.EqualFold(k, name) })
		if i < 0 {
			return usageErr("--codecs: %q: want some of %s", name, strings.Join(sip.AllCodecs, ","))
		}
		c.codecList = append(c.codecList, sip.AllCodecs[i])
	}
	if c.qualityInt < time.Second {
		return usageErr("--quality-interval: at least 1s")
	}
	if err := c.webrtc.validate(c.mediaIP); err != nil {
		return err
	}
	if err := c.policy.validate(c.dataDir); err != nil {
		return err
	}
	return nil
}

func parsePortRange(s string) (int, int, error) {
	lo, hi, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want MIN-MAX, e.g. 20000-20999", s)
	}
	min, err1 := strconv.Atoi(strings.TrimSpace(lo))
	max, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || min < 1024 || max > 65535 || min >= max {
		return 0, 0, fmt.Errorf("%q: want MIN-MAX with 1024 <= MIN < MAX <= 65535", s)
	}
	return min, max, nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(s))
	return l, err
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c serveConfig
	fs := serveFlags(&c)
	fs.SetOutput(stderr)
	if err := resolveFlags(fs, args, os.Getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return usageErr("serve takes no arguments, got %q", fs.Arg(0))
	}
	if err := c.validate(); err != nil {
		return err
	}
	level, _ := parseLevel(c.logLevel) // validated above
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	sip.UseScrubbedSipgoLogger(log.With("component", "sipgo"))

	if err := os.MkdirAll(c.dataDir, 0o700); err != nil {
		return fmt.Errorf("--data-dir: %w", err)
	}
	st, err := store.OpenDatabase(ctx, c.databaseURL, c.dataDir, log.With("component", "store"))
	if err != nil {
		return err
	}
	defer closeLogged(log, "store", st.Close)

	token, err := console.EnsureAdminToken(ctx, st, c.adminToken)
	if err != nil {
		return err
	}
	if token != "" {
		fmt.Fprintf(stdout, "Admin token (shown once, only its hash is stored): %s\n", token)
	}

	narrowband, wideband, closeSTT, err := openSTT(&c, log.With("component", "stt"))
	if err != nil {
		return err
	}
	defer closeLogged(log, "stt", closeSTT)

	bus := events.NewBus()
	defer bus.Close()
	pol, err := openPolicy(ctx, &c.policy, c.dataDir, st, bus, log, true, stdout)
	if err != nil {
		return err
	}
	defer closeLogged(log, "privacy", pol.close)
	if err := pol.start(ctx, &c.policy, st); err != nil {
		return err
	}
	reg := metrics.NewRegistry()
	metrics.RegisterProcess(reg)
	gw, err := gateway.New(gateway.Config{Narrowband: narrowband, Wideband: wideband, Bus: bus, Store: st,
		Log: log.With("component", "gateway"), QualityInterval: c.qualityInt, Metrics: gateway.NewMetrics(reg),
		Privacy: pol.svc, ConsentHeader: c.policy.consentHeader})
	if err != nil {
		return err
	}
	sipSrv, err := sip.NewServer(sip.Config{
		Addr: c.sipAddr, RTPPortMin: c.rtpMin, RTPPortMax: c.rtpMax, MediaIP: c.mediaIP,
		DefaultRoute: "bot", UserAgent: "Earshot", Log: log.With("component", "sip"),
		Codecs: c.codecList, SRTP: c.srtpPolicy,
	}, gw)
	if err != nil {
		return err
	}
	calls := console.CallControlFunc(func(id string, sensitive bool) error {
		err := gw.SetDTMFSensitive(id, sensitive)
		if errors.Is(err, gateway.ErrNoCall) {
			return console.ErrNoCall
		}
		return err
	})
	con, err := console.New(console.Config{Bus: bus, Store: st, Log: log.With("component", "console"),
		Calls: calls, Metrics: reg.Handler(), Privacy: pol.svc})
	if err != nil {
		return err
	}
	defer closeLogged(log, "console", con.Close)
	wrtc, err := startWebRTC(&c.webrtc, log, narrowband, wideband, bus, st, pol.svc, c.qualityInt)
	if err != nil {
		return err
	}
	defer closeLogged(log, "webrtc", wrtc.Close)

	ln, err := net.Listen("tcp", c.httpAddr)
	if err != nil {
		return fmt.Errorf("--http-addr: %w", err)
	}
	httpSrv := &http.Server{Handler: withWebRTC(con.Handler(), wrtc), ReadHeaderTimeout: 10 * time.Second}

	// The SIP server runs until its context is done; it then ends every
	// call (BYE) and returns. HTTP stops after SIP so that call.ended still
	// reaches the consoles.
	sipCtx, stopSIP := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSIP()
	sipDone := make(chan error, 1)
	httpDone := make(chan error, 1)
	go func() { sipDone <- sipSrv.ListenAndServe(sipCtx) }()
	go func() { httpDone <- httpSrv.Serve(ln) }()
	log.Info("earshot serving", "sip", c.sipAddr, "http", "http://"+ln.Addr().String(), "data_dir", c.dataDir,
		"key_dir", c.policy.keyDir, "recordings", c.policy.recordings,
		"database", databaseKind(c.databaseURL), "stt", c.sttEngine, "stt_streams", c.sttStreams, "srtp", c.srtpPolicy.String(),
		"codecs", strings.Join(c.codecList, ","))

	var errs []error
	sipRunning, httpRunning := true, true
	select {
	case <-ctx.Done():
		log.Info("shutting down: ending calls", "active", gw.ActiveCalls())
	case err := <-sipDone:
		sipRunning = false
		errs = append(errs, fmt.Errorf("sip: %w", err))
	case err := <-httpDone:
		httpRunning = false
		errs = append(errs, fmt.Errorf("http: %w", err))
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.shutdown)
	defer cancel()
	stopSIP()
	if sipRunning {
		select {
		case err := <-sipDone:
			if err != nil && !errors.Is(err, context.Canceled) {
				errs = append(errs, fmt.Errorf("sip: %w", err))
			}
		case <-shutdownCtx.Done():
			errs = append(errs, errors.New("shutdown: calls did not end in time"))
		}
	}
	// WebRTC calls end (call.ended, caption streams) before HTTP stops.
	closeLogged(log, "webrtc", wrtc.Close)
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	if httpRunning {
		if err := <-httpDone; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("http: %w", err))
		}
	}
	log.Info("earshot stopped")
	return errors.Join(errs...)
}

func databaseKind(url string) string {
	if url == "" {
		return "sqlite"
	}
	return "postgres"
}

func closeLogged(log *slog.Logger, what string, close func() error) {
	if err := close(); err != nil {
		log.Error("close", "what", what, "err", err)
	}
}

// openSTT opens the configured speech engine: one pocketsphinx decoder
// pool serving both profiles (G.711 calls get the narrowband one; Opus,
// G.722 and 16 kHz L16 calls the wideband one), or the discarding engine
// of --stt none.
func openSTT(c *serveConfig, log *slog.Logger) (narrowband, wideband stt.Engine, closeFn func() error, err error) {
	if c.sttEngine == "none" {
		log.Warn("--stt none: calls are decoded but not transcribed")
		return discard.Engine{}, discard.Engine{}, func() error { return nil }, nil
	}
	engine, err := pocketsphinx.New(pocketsphinx.Options{
		Profile:    pocketsphinx.Narrowband,
		PoolSize:   c.sttStreams,
		FastFinals: c.fastFinals,
		Logger:     log,
	})
	if err != nil {
		return nil, nil, nil, err
	}
	wide, err := engine.WithProfile(pocketsphinx.Wideband)
	if err != nil {
		return nil, nil, nil, errors.Join(err, engine.Close())
	}
	return engine, wide, engine.Close, nil
}
