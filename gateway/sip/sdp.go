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

// Offer/answer for one audio stream of G.711 with optional RFC 4733
// telephone events, following RFC 3264 (https://www.rfc-editor.org/rfc/rfc3264)
// and SDP as in RFC 8866 (https://www.rfc-editor.org/rfc/rfc8866).

// Codec names we speak. Both are 8 kHz G.711 (ITU-T G.711), static payload
// types from RFC 3551 section 6, table 4.
const (
	CodecPCMU = "PCMU"
	CodecPCMA = "PCMA"

	ptPCMU = 0
	ptPCMA = 8

	dtmfEncoding = "telephone-event"
	// defaultDTMFPT is the dynamic payload type our offers use for RFC 4733
	// events.
	defaultDTMFPT = 101
	// ptime is the packet duration we ask for, in milliseconds.
	ptime = 20
	// g711Rate is the RTP clock rate of G.711 and of its telephone events.
	g711Rate = 8000
)

// staticCodec maps the static payload types we understand to codec names.
func staticCodec(pt uint8) string {
	switch pt {
	case ptPCMU:
		return CodecPCMU
	case ptPCMA:
		return CodecPCMA
	}
	return ""
}

// mediaChoice is the outcome of negotiating one SDP: which stream, codec
// and event payload type we use, and where the peer wants its media.
type mediaChoice struct {
	Codec           string
	PayloadType     uint8
	ClockRate       int
	DTMFPayloadType uint8 // 0: no telephone-event
	DTMFFmtp        string
	// Remote is the peer's RTP address from c= and m=. Its address may be
	// unspecified (0.0.0.0, RFC 3264 section 8.4 hold).
	Remote netip.AddrPort
	// Direction is the direction we answer with (RFC 3264 section 6.1).
	Direction string
	// index of the chosen m= line, and the parsed session to answer.
	index int
	sd    *sdp.SessionDescription
}

// negotiate parses an SDP offer (or answer, on the UAC side) and picks the
// first audio stream that carries one of the accepted codecs; within it the
// first accepted format in the offerer's order (RFC 3264 section 6.1).
// accepted lists codec names (CodecPCMU, CodecPCMA). Errors wrap
// ErrMalformedSDP, ErrNoAudio or ErrNoCodec.
func negotiate(body []byte, accepted []string) (*mediaChoice, error) {
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
	var lastErr error
	for i, md := range sd.MediaDescriptions {
		if md.MediaName.Media != "audio" || md.MediaName.Port.Value == 0 {
			continue // other media, or a stream the offerer rejected
		}
		sawAudio = true
		c, err := chooseInStream(sd, md, accepted)
		if err != nil {
			lastErr = err
			continue
		}
		c.index = i
		c.sd = sd
		return c, nil
	}
	if lastErr != nil {
		return nil, lastErr
	}
	if !sawAudio {
		return nil, fmt.Errorf("%w: no audio m= line with a port", ErrNoAudio)
	}
	return nil, ErrNoAudio
}

func chooseInStream(sd *sdp.SessionDescription, md *sdp.MediaDescription, accepted []string) (*mediaChoice, error) {
	proto := strings.Join(md.MediaName.Protos, "/")
	if proto != "RTP/AVP" && proto != "RTP/AVPF" {
		return nil, fmt.Errorf("%w: transport %.20q not supported", ErrNoAudio, proto)
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
		}
	}

	c := &mediaChoice{
		Remote:    netip.AddrPortFrom(ip.Unmap(), uint16(port)),
		Direction: answerDirection(sd, md),
	}
	for _, f := range md.MediaName.Formats {
		n, err := strconv.ParseUint(f, 10, 8)
		if err != nil || n > 127 {
			continue // not an RTP payload type
		}
		pt := uint8(n)
		name, rate := staticCodec(pt), g711Rate
		if m, ok := rtpmaps[pt]; ok {
			name, rate = m.name, m.rate
		}
		switch {
		case strings.EqualFold(name, dtmfEncoding):
			if rate == g711Rate && c.DTMFPayloadType == 0 && pt >= 96 {
				c.DTMFPayloadType = pt
				c.DTMFFmtp = fmtps[pt]
			}
		case c.Codec == "" && rate == g711Rate:
			for _, want := range accepted {
				if strings.EqualFold(name, want) {
					c.Codec, c.PayloadType, c.ClockRate = want, pt, rate
					break
				}
			}
		}
	}
	if c.Codec == "" {
		return nil, ErrNoCodec
	}
	return c, nil
}

type rtpmap struct {
	pt   uint8
	name string
	rate int
}

// parseRtpmap parses "<pt> <encoding>/<clock rate>[/<params>]"
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
	return rtpmap{pt: uint8(pt), name: parts[0], rate: rate}, true
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

// buildAnswer writes our answer to the offer c was negotiated from: the
// chosen stream on our RTP port, every other m= line rejected with port 0
// (RFC 3264 section 6: one m= line in the answer per m= line in the offer).
func buildAnswer(c *mediaChoice, ip netip.Addr, port int, sessID uint64) ([]byte, error) {
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
		md.WithValueAttribute("rtpmap", fmt.Sprintf("%d %s/%d", c.PayloadType, c.Codec, c.ClockRate))
		if c.DTMFPayloadType != 0 {
			md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(int(c.DTMFPayloadType)))
			md.WithValueAttribute("rtpmap", fmt.Sprintf("%d %s/%d", c.DTMFPayloadType, dtmfEncoding, g711Rate))
			fmtp := c.DTMFFmtp
			if fmtp == "" {
				fmtp = "0-15"
			}
			md.WithValueAttribute("fmtp", fmt.Sprintf("%d %s", c.DTMFPayloadType, fmtp))
		}
		md.WithValueAttribute("ptime", strconv.Itoa(ptime))
		md.WithPropertyAttribute(c.Direction)
		sd.MediaDescriptions = append(sd.MediaDescriptions, md)
	}
	return sd.Marshal()
}

// buildOffer writes a UAC offer: one sendrecv audio stream with codecs in
// the given order and telephone-event on payload type 101.
func buildOffer(ip netip.Addr, port int, codecs []string, sessID uint64) ([]byte, error) {
	sd := sessionHeader(ip, sessID)
	md := &sdp.MediaDescription{
		MediaName: sdp.MediaName{
			Media:  "audio",
			Port:   sdp.RangedPort{Value: port},
			Protos: []string{"RTP", "AVP"},
		},
	}
	for _, name := range codecs {
		var pt uint8
		switch strings.ToUpper(name) {
		case CodecPCMU:
			pt = ptPCMU
		case CodecPCMA:
			pt = ptPCMA
		default:
			return nil, fmt.Errorf("sip: codec %q not supported", name)
		}
		md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(int(pt)))
		md.WithValueAttribute("rtpmap", fmt.Sprintf("%d %s/%d", pt, strings.ToUpper(name), g711Rate))
	}
	if len(md.MediaName.Formats) == 0 {
		return nil, fmt.Errorf("sip: no codec to offer")
	}
	md.MediaName.Formats = append(md.MediaName.Formats, strconv.Itoa(defaultDTMFPT))
	md.WithValueAttribute("rtpmap", fmt.Sprintf("%d %s/%d", defaultDTMFPT, dtmfEncoding, g711Rate))
	md.WithValueAttribute("fmtp", fmt.Sprintf("%d 0-16", defaultDTMFPT))
	md.WithValueAttribute("ptime", strconv.Itoa(ptime))
	md.WithPropertyAttribute("sendrecv")
	sd.MediaDescriptions = append(sd.MediaDescriptions, md)
	return sd.Marshal()
}
