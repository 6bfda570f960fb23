package main

import (
	"errors"
	"slices"
	"testing"
)

func TestWebRTCFlags(t *testing.T) {
	for _, tc := range []struct {
		name               string
		ips, ports, routes string
		mediaIP            string
		wantErr            bool
		wantAddrs          []string
		wantMin, wantMax   uint16
		wantRoutes         []string
	}{
		{name: "defaults", routes: "bot", wantRoutes: []string{"bot"}},
		{name: "media ip reused", routes: "bot", mediaIP: "192.0.2.7", wantAddrs: []string{"192.0.2.7"}, wantRoutes: []string{"bot"}},
		{name: "own ips win", ips: "127.0.0.1, ::1", mediaIP: "192.0.2.7", routes: "bot,sales", ports: "40000-40099",
			wantAddrs: []string{"127.0.0.1", "::1"}, wantMin: 40000, wantMax: 40099, wantRoutes: []string{"bot", "sales"}},
		{name: "bad ip", ips: "localhost", routes: "bot", wantErr: true},
		{name: "bad ports", ips: "127.0.0.1", ports: "9-1", routes: "bot", wantErr: true},
		{name: "route with a slash", routes: "a/b", wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := webrtcConfig{ips: tc.ips, ports: tc.ports, routes: tc.routes}
			err := c.validate(tc.mediaIP)
			if tc.wantErr {
				if !errors.Is(err, errUsage) {
					t.Fatalf("validate = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var addrs []string
			for _, ip := range c.addrs {
				addrs = append(addrs, ip.String())
			}
			if !slices.Equal(addrs, tc.wantAddrs) || c.portMin != tc.wantMin || c.portMax != tc.wantMax || !slices.Equal(c.routeList, tc.wantRoutes) {
				t.Fatalf("got addrs %v ports %d-%d routes %v", addrs, c.portMin, c.portMax, c.routeList)
			}
		})
	}
}
