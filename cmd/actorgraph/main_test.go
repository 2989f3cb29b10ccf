package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
)

// Bad input on the command line gets one clear line naming the problem, and an error (so a
// non-zero exit). None of these cases reaches Neo4j.
func TestBadInvocationsSayWhatIsWrong(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{}, "no command"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "-no-such-flag"}, "flag provided but not defined: -no-such-flag"},
		{[]string{"seed", "-neo4j-uri", "not a uri"}, "is not a URI"},
		{[]string{"migrate", "-neo4j-uri", "http://127.0.0.1:7474"}, `scheme "http"`},
		{[]string{"serve", "-addr", busy.Addr().String()}, "cannot listen on " + busy.Addr().String()},
		{[]string{"serve", "-log-format", "xml"}, "use text or json"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), c.args, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("actorgraph %v: got %v, want an error containing %q", c.args, err, c.want)
		}
		if err != nil && strings.Count(strings.TrimSpace(err.Error()), "\n") > 0 {
			t.Errorf("actorgraph %v: the error should be one line: %q", c.args, err)
		}
	}
}
