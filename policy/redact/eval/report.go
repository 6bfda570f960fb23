package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// TypeScore is the word counts of one entity type.
type TypeScore struct {
	Type string `json:"type"`
	// Gold is the number of words whose gold type is Type.
	Gold int `json:"gold"`
	// Strict is how many of them were predicted as Type.
	Strict int `json:"strict"`
	// Masked is how many of them were predicted as any type.
	Masked int `json:"masked"`
	// Predicted is the number of words predicted as Type.
	Predicted int `json:"predicted"`
	// PredictedCorrect is how many of them have gold type Type.
	PredictedCorrect int `json:"predicted_correct"`

	StrictRecall float64 `json:"strict_recall"`
	MaskedRecall float64 `json:"masked_recall"`
	Precision    float64 `json:"precision"`
}

// Finding is a span worth a look: a false positive (a predicted span over
// a word with no gold type) or a miss (a gold span with a word not
// predicted as its type; Got lists the types it was predicted as, if any).
type Finding struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Text string `json:"text"`
	Got  string `json:"got,omitempty"`
}

// Leak is a gold word that a stream output showed. Output is the number of
// words in the partial that showed it first; Final is true when that was
// the final.
type Leak struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Word   int    `json:"word"`
	Text   string `json:"text"`
	Output int    `json:"output"`
	Final  bool   `json:"final"`
}

// Report is the result of Evaluate.
type Report struct {
	Utterances int `json:"utterances"`
	Words      int `json:"words"`
	// Types are sorted by name; they include types the engine predicted
	// that the corpus does not have.
	Types []*TypeScore `json:"types"`

	PredictedWords  int     `json:"predicted_words"`
	PredictedOnGold int     `json:"predicted_on_gold"`
	Precision       float64 `json:"precision"`

	// Leaks counts gold words shown by any stream output, each once;
	// LeaksInFinal those first shown by the final.
	Leaks          int `json:"leaks"`
	LeaksInFinal   int `json:"leaks_in_final"`
	LeakUtterances int `json:"leak_utterances"`
	Unmasks        int `json:"unmasks"`
	// InvalidSpans counts spans the engine returned outside its text or
	// empty; they are ignored.
	InvalidSpans int `json:"invalid_spans"`

	FalsePositives []Finding `json:"false_positives,omitempty"`
	Misses         []Finding `json:"misses,omitempty"`
	LeakFindings   []Leak    `json:"leak_findings,omitempty"`

	byType map[string]*TypeScore
}

func newReport() *Report { return &Report{byType: map[string]*TypeScore{}} }

func (r *Report) typ(t string) *TypeScore {
	s, ok := r.byType[t]
	if !ok {
		s = &TypeScore{Type: t}
		r.byType[t] = s
		r.Types = append(r.Types, s)
	}
	return s
}

// Type returns the score of one type, or nil if neither the corpus nor the
// engine had it.
func (r *Report) Type(t string) *TypeScore { return r.byType[t] }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (r *Report) finish() {
	slices.SortFunc(r.Types, func(a, b *TypeScore) int { return strings.Compare(a.Type, b.Type) })
	for _, t := range r.Types {
		t.StrictRecall = ratio(t.Strict, t.Gold)
		t.MaskedRecall = ratio(t.Masked, t.Gold)
		t.Precision = ratio(t.PredictedCorrect, t.Predicted)
	}
	r.Precision = ratio(r.PredictedOnGold, r.PredictedWords)
}

// Thresholds are the pass marks.
type Thresholds struct {
	// Recall is the minimum strict recall per type; types not listed need
	// DefaultRecall. Only types with gold words are checked.
	Recall        map[string]float64
	DefaultRecall float64
	// Precision is the minimum overall precision.
	Precision float64
	// MaxLeaks is the most leaked words allowed.
	MaxLeaks int
}

// DefaultThresholds are the engine's acceptance marks: 0.99 strict recall
// for card numbers, CVVs, phones, e-mails, national IDs and bank accounts,
// 0.95 for every other type, 0.95 overall precision, no leak.
func DefaultThresholds() Thresholds {
	return Thresholds{
		Recall: map[string]float64{
			"CARD_NUMBER": 0.99, "CVV": 0.99, "PHONE": 0.99, "EMAIL": 0.99,
			"NATIONAL_ID": 0.99, "BANK_ACCOUNT": 0.99,
		},
		DefaultRecall: 0.95,
		Precision:     0.95,
		MaxLeaks:      0,
	}
}

