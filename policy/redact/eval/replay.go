package eval

// replay feeds one utterance to s word by word and then as a final, and
// counts the gold words that any output shows.
func (r *Report) replay(u Utterance, ws []word, gold []string, s Stream) {
	toks := make([]string, len(ws))
	for i, w := range ws {
		toks[i] = u.Text[w.start:w.end]
	}
	leaked := make([]bool, len(ws))
	covered := make([]bool, len(ws)) // in the previous output
	check := func(k int, spans []Span, final bool) {
		cov := r.coverage(toks[:k], spans)
		for i := range k {
			if gold[i] == "" {
				continue
			}
			if !cov[i] {
				if covered[i] {
					r.Unmasks++
				}
				if !leaked[i] {
					leaked[i] = true
					r.Leaks++
					if final {
						r.LeaksInFinal++
					}
					r.LeakFindings = append(r.LeakFindings, Leak{ID: u.ID, Type: gold[i], Word: i, Text: toks[i], Output: k, Final: final})
				}
			}
			covered[i] = cov[i]
		}
	}
	for k := 1; k <= len(toks); k++ {
		check(k, s.Partial(toks[:k]), false)
	}
	check(len(toks), s.Final(toks), true)
	for _, l := range leaked {
		if l {
			r.LeakUtterances++
			break
		}
	}
}

// coverage maps spans with offsets into strings.Join(toks, " ") back to
// the words they cover.
func (r *Report) coverage(toks []string, spans []Span) []bool {
	n := len(toks) - 1
	for _, t := range toks {
		n += len(t)
	}
	valid, bad := validSpans(spans, max(n, 0))
	r.InvalidSpans += bad
	cov := make([]bool, len(toks))
	pos := 0
	for i, t := range toks {
		start, end := pos, pos+len(t)
		for _, s := range valid {
			if s.Start < end && start < s.End {
				cov[i] = true
				break
			}
		}
		pos = end + 1
	}
	return cov
}
