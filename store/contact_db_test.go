package store_test

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/store"
	"github.com/actorgraph/actorgraph/store/storetest"
)

// cutter is a TCP proxy in front of the real Neo4j that the test can cut off (the port then
// refuses connections, and the open ones drop, as when Neo4j dies) and reconnect.
type cutter struct {
	t      *testing.T
	addr   string // where the proxy listens
	target string // Neo4j
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newCutter(t *testing.T, target string) *cutter {
	c := &cutter{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.addr = ln.Addr().String()
	c.serve(ln)
	t.Cleanup(c.cut)
	return c
}

func (c *cutter) serve(ln net.Listener) {
	c.mu.Lock()
	c.ln = ln
	c.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", c.target)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.conns = append(c.conns, in, out)
			c.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
}

// cut closes the port and every connection through it.
func (c *cutter) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ln != nil {
		c.ln.Close()
		c.ln = nil
	}
	for _, conn := range c.conns {
		conn.Close()
	}
	c.conns = nil
}

// reconnect opens the port again.
func (c *cutter) reconnect() {
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		c.t.Fatalf("reopening %s: %v", c.addr, err)
	}
	c.serve(ln)
}

// eventually polls f until it returns true, failing the test after within.
func eventually(t *testing.T, within time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// When Neo4j cannot be reached, calls are refused at once with UNAVAILABLE instead of each
// waiting out its deadline; when it answers again, the Store goes back to it by itself.
func TestLosingAndRegainingNeo4j(t *testing.T) {
	storetest.Seeded(t) // the schema and the seed, through the shared Store
	ctx := context.Background()
	target := strings.TrimPrefix(storetest.Config().URI, "bolt://")
	if strings.Contains(target, "://") {
		t.Fatalf("this test proxies bolt:// URIs only, not %s", storetest.Config().URI)
	}
	cut := newCutter(t, target)
	cfg := storetest.Config()
	cfg.URI = "bolt://" + cut.addr
	cfg.QueryTimeout = 2 * time.Second
	s, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	var mu sync.Mutex
	var told []store.Contact
	s.OnContact(func(c store.Contact) { mu.Lock(); told = append(told, c); mu.Unlock() })
	if _, err := s.ActorsByID(ctx, []string{"mali"}); err != nil {
		t.Fatal(err)
	}

	cut.cut()
	if _, err := s.ActorsByID(ctx, []string{"mali"}); ag.ErrorCode(err) != ag.Unavailable {
		t.Fatalf("with Neo4j cut off: %v, want UNAVAILABLE", err)
	}
	// The first failure starts the watch; once a ping has failed too, calls are refused
	// without going to the driver at all.
	eventually(t, 10*time.Second, "calls refused at the door", func() bool {
		_, err := s.ActorsByID(ctx, []string{"mali"})
		return ag.ErrorCode(err) == ag.Unavailable && strings.Contains(ag.ErrorMessage(err), "cannot be reached")
	})
	before := s.RoundTrips()
	if _, err := s.ActorsByID(ctx, []string{"mali"}); ag.ErrorCode(err) != ag.Unavailable {
		t.Fatalf("while cut off: %v", err)
	}
	if s.RoundTrips() != before {
		t.Fatal("a call refused at the door was sent to the driver")
	}

	cut.reconnect()
	eventually(t, 15*time.Second, "Neo4j used again after it came back", func() bool {
		got, err := s.ActorsByID(ctx, []string{"mali"})
		return err == nil && got["mali"] != nil
	})
	mu.Lock()
	defer mu.Unlock()
	if len(told) != 2 || !told[0].Lost || told[1].Lost || told[1].Down <= 0 {
		t.Fatalf("OnContact was told %+v; want the loss, then the return with how long it lasted", told)
	}
}
