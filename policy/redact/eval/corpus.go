package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Span is a labelled byte range [Start, End) of a text.
type Span struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Utterance is one corpus line: the text as a transcript shows it and its
// gold entity spans (byte offsets into Text). Style is "asr" (as a
// recogniser writes speech) or "digits" (as a formatting STT engine writes
// it).
type Utterance struct {
	ID       string `json:"id"`
	Style    string `json:"style"`
	Text     string `json:"text"`
	Entities []Span `json:"entities"`
}

// ErrCorpus is wrapped by every error about the content of a corpus.
var ErrCorpus = errors.New("invalid corpus")

// maxLine bounds one corpus line.
const maxLine = 1 << 20

// ReadCorpus reads a JSON-lines corpus. Every line must be one Utterance
// with a unique ID, a known style, and spans that lie inside the text, in
// order, without overlap. Blank lines are skipped.
func ReadCorpus(r io.Reader) ([]Utterance, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	seen := map[string]int{}
	var out []Utterance
	n := 0
	for sc.Scan() {
		n++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var u Utterance
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&u); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrCorpus, n, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("%w: line %d: more than one value", ErrCorpus, n)
		}
		if err := u.validate(); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrCorpus, n, err)
		}
		if prev, dup := seen[u.ID]; dup {
			return nil, fmt.Errorf("%w: line %d: id %q already used on line %d", ErrCorpus, n, u.ID, prev)
		}
		seen[u.ID] = n
		out = append(out, u)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading corpus: %w", err)
	}
	return out, nil
}

// LoadCorpus reads a corpus file with ReadCorpus.
func LoadCorpus(path string) ([]Utterance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCorpus(f)
}

func (u Utterance) validate() error {
	if u.ID == "" {
		return errors.New("no id")
	}
	if u.Style != "asr" && u.Style != "digits" {
		return fmt.Errorf("%s: style %q is neither asr nor digits", u.ID, u.Style)
	}
	prev := 0
	for _, e := range u.Entities {
		if e.Type == "" {
			return fmt.Errorf("%s: span with no type", u.ID)
		}
		if e.Start < prev || e.End <= e.Start || e.End > len(u.Text) {
			return fmt.Errorf("%s: span %s [%d,%d) out of order, empty or outside the text", u.ID, e.Type, e.Start, e.End)
		}
		prev = e.End
	}
	return nil
}
