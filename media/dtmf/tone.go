package dtmf

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/earshot/earshot/media"
)

// DTMF frequencies (ITU-T Q.23): a key sends one row (low group) and one
// column (high group) tone.
var (
	rowFreqs = [4]float64{697, 770, 852, 941}
	colFreqs = [4]float64{1209, 1336, 1477, 1633}
)

// keypad maps row and column to the key.
var keypad = [4][4]byte{
	{'1', '2', '3', 'A'},
	{'4', '5', '6', 'B'},
	{'7', '8', '9', 'C'},
	{'*', '0', '#', 'D'},
}

// Detection thresholds. Block length and the two-block rules follow the
// usual choice for Q.24 receivers: a 12.75 ms block (102 samples at
// 8 kHz) resolves the tones 73 Hz apart and is short enough that any tone
// of 40 ms or more fills two whole blocks.
const (
	blockMillis = 12.75
	// hitsToStart consecutive blocks with the same key start a digit. A
	// block passes only when the tone fills at least minToneFraction of
	// it, so tones shorter than 2 * 0.7 * 12.75 = 17.9 ms are never
	// detected, while a tone of 40 ms or more always fills two whole
	// blocks.
	hitsToStart = 2
	// missesToEnd consecutive blocks without the key end it. A drop-out of
	// up to 10 ms (which Q.24 requires to be bridged) touches at most two
	// blocks, so it does not split a digit; a pause of 40 ms always makes
	// three blocks fail (two silent ones, and an edge block at least 57%
	// silent), so it separates two presses of the same key.
	missesToEnd = 3

	// minToneDBm0 is the weakest tone accepted, per group.
	minToneDBm0 = -32
	// Twist: the high-group tone may be at most 8 dB weaker ("normal"
	// twist) or 4 dB stronger ("reverse" twist) than the low-group tone.
	maxNormalTwistDB  = 8
	maxReverseTwistDB = 4
	// minPeakDB: the strongest row (column) must exceed each other row
	// (column) by this much.
	minPeakDB = 8
	// minToneFraction of the block's energy must be in the two tones.
	minToneFraction = 0.7
	// maxHarmonicDB: the power at twice a tone's frequency must be at
	// least this far below the tone (pure tones have none; voiced speech
	// has strong harmonics). It is checked for the column tones and for
	// the rows whose second harmonic lies clear of every column tone
	// (see harmonicClear): 2*697 = 1394 Hz is 58 Hz from 1336 Hz, less
	// than a filter's width, and would measure the column tone instead.
	maxHarmonicDB = -12

	// refPower is the mean-square power (full scale = 1) of a 0 dBm0 sine,
	// whose peak is 3.17 dB below full scale (G.711).
	refPower = 0.2405
)

// ToneStats counts what a ToneDetector saw.
type ToneStats struct {
	Blocks uint64 // analysis blocks
	Hits   uint64 // blocks that passed every check for some key
	Events uint64 // digits reported
}

// ToneDetector finds DTMF digits in mono PCM with the Goertzel algorithm
// and passes the samples on unchanged to the next stage, if any.
//
// Each 12.75 ms block is analysed at the eight DTMF frequencies and at
// their second harmonics. A block counts as a key when the strongest row
// and column tones are both above -32 dBm0, within the twist limits (high
// group at most 8 dB below or 4 dB above the low group), at least 8 dB
// above the other rows and columns, together hold 70% of the block's
// energy, and have no second harmonic within 12 dB of them. Two such
// blocks in a row start a digit; three blocks without it end it, and the
// digit is then reported. So tones of 40 ms or more are detected and
// tones under 18 ms never are, pauses of 40 ms separate digits and
// drop-outs of 10 ms do not. The thresholds are fixed; they were checked
// against read speech (no false digits) and noisy, level-varied tone
// sequences (see the tests).
//
// It does not allocate. It is not safe for concurrent use.
type ToneDetector struct {
	rate int
	n    int // samples per block
	emit func(Event)
	next media.PCMWriter
	coef [16]float64 // 2cos(w) of rows 0-3, columns 4-7, and their harmonics 8-15
	// rowHarm[r] is whether row r's second harmonic is checked.
	rowHarm [4]bool
	s1      [16]float64
	s2      [16]float64
	pos     int     // samples in the current block
	power   float64 // sum of squares in the current block
	block   int64   // blocks completed

	cand, cur   byte  // key of the last blocks' run, and the digit in progress
	candN, miss int   // run length, blocks without cur
	candStart   int64 // first block of the run
	curStart    int64 // first block of the digit
	curLast     int64 // last block that had the digit
	curPower    float64

	stats ToneStats
}

// NewToneDetector returns a detector for PCM at rate Hz (8000, 16000,
// 24000, 32000 or 48000) that calls emit for each digit and writes every
// sample on to next, which may be nil.
func NewToneDetector(rate int, emit func(Event), next media.PCMWriter) (*ToneDetector, error) {
	if rate < 8000 || rate > 48000 || rate%8000 != 0 {
		return nil, fmt.Errorf("dtmf: tone detection at %d Hz; want a multiple of 8000 up to 48000", rate)
	}
	if emit == nil {
		return nil, errors.New("dtmf: nil emit func")
	}
	d := &ToneDetector{rate: rate, n: rate * 102 / 8000, emit: emit, next: next}
	for i, f := range append(rowFreqs[:], colFreqs[:]...) {
		d.coef[i] = 2 * math.Cos(2*math.Pi*f/float64(rate))
		d.coef[i+8] = 2 * math.Cos(2*math.Pi*2*f/float64(rate))
	}
	// A Goertzel filter over n samples has its first zeros rate/n Hz
	// either side (78 Hz): a harmonic is clear when every column tone is
	// 1.5 times that away.
	width := float64(rate) / float64(d.n)
	for r, f := range rowFreqs {
		d.rowHarm[r] = true
		for _, c := range colFreqs {
			if math.Abs(2*f-c) < 1.5*width {
				d.rowHarm[r] = false
			}
		}
	}
	return d, nil
}

