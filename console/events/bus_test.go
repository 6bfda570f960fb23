package events

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/media/quality"
	"github.com/earshot/earshot/policy/redact"
)

func TestBusDeliversInOrderAndFilters(t *testing.T) {
	b := NewBus()
	defer b.Close()
	all := b.Subscribe(10, nil)
	onlyB := b.Subscribe(10, func(ev Event) bool { return ev.CallID == "b" })
	for i, id := range []string{"a", "b", "a", "b"} {
		b.Publish(Event{Type: CallStarted, CallID: id, Seq: i})
	}
	for i := range 4 {
		if ev := <-all.C(); ev.Seq != i {
			t.Fatalf("event %d out of order: %+v", i, ev)
		}
	}
	for _, want := range []int{1, 3} {
		if ev := <-onlyB.C(); ev.Seq != want || ev.CallID != "b" {
			t.Fatalf("filtered subscriber got %+v, want seq %d of call b", ev, want)
		}
	}
}

func TestBusDropsSlowSubscriber(t *testing.T) {
	b := NewBus()
	defer b.Close()
	slow := b.Subscribe(2, nil)
	fast := b.Subscribe(100, nil)
	for i := range 5 {
		b.Publish(Event{Type: CallStarted, Seq: i})
	}
	if !slow.Dropped() {
		t.Fatal("slow subscriber not dropped")
	}
	n := 0
	for range slow.C() { // buffered events drain, then the channel is closed
		n++
	}
	if n != 2 {
		t.Fatalf("slow subscriber drained %d events, want its 2 buffered ones", n)
	}
	if fast.Dropped() || len(fast.C()) != 5 {
		t.Fatalf("fast subscriber dropped=%v with %d events", fast.Dropped(), len(fast.C()))
	}
}

func TestBusCloseAndUnsubscribe(t *testing.T) {
	b := NewBus()
	s := b.Subscribe(1, nil)
	s.Close()
	s.Close() // idempotent
	b.Publish(Event{Type: CallStarted})
	if _, ok := <-s.C(); ok {
		t.Fatal("closed subscription received an event")
	}
	s2 := b.Subscribe(1, nil)
	b.Close()
	if _, ok := <-s2.C(); ok {
		t.Fatal("bus Close left a subscription open")
	}
	if _, ok := <-b.Subscribe(1, nil).C(); ok {
		t.Fatal("subscription after Close is open")
	}
}

func TestEventJSON(t *testing.T) {
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tr := NewTranscript("c1", true, 3, redact.Text("my card is 4111 1111 1111 1111"), 100, 900, ts)
	data, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"type", "call_id", "ts", "text", "start_ms", "end_ms", "entities"} {
		if _, ok := m[k]; !ok {
			t.Errorf("transcript JSON lacks %q: %s", k, data)
		}
	}
	if m["type"] != TranscriptFinal || strings.ContainsAny(m["text"].(string), "0123456789") {
		t.Errorf("unexpected transcript JSON %s", data)
	}
	// A transcript without entities still carries an empty list.
	empty, err := json.Marshal(NewTranscript("c1", false, 0, redact.Text("hello"), 0, 10, ts))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(empty), `"entities":[]`) || !strings.Contains(string(empty), `"start_ms":0`) || !strings.Contains(string(empty), `"seq":0`) {
		t.Errorf("partial without entities: %s", empty)
	}
	call, err := json.Marshal(Event{Type: CallStarted, CallID: "c1", TS: ts})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(call), "entities") || strings.Contains(string(call), `"text"`) {
		t.Errorf("call event carries transcript fields: %s", call)
	}
}

func TestDTMFAndQualityJSON(t *testing.T) {
	ts := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	d := redact.NewDTMF()
	key, show, err := d.Key('5')
	if err != nil || !show {
		t.Fatal(err, show)
	}
	d.Begin()
	summary, n, ok := d.End()
	if !ok {
		t.Fatal("no sensitive step")
	}
	for _, tc := range []struct {
		ev   Event
		want string
	}{
		{NewDTMF("c1", key, ts), `{"type":"dtmf","call_id":"c1","ts":"2025-01-02T03:04:05Z","digit":"5"}`},
		{NewDTMFMasked("c1", summary, n, ts), `{"type":"dtmf","call_id":"c1","ts":"2025-01-02T03:04:05Z","text":"0 digits entered","masked":true,"count":0}`},
	} {
		b, err := json.Marshal(tc.ev)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("JSON = %s\nwant   %s", b, tc.want)
		}
	}
	b, err := json.Marshal(NewQuality("c2", "caller", quality.Report{PacketsReceived: 10, MOS: 4.3, MOSMethod: quality.MOSMethod}, ts))
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	stats, _ := back["stats"].(map[string]any)
	if back["type"] != "quality" || back["leg"] != "caller" || stats["mos"] != 4.3 || stats["mos_method"] != "g107" || stats["packetsReceived"] != 10.0 {
		t.Errorf("quality JSON = %s", b)
	}
	for _, absent := range []string{"digit", "text", "entities", "seq"} {
		if _, ok := back[absent]; ok {
			t.Errorf("quality JSON has %q: %s", absent, b)
		}
	}
}
