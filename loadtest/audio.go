package loadtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/earshot/earshot/media/packetize"
	"github.com/earshot/earshot/media/resample"
	"github.com/earshot/earshot/media/wav"
)

// clip is one speech file ready to send: its payloads encoded once for
// the run's codec, replayed by every call that uses it.
type clip struct {
	name string
	// ref is the reference text ("" without FILE.txt).
	ref string
	// speech is the file's payloads followed by gap of silence: one play.
	speech [][]byte
	// silence is one packet of silence.
	silence []byte
}

// gap is the silence after every play of a file, so that a held call
// that plays it again starts a new utterance.
const gap = time.Second

// loadClips reads the files and encodes them with a fresh encoder each
// (codec state does not leak from one file into another).
func loadClips(paths []string, codec string, clock int, ptime time.Duration) ([]*clip, error) {
	var clips []*clip
	for _, p := range paths {
		c, err := loadClip(p, codec, clock, ptime)
		if err != nil {
			return nil, err
		}
		clips = append(clips, c)
	}
	return clips, nil
}

func loadClip(path, codec string, clock int, ptime time.Duration) (*clip, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audio: %w", err)
	}
	defer f.Close()
	a, err := wav.Read(f)
	if err != nil {
		return nil, fmt.Errorf("audio %s: %w", path, err)
	}
	if len(a.Samples) == 0 {
		return nil, fmt.Errorf("audio %s: no samples", path)
	}
	ref, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".txt")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("audio %s: reference text: %w", path, err)
	}
	enc, err := packetize.NewEncoder(codec, clock, ptime)
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	pcm := a.Samples
	if a.Rate != enc.Rate {
		if pcm, err = resample.Convert(pcm, a.Rate, enc.Rate); err != nil {
			return nil, fmt.Errorf("audio %s: %w", path, err)
		}
	}
	// Whole frames of speech, then the gap, encoded as one stream.
	frames := (len(pcm) + enc.Frame - 1) / enc.Frame
	play := make([]int16, (frames+int(gap/ptime))*enc.Frame)
	copy(play, pcm)
	speech, err := enc.All(play)
	if err != nil {
		return nil, err
	}
	return &clip{
		name: filepath.Base(path), ref: strings.TrimSpace(string(ref)),
		speech: speech, silence: speech[len(speech)-1],
	}, nil
}

// program is what one call sends: plays of a clip, then silence to the
// end of the hold time. plays is 0 when the hold time is shorter than one
// play: the speech is cut off and the call has no reference text.
type program struct {
	clip    *clip
	plays   int
	packets int // in all
}

// packet returns the i-th payload of the program.
func (p program) packet(i int) []byte {
	n := len(p.clip.speech)
	if i < max(p.plays, 1)*n {
		return p.clip.speech[i%n]
	}
	return p.clip.silence
}

// newProgram fits whole plays of c into hold, leaving tail for the last
// final transcript; a hold shorter than that cuts the one play short.
// With hold 0 the clip plays once, followed by tail.
func newProgram(c *clip, hold, tail, ptime time.Duration) program {
	perPlay := len(c.speech)
	if hold <= 0 {
		return program{clip: c, plays: 1, packets: perPlay + int(tail/ptime)}
	}
	total := max(1, int(hold/ptime))
	return program{clip: c, plays: (total - int(tail/ptime)) / perPlay, packets: total}
}

// reference is the text the program's speech says ("" when it has none
// or the speech is cut off).
func (p program) reference() string {
	if p.clip.ref == "" || p.plays < 1 {
		return ""
	}
	return strings.TrimSpace(strings.Repeat(p.clip.ref+" ", p.plays))
}
