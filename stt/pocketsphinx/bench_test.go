package pocketsphinx

import (
	"context"
	"os/exec"
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

// BenchmarkDecoderAlone is pocketsphinx alone on the audio of a G.711
// call: Earshot's decoder settings (model, end-of-utterance silence,
// narrowband CMN start) decoding the five LibriVox utterances after a
// mu-law round trip, each followed by 1 s of silence, in 20 ms writes,
// with an utterance ended wherever the library's voice activity detector
// ends one. No streams, goroutines, partial results or word timings: the
// floor the gateway's CPU per transcribed call is compared with in
// docs/PERFORMANCE.md (run it on an otherwise idle machine):
//
//	go test ./stt/pocketsphinx -run '^$' -bench DecoderAlone -benchtime 3x
func BenchmarkDecoderAlone(b *testing.B) {
	if _, err := exec.LookPath("sox"); err != nil {
		b.Skip("sox not installed (needed for the G.711 round trip)")
	}
	engine(b) // skips without the model
	files, err := filepath.Glob(filepath.Join(librivoxDir, "*.wav"))
	if err != nil || len(files) == 0 {
		b.Skip("LibriVox test files missing (pocketsphinx-testdata)")
	}
	dir := b.TempDir()
	var pcm []int16
	for _, f := range files {
		s, _, err := readWAV(g711(b, f, dir))
		if err != nil {
			b.Fatal(err)
		}
		pcm = append(pcm, s...)
		pcm = append(pcm, make([]int16, SampleRate)...)
	}
	args, err := decoderArgs(Options{}.withDefaults())
	if err != nil {
		b.Fatal(err)
	}
	d, err := newDecoder(args)
	if err != nil {
		b.Fatal(err)
	}
	defer d.free()
	set, err := Narrowband.settings()
	if err != nil {
		b.Fatal(err)
	}
	audio := float64(len(pcm)) / SampleRate
	utts := 0
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		if err := d.startStream(set.cmnInit); err != nil {
			b.Fatal(err)
		}
		speech := false
		for off := 0; off < len(pcm); off += SampleRate / 50 {
			if err := d.process(pcm[off:min(off+SampleRate/50, len(pcm))]); err != nil {
				b.Fatal(err)
			}
			switch in := d.inSpeech(); {
			case in:
				speech = true
			case speech:
				speech = false
				utts++
				if err := d.endUtt(); err != nil {
					b.Fatal(err)
				}
				if err := d.startUtt(); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := d.endUtt(); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime() - start
	if utts == 0 {
		b.Fatal("the decoder never found the end of an utterance")
	}
	b.ReportMetric(cpu.Seconds()/(audio*float64(b.N)), "cpu-s/audio-s")
	b.ReportMetric(float64(utts)/float64(b.N), "utterances/op")
}
