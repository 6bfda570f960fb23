package impair

import (
	"container/heap"
	"iter"
	"slices"
	"time"
)

// Result is what Apply did to a whole stream.
type Result struct {
	// Fates has one entry per packet, in send order.
	Fates []Fate
	// Arrivals has every delivery in arrival order; equal arrival times
	// keep send order, an original before its copy.
	Arrivals []Delivery
	Report   Report
}

// Apply runs packets sent at the given times through a new Impairer for
// cfg.
func Apply(cfg Config, sent []time.Time) (Result, error) {
	im, err := New(cfg)
	if err != nil {
		return Result{}, err
	}
	res := Result{Fates: make([]Fate, 0, len(sent)), Arrivals: make([]Delivery, 0, len(sent))}
	for _, t := range sent {
		f := im.Decide(t)
		res.Fates = append(res.Fates, f)
		res.Arrivals = append(res.Arrivals, f.Deliveries(cfg)...)
	}
	slices.SortStableFunc(res.Arrivals, func(a, b Delivery) int { return a.Arrival.Compare(b.Arrival) })
	for _, d := range res.Arrivals {
		im.arrived(d)
	}
	res.Report = im.Report()
	return res, nil
}

// Arrivals decides the fate of packets sent at the times sent yields, which
// must not decrease, and yields their deliveries in arrival order (ties in
// send order). It holds only the packets in flight: a delivery is yielded
// once a packet is sent after it arrives, or when sent ends.
func (im *Impairer) Arrivals(sent iter.Seq[time.Time]) iter.Seq[Delivery] {
	return func(yield func(Delivery) bool) {
		var q queue
		for t := range sent {
			for len(q) > 0 && !q[0].Arrival.After(t) {
				d := heap.Pop(&q).(Delivery)
				im.arrived(d)
				if !yield(d) {
					return
				}
			}
			f := im.Decide(t)
			for _, d := range f.Deliveries(im.cfg) {
				heap.Push(&q, d)
			}
		}
		for len(q) > 0 {
			d := heap.Pop(&q).(Delivery)
			im.arrived(d)
			if !yield(d) {
				return
			}
		}
	}
}

// queue is a min-heap of deliveries by arrival time, then send index, then
// original before copy.
type queue []Delivery

func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return before(q[i], q[j]) }

// before orders deliveries by arrival time, then send index, then original
// before copy.
func before(a, b Delivery) bool {
	if c := a.Arrival.Compare(b.Arrival); c != 0 {
		return c < 0
	}
	if a.Index != b.Index {
		return a.Index < b.Index
	}
	return !a.Copy && b.Copy
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(Delivery)) }
func (q *queue) Pop() any {
	old := *q
	d := old[len(old)-1]
	*q = old[:len(old)-1]
	return d
}
