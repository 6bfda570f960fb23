package sip

import (
	"errors"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
	"github.com/pion/sdp/v3"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const sessHead = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"

// answering is how a Server with the default codecs negotiates.
var answering = negotiation{codecs: acceptedCodecs, best: true, srtp: SRTPOptional}

// testKey is an SDES master key and salt for the tests: 30 bytes 0..29.
const testKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"

// negotiateCases drive TestNegotiate and seed FuzzNegotiate.
var negotiateCases = []struct {
	name      string
	offer     string
	policy    string // SRTP policy, "" for optional
	codec     string
	pt        uint8
	rate      int
	ptime     int
	dtmf      uint8
	dtmfRate  int
	remote    string
	rtcp      string
	direction string
	crypto    int // tag of the chosen a=crypto, -1 for plain RTP
	err       error
}{
	{name: "pcmu pcma dtmf", offer: sessHead + "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n",
		codec: "PCMU", pt: 0, dtmf: 101},
	{name: "offerer prefers pcma", offer: sessHead + "m=audio 4000 RTP/AVP 8 0\r\n",
		codec: "PCMA", pt: 8},
	{name: "g722 beats g711", offer: sessHead + "m=audio 4000 RTP/AVP 18 8 0 9\r\na=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000\r\n",
		codec: "G722", pt: 9},
	{name: "static g722 without rtpmap", offer: sessHead + "m=audio 4000 RTP/AVP 0 9\r\n",
		codec: "G722", pt: 9},
	{name: "opus beats g722", offer: sessHead + "m=audio 4000 RTP/AVP 9 0 111 101 110\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\na=rtpmap:101 telephone-event/8000\r\na=rtpmap:110 telephone-event/48000\r\n",
		codec: "opus", pt: 111, rate: 48000, dtmf: 110, dtmfRate: 48000},
	{name: "opus with 8 kHz events only", offer: sessHead + "m=audio 4000 RTP/AVP 111 101\r\na=rtpmap:111 OPUS/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n",
		codec: "opus", pt: 111, rate: 48000, dtmf: 101},
	{name: "l16 16k beats g711", offer: sessHead + "m=audio 4000 RTP/AVP 0 97\r\na=rtpmap:97 L16/16000\r\n",
		codec: "L16", pt: 97, rate: 16000},
	{name: "g722 beats l16", offer: sessHead + "m=audio 4000 RTP/AVP 97 9\r\na=rtpmap:97 L16/16000/1\r\n",
		codec: "G722", pt: 9},
	{name: "stereo l16 refused", offer: sessHead + "m=audio 4000 RTP/AVP 97 8\r\na=rtpmap:97 L16/16000/2\r\n",
		codec: "PCMA", pt: 8},
	{name: "l16 8k beats g711", offer: sessHead + "m=audio 4000 RTP/AVP 0 98\r\na=rtpmap:98 L16/8000\r\n",
		codec: "L16", pt: 98},
	{name: "dynamic pcmu", offer: sessHead + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 pcmu/8000\r\n",
		codec: "PCMU", pt: 96},
	{name: "wideband telephone-event skipped for g711", offer: sessHead + "m=audio 4000 RTP/AVP 0 100 101\r\na=rtpmap:100 telephone-event/48000\r\na=rtpmap:101 telephone-event/8000\r\n",
		codec: "PCMU", pt: 0, dtmf: 101},
	{name: "ptime 30 is not an opus frame", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=ptime:30\r\n",
		codec: "PCMU", pt: 0, ptime: 20},
	{name: "ptime 10", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=ptime:10\r\n",
		codec: "PCMU", pt: 0, ptime: 10},
	{name: "ptime 5 raised", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=ptime:5\r\n",
		codec: "PCMU", pt: 0, ptime: 10},
	{name: "ptime 120 cut", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=ptime:120\r\n",
		codec: "PCMU", pt: 0, ptime: 60},
	{name: "maxptime caps", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=ptime:60\r\na=maxptime:40\r\n",
		codec: "PCMU", pt: 0, ptime: 40},
	{name: "rtcp attribute", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=rtcp:4005\r\n",
		codec: "PCMU", pt: 0, rtcp: "192.0.2.10:4005"},
	{name: "rtcp-mux", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=rtcp-mux\r\n",
		codec: "PCMU", pt: 0, rtcp: "192.0.2.10:4000"},
	{name: "media level connection", offer: "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 198.51.100.7\r\n",
		codec: "PCMU", pt: 0, remote: "198.51.100.7:4000"},
	{name: "ipv6", offer: "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n",
		codec: "PCMA", pt: 8, remote: "[2001:db8::1]:4000"},
	{name: "sendonly offer", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n",
		codec: "PCMU", pt: 0, direction: "recvonly"},
	{name: "session level recvonly", offer: sessHead + "a=recvonly\r\nm=audio 4000 RTP/AVP 0\r\n",
		codec: "PCMU", pt: 0, direction: "inactive"},
	{name: "hold address", offer: "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
		codec: "PCMU", pt: 0, remote: "0.0.0.0:4000"},
	{name: "video then audio", offer: sessHead + "m=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\nm=audio 4000 RTP/AVP 0\r\n",
		codec: "PCMU", pt: 0},
	{name: "second audio usable", offer: sessHead + "m=audio 4000 RTP/AVP 18\r\nm=audio 4002 RTP/AVP 8\r\n",
		codec: "PCMA", pt: 8, remote: "192.0.2.10:4002"},
	{name: "rtp avpf", offer: sessHead + "m=audio 4000 RTP/AVPF 0\r\n",
		codec: "PCMU", pt: 0},
	{name: "srtp", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\na=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + "\r\n",
		codec: "PCMU", pt: 0, crypto: 3},
	{name: "srtp second suite usable", offer: sessHead + "m=audio 4000 RTP/SAVP 9\r\na=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" + testKey + testKey + "\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + testKey + "|2^31\r\n",
		codec: "G722", pt: 9, crypto: 2},
	{name: "srtp required", policy: "required", offer: sessHead + "m=audio 4000 RTP/SAVPF 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + "\r\n",
		codec: "PCMU", pt: 0, crypto: 1},
	{name: "srtp alternative skipped when off", policy: "off", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + "\r\nm=audio 4002 RTP/AVP 0\r\n",
		codec: "PCMU", pt: 0, remote: "192.0.2.10:4002"},

	{name: "empty", offer: "", err: ErrMalformedSDP},
	{name: "garbage", offer: "hello world", err: ErrMalformedSDP},
	{name: "bad line", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\nx=unknown\r\n", err: ErrMalformedSDP},
	{name: "bad port", offer: sessHead + "m=audio abc RTP/AVP 0\r\n", err: ErrMalformedSDP},
	{name: "port too big", offer: sessHead + "m=audio 70000 RTP/AVP 0\r\n", err: ErrMalformedSDP},
	{name: "no connection", offer: "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", err: ErrMalformedSDP},
	{name: "address type mismatch", offer: "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP6 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", err: ErrMalformedSDP},
	{name: "no media", offer: sessHead, err: ErrNoAudio},
	{name: "video only", offer: sessHead + "m=video 5000 RTP/AVP 96\r\n", err: ErrNoAudio},
	{name: "audio port zero", offer: sessHead + "m=audio 0 RTP/AVP 0\r\n", err: ErrNoAudio},
	{name: "dtls-srtp", offer: sessHead + "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\n", err: ErrNoAudio},
	{name: "srtp without crypto", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\n", err: ErrNoCryptoSuite},
	{name: "srtp with mki", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + "|2^20|1:4\r\n", err: ErrNoCryptoSuite},
	{name: "srtp short key", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAECAwQF\r\n", err: ErrNoCryptoSuite},
	{name: "srtp unencrypted", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + " UNENCRYPTED_SRTP\r\n", err: ErrNoCryptoSuite},
	{name: "srtp refused when off", policy: "off", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + "\r\n", err: ErrSRTPRefused},
	{name: "plain refused when srtp required", policy: "required", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\n", err: ErrSRTPRequired},
	{name: "fqdn connection", offer: "v=0\r\no=- 1 1 IN IP4 host.example\r\ns=-\r\nc=IN IP4 host.example\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", err: ErrNoAudio},
	{name: "g729 only", offer: sessHead + "m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n", err: ErrNoCodec},
	{name: "pcmu at 16k", offer: sessHead + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 PCMU/16000\r\n", err: ErrNoCodec},
	{name: "opus at 16k", offer: sessHead + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/16000/2\r\n", err: ErrNoCodec},
	{name: "static pt remapped", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 opus/48000/2\r\n", err: ErrNoCodec},
	{name: "only telephone-event", offer: sessHead + "m=audio 4000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n", err: ErrNoCodec},
}

func policyOf(s string) SRTPPolicy {
	if s == "" {
		return SRTPOptional
	}
	p, err := ParseSRTPPolicy(s)
	if err != nil {
		panic(err)
	}
	return p
}

func TestNegotiate(t *testing.T) {
	for _, tc := range negotiateCases {
		t.Run(tc.name, func(t *testing.T) {
			n := answering
			n.srtp = policyOf(tc.policy)
			c, err := negotiate([]byte(tc.offer), n)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rate, ptime, dtmfRate, remote, direction := tc.rate, tc.ptime, tc.dtmfRate, tc.remote, tc.direction
			if rate == 0 {
				rate = 8000
			}
			if ptime == 0 {
				ptime = 20
			}
			if dtmfRate == 0 && tc.dtmf != 0 {
				dtmfRate = 8000
			}
			if remote == "" {
				remote = "192.0.2.10:4000"
			}
			rtcpAddr := tc.rtcp
			if rtcpAddr == "" {
				ap := netip.MustParseAddrPort(remote)
				rtcpAddr = netip.AddrPortFrom(ap.Addr(), ap.Port()+1).String()
			}
			if direction == "" {
				direction = "sendrecv"
			}
			if c.Codec != tc.codec || c.PayloadType != tc.pt || c.ClockRate != rate || c.DTMFPayloadType != tc.dtmf || c.DTMFClockRate != dtmfRate {
				t.Errorf("choice = %s/%d/%d dtmf %d/%d, want %s/%d/%d dtmf %d/%d",
					c.Codec, c.PayloadType, c.ClockRate, c.DTMFPayloadType, c.DTMFClockRate, tc.codec, tc.pt, rate, tc.dtmf, dtmfRate)
			}
			if c.PTime != ptime {
				t.Errorf("ptime = %d, want %d", c.PTime, ptime)
			}
			if c.Remote.String() != remote || c.RemoteRTCP.String() != rtcpAddr {
				t.Errorf("remote = %s, rtcp %s; want %s, %s", c.Remote, c.RemoteRTCP, remote, rtcpAddr)
			}
			if c.Direction != direction {
				t.Errorf("direction = %s, want %s", c.Direction, direction)
			}
			switch {
			case tc.crypto == 0 && c.Crypto != nil:
				t.Errorf("plain RTP offer chose crypto %d", c.Crypto.Tag)
			case tc.crypto != 0 && (c.Crypto == nil || c.Crypto.Tag != tc.crypto || len(c.Crypto.Key) != sdesKeyLen):
				t.Errorf("crypto = %+v, want tag %d", c.Crypto, tc.crypto)
			}
		})
	}
}

func TestNegotiateRespectsAcceptedList(t *testing.T) {
	offer := []byte(sessHead + "m=audio 4000 RTP/AVP 9 0 8\r\n")
	c, err := negotiate(offer, negotiation{codecs: []string{CodecPCMA}, best: true})
	if err != nil || c.Codec != CodecPCMA {
		t.Fatalf("negotiate = %+v, %v; want PCMA", c, err)
	}
	if _, err := negotiate(offer, negotiation{best: true}); !errors.Is(err, ErrNoCodec) {
		t.Fatalf("no accepted codecs: err = %v", err)
	}
	// Reading an answer keeps its order rather than ranking.
	c, err = negotiate(offer, negotiation{codecs: acceptedCodecs})
	if err != nil || c.Codec != CodecG722 {
		t.Fatalf("answer order: %+v, %v", c, err)
	}
	c, err = negotiate([]byte(sessHead+"m=audio 4000 RTP/AVP 0 9\r\n"), negotiation{codecs: acceptedCodecs})
	if err != nil || c.Codec != CodecPCMU {
		t.Fatalf("answer order: %+v, %v", c, err)
	}
}

// TestAnswerGolden pins the exact answers we send (testdata/*.sdp; run
// with -update to rewrite them after an intended change).
func TestAnswerGolden(t *testing.T) {
	key := make([]byte, sdesKeyLen)
	for i := range key {
		key[i] = byte(0xA0 + i)
	}
	for _, tc := range []struct {
		golden string
		offer  string
		ip     string
	}{
		{"answer_pcmu_dtmf.sdp", sessHead + "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n", "203.0.113.5"},
		{"answer_pcma_sendonly.sdp", sessHead + "m=audio 4000 RTP/AVP 8\r\na=sendonly\r\n", "203.0.113.5"},
		{"answer_reject_video.sdp", sessHead + "m=video 5000 RTP/AVP 96 97\r\na=rtpmap:96 H264/90000\r\nm=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 8\r\n", "203.0.113.5"},
		{"answer_ipv6.sdp", "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n", "2001:db8::5"},
		{"answer_opus.sdp", sessHead + "m=audio 4000 RTP/AVP 0 9 111 110 101\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:40\r\n", "203.0.113.5"},
		{"answer_g722_srtp.sdp", sessHead + "m=audio 4000 RTP/SAVP 9 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + "\r\na=rtcp-mux\r\n", "203.0.113.5"},
		{"answer_l16.sdp", sessHead + "m=audio 4000 RTP/AVP 0 97\r\na=rtpmap:97 L16/16000\r\na=ptime:10\r\n", "203.0.113.5"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			c, err := negotiate([]byte(tc.offer), answering)
			if err != nil {
				t.Fatal(err)
			}
			var local []byte
			if c.Crypto != nil {
				local = key
			}
			got, err := buildAnswer(c, netip.MustParseAddr(tc.ip), 20000, 1234567890, local)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if string(got) != string(want) {
				t.Errorf("answer differs from %s:\n%s\nwant:\n%s", path, got, want)
			}
			// The answer must be one we ourselves accept as an answer
			// (the UAC side parses answers with negotiate too).
			back, err := negotiate(got, negotiation{codecs: acceptedCodecs, srtp: SRTPOptional})
			if err != nil {
				t.Fatalf("own answer does not negotiate: %v", err)
			}
			if back.Codec != c.Codec || back.PayloadType != c.PayloadType || back.DTMFPayloadType != c.DTMFPayloadType || back.PTime != c.PTime {
				t.Errorf("answer negotiates to %+v, offer chose %+v", back, c)
			}
			if c.Crypto != nil && (back.Crypto == nil || back.Crypto.Tag != c.Crypto.Tag || string(back.Crypto.Key) != string(key)) {
				t.Errorf("answer crypto %+v does not carry our key under the offer's tag %d", back.Crypto, c.Crypto.Tag)
			}
		})
	}
}

func TestOfferRoundTrip(t *testing.T) {
	lo := netip.MustParseAddr("127.0.0.1")
	offer, err := buildOffer(lo, 30000, offerSpec{codecs: []string{"pcma", "PCMU"}}, 42)
	if err != nil {
		t.Fatal(err)
	}
	c, err := negotiate(offer, answering)
	if err != nil {
		t.Fatal(err)
	}
	if c.Codec != CodecPCMA || c.DTMFPayloadType != defaultDTMFPT || c.Remote.String() != "127.0.0.1:30000" {
		t.Errorf("offer negotiates to %+v", c)
	}
	if !strings.Contains(string(offer), "a=ptime:20") || !strings.Contains(string(offer), "a=sendrecv") {
		t.Errorf("offer lacks ptime or direction:\n%s", offer)
	}
	// Every codec, SRTP, and a ptime of our own.
	key := newSDESKey()
	offer, err = buildOffer(lo, 30000, offerSpec{codecs: []string{"pcmu", "g722", "opus", "l16"}, ptime: 40, local: key}, 42)
	if err != nil {
		t.Fatal(err)
	}
	c, err = negotiate(offer, answering)
	if err != nil {
		t.Fatal(err)
	}
	if c.Codec != CodecOpus || c.PayloadType != ptOpus || c.DTMFPayloadType != defaultDTMFPT48 || c.PTime != 40 ||
		c.Crypto == nil || string(c.Crypto.Key) != string(key) {
		t.Errorf("offer negotiates to %+v", c)
	}
	for _, want := range []string{"RTP/SAVP", "a=rtpmap:111 opus/48000/2", "a=rtpmap:9 G722/8000", "a=rtpmap:96 L16/16000", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"} {
		if !strings.Contains(string(offer), want) {
			t.Errorf("offer lacks %q:\n%s", want, offer)
		}
	}
	if _, err := buildOffer(lo, 30000, offerSpec{codecs: []string{"G729"}}, 42); err == nil {
		t.Error("offer with G729 accepted")
	}
	if _, err := buildOffer(lo, 30000, offerSpec{}, 42); err == nil {
		t.Error("offer without codecs accepted")
	}
}

func TestParseSRTPPolicy(t *testing.T) {
	for _, s := range []string{"off", "optional", "required"} {
		p, err := ParseSRTPPolicy(s)
		if err != nil || p.String() != s {
			t.Errorf("ParseSRTPPolicy(%q) = %v, %v", s, p, err)
		}
	}
	if _, err := ParseSRTPPolicy("sometimes"); err == nil {
		t.Error("ParseSRTPPolicy accepted a bad value")
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, tc := range negotiateCases {
		f.Add([]byte(tc.offer))
	}
	f.Fuzz(func(t *testing.T, offer []byte) {
		c, err := negotiate(offer, answering)
		if err != nil {
			for _, known := range []error{ErrMalformedSDP, ErrNoAudio, ErrNoCodec, ErrNoCryptoSuite, ErrSRTPRefused, ErrSRTPRequired} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("unclassified error %v", err)
		}
		if !slices.Contains(AllCodecs, c.Codec) {
			t.Fatalf("codec %q", c.Codec)
		}
		if c.PayloadType > 127 || (c.DTMFPayloadType != 0 && c.DTMFPayloadType < 96) || c.DTMFPayloadType > 127 {
			t.Fatalf("payload types %d/%d", c.PayloadType, c.DTMFPayloadType)
		}
		if c.PTime < minPTime || c.PTime > maxPTime || c.PTime%10 != 0 {
			t.Fatalf("ptime %d", c.PTime)
		}
		var local []byte
		if c.Crypto != nil {
			local = newSDESKey()
		}
		answer, err := buildAnswer(c, netip.MustParseAddr("192.0.2.1"), 20000, 1, local)
		if err != nil {
			t.Fatalf("buildAnswer: %v", err)
		}
		var sd sdp.SessionDescription
		if err := sd.Unmarshal(answer); err != nil {
			t.Fatalf("answer does not parse: %v\n%s", err, answer)
		}
		if len(sd.MediaDescriptions) != len(c.sd.MediaDescriptions) {
			t.Fatalf("answer has %d m= lines, offer %d", len(sd.MediaDescriptions), len(c.sd.MediaDescriptions))
		}
	})
}

func parseRequest(t *testing.T, raw string) *sip.Request {
	t.Helper()
	msg, err := sip.ParseMessage([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	return msg.(*sip.Request)
}

func TestOfferBody(t *testing.T) {
	const sdpText = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
	multipart := "--b1\r\nContent-Type: application/isup;version=itu-t92+\r\n\r\nISUPDATA\r\n" +
		"--b1\r\nContent-Type: application/sdp\r\n\r\n" + sdpText + "\r\n--b1--\r\n"
	head := "INVITE sip:bot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n" +
		"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bot@127.0.0.1>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n"
	build := func(ctype, body string) string {
		h := head
		if ctype != "" {
			h += "Content-Type: " + ctype + "\r\n"
		}
		return h + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	}
	for _, tc := range []struct {
		name  string
		raw   string
		want  string
		error error
	}{
		{"sdp", build("application/sdp", sdpText), sdpText, nil},
		{"sdp with params", build("Application/SDP; charset=utf-8", sdpText), sdpText, nil},
		{"multipart", build(`multipart/mixed;boundary=b1`, multipart), sdpText, nil},
		{"multipart without sdp", build(`multipart/mixed;boundary=b1`, "--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1--\r\n"), "", ErrNotSDP},
		{"empty", build("application/sdp", ""), "", ErrNoSDP},
		{"blank", build("application/sdp", "\r\n  \r\n"), "", ErrNoSDP},
		{"no content type", build("", sdpText), "", ErrNotSDP},
		{"text", build("text/plain", "hello"), "", ErrNotSDP},
		{"bad content type", build(";;;", sdpText), "", ErrNotSDP},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := offerBody(parseRequest(t, tc.raw))
			if tc.error != nil {
				if !errors.Is(err, tc.error) {
					t.Fatalf("err = %v, want %v", err, tc.error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(body) != tc.want {
				t.Errorf("body = %q, want %q", body, tc.want)
			}
		})
	}
}

func BenchmarkNegotiate(b *testing.B) {
	offer := []byte(negotiateCases[0].offer)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := negotiate(offer, answering); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParseCrypto: any a=crypto value either parses to a usable key of
// the right length or is refused.
func FuzzParseCrypto(f *testing.F) {
	for _, v := range []string{
		"1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey,
		"2 AES_CM_128_HMAC_SHA1_32 inline:" + testKey + "|2^31",
		"1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + "|2^20|1:4",
		"1 AES_CM_128_HMAC_SHA1_80 inline:" + testKey + " UNENCRYPTED_SRTP",
		"x AES_CM_128_HMAC_SHA1_80 inline:AAAA",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		c, err := parseCrypto(v)
		if err != nil {
			return
		}
		if len(c.Key) != sdesKeyLen || (c.Suite != suite80 && c.Suite != suite32) {
			t.Fatalf("parsed %q to %+v", v, c)
		}
		if _, err := newSRTPContexts(c, newSDESKey()); err != nil {
			t.Fatalf("parsed key unusable: %v", err)
		}
	})
}
