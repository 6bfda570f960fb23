package metrics

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

func TestParseProcStat(t *testing.T) {
	// A real line's shape, with a command name holding spaces and a ')'.
	line := "4242 (earshot (x) y) S 1 4242 4242 0 -1 4194560 2707 0 0 0 250 75 0 0 20 0 9 0 123 1003520000 5000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
	cpu, rss, ok := ParseProcStat(line, 4096)
	if !ok || cpu != 3.25 || rss != 5000*4096 {
		t.Fatalf("ParseProcStat = %v s, %v bytes, %v; want 3.25 s, %d bytes", cpu, rss, ok, 5000*4096)
	}
	if _, _, ok := ParseProcStat("4242 (short) S 1 2", 4096); ok {
		t.Fatal("a truncated line parsed")
	}
}

func TestRegisterProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("process metrics read /proc, which only Linux has")
	}
	r := NewRegistry()
	RegisterProcess(r)
	var b bytes.Buffer
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ", "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes "} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "process_resident_memory_bytes 0\n") {
		t.Error("resident memory reported as 0")
	}
}
