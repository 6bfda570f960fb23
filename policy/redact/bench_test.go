package redact

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// benchHypotheses are ~20-word partial hypotheses: one with a card number
// being read, one with an e-mail, one with no entity.
var benchHypotheses = []struct{ name, text string }{
	{"card", "yes hello so my card number is four one one one one one one one one one one one one one one"},
	{"email", "sure thing my email address is john dot doe at example dot com if you need it"},
	{"plain", "I would like to book a table for two people at half past seven tonight if that works"},
}

func BenchmarkStreamPartial(b *testing.B) {
	for _, h := range benchHypotheses {
		words := strings.Fields(h.text)
		b.Run(h.name, func(b *testing.B) {
			s := NewStream()
			b.ReportAllocs()
			for b.Loop() {
				s.Partial(words)
			}
		})
	}
}

// BenchmarkStreamPartialP99 times each call and reports the 99th percentile
// as p99-ns, the figure the live pipeline's latency budget cares about.
func BenchmarkStreamPartialP99(b *testing.B) {
	words := strings.Fields(benchHypotheses[0].text)
	s := NewStream()
	times := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		s.Partial(words)
		if len(times) < cap(times) {
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}

func BenchmarkText(b *testing.B) {
	for _, h := range benchHypotheses {
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Text(h.text)
			}
		})
	}
}

// BenchmarkStreamPartialLong times a 100-word hypothesis mixing every kind
// of entity: the worst case of a long monologue before a final.
func BenchmarkStreamPartialLong(b *testing.B) {
	text := strings.Repeat("hello my name is anna jensen and i live at twelve baker street my iban is d k five zero "+
		"zero zero four zero and the card is four one one one one ", 4)
	words := strings.Fields(text)
	s := NewStream()
	times := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		s.Partial(words)
		if len(times) < cap(times) {
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	b.ReportMetric(float64(len(words)), "words")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}
