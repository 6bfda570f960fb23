// Package wav reads and writes RIFF/WAVE files as mono 16-bit samples.
//
// Read accepts 16-bit PCM at any rate with any number of channels (mixed
// down to mono by averaging), G.711 mu-law (format 7) and A-law (format 6),
// each also inside WAVE_FORMAT_EXTENSIBLE. Anything else is refused with an
// error that wraps ErrUnsupported and names the format. A file whose data
// chunk is shorter than its header says (a recording cut short, or a header
// written to a pipe that could not be patched) is read up to its end.
//
// Write produces canonical 44-byte-header mono PCM16 files; it is meant for
// tests and tools.
//
// Format references: Microsoft "Multimedia Programming Interface and Data
// Specifications 1.0" (RIFF, WAVE, 'fmt ' and 'data' chunks) and
// https://learn.microsoft.com/en-us/windows/win32/api/mmreg/ns-mmreg-waveformatextensible .
//
// Functions are safe for concurrent use on different readers and writers.
package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/earshot/earshot/media/g711"
)

// The SoX-written fixtures in testdata/ come from this script.
//go:generate sh testdata/gen.sh

// Audio is a decoded WAV file.
type Audio struct {
	Rate     int     // samples per second
	Samples  []int16 // mono; multi-channel files are mixed down
	Format   string  // source encoding: "PCM16", "PCMU" (mu-law) or "PCMA" (A-law)
	Channels int     // channels in the file before mix-down
}

// Duration returns the length of the audio in seconds.
func (a *Audio) Duration() float64 {
	if a.Rate <= 0 {
		return 0
	}
	return float64(len(a.Samples)) / float64(a.Rate)
}

var (
	// ErrUnsupported is wrapped by errors for well-formed files in an
	// encoding this package does not read.
	ErrUnsupported = errors.New("wav: unsupported file")
	// ErrMalformed is wrapped by errors for files that are not valid WAVE.
	ErrMalformed = errors.New("wav: malformed file")
)

// wavError carries a full message and the sentinel it belongs to.
type wavError struct {
	msg  string
	kind error
}

func (e *wavError) Error() string { return e.msg }
func (e *wavError) Unwrap() error { return e.kind }

func unsupported(format string, args ...any) error {
	return &wavError{msg: "wav: " + fmt.Sprintf(format, args...), kind: ErrUnsupported}
}

func malformed(format string, args ...any) error {
	return &wavError{msg: "wav: " + fmt.Sprintf(format, args...), kind: ErrMalformed}
}

// Format tags (mmreg.h).
const (
	formatPCM        = 0x0001
	formatADPCM      = 0x0002
	formatFloat      = 0x0003
	formatALaw       = 0x0006
	formatMuLaw      = 0x0007
	formatIMAADPCM   = 0x0011
	formatGSM610     = 0x0031
	formatG722       = 0x028F
	formatMP3        = 0x0055
	formatExtensible = 0xFFFE
)

var formatNames = map[uint16]string{
	formatADPCM:    "MS ADPCM",
	formatFloat:    "float",
	formatIMAADPCM: "IMA ADPCM",
	formatGSM610:   "GSM 6.10",
	formatG722:     "G.722",
	formatMP3:      "MP3",
}

// guidTail is bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID defined from
// a format tag: {XXXXXXXX-0000-0010-8000-00AA00389B71}.
var guidTail = []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

const (
	maxFmtSize = 1 << 12  // a 'fmt ' chunk larger than this is not one we read
	maxRate    = 1 << 20  // samples per second
	maxChans   = 64       // channels
	readBlock  = 32 << 10 // bytes read from the data chunk at a time
	// preallocMax bounds the sample slice allocated from a header's claim
	// before the data has actually arrived.
	preallocMax = 1 << 16
)

type format struct {
	tag      uint16
	channels int
	rate     int
	align    int
	bits     int
}

// Read decodes a WAV file from r, reading up to the end of its data chunk.
func Read(r io.Reader) (*Audio, error) {
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, malformed("not a RIFF WAVE file: %v", err)
	}
	switch {
	case string(hdr[0:4]) == "RF64" || string(hdr[0:4]) == "BW64":
		return nil, unsupported("unsupported container %q; want RIFF", hdr[0:4])
	case string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE":
		return nil, malformed("not a RIFF WAVE file")
	}

	var f *format
	for {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			if f == nil {
				return nil, malformed("no 'fmt ' chunk")
			}
			return nil, malformed("no 'data' chunk")
		}
		id := string(ch[0:4])
		size := int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			if f != nil {
				return nil, malformed("two 'fmt ' chunks")
			}
			if size < 16 || size > maxFmtSize {
				return nil, malformed("'fmt ' chunk of %d bytes", size)
			}
			b := make([]byte, size)
			if _, err := io.ReadFull(r, b); err != nil {
				return nil, malformed("short 'fmt ' chunk")
			}
			if size&1 == 1 {
				// Pad byte; if it is missing the next chunk read fails.
				if _, err := io.ReadFull(r, make([]byte, 1)); err != nil {
					return nil, malformed("no 'data' chunk")
				}
			}
			var err error
			if f, err = parseFormat(b); err != nil {
				return nil, err
			}
		case "data":
			if f == nil {
				return nil, malformed("'data' chunk before 'fmt ' chunk")
			}
			return readData(r, f, size)
		default:
			// Chunks are padded to an even size. A short skip means the
			// file ended before any data chunk.
			if _, err := io.CopyN(io.Discard, r, size+size&1); err != nil {
				return nil, malformed("truncated %q chunk", id)
			}
		}
	}
}

