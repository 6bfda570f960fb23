// Package g711 implements ITU-T G.711 mu-law and A-law companding.
//
// Spec: ITU-T Recommendation G.711 (11/88), "Pulse code modulation (PCM) of
// voice frequencies", https://www.itu.int/rec/T-REC-G.711 . Tables 1a/1b
// give the A-law segments and 2a/2b the mu-law segments used below.
//
// The API mirrors github.com/zaf/g711: byte-slice helpers that take and
// return little-endian 16-bit linear PCM (EncodeUlaw, DecodeUlaw, EncodeAlaw,
// DecodeAlaw) and per-sample helpers (EncodeUlawFrame, ...). For the per-packet
// hot path the ...To forms write into a caller-owned slice and never allocate.
//
// Encoding from 16-bit linear samples first rounds the sample to the
// nearest 14-bit (mu-law) or 13-bit (A-law) uniform code, which is what
// G.711's tables are defined on, then compands it with the classic CCITT
// segment search (Sun's g711.c, as used by SoX). Output is byte-exact with
// `sox -D ... -e mu-law/-e a-law` for every one of the 65536 inputs (see
// the golden tests). Decoding is the G.711 table, identical in every
// implementation.
//
// All functions are pure and safe for concurrent use; the Decoder stage in
// this package (NewDecoder) is not.
package g711

import "math/bits"

// Golden files in testdata/ come from SoX; gen_testdata.go lists the commands.
//go:generate go run gen_testdata.go

// Mu-law constants (G.711 section 3, Table 2): the 14-bit magnitude is
// clipped to 8159 and offset by 33 so that segment boundaries fall on powers
// of two.
const (
	ulawClip = 8159
	ulawBias = 33
)

var (
	// ulawDecode and alawDecode map each 8-bit code to its 16-bit linear
	// value (the centre of the quantisation interval, scaled from the 14/13
	// bit uniform code to 16 bits).
	ulawDecode [256]int16
	alawDecode [256]int16
	// ulawEncode is indexed by the 14-bit two's-complement uniform code
	// (uint16(x) >> 2), alawEncode by the 13-bit one (uint16(x) >> 3).
	ulawEncode [1 << 14]uint8
	alawEncode [1 << 13]uint8
)

func init() {
	for i := range 256 {
		ulawDecode[i] = ulawDecodeCode(uint8(i))
		alawDecode[i] = alawDecodeCode(uint8(i))
	}
	for i := range 1 << 14 {
		ulawEncode[i] = ulawEncode14(int(int16(uint16(i)<<2)) >> 2)
	}
	for i := range 1 << 13 {
		alawEncode[i] = alawEncode13(int(int16(uint16(i)<<3)) >> 3)
	}
}

// ulawEncode14 compands a 14-bit two's-complement uniform code (-8192..8191).
func ulawEncode14(v int) uint8 {
	// The code word is transmitted with all bits inverted (G.711 Table 2,
	// note 1); positive values carry the sign bit set.
	mask := uint8(0xFF)
	if v < 0 {
		v = -v
		mask = 0x7F
	}
	if v > ulawClip {
		v = ulawClip
	}
	v += ulawBias // 33..8192
	seg := bits.Len(uint(v) >> 6)
	if seg >= 8 {
		return 0x7F ^ mask
	}
	code := uint8(seg<<4) | uint8(v>>(seg+1))&0x0F
	return code ^ mask
}

// alawEncode13 compands a 13-bit two's-complement uniform code (-4096..4095).
func alawEncode13(v int) uint8 {
	// Even bits are inverted on the line (G.711 Table 1, note 2): 0x55.
	mask := uint8(0xD5)
	if v < 0 {
		// One's complement: -1 and 0 map to the two smallest codes.
		v = -v - 1
		mask = 0x55
	}
	seg := bits.Len(uint(v) >> 5) // 0..7 since v <= 4095
	var code uint8
	if seg < 2 {
		code = uint8(seg<<4) | uint8(v>>1)&0x0F
	} else {
		code = uint8(seg<<4) | uint8(v>>seg)&0x0F
	}
	return code ^ mask
}

func ulawDecodeCode(c uint8) int16 {
	c = ^c
	t := (int(c&0x0F) << 3) + 0x84
	t <<= (c & 0x70) >> 4
	if c&0x80 != 0 {
		return int16(0x84 - t)
	}
	return int16(t - 0x84)
}

