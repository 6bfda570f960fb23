package sip_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/gateway/sip/siptest"
)

// TestSippUAC runs sipp's built-in UAC scenario (INVITE, ACK, pause, BYE)
// against the server: the real third-party client must complete the call.
func TestSippUAC(t *testing.T) {
	sipp, err := exec.LookPath("sipp")
	if err != nil {
		t.Skip("sipp not installed (Debian package sip-tester)")
	}
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sipp,
		"-sn", "uac", "-m", "1", "-s", "bot", srv.Addr(),
		"-i", "127.0.0.1", "-p", strconv.Itoa(freeUDPPort(t)),
		"-mi", "127.0.0.1", "-mp", strconv.Itoa(freeUDPPort(t)),
		"-d", "200", "-timeout", "20s", "-timeout_error",
		"-nostdin", "-trace_err")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		logs, _ := filepath.Glob(filepath.Join(dir, "*errors.log"))
		var errLog strings.Builder
		for _, l := range logs {
			b, rerr := os.ReadFile(l)
			if rerr == nil {
				errLog.Write(b)
			}
		}
		t.Fatalf("sipp failed: %v\n%s\nerror log:\n%s", err, lastLines(string(out), 40), errLog.String())
	}

	call := rec.NextCall(t)
	if call.Info.Codec != sip.CodecPCMU {
		t.Errorf("codec = %s", call.Info.Codec)
	}
	if reason := call.WaitEnd(t); reason != sip.ReasonBye {
		t.Errorf("End reason = %q, want bye", reason)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
