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

// TestSippLoadScenario runs the load scenario shipped for engineers who
// prefer sipp (loadtest/sipp/uac_speech.xml) with its documented command
// line: every call must be answered and stream the file's audio as RTP.
func TestSippLoadScenario(t *testing.T) {
	sipp, err := exec.LookPath("sipp")
	if err != nil {
		t.Skip("sipp not installed (Debian package sip-tester)")
	}
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{Log: testLogger()}, rec)

	dir := t.TempDir()
	// 0.4 s of headerless mu-law (rtp_stream would send a WAV header as
	// audio): 20 packets of 160 bytes, each byte its packet's number.
	ul := make([]byte, 20*160)
	for i := range ul {
		ul[i] = byte(i / 160)
	}
	if err := os.WriteFile(filepath.Join(dir, "speech.ul"), ul, 0o644); err != nil {
		t.Fatal(err)
	}
	scenario, err := filepath.Abs("../../loadtest/sipp/uac_speech.xml")
	if err != nil {
		t.Fatal(err)
	}
	const calls = 3
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rtpPort := freeUDPPort(t) &^ 1
	cmd := exec.CommandContext(ctx, sipp, "-sf", scenario, "-s", "bot",
		"-i", "127.0.0.1", "-p", strconv.Itoa(freeUDPPort(t)),
		"-m", strconv.Itoa(calls), "-r", "3", "-l", strconv.Itoa(calls),
		"-d", "1000",
		"-mp", strconv.Itoa(rtpPort),
		"-timeout", "30s", "-timeout_error", "-nostdin", "-trace_err", srv.Addr())
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sipp failed: %v\n%s", err, lastLines(string(out), 40))
	}
	for range calls {
		call := rec.NextCall(t)
		for i := range 20 {
			p := call.NextPacket(t)
			if p.PayloadType != 0 || len(p.Payload) != 160 || p.Payload[0] != byte(i) {
				t.Fatalf("packet %d: PT %d, %d bytes, first byte %d", i, p.PayloadType, len(p.Payload), p.Payload[0])
			}
		}
		if reason := call.WaitEnd(t); reason != sip.ReasonBye {
			t.Errorf("End reason = %q, want bye", reason)
		}
	}
}
