package sip

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/pion/sdp/v3"
)

// Offer/answer for one audio stream with optional RFC 4733 telephone
// events and optional SDES-keyed SRTP, following RFC 3264
// (https://www.rfc-editor.org/rfc/rfc3264) and SDP as in RFC 8866
// (https://www.rfc-editor.org/rfc/rfc8866).

// Codec names we speak, as SDP rtpmap encoding names.
const (
	// CodecPCMU and CodecPCMA are G.711 at 8 kHz, static payload types 0
	// and 8 (RFC 3551 section 6, table 4).
	CodecPCMU = "PCMU"
	CodecPCMA = "PCMA"
	// CodecG722 is G.722 at 16 kHz, static payload type 9 with an RTP
	// clock of 8000 Hz (RFC 3551 section 4.5.2).
	CodecG722 = "G722"
	// CodecOpus is Opus, a dynamic payload type, always "opus/48000/2"
	// (RFC 7587 section 7).
	CodecOpus = "opus"
	// CodecL16 is 16-bit linear PCM, mono, at the rate of its rtpmap
	// (RFC 3551 section 4.5.11).
	CodecL16 = "L16"
)

// AllCodecs lists every codec we accept, best first.
var AllCodecs = []string{CodecOpus, CodecG722, CodecL16, CodecPCMU, CodecPCMA}

const (
	ptPCMU = 0
	ptPCMA = 8
	ptG722 = 9
	// Payload types of our offers for the dynamic codecs.
	ptOpus = 111
	ptL16  = 96

	dtmfEncoding = "telephone-event"
	// defaultDTMFPT is the dynamic payload type our offers use for RFC 4733
	// events at 8000 Hz; defaultDTMFPT48 for events at 48000 Hz, offered
	// with Opus.
	defaultDTMFPT   = 101
	defaultDTMFPT48 = 110
	// defaultPTime is the packet duration we ask for when the offer does
	// not say, in milliseconds; minPTime and maxPTime bound what we
	// answer.
	defaultPTime = 20
	minPTime     = 10
	maxPTime     = 60
	// g711Rate is the RTP clock rate of G.711, G.722 and their telephone
	// events.
	g711Rate = 8000
	opusRate = 48000
	// l16Rate is the L16 rate we offer: wideband, like G.722.
	l16Rate = 16000
)

// codecRank orders codecs by how well they serve speech recognition:
// wideband first (Opus, G.722, 16 kHz L16), then 8 kHz L16, then G.711.
// Equal ranks keep the offerer's order.
func codecRank(name string, rate int) int {
	switch name {
	case CodecOpus:
		return 50
	case CodecG722:
		return 40
	case CodecL16:
		if rate >= 16000 {
			return 30
		}
		return 20
	default:
		return 10
	}
}

// staticCodec maps the static payload types we understand to codec name,
// clock rate and channels (RFC 3551 table 4).
func staticCodec(pt uint8) (string, int, int) {
	switch pt {
	case ptPCMU:
		return CodecPCMU, g711Rate, 1
	case ptPCMA:
		return CodecPCMA, g711Rate, 1
	case ptG722:
		return CodecG722, g711Rate, 1
	case 11:
		return CodecL16, 44100, 1
	case 10:
		return CodecL16, 44100, 2
	}
	return "", 0, 0
}

// canonicalCodec returns our name for an rtpmap encoding name and whether
// we can decode it at that rate and channel count.
func canonicalCodec(name string, rate, channels int) (string, bool) {
	switch {
	case strings.EqualFold(name, CodecPCMU) && rate == g711Rate && channels == 1:
		return CodecPCMU, true
	case strings.EqualFold(name, CodecPCMA) && rate == g711Rate && channels == 1:
		return CodecPCMA, true
	case strings.EqualFold(name, CodecG722) && rate == g711Rate && channels == 1:
		return CodecG722, true
	case strings.EqualFold(name, CodecOpus) && rate == opusRate:
		// Always "/2" on the wire (RFC 7587): stereo packets are mixed
		// down by the decoder.
		return CodecOpus, true
	case strings.EqualFold(name, CodecL16) && channels == 1 && l16RateOK(rate):
		return CodecL16, true
	}
	return "", false
}

