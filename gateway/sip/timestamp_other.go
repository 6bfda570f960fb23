//go:build !linux

package sip

import (
	"net"
	"time"
)

// oobSize is 0: no kernel timestamps on this platform.
const oobSize = 0

// enableTimestamps does nothing here: arrival times are taken when the
// datagram is read.
func enableTimestamps(*net.UDPConn) error { return nil }

func kernelTime([]byte) (time.Time, bool) { return time.Time{}, false }
