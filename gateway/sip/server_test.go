package sip_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/gateway/sip/siptest"
)

func testLogger() *slog.Logger {
	if os.Getenv("SIP_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func dial(t *testing.T, ctx context.Context, srv *siptest.Server, cfg sip.ClientConfig) *sip.ClientCall {
	t.Helper()
	if cfg.Target == "" {
		cfg.Target = srv.URI("bot")
	}
	cc, err := sip.Dial(ctx, cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() {
		// Hang up calls the test left open, so the server's shutdown
		// does not wait for BYE answers from a closed client.
		byeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := cc.Hangup(byeCtx); err != nil && !errors.Is(err, sip.ErrCallEnded) {
			t.Logf("cleanup Hangup: %v", err)
		}
		if err := cc.Close(); err != nil {
			t.Errorf("ClientCall.Close: %v", err)
		}
	})
	return cc
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestCallRTPAndBye(t *testing.T) {
	for _, tc := range []struct {
		name      string
		transport string
		codecs    []string
		srtp      sip.SRTPPolicy
		wantCodec string
		wantPT    uint8
		wantRate  int
		wantDTMF  uint8
	}{
		{"udp-pcmu", "udp", nil, sip.SRTPOff, sip.CodecPCMU, 0, 8000, 101},
		{"tcp-pcmu", "tcp", nil, sip.SRTPOff, sip.CodecPCMU, 0, 8000, 101},
		{"udp-pcma-first", "udp", []string{"PCMA", "PCMU"}, sip.SRTPOff, sip.CodecPCMA, 8, 8000, 101},
		{"g722-beats-pcmu", "udp", []string{"PCMU", "G722"}, sip.SRTPOff, sip.CodecG722, 9, 8000, 101},
		{"opus", "udp", []string{"PCMU", "opus", "G722"}, sip.SRTPOff, sip.CodecOpus, 111, 48000, 110},
		{"l16", "udp", []string{"L16"}, sip.SRTPOff, sip.CodecL16, 96, 16000, 101},
		{"srtp-g722", "udp", []string{"G722"}, sip.SRTPRequired, sip.CodecG722, 9, 8000, 101},
	} {
		t.Run(tc.name, func(t *testing.T) {
			siptest.VerifyNoLeaks(t)
			rec := siptest.NewRecorder()
			srv := siptest.StartServer(t, sip.Config{Log: testLogger(), SRTP: tc.srtp}, rec)
			ctx := testCtx(t)

			cc := dial(t, ctx, srv, sip.ClientConfig{
				Transport: tc.transport,
				Codecs:    tc.codecs,
				SRTP:      tc.srtp == sip.SRTPRequired,
				From:      "+4512345678",
				Log:       testLogger(),
			})
			call := rec.NextCall(t)
			if call.Info.Codec != tc.wantCodec || call.Info.PayloadType != tc.wantPT || call.Info.ClockRate != tc.wantRate {
				t.Errorf("CallInfo codec = %s/%d/%d, want %s/%d/%d", call.Info.Codec, call.Info.PayloadType, call.Info.ClockRate, tc.wantCodec, tc.wantPT, tc.wantRate)
			}
			dtmfRate := 8000 // our offers have telephone-event at 8 kHz, and at 48 kHz with Opus
			if tc.wantCodec == sip.CodecOpus {
				dtmfRate = 48000
			}
			if call.Info.DTMFPayloadType != tc.wantDTMF || call.Info.DTMFClockRate != dtmfRate {
				t.Errorf("DTMF = %d/%d, want %d/%d", call.Info.DTMFPayloadType, call.Info.DTMFClockRate, tc.wantDTMF, dtmfRate)
			}
			if call.Info.SRTP != (tc.srtp == sip.SRTPRequired) || cc.SRTP() != call.Info.SRTP {
				t.Errorf("SRTP: server %v, client %v", call.Info.SRTP, cc.SRTP())
			}
			if call.Info.PTime != 20*time.Millisecond || cc.PTime() != 20*time.Millisecond || cc.ClockRate() != tc.wantRate {
				t.Errorf("ptime %v/%v, client clock %d", call.Info.PTime, cc.PTime(), cc.ClockRate())
			}
			if call.Info.From != "+4512345678" || call.Info.Route != "bot" || len(call.Info.ID) != 16 {
				t.Errorf("CallInfo = %+v", call.Info)
			}
			if cc.SetupTime() <= 0 || cc.SetupTime() > 10*time.Second {
				t.Errorf("SetupTime = %v", cc.SetupTime())
			}
			if cc.ServerCallID() != call.Info.ID {
				t.Errorf("200 OK %s = %q, want the call's ID %q", sip.CallIDHeader, cc.ServerCallID(), call.Info.ID)
			}
			if cc.Codec() != tc.wantCodec || cc.PayloadType() != tc.wantPT {
				t.Errorf("client codec = %s/%d, want %s/%d", cc.Codec(), cc.PayloadType(), tc.wantCodec, tc.wantPT)
			}
			if got := srv.ActiveCalls(); got != 1 {
				t.Errorf("ActiveCalls = %d, want 1", got)
			}

			const n = 50
			payload := make([]byte, 160)
			for i := range n {
				payload[0] = byte(i)
				if err := cc.SendRTP(payload, 160, i == 0); err != nil {
					t.Fatalf("SendRTP: %v", err)
				}
			}
			first := call.NextPacket(t)
			if first.PayloadType != tc.wantPT || !first.Marker || len(first.Payload) != 160 {
				t.Fatalf("first packet = PT %d marker %v len %d", first.PayloadType, first.Marker, len(first.Payload))
			}
			prev := first
			for i := 1; i < n; i++ {
				p := call.NextPacket(t)
				if p.SequenceNumber != prev.SequenceNumber+1 || p.Timestamp != prev.Timestamp+160 || p.Payload[0] != byte(i) {
					t.Fatalf("packet %d: seq %d ts %d payload[0] %d after seq %d ts %d",
						i, p.SequenceNumber, p.Timestamp, p.Payload[0], prev.SequenceNumber, prev.Timestamp)
				}
				prev = p
			}

			code, err := cc.Hangup(ctx)
			if err != nil || code != 200 {
				t.Fatalf("Hangup = %d, %v; want 200", code, err)
			}
			if reason := call.WaitEnd(t); reason != sip.ReasonBye {
				t.Errorf("End reason = %q, want %q", reason, sip.ReasonBye)
			}
			if got := srv.ActiveCalls(); got != 0 {
				t.Errorf("ActiveCalls after BYE = %d", got)
			}
			if _, err := cc.Hangup(ctx); !errors.Is(err, sip.ErrCallEnded) {
				t.Errorf("second Hangup error = %v, want ErrCallEnded", err)
			}
			if call.EndCount() != 1 {
				t.Errorf("End called %d times", call.EndCount())
			}
		})
	}
}
