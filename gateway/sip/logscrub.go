package sip

import (
	"context"
	"log/slog"
	"regexp"

	"github.com/emiago/sipgo/sip"
)

// scrubHandler is the slog.Handler we give sipgo. sipgo's own log lines
// carry raw SIP (From headers with phone numbers), addresses and request
// lines, which our logs must never hold (invariant 4). It keeps the message
// text, demotes everything to Debug and drops every attribute except the
// sipgo component name.
type scrubHandler struct {
	next slog.Handler
}

func newScrubbedLogger(l *slog.Logger) *slog.Logger {
	return slog.New(scrubHandler{next: l.Handler()})
}

func (h scrubHandler) Enabled(ctx context.Context, _ slog.Level) bool {
	return h.next.Enabled(ctx, slog.LevelDebug)
}

func (h scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, slog.LevelDebug, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "caller" {
			out.AddAttrs(a)
		}
		return true
	})
	out.AddAttrs(slog.String("component", "sipgo"))
	return h.next.Handle(ctx, out)
}

func (h scrubHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	var keep []slog.Attr
	for _, a := range attrs {
		if a.Key == "caller" {
			keep = append(keep, a)
		}
	}
	if len(keep) == 0 {
		return h
	}
	return scrubHandler{next: h.next.WithAttrs(keep)}
}

func (h scrubHandler) WithGroup(string) slog.Handler { return h }

// UseScrubbedSipgoLogger routes the log lines sipgo writes to its
// package-global default logger (connection bookkeeping, with addresses)
// through the same filter, into l. sipgo reads that global without
// synchronisation: call this once from main before any SIP traffic, never
// from library code.
func UseScrubbedSipgoLogger(l *slog.Logger) {
	sip.SetDefaultLogger(newScrubbedLogger(l))
}

// Error texts from net, sipgo and sinks often quote addresses ("read udp
// 192.0.2.1:20000: ...") and could quote SIP or SDP content. errAttr logs
// an error with those masked.
var (
	reIPv4   = regexp.MustCompile(`\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?`)
	reIPv6   = regexp.MustCompile(`\[?[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}\]?(:\d{1,5})?`)
	reDigits = regexp.MustCompile(`\+?\d[\d\-. ]{5,}\d`)
	reSIPURI = regexp.MustCompile(`(?i)\b(sips?|tel):[^\s>;,"']+`)
)

// redact masks addresses, SIP URIs and digit runs that may be phone
// numbers in s.
func redact(s string) string {
	s = reSIPURI.ReplaceAllString(s, "<uri>")
	s = reIPv4.ReplaceAllString(s, "<addr>")
	s = reIPv6.ReplaceAllString(s, "<addr>")
	return reDigits.ReplaceAllString(s, "<digits>")
}

// errAttr is an "error" log attribute with personal data masked.
func errAttr(err error) slog.Attr {
	if err == nil {
		return slog.String("error", "")
	}
	return slog.String("error", redact(err.Error()))
}
