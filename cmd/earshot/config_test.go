package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newTestFlags() (*flag.FlagSet, *string, *string, *int) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("config", "", "")
	sip := fs.String("sip-addr", "127.0.0.1:5060", "")
	http := fs.String("http-addr", "127.0.0.1:8080", "")
	n := fs.Int("stt-streams", 4, "")
	return fs, sip, http, n
}

func TestResolveFlagsPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "earshot.yaml")
	if err := os.WriteFile(cfg, []byte("sip_addr: 127.0.0.1:5999\nhttp-addr: 127.0.0.1:9000\nstt-streams: 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"EARSHOT_HTTP_ADDR": "127.0.0.1:9100"}
	getenv := func(k string) string { return env[k] }

	fs, sip, http, n := newTestFlags()
	if err := resolveFlags(fs, []string{"--config", cfg, "--stt-streams", "3"}, getenv); err != nil {
		t.Fatal(err)
	}
	if *sip != "127.0.0.1:5999" {
		t.Errorf("sip-addr = %q, want the config file's value", *sip)
	}
	if *http != "127.0.0.1:9100" {
		t.Errorf("http-addr = %q, want the environment's value over the file's", *http)
	}
	if *n != 3 {
		t.Errorf("stt-streams = %d, want the command line's value over the file's", *n)
	}

	// The config file may also come from the environment.
	env["EARSHOT_CONFIG"] = cfg
	fs, sip, _, _ = newTestFlags()
	if err := resolveFlags(fs, nil, getenv); err != nil {
		t.Fatal(err)
	}
	if *sip != "127.0.0.1:5999" {
		t.Errorf("sip-addr = %q with EARSHOT_CONFIG, want the file's value", *sip)
	}
}

func TestResolveFlagsErrorsNameTheSetting(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.yaml")
	if err := os.WriteFile(typo, []byte("sip-adr: 1.2.3.4:5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	badFile := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badFile, []byte("stt-streams: many\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown key", []string{"--config", typo}, nil, "unknown setting(s): sip-adr"},
		{"bad value in file", []string{"--config", badFile}, nil, "--stt-streams in " + badFile},
		{"bad value in env", nil, map[string]string{"EARSHOT_STT_STREAMS": "x"}, "--stt-streams from $EARSHOT_STT_STREAMS"},
		{"missing file", []string{"--config", filepath.Join(dir, "nope.yaml")}, nil, "--config"},
		{"bad flag", []string{"--stt-streams", "x"}, nil, "stt-streams"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs, _, _, _ := newTestFlags()
			err := resolveFlags(fs, c.args, func(k string) string { return c.env[k] })
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}
