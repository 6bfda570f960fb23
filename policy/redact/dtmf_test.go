package redact

import "testing"

func TestDTMF(t *testing.T) {
	d := NewDTMF()
	if r, show, err := d.Key('5'); err != nil || !show || r.Text() != "5" {
		t.Fatalf("Key outside a step = %q %v %v, want 5 shown", r.Text(), show, err)
	}
	d.Begin()
	for _, k := range []byte("411111") {
		r, show, err := d.Key(k)
		if err != nil || show || r.Text() != "" {
			t.Fatalf("Key %c in a sensitive step = %q %v %v, want nothing shown", k, r.Text(), show, err)
		}
	}
	d.Begin() // still the same step
	d.Key('#')
	sum, n, ok := d.End()
	if !ok || n != 7 || sum.Text() != "7 digits entered" {
		t.Fatalf("End = %q %d %v", sum.Text(), n, ok)
	}
	if _, _, ok := d.End(); ok {
		t.Error("End with no open step reported ok")
	}
	d.Begin()
	d.Key('9')
	if sum, _, _ := d.End(); sum.Text() != "1 digit entered" {
		t.Errorf("one key: %q", sum.Text())
	}
	if _, _, err := d.Key('x'); err == nil {
		t.Error("Key('x') = nil error")
	}
	if r, show, _ := d.Key('#'); !show || r.Text() != "#" {
		t.Errorf("after the step keys show again: %q %v", r.Text(), show)
	}
}
