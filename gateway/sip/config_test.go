package sip

import (
	"context"
	"net"
	"testing"
	"time"
)

var nopHandler = HandlerFunc(func(context.Context, CallInfo) (Sink, error) { return nil, ErrRejected })

func TestNewServerConfig(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg       Config
		wantErr   bool
		mediaIP   string
		bindIP    string
		rtpTimout time.Duration
	}{
		{name: "defaults", cfg: Config{}, mediaIP: "127.0.0.1", bindIP: "127.0.0.1", rtpTimout: 30 * time.Second},
		{name: "all interfaces", cfg: Config{Addr: "0.0.0.0:5060"}, mediaIP: "127.0.0.1", bindIP: "0.0.0.0", rtpTimout: 30 * time.Second},
		{name: "all interfaces with media ip", cfg: Config{Addr: "0.0.0.0:5060", MediaIP: "203.0.113.9"}, mediaIP: "203.0.113.9", bindIP: "0.0.0.0", rtpTimout: 30 * time.Second},
		{name: "specific ip", cfg: Config{Addr: "192.0.2.4:5060"}, mediaIP: "192.0.2.4", bindIP: "192.0.2.4", rtpTimout: 30 * time.Second},
		{name: "specific ip and media ip", cfg: Config{Addr: "192.0.2.4:5060", MediaIP: "192.0.2.5"}, mediaIP: "192.0.2.5", bindIP: "192.0.2.5", rtpTimout: 30 * time.Second},
		{name: "empty host", cfg: Config{Addr: ":5060"}, mediaIP: "127.0.0.1", bindIP: "0.0.0.0", rtpTimout: 30 * time.Second},
		{name: "timeout disabled", cfg: Config{RTPTimeout: -1}, mediaIP: "127.0.0.1", bindIP: "127.0.0.1", rtpTimout: 0},
		{name: "custom timeout", cfg: Config{RTPTimeout: time.Second}, mediaIP: "127.0.0.1", bindIP: "127.0.0.1", rtpTimout: time.Second},
		{name: "hostname", cfg: Config{Addr: "localhost:5060"}, wantErr: true},
		{name: "no port", cfg: Config{Addr: "127.0.0.1"}, wantErr: true},
		{name: "bad media ip", cfg: Config{MediaIP: "example.com"}, wantErr: true},
		{name: "bad ports", cfg: Config{RTPPortMin: 3000, RTPPortMax: 2000}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewServer(tc.cfg, nopHandler)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if s.mediaIP.String() != tc.mediaIP || s.bindIP.String() != tc.bindIP {
				t.Errorf("mediaIP %s bindIP %s, want %s %s", s.mediaIP, s.bindIP, tc.mediaIP, tc.bindIP)
			}
			if s.cfg.RTPTimeout != tc.rtpTimout {
				t.Errorf("RTPTimeout = %v, want %v", s.cfg.RTPTimeout, tc.rtpTimout)
			}
			if s.cfg.DefaultRoute != "bot" || s.cfg.UserAgent != "Earshot" || s.ports.Size() == 0 {
				t.Errorf("defaults not applied: %+v", s.cfg)
			}
		})
	}
	if _, err := NewServer(Config{}, nil); err == nil {
		t.Error("nil handler accepted")
	}
}

func TestListenFailure(t *testing.T) {
	busy, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	s, err := NewServer(Config{Addr: busy.LocalAddr().String()}, nopHandler)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ListenAndServe(context.Background()); err == nil {
		t.Fatal("ListenAndServe on a busy port succeeded")
	}
	select {
	case <-s.Ready():
	default:
		t.Fatal("Ready not closed after failure")
	}
	if s.Addr() != "" {
		t.Errorf("Addr = %q after failure", s.Addr())
	}
	if err := s.ListenAndServe(context.Background()); err == nil {
		t.Error("second ListenAndServe accepted")
	}
}
