package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/media/impair"
)

// The media flags of serve and call reject bad values as usage errors
// (exit 2) that name the flag.
func TestMediaFlagUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--srtp", "sometimes"}, "--srtp"},
		{[]string{"serve", "--codecs", "pcmu,g729"}, "--codecs"},
		{[]string{"serve", "--quality-interval", "10ms"}, "--quality-interval"},
		{[]string{"call", "--ptime", "25ms", "sip:bot@127.0.0.1:5060"}, "--ptime"},
		{[]string{"call", "--ptime", "120ms", "sip:bot@127.0.0.1:5060"}, "--ptime"},
		{[]string{"call", "--dtmf", "12x", "sip:bot@127.0.0.1:5060"}, "--dtmf"},
		{[]string{"call", "--loss", "150", "sip:bot@127.0.0.1:5060"}, "impairment"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), c.args, nil, &out, &errOut)
			if !errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(errOut.String()+err.Error(), c.want) {
				t.Errorf("error output %q does not name %q", errOut.String()+err.Error(), c.want)
			}
		})
	}
}

// The expected jitter `earshot call` prints is RFC 3550's estimator over
// the path's arrivals: constant delay gives none, alternating delays give
// the estimator's known limit.
func TestFateLogJitter(t *testing.T) {
	t0 := time.Unix(1000, 0)
	var constant, alternating fateLog
	for i := range 2000 {
		sent := t0.Add(time.Duration(i) * 20 * time.Millisecond)
		constant.add(impair.Fate{Index: i, Sent: sent, Delay: 30 * time.Millisecond})
		d := 10 * time.Millisecond
		if i%2 == 1 {
			d = 30 * time.Millisecond
		}
		alternating.add(impair.Fate{Index: i, Sent: sent, Delay: d})
		if i%10 == 0 {
			alternating.add(impair.Fate{Index: -1, Dropped: true}) // never arrives, never counts
		}
	}
	if j := constant.jitter(160, 8000); j != 0 {
		t.Errorf("constant delay: jitter %v, want 0", j)
	}
	// |D| is 20 ms for every pair: J converges to 20 ms.
	if j := alternating.jitter(160, 8000); (j - 20*time.Millisecond).Abs() > 10*time.Microsecond {
		t.Errorf("alternating delay: jitter %v, want 20ms", j)
	}
}
