package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/policy/store"
)

// The quality sub-store keeps the last report per call leg, replaces it,
// refuses reports of unknown calls, deletes by age and goes with its call.
func TestQualityStore(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			url, dir := b.url(t)
			st := mustOpen(t, url, dir)
			qs, ok := st.(store.QualityStore)
			if !ok {
				t.Fatalf("%T does not implement QualityStore", st)
			}
			ctx := ctxT(t)
			if err := st.CreateCall(ctx, store.Call{ID: "q1", Channel: "sip", Codec: "PCMU", StartedAt: at0}); err != nil {
				t.Fatal(err)
			}
			rtt := 0.042
			report := func(mos float64) quality.Report {
				return quality.Report{PacketsReceived: 100, PacketsLost: 3, Jitter: 0.0125, RoundTripTime: &rtt, MOS: mos, MOSMethod: quality.MOSMethod}
			}
			before := time.Now().Add(-time.Second)
			if err := qs.PutQuality(ctx, "q1", "caller", report(4.1)); err != nil {
				t.Fatal(err)
			}
			if err := qs.PutQuality(ctx, "q1", "caller", report(4.3)); err != nil { // replaces
				t.Fatal(err)
			}
			if err := qs.PutQuality(ctx, "q1", "agent", report(3.9)); err != nil {
				t.Fatal(err)
			}
			got, err := qs.Quality(ctx, "q1")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].Leg != "agent" || got[1].Leg != "caller" || got[1].ReportedAt.Before(before) {
				t.Fatalf("Quality = %+v", got)
			}
			if r := got[1].Report; r.MOS != 4.3 || r.MOSMethod != "g107" || r.PacketsLost != 3 || r.Jitter != 0.0125 ||
				r.RoundTripTime == nil || *r.RoundTripTime != rtt {
				t.Errorf("caller report %+v", r)
			}
			// Errors: unknown call, empty leg or call.
			if err := qs.PutQuality(ctx, "nope", "caller", report(1)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("report of an unknown call: %v, want ErrNotFound", err)
			}
			if err := qs.PutQuality(ctx, "q1", "", report(1)); err == nil {
				t.Error("a report without leg was stored")
			}
			if err := qs.PutQuality(ctx, "", "caller", report(1)); err == nil {
				t.Error("a report without call was stored")
			}
			if got, err := qs.Quality(ctx, "nope"); err != nil || len(got) != 0 {
				t.Errorf("Quality of an unknown call = %v, %v", got, err)
			}
			// Retention: nothing is older than a second ago; everything is
			// older than an hour from now.
			if n, err := qs.DeleteQualityBefore(ctx, before); err != nil || n != 0 {
				t.Fatalf("DeleteQualityBefore(past) = %d, %v; want 0", n, err)
			}
			if n, err := qs.DeleteQualityBefore(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
				t.Fatalf("DeleteQualityBefore(future) = %d, %v; want 2", n, err)
			}
			if got, err := qs.Quality(ctx, "q1"); err != nil || len(got) != 0 {
				t.Errorf("after delete: %+v, %v", got, err)
			}

		})
	}
}
