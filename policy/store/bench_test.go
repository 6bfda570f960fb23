package store_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/earshot/earshot/policy/redact"
	"github.com/earshot/earshot/policy/store"
)

// BenchmarkAddSegment measures storing one redacted segment, from one
// goroutine and from GOMAXPROCS goroutines (several live calls).
func BenchmarkAddSegment(b *testing.B) {
	red := redact.Text("my card is 4111 1111 1111 1111 and my email is jo@example.com")
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			dbURL, dir := be.url(b)
			s := mustOpen(b, dbURL, dir)
			ctx := b.Context()
			var calls atomic.Int64
			newCall := func() string {
				id := fmt.Sprintf("call-%d", calls.Add(1))
				if err := s.CreateCall(ctx, store.Call{ID: id, Channel: "sip", Codec: "PCMU", StartedAt: at0}); err != nil {
					b.Fatal(err)
				}
				return id
			}

			b.Run("serial", func(b *testing.B) {
				id := newCall()
				b.ReportAllocs()
				seq := 0
				for b.Loop() {
					if err := s.AddSegment(ctx, store.Segment{CallID: id, Seq: seq, StartMS: int64(seq), EndMS: int64(seq) + 1, Redacted: red}); err != nil {
						b.Fatal(err)
					}
					seq++
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					id := newCall()
					seq := 0
					for pb.Next() {
						if err := s.AddSegment(ctx, store.Segment{CallID: id, Seq: seq, StartMS: int64(seq), EndMS: int64(seq) + 1, Redacted: red}); err != nil {
							b.Error(err)
							return
						}
						seq++
					}
				})
			})
		})
	}
}
