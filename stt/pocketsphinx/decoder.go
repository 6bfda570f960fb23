package pocketsphinx

/*
#cgo pkg-config: pocketsphinx sphinxbase
#include <stdlib.h>
#include "sphinx.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/earshot/earshot/stt"
)

// quietOnce silences the library's logging. The log destination is
// process-wide state in sphinxbase, so it is set exactly once and never
// per decoder (-logfn per decoder crashes or hangs with several decoders).
var quietOnce sync.Once

// errDecoder marks failures reported by the library itself.
var errDecoder = errors.New("pocketsphinx decoder error")

// decoder owns one ps_decoder_t. It is used by one goroutine at a time:
// the pool hands it to exactly one stream.
type decoder struct {
	ps    *C.ps_decoder_t
	argv  []*C.char // kept alive for the decoder's lifetime (see es_init)
	cmn   *C.cmn_t  // live CMN state, nil if the model has none
	frate int64     // frames per second
	// modelCMN is the CMN vector the model's feat.params (-cmninit) set
	// at creation, restored for streams that bring none.
	modelCMN []float32

	// inUtt is true between startUtt and endUtt.
	inUtt bool
}

// call runs f, which makes library calls and reports success, and turns a
// failure into an error carrying the library's message. The goroutine is
// locked to its OS thread meanwhile, because the C side keeps the last
// message per thread and consecutive cgo calls may otherwise run on
// different threads.
func call(what string, f func() bool) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	C.es_clear_error()
	if f() {
		return nil
	}
	return libError(what)
}

// libError wraps the library's last error message on this thread.
func libError(what string) error {
	msg := strings.TrimSpace(C.GoString(C.es_last_error()))
	if msg == "" {
		return fmt.Errorf("%w: %s failed", errDecoder, what)
	}
	return fmt.Errorf("%w: %s failed: %s", errDecoder, what, msg)
}

// newDecoder creates a decoder from command-line style arguments
// ("-hmm", dir, "-lm", file, ...). It takes about 0.4 s and 90 MB with
// the en-us model.
func newDecoder(args []string) (*decoder, error) {
	quietOnce.Do(func() { C.es_quiet() })

	d := &decoder{argv: make([]*C.char, 0, len(args)+1)}
	d.argv = append(d.argv, C.CString("earshot"))
	for _, a := range args {
		d.argv = append(d.argv, C.CString(a))
	}
	// The argv array itself is only read during parsing; the strings are
	// referenced afterwards, so they live in C memory until free.
	arr := (**C.char)(C.malloc(C.size_t(len(d.argv)) * C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	defer C.free(unsafe.Pointer(arr))
	copy(unsafe.Slice(arr, len(d.argv)), d.argv)

	if err := call("init", func() bool {
		d.ps = C.es_init(C.int(len(d.argv)), arr)
		return d.ps != nil
	}); err != nil {
		d.freeArgs()
		return nil, err
	}
	d.cmn = C.es_cmn(d.ps)
	d.modelCMN = d.cmnMean()
	d.frate = int64(C.es_frate(d.ps))
	if d.frate <= 0 {
		d.free()
		return nil, fmt.Errorf("%w: bad frame rate %d", errDecoder, d.frate)
	}
	return d, nil
}

func (d *decoder) freeArgs() {
	for _, p := range d.argv {
		C.free(unsafe.Pointer(p))
	}
	d.argv = nil
}

// free releases the decoder. It must not be used afterwards.
func (d *decoder) free() {
	if d.ps != nil {
		C.ps_free(d.ps)
		d.ps = nil
	}
	d.freeArgs()
}

// cmnLen is the length of the CMN vector (the number of cepstra), 0 when
// the model has no CMN.
func (d *decoder) cmnLen() int {
	if d.cmn == nil {
		return 0
	}
	return int(d.cmn.veclen)
}

// cmnMean returns the current live CMN means.
func (d *decoder) cmnMean() []float32 {
	n := d.cmnLen()
	if n == 0 {
		return nil
	}
	v := make([]C.mfcc_t, n)
	C.cmn_live_get(d.cmn, &v[0])
	out := make([]float32, n)
	for i := range v {
		out[i] = float32(v[i])
	}
	return out
}

// setCMN resets the live CMN means (and the window they are averaged
// over) to v.
func (d *decoder) setCMN(v []float32) error {
	n := d.cmnLen()
	if n == 0 || len(v) == 0 {
		return nil
	}
	if len(v) != n {
		return fmt.Errorf("CMN vector has %d values, model wants %d", len(v), n)
	}
	cv := make([]C.mfcc_t, n)
	for i := range v {
		cv[i] = C.mfcc_t(v[i])
	}
	C.cmn_live_set(d.cmn, &cv[0])
	return nil
}

// meanCepstrum returns the mean cepstrum of the frames of pcm that the
// decoder's front end keeps as speech, computed by a separate front end
// with the same configuration. It is a measuring aid (see
// narrowbandCMNInit) and leaves the decoder untouched.
func (d *decoder) meanCepstrum(pcm []int16) ([]float32, int, error) {
	if len(pcm) == 0 {
		return nil, 0, nil
	}
	out := make([]C.float, 64)
	var n C.int
	if err := call("mean cepstrum", func() bool {
		n = C.es_mean_cep(d.ps, (*C.int16)(unsafe.Pointer(&pcm[0])), C.size_t(len(pcm)), &out[0], C.int(len(out)))
		return n >= 0
	}); err != nil {
		return nil, 0, err
	}
	mean := make([]float32, d.cmnLen())
	for i := range mean {
		mean[i] = float32(out[i])
	}
	return mean, int(n), nil
}

// startStream prepares the decoder for a new audio stream: frame counters
// and noise statistics restart, the CMN is reset to cmnInit (the model's
// own vector when nil) and the first utterance is started. Resetting the
// CMN matters because it adapts during a stream: without the reset one
// caller's channel would colour the start of the next call.
func (d *decoder) startStream(cmnInit []float32) error {
	if d.inUtt {
		if err := d.endUtt(); err != nil {
			return err
		}
	}
	if err := call("start stream", func() bool { return C.ps_start_stream(d.ps) >= 0 }); err != nil {
		return err
	}
	if cmnInit == nil {
		cmnInit = d.modelCMN
	}
	if err := d.setCMN(cmnInit); err != nil {
		return err
	}
	return d.startUtt()
}

func (d *decoder) startUtt() error {
	if err := call("start utterance", func() bool { return C.ps_start_utt(d.ps) >= 0 }); err != nil {
		return err
	}
	d.inUtt = true
	return nil
}

func (d *decoder) endUtt() error {
	d.inUtt = false
	return call("end utterance", func() bool { return C.ps_end_utt(d.ps) >= 0 })
}

// process feeds samples (16 kHz, 16-bit mono) to the current utterance.
func (d *decoder) process(pcm []int16) error {
	if len(pcm) == 0 {
		return nil
	}
	return call("process", func() bool {
		return C.ps_process_raw(d.ps, (*C.int16)(unsafe.Pointer(&pcm[0])), C.size_t(len(pcm)), 0, 0) >= 0
	})
}

// inSpeech reports the library's voice activity state after the last
// processed frame. It turns false after -vad_postspeech frames without
// speech.
func (d *decoder) inSpeech() bool { return C.ps_get_in_speech(d.ps) != 0 }

// hyp returns the current best hypothesis text as the library gives it;
// it is only compared with the previous one to detect changes.
func (d *decoder) hyp() string {
	h := C.ps_get_hyp(d.ps, nil)
	if h == nil {
		return ""
	}
	return C.GoString(h)
}

// words appends the current best word segmentation to dst, filler words
// removed, with times in milliseconds since the start of the stream.
func (d *decoder) words(dst []stt.Word) []stt.Word {
	for seg := C.ps_seg_iter(d.ps); seg != nil; seg = C.ps_seg_next(seg) {
		w, ok := cleanWord(C.GoString(C.ps_seg_word(seg)))
		if !ok {
			continue
		}
		var sf, ef C.int
		C.ps_seg_frames(seg, &sf, &ef)
		dst = append(dst, stt.Word{
			Text:    w,
			StartMS: int64(sf) * 1000 / d.frate,
			// ef is the last frame of the word, inclusive.
			EndMS: (int64(ef) + 1) * 1000 / d.frate,
		})
	}
	return dst
}

// cleanWord maps a dictionary entry to the spoken word: fillers (<s>,
// </s>, <sil>, [NOISE], ++NOISE++ ...) are dropped and the alternate
// pronunciation suffix of "word(2)" is removed.
func cleanWord(w string) (string, bool) {
	if w == "" {
		return "", false
	}
	switch w[0] {
	case '<', '[', '+':
		return "", false
	}
	if i := strings.IndexByte(w, '('); i > 0 && strings.HasSuffix(w, ")") {
		w = w[:i]
	}
	return w, true
}