// l16RateOK lists the L16 rates we resample from.
func l16RateOK(rate int) bool {
	switch rate {
	case 8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000:
		return true
	}
	return false
}

// mediaChoice is the outcome of negotiating one SDP: which stream, codec
// and event payload type we use, and where the peer wants its media.
type mediaChoice struct {
	Codec       string
	PayloadType uint8
	ClockRate   int
	// PTime is the packet duration in milliseconds: the one the answer
	// asks for (10 to 60).
	PTime           int
	DTMFPayloadType uint8 // 0: no telephone-event
	DTMFClockRate   int
	DTMFFmtp        string
	// Remote is the peer's RTP address from c= and m=. Its address may be
	// unspecified (0.0.0.0, RFC 3264 section 8.4 hold). RemoteRTCP is
	// from a=rtcp (RFC 3605), or the next port; with RTCPMux (RFC 5761)
	// RTCP goes to Remote.
	Remote     netip.AddrPort
	RemoteRTCP netip.AddrPort
	RTCPMux    bool
	// Direction is the direction we answer with (RFC 3264 section 6.1).
	Direction string
	// Crypto is the chosen SDES crypto attribute of an RTP/SAVP stream,
	// nil for plain RTP.
	Crypto *sdesCrypto
	// index of the chosen m= line, and the parsed session to answer.
	index int
	sd    *sdp.SessionDescription
}

// negotiation says what we accept in a session description.
type negotiation struct {
	// codecs are the codec names we accept.
	codecs []string
	// best picks the best-ranked accepted codec (we answer an offer);
	// otherwise the first accepted one in the description's order (we
	// read an answer, whose order is the answerer's preference).
	best bool
	srtp SRTPPolicy
}

// negotiate parses an SDP offer (or answer, on the UAC side) and picks the
// first audio stream that carries one of the accepted codecs under the
// SRTP policy; within it, the codec the negotiation prefers. Errors wrap
// ErrMalformedSDP, ErrNoAudio, ErrNoCodec, ErrSRTPRequired, ErrSRTPRefused
// or ErrNoCryptoSuite.
func negotiate(body []byte, n negotiation) (*mediaChoice, error) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrMalformedSDP)
	}
	sd := new(sdp.SessionDescription)
	if err := sd.Unmarshal(body); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedSDP, err)
	}
	if sd.Version != 0 {
		return nil, fmt.Errorf("%w: version %d", ErrMalformedSDP, sd.Version)
	}

	sawAudio := false
	var firstErr error
	for i, md := range sd.MediaDescriptions {
		if md.MediaName.Media != "audio" || md.MediaName.Port.Value == 0 {
			continue // other media, or a stream the offerer rejected
		}
		sawAudio = true
		c, err := chooseInStream(sd, md, n)
		if err != nil {
			if firstErr == nil || errorRank(err) > errorRank(firstErr) {
				firstErr = err
			}
			continue
		}
		c.index = i
		c.sd = sd
		return c, nil
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if !sawAudio {
		return nil, fmt.Errorf("%w: no audio m= line with a port", ErrNoAudio)
	}
	return nil, ErrNoAudio
}

// errorRank orders the reasons a stream is refused so that the response
// names the most specific one: a malformed line beats a policy, which
// beats an unsupported codec, which beats an unusable transport.
func errorRank(err error) int {
	switch {
	case isErr(err, ErrMalformedSDP):
		return 5
	case isErr(err, ErrSRTPRequired), isErr(err, ErrSRTPRefused), isErr(err, ErrNoCryptoSuite):
		return 4
	case isErr(err, ErrNoCodec):
		return 3
	default:
		return 1
	}
}

