// Package web holds the agent console's static files (HTML, CSS and
// JavaScript), embedded in the binary. There is no build step and the page
// loads nothing from outside its own origin, so the console's
// Content-Security-Policy can be restricted to 'self'.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var files embed.FS

// FS returns the static files, rooted so that "index.html" is the page.
func FS() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		// fs.Sub fails only on an invalid path name; "static" is valid.
		panic(err)
	}
	return sub
}
