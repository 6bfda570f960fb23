package media

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pion/rtp"
)

// stage is a minimal Chained stage.
type stage struct {
	name string
	next fmt.Stringer
}

func (s *stage) String() string     { return s.name }
func (s *stage) Next() fmt.Stringer { return s.next }

func TestChain(t *testing.T) {
	var nilStage *stage
	loop := &stage{name: "loop"}
	loop.next = loop
	tests := []struct {
		name  string
		first fmt.Stringer
		want  string
	}{
		{"nil", nil, ""},
		{"one", &stage{name: "A"}, "A"},
		{"three", &stage{name: "Reorder(5)", next: &stage{name: "PCMU decode", next: PCMWriterFunc(func([]int16) error { return nil })}}, "Reorder(5) -> PCMU decode -> func"},
		{"nil func next", &stage{name: "A", next: PCMWriterFunc(nil)}, "A"},
		{"typed nil next", &stage{name: "A", next: nilStage}, "A"},
		{"rtp func", RTPHandlerFunc(func(*rtp.Packet) error { return nil }), "func"},
		{"cycle", loop, strings.Repeat("loop -> ", maxChain) + "..."},
	}
	for _, tt := range tests {
		if got := Chain(tt.first); got != tt.want {
			t.Errorf("%s: Chain = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFuncAdapters(t *testing.T) {
	n := 0
	w := PCMWriterFunc(func(s []int16) error { n += len(s); return nil })
	if err := w.WritePCM(make([]int16, 3)); err != nil || n != 3 {
		t.Errorf("PCMWriterFunc: err %v, n %d", err, n)
	}
	h := RTPHandlerFunc(func(p *rtp.Packet) error { n = int(p.SequenceNumber); return nil })
	if err := h.HandleRTP(&rtp.Packet{Header: rtp.Header{SequenceNumber: 9}}); err != nil || n != 9 {
		t.Errorf("RTPHandlerFunc: err %v, n %d", err, n)
	}
}
