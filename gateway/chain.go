package gateway

import (
	"errors"
	"fmt"
	"time"

	"github.com/pion/rtp"

	"github.com/earshot/earshot/gateway/sip"
	"github.com/earshot/earshot/media"
	"github.com/earshot/earshot/media/dtmf"
	"github.com/earshot/earshot/media/g711"
	"github.com/earshot/earshot/media/g722"
	"github.com/earshot/earshot/media/jitter"
	"github.com/earshot/earshot/media/l16"
	"github.com/earshot/earshot/media/opus"
	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/media/quality/emodel"
	"github.com/earshot/earshot/media/resample"
)

// SampleRate is the rate of the PCM a chain delivers: what the recogniser
// takes.
const SampleRate = 16000

// MinJitterDelay is the least delay the jitter buffer aims for. A
// recogniser does not mind 100 ms of latency, but every frame the buffer
// conceals, drops as late or drops to catch up changes what it hears. On
// a clean network this delay is never shortened, so the recogniser gets
// the audio exactly as sent, after 100 ms of silence; a sender or network
// that stalls for less than that loses nothing. (With 60 ms, scheduling
// stalls of a loaded 2-core machine cost up to 7 % of packets.)
const MinJitterDelay = 100 * time.Millisecond

// NarrowbandPCM takes 8 kHz telephone PCM and delivers it at 16 kHz.
//
// No band fill is added above 4 kHz: the recogniser's narrowband profile
// (narrowband cepstral-mean start values) does better on plain upsampled
// G.711 than with a noise floor on top. Measured with `earshot transcribe`
// on the five librivox files as 8 kHz mu-law WAVs: WER 0.366 without band
// fill, 0.775 with resample.BandFill at -60 dBFS (see docs/MEASUREMENTS.md).
type NarrowbandPCM struct {
	up *resample.Resampler
}

// NewNarrowbandPCM builds Resample 8000->16000 -> next.
func NewNarrowbandPCM(next media.PCMWriter) (*NarrowbandPCM, error) {
	up, err := resample.New(8000, SampleRate, next)
	if err != nil {
		return nil, err
	}
	return &NarrowbandPCM{up: up}, nil
}

// WritePCM takes 8 kHz samples.
func (n *NarrowbandPCM) WritePCM(samples []int16) error { return n.up.WritePCM(samples) }

// Flush pushes out the resampler's tail.
func (n *NarrowbandPCM) Flush() error { return n.up.Flush() }

// String prints the stage: "Resample 8000->16000".
func (n *NarrowbandPCM) String() string { return n.up.String() }

// Next returns the stage after the resampler.
func (n *NarrowbandPCM) Next() fmt.Stringer { return n.up.Next() }

// LegConfig describes the received audio of one call leg.
type LegConfig struct {
	// Codec is a sip Codec constant; PayloadType and ClockRate its RTP
	// payload type and clock rate.
	Codec       string
	PayloadType uint8
	ClockRate   int
	// DTMFPayloadType (0: none) and DTMFClockRate (default 8000) are the
	// leg's RFC 4733 telephone events.
	DTMFPayloadType uint8
	DTMFClockRate   int
	// LocalSSRC is our SSRC in the leg's RTCP.
	LocalSSRC uint32
	// Now is the clock of arrival times (time.Now if nil).
	Now func() time.Time
	// OnDigit receives the DTMF key presses of both detectors, in-band
	// ones only until the first RFC 4733 event (a sender that sends both
	// would otherwise count every key twice). It must not block; it runs
	// on the goroutine that feeds the chain.
	OnDigit func(dtmf.Event)
	// JitterDelay is the least delay the jitter buffer aims for
	// (MinJitterDelay if zero or less): a leg from a browser, whose
	// sender and network stall more than a trunk's, may trade caption
	// latency for fewer concealed frames.
	JitterDelay time.Duration
}

