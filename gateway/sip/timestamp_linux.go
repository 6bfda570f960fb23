package sip

import (
	"net"
	"syscall"
	"time"
	"unsafe"
)

// oobSize holds one SCM_TIMESTAMPNS control message.
const oobSize = 64

// enableTimestamps asks the kernel to stamp every datagram the socket
// receives with its arrival time (SO_TIMESTAMPNS, socket(7)). Arrival
// times then measure the network, not how soon our goroutine got to read
// the datagram: under CPU load that delay would otherwise count as jitter
// and make the jitter buffer drop packets as late.
func enableTimestamps(conn *net.UDPConn) error {
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := raw.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TIMESTAMPNS, 1)
	}); err != nil {
		return err
	}
	return serr
}

// kernelTime finds the SCM_TIMESTAMPNS control message in oob and returns
// its time. It does not allocate.
func kernelTime(oob []byte) (time.Time, bool) {
	for len(oob) >= syscall.SizeofCmsghdr {
		h := (*syscall.Cmsghdr)(unsafe.Pointer(&oob[0]))
		l := int(h.Len)
		if l < syscall.SizeofCmsghdr || l > len(oob) {
			return time.Time{}, false
		}
		if h.Level == syscall.SOL_SOCKET && h.Type == syscall.SCM_TIMESTAMPNS {
			data := oob[cmsgAlign(syscall.SizeofCmsghdr):l]
			if len(data) < int(unsafe.Sizeof(syscall.Timespec{})) {
				return time.Time{}, false
			}
			ts := (*syscall.Timespec)(unsafe.Pointer(&data[0]))
			return time.Unix(int64(ts.Sec), int64(ts.Nsec)), true
		}
		oob = oob[min(cmsgAlign(l), len(oob)):]
	}
	return time.Time{}, false
}

// cmsgAlign rounds n up to the alignment of control messages.
func cmsgAlign(n int) int {
	const align = int(unsafe.Sizeof(uintptr(0)))
	return (n + align - 1) &^ (align - 1)
}
