package main

import (
	"flag"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/gateway/webrtc"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/stt"
)

// webrtcConfig is the WHIP ingest's part of the serve flags.
type webrtcConfig struct {
	ips    string
	ports  string
	routes string

	addrs            []net.IP
	portMin, portMax uint16
	routeList        []string
}

func webrtcFlags(fs *flag.FlagSet, c *webrtcConfig) {
	fs.StringVar(&c.ips, "webrtc-ips", "", "addresses WebRTC (WHIP) ICE uses, comma-separated (default: --media-ip if set, else every non-loopback address)")
	fs.StringVar(&c.ports, "webrtc-ports", "", "UDP port range MIN-MAX for WebRTC ICE (default: any)")
	fs.StringVar(&c.routes, "webrtc-routes", webrtc.DefaultRoute, "routes callers may dial at /whip/{route} and /call/{route}, comma-separated ("+webrtc.DefaultRoute+" always exists)")
}

func (c *webrtcConfig) validate(mediaIP string) error {
	c.addrs = nil
	ips := c.ips
	if ips == "" {
		ips = mediaIP
	}
	for _, s := range strings.Split(ips, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		ip := net.ParseIP(s)
		if ip == nil {
			return usageErr("--webrtc-ips: %q is not an IP address", s)
		}
		c.addrs = append(c.addrs, ip)
	}
	c.portMin, c.portMax = 0, 0
	if c.ports != "" {
		min, max, err := parsePortRange(c.ports)
		if err != nil {
			return usageErr("--webrtc-ports: %v", err)
		}
		c.portMin, c.portMax = uint16(min), uint16(max)
	}
	c.routeList = nil
	for _, r := range strings.Split(c.routes, ",") {
		if r = strings.TrimSpace(r); r != "" {
			if strings.ContainsAny(r, "/?#% ") {
				return usageErr("--webrtc-routes: %q: a route is one URL path segment", r)
			}
			c.routeList = append(c.routeList, r)
		}
	}
	return nil
}

// startWebRTC builds the WHIP ingest on the shared STT engines, bus,
// store and privacy service.
func startWebRTC(c *webrtcConfig, log *slog.Logger, narrowband, wideband stt.Engine, bus *events.Bus,
	st store.Store, priv *privacy.Service, qualityInterval time.Duration) (*webrtc.Server, error) {
	return webrtc.New(webrtc.Config{
		Narrowband: narrowband, Wideband: wideband, Bus: bus, Store: st, Privacy: priv,
		Log: log.With("component", "webrtc"), Routes: c.routeList, ICEAddrs: c.addrs,
		PortMin: c.portMin, PortMax: c.portMax, QualityInterval: qualityInterval,
	})
}

// withWebRTC serves the WHIP ingest's endpoints beside the console's.
func withWebRTC(console http.Handler, w *webrtc.Server) http.Handler {
	mux := http.NewServeMux()
	h := w.Handler()
	for _, p := range webrtc.Patterns {
		mux.Handle(p, h)
	}
	mux.Handle("/", console)
	return mux
}
