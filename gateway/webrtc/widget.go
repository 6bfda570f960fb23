package webrtc

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed web
var webFS embed.FS

// widgetCSP allows the widget's own script, style and connections
// (WHIP, stats, captions) and nothing else; the page may be framed by
// any site that embeds the call button.
const widgetCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; media-src 'self'; base-uri 'none'; form-action 'none'"

func widgetStatic() http.Handler {
	sub, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	files := http.StripPrefix("/call/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", widgetCSP)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

func (s *Server) handleWidget(w http.ResponseWriter, r *http.Request) {
	if !s.routes[r.PathValue("route")] {
		httpError(w, http.StatusNotFound, "no such route")
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", widgetCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "microphone=(self)")
	h.Set("Cache-Control", "no-store")
	http.ServeFileFS(w, r, webFS, "web/call.html")
}
