package impair

import (
	"errors"
	"math"
	"net"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

var t0 = time.Unix(1_700_000_000, 0)

func every(n int, d time.Duration) []time.Time {
	s := make([]time.Time, n)
	for i := range s {
		s[i] = t0.Add(time.Duration(i) * d)
	}
	return s
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		cfg Config
		ok  bool
	}{
		{Config{}, true},
		{Config{LossPercent: 5, BurstLossPercent: 2, Jitter: 60 * time.Millisecond, ReorderPercent: 1}, true},
		{Config{LossPercent: -1}, false},
		{Config{LossPercent: 101}, false},
		{Config{DuplicatePercent: math.NaN()}, false},
		{Config{BurstLossPercent: 100}, false},
		{Config{BurstLossPercent: 30, BadLossPercent: 20}, false},
		{Config{BurstLossPercent: 10, MeanBurst: 0.5}, false},
		{Config{Correlation: 1}, false},
		{Config{Jitter: -time.Millisecond}, false},
	} {
		_, err := New(tc.cfg)
		if (err == nil) != tc.ok {
			t.Errorf("%+v: err %v, want ok=%v", tc.cfg, err, tc.ok)
		}
	}
}

func TestZeroConfig(t *testing.T) {
	sent := every(100, 20*time.Millisecond)
	res, err := Apply(Config{Seed: 3}, sent)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Arrivals) != 100 || res.Report.Dropped != 0 || res.Report.OutOfOrder != 0 {
		t.Fatalf("report %+v", res.Report)
	}
	for i, d := range res.Arrivals {
		if d.Index != i || !d.Arrival.Equal(sent[i]) {
			t.Fatalf("arrival %d: %+v", i, d)
		}
	}
}

// TestStatistics checks each impairment's long-run rate against its
// parameter over 200,000 packets (binomial standard errors well inside the
// tolerances), and the report against the fates.
func TestStatistics(t *testing.T) {
	const n = 200_000
	cfg := Config{Seed: 42, LossPercent: 5, BurstLossPercent: 2, MeanBurst: 4,
		Delay: 200 * time.Millisecond, Jitter: 60 * time.Millisecond, Correlation: 0.5,
		ReorderPercent: 1, DuplicatePercent: 1}
	res, err := Apply(cfg, every(n, 20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	near := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.4f, want %.4f ± %.4f", name, got, want, tol)
		}
	}
	near("burst loss", float64(r.DroppedBurst)/n, 0.02, 0.002)
	near("mean burst", float64(r.DroppedBurst)/float64(r.Bursts), 4, 0.3)
	near("random loss of the rest", float64(r.DroppedRandom)/float64(n-r.DroppedBurst), 0.05, 0.002)
	near("total loss", float64(r.Dropped)/n, cfg.ExpectedLoss(), 0.002)
	delivered := float64(n - r.Dropped)
	near("reordered", float64(r.Reordered)/delivered, 0.01, 0.001)
	near("duplicated", float64(r.Duplicated)/delivered, 0.01, 0.001)

	// Delay: mean 200 ms + 50 ms for 1 % reordered; jitter sd 60 ms with
	// lag-1 correlation 0.5 (over consecutive delivered, not reordered
	// packets).
	var sum, sq, cross float64
	var pairs int
	prev := -1.0
	var tally Report
	for _, f := range res.Fates {
		tally.Sent++
		switch {
		case f.Burst:
			tally.DroppedBurst++
		case f.Dropped:
			tally.DroppedRandom++
		}
		if f.Dropped {
			prev = -1
			continue
		}
		if f.Reordered {
			tally.Reordered++
		}
		if f.Duplicated {
			tally.Duplicated++
		}
		tally.DelaySum += f.Delay
		d := (f.Delay - cfg.Delay).Seconds()
		if f.Reordered {
			d -= DefaultReorderDelay.Seconds()
		}
		sum += d
		sq += d * d
		if prev != -1 {
			cross += d * prev
			pairs++
		}
		prev = d
	}
	mean := sum / delivered
	sd := math.Sqrt(sq/delivered - mean*mean)
	near("jitter mean (s)", mean, 0, 0.002)
	near("jitter sd (s)", sd, 0.060, 0.002)
	near("lag-1 correlation", cross/float64(pairs)/(sd*sd), 0.5, 0.03)
	if tally.DroppedBurst != r.DroppedBurst || tally.DroppedRandom != r.DroppedRandom ||
		tally.Reordered != r.Reordered || tally.Duplicated != r.Duplicated || tally.DelaySum != r.DelaySum {
		t.Errorf("report %+v does not match the fates %+v", r, tally)
	}
	if uint64(len(res.Arrivals)) != r.Delivered || r.Delivered != n-r.Dropped+r.Duplicated {
		t.Errorf("%d arrivals, report %+v", len(res.Arrivals), r)
	}
	if !slices.IsSortedFunc(res.Arrivals, func(a, b Delivery) int { return a.Arrival.Compare(b.Arrival) }) {
		t.Error("arrivals not in arrival order")
	}
	if r.OutOfOrder < r.Reordered {
		t.Errorf("OutOfOrder %d below the %d packets held back", r.OutOfOrder, r.Reordered)
	}
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Seed: 1, LossPercent: 10, BurstLossPercent: 5, Jitter: 30 * time.Millisecond, ReorderPercent: 5, DuplicatePercent: 5}
	sent := every(5000, 20*time.Millisecond)
	a, _ := Apply(cfg, sent)
	b, _ := Apply(cfg, sent)
	if !slices.Equal(a.Fates, b.Fates) || !slices.Equal(a.Arrivals, b.Arrivals) || a.Report != b.Report {
		t.Error("same seed, different results")
	}
	cfg.Seed = 2
	c, _ := Apply(cfg, sent)
	if slices.Equal(a.Fates, c.Fates) {
		t.Error("different seeds, same fates")
	}
	// Each impairment has its own random stream: turning reordering and
	// duplication off leaves the losses and delays as they were.
	cfg.Seed = 1
	cfg.ReorderPercent, cfg.DuplicatePercent = 0, 0
	d, _ := Apply(cfg, sent)
	for i := range a.Fates {
		fa, fd := a.Fates[i], d.Fates[i]
		if fa.Reordered {
			fa.Delay -= DefaultReorderDelay
		}
		if fa.Dropped != fd.Dropped || fa.Burst != fd.Burst || fa.Delay != fd.Delay {
			t.Fatalf("packet %d: %+v vs %+v", i, a.Fates[i], fd)
		}
	}
}

