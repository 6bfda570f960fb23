package crypto

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// testKey returns a subject key with a fixed ID and secret derived from n.
func testKey(t testing.TB, n byte) *SubjectKey {
	t.Helper()
	secret := bytes.Repeat([]byte{n}, KeySize)
	id := hex.EncodeToString(bytes.Repeat([]byte{n + 1}, keyIDSize))
	k, err := newSubjectKey(id, fmt.Sprintf("ps_subject%d", n), secret)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// pcm returns n bytes of deterministic pseudo-audio.
func pcm(n int) []byte {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// encrypt writes data in writes of step bytes and closes the stream.
func encrypt(t testing.TB, k *SubjectKey, data, aad []byte, chunk, step int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := k.NewWriterSize(&buf, aad, chunk)
	if err != nil {
		t.Fatal(err)
	}
	for len(data) > 0 {
		n := min(step, len(data))
		if m, err := w.Write(data[:n]); err != nil || m != n {
			t.Fatalf("Write = %d, %v", m, err)
		}
		data = data[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decrypt reads a whole stream and returns what it read and the error.
func decrypt(k *SubjectKey, stream, aad []byte) ([]byte, error) {
	r, err := k.NewReader(bytes.NewReader(stream), aad)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func TestStreamRoundTrip(t *testing.T) {
	k := testKey(t, 1)
	aad := []byte("call-1/recording")
	tests := []struct {
		size, chunk, step int
	}{
		{0, 100, 1}, {1, 100, 1}, {99, 100, 7}, {100, 100, 100}, {101, 100, 33},
		{350, 100, 1000}, {1000, 1, 3}, {3 * DefaultChunkSize, DefaultChunkSize, 640},
		{DefaultChunkSize + 640, DefaultChunkSize, 640},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d/%d/%d", tc.size, tc.chunk, tc.step), func(t *testing.T) {
			data := pcm(tc.size)
			stream := encrypt(t, k, data, aad, tc.chunk, tc.step)
			chunks := tc.size/tc.chunk + 1 // full chunks, then the final one
			if want := streamHeaderSize + chunks*(chunkPrefixSize+chunkOverhead) + tc.size; len(stream) != want {
				t.Errorf("stream is %d bytes, want %d", len(stream), want)
			}
			if tc.size >= 16 && bytes.Contains(stream, data[:16]) {
				t.Error("the stream contains plaintext")
			}
			got, err := decrypt(k, stream, aad)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if !bytes.Equal(got, data) {
				t.Errorf("read %d bytes, want the %d written", len(got), len(data))
			}
		})
	}
	// Two streams of the same data differ (random salt and nonces).
	a, b := encrypt(t, k, pcm(10), aad, 100, 10), encrypt(t, k, pcm(10), aad, 100, 10)
	if bytes.Equal(a, b) {
		t.Error("two encryptions of one stream are equal")
	}
}

// chunkBounds returns the offsets where each chunk of a stream starts.
func chunkBounds(t *testing.T, stream []byte) []int {
	t.Helper()
	var at []int
	for off := streamHeaderSize; off < len(stream); {
		at = append(at, off)
		off += chunkPrefixSize + int(binary.BigEndian.Uint32(stream[off+1:]))
	}
	return at
}

func TestStreamTamper(t *testing.T) {
	k := testKey(t, 1)
	aad := []byte("call-1")
	data := pcm(250)
	stream := encrypt(t, k, data, aad, 100, 250) // chunks of 100, 100, 50 (final)
	at := chunkBounds(t, stream)
	if len(at) != 3 {
		t.Fatalf("stream has %d chunks, want 3", len(at))
	}
	cut := func(from, to int) []byte { // stream without bytes [from, to)
		return append(bytes.Clone(stream[:from]), stream[to:]...)
	}
	swap := func(i, j int) []byte { // chunks i < j swapped
		s := bytes.Clone(stream[:at[i]])
		end := func(c int) int {
			if c+1 < len(at) {
				return at[c+1]
			}
			return len(stream)
		}
		s = append(s, stream[at[j]:end(j)]...)
		s = append(s, stream[end(i):at[j]]...)
		s = append(s, stream[at[i]:end(i)]...)
		return append(s, stream[end(j):]...)
	}
	withFlags := func(c int, flags byte) []byte {
		s := bytes.Clone(stream)
		s[at[c]] = flags
		return s
	}
	tests := []struct {
		name   string
		stream []byte
		aad    []byte
		want   error
	}{
		{"swap chunks 0 and 1", swap(0, 1), aad, ErrTampered},
		{"swap chunks 1 and 2", swap(1, 2), aad, ErrTampered},
		{"drop chunk 1", cut(at[1], at[2]), aad, ErrTampered},
		{"repeat chunk 0", append(cut(at[1], len(stream)), stream[at[0]:]...), aad, ErrTampered},
		{"drop the final chunk", stream[:at[2]], aad, ErrTruncated},
		{"mark chunk 1 final", withFlags(1, flagFinal), aad, ErrTampered},
		{"unmark the final chunk", withFlags(2, 0), aad, ErrTampered},
		{"unknown flag", withFlags(0, 2), aad, ErrTampered},
		{"data after the final chunk", append(bytes.Clone(stream), 0), aad, ErrTampered},
		{"other aad", stream, []byte("call-2"), ErrTampered},
		{"no aad", stream, nil, ErrTampered},
		{"empty", nil, aad, ErrTruncated},
		{"not a stream", bytes.Repeat([]byte("x"), 100), aad, ErrTampered},
	}
	for _, tc := range tests {
		got, err := decrypt(k, tc.stream, tc.aad)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
		if !bytes.HasPrefix(data, got) {
			t.Errorf("%s: read %d bytes that are not a prefix of the plaintext", tc.name, len(got))
		}
	}

	// Flipping any bit anywhere is an error, never other plaintext.
	for i := range stream {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(stream)
			bad[i] ^= bit
			got, err := decrypt(k, bad, aad)
			if err == nil {
				t.Fatalf("bit %#x of byte %d flipped: read succeeded", bit, i)
			}
			if !bytes.HasPrefix(data, got) {
				t.Fatalf("bit %#x of byte %d flipped: read bytes that are not a prefix of the plaintext", bit, i)
			}
		}
	}

	// Every cut, anywhere, is ErrTruncated after a prefix of the plaintext.
	for n := range len(stream) {
		got, err := decrypt(k, stream[:n], aad)
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("stream cut to %d bytes: err = %v, want ErrTruncated", n, err)
		}
		if !bytes.HasPrefix(data, got) {
			t.Fatalf("stream cut to %d bytes: read bytes that are not a prefix of the plaintext", n)
		}
	}
}

func TestStreamWrongKey(t *testing.T) {
	a, b := testKey(t, 1), testKey(t, 2)
	stream := encrypt(t, a, pcm(300), nil, 100, 300)
	if _, err := decrypt(b, stream, nil); !errors.Is(err, ErrWrongKey) {
		t.Errorf("another subject's key: err = %v, want ErrWrongKey", err)
	}
	// A key that claims a's ID but has other material fails authentication.
	forged, err := newSubjectKey(a.ID(), a.Subject(), bytes.Repeat([]byte{9}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decrypt(forged, stream, nil); !errors.Is(err, ErrTampered) {
		t.Errorf("forged key: err = %v, want ErrTampered", err)
	}
}

// TestStreamCrash writes without closing, as a process that dies does: the
// reader gets every written chunk, then ErrTruncated.
func TestStreamCrash(t *testing.T) {
	k := testKey(t, 1)
	data := pcm(250)
	var buf bytes.Buffer
	w, err := k.NewWriterSize(&buf, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	got, err := decrypt(k, buf.Bytes(), nil)
	if !errors.Is(err, ErrTruncated) || !bytes.Equal(got, data[:200]) {
		t.Errorf("after a crash: read %d bytes, %v; want the 200 of the full chunks and ErrTruncated", len(got), err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err = decrypt(k, buf.Bytes(), nil)
	if !errors.Is(err, ErrTruncated) || !bytes.Equal(got, data) {
		t.Errorf("after Flush and a crash: read %d bytes, %v; want all 250 and ErrTruncated", len(got), err)
	}
	if err := w.Flush(); err != nil { // nothing buffered: no chunk
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err = decrypt(k, buf.Bytes(), nil)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("after Close: read %d bytes, %v; want all", len(got), err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := w.Write([]byte{1}); err == nil {
		t.Error("Write after Close succeeded")
	}
}

type failWriter struct{ after int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("disk full")
	}
	f.after--
	return len(p), nil
}

func TestStreamWriteError(t *testing.T) {
	k := testKey(t, 1)
	if _, err := k.NewWriterSize(&failWriter{}, nil, 10); err == nil {
		t.Error("NewWriter with a failing writer succeeded")
	}
	w, err := k.NewWriterSize(&failWriter{after: 1}, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(make([]byte, 25)); err == nil {
		t.Fatal("Write to a failing writer succeeded")
	}
	if _, err := w.Write([]byte{1}); err == nil {
		t.Error("the write error is not sticky")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after a write error succeeded")
	}
	for _, size := range []int{0, -1, MaxChunkSize + 1} {
		if _, err := k.NewWriterSize(io.Discard, nil, size); err == nil {
			t.Errorf("NewWriterSize(%d) succeeded", size)
		}
	}
}

func FuzzStreamReader(f *testing.F) {
	k := testKey(f, 1)
	f.Add(encrypt(f, k, pcm(250), nil, 100, 250))
	f.Add(encrypt(f, k, nil, nil, 100, 1))
	f.Add([]byte(streamMagic))
	f.Fuzz(func(t *testing.T, stream []byte) {
		got, err := decrypt(k, stream, nil)
		if err == nil && len(got) > 0 && !bytes.Equal(got, pcm(len(got))) {
			// Only streams this key wrote can read back without error.
			t.Errorf("read %d bytes of unknown plaintext without error", len(got))
		}
	})
}

func TestSealOpen(t *testing.T) {
	k := testKey(t, 1)
	text := []byte("my card is 4111 1111 1111 1111")
	aad := []byte("call-1/segment-3")
	sealed := k.Seal(text, aad)
	if len(sealed) != len(text)+SealOverhead {
		t.Errorf("sealed is %d bytes, want %d", len(sealed), len(text)+SealOverhead)
	}
	if bytes.Contains(sealed, []byte("4111")) {
		t.Error("sealed value contains plaintext")
	}
	if id, err := SealedKeyID(sealed); err != nil || id != k.ID() {
		t.Errorf("SealedKeyID = %s, %v; want %s", id, err, k.ID())
	}
	got, err := k.Open(sealed, aad)
	if err != nil || !bytes.Equal(got, text) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if bytes.Equal(k.Seal(text, aad), sealed) {
		t.Error("two seals of one value are equal")
	}
	if _, err := k.Open(sealed, []byte("call-1/segment-4")); !errors.Is(err, ErrTampered) {
		t.Errorf("Open with other aad: err = %v, want ErrTampered", err)
	}
	if _, err := testKey(t, 2).Open(sealed, aad); !errors.Is(err, ErrWrongKey) {
		t.Errorf("Open with another key: err = %v, want ErrWrongKey", err)
	}
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 1
		if _, err := k.Open(bad, aad); err == nil {
			t.Errorf("Open with byte %d flipped succeeded", i)
		}
	}
	for _, short := range [][]byte{nil, sealed[:SealOverhead-1]} {
		if _, err := k.Open(short, aad); !errors.Is(err, ErrTampered) {
			t.Errorf("Open of %d bytes: err = %v, want ErrTampered", len(short), err)
		}
	}
	empty := k.Seal(nil, nil)
	if got, err := k.Open(empty, nil); err != nil || len(got) != 0 {
		t.Errorf("empty value: %q, %v", got, err)
	}
}

// BenchmarkWriterChunk encrypts one second of 16 kHz 16-bit PCM per
// iteration, written in 20 ms frames: one chunk sealed and written.
func BenchmarkWriterChunk(b *testing.B) {
	k := testKey(b, 1)
	w, err := k.NewWriter(io.Discard, []byte("call-1"))
	if err != nil {
		b.Fatal(err)
	}
	second := pcm(DefaultChunkSize)
	b.SetBytes(DefaultChunkSize)
	b.ReportAllocs()
	for b.Loop() {
		for f := 0; f < len(second); f += 640 {
			if _, err := w.Write(second[f : f+640]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReaderChunk decrypts one second of 16 kHz PCM per iteration.
func BenchmarkReaderChunk(b *testing.B) {
	k := testKey(b, 1)
	const seconds = 64
	stream := encrypt(b, k, pcm(seconds*DefaultChunkSize), nil, DefaultChunkSize, DefaultChunkSize)
	buf := make([]byte, 640)
	src := bytes.NewReader(stream)
	r, err := k.NewReader(src, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(DefaultChunkSize)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == seconds {
			b.StopTimer()
			src.Reset(stream)
			if r, err = k.NewReader(src, nil); err != nil {
				b.Fatal(err)
			}
			i = 0
			b.StartTimer()
		}
		for range DefaultChunkSize / len(buf) {
			if _, err := io.ReadFull(r, buf); err != nil {
				b.Fatal(err)
			}
		}
		i++
	}
}

// BenchmarkSeal seals one raw transcript segment.
func BenchmarkSeal(b *testing.B) {
	k := testKey(b, 1)
	text := []byte("yes my card number is four one one one and my name is jo bloggs")
	aad := []byte("call-1/17")
	b.ReportAllocs()
	for b.Loop() {
		_ = k.Seal(text, aad)
	}
}
