// Package media holds everything that touches samples or packets: RTP
// reordering, G.711, resampling, voice activity detection and WAV I/O.
//
// Stages are small types that each do one step and pass their output to the
// next stage. Every stage has a String method and a Next method, so Chain
// prints a whole pipeline in a log line: "Reorder(5) -> PCMU decode ->
// Resample 8000->16000 -> BandFill(-60dBFS)".
//
// Subpackages: reorder (RTP sequence order), g711 (codec and RTP decoder
// stage), resample (rate conversion and narrowband band fill), vad (voice
// activity), wav (file I/O). Media knows nothing about calls, users or
// storage.
//
// Concurrency: a stage is owned by one goroutine (the call's media loop) and
// is not safe for concurrent use unless its documentation says otherwise.
package media

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pion/rtp"
)

// PCMWriter receives signed 16-bit mono samples. The slice is only valid
// during the call; a writer that keeps samples must copy them.
type PCMWriter interface {
	WritePCM(samples []int16) error
	String() string
}

// PCMWriterFunc adapts a function to PCMWriter.
type PCMWriterFunc func(samples []int16) error

// WritePCM calls f.
func (f PCMWriterFunc) WritePCM(samples []int16) error { return f(samples) }

// String names the adapter.
func (f PCMWriterFunc) String() string { return "func" }

// RTPHandler receives RTP packets. The packet is only valid during the
// call; a handler that keeps it must copy the payload.
type RTPHandler interface {
	HandleRTP(pkt *rtp.Packet) error
	String() string
}

// RTPHandlerFunc adapts a function to RTPHandler.
type RTPHandlerFunc func(pkt *rtp.Packet) error

// HandleRTP calls f.
func (f RTPHandlerFunc) HandleRTP(pkt *rtp.Packet) error { return f(pkt) }

// String names the adapter.
func (f RTPHandlerFunc) String() string { return "func" }

// Chained is implemented by stages that pass their output to a next stage,
// so that Chain can print a whole pipeline from its first stage.
type Chained interface {
	// Next returns the stage this one writes to, or nil at the end.
	Next() fmt.Stringer
}

// maxChain bounds Chain's walk so that a (mis-built) cyclic chain still
// prints.
const maxChain = 32

// Chain describes the pipeline that starts at first: the String of each
// stage, following Chained.Next, joined by " -> ", for example
// "Reorder(5) -> PCMU decode -> Resample 8000->16000 -> BandFill(-60dBFS)".
func Chain(first fmt.Stringer) string {
	var b strings.Builder
	s := first
	for i := 0; s != nil && !isNil(s); i++ {
		if i > 0 {
			b.WriteString(" -> ")
		}
		if i == maxChain {
			b.WriteString("...")
			break
		}
		b.WriteString(s.String())
		c, ok := s.(Chained)
		if !ok {
			break
		}
		s = c.Next()
	}
	return b.String()
}

// isNil reports whether s is an interface holding a nil pointer, which a
// stage's Next may return when it was built without a next stage.
func isNil(s fmt.Stringer) bool {
	v := reflect.ValueOf(s)
	switch v.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Slice, reflect.Interface, reflect.Chan:
		return v.IsNil()
	}
	return false
}