// Failures lists the thresholds the report misses, in a stable order; an
// empty list means it passes. Invalid spans from the engine are a failure
// too.
func (r *Report) Failures(th Thresholds) []string {
	var out []string
	for _, t := range r.Types {
		if t.Gold == 0 {
			continue
		}
		min, ok := th.Recall[t.Type]
		if !ok {
			min = th.DefaultRecall
		}
		if t.StrictRecall < min {
			out = append(out, fmt.Sprintf("%s strict recall %.4f < %.2f", t.Type, t.StrictRecall, min))
		}
	}
	if r.Precision < th.Precision {
		out = append(out, fmt.Sprintf("overall precision %.4f < %.2f", r.Precision, th.Precision))
	}
	if r.Leaks > th.MaxLeaks {
		out = append(out, fmt.Sprintf("%d leaked words > %d", r.Leaks, th.MaxLeaks))
	}
	if r.InvalidSpans > 0 {
		out = append(out, fmt.Sprintf("%d invalid spans from the engine", r.InvalidSpans))
	}
	return out
}

// WriteTable writes the per-type table and the overall figures.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tgold words\tstrict recall\tmasked recall\tpredicted\tprecision\t")
	gold, strict, masked := 0, 0, 0
	for _, t := range r.Types {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t%s\t\n", t.Type, t.Gold,
			frac(t.Strict, t.Gold), frac(t.Masked, t.Gold), t.Predicted, frac(t.PredictedCorrect, t.Predicted))
		gold += t.Gold
		strict += t.Strict
		masked += t.Masked
	}
	fmt.Fprintf(tw, "all\t%d\t%s\t%s\t%d\t%s\t\n", gold, frac(strict, gold), frac(masked, gold), r.PredictedWords, frac(r.PredictedOnGold, r.PredictedWords))
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d utterances, %d words\noverall precision %.4f (%d of %d predicted words are personal data)\nleaks %d words in %d utterances (%d first shown by the final), unmasks %d, invalid spans %d\n",
		r.Utterances, r.Words, r.Precision, r.PredictedOnGold, r.PredictedWords,
		r.Leaks, r.LeakUtterances, r.LeaksInFinal, r.Unmasks, r.InvalidSpans)
	return err
}

func frac(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.4f", float64(a)/float64(b))
}

// WriteDetails writes the false positives, the misses and the leaks, one
// per line.
func (r *Report) WriteDetails(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\nfalse positives (%d):\n", len(r.FalsePositives))
	for _, f := range r.FalsePositives {
		fmt.Fprintf(&b, "  %s\t%s\t%q\n", f.ID, f.Type, f.Text)
	}
	fmt.Fprintf(&b, "\nmisses (%d):\n", len(r.Misses))
	for _, f := range r.Misses {
		got := f.Got
		if got == "" {
			got = "shown"
		} else {
			got = "as " + got
		}
		fmt.Fprintf(&b, "  %s\t%s\t%q\t%s\n", f.ID, f.Type, f.Text, got)
	}
	fmt.Fprintf(&b, "\nleaks (%d):\n", len(r.LeakFindings))
	for _, l := range r.LeakFindings {
		where := fmt.Sprintf("partial of %d words", l.Output)
		if l.Final {
			where = "final"
		}
		fmt.Fprintf(&b, "  %s\tword %d %q (%s)\tshown by the %s\n", l.ID, l.Word, l.Text, l.Type, where)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as one JSON object; the findings only when
// details is true.
func (r *Report) WriteJSON(w io.Writer, th Thresholds, details bool) error {
	out := *r
	if !details {
		out.FalsePositives, out.Misses, out.LeakFindings = nil, nil, nil
	}
	v := struct {
		*Report
		Failures []string `json:"failures"`
	}{&out, r.Failures(th)}
	if v.Failures == nil {
		v.Failures = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
