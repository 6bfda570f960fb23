package pocketsphinx

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
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
// docs/PERFORMANCE.md (run it on an otherwise idle machine).
//
// "batch" writes as fast as the decoder takes the audio, as
// pocketsphinx_continuous -infile does; "realtime" waits 20 ms between
// writes, as a call's audio arrives, which leaves the decoder's tables to
// go cold in the caches between writes (it takes the audio's length):
//
//	go test ./stt/pocketsphinx -run '^$' -bench DecoderAlone -benchtime 1x
func BenchmarkDecoderAlone(b *testing.B) {
	pcm := g711Speech(b)
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
	for _, paced := range []bool{false, true} {
		b.Run(map[bool]string{false: "batch", true: "realtime"}[paced], func(b *testing.B) {
			audio := float64(len(pcm)) / SampleRate
			utts := 0
			start := cpuTime()
			for b.Loop() {
				utts += decodeAlone(b, d, set.cmnInit, pcm, paced)
			}
			cpu := cpuTime() - start
			if utts == 0 {
				b.Fatal("the decoder never found the end of an utterance")
			}
			b.ReportMetric(cpu.Seconds()/(audio*float64(b.N)), "cpu-s/audio-s")
			b.ReportMetric(float64(utts)/float64(b.N), "utterances/op")
		})
	}
}

// decodeAlone decodes pcm in 20 ms writes (one every 20 ms when paced),
// ending utterances where the voice activity detector does, and returns
// how many it ended.
func decodeAlone(b *testing.B, d *decoder, cmnInit []float32, pcm []int16, paced bool) int {
	const chunk = SampleRate / 50
	if err := d.startStream(cmnInit); err != nil {
		b.Fatal(err)
	}
	utts, speech := 0, false
	next := time.Now()
	for off := 0; off < len(pcm); off += chunk {
		if paced {
			next = next.Add(20 * time.Millisecond)
			time.Sleep(time.Until(next))
		}
		if err := d.process(pcm[off:min(off+chunk, len(pcm))]); err != nil {
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
	return utts
}

// BenchmarkStreamG711 is the same audio as BenchmarkDecoderAlone through a
// narrowband Stream, as a call uses it: the decoder plus what a stream
// adds (partial results every 250 ms with word timings, finals, the
// decoding goroutine). The difference between the two is the cost of the
// streaming results.
//
//	go test ./stt/pocketsphinx -run '^$' -bench 'DecoderAlone|StreamG711' -benchtime 3x
func BenchmarkStreamG711(b *testing.B) {
	pcm := g711Speech(b)
	for _, fast := range []bool{false, true} {
		name := map[bool]string{false: "default", true: "fast-finals"}[fast]
		b.Run(name, func(b *testing.B) {
			e, err := New(Options{Profile: Narrowband, PoolSize: 1, FastFinals: fast})
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := e.Ready(ctx); err != nil {
				b.Fatal(err)
			}
			audio := float64(len(pcm)) / SampleRate
			partials := 0
			b.ResetTimer()
			start := cpuTime()
			for b.Loop() {
				s, err := e.NewStream(context.Background(), SampleRate)
				if err != nil {
					b.Fatal(err)
				}
				got := decode(b, s, pcm)
				if len(got.finals) == 0 {
					b.Fatal("no final result")
				}
				partials += len(got.results) - len(got.finals)
			}
			cpu := cpuTime() - start
			b.ReportMetric(cpu.Seconds()/(audio*float64(b.N)), "cpu-s/audio-s")
			b.ReportMetric(float64(partials)/float64(b.N), "partials/op")
		})
	}
}

// g711Speech is the five LibriVox utterances after a mu-law round trip
// (sox), at 16 kHz, each followed by 1 s of silence.
func g711Speech(b *testing.B) []int16 {
	b.Helper()
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
	return pcm
}
