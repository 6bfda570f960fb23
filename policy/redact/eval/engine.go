package eval

import "github.com/earshot/earshot/policy/redact"

// Redact is the policy/redact engine: Annotate for whole utterances, a new
// redact.Stream for each replay.
func Redact() Engine {
	return Engine{
		Annotate: func(s string) []Span {
			_, in := redact.Annotate(s)
			return spans(in)
		},
		NewStream: func() Stream { return redactStream{redact.NewStream()} },
	}
}

type redactStream struct{ s *redact.Stream }

func (r redactStream) Partial(words []string) []Span { return spans(r.s.Partial(words).Input()) }
func (r redactStream) Final(words []string) []Span   { return spans(r.s.Final(words).Input()) }

func spans(es []redact.Entity) []Span {
	out := make([]Span, len(es))
	for i, e := range es {
		out[i] = Span{Type: e.Type, Start: e.Start, End: e.End}
	}
	return out
}
