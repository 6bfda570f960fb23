package sip

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pion/srtp/v3"
)

// SRTP keyed by SDES (RFC 4568, https://www.rfc-editor.org/rfc/rfc4568):
// each side puts its own master key and salt in an a=crypto attribute
// and encrypts what it sends with it; the receiver decrypts with the key
// the sender announced. The keys travel in the SDP, so SDES protects media
// only as well as the signalling is protected (SIP over TLS).

// SRTPPolicy says which media transports the server accepts.
type SRTPPolicy int

// SRTP policies.
const (
	// SRTPOff accepts plain RTP (RTP/AVP) only; an offer with only SRTP
	// streams is refused with 488.
	SRTPOff SRTPPolicy = iota
	// SRTPOptional accepts either, using the transport of the first
	// usable audio stream of the offer.
	SRTPOptional
	// SRTPRequired accepts SRTP (RTP/SAVP with an SDES key) only; an
	// offer without it is refused with 488.
	SRTPRequired
)

// ParseSRTPPolicy parses "off", "optional" or "required".
func ParseSRTPPolicy(s string) (SRTPPolicy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off":
		return SRTPOff, nil
	case "optional":
		return SRTPOptional, nil
	case "required":
		return SRTPRequired, nil
	}
	return 0, fmt.Errorf("SRTP policy %q: want off, optional or required", s)
}

// String returns "off", "optional" or "required".
func (p SRTPPolicy) String() string {
	switch p {
	case SRTPOff:
		return "off"
	case SRTPOptional:
		return "optional"
	case SRTPRequired:
		return "required"
	}
	return "SRTPPolicy(" + strconv.Itoa(int(p)) + ")"
}

// Crypto suites we support (RFC 4568 section 6.2).
const (
	suite80 = "AES_CM_128_HMAC_SHA1_80"
	suite32 = "AES_CM_128_HMAC_SHA1_32"
)

// sdesKeyLen is the master key (16 bytes) plus master salt (14 bytes) of
// the AES_CM_128 suites, the octets of an inline key.
const sdesKeyLen = 30

// sdesCrypto is one a=crypto attribute we accepted: its tag and suite,
// and the remote's master key and salt. Never log it.
type sdesCrypto struct {
	Tag   int
	Suite string
	Key   []byte // remote master key || master salt
}

// profile maps the suite to pion's protection profile.
func (c *sdesCrypto) profile() srtp.ProtectionProfile {
	if c.Suite == suite32 {
		return srtp.ProtectionProfileAes128CmHmacSha1_32
	}
	return srtp.ProtectionProfileAes128CmHmacSha1_80
}

// answer is our a=crypto value answering c with our key local.
func (c *sdesCrypto) answer(local []byte) string {
	return strconv.Itoa(c.Tag) + " " + c.Suite + " inline:" + base64.StdEncoding.EncodeToString(local)
}

// offerCrypto is the single a=crypto value of our offers.
func offerCrypto(local []byte) string {
	return "1 " + suite80 + " inline:" + base64.StdEncoding.EncodeToString(local)
}

// newSDESKey returns a random master key and salt.
func newSDESKey() []byte {
	k := make([]byte, sdesKeyLen)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return k
}

// chooseCrypto picks the first a=crypto value we can use
// (RFC 4568 section 7.1.1: the answerer picks one of the offered ones).
func chooseCrypto(values []string) (*sdesCrypto, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("%w: RTP/SAVP without a=crypto", ErrNoCryptoSuite)
	}
	for _, v := range values {
		if c, err := parseCrypto(v); err == nil {
			return c, nil
		}
	}
	return nil, ErrNoCryptoSuite
}

var errCrypto = errors.New("sip: unusable a=crypto")

// parseCrypto parses "<tag> <suite> inline:<key||salt>[|lifetime][|MKI:len]
// [session params]" (RFC 4568 section 9.1). Lines with an MKI, several
// keys or session parameters (UNENCRYPTED_SRTP and the like) are refused:
// we support the plain case every SDES endpoint offers.
func parseCrypto(v string) (*sdesCrypto, error) {
	f := strings.Fields(v)
	if len(f) != 3 {
		return nil, errCrypto
	}
	tag, err := strconv.Atoi(f[0])
	if err != nil || tag < 0 || tag > 999999999 {
		return nil, errCrypto
	}
	suite := f[1]
	if suite != suite80 && suite != suite32 {
		return nil, errCrypto
	}
	inline, ok := strings.CutPrefix(f[2], "inline:")
	if !ok || strings.Contains(inline, ";") {
		return nil, errCrypto
	}
	parts := strings.Split(inline, "|")
	if len(parts) > 2 || (len(parts) == 2 && strings.Contains(parts[1], ":")) {
		return nil, errCrypto // an MKI
	}
	key, err := base64.StdEncoding.DecodeString(parts[0])
	if err != nil {
		// Some endpoints leave out the padding.
		key, err = base64.RawStdEncoding.DecodeString(parts[0])
	}
	if err != nil || len(key) != sdesKeyLen {
		return nil, errCrypto
	}
	return &sdesCrypto{Tag: tag, Suite: suite, Key: key}, nil
}

// srtpContexts are the SRTP state of one call: decryption with the
// remote's key, encryption with ours. A Context is one-way and not safe
// for concurrent use, so RTP and RTCP each get their own.
type srtpContexts struct {
	rtpIn, rtcpIn, rtcpOut, rtpOut *srtp.Context
}

// replayWindow is the SRTP replay protection window in packets (RFC 3711
// section 3.3.2 asks for at least 64).
const replayWindow = 128

func newSRTPContexts(c *sdesCrypto, local []byte) (*srtpContexts, error) {
	p := c.profile()
	in := func() (*srtp.Context, error) {
		return srtp.CreateContext(c.Key[:16], c.Key[16:], p,
			srtp.SRTPReplayProtection(replayWindow), srtp.SRTCPReplayProtection(replayWindow))
	}
	out := func() (*srtp.Context, error) {
		return srtp.CreateContext(local[:16], local[16:], p)
	}
	var s srtpContexts
	var err error
	if s.rtpIn, err = in(); err != nil {
		return nil, fmt.Errorf("sip: SRTP context: %w", err)
	}
	if s.rtcpIn, err = in(); err != nil {
		return nil, fmt.Errorf("sip: SRTP context: %w", err)
	}
	if s.rtcpOut, err = out(); err != nil {
		return nil, fmt.Errorf("sip: SRTP context: %w", err)
	}
	if s.rtpOut, err = out(); err != nil {
		return nil, fmt.Errorf("sip: SRTP context: %w", err)
	}
	return &s, nil
}
