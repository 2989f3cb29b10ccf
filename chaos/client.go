package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// client talks GraphQL over HTTP to the server under test.
type client struct {
	base string
	http *http.Client
}

func newClient(base string, timeout time.Duration) *client {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	return &client{base: base, http: &http.Client{Timeout: timeout, Transport: tr}}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// result is one answer: the HTTP status, the decoded body, how long it took, or the
// transport error that stood in for it.
type result struct {
	Status  int
	Data    map[string]any
	Errors  []gqlError
	Body    []byte
	Header  http.Header
	Start   time.Time
	Latency time.Duration
	Err     error
}

// code names the outcome: "" for success, the first error's extensions.code, "HTTP_<n>"
// for a non-GraphQL failure, "TIMEOUT" or "TRANSPORT" when no answer came.
func (r result) code() string {
	switch {
	case r.Err != nil:
		var ne net.Error
		if errors.As(r.Err, &ne) && ne.Timeout() {
			return "TIMEOUT"
		}
		return "TRANSPORT"
	case len(r.Errors) > 0:
		if c, _ := r.Errors[0].Extensions["code"].(string); c != "" {
			return c
		}
		return "UNCODED"
	case r.Status != http.StatusOK:
		return fmt.Sprintf("HTTP_%d", r.Status)
	case r.Data == nil:
		return "NO_DATA"
	}
	return ""
}

func (r result) ok() bool { return r.code() == "" }

func (r result) String() string {
	if r.Err != nil {
		return r.Err.Error()
	}
	return fmt.Sprintf("HTTP %d %s", r.Status, tail(string(r.Body), 400))
}

// do posts one GraphQL request; token "" is anonymous.
func (c *client) do(ctx context.Context, token, query string, vars map[string]any) result {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return c.post(ctx, token, "application/json", body, nil)
}

// post sends a raw body to /graphql.
func (c *client) post(ctx context.Context, token, contentType string, body []byte, hdr map[string]string) result {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return result{Err: err}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) result {
	r := result{Start: time.Now()}
	resp, err := c.http.Do(req)
	if err != nil {
		r.Latency, r.Err = time.Since(r.Start), err
		return r
	}
	defer resp.Body.Close()
	r.Body, err = io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	r.Latency, r.Status, r.Header = time.Since(r.Start), resp.StatusCode, resp.Header
	if err != nil {
		r.Err = err
		return r
	}
	var env struct {
		Data   map[string]any `json:"data"`
		Errors []gqlError     `json:"errors"`
	}
	if json.Unmarshal(r.Body, &env) == nil {
		r.Data, r.Errors = env.Data, env.Errors
	}
	return r
}

// get fetches a path.
func (c *client) get(ctx context.Context, path string, hdr map[string]string) result {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return result{Err: err}
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return c.send(req)
}

// dig walks a decoded JSON value by keys and list indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}
