package redact

// contextFinals is how many finals a card/phone context stays open after the
// last final that had a cue or a masked digit run.
const contextFinals = 3

// Stream redacts the live transcript of one speaker in one call: the
// engine's partial hypotheses and the finals that end each utterance. It
// remembers what earlier utterances said (a card or phone cue, a masked
// number that may go on) and what earlier partials of this utterance masked.
// A Stream is not safe for concurrent use.
type Stream struct {
	a   analyzer
	buf []byte

	// Across utterances, updated by Final.
	ctx       string // open context: card, phone or generic number
	ctxLeft   int    // finals left before the context closes
	cont      string // the last final ended with a digit run masked with this label
	emailCont bool   // the last final ended with a masked e-mail

	// Within the utterance, set by partials, cleared by Final.
	sticky      string
	stickyEmail bool
}

// NewStream returns a Stream with no context, using the English lexicon.
func NewStream() *Stream { return &Stream{} }

// NewStreamLexicon returns a Stream that reads words with lx.
func NewStreamLexicon(lx *Lexicon) *Stream { return &Stream{a: analyzer{lx: lx}} }

// Partial redacts the engine's current hypothesis of the ongoing utterance.
// It replaces the previous partial. A trailing digit run or e-mail in
// progress is shown as "[NUMBER]" (or the open context's label) and
// "[EMAIL]" until a later hypothesis resolves it.
func (s *Stream) Partial(words []string) Redacted {
	text := s.join(words)
	f := s.a.analyze(text, s.opts(true))
	if s.sticky == "" {
		s.sticky = f.sticky
	}
	s.stickyEmail = s.stickyEmail || f.stickyEmail
	return s.done(text)
}

// Final redacts the final hypothesis of the utterance and ends it.
func (s *Stream) Final(words []string) Redacted {
	text := s.join(words)
	f := s.a.analyze(text, s.opts(false))
	s.sticky, s.stickyEmail = "", false
	if f.blank {
		// "uh" between two groups of a card number keeps them together.
		return s.done(text)
	}
	switch {
	case f.cue != "":
		s.ctx, s.ctxLeft = f.cue, contextFinals
	case f.masked != "":
		if s.ctx == "" || s.ctx == TypeNumber {
			s.ctx = f.masked
		}
		s.ctxLeft = contextFinals
	case f.generic:
		if s.ctx == "" {
			s.ctx = TypeNumber
		}
		s.ctxLeft = contextFinals
	case s.ctxLeft > 0:
		s.ctxLeft--
		if s.ctxLeft == 0 {
			s.ctx = ""
		}
	}
	s.cont, s.emailCont = f.endMasked, f.endEmail
	return s.done(text)
}

func (s *Stream) opts(partial bool) opts {
	return opts{
		partial: partial,
		ctx:     s.ctx, cont: s.cont, emailCont: s.emailCont,
		sticky: s.sticky, stickyEmail: s.stickyEmail,
	}
}

// join joins words with single spaces, skipping empty ones.
func (s *Stream) join(words []string) string {
	b := s.buf[:0]
	for _, w := range words {
		if w == "" {
			continue
		}
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	s.buf = b
	return string(b)
}

func (s *Stream) done(text string) Redacted {
	r := s.a.render(text, true)
	s.a.s = ""
	return r
}
