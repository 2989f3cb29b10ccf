package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

// ContentSecurityPolicy is sent with the playground page. The bundle needs nothing beyond it:
// no inline script, no eval, no host but the server's own (fonts and images are data: URIs).
const ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'"

// ExplorerContentSecurityPolicy is sent with the explorer page, stricter than the
// playground's: no inline style either (Cytoscape.js sets styles through the DOM, which the
// policy allows, and finds its one stylesheet rule in explorer.css), no plugins, no framing,
// no <base>, and forms post to the server only.
const ExplorerContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// NotBuiltMessage is the body of the 503 that GET /playground answers before the bundle is built.
const NotBuiltMessage = "the playground assets are not built: run `make web`\n"

// ExplorerNotBuiltMessage is the body of the 503 that GET / answers before the bundle is built.
const ExplorerNotBuiltMessage = "the explorer assets are not built: run `make web`\n"

// The cache policies: esbuild names the files it emits (fonts, images) NAME-HASH.EXT, and
// those never change; playground.js and playground.css keep their names across builds, so
// they are cached briefly and then revalidated by ETag.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "public, max-age=300"
	cacheRevalid   = "no-cache"
)

// hashedName matches the names esbuild gives emitted files with assetNames "[name]-[hash]".
var hashedName = regexp.MustCompile(`-[A-Z0-9]{8}\.[A-Za-z0-9]+$`)

// contentTypes are set explicitly so that the answer does not depend on the host's mime tables.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".gif":   "image/gif",
	".jpg":   "image/jpeg",
	".ico":   "image/x-icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".ttf":   "font/ttf",
	".otf":   "font/otf",
	".eot":   "application/vnd.ms-fontobject",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// resource is one response body with the headers that go with it.
type resource struct {
	name         string
	data         []byte
	contentType  string
	cacheControl string
	etag         string
}

func newResource(name string, data []byte, cacheControl string) *resource {
	sum := sha256.Sum256(data)
	return &resource{
		name:         name,
		data:         data,
		contentType:  contentType(name),
		cacheControl: cacheControl,
		etag:         `"` + hex.EncodeToString(sum[:12]) + `"`,
	}
}

// handler serves the playground and the explorer from a snapshot of dist/ and examples/
// taken when it is made.
type handler struct {
	page        *resource            // dist/playground.html; nil while not built
	explorer    *resource            // dist/explorer.html; nil while not built
	assets      map[string]*resource // the other files at the top of dist/, by name
	examples    *resource            // examples.json; nil if examplesErr
	examplesErr error
}

// Handler returns the handler of the playground's and the explorer's routes:
//
//	GET /                          the explorer (503 until the bundle is built); its view
//	                               state is in the query string, which the page reads
//	GET /playground                the playground (503 until the bundle is built)
//	GET /playground/examples.json  Examples as a JSON array of {name, query, variables}
//	GET /assets/NAME               a file of the bundles
//
// HEAD is answered like GET, any other method with 405; other paths get 404. Mount it on
// "/{$}", "/playground", "/playground/" and "/assets/" of the server's mux.
func Handler() http.Handler {
	return newHandler(distFS, examplesFS)
}

func newHandler(dist, examples fs.FS) *handler {
	h := &handler{assets: make(map[string]*resource)}
	entries, _ := fs.ReadDir(dist, "dist") // an unreadable dist/ is served as not built
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		data, err := fs.ReadFile(dist, "dist/"+name)
		if err != nil {
			continue
		}
		switch {
		case name == "playground.html":
			h.page = newResource(name, data, cacheRevalid)
		case name == "explorer.html":
			h.explorer = newResource(name, data, cacheRevalid)
		case path.Ext(name) == ".html":
			// never served as an asset
		case hashedName.MatchString(name):
			h.assets[name] = newResource(name, data, cacheImmutable)
		default:
			h.assets[name] = newResource(name, data, cacheShort)
		}
	}
	if h.page != nil && (h.assets["playground.js"] == nil || h.assets["playground.css"] == nil) {
		h.page = nil // a half-built dist/ would only show a blank page
	}
	if h.explorer != nil && (h.assets["explorer.js"] == nil || h.assets["explorer.css"] == nil) {
		h.explorer = nil
	}

	exs, err := readExamples(examples)
	if err == nil {
		var data []byte
		data, err = json.Marshal(exs)
		if err == nil {
			h.examples = newResource("examples.json", data, cacheRevalid)
		}
	}
	h.examplesErr = err
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	var res *resource
	switch {
	case p == "/":
		if !allowed(w, r) {
			return
		}
		if h.explorer == nil {
			notBuilt(w, ExplorerNotBuiltMessage)
			return
		}
		w.Header().Set("Content-Security-Policy", ExplorerContentSecurityPolicy)
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Frame-Options", "DENY")
		res = h.explorer
	case p == "/playground":
		if !allowed(w, r) {
			return
		}
		if h.page == nil {
			notBuilt(w, NotBuiltMessage)
			return
		}
		w.Header().Set("Content-Security-Policy", ContentSecurityPolicy)
		w.Header().Set("Referrer-Policy", "no-referrer")
		res = h.page
	case p == "/playground/examples.json":
		if !allowed(w, r) {
			return
		}
		if h.examples == nil {
			http.Error(w, h.examplesErr.Error(), http.StatusInternalServerError)
			return
		}
		res = h.examples
	case strings.HasPrefix(p, "/assets/"):
		res = h.assets[strings.TrimPrefix(p, "/assets/")] // "a/b" or "../x" are never keys
		if res == nil {
			http.NotFound(w, r)
			return
		}
		if !allowed(w, r) {
			return
		}
	default:
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", res.contentType)
	hdr.Set("Cache-Control", res.cacheControl)
	hdr.Set("ETag", res.etag)
	hdr.Set("X-Content-Type-Options", "nosniff")
	// ServeContent answers HEAD, If-None-Match (304) and Range.
	http.ServeContent(w, r, res.name, time.Time{}, bytes.NewReader(res.data))
}

// notBuilt answers 503 with msg, for a page whose bundle is not built.
func notBuilt(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(msg))
}

// allowed answers 405 and reports false unless r is a GET or a HEAD.
func allowed(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}
