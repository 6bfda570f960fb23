package dtmf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"github.com/pion/rtp"
)

// readPCAP returns the UDP payloads of a classic libpcap capture
// (https://wiki.wireshark.org/Development/LibpcapFileFormat) of Ethernet
// frames carrying IPv4 (or IPv4 in one 802.1Q VLAN tag), parsed as RTP.
// Other frames are skipped. It is the minimum the sipp captures need.
func readPCAP(path string) ([]*rtp.Packet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 24 {
		return nil, errors.New("pcap: short global header")
	}
	var bo binary.ByteOrder
	switch binary.LittleEndian.Uint32(b) {
	case 0xa1b2c3d4, 0xa1b23c4d: // microsecond, nanosecond timestamps
		bo = binary.LittleEndian
	case 0xd4c3b2a1, 0x4d3cb2a1:
		bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("pcap: magic %#x", b[:4])
	}
	if link := bo.Uint32(b[20:]); link != 1 {
		return nil, fmt.Errorf("pcap: link type %d, want 1 (Ethernet)", link)
	}
	var pkts []*rtp.Packet
	for off := 24; off < len(b); {
		if off+16 > len(b) {
			return nil, errors.New("pcap: short record header")
		}
		incl := int(bo.Uint32(b[off+8:]))
		off += 16
		if incl > len(b)-off {
			return nil, errors.New("pcap: short record")
		}
		frame := b[off : off+incl]
		off += incl
		payload, ok := udpPayload(frame)
		if !ok {
			continue
		}
		p := &rtp.Packet{}
		if err := p.Unmarshal(payload); err != nil {
			return nil, fmt.Errorf("pcap: record at %d: %w", off-incl, err)
		}
		pkts = append(pkts, p)
	}
	return pkts, nil
}

// udpPayload extracts the UDP payload of an Ethernet/IPv4/UDP frame.
func udpPayload(f []byte) ([]byte, bool) {
	if len(f) < 14 {
		return nil, false
	}
	etherType, ip := binary.BigEndian.Uint16(f[12:]), f[14:]
	if etherType == 0x8100 && len(f) >= 18 { // 802.1Q
		etherType, ip = binary.BigEndian.Uint16(f[16:]), f[18:]
	}
	if etherType != 0x0800 || len(ip) < 20 || ip[0]>>4 != 4 {
		return nil, false
	}
	ihl := int(ip[0]&0x0F) * 4
	total := int(binary.BigEndian.Uint16(ip[2:]))
	if ip[9] != 17 || ihl < 20 || total < ihl+8 || total > len(ip) {
		return nil, false
	}
	// Fragments other than the first carry no UDP header.
	if binary.BigEndian.Uint16(ip[6:])&0x1FFF != 0 {
		return nil, false
	}
	udp := ip[ihl:total]
	n := int(binary.BigEndian.Uint16(udp[4:]))
	if n < 8 || n > len(udp) {
		return nil, false
	}
	return udp[8:n], true
}