func chooseInStream(sd *sdp.SessionDescription, md *sdp.MediaDescription, n negotiation) (*mediaChoice, error) {
	secure := false
	switch proto := strings.Join(md.MediaName.Protos, "/"); proto {
	case "RTP/AVP", "RTP/AVPF":
	case "RTP/SAVP", "RTP/SAVPF":
		secure = true
	default:
		return nil, fmt.Errorf("%w: transport %.20q not supported", ErrNoAudio, proto)
	}
	switch {
	case secure && n.srtp == SRTPOff:
		return nil, ErrSRTPRefused
	case !secure && n.srtp == SRTPRequired:
		return nil, ErrSRTPRequired
	}
	port := md.MediaName.Port.Value
	if port <= 0 || port > 65535 {
		return nil, fmt.Errorf("%w: port %d out of range", ErrMalformedSDP, port)
	}

	conn := md.ConnectionInformation
	if conn == nil {
		conn = sd.ConnectionInformation
	}
	if conn == nil || conn.Address == nil {
		return nil, fmt.Errorf("%w: no connection address", ErrMalformedSDP)
	}
	if conn.NetworkType != "IN" || (conn.AddressType != "IP4" && conn.AddressType != "IP6") {
		return nil, fmt.Errorf("%w: connection type %.10q %.10q", ErrMalformedSDP, conn.NetworkType, conn.AddressType)
	}
	ip, err := netip.ParseAddr(conn.Address.Address)
	if err != nil {
		// FQDNs are legal SDP but we do not resolve names for media.
		return nil, fmt.Errorf("%w: connection address is not an IP", ErrNoAudio)
	}
	if ip.Is4() != (conn.AddressType == "IP4") && !ip.Is4In6() {
		return nil, fmt.Errorf("%w: address does not match type %s", ErrMalformedSDP, conn.AddressType)
	}

	rtpmaps := make(map[uint8]rtpmap)
	fmtps := make(map[uint8]string)
	ptime, maxptime := 0, 0
	rtcpPort := port + 1
	mux := false
	var cryptos []string
	for _, a := range md.Attributes {
		switch a.Key {
		case "rtpmap":
			if m, ok := parseRtpmap(a.Value); ok {
				rtpmaps[m.pt] = m
			}
		case "fmtp":
			if pt, rest, ok := strings.Cut(a.Value, " "); ok {
				if n, err := strconv.ParseUint(pt, 10, 8); err == nil {
					fmtps[uint8(n)] = strings.TrimSpace(rest)
				}
			}
		case "ptime":
			ptime = parseMillis(a.Value)
		case "maxptime":
			maxptime = parseMillis(a.Value)
		case "rtcp":
			// RFC 3605: "a=rtcp:<port> [IN IP4 <addr>]"; we keep the port
			// and send to the media address.
			f := strings.Fields(a.Value)
			if len(f) > 0 {
				if p, err := strconv.Atoi(f[0]); err == nil && p > 0 && p <= 65535 {
					rtcpPort = p
				}
			}
		case "rtcp-mux":
			mux = true
		case "crypto":
			cryptos = append(cryptos, a.Value)
		}
	}

	c := &mediaChoice{
		Remote:    netip.AddrPortFrom(ip.Unmap(), uint16(port)),
		Direction: answerDirection(sd, md),
		PTime:     answerPTime(ptime, maxptime),
		RTCPMux:   mux,
	}
	if rtcpPort <= 65535 {
		c.RemoteRTCP = netip.AddrPortFrom(ip.Unmap(), uint16(rtcpPort))
	}
	if mux {
		c.RemoteRTCP = c.Remote
	}
	type event struct {
		pt   uint8
		rate int
	}
	var events []event
	bestRank := 0
	for _, f := range md.MediaName.Formats {
		v, err := strconv.ParseUint(f, 10, 8)
		if err != nil || v > 127 {
			continue // not an RTP payload type
		}
		pt := uint8(v)
		name, rate, channels := staticCodec(pt)
		if m, ok := rtpmaps[pt]; ok {
			if pt < 96 && name != "" {
				// A static payload type keeps its meaning (RFC 3551
				// section 3): a conflicting rtpmap makes it unusable.
				if !strings.EqualFold(m.name, name) || m.rate != rate {
					continue
				}
			}
			name, rate, channels = m.name, m.rate, m.channels
		}
		if strings.EqualFold(name, dtmfEncoding) {
			if pt >= 96 {
				events = append(events, event{pt, rate})
			}
			continue
		}
		codec, ok := canonicalCodec(name, rate, channels)
		if !ok || !slices.Contains(n.codecs, codec) {
			continue
		}
		rank := codecRank(codec, rate)
		if c.Codec == "" || (n.best && rank > bestRank) {
			c.Codec, c.PayloadType, c.ClockRate = codec, pt, rate
			bestRank = rank
		}
	}
	if c.Codec == "" {
		return nil, ErrNoCodec
	}
	// RFC 4733 section 2.1: events use the clock of the audio; take the
	// one that matches, else the first one offered.
	for _, e := range events {
		if e.rate == c.ClockRate {
			c.DTMFPayloadType, c.DTMFClockRate = e.pt, e.rate
			break
		}
	}
	if c.DTMFPayloadType == 0 && len(events) > 0 {
		c.DTMFPayloadType, c.DTMFClockRate = events[0].pt, events[0].rate
	}
	if c.DTMFPayloadType != 0 {
		c.DTMFFmtp = fmtps[c.DTMFPayloadType]
	}
	if secure {
		cr, err := chooseCrypto(cryptos)
		if err != nil {
			return nil, err
		}
		c.Crypto = cr
	}
	return c, nil
}

