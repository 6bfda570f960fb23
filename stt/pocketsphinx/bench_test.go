package pocketsphinx

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkStream decodes 3 s of real speech through one stream in 20 ms
// writes and reports the CPU time spent per second of audio (process
// CPU, so run it on an otherwise idle machine):
//
//	go test ./stt/pocketsphinx -run '^$' -bench Stream -benchtime 5x
func BenchmarkStream(b *testing.B) {
	e := engine(b)
	speech, _, err := readWAV(filepath.Join(librivoxDir, "sense_and_sensibility_01_austen_64kb-0880.wav"))
	if err != nil {
		b.Fatal(err)
	}
	audio := float64(len(speech)) / SampleRate
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		s, err := e.NewStream(context.Background(), SampleRate)
		if err != nil {
			b.Fatal(err)
		}
		if got := decode(b, s, speech); len(got.finals) == 0 {
			b.Fatal("no final result")
		}
	}
	cpu := cpuTime() - start
	b.ReportMetric(cpu.Seconds()/(audio*float64(b.N)), "cpu-s/audio-s")
	b.ReportMetric(audio, "audio-s/op")
}
