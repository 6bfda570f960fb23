// Package loadtest places many real calls against an Earshot gateway and
// measures what engineers size a gateway by: call-setup latency, how many
// calls it carries without losing media, and how long after a caller
// stops speaking the final transcript reaches an agent's console.
//
// A run has one owner goroutine (Run) and, under it: one goroutine per
// call for its signalling, one sender that paces every call's RTP from a
// single clock, one websocket reader for the console's events, and one
// sampler of the target's CPU and memory. Speech files are encoded once
// per run; calls replay the payloads, so the tester's cost per packet is
// one send.
package loadtest

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/media/impair"
)

// Config is one run.
type Config struct {
	// Target is sip:USER@HOST:PORT (a gateway), or rtp:HOST:MIN-MAX to
	// send bare RTP to the even ports of a range with no signalling (to
	// compare with a bare UDP receive loop, see Sink).
	Target string
	// Calls is how many calls to place in all; Rate how many per second
	// are started (the ramp); Hold how long each stays up, playing its
	// speech file as many whole times as fit before Tail (0: the file
	// once, then Tail of silence; shorter than one play and Tail: the
	// speech is cut off, and the call has no WER). Calls up at once is at
	// most min(Calls, Rate*Hold).
	Calls int
	Rate  float64
	Hold  time.Duration
	// Tail is the silence after the last complete play of the speech file
	// when Hold is 0 (default 2 s: time for the final transcript).
	Tail time.Duration
	// Audio are WAV files of speech, used in turn by successive calls;
	// the reference text of FILE.wav is FILE.txt (optional: without it
	// that file's calls have no WER).
	Audio []string
	// Codec is offered alone: pcmu (default), pcma, g722 or opus.
	Codec string
	// Events is the console's websocket (ws://HOST:PORT/api/v1/events)
	// and Token its bearer token; without Events no transcript or
	// target-side packet figures are measured.
	Events string
	Token  string
	// Metrics is the target's Prometheus endpoint (default: /metrics on
	// the Events host). PID is the target's process, read from /proc
	// when it is local (default: the process bound to the target's SIP
	// port, if it is on this machine).
	Metrics string
	PID     int
	// LocalIP is the address calls are placed from (default 127.0.0.1).
	LocalIP string
	// Impair, if set, sends every call's RTP through an impaired path.
	Impair *impair.Config
	// SetupTimeout bounds one INVITE (default 10 s).
	SetupTimeout time.Duration
	// Progress, if set, gets a status line every ProgressEvery (default 1 s).
	Progress      io.Writer
	ProgressEvery time.Duration
	// Command is the command line, for the report.
	Command string
	Log     *slog.Logger
}

// codecs maps --codec values to SDP names.
var codecs = map[string]string{"pcmu": "PCMU", "pcma": "PCMA", "g722": "G722", "opus": "opus"}

// target is a parsed Config.Target.
type target struct {
	sip      bool
	uri      string         // sip target
	host     netip.AddrPort // sip: host:port when it is an IP; rtp: first port
	min, max int            // rtp port range
}

func parseTarget(s string) (target, error) {
	switch {
	case strings.HasPrefix(s, "sip:"):
		t := target{sip: true, uri: s}
		hostport := s[strings.LastIndexByte(s, '@')+1:]
		if i := strings.IndexByte(hostport, ';'); i >= 0 {
			hostport = hostport[:i]
		}
		if ap, err := netip.ParseAddrPort(hostport); err == nil {
			t.host = ap
		} else if a, err := netip.ParseAddr(hostport); err == nil {
			t.host = netip.AddrPortFrom(a, 5060)
		}
		return t, nil
	case strings.HasPrefix(s, "rtp:"):
		a, min, max, err := ParsePortRange(strings.TrimPrefix(s, "rtp:"))
		if err != nil {
			return target{}, fmt.Errorf("%q: want rtp:IP:MIN-MAX", s)
		}
		return target{host: netip.AddrPortFrom(a, uint16(min)), min: min, max: max}, nil
	}
	return target{}, fmt.Errorf("%q: want sip:USER@HOST:PORT or rtp:IP:MIN-MAX", s)
}

// ParsePortRange parses IP:MIN-MAX, a range of UDP ports on one address.
func ParsePortRange(s string) (ip netip.Addr, min, max int, err error) {
	host, ports, ok := strings.Cut(s, ":")
	lo, hi, ok2 := strings.Cut(ports, "-")
	ip, err = netip.ParseAddr(host)
	min, err1 := strconv.Atoi(lo)
	max, err2 := strconv.Atoi(hi)
	if !ok || !ok2 || err != nil || err1 != nil || err2 != nil || min < 1 || max > 65535 || min > max {
		return netip.Addr{}, 0, 0, fmt.Errorf("%q: want IP:MIN-MAX", s)
	}
	return ip, min, max, nil
}

// validate checks the configuration and fills in defaults.
func (c *Config) validate() (target, error) {
	t, err := parseTarget(c.Target)
	if err != nil {
		return t, fmt.Errorf("target: %w", err)
	}
	if c.Calls < 1 {
		return t, errors.New("calls: at least 1")
	}
	if c.Rate <= 0 || c.Rate > 5000 {
		return t, fmt.Errorf("rate: %v calls per second: want more than 0 and at most 5000", c.Rate)
	}
	if c.Hold < 0 {
		return t, errors.New("hold: negative")
	}
	if c.Tail <= 0 {
		c.Tail = 2 * time.Second
	}
	if len(c.Audio) == 0 {
		return t, errors.New("audio: at least one WAV file")
	}
	if c.Codec == "" {
		c.Codec = "pcmu"
	}
	if _, ok := codecs[strings.ToLower(c.Codec)]; !ok {
		return t, fmt.Errorf("codec: %q: want pcmu, pcma, g722 or opus", c.Codec)
	}
	c.Codec = strings.ToLower(c.Codec)
	if !t.sip {
		if c.Codec != "pcmu" && c.Codec != "pcma" {
			return t, errors.New("codec: bare RTP targets take pcmu or pcma")
		}
		if n := (t.max - t.min + 2) / 2; c.Calls > n {
			return t, fmt.Errorf("calls: %d calls need %d even ports, the range has %d", c.Calls, c.Calls, n)
		}
	}
	if c.Events != "" {
		u, err := url.Parse(c.Events)
		if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
			return t, fmt.Errorf("events: %q: want ws://HOST:PORT/api/v1/events", c.Events)
		}
		if c.Metrics == "" {
			scheme := "http"
			if u.Scheme == "wss" {
				scheme = "https"
			}
			c.Metrics = scheme + "://" + u.Host + "/metrics"
		}
	}
	if c.Metrics != "" {
		if u, err := url.Parse(c.Metrics); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return t, fmt.Errorf("metrics: %q: want http://HOST:PORT/metrics", c.Metrics)
		}
	}
	if c.LocalIP == "" {
		c.LocalIP = "127.0.0.1"
	}
	if _, err := netip.ParseAddr(c.LocalIP); err != nil {
		return t, fmt.Errorf("local-ip: %w", err)
	}
	if c.Impair != nil {
		if err := c.Impair.Validate(); err != nil {
			return t, fmt.Errorf("impairment: %w", err)
		}
	}
	if c.SetupTimeout <= 0 {
		c.SetupTimeout = 10 * time.Second
	}
	if c.ProgressEvery <= 0 {
		c.ProgressEvery = time.Second
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return t, nil
}