// TestArrivals: the iterator yields the same deliveries in the same order
// as Apply, and stops when asked.
func TestArrivals(t *testing.T) {
	cfg := Config{Seed: 9, LossPercent: 3, Jitter: 40 * time.Millisecond, ReorderPercent: 3, DuplicatePercent: 3}
	sent := every(3000, 20*time.Millisecond)
	want, err := Apply(cfg, sent)
	if err != nil {
		t.Fatal(err)
	}
	im, _ := New(cfg)
	var got []Delivery
	for d := range im.Arrivals(slices.Values(sent)) {
		got = append(got, d)
	}
	if !slices.Equal(got, want.Arrivals) {
		t.Error("iterator and Apply disagree")
	}
	if im.Report() != want.Report {
		t.Errorf("reports differ: %+v vs %+v", im.Report(), want.Report)
	}
	im, _ = New(cfg)
	k := 0
	for range im.Arrivals(slices.Values(sent)) {
		if k++; k == 10 {
			break
		}
	}
	if k != 10 {
		t.Errorf("iterator did not stop: %d", k)
	}
}

func TestString(t *testing.T) {
	c := Config{LossPercent: 5, BurstLossPercent: 2, Jitter: 60 * time.Millisecond, ReorderPercent: 1}
	if got, want := c.String(), "Impair(loss 5%, burst 2%/4, delay 0s±60ms, reorder 1%)"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got := (Config{}).String(); got != "Impair(none)" {
		t.Errorf("String = %q", got)
	}
}

type recorder struct {
	mu  sync.Mutex
	got []recorded
	err error
}

type recorded struct {
	at time.Time
	p  string
}

func (r *recorder) WriteTo(p []byte, _ net.Addr) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, recorded{time.Now(), string(p)})
	return len(p), r.err
}

// TestConn: in a synctest bubble (virtual time), the Conn writes each
// packet exactly when Apply says it arrives, and Close stops its goroutine.
func TestConn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := Config{Seed: 5, LossPercent: 5, BurstLossPercent: 2, Jitter: 30 * time.Millisecond, ReorderPercent: 2, DuplicatePercent: 2}
		w := &recorder{}
		var fates []Fate
		c, err := NewConn(w, cfg, ConnOptions{Observe: func(f Fate) { fates = append(fates, f) }})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		var sent []time.Time
		for i := range 500 {
			sent = append(sent, time.Now())
			if _, err := c.WriteTo([]byte{byte(i), byte(i >> 8)}, nil); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		want, _ := Apply(cfg, sent)
		if len(w.got) != len(want.Arrivals) {
			t.Fatalf("%d packets written, want %d", len(w.got), len(want.Arrivals))
		}
		for i, d := range want.Arrivals {
			g := w.got[i]
			if !g.at.Equal(d.Arrival) || g.p != string([]byte{byte(d.Index), byte(d.Index >> 8)}) {
				t.Fatalf("write %d: packet %q at %v, want packet %d at %v", i, g.p, g.at.Sub(start), d.Index, d.Arrival.Sub(start))
			}
		}
		if !slices.Equal(fates, want.Fates) {
			t.Error("observed fates differ from Apply's")
		}
		if c.Report() != want.Report {
			t.Errorf("report %+v, want %+v", c.Report(), want.Report)
		}
		// Close abandons what is in flight and stops the goroutine (the
		// bubble fails the test if it leaks).
		if _, err := c.WriteTo([]byte{1}, nil); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := c.WriteTo([]byte{1}, nil); !errors.Is(err, ErrClosed) {
			t.Errorf("WriteTo after Close: %v", err)
		}
		if c.Report().Dropped == 0 && c.Abandoned() == 0 {
			t.Error("the last packet was neither dropped nor abandoned")
		}
	})
}

func TestConnOverflowAndErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &recorder{err: errors.New("unreachable")}
		c, err := NewConn(w, Config{Delay: time.Second}, ConnOptions{MaxInFlight: 3})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for range 5 {
			if _, err := c.WriteTo([]byte{0}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if r := c.Report(); r.Overflow != 2 {
			t.Errorf("Overflow = %d, want 2", r.Overflow)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if len(w.got) != 3 || c.Err() == nil {
			t.Errorf("%d written, err %v; want 3 and the writer's error", len(w.got), c.Err())
		}
	})
}

// BenchmarkDecide is the per-packet cost of the model.
func BenchmarkDecide(b *testing.B) {
	im, err := New(Config{Seed: 1, LossPercent: 5, BurstLossPercent: 2, Jitter: 60 * time.Millisecond, ReorderPercent: 1, DuplicatePercent: 1})
	if err != nil {
		b.Fatal(err)
	}
	t := t0
	b.ReportAllocs()
	for b.Loop() {
		t = t.Add(20 * time.Millisecond)
		im.Decide(t)
	}
}
