package sip

import (
	"errors"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
	"github.com/pion/sdp/v3"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const sessHead = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"

// negotiateCases drive TestNegotiate and seed FuzzNegotiate.
var negotiateCases = []struct {
	name      string
	offer     string
	codec     string
	pt        uint8
	dtmf      uint8
	remote    string
	direction string
	err       error
}{
	{name: "pcmu pcma dtmf", offer: sessHead + "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n",
		codec: "PCMU", pt: 0, dtmf: 101, remote: "192.0.2.10:4000", direction: "sendrecv"},
	{name: "offerer prefers pcma", offer: sessHead + "m=audio 4000 RTP/AVP 8 0\r\n",
		codec: "PCMA", pt: 8, remote: "192.0.2.10:4000", direction: "sendrecv"},
	{name: "unsupported first", offer: sessHead + "m=audio 4000 RTP/AVP 18 9 8 0\r\na=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000\r\n",
		codec: "PCMA", pt: 8, remote: "192.0.2.10:4000", direction: "sendrecv"},
	{name: "dynamic pcmu", offer: sessHead + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 pcmu/8000\r\n",
		codec: "PCMU", pt: 96, remote: "192.0.2.10:4000", direction: "sendrecv"},
	{name: "wideband telephone-event ignored", offer: sessHead + "m=audio 4000 RTP/AVP 0 100 101\r\na=rtpmap:100 telephone-event/48000\r\na=rtpmap:101 telephone-event/8000\r\n",
		codec: "PCMU", pt: 0, dtmf: 101, remote: "192.0.2.10:4000", direction: "sendrecv"},
	{name: "media level connection", offer: "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 198.51.100.7\r\n",
		codec: "PCMU", pt: 0, remote: "198.51.100.7:4000", direction: "sendrecv"},
	{name: "ipv6", offer: "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n",
		codec: "PCMA", pt: 8, remote: "[2001:db8::1]:4000", direction: "sendrecv"},
	{name: "sendonly offer", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n",
		codec: "PCMU", pt: 0, remote: "192.0.2.10:4000", direction: "recvonly"},
	{name: "session level recvonly", offer: sessHead + "a=recvonly\r\nm=audio 4000 RTP/AVP 0\r\n",
		codec: "PCMU", pt: 0, remote: "192.0.2.10:4000", direction: "inactive"},
	{name: "hold address", offer: "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
		codec: "PCMU", pt: 0, remote: "0.0.0.0:4000", direction: "sendrecv"},
	{name: "video then audio", offer: sessHead + "m=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\nm=audio 4000 RTP/AVP 0\r\n",
		codec: "PCMU", pt: 0, remote: "192.0.2.10:4000", direction: "sendrecv"},
	{name: "second audio usable", offer: sessHead + "m=audio 4000 RTP/AVP 18\r\nm=audio 4002 RTP/AVP 8\r\n",
		codec: "PCMA", pt: 8, remote: "192.0.2.10:4002", direction: "sendrecv"},
	{name: "rtp avpf", offer: sessHead + "m=audio 4000 RTP/AVPF 0\r\n",
		codec: "PCMU", pt: 0, remote: "192.0.2.10:4000", direction: "sendrecv"},

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
	{name: "srtp", offer: sessHead + "m=audio 4000 RTP/SAVP 0\r\n", err: ErrNoAudio},
	{name: "fqdn connection", offer: "v=0\r\no=- 1 1 IN IP4 host.example\r\ns=-\r\nc=IN IP4 host.example\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", err: ErrNoAudio},
	{name: "g729 only", offer: sessHead + "m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n", err: ErrNoCodec},
	{name: "pcmu at 16k", offer: sessHead + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 PCMU/16000\r\n", err: ErrNoCodec},
	{name: "static pt remapped", offer: sessHead + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 opus/48000/2\r\n", err: ErrNoCodec},
	{name: "only telephone-event", offer: sessHead + "m=audio 4000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n", err: ErrNoCodec},
}

func TestNegotiate(t *testing.T) {
	for _, tc := range negotiateCases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := negotiate([]byte(tc.offer), acceptedCodecs)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Codec != tc.codec || c.PayloadType != tc.pt || c.ClockRate != 8000 || c.DTMFPayloadType != tc.dtmf {
				t.Errorf("choice = %s/%d/%d dtmf %d, want %s/%d/8000 dtmf %d",
					c.Codec, c.PayloadType, c.ClockRate, c.DTMFPayloadType, tc.codec, tc.pt, tc.dtmf)
			}
			if c.Remote.String() != tc.remote {
				t.Errorf("remote = %s, want %s", c.Remote, tc.remote)
			}
			if c.Direction != tc.direction {
				t.Errorf("direction = %s, want %s", c.Direction, tc.direction)
			}
		})
	}
}

