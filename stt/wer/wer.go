// Package wer computes the word error rate of a recognition hypothesis
// against a reference transcript.
//
// Both texts are normalised first (see Normalize) so that case and
// punctuation do not count as errors. The alignment is the usual
// Levenshtein alignment over words with unit costs for substitutions,
// deletions and insertions; when several alignments have the same cost,
// substitutions are preferred over deletion+insertion pairs, so the counts
// are the ones reported by NIST sclite-style scorers.
//
// All functions are pure and safe for concurrent use.
package wer

import (
	"strings"
	"unicode"
)

// Result is the outcome of aligning a hypothesis with a reference.
type Result struct {
	// WER is (Subs+Dels+Ins)/RefWords. When the reference is empty it is
	// the number of inserted words (0 for an empty hypothesis), so it is
	// never NaN or infinite.
	WER      float64
	Subs     int
	Dels     int
	Ins      int
	RefWords int
}

// Errors is the number of word errors (substitutions, deletions and
// insertions).
func (r Result) Errors() int { return r.Subs + r.Dels + r.Ins }

// Add pools two results as if their texts had been scored together: the
// counts add up and WER is recomputed from the totals (a corpus WER, not
// the mean of per-utterance WERs).
func (r Result) Add(o Result) Result {
	s := Result{
		Subs:     r.Subs + o.Subs,
		Dels:     r.Dels + o.Dels,
		Ins:      r.Ins + o.Ins,
		RefWords: r.RefWords + o.RefWords,
	}
	s.WER = rate(s.Errors(), s.RefWords)
	return s
}

func rate(errors, ref int) float64 {
	if ref == 0 {
		return float64(errors)
	}
	return float64(errors) / float64(ref)
}

// Normalize lowercases text, turns every character that is not a letter,
// a digit or an apostrophe inside a word into a space (a typographic
// apostrophe becomes an ASCII one), and collapses runs of spaces.
// "Cold-hearted, isn't it?" becomes "cold hearted isn't it".
func Normalize(text string) string {
	return strings.Join(words(text), " ")
}

// words splits text into normalised words.
func words(text string) []string {
	rs := []rune(strings.ToLower(text))
	var b strings.Builder
	b.Grow(len(text))
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case isApostrophe(r) && i > 0 && i+1 < len(rs) && isWordRune(rs[i-1]) && isWordRune(rs[i+1]):
			// Keep contractions and possessives whole: "don't", "john's".
			b.WriteByte('\'')
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// op is one step of the alignment backtrace.
type op uint8

const (
	opMatch op = iota
	opSub
	opDel
	opIns
)

// Compute aligns the normalised hypothesis with the normalised reference
// and counts the errors.
func Compute(reference, hypothesis string) Result {
	ref := words(reference)
	hyp := words(hypothesis)
	n, m := len(ref), len(hyp)

	// cost[i][j] is the edit distance between ref[:i] and hyp[:j]; back
	// records the step that reached it. One flat slice keeps it to two
	// allocations whatever the lengths.
	w := m + 1
	cost := make([]int, (n+1)*w)
	back := make([]op, (n+1)*w)
	for i := 1; i <= n; i++ {
		cost[i*w] = i
		back[i*w] = opDel
	}
	for j := 1; j <= m; j++ {
		cost[j] = j
		back[j] = opIns
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best, how := cost[(i-1)*w+j-1], opMatch
			if ref[i-1] != hyp[j-1] {
				best++
				how = opSub
			}
			if c := cost[(i-1)*w+j] + 1; c < best {
				best, how = c, opDel
			}
			if c := cost[i*w+j-1] + 1; c < best {
				best, how = c, opIns
			}
			cost[i*w+j] = best
			back[i*w+j] = how
		}
	}

	var r Result
	r.RefWords = n
	for i, j := n, m; i > 0 || j > 0; {
		switch back[i*w+j] {
		case opMatch:
			i, j = i-1, j-1
		case opSub:
			r.Subs++
			i, j = i-1, j-1
		case opDel:
			r.Dels++
			i--
		case opIns:
			r.Ins++
			j--
		}
	}
	r.WER = rate(r.Errors(), n)
	return r
}
