package loadtest

import (
	"context"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/gateway/sip/siptest"
	"github.com/earshot/earshot/media/wav"
)

// toneWAV writes d of a 440 Hz tone at 8 kHz and its reference text.
func toneWAV(t *testing.T, dir string, d time.Duration) string {
	t.Helper()
	pcm := make([]int16, int(d.Seconds()*8000))
	for i := range pcm {
		pcm[i] = int16(6000 * math.Sin(2*math.Pi*440*float64(i)/8000))
	}
	p := filepath.Join(dir, "tone.wav")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := wav.Write(f, 8000, pcm); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// Run against a real SIP server (in-process, recording what arrives):
// every call is answered, streams its program as RTP and hangs up, and
// the report counts it all. Runs under the race detector in make test.
func TestRunAgainstSIPServer(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	rec := siptest.NewRecorder()
	srv := siptest.StartServer(t, sip.Config{}, rec)
	audio := toneWAV(t, t.TempDir(), 300*time.Millisecond)

	const calls = 4
	rep, err := Run(context.Background(), Config{
		Target: srv.URI("bot"), Calls: calls, Rate: 20, Hold: time.Second, Audio: []string{audio}, Codec: "pcmu",
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Calls.Answered != calls || rep.Calls.Failed != 0 || rep.Calls.Completed != calls || rep.Setup.N != calls {
		t.Fatalf("calls %+v, setup %+v", rep.Calls, rep.Setup)
	}
	// 1 s of 20 ms packets per call; without --events there are no
	// target reports to compare with.
	if rep.Packets.Sent != calls*50 || rep.Packets.LostOrLate != -1 || rep.Calls.ServerIDs != calls {
		t.Fatalf("packets %+v, server IDs %d", rep.Packets, rep.Calls.ServerIDs)
	}
	// Every call has been hung up: what the server recorded is complete.
	for i := range calls {
		c := rec.NextCall(t)
		c.WaitEnd(t)
		n := 0
		for {
			if _, ok := c.TryNextPacket(); !ok {
				break
			}
			n++
		}
		if n != 50 {
			t.Errorf("server got %d packets on call %d, want 50", n, i)
		}
	}
	if rep.Tester.Source != "proc" || rep.Tester.CPUSeconds < 0 || rep.Machine.CPUs < 1 {
		t.Errorf("tester %+v machine %+v", rep.Tester, rep.Machine)
	}
}

// A rejected call is counted with its SIP status.
func TestRunCountsRejections(t *testing.T) {
	siptest.VerifyNoLeaks(t)
	srv := siptest.StartServer(t, sip.Config{}, sip.HandlerFunc(func(context.Context, sip.CallInfo) (sip.Sink, error) {
		return nil, &sip.StatusError{Code: 486, Reason: "Busy Here"}
	}))
	audio := toneWAV(t, t.TempDir(), 100*time.Millisecond)
	rep, err := Run(context.Background(), Config{Target: srv.URI("bot"), Calls: 2, Rate: 50, Audio: []string{audio}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Calls.Failed != 2 || rep.Calls.Failures["486 Busy Here"] != 2 || rep.Calls.Answered != 0 {
		t.Fatalf("calls %+v", rep.Calls)
	}
	if v := rep.Verdicts[0]; v.Name != "calls answered" || v.Pass {
		t.Fatalf("verdict %+v", v)
	}
}

// Bare RTP into the bare receive loop: every packet sent is received.
func TestRunIntoSink(t *testing.T) {
	base := 46000 + 2*int(time.Now().UnixNano()%500)
	sink, err := NewSink(netip.MustParseAddr("127.0.0.1"), base, base+9)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan uint64, 1)
	go func() { done <- sink.Run(ctx) }()
	audio := toneWAV(t, t.TempDir(), 200*time.Millisecond)
	rep, err := Run(context.Background(), Config{
		Target: "rtp:127.0.0.1:" + itoa(base) + "-" + itoa(base+9), Calls: 5, Rate: 100, Hold: 500 * time.Millisecond, Audio: []string{audio},
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	// Loopback has delivered every datagram; the readers may still be
	// counting the last ones.
	deadline := time.Now().Add(5 * time.Second)
	for sink.Received() < rep.Packets.Sent && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	cancel()
	if n := <-done; rep.Packets.Sent != 5*25 || n != rep.Packets.Sent {
		t.Fatalf("sent %d, sink received %d", rep.Packets.Sent, n)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