func TestNegotiateRespectsAcceptedList(t *testing.T) {
	offer := []byte(sessHead + "m=audio 4000 RTP/AVP 0 8\r\n")
	c, err := negotiate(offer, []string{CodecPCMA})
	if err != nil || c.Codec != CodecPCMA {
		t.Fatalf("negotiate = %+v, %v; want PCMA", c, err)
	}
	if _, err := negotiate(offer, nil); !errors.Is(err, ErrNoCodec) {
		t.Fatalf("no accepted codecs: err = %v", err)
	}
}

// TestAnswerGolden pins the exact answers we send (testdata/*.sdp; run
// with -update to rewrite them after an intended change).
func TestAnswerGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		offer  string
		ip     string
	}{
		{"answer_pcmu_dtmf.sdp", sessHead + "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n", "203.0.113.5"},
		{"answer_pcma_sendonly.sdp", sessHead + "m=audio 4000 RTP/AVP 8\r\na=sendonly\r\n", "203.0.113.5"},
		{"answer_reject_video.sdp", sessHead + "m=video 5000 RTP/AVP 96 97\r\na=rtpmap:96 H264/90000\r\nm=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 8\r\n", "203.0.113.5"},
		{"answer_ipv6.sdp", "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n", "2001:db8::5"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			c, err := negotiate([]byte(tc.offer), acceptedCodecs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := buildAnswer(c, netip.MustParseAddr(tc.ip), 20000, 1234567890)
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
			back, err := negotiate(got, acceptedCodecs)
			if err != nil {
				t.Fatalf("own answer does not negotiate: %v", err)
			}
			if back.Codec != c.Codec || back.PayloadType != c.PayloadType || back.DTMFPayloadType != c.DTMFPayloadType {
				t.Errorf("answer negotiates to %+v, offer chose %+v", back, c)
			}
		})
	}
}

func TestOfferRoundTrip(t *testing.T) {
	offer, err := buildOffer(netip.MustParseAddr("127.0.0.1"), 30000, []string{"pcma", "PCMU"}, 42)
	if err != nil {
		t.Fatal(err)
	}
	c, err := negotiate(offer, acceptedCodecs)
	if err != nil {
		t.Fatal(err)
	}
	if c.Codec != CodecPCMA || c.DTMFPayloadType != defaultDTMFPT || c.Remote.String() != "127.0.0.1:30000" {
		t.Errorf("offer negotiates to %+v", c)
	}
	if !strings.Contains(string(offer), "a=ptime:20") || !strings.Contains(string(offer), "a=sendrecv") {
		t.Errorf("offer lacks ptime or direction:\n%s", offer)
	}
	if _, err := buildOffer(netip.MustParseAddr("127.0.0.1"), 30000, []string{"G729"}, 42); err == nil {
		t.Error("offer with G729 accepted")
	}
	if _, err := buildOffer(netip.MustParseAddr("127.0.0.1"), 30000, nil, 42); err == nil {
		t.Error("offer without codecs accepted")
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, tc := range negotiateCases {
		f.Add([]byte(tc.offer))
	}
	f.Fuzz(func(t *testing.T, offer []byte) {
		c, err := negotiate(offer, acceptedCodecs)
		if err != nil {
			if !errors.Is(err, ErrMalformedSDP) && !errors.Is(err, ErrNoAudio) && !errors.Is(err, ErrNoCodec) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if c.Codec != CodecPCMU && c.Codec != CodecPCMA {
			t.Fatalf("codec %q", c.Codec)
		}
		if c.PayloadType > 127 || (c.DTMFPayloadType != 0 && c.DTMFPayloadType < 96) || c.DTMFPayloadType > 127 {
			t.Fatalf("payload types %d/%d", c.PayloadType, c.DTMFPayloadType)
		}
		answer, err := buildAnswer(c, netip.MustParseAddr("192.0.2.1"), 20000, 1)
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
		if _, err := negotiate(offer, acceptedCodecs); err != nil {
			b.Fatal(err)
		}
	}
}
