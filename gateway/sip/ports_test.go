package sip

import (
	"errors"
	"sync"
	"testing"
)

func TestPortAllocatorRanges(t *testing.T) {
	for _, tc := range []struct {
		min, max int
		size     int
		first    int
		wantErr  bool
	}{
		{20000, 20999, 500, 20000, false},
		{20001, 20010, 4, 20002, false}, // odd min rounds up; 20010 has no 20011
		{20000, 20001, 1, 20000, false},
		{20000, 20000, 0, 0, true},      // no room for RTCP
		{20001, 20001, 0, 0, true},      // no even port
		{20001, 20004, 1, 20002, false}, // 20004 has no 20005
		{0, 100, 0, 0, true},
		{30000, 20000, 0, 0, true},
		{65534, 65536, 0, 0, true},
	} {
		a, err := newPortAllocator(tc.min, tc.max)
		if (err != nil) != tc.wantErr {
			t.Errorf("%d-%d: err = %v, wantErr %v", tc.min, tc.max, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if a.Size() != tc.size {
			t.Errorf("%d-%d: Size = %d, want %d", tc.min, tc.max, a.Size(), tc.size)
		}
		if p, err := a.Acquire(); err != nil || p != tc.first {
			t.Errorf("%d-%d: first Acquire = %d, %v; want %d", tc.min, tc.max, p, err, tc.first)
		}
	}
}

func TestPortAllocatorExhaustAndRelease(t *testing.T) {
	a, err := newPortAllocator(40000, 40007)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for range 4 {
		p, err := a.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		if p%2 != 0 || p < 40000 || p > 40007 {
			t.Fatalf("port %d outside even range", p)
		}
		got = append(got, p)
	}
	if _, err := a.Acquire(); !errors.Is(err, ErrPortsExhausted) {
		t.Fatalf("fifth Acquire err = %v, want ErrPortsExhausted", err)
	}
	if a.InUse() != 4 {
		t.Errorf("InUse = %d", a.InUse())
	}
	a.Release(got[1])
	a.Release(got[1]) // double release is harmless
	a.Release(12345)  // foreign port is harmless
	if p, err := a.Acquire(); err != nil || p != got[1] {
		t.Errorf("Acquire after release = %d, %v; want %d", p, err, got[1])
	}
}

func TestPortAllocatorNextFit(t *testing.T) {
	a, err := newPortAllocator(40000, 40009)
	if err != nil {
		t.Fatal(err)
	}
	p1, _ := a.Acquire()
	a.Release(p1)
	// The port just released is not handed out again while others are free.
	p2, _ := a.Acquire()
	if p2 == p1 {
		t.Errorf("released port %d reused at once", p1)
	}
}

func TestPortAllocatorConcurrent(t *testing.T) {
	a, err := newPortAllocator(40000, 40199)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := make(map[int]bool)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 10 {
				p, err := a.Acquire()
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[p] {
					t.Errorf("port %d handed out twice", p)
				}
				seen[p] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if a.InUse() != 80 {
		t.Errorf("InUse = %d, want 80", a.InUse())
	}
}
