package crypto

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Stream format constants (see the package doc).
const (
	streamMagic      = "ESR\x01"
	streamSaltSize   = 32
	streamHeaderSize = len(streamMagic) + keyIDSize + streamSaltSize
	chunkPrefixSize  = 1 + 4 // flags, length
	chunkOverhead    = 12 + 16
	flagFinal        = 1
)

// DefaultChunkSize is one second of 16 kHz 16-bit mono PCM: a crash loses
// at most that much of a recording.
const DefaultChunkSize = 32000

// MaxChunkSize bounds a chunk, so a corrupt length cannot make a Reader
// allocate without limit.
const MaxChunkSize = 1 << 20

// streamAAD lays out the additional data of a chunk: header, index, flags,
// then the caller's aad.
type streamAAD []byte

func newStreamAAD(header, aad []byte) streamAAD {
	b := make([]byte, 0, streamHeaderSize+9+len(aad))
	b = append(b, header...)
	b = append(b, make([]byte, 9)...)
	return append(b, aad...)
}

func (a streamAAD) set(index uint64, flags byte) []byte {
	binary.BigEndian.PutUint64(a[streamHeaderSize:], index)
	a[streamHeaderSize+8] = flags
	return a
}

// Writer encrypts a stream (a recording) in independently authenticated
// chunks. It writes the header when created and a chunk whenever a chunk's
// worth of plaintext is buffered, or on Flush; Close writes the final
// chunk. It never writes plaintext. It is an io.WriteCloser whose Close
// does not close the underlying writer, and it does not sync: call
// (*os.File).Sync for durability. A write error is sticky.
type Writer struct {
	w     io.Writer
	aead  cipher.AEAD
	aad   streamAAD
	buf   []byte
	size  int
	out   []byte
	index uint64
	err   error
}

// errWriterClosed is returned by Write after Close.
var errWriterClosed = errors.New("crypto: write to a closed stream")

// NewWriter starts a stream to w with DefaultChunkSize chunks, bound to
// aad (e.g. the call ID), which NewReader must be given again.
func (k *SubjectKey) NewWriter(w io.Writer, aad []byte) (*Writer, error) {
	return k.NewWriterSize(w, aad, DefaultChunkSize)
}

// NewWriterSize is NewWriter with chunks of chunkSize bytes of plaintext
// (1 to MaxChunkSize).
func (k *SubjectKey) NewWriterSize(w io.Writer, aad []byte, chunkSize int) (*Writer, error) {
	if chunkSize < 1 || chunkSize > MaxChunkSize {
		return nil, fmt.Errorf("crypto: chunk size %d, want 1 to %d", chunkSize, MaxChunkSize)
	}
	header := make([]byte, 0, streamHeaderSize)
	header = append(header, streamMagic...)
	header = append(header, k.id[:]...)
	header = header[:streamHeaderSize]
	rand.Read(header[streamHeaderSize-streamSaltSize:])
	if _, err := w.Write(header); err != nil {
		return nil, fmt.Errorf("crypto: write stream header: %w", err)
	}
	return &Writer{
		w:    w,
		aead: newAEAD(k.derive(header[streamHeaderSize-streamSaltSize:], "earshot/stream/v1")),
		aad:  newStreamAAD(header, aad),
		buf:  make([]byte, 0, chunkSize),
		size: chunkSize,
		out:  make([]byte, 0, chunkPrefixSize+chunkOverhead+chunkSize),
	}, nil
}

