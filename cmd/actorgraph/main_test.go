package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/store/storetest"
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
		{[]string{"export", "-format", "pdf", "-seeds", "mali"}, `-format "pdf"`},
		{[]string{"serve", "-cors-origins", "example.org"}, `"example.org" is not an origin`},
		{[]string{"export", "-seeds", "mali", "-as-of", "2025-02-30"}, "INVALID_INPUT (asOf)"},
		{[]string{"export", "-seeds", "mali", "-types", "FRIEND_OF"}, "INVALID_INPUT (types)"},
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

// A bad tokens file or list stops serve before it listens or connects, with one line naming
// the file and line (or the list entry) and never showing the token. Each case also passes a
// Neo4j URI that cannot work, so that a token check that wrongly passes fails on the URI
// rather than starting a server.
func TestBadTokensSayWhichLine(t *testing.T) {
	const secret = "tiny-s3cret"
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good", "# operators\nadmin:ada:ada-0123456789abcdef\n")
	short := write("short", "# operators\nadmin:ada:"+secret+"\n")
	role := write("role", "\n\nroot:ada:ada-0123456789abcdef\n")
	missing := filepath.Join(dir, "missing")
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"serve", "-tokens-file", short}, nil, "tokens file " + short + " line 2: the token is shorter than 16 characters"},
		{[]string{"serve", "-tokens-file", role}, nil, "tokens file " + role + " line 3: unknown role"},
		{[]string{"serve"}, map[string]string{"ACTORGRAPH_TOKENS_FILE": short}, "tokens file " + short + " line 2"},
		{[]string{"serve", "-tokens-file", missing}, nil, "tokens file: open " + missing},
		{[]string{"serve"}, map[string]string{"ACTORGRAPH_TOKENS": "editor:ci:ci-0123456789abcdef,reader:bi:" + secret}, "ACTORGRAPH_TOKENS entry 2: the token is shorter"},
		{[]string{"serve", "-tokens-file", good}, map[string]string{"ACTORGRAPH_TOKENS": "editor:Ada:ci-0123456789abcdef"},
			"ACTORGRAPH_TOKENS entry 1: the name is already used by tokens file " + good + " line 2"},
		{[]string{"serve", "-require-read-token"}, nil, "-require-read-token needs tokens"},
		{[]string{"serve"}, map[string]string{"ACTORGRAPH_REQUIRE_READ_TOKEN": "true"}, "-require-read-token needs tokens"},
		{[]string{"serve"}, map[string]string{"ACTORGRAPH_REQUIRE_READ_TOKEN": "sometimes"}, `ACTORGRAPH_REQUIRE_READ_TOKEN="sometimes": use true or false`},
		// Good tokens get past the check, to the bad URI.
		{[]string{"serve", "-tokens-file", good, "-require-read-token"}, map[string]string{"ACTORGRAPH_TOKENS": "reader:bi:bi-0123456789abcdef"}, "is not a URI"},
		{[]string{"serve", "-require-read-token=false"}, map[string]string{"ACTORGRAPH_REQUIRE_READ_TOKEN": "sometimes"}, "is not a URI"},
	} {
		for _, k := range []string{"ACTORGRAPH_TOKENS", "ACTORGRAPH_TOKENS_FILE", "ACTORGRAPH_REQUIRE_READ_TOKEN"} {
			t.Setenv(k, c.env[k])
		}
		args := append(c.args, "-addr", "127.0.0.1:0", "-neo4j-uri", "not a uri")
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("actorgraph %v %v: got %v, want an error containing %q", c.args, c.env, err, c.want)
		}
		if err != nil && strings.Count(strings.TrimSpace(err.Error()), "\n") > 0 {
			t.Errorf("actorgraph %v: the error should be one line: %q", c.args, err)
		}
		all := errOut.String() + out.String()
		if err != nil {
			all += err.Error()
		}
		// Every token of these cases is secret or ends in 0123456789abcdef.
		if strings.Contains(all, secret) || strings.Contains(all, "0123456789abcdef") {
			t.Errorf("actorgraph %v %v: the output shows a token: %s", c.args, c.env, all)
		}
	}
}

