package sip

import (
	"net"
	"runtime"
	"testing"
	"time"
)

// A datagram that waits in the socket keeps the time it arrived: the
// kernel's stamp is before the read, by as long as it waited.
func TestKernelTimestamps(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("kernel receive timestamps are implemented for Linux only")
	}
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := enableTimestamps(conn); err != nil {
		t.Fatal(err)
	}
	out, err := net.DialUDP("udp", nil, conn.LocalAddr().(*net.UDPAddr))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	before := time.Now()
	if _, err := out.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	const wait = 50 * time.Millisecond
	time.Sleep(wait) // the datagram waits in the socket
	buf, oob := make([]byte, 16), make([]byte, oobSize)
	_, oobn, _, _, err := conn.ReadMsgUDPAddrPort(buf, oob)
	if err != nil {
		t.Fatal(err)
	}
	read := time.Now()
	at, ok := kernelTime(oob[:oobn])
	if !ok {
		t.Fatalf("no SCM_TIMESTAMPNS in %d bytes of control data", oobn)
	}
	if at.Before(before.Add(-time.Millisecond)) || read.Sub(at) < wait-5*time.Millisecond {
		t.Errorf("stamp %v after sending, read %v after sending; want the stamp at the send", at.Sub(before), read.Sub(before))
	}
	for _, bad := range [][]byte{nil, make([]byte, 8), {255, 255, 255, 255, 255, 255, 255, 255, 1, 0, 0, 0, 35, 0, 0, 0}} {
		if _, ok := kernelTime(bad); ok {
			t.Errorf("kernelTime(%v) found a time", bad)
		}
	}
}

func BenchmarkKernelTime(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("Linux only")
	}
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if err := enableTimestamps(conn); err != nil {
		b.Fatal(err)
	}
	out, err := net.DialUDP("udp", nil, conn.LocalAddr().(*net.UDPAddr))
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	if _, err := out.Write([]byte("x")); err != nil {
		b.Fatal(err)
	}
	buf, oob := make([]byte, 16), make([]byte, oobSize)
	_, oobn, _, _, err := conn.ReadMsgUDPAddrPort(buf, oob)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := kernelTime(oob[:oobn]); !ok {
			b.Fatal("no time")
		}
	}
}

// FuzzKernelTime: control data from anywhere never makes the parser read
// outside it.
func FuzzKernelTime(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 16))
	f.Add([]byte{32, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 35, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{255, 255, 255, 255, 255, 255, 255, 255, 1, 0, 0, 0, 35, 0, 0, 0})
	f.Fuzz(func(t *testing.T, oob []byte) {
		kernelTime(oob)
	})
}
