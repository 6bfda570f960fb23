// Command evalredaction scores the redaction engine against a labelled
// corpus and exits 1 when it misses the acceptance thresholds:
//
//	go run ./policy/redact/eval/evalredaction -corpus policy/redact/eval/testdata/corpus.jsonl [-v] [-json]
//
// It prints a per-type table (gold words, strict and masked recall,
// predicted words, precision), overall precision and the stream replay's
// leak and unmask counts; -v adds every false positive, miss and leak;
// -json writes the same as one JSON object. Exit status: 0 pass, 1
// thresholds missed, 2 usage or input error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/earshot/earshot/policy/redact/eval"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("evalredaction", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", "", "labelled corpus, one JSON utterance per line (required)")
	verbose := fs.Bool("v", false, "list false positives, misses and leaks")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *corpus == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: evalredaction -corpus FILE [-v] [-json]")
		return 2
	}
	utts, err := eval.LoadCorpus(*corpus)
	if err != nil {
		fmt.Fprintln(stderr, "evalredaction:", err)
		return 2
	}
	th := eval.DefaultThresholds()
	r := eval.Evaluate(utts, eval.Redact())
	if *asJSON {
		err = r.WriteJSON(stdout, th, *verbose)
	} else {
		err = r.WriteTable(stdout)
		if err == nil && *verbose {
			err = r.WriteDetails(stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "evalredaction:", err)
		return 2
	}
	fails := r.Failures(th)
	if len(fails) == 0 {
		if !*asJSON {
			fmt.Fprintln(stdout, "PASS")
		}
		return 0
	}
	if !*asJSON {
		fmt.Fprintln(stdout, "FAIL")
		for _, f := range fails {
			fmt.Fprintln(stdout, "  "+f)
		}
	}
	return 1
}