// parseMillis parses a ptime or maxptime value (RFC 8866 section 6.4,
// 6.5), which may have a fraction; 0 when absent or invalid.
func parseMillis(v string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f <= 0 || f > 1000 {
		return 0
	}
	return int(f + 0.5)
}

// answerPTime picks the packet duration we ask for: the offered ptime
// (20 ms if none), at most maxptime, rounded to 10 ms steps in [10, 60]
// ms, which every codec we speak can frame (Opus has 10, 20, 40 and 60).
func answerPTime(ptime, maxptime int) int {
	p := ptime
	if p == 0 {
		p = defaultPTime
	}
	if maxptime > 0 && p > maxptime {
		p = maxptime
	}
	p = (p + 5) / 10 * 10
	if p == 30 || p == 50 {
		p = 20 // no 30 or 50 ms Opus frame: use the default
	}
	return min(max(p, minPTime), maxPTime)
}

type rtpmap struct {
	pt       uint8
	name     string
	rate     int
	channels int
}

// parseRtpmap parses "<pt> <encoding>/<clock rate>[/<channels>]"
// (RFC 8866 section 6.6).
func parseRtpmap(v string) (rtpmap, bool) {
	ptStr, enc, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok {
		return rtpmap{}, false
	}
	pt, err := strconv.ParseUint(ptStr, 10, 8)
	if err != nil || pt > 127 {
		return rtpmap{}, false
	}
	parts := strings.Split(strings.TrimSpace(enc), "/")
	if len(parts) < 2 {
		return rtpmap{}, false
	}
	rate, err := strconv.Atoi(parts[1])
	if err != nil || rate <= 0 {
		return rtpmap{}, false
	}
	channels := 1
	if len(parts) > 2 {
		if channels, err = strconv.Atoi(parts[2]); err != nil || channels <= 0 {
			return rtpmap{}, false
		}
	}
	return rtpmap{pt: uint8(pt), name: parts[0], rate: rate, channels: channels}, true
}

var directions = []string{"sendrecv", "sendonly", "recvonly", "inactive"}

