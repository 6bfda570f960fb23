package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeCorpus(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"-corpus"},
		{"-nope"},
		{"-corpus", "x", "extra"},
		{"-corpus", filepath.Join(t.TempDir(), "missing.jsonl")},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("run(%q) = %d, want 2 (stderr %q)", args, code, errb.String())
		}
	}
	bad := writeCorpus(t, `{"id":"a","style":"asr","text":"x","entities":[{"type":"T","start":0,"end":9}]}`)
	var out, errb bytes.Buffer
	if code := run([]string{"-corpus", bad}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "line 1") {
		t.Errorf("bad corpus: code %d, stderr %q", code, errb.String())
	}
}

// TestPassAndFail runs the real engine on two one-line corpora: small talk
// it must leave alone (passes), and small talk labelled as a person, which
// no engine finds (fails on recall).
func TestPassAndFail(t *testing.T) {
	clean := writeCorpus(t, `{"id":"n1","style":"asr","text":"thank you so much for your help","entities":[]}`)
	var out, errb bytes.Buffer
	if code := run([]string{"-corpus", clean}, &out, &errb); code != 0 {
		t.Errorf("clean corpus: exit %d\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "PASS") {
		t.Errorf("no PASS in\n%s", out.String())
	}

	wrong := writeCorpus(t, `{"id":"w1","style":"asr","text":"thank you so much for your help","entities":[{"type":"PERSON","start":0,"end":5}]}`)
	out.Reset()
	if code := run([]string{"-corpus", wrong, "-v"}, &out, &errb); code != 1 {
		t.Errorf("mislabelled corpus: exit %d\n%s", code, out.String())
	}
	for _, s := range []string{"PERSON", "FAIL", "misses (1)", `w1	PERSON	"thank"	shown`} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out.String())
		}
	}

	out.Reset()
	if code := run([]string{"-corpus", wrong, "-json"}, &out, &errb); code != 1 {
		t.Errorf("-json: exit %d", code)
	}
	var v struct {
		Failures []string `json:"failures"`
		Leaks    int      `json:"leaks"`
	}
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out.String())
	}
	if len(v.Failures) == 0 || v.Leaks != 1 {
		t.Errorf("-json decoded %+v", v)
	}
}