func parseFormat(b []byte) (*format, error) {
	f := &format{
		tag:      binary.LittleEndian.Uint16(b[0:2]),
		channels: int(binary.LittleEndian.Uint16(b[2:4])),
		rate:     int(binary.LittleEndian.Uint32(b[4:8])),
		align:    int(binary.LittleEndian.Uint16(b[12:14])),
		bits:     int(binary.LittleEndian.Uint16(b[14:16])),
	}
	if f.tag == formatExtensible {
		// cbSize(2) validBits(2) channelMask(4) subFormat(16) after the
		// 16-byte base.
		if len(b) < 40 || binary.LittleEndian.Uint16(b[16:18]) < 22 {
			return nil, malformed("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of %d bytes, want 40", len(b))
		}
		guid := b[24:40]
		if !bytes.Equal(guid[2:], guidTail) {
			return nil, unsupported("unsupported WAVE_FORMAT_EXTENSIBLE sub-format %x; want PCM16, mu-law or A-law", guid)
		}
		f.tag = binary.LittleEndian.Uint16(guid[0:2])
		if valid := int(binary.LittleEndian.Uint16(b[18:20])); valid != 0 && valid != f.bits {
			return nil, unsupported("unsupported PCM with %d valid bits in %d-bit containers; want PCM16, mu-law or A-law", valid, f.bits)
		}
	}
	switch {
	case f.channels < 1 || f.channels > maxChans:
		return nil, malformed("%d channels", f.channels)
	case f.rate < 1 || f.rate > maxRate:
		return nil, malformed("sample rate %d", f.rate)
	}
	var want int // block align
	switch f.tag {
	case formatPCM:
		if f.bits != 16 {
			return nil, unsupported("unsupported PCM with %d bits per sample; want PCM16, mu-law or A-law", f.bits)
		}
		want = 2 * f.channels
	case formatMuLaw, formatALaw:
		if f.bits != 8 {
			return nil, malformed("G.711 with %d bits per sample, want 8", f.bits)
		}
		want = f.channels
	default:
		name := formatNames[f.tag]
		if name == "" {
			name = "unknown"
		}
		return nil, unsupported("unsupported format %d (%s); want PCM16, mu-law or A-law", f.tag, name)
	}
	if f.align != want {
		return nil, malformed("block align %d for %d channels of %d bits, want %d", f.align, f.channels, f.bits, want)
	}
	return f, nil
}

func readData(r io.Reader, f *format, size int64) (*Audio, error) {
	a := &Audio{Rate: f.rate, Channels: f.channels}
	var decode func(b []byte) int16
	switch f.tag {
	case formatPCM:
		a.Format = "PCM16"
		decode = func(b []byte) int16 { return int16(binary.LittleEndian.Uint16(b)) }
	case formatMuLaw:
		a.Format = "PCMU"
		decode = func(b []byte) int16 { return g711.DecodeUlawFrame(b[0]) }
	case formatALaw:
		a.Format = "PCMA"
		decode = func(b []byte) int16 { return g711.DecodeAlawFrame(b[0]) }
	}
	bps := f.align / f.channels // bytes per sample
	a.Samples = make([]int16, 0, min(size/int64(f.align), preallocMax))

	// Read whole frames; a partial frame at the very end is dropped.
	block := make([]byte, readBlock-readBlock%f.align)
	lr := io.LimitReader(r, size-size%int64(f.align))
	for {
		n, err := io.ReadFull(lr, block)
		for off := 0; off+f.align <= n; off += f.align {
			if f.channels == 1 {
				a.Samples = append(a.Samples, decode(block[off:]))
				continue
			}
			sum := 0
			for c := range f.channels {
				sum += int(decode(block[off+c*bps:]))
			}
			a.Samples = append(a.Samples, int16(sum/f.channels))
		}
		switch {
		case err == nil:
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return a, nil
		default:
			return nil, fmt.Errorf("wav: reading data: %w", err)
		}
	}
}

// Write writes samples as a mono 16-bit PCM WAV file at rate.
func Write(w io.Writer, rate int, samples []int16) error {
	if rate < 1 || rate > maxRate {
		return fmt.Errorf("wav: invalid sample rate %d", rate)
	}
	dataLen := int64(len(samples)) * 2
	if dataLen > math.MaxUint32-36 {
		return fmt.Errorf("wav: %d samples do not fit in a WAV file", len(samples))
	}
	b := make([]byte, 44, 44+dataLen)
	copy(b[0:], "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+dataLen))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], formatPCM)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], uint32(rate))
	binary.LittleEndian.PutUint32(b[28:], uint32(rate*2))
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(dataLen))
	for _, s := range samples {
		b = binary.LittleEndian.AppendUint16(b, uint16(s))
	}
	_, err := w.Write(b)
	return err
}
