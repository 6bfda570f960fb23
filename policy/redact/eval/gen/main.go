// Command gen writes the labelled corpus that the redaction evaluation
// scores the engine against: one JSON object per line with the utterance,
// its transcript style and the byte spans of the personal data in it.
//
// The corpus is generated, not collected: templates of how callers speak to
// a voicebot, filled with valid card numbers (Luhn), IBANs (mod 97), CPR
// numbers (real dates, century digit), Estonian personal codes (their check
// digit), US SSNs and UK National Insurance numbers (allocatable ranges),
// and written either as a recogniser spells speech out or as a network STT
// engine formats it. The seed is fixed and nothing depends on map order or
// the Go release, so
//
//	go run ./policy/redact/eval/gen > policy/redact/eval/testdata/corpus.jsonl
//
// reproduces the checked-in file byte for byte. -seed N writes a held-out
// corpus: the same templates and mix with other values and choices, to
// check that a score does not come from fitting the checked-in lines.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// defaultSeed fixes the checked-in corpus. Changing it (or any template)
// changes the file, which TestCorpusUpToDate then asks to regenerate.
const defaultSeed = 0x6561727368_6f74 // "earshot"

// gen holds the generator's state: the random source, how often recogniser
// quirks appear, and the lines written so far.
type gen struct {
	r *rng
	// fillerRate is the chance of a hesitation between two groups of a
	// number read aloud (one sixth of it inside a group).
	fillerRate float64
	// homophoneRate is the chance that a 1, 2, 4 or 8 is written as "won",
	// "to"/"too", "for" or "ate".
	homophoneRate float64
	// literalFillerRate is the chance of a hesitation between two words of
	// the sentence around the data.
	literalFillerRate float64
	// cueFillerRate is the chance of a hesitation right before the data.
	cueFillerRate float64

	lines []line
	seq   map[string]int
	texts map[string]bool
}

func newGen(seed uint64) *gen {
	return &gen{
		r:                 newRNG(seed),
		fillerRate:        0.15,
		homophoneRate:     0.07,
		literalFillerRate: 0.02,
		cueFillerRate:     0.1,
		seq:               map[string]int{},
		texts:             map[string]bool{},
	}
}

// style picks how the next utterance is written; the recogniser's style is
// a little more common, as the gateway's own engine writes it.
func (g *gen) style() style {
	if g.r.chance(0.55) {
		return styleASR
	}
	return styleDigits
}

// emit renders one template and appends it as a corpus line, unless a line
// with the same text exists; it reports whether it appended.
func (g *gen) emit(prefix string, st style, tmpl string, sl slots) bool {
	text, ents := g.render(g.expand(tmpl, sl), st)
	if err := checkLine(text, ents); err != nil {
		panic(fmt.Sprintf("%s: %v: %q", prefix, err, text))
	}
	key := st.String() + ":" + dedupKey(text)
	if g.texts[key] {
		return false
	}
	g.texts[key] = true
	g.seq[prefix]++
	if ents == nil {
		ents = []entity{}
	}
	g.lines = append(g.lines, line{
		ID:       fmt.Sprintf("%s-%04d", prefix, g.seq[prefix]),
		Style:    st.String(),
		Text:     text,
		Entities: ents,
	})
	return true
}

// dedupKey is what two lines must not share: the words, lower case,
// without punctuation or hesitations.
func dedupKey(text string) string {
	var ws []string
	for _, w := range strings.Fields(strings.ToLower(text)) {
		w = strings.Trim(w, ".,?!")
		switch w {
		case "uh", "um", "er", "":
			continue
		}
		ws = append(ws, w)
	}
	return strings.Join(ws, " ")
}

// emitN writes n distinct lines: next(i) gives the style, template and
// slots of attempt i. A family whose templates cannot make n distinct
// lines stops after 20·n attempts with fewer.
func (g *gen) emitN(prefix string, n int, next func(i int) (style, string, slots)) {
	made := 0
	for i := 0; made < n && i < 20*n; i++ {
		st, tmpl, sl := next(i)
		if g.emit(prefix, st, tmpl, sl) {
			made++
		}
	}
}

// checkLine verifies that spans are non-empty, in order, do not overlap,
// and start and end on word boundaries (an end may touch punctuation).
func checkLine(text string, ents []entity) error {
	prev := 0
	for _, e := range ents {
		if e.Start < prev || e.End <= e.Start || e.End > len(text) {
			return fmt.Errorf("bad span %+v", e)
		}
		if e.Start > 0 && text[e.Start-1] != ' ' {
			return fmt.Errorf("span %+v does not start a word", e)
		}
		if e.End < len(text) && !strings.ContainsRune(" .,?!'", rune(text[e.End])) {
			return fmt.Errorf("span %+v does not end a word", e)
		}
		if strings.TrimSpace(text[e.Start:e.End]) != text[e.Start:e.End] {
			return fmt.Errorf("span %+v has outer spaces", e)
		}
		prev = e.End
	}
	return nil
}

// theFor returns "the " or "" to go before a date: only a date that starts
// with an ordinal ("twelfth of march", "12th of March") takes it.
func (g *gen) theFor(date string) string {
	isOrdinal := func(w string) bool {
		if strings.EqualFold(w, "august") {
			return false
		}
		return strings.HasSuffix(w, "st") || strings.HasSuffix(w, "nd") ||
			strings.HasSuffix(w, "rd") || strings.HasSuffix(w, "th")
	}
	words := strings.Fields(date)
	ordinal := len(words) > 0 && isOrdinal(words[0])
	if len(words) > 1 && (words[0] == "twenty" || words[0] == "thirty") {
		ordinal = isOrdinal(words[1])
	}
	if ordinal && g.r.chance(0.7) {
		return "the "
	}
	return ""
}

func generate(w io.Writer, seed uint64) error {
	g := newGen(seed)
	g.positives()
	g.negatives()
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, l := range g.lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func main() {
	seed := flag.Uint64("seed", defaultSeed, "random seed; the default writes the checked-in corpus")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen [-seed N] > corpus.jsonl")
		os.Exit(2)
	}
	if err := generate(os.Stdout, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