// ReceiveChain is the receive path of one call leg, built once per call:
//
//	Quality -> Jitter(decode, PLC) -> [Resample to 16 kHz] -> DTMF detect 16000 -> next
//	        \-> RFC4733 DTMF            (telephone-event packets)
//
// For 8 kHz audio (G.711, L16/8000) the in-band detector comes before the
// resampler: Jitter -> DTMF detect 8000 -> Resample 8000->16000 -> next.
//
// The quality tap sees every packet of the leg's RTP stream (audio and
// telephone events share sequence numbers); the jitter buffer reorders,
// drops late packets and conceals lost ones (G.711 Appendix I style) so
// that the recogniser gets continuous audio; the in-band detector listens
// to what the recogniser hears. Packets of other payload types are
// ignored. A ReceiveChain is driven by one goroutine; Close releases the
// codec.
type ReceiveChain struct {
	cfg      LegConfig
	leg      *quality.Leg
	jb       *jitter.Buffer
	tone     *dtmf.ToneDetector
	events   *dtmf.RTPDetector
	codec    emodel.Codec
	wideband bool
	flush    []func() error
	close    func() error
	rfc4733  bool // an RFC 4733 event was seen: in-band digits are ignored
}

// NewReceiveChain builds the chain for cfg, writing 16 kHz PCM to next.
func NewReceiveChain(cfg LegConfig, next media.PCMWriter) (*ReceiveChain, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &ReceiveChain{cfg: cfg}
	var (
		dec  jitter.Decoder
		rate int // PCM rate out of the decoder
	)
	switch cfg.Codec {
	case sip.CodecPCMU, sip.CodecPCMA:
		law := g711.MuLaw
		if cfg.Codec == sip.CodecPCMA {
			law = g711.ALaw
		}
		dec, rate, c.codec = jitter.G711(law), 8000, emodel.G711PLC
	case sip.CodecG722:
		dec, rate, c.codec = &g722Payload{d: g722.NewRawDecoder()}, g722.SampleRate, emodel.G722
	case sip.CodecOpus:
		d, err := opus.NewDecoder(SampleRate)
		if err != nil {
			return nil, err
		}
		dec, rate, c.codec, c.close = d, SampleRate, emodel.Opus, d.Close
	case sip.CodecL16:
		if cfg.ClockRate <= 0 {
			return nil, fmt.Errorf("gateway: L16 without a rate")
		}
		// Uncompressed: transparent, and as robust to loss as G.711
		// with concealment.
		dec, rate, c.codec = l16Payload{rate: cfg.ClockRate}, cfg.ClockRate, emodel.Codec{Name: "L16", Ie: 0, Bpl: emodel.G711PLC.Bpl}
	default:
		return nil, fmt.Errorf("gateway: no decoder for codec %q", cfg.Codec)
	}
	c.wideband = rate >= SampleRate
	var (
		pcm media.PCMWriter
		err error
	)
	switch {
	case rate == 8000:
		// Telephone audio: the tone detector listens at 8 kHz, before
		// the resampler, at half the cost.
		nb, err := NewNarrowbandPCM(next)
		if err != nil {
			return nil, errors.Join(err, c.Close())
		}
		c.flush = append(c.flush, nb.Flush)
		if c.tone, err = dtmf.NewToneDetector(8000, c.inband, nb); err != nil {
			return nil, errors.Join(err, c.Close())
		}
		pcm = c.tone
	default:
		if c.tone, err = dtmf.NewToneDetector(SampleRate, c.inband, next); err != nil {
			return nil, errors.Join(err, c.Close())
		}
		pcm = c.tone
		if rate != SampleRate {
			rs, err := resample.New(rate, SampleRate, c.tone)
			if err != nil {
				return nil, errors.Join(err, c.Close())
			}
			pcm, c.flush = rs, append(c.flush, rs.Flush)
		}
	}
	floor := cfg.JitterDelay
	if floor <= 0 {
		floor = MinJitterDelay
	}
	c.jb, err = jitter.New(dec, pcm, jitter.Options{ClockRate: cfg.ClockRate, SampleRate: rate, Now: cfg.Now,
		MinDelay: floor, InitialDelay: floor})
	if err != nil {
		return nil, errors.Join(err, c.Close())
	}
	c.leg = quality.NewLeg(cfg.LocalSSRC, cfg.ClockRate)
	if cfg.DTMFPayloadType != 0 {
		if cfg.DTMFClockRate == 0 {
			cfg.DTMFClockRate = 8000
		}
		c.events, err = dtmf.NewRTPDetector(cfg.DTMFClockRate, c.outband)
		if err != nil {
			return nil, errors.Join(err, c.Close())
		}
	}
	return c, nil
}

