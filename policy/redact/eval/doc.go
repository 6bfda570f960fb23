// Package eval measures the redaction engine against a labelled corpus of
// utterances (testdata/corpus.jsonl, written by ./gen).
//
// Scoring is per word: the words of an utterance are its whitespace-separated
// tokens. A word's gold type is the type of the gold span that overlaps it
// (none if no span does), its predicted type the type of the predicted span
// that overlaps it (if several do, the one that matches the gold type wins;
// otherwise the first). Per type T:
//
//   - strict recall: gold-T words predicted as T / gold-T words;
//   - masked recall: gold-T words predicted as any type / gold-T words (the
//     word did not reach the reader, whatever its label);
//   - precision: words predicted as T whose gold type is T / words predicted
//     as T.
//
// Overall precision is predicted words whose gold type is any type /
// predicted words. A run with no predicted word has precision 1: recall is
// what catches an engine that finds nothing.
//
// Replay feeds each utterance word by word to a fresh Stream, as a
// recogniser's partial hypotheses would arrive (words[:1], words[:2], …),
// then the whole utterance as a Final. A leak is a gold word that some
// output showed, that is not covered by a predicted span in an output whose
// words include it; each leaked word counts once. An unmask is a gold word
// covered in one output and shown in the next.
//
// The engine is passed in as an Engine of function values, so the scoring
// is tested with fakes and the real engine is bound in one place (Redact).
// Evaluate is not safe for concurrent use with the same Stream values; it
// starts no goroutines.
package eval
