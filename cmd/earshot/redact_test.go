package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestRedactCommand(t *testing.T) {
	in := "my card number is four five three nine one four eight eight oh three four three six four six seven thanks\n" +
		"nothing to see here\n" +
		"mail  j.doe@example.dk\tor call +45 22 33 44 55\n"
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"redact"}, strings.NewReader(in), &out, &errOut); err != nil {
		t.Fatalf("redact: %v (%s)", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSuffix(in, "\n"), "\n")
	want := []struct {
		text  string
		spans []string // the input text of each entity
		types []string
	}{
		{"my card number is [CARD_NUMBER] thanks",
			[]string{"four five three nine one four eight eight oh three four three six four six seven"}, []string{"CARD_NUMBER"}},
		{"nothing to see here", nil, nil},
		{"mail  [EMAIL]\tor call [PHONE]", []string{"j.doe@example.dk", "+45 22 33 44 55"}, []string{"EMAIL", "PHONE"}},
	}
	sc := bufio.NewScanner(&out)
	i := 0
	for ; sc.Scan(); i++ {
		var got redactJSON
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i, err, sc.Text())
		}
		if i >= len(want) {
			t.Fatalf("extra output line %s", sc.Text())
		}
		w := want[i]
		if got.Text != w.text {
			t.Errorf("line %d: text %q, want %q", i, got.Text, w.text)
		}
		if got.Entities == nil {
			t.Errorf("line %d: entities must be [] not null", i)
		}
		if len(got.Entities) != len(w.spans) {
			t.Fatalf("line %d: entities %v, want %d", i, got.Entities, len(w.spans))
		}
		for k, e := range got.Entities {
			if s := lines[i][e.Start:e.End]; s != w.spans[k] || e.Type != w.types[k] {
				t.Errorf("line %d entity %d: %s %q, want %s %q", i, k, e.Type, s, w.types[k], w.spans[k])
			}
		}
	}
	if i != len(want) {
		t.Errorf("%d output lines, want %d", i, len(want))
	}
}

func TestRedactCommandPartials(t *testing.T) {
	in := "my name is anna jensen and my card number is four one one one one one one one one one one one one one one one\n"
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"redact", "--partials"}, strings.NewReader(in), &out, &errOut); err != nil {
		t.Fatalf("redact --partials: %v (%s)", err, errOut.String())
	}
	var got redactJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Partials != len(strings.Fields(in)) || len(got.Leaks) != 0 {
		t.Errorf("partials %d leaks %v, want %d and none", got.Partials, got.Leaks, len(strings.Fields(in)))
	}
}

// TestReplayPartialsFindsLeaks checks the leak check itself: a word that the
// final masks but a partial showed is reported, by position only.
func TestReplayPartialsFindsLeaks(t *testing.T) {
	// "at me" is an ordinary phrase until "dot com" follows, so the
	// partial that ends with "me" shows it.
	line := "mail it to laura hughes at me dot com"
	n, leaks := replayPartials(line)
	if n != 9 || len(leaks) == 0 {
		t.Fatalf("replayPartials(%q) = %d, %v; want 9 partials and a leak", line, n, leaks)
	}
	if l := leaks[0]; line[l.Start:l.End] != "at" || l.Partial != 7 {
		t.Errorf("leak %+v (%q), want \"at\" shown in partial 7", l, line[l.Start:l.End])
	}
	var out, errOut bytes.Buffer
	err := run(t.Context(), []string{"redact", "--partials"}, strings.NewReader(line+"\n"), &out, &errOut)
	if err == nil || errors.Is(err, errUsage) || strings.Contains(err.Error(), "laura") {
		t.Errorf("err = %v, want a leak error that does not quote the words", err)
	}
	var got redactJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Leaks) == 0 || strings.Contains(got.Text, "laura") {
		t.Errorf("output %+v: want leaks listed and the address redacted", got)
	}
}

func TestRedactCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"redact", "--bogus"}, {"redact", "file.txt"}} {
		var out, errOut bytes.Buffer
		err := run(t.Context(), args, strings.NewReader(""), &out, &errOut)
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}
