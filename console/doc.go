// Package console serves the agent console: a small JSON API over the store,
// a websocket that streams bus events live, and the embedded web page
// (package console/web) that shows live calls and their redacted
// transcripts.
//
// # Endpoints
//
//	GET  /healthz                        "ok", no authentication
//	GET  /                               the agent page (it asks for the token itself)
//	GET  /static/...                     the page's CSS and JavaScript
//	POST /login                          form field "token"; sets the session cookie
//	GET  /logout                         ends the session, clears the cookie
//	GET  /api/v1/calls[?live=1&limit=N]  calls, newest first
//	GET  /api/v1/calls/{id}              one call, 404 when unknown
//	GET  /api/v1/calls/{id}/transcript   the call's final, redacted segments
//	GET  /api/v1/events[?call_id=ID]     websocket: one JSON text message per bus event
//	POST /api/v1/calls/{id}/consent      {"state":"granted|denied|withdrawn","method":"api|agent|dtmf|speech","prompt_version":"..."}
//	GET  /api/v1/calls/{id}/recording    the consented recording as WAV, personal data muted; 404 if none or erased
//	DELETE /api/v1/subjects/{number}     erase a data subject (key destroyed, rows and files deleted)
//	GET  /api/v1/subjects/{number}/export  the subject's personal-data report (JSON)
//	GET  /api/v1/audit/verify            verify the audit trail: 200, or 409 naming the broken record
//	POST /api/v1/calls/{id}/dtmf-mode    {"sensitive": true|false}: open or close a
//	                                     sensitive DTMF step on a live call (keys then
//	                                     show only as "N digits entered"); 404 when the
//	                                     call is not live, 415 unless the body is JSON
//	GET  /api/v1/calls/{id}/quality      the last quality report of each leg, stored
//	                                     when the call ended ([] if none)
//	GET  /metrics                        Prometheus text format, no authentication
//	                                     (aggregate, label-free numbers only; see
//	                                     console/metrics), when Config.Metrics is set
//
// # Authentication
//
// One admin token protects everything but /healthz, the page and its static
// files. The store keeps only its SHA-256 hash (setting "admin_token_sha256",
// see EnsureAdminToken); a presented token is hashed and compared in constant
// time. A client presents it as "Authorization: Bearer <token>", or logs in
// through POST /login, which sets an HttpOnly, SameSite=Strict cookie holding
// a random session id (never the token). Sessions live in memory for
// SessionTTL, end on logout, on server restart and when the admin token
// changes. The websocket endpoint also accepts "?token=<token>" for browser
// clients that cannot set headers; no other endpoint does, so the token does
// not end up in URLs that proxies log. The page itself uses the cookie.
//
// A missing or wrong credential is answered 401 with {"error": "..."}; for
// the websocket that happens before the upgrade.
//
// # Websocket
//
// Each accepted websocket gets a bus subscription and two goroutines owned
// by the Server: a writer that sends events (each write under a deadline) and
// pings, and a reader that consumes pongs and notices the client leaving.
// The bus never waits for a console: when a client is too slow and the bus
// drops its subscription, the socket is closed with code 1013 (try again
// later); the client reconnects and re-reads the API. When the bus closes
// the socket is closed with 1001. Messages from the client are read and
// ignored.
//
// The Origin header of a websocket request (and of POST /login), when
// present, must name the same host as the request's Host header; other
// origins get 403. Requests without Origin (non-browser clients) are allowed:
// they still need the token. A reverse proxy in front of the console must
// pass the original Host header, and terminate TLS itself: the session
// cookie is marked Secure only when the request reached this server over
// TLS.
//
// # Lifetimes
//
// The caller owns the Bus and the Store; the Server closes neither.
// Server.Close closes every websocket (code 1001), waits for their
// goroutines to end and refuses new websockets with 503. It is idempotent.
// Closing the http.Server that serves Handler is the caller's job.
//
// # Privacy
//
// With Config.Privacy (policy/privacy) every transcript read, recording
// read, consent change, erasure, export and login is recorded in the
// hash-chained audit log, as actor "user:admin"; a read whose audit record
// cannot be written is refused.
//
// Transcript text reaches this package only already redacted (events.Event
// and store.Segment carry redact.Redacted output). The server never logs
// tokens, session ids, query strings, transcript text or client addresses.
// Every response carries a Content-Security-Policy restricted to 'self',
// X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer; API
// responses are not cacheable; POST bodies are limited to MaxBodyBytes.
package console
