package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/earshot/earshot/policy/redact"
)

// redactJSON is one line of `earshot redact` output. Entity offsets are
// byte offsets into the input line.
type redactJSON struct {
	Text     string          `json:"text"`
	Entities []redact.Entity `json:"entities"`
	Partials int             `json:"partials,omitempty"`
	Leaks    []leakJSON      `json:"leaks,omitempty"`
}

// leakJSON says where a word of an entity showed in a partial: the word's
// byte offsets in the input line and the number of words in that partial.
// It never carries the word itself.
type leakJSON struct {
	Start   int `json:"start"`
	End     int `json:"end"`
	Partial int `json:"partial"`
}

// maxLine is the longest input line accepted.
const maxLine = 1 << 20

func runRedact(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("earshot redact", flag.ContinueOnError)
	fs.SetOutput(stderr)
	partials := fs.Bool("partials", false, "also replay each line word by word as partial hypotheses and report leaks")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `Usage: earshot redact [--partials] < utterances.txt

Reads one utterance per line on stdin and writes one JSON object per line:
{"text": "<redacted>", "entities": [{"type": "CARD_NUMBER", "start": 18, "end": 52}]}
with start/end as byte offsets into the input line. With --partials each
line is also fed word by word as successive partial hypotheses, then as a
final; "leaks" lists the words of an entity that some partial showed, and
the command exits with status 1 if there were any.`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("redact reads stdin and takes no arguments, got %q", fs.Arg(0))
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	lineNo, leaks, leakyLines := 0, 0, 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		r, in := redact.Annotate(line)
		res := redactJSON{Text: r.Text(), Entities: in}
		if res.Entities == nil {
			res.Entities = []redact.Entity{}
		}
		if *partials {
			res.Partials, res.Leaks = replayPartials(line)
			if len(res.Leaks) > 0 {
				leaks += len(res.Leaks)
				leakyLines++
			}
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return fmt.Errorf("stdin line %d: longer than %d bytes", lineNo+1, maxLine)
		}
		return fmt.Errorf("reading stdin: %w", err)
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if *partials && leaks > 0 {
		return fmt.Errorf("%d entity words shown by partials in %d of %d lines", leaks, leakyLines, lineNo)
	}
	return nil
}

// wordSpan is one whitespace-separated word of a line.
type wordSpan struct{ start, end int }

// fields returns the words of line with their byte offsets.
func fields(line string) []wordSpan {
	var ws []wordSpan
	start := -1
	for i, r := range line {
		if unicode.IsSpace(r) {
			if start >= 0 {
				ws = append(ws, wordSpan{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		ws = append(ws, wordSpan{start, len(line)})
	}
	return ws
}

// replayPartials feeds the words of line to a fresh Stream as partials of
// growing length, then as a final. A word of an entity of the final that a
// partial showed is a leak.
func replayPartials(line string) (int, []leakJSON) {
	ws := fields(line)
	if len(ws) == 0 {
		return 0, nil
	}
	words := make([]string, len(ws))
	for i, w := range ws {
		words[i] = line[w.start:w.end]
	}
	s := redact.NewStream()
	covered := make([][]bool, len(words)) // per partial length k-1: which words were masked
	for k := 1; k <= len(words); k++ {
		covered[k-1] = maskedWords(s.Partial(words[:k]).Input(), words[:k])
	}
	final := maskedWords(s.Final(words).Input(), words)
	var leaks []leakJSON
	for i, isEntity := range final {
		if !isEntity {
			continue
		}
		for k := i + 1; k <= len(words); k++ {
			if !covered[k-1][i] {
				leaks = append(leaks, leakJSON{Start: ws[i].start, End: ws[i].end, Partial: k})
				break
			}
		}
	}
	return len(words), leaks
}

// maskedWords maps entities with offsets into the words joined by single
// spaces to a per-word "masked" flag.
func maskedWords(ents []redact.Entity, words []string) []bool {
	masked := make([]bool, len(words))
	pos := 0
	for i, w := range words {
		start, end := pos, pos+len(w)
		for _, e := range ents {
			if e.Start < end && start < e.End {
				masked[i] = true
				break
			}
		}
		pos = end + 1
	}
	return masked
}
