package eval

import (
	"bytes"
	"strings"
	"testing"
)

const corpusPath = "testdata/corpus.jsonl"

// allTypes are the labels the corpus must cover, with the least number of
// utterances each must appear in.
var allTypes = map[string]int{
	"CARD_NUMBER": 80, "PHONE": 80, "EMAIL": 80, "NATIONAL_ID": 80, "BANK_ACCOUNT": 80,
	"CVV": 40, "CARD_EXPIRY": 40, "PERSON": 40, "DATE_OF_BIRTH": 40, "ADDRESS": 40,
	"HEALTH": 40, "RELIGION": 40, "POLITICAL_OPINION": 40, "TRADE_UNION": 40,
	"SEXUAL_ORIENTATION": 40, "ETHNIC_ORIGIN": 40, "GENETIC": 40, "BIOMETRIC": 40,
}

// TestCorpusComposition holds the checked-in corpus to its specification:
// size, the mix of positives and negatives, both styles, every type often
// enough, several types in one utterance, spans on word boundaries.
func TestCorpusComposition(t *testing.T) {
	us, err := LoadCorpus(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(us) < 1200 {
		t.Errorf("%d utterances, want at least 1200", len(us))
	}
	lines := map[string]int{}
	styles := map[string]int{}
	neg, multi := 0, 0
	for _, u := range us {
		styles[u.Style]++
		if len(u.Entities) == 0 {
			neg++
		}
		seen := map[string]bool{}
		for _, e := range u.Entities {
			if _, ok := allTypes[e.Type]; !ok {
				t.Errorf("%s: unknown type %s", u.ID, e.Type)
			}
			if e.Start > 0 && u.Text[e.Start-1] != ' ' {
				t.Errorf("%s: %s span does not start a word", u.ID, e.Type)
			}
			if e.End < len(u.Text) && !strings.ContainsRune(" .,?!'", rune(u.Text[e.End])) {
				t.Errorf("%s: %s span does not end a word", u.ID, e.Type)
			}
			if !seen[e.Type] {
				seen[e.Type] = true
				lines[e.Type]++
			}
		}
		if len(seen) > 1 {
			multi++
		}
		if u.Style == "asr" && strings.ContainsAny(u.Text, "0123456789,.?!@") {
			t.Errorf("%s: recogniser-style text with digits or punctuation: %q", u.ID, u.Text)
		}
	}
	for typ, min := range allTypes {
		if lines[typ] < min {
			t.Errorf("%s in %d utterances, want at least %d", typ, lines[typ], min)
		}
	}
	if share := float64(neg) / float64(len(us)); share < 0.35 || share > 0.55 {
		t.Errorf("negatives are %.2f of the corpus, want about 0.45", share)
	}
	if styles["asr"] < len(us)/3 || styles["digits"] < len(us)/3 {
		t.Errorf("styles %v are lopsided", styles)
	}
	if multi < 50 {
		t.Errorf("%d utterances with several types, want at least 50", multi)
	}
	t.Logf("%d utterances (%d negatives, %d with several types), styles %v", len(us), neg, multi, styles)
}

// TestCorpus scores the redaction engine on the corpus and fails, with the
// table, when it misses the acceptance thresholds.
func TestCorpus(t *testing.T) {
	us, err := LoadCorpus(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(us, Redact())
	var b bytes.Buffer
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if fails := r.Failures(DefaultThresholds()); len(fails) > 0 {
		t.Errorf("redaction misses its thresholds:\n%s\n%s\n(go run ./policy/redact/eval/evalredaction -corpus policy/redact/eval/%s -v lists every miss)",
			b.String(), strings.Join(fails, "\n"), corpusPath)
		return
	}
	t.Logf("\n%s", b.String())
}
