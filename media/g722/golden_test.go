package g722

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// readGolden reads testdata/name, skipping the test if it is missing.
func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("golden file testdata/%s missing: run testdata/gen.sh (needs ffmpeg and sox)", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func le16(b []byte) []int16 {
	s := make([]int16, len(b)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return s
}

// TestGoldenFFmpegEncoder checks that our encoder produces exactly the
// octets FFmpeg's G.722 encoder produces for the same input. Since the bit
// streams are equal, FFmpeg's decoder decodes ours to its own golden
// output too.
func TestGoldenFFmpegEncoder(t *testing.T) {
	for _, name := range []string{"speech", "synth"} {
		t.Run(name, func(t *testing.T) {
			in := le16(readGolden(t, name+".s16"))
			want := readGolden(t, name+".g722")
			got := make([]byte, len(in)/2)
			NewEncoder().Encode(got, in)
			if len(got) != len(want) {
				t.Fatalf("%d octets, FFmpeg wrote %d", len(got), len(want))
			}
			diff, first := 0, -1
			for i := range got {
				if got[i] != want[i] {
					if first < 0 {
						first = i
					}
					diff++
				}
			}
			if diff > 0 {
				t.Errorf("%d of %d octets differ from FFmpeg's, first at %d (%#02x, want %#02x)",
					diff, len(got), first, got[first], want[first])
			}
		})
	}
}

// TestGoldenFFmpegDecoder checks that our decoder reproduces FFmpeg's
// decoded samples exactly, for FFmpeg-encoded speech and synthetic signals
// and for random octets.
func TestGoldenFFmpegDecoder(t *testing.T) {
	for _, name := range []string{"speech", "synth", "random"} {
		t.Run(name, func(t *testing.T) {
			codes := readGolden(t, name+".g722")
			want := le16(readGolden(t, name+".g722.s16"))
			got := make([]int16, 2*len(codes))
			NewRawDecoder().Decode(got, codes)
			if len(got) != len(want) {
				t.Fatalf("%d samples, FFmpeg decoded %d", len(got), len(want))
			}
			diff, first := 0, -1
			for i := range got {
				if got[i] != want[i] {
					if first < 0 {
						first = i
					}
					diff++
				}
			}
			if diff > 0 {
				t.Errorf("%d of %d samples differ from FFmpeg's, first at %d (%d, want %d)",
					diff, len(got), first, got[first], want[first])
			}
		})
	}
}