func (c *ReceiveChain) inband(ev dtmf.Event) {
	if !c.rfc4733 && c.cfg.OnDigit != nil {
		c.cfg.OnDigit(ev)
	}
}

func (c *ReceiveChain) outband(ev dtmf.Event) {
	c.rfc4733 = true
	if c.cfg.OnDigit != nil {
		c.cfg.OnDigit(ev)
	}
}

// HandleRTP is HandleRTPAt with the arrival time read from LegConfig.Now.
func (c *ReceiveChain) HandleRTP(pkt *rtp.Packet) error { return c.HandleRTPAt(pkt, c.cfg.Now()) }

// HandleRTPAt accounts a packet of the leg that arrived at now and passes
// audio to the jitter buffer and telephone events to the RFC 4733
// detector. It returns the errors of the stages after the jitter buffer
// (the recogniser gone).
func (c *ReceiveChain) HandleRTPAt(pkt *rtp.Packet, now time.Time) error {
	switch pkt.PayloadType {
	case c.cfg.PayloadType:
		c.leg.Update(&pkt.Header, now)
		return c.jb.Push(pkt, now)
	case c.cfg.DTMFPayloadType:
		if c.events == nil {
			return nil
		}
		c.leg.Update(&pkt.Header, now)
		return c.events.HandleRTP(pkt)
	}
	return nil
}

// Flush plays out what the jitter buffer holds, pushes the resampler's
// tail through and reports digits still in progress, at the end of the
// call.
func (c *ReceiveChain) Flush() error {
	err := c.jb.Flush()
	c.tone.Flush()
	for _, f := range c.flush {
		err = errors.Join(err, f())
	}
	if c.events != nil {
		c.events.Flush()
	}
	return err
}

// Close frees the decoder's resources (Opus). It is idempotent.
func (c *ReceiveChain) Close() error {
	if c.close == nil {
		return nil
	}
	err := c.close()
	c.close = nil
	return err
}

// Leg returns the leg's RTP/RTCP quality state.
func (c *ReceiveChain) Leg() *quality.Leg { return c.leg }

// Jitter returns the leg's jitter buffer.
func (c *ReceiveChain) Jitter() *jitter.Buffer { return c.jb }

// Report returns the leg's quality so far, MOS by the E-model for the
// leg's codec.
func (c *ReceiveChain) Report() quality.Report {
	return c.leg.Report(quality.FromJitter(c.jb.Stats()), c.codec)
}

// Wideband reports whether the codec carries 16 kHz (or more) audio:
// the recogniser's wideband profile fits it, the narrowband one fits
// 8 kHz telephone audio.
func (c *ReceiveChain) Wideband() bool { return c.wideband }

// String prints the audio path, e.g. "Quality -> Jitter(PCMU, 20ms..1s)
// -> Resample 8000->16000 -> DTMF detect 16000 -> STT+Redact", with
// "+ RFC4733 DTMF" when telephone events are negotiated.
func (c *ReceiveChain) String() string {
	s := "Quality -> " + media.Chain(c.jb)
	if c.events != nil {
		s += " + " + c.events.String()
	}
	return s
}

// g722Payload decodes G.722 payloads for the jitter buffer: two 16 kHz
// samples per octet. The coder state runs on in arrival order, which
// differs from play order only for reordered packets; G.722's backward
// adaptation re-converges within milliseconds.
type g722Payload struct{ d *g722.RawDecoder }

func (p *g722Payload) Decode(dst []int16, payload []byte) (int, error) {
	payload = payload[:min(len(payload), len(dst)/2)]
	return p.d.Decode(dst, payload), nil
}

func (p *g722Payload) String() string { return g722.EncodingName }

// l16Payload decodes big-endian L16 payloads for the jitter buffer.
type l16Payload struct{ rate int }

func (p l16Payload) Decode(dst []int16, payload []byte) (int, error) {
	if len(payload)%2 != 0 {
		return 0, l16.ErrOddPayload
	}
	payload = payload[:min(len(payload), 2*len(dst))]
	return l16.DecodeTo(dst, payload), nil
}

func (p l16Payload) String() string { return fmt.Sprintf("%s/%d", l16.EncodingName, p.rate) }