// answerDirection is our answer to the offered direction (RFC 3264 section
// 6.1). We mainly listen: a peer that will not send gets "inactive".
func answerDirection(sd *sdp.SessionDescription, md *sdp.MediaDescription) string {
	offered := "sendrecv"
	for _, a := range sd.Attributes {
		if slices.Contains(directions, a.Key) {
			offered = a.Key
		}
	}
	for _, a := range md.Attributes {
		if slices.Contains(directions, a.Key) {
			offered = a.Key
		}
	}
	switch offered {
	case "sendonly":
		return "recvonly"
	case "recvonly", "inactive":
		return "inactive"
	default:
		return "sendrecv"
	}
}

// newSessionID returns a random SDP session id below 2^62 so it fits any
// peer's signed 64-bit parser (RFC 8866 section 5.2 suggests NTP-like
// values; only uniqueness matters).
func newSessionID() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return binary.BigEndian.Uint64(b[:]) >> 2
}

// sessionHeader fills the session-level lines shared by offers and answers.
func sessionHeader(ip netip.Addr, sessID uint64) *sdp.SessionDescription {
	addrType := "IP4"
	if ip.Is6() && !ip.Is4In6() {
		addrType = "IP6"
	}
	addr := ip.Unmap().String()
	return &sdp.SessionDescription{
		Version: 0,
		Origin: sdp.Origin{
			Username:       "-",
			SessionID:      sessID,
			SessionVersion: 1,
			NetworkType:    "IN",
			AddressType:    addrType,
			UnicastAddress: addr,
		},
		SessionName: "Earshot",
		ConnectionInformation: &sdp.ConnectionInformation{
			NetworkType: "IN",
			AddressType: addrType,
			Address:     &sdp.Address{Address: addr},
		},
		TimeDescriptions: []sdp.TimeDescription{{}},
	}
}

// rtpmapValue is the rtpmap attribute value of a codec.
func rtpmapValue(pt uint8, codec string, rate int) string {
	if codec == CodecOpus {
		return fmt.Sprintf("%d opus/%d/2", pt, opusRate)
	}
	return fmt.Sprintf("%d %s/%d", pt, codec, rate)
}

// buildAnswer writes our answer to the offer c was negotiated from: the
// chosen stream on our RTP port, every other m= line rejected with port 0
// (RFC 3264 section 6: one m= line in the answer per m= line in the offer).
// local is our SDES key for an SRTP stream (nil otherwise).
func buildAnswer(c *mediaChoice, ip netip.Addr, port int, sessID uint64, local []byte) ([]byte, error) {
	sd := sessionHeader(ip, sessID)
	for i, off := range c.sd.MediaDescriptions {
		if i != c.index {
			formats := off.MediaName.Formats
			if len(formats) > 1 {
				formats = formats[:1]
			}
			if len(formats) == 0 {
				formats = []string{"0"}
			}
			sd.MediaDescriptions = append(sd.MediaDescriptions, &sdp.MediaDescription{
				MediaName: sdp.MediaName{
					Media:   off.MediaName.Media,
					Port:    sdp.RangedPort{Value: 0},
					Protos:  off.MediaName.Protos,
					Formats: formats,
				},
			})
			continue
		}
		md := &sdp.MediaDescription{
			MediaName: sdp.MediaName{
				Media:   "audio",
				Port:    sdp.RangedPort{Value: port},
				Protos:  off.MediaName.Protos,
				Formats: []string{strconv.Itoa(int(c.PayloadType))},
			},
		}
		md.WithValueAttribute("rtpmap", rtpmapValue(c.PayloadType, c.Codec, c.ClockRate))
		if c.DTMFPayloadType != 0 {
			md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(int(c.DTMFPayloadType)))
			md.WithValueAttribute("rtpmap", fmt.Sprintf("%d %s/%d", c.DTMFPayloadType, dtmfEncoding, c.DTMFClockRate))
			fmtp := c.DTMFFmtp
			if fmtp == "" {
				fmtp = "0-15"
			}
			md.WithValueAttribute("fmtp", fmt.Sprintf("%d %s", c.DTMFPayloadType, fmtp))
		}
		md.WithValueAttribute("ptime", strconv.Itoa(c.PTime))
		if c.RTCPMux {
			md.WithPropertyAttribute("rtcp-mux")
		}
		if c.Crypto != nil {
			if len(local) != sdesKeyLen {
				return nil, fmt.Errorf("sip: SRTP answer needs a %d-byte key", sdesKeyLen)
			}
			md.WithValueAttribute("crypto", c.Crypto.answer(local))
		}
		md.WithPropertyAttribute(c.Direction)
		sd.MediaDescriptions = append(sd.MediaDescriptions, md)
	}
	return sd.Marshal()
}

