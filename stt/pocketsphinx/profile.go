package pocketsphinx

import "fmt"

// Profile selects how a stream's audio is conditioned for the acoustic
// model. All profiles share the engine's decoders: a profile only changes
// per-stream state, so one warm pool serves SIP and WebRTC calls alike.
type Profile int

const (
	// Wideband is for audio that really carries 0–8 kHz: WebRTC (Opus),
	// G.722, files. The model's own feat.params settings are used.
	Wideband Profile = iota
	// Narrowband is for telephone audio (G.711 at 8 kHz) that was
	// upsampled to 16 kHz before reaching the engine. Each stream starts
	// its cepstral mean normalisation from means measured on G.711
	// speech instead of the model's wideband values (see the package
	// documentation for the measured effect).
	Narrowband
)

// String returns "wideband" or "narrowband".
func (p Profile) String() string {
	switch p {
	case Wideband:
		return "wideband"
	case Narrowband:
		return "narrowband"
	}
	return fmt.Sprintf("Profile(%d)", int(p))
}

// narrowbandCMNInit is the initial cepstral mean (13 MFCC coefficients of
// the en-us front end: -lowerf 130 -upperf 6800 -nfilt 25 -lifter 22) for
// telephone speech that went through G.711 µ-law at 8 kHz and was upsampled
// back to 16 kHz.
//
// How it was measured (EARSHOT_MEASURE=1 go test ./stt/pocketsphinx -run
// TestMeasureCMN -v): the real-speech recordings of Debian's
// pocketsphinx-testdata that are not used for the WER measurement
// (goforward, numbers, something, cards/001-005: 19.5 s, several speakers)
// were converted with sox to 8 kHz µ-law and back to 16 kHz; the values are
// the mean cepstrum of the 1876 frames a front end configured like the
// decoder's keeps as speech, which is what live CMN converges to on such
// audio. The same method on the wideband originals gives 55.4, -5.2, -0.5,
// 4.1, ... close to the model's own -cmninit, which supports the method.
//
// Why it matters: the first utterance of a stream is normalised with the
// start values before CMN has adapted, and for band-limited audio the
// model's wideband values are far off (c1 is about +25 instead of -5).
var narrowbandCMNInit = [13]float32{
	46.41, 25.42, -40.01, 39.02, -22.89, 0.71, 12.23, -28.37, 18.67, -14.72, -0.81, 8.52, -13.20,
}

// settings is what a profile means for a stream. Tests build other
// settings to measure alternatives.
type settings struct {
	name string
	// cmnInit is the initial CMN vector; nil keeps the model's own
	// (feat.params -cmninit, read back from the decoder at creation).
	cmnInit []float32
	// noiseFloorDBFS, when non-zero, adds a noise floor above 4 kHz at
	// that RMS level (see bandFill).
	noiseFloorDBFS float64
}

func (p Profile) settings() (settings, error) {
	switch p {
	case Wideband:
		return settings{name: p.String()}, nil
	case Narrowband:
		return settings{name: p.String(), cmnInit: narrowbandCMNInit[:]}, nil
	}
	return settings{}, fmt.Errorf("pocketsphinx: unknown profile %d", int(p))
}
