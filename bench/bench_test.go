package main

import (
	"os"
	"strings"
	"testing"
	"time"

	ag "github.com/actorgraph/actorgraph"
)

// TestRelTypes keeps the bench's relationship types (the floor's Cypher, the shared
// statements and the peer's type definitions) in step with the domain's.
func TestRelTypes(t *testing.T) {
	var want []string
	for _, r := range ag.RelTypes {
		want = append(want, string(r))
	}
	if got := strings.Join(want, "|"); got != relTypes {
		t.Errorf("relTypes = %q; the domain's are %q", relTypes, got)
	}
	for _, f := range []string{subgraphCypher, pathCypher} {
		if !strings.Contains(f, relTypes) {
			t.Errorf("a statement in cypher/ does not name the nine types as relTypes does:\n%s", f)
		}
	}
	defs, err := os.ReadFile("peer/typedefs.mjs")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range want {
		if !strings.Contains(string(defs), `"`+r+`"`) {
			t.Errorf("peer/typedefs.mjs does not map %s", r)
		}
	}
	if n := len(peerRelFields()); n != 2*len(want) {
		t.Errorf("%d peer relationship fields, want %d", n, 2*len(want))
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	if p := pct(d, 0.5); p != 50*time.Millisecond {
		t.Errorf("p50 of 1..100 ms = %v", p)
	}
	if p := pct(d, 0.99); p != 99*time.Millisecond {
		t.Errorf("p99 of 1..100 ms = %v", p)
	}
	if p := pct(d[:1], 0.99); p != time.Millisecond {
		t.Errorf("p99 of one = %v", p)
	}
}

func TestLucene(t *testing.T) {
	if q := lucene("kalo"); q != "(kalo^2 OR kalo*)" {
		t.Errorf("lucene(kalo) = %q; actorgraph's store.luceneQuery makes (kalo^2 OR kalo*)", q)
	}
}
