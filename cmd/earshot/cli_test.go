package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Command-line mistakes exit with code 2 and name the bad flag or argument.
func TestCLIUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"frobnicate"}, ""},
		{[]string{"serve", "--rtp-ports", "abc"}, "--rtp-ports"},
		{[]string{"serve", "--rtp-ports", "30000-20000"}, "--rtp-ports"},
		{[]string{"serve", "--sip-addr", "nope"}, "--sip-addr"},
		{[]string{"serve", "--admin-token", "short"}, "--admin-token"},
		{[]string{"serve", "--log-level", "loud"}, "--log-level"},
		{[]string{"serve", "--no-such-flag"}, "no-such-flag"},
		{[]string{"serve", "extra"}, "no arguments"},
		{[]string{"transcribe"}, "exactly one"},
		{[]string{"transcribe", "--band", "mid", "x.wav"}, "--band"},
		{[]string{"call", "bot@127.0.0.1"}, "sip:USER@HOST:PORT"},
		{[]string{"call", "--codec", "g729", "sip:bot@127.0.0.1:5060"}, "--codec"},
		{[]string{"call", "--transport", "sctp", "sip:bot@127.0.0.1:5060"}, "--transport"},
		{[]string{"serve", "--stt", "whisper"}, "--stt"},
		{[]string{"loadtest", "--audio", "a.wav"}, "--target"},
		{[]string{"loadtest", "--target", "sip:bot@127.0.0.1:5060"}, "--audio"},
		{[]string{"loadtest", "--target", "sip:bot@127.0.0.1:5060", "--audio", "a.wav", "--codec", "g729"}, "codec"},
		{[]string{"loadtest", "--target", "sip:bot@127.0.0.1:5060", "--audio", "a.wav", "--rate", "0"}, "rate"},
		{[]string{"loadtest", "--target", "http://x", "--audio", "a.wav"}, "target"},
		{[]string{"loadtest", "--target", "sip:bot@127.0.0.1:5060", "--audio", "a.wav", "--events", "http://127.0.0.1/api/v1/events"}, "events"},
		{[]string{"loadtest", "--sink", "127.0.0.1:9-1"}, "--sink"},
		{[]string{"loadtest", "stray"}, "flags only"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), c.args, nil, &out, &errOut)
			if !errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if code := exitCode(err, &errOut); code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
			if !strings.Contains(errOut.String()+err.Error(), c.want) {
				t.Errorf("error output %q does not name %q", errOut.String()+err.Error(), c.want)
			}
		})
	}
}

func TestCLIRuntimeErrorsExit1(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(t.Context(), []string{"transcribe", "/nonexistent/file.wav"}, nil, &out, &errOut)
	if err == nil || errors.Is(err, errUsage) {
		t.Fatalf("err = %v, want a runtime error", err)
	}
	if code := exitCode(err, &errOut); code != 1 || !strings.Contains(errOut.String(), "file.wav") {
		t.Errorf("exit code %d, output %q", code, errOut.String())
	}
}