// export writes the seeded subgraph to a file, whole, and reports a cap in flag terms.
func TestExportWritesAFile(t *testing.T) {
	storetest.Seeded(t)
	out := filepath.Join(t.TempDir(), "mali.graphml")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"export", "-format", "graphml", "-seeds", "mali,niger", "-o", out}, &stdout, &stderr); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte(`<node id="mali">`)) || !bytes.Contains(b, []byte(`mali-member-of-ecowas`)) {
		t.Errorf("the file should hold Mali and its ECOWAS membership: %v %.300s", err, b)
	}
	if !strings.Contains(stderr.String(), "wrote") {
		t.Errorf("say what was written: %q", stderr.String())
	}
	err = run(context.Background(), []string{"export", "-seeds", "mali", "-depth", "4"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "LIMIT_EXCEEDED (depth)") {
		t.Errorf("depth 4: %v", err)
	}
}

// FtM round trip through the database: dump the seeded graph as FollowTheMoney, empty the
// database, import the file: the same graph comes back, fact for fact. Importing the file
// a second time changes nothing.
func TestFtMRoundTripThroughAnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	s := storetest.Seeded(t)
	before, err := s.Dump(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "sahel.ftm.jsonl")
	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"dump", "-o", file}, &stdout, &stderr); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		stdout.Reset()
		if err := run(ctx, []string{"import", "ftm", "-chunk", "50", file}, &stdout, &stderr); err != nil {
			t.Fatalf("import: %v: %s %s", err, stdout.String(), stderr.String())
		}
		after, err := s.Dump(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("round %d: the graph differs after export and import:\nbefore %d facts, after %d\n%s", round, before.Size(), after.Size(), firstDifference(before, after))
		}
	}
	if !strings.Contains(stdout.String(), "wrote") {
		t.Errorf("the import should summarise: %q", stdout.String())
	}
}

func firstDifference(a, b *ag.Dataset) string {
	ja, _ := json.MarshalIndent(a, "", " ")
	jb, _ := json.MarshalIndent(b, "", " ")
	la, lb := strings.Split(string(ja), "\n"), strings.Split(string(jb), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: %s | %s", i, la[i], lb[i])
		}
	}
	return "one is longer"
}

// import acled loads a fixture with an alias file, reports bad rows with their lines, and
// importing again changes nothing.
func TestImportACLED(t *testing.T) {
	ctx := context.Background()
	s := storetest.Seeded(t)
	var stdout, stderr bytes.Buffer
	args := []string{"import", "acled", "-aliases", "../../acled/testdata/aliases.csv", "../../acled/testdata/current.csv"}
	if err := run(ctx, args, &stdout, &stderr); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	first, _ := s.Dump(ctx, nil)
	if err := run(ctx, args, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	second, _ := s.Dump(ctx, nil)
	if !reflect.DeepEqual(first, second) {
		t.Errorf("importing the same file again changed the graph: %s", firstDifference(first, second))
	}
	// The aliased ACLED name became a link to the seeded FAMa, not a new actor.
	rows, err := s.Query(ctx, `MATCH (:Actor {id: 'fama'})-[:PARTICIPATED_IN]->(e:Event) WHERE e.id STARTS WITH 'acled-' RETURN count(e) AS n`, nil)
	if err != nil || rows[0]["n"].(int64) == 0 {
		t.Errorf("FAMa should take part in the imported events: %v %v", rows, err)
	}
	stdout.Reset()
	if err := run(ctx, []string{"import", "acled", "../../acled/testdata/badrows.csv"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rows skipped", "skipped line 3: event_id_cnty is empty", "skipped line 5: latitude"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the summary should say %q:\n%s", want, stdout.String())
		}
	}
}