// String returns "DTMF detect" followed by the rate, e.g.
// "DTMF detect 8000".
func (d *ToneDetector) String() string { return fmt.Sprintf("DTMF detect %d", d.rate) }

// Next returns the stage the samples are passed to.
func (d *ToneDetector) Next() fmt.Stringer {
	if d.next == nil {
		return nil
	}
	return d.next
}

// Stats returns the counters so far.
func (d *ToneDetector) Stats() ToneStats { return d.stats }

// WritePCM analyses samples, reporting any digit that ends in them, and
// then writes them to the next stage. It returns the next stage's error.
func (d *ToneDetector) WritePCM(samples []int16) error {
	for _, v := range samples {
		x := float64(v) * (1.0 / 32768)
		d.power += x * x
		for k := range d.coef {
			s := x + d.coef[k]*d.s1[k] - d.s2[k]
			d.s2[k], d.s1[k] = d.s1[k], s
		}
		d.pos++
		if d.pos == d.n {
			d.endBlock()
		}
	}
	if d.next == nil {
		return nil
	}
	return d.next.WritePCM(samples)
}

// Flush reports a digit still in progress, for example at the end of the
// stream.
func (d *ToneDetector) Flush() {
	if d.cur != 0 {
		d.report()
	}
}

// endBlock classifies the finished block and runs the digit state machine.
func (d *ToneDetector) endBlock() {
	key, tonePower := d.classify()
	d.s1, d.s2 = [16]float64{}, [16]float64{}
	d.pos, d.power = 0, 0
	b := d.block
	d.block++
	d.stats.Blocks++
	if key != 0 {
		d.stats.Hits++
	}

	if key == d.cand {
		d.candN++
	} else {
		d.cand, d.candN, d.candStart = key, 1, b
	}
	if d.cur != 0 {
		if key == d.cur {
			d.curLast, d.miss = b, 0
			d.curPower = max(d.curPower, tonePower)
		} else if d.miss++; d.miss >= missesToEnd {
			d.report()
		}
	}
	if d.cur == 0 && d.cand != 0 && d.candN >= hitsToStart {
		d.cur, d.curStart, d.curLast, d.miss = d.cand, d.candStart, b, 0
		d.curPower = tonePower
	}
}

// report delivers the digit in progress.
func (d *ToneDetector) report() {
	vol := int(math.Round(-10 * math.Log10(d.curPower/refPower+1e-30)))
	e := Event{
		Digit:    d.cur,
		Start:    d.blocks(d.curStart),
		Duration: d.blocks(d.curLast - d.curStart + 1),
		Volume:   min(max(vol, 0), 63),
		Ended:    true,
		Source:   SourceInband,
	}
	d.cur = 0
	d.stats.Events++
	d.emit(e)
}

func (d *ToneDetector) blocks(n int64) time.Duration {
	return time.Duration(n*int64(d.n)) * time.Second / time.Duration(d.rate)
}

// classify returns the key the current block holds, or 0, and the power of
// its two tones.
func (d *ToneDetector) classify() (byte, float64) {
	// Goertzel output power |X(w)|^2 = s1^2 + s2^2 - 2cos(w) s1 s2; a sine
	// of amplitude A gives about (A n / 2)^2, so 2|X|^2/n^2 estimates its
	// mean-square power A^2/2.
	var p [16]float64
	scale := 2 / float64(d.n*d.n)
	for k := range p {
		p[k] = (d.s1[k]*d.s1[k] + d.s2[k]*d.s2[k] - d.coef[k]*d.s1[k]*d.s2[k]) * scale
	}
	r, c := argmax4(p[0:4]), argmax4(p[4:8])
	rowP, colP := p[r], p[4+c]

	if rowP < minToneP || colP < minToneP {
		return 0, 0
	}
	if colP < rowP*normalTwist || colP > rowP*reverseTwist {
		return 0, 0
	}
	for i := range 4 {
		if (i != r && p[i] > rowP*peakRatio) || (i != c && p[4+i] > colP*peakRatio) {
			return 0, 0
		}
	}
	energy := d.power / float64(d.n)
	if rowP+colP < minToneFraction*energy {
		return 0, 0
	}
	if (d.rowHarm[r] && p[8+r] > rowP*harmonicRatio) || p[12+c] > colP*harmonicRatio {
		return 0, 0
	}
	return keypad[r][c], rowP + colP
}

func argmax4(p []float64) int {
	best := 0
	for i := 1; i < 4; i++ {
		if p[i] > p[best] {
			best = i
		}
	}
	return best
}

// dbRatio converts decibels to a power ratio.
func dbRatio(db float64) float64 { return math.Pow(10, db/10) }

// The thresholds as power ratios.
var (
	minToneP      = refPower * dbRatio(minToneDBm0)
	normalTwist   = dbRatio(-maxNormalTwistDB)
	reverseTwist  = dbRatio(maxReverseTwistDB)
	peakRatio     = dbRatio(-minPeakDB)
	harmonicRatio = dbRatio(maxHarmonicDB)
)