// Write buffers p and writes every chunk it fills.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n := 0
	for len(p) > 0 {
		take := min(w.size-len(w.buf), len(p))
		w.buf = append(w.buf, p[:take]...)
		n += take
		p = p[take:]
		if len(w.buf) == w.size {
			if err := w.seal(0); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// Flush writes the buffered plaintext as a chunk now, so a crash cannot
// lose it (call it on a timer to bound the loss in time).
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if len(w.buf) == 0 {
		return nil
	}
	return w.seal(0)
}

// Close writes the final chunk, with whatever is buffered. Later calls
// return nil; later Writes fail.
func (w *Writer) Close() error {
	if w.err == errWriterClosed {
		return nil
	}
	if w.err != nil {
		return w.err
	}
	if err := w.seal(flagFinal); err != nil {
		return err
	}
	w.err = errWriterClosed
	return nil
}

func (w *Writer) seal(flags byte) error {
	out := append(w.out[:0], flags, 0, 0, 0, 0)
	out = w.aead.Seal(out, nil, w.buf, w.aad.set(w.index, flags))
	binary.BigEndian.PutUint32(out[1:chunkPrefixSize], uint32(len(out)-chunkPrefixSize))
	w.out = out
	clear(w.buf)
	w.buf = w.buf[:0]
	w.index++
	if _, err := w.w.Write(out); err != nil {
		w.err = fmt.Errorf("crypto: write chunk: %w", err)
		return w.err
	}
	return nil
}

// Reader decrypts a stream written by a Writer. Read returns only
// authenticated plaintext, a chunk at a time: on a damaged chunk it
// returns ErrTampered, and at the end of a stream that lacks its final
// chunk ErrTruncated, after all the plaintext before it.
type Reader struct {
	r     io.Reader
	aead  cipher.AEAD
	aad   streamAAD
	pre   [chunkPrefixSize]byte
	in    []byte
	plain []byte
	off   int
	index uint64
	final bool
	err   error
}

// NewReader reads the stream header from r and returns a Reader, or
// ErrWrongKey if the stream was sealed under another key.
func (k *SubjectKey) NewReader(r io.Reader, aad []byte) (*Reader, error) {
	header, err := readStreamHeader(r)
	if err != nil {
		return nil, err
	}
	return k.newReader(header, r, aad)
}

// readStreamHeader reads and checks the fixed header.
func readStreamHeader(r io.Reader) ([]byte, error) {
	header := make([]byte, streamHeaderSize)
	if _, err := io.ReadFull(r, header); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: stream header", ErrTruncated)
		}
		return nil, fmt.Errorf("crypto: read stream header: %w", err)
	}
	if !bytes.HasPrefix(header, []byte(streamMagic)) {
		return nil, fmt.Errorf("%w: not an Earshot stream", ErrTampered)
	}
	return header, nil
}

// streamKeyID returns the hex key ID in a header.
func streamKeyID(header []byte) [keyIDSize]byte {
	return [keyIDSize]byte(header[len(streamMagic) : len(streamMagic)+keyIDSize])
}

func (k *SubjectKey) newReader(header []byte, r io.Reader, aad []byte) (*Reader, error) {
	if streamKeyID(header) != k.id {
		return nil, fmt.Errorf("%w: stream sealed under another key than %s", ErrWrongKey, k.idText)
	}
	return &Reader{
		r:    r,
		aead: newAEAD(k.derive(header[streamHeaderSize-streamSaltSize:], "earshot/stream/v1")),
		aad:  newStreamAAD(header, aad),
	}, nil
}

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	for r.off == len(r.plain) {
		if r.err != nil {
			return 0, r.err
		}
		r.err = r.next()
	}
	n := copy(p, r.plain[r.off:])
	r.off += n
	return n, nil
}

// next reads and opens one chunk, or returns why it cannot.
func (r *Reader) next() error {
	r.plain, r.off = r.plain[:0], 0
	if r.final {
		// Nothing may follow the final chunk.
		if n, err := io.ReadFull(r.r, r.pre[:1]); n > 0 {
			return fmt.Errorf("%w: data after the final chunk", ErrTampered)
		} else if !errors.Is(err, io.EOF) {
			return fmt.Errorf("crypto: read stream: %w", err)
		}
		return io.EOF
	}
	if _, err := io.ReadFull(r.r, r.pre[:]); err != nil {
		return r.readErr(err)
	}
	flags, n := r.pre[0], binary.BigEndian.Uint32(r.pre[1:])
	if flags&^flagFinal != 0 || n < chunkOverhead || n > MaxChunkSize+chunkOverhead {
		return fmt.Errorf("%w: chunk %d header", ErrTampered, r.index)
	}
	if cap(r.in) < int(n) {
		r.in = make([]byte, n)
	}
	r.in = r.in[:n]
	if _, err := io.ReadFull(r.r, r.in); err != nil {
		return r.readErr(err)
	}
	plain, err := r.aead.Open(r.plain[:0], nil, r.in, r.aad.set(r.index, flags))
	if err != nil {
		return fmt.Errorf("%w: chunk %d fails authentication", ErrTampered, r.index)
	}
	r.plain = plain
	r.index++
	r.final = flags&flagFinal != 0
	return nil
}

func (r *Reader) readErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w after %d chunks", ErrTruncated, r.index)
	}
	return fmt.Errorf("crypto: read stream: %w", err)
}