func alawDecodeCode(c uint8) int16 {
	c ^= 0x55
	t := int(c&0x0F) << 4
	switch seg := int(c&0x70) >> 4; seg {
	case 0:
		t += 8
	case 1:
		t += 0x108
	default:
		t += 0x108
		t <<= seg - 1
	}
	if c&0x80 != 0 {
		return int16(t)
	}
	return int16(-t)
}

// EncodeUlawFrame compands one 16-bit linear sample to mu-law.
func EncodeUlawFrame(s int16) uint8 { return ulawEncode[ulawIndex(s)] }

// DecodeUlawFrame expands one mu-law code to a 16-bit linear sample.
func DecodeUlawFrame(c uint8) int16 { return ulawDecode[c] }

// EncodeAlawFrame compands one 16-bit linear sample to A-law.
func EncodeAlawFrame(s int16) uint8 { return alawEncode[alawIndex(s)] }

// DecodeAlawFrame expands one A-law code to a 16-bit linear sample.
func DecodeAlawFrame(c uint8) int16 { return alawDecode[c] }

// DecodeUlawTo expands src into dst and returns the number of samples
// written: min(len(dst), len(src)). It does not allocate.
func DecodeUlawTo(dst []int16, src []byte) int { return decodeTo(&ulawDecode, dst, src) }

// DecodeAlawTo is DecodeUlawTo for A-law.
func DecodeAlawTo(dst []int16, src []byte) int { return decodeTo(&alawDecode, dst, src) }

func decodeTo(table *[256]int16, dst []int16, src []byte) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, c := range src {
		dst[i] = table[c]
	}
	return n
}

// EncodeUlawTo compands src into dst and returns the number of codes
// written: min(len(dst), len(src)). It does not allocate.
func EncodeUlawTo(dst []byte, src []int16) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, s := range src {
		dst[i] = ulawEncode[ulawIndex(s)]
	}
	return n
}

// EncodeAlawTo is EncodeUlawTo for A-law.
func EncodeAlawTo(dst []byte, src []int16) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, s := range src {
		dst[i] = alawEncode[alawIndex(s)]
	}
	return n
}

// EncodeUlaw compands little-endian 16-bit linear PCM to mu-law. A trailing
// odd byte is ignored.
func EncodeUlaw(lpcm []byte) []byte { return encodeBytes(EncodeUlawFrame, lpcm) }

// EncodeAlaw compands little-endian 16-bit linear PCM to A-law. A trailing
// odd byte is ignored.
func EncodeAlaw(lpcm []byte) []byte { return encodeBytes(EncodeAlawFrame, lpcm) }

func encodeBytes(enc func(int16) uint8, lpcm []byte) []byte {
	out := make([]byte, len(lpcm)/2)
	for i := range out {
		out[i] = enc(int16(uint16(lpcm[2*i]) | uint16(lpcm[2*i+1])<<8))
	}
	return out
}

// ulawIndex rounds a 16-bit sample to the nearest 14-bit uniform code (ties
// toward +inf, the top clipped to 8191) and returns it as a table index.
func ulawIndex(s int16) uint {
	v := min((int(s)+2)>>2, 1<<13-1)
	return uint(v) & (1<<14 - 1)
}

// alawIndex rounds a 16-bit sample to the nearest 13-bit uniform code.
func alawIndex(s int16) uint {
	v := min((int(s)+4)>>3, 1<<12-1)
	return uint(v) & (1<<13 - 1)
}

// DecodeUlaw expands mu-law to little-endian 16-bit linear PCM.
func DecodeUlaw(pcmu []byte) []byte { return decodeBytes(&ulawDecode, pcmu) }

// DecodeAlaw expands A-law to little-endian 16-bit linear PCM.
func DecodeAlaw(pcma []byte) []byte { return decodeBytes(&alawDecode, pcma) }

func decodeBytes(table *[256]int16, codes []byte) []byte {
	out := make([]byte, 2*len(codes))
	for i, c := range codes {
		s := uint16(table[c])
		out[2*i] = byte(s)
		out[2*i+1] = byte(s >> 8)
	}
	return out
}