// offerSpec is what a UAC offers.
type offerSpec struct {
	codecs []string
	ptime  int
	// local is our SDES key: non-nil offers RTP/SAVP with one crypto
	// attribute.
	local []byte
}

// buildOffer writes a UAC offer: one sendrecv audio stream with codecs in
// the given order and telephone-event on payload type 101 (and at 48 kHz
// on 110 when Opus is offered).
func buildOffer(ip netip.Addr, port int, o offerSpec, sessID uint64) ([]byte, error) {
	sd := sessionHeader(ip, sessID)
	protos := []string{"RTP", "AVP"}
	if o.local != nil {
		protos = []string{"RTP", "SAVP"}
	}
	md := &sdp.MediaDescription{
		MediaName: sdp.MediaName{
			Media:  "audio",
			Port:   sdp.RangedPort{Value: port},
			Protos: protos,
		},
	}
	opus := false
	for _, name := range o.codecs {
		var (
			pt    uint8
			codec string
			rate  = g711Rate
			fmtp  string
		)
		switch strings.ToUpper(name) {
		case CodecPCMU:
			pt, codec = ptPCMU, CodecPCMU
		case CodecPCMA:
			pt, codec = ptPCMA, CodecPCMA
		case CodecG722:
			pt, codec = ptG722, CodecG722
		case strings.ToUpper(CodecL16):
			pt, codec, rate = ptL16, CodecL16, l16Rate
		case strings.ToUpper(CodecOpus):
			// RFC 7587 section 6.1: mono is what we send and prefer.
			pt, codec, rate, fmtp = ptOpus, CodecOpus, opusRate, "useinbandfec=1; stereo=0; sprop-stereo=0"
			opus = true
		default:
			return nil, fmt.Errorf("sip: codec %q not supported", name)
		}
		md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(int(pt)))
		md.WithValueAttribute("rtpmap", rtpmapValue(pt, codec, rate))
		if fmtp != "" {
			md.WithValueAttribute("fmtp", fmt.Sprintf("%d %s", pt, fmtp))
		}
	}
	if len(md.MediaName.Formats) == 0 {
		return nil, fmt.Errorf("sip: no codec to offer")
	}
	if opus {
		md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(defaultDTMFPT48))
		md.WithValueAttribute("rtpmap", fmt.Sprintf("%d %s/%d", defaultDTMFPT48, dtmfEncoding, opusRate))
		md.WithValueAttribute("fmtp", fmt.Sprintf("%d 0-16", defaultDTMFPT48))
	}
	md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(defaultDTMFPT))
	md.WithValueAttribute("rtpmap", fmt.Sprintf("%d %s/%d", defaultDTMFPT, dtmfEncoding, g711Rate))
	md.WithValueAttribute("fmtp", fmt.Sprintf("%d 0-16", defaultDTMFPT))
	ptime := o.ptime
	if ptime == 0 {
		ptime = defaultPTime
	}
	md.WithValueAttribute("ptime", strconv.Itoa(ptime))
	if o.local != nil {
		md.WithValueAttribute("crypto", offerCrypto(o.local))
	}
	md.WithPropertyAttribute("sendrecv")
	sd.MediaDescriptions = append(sd.MediaDescriptions, md)
	return sd.Marshal()
}
