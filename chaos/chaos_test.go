package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The tool's own logic, without a database or a server: these run in `go test ./...`.

func TestExternalSources(t *testing.T) {
	for csp, want := range map[string]int{
		"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:": 0,
		"default-src 'none'; script-src 'sha256-abc='; connect-src 'self'":           0,
		"default-src 'self'; script-src 'self' https://cdn.example.org":              1,
		"default-src *": 1,
		"default-src 'self' https:; img-src http://x.example": 2,
		"script-src 'self'": 1, // no default-src
		"default-src 'self'; report-uri https://r.example": 0,
	} {
		if got := externalSources(csp); len(got) != want {
			t.Errorf("%q: got %v, want %d findings", csp, got, want)
		}
	}
}

func TestSetMakesNestedElements(t *testing.T) {
	args := map[string]any{"input": map[string]any{"id": "a", "accused": []map[string]any{{"actorId": "x"}}}}
	elems := map[string]map[string]any{"accusers": {"actorId": "ngo"}}
	if err := set(args, []string{"input", "accusers", "role"}, "P", elems); err != nil {
		t.Fatal(err)
	}
	if err := set(args, []string{"input", "accused", "role"}, "Q", elems); err != nil {
		t.Fatal(err)
	}
	in := args["input"].(map[string]any)
	if got := in["accusers"].([]map[string]any)[0]; got["actorId"] != "ngo" || got["role"] != "P" {
		t.Errorf("accusers = %v", got)
	}
	if got := in["accused"].([]map[string]any)[0]; got["actorId"] != "x" || got["role"] != "Q" {
		t.Errorf("accused = %v", got)
	}
	if elems["accusers"]["role"] != nil {
		t.Error("the element template was changed")
	}
	if err := set(args, []string{"input", "courts", "reference"}, "R", elems); err == nil {
		t.Error("a list without a template: want an error")
	}
}

func TestStringTargets(t *testing.T) {
	str := typeRef{Kind: "SCALAR", Name: "String"}
	id := typeRef{Kind: "NON_NULL", OfType: &typeRef{Kind: "SCALAR", Name: "ID"}}
	ids := typeRef{Kind: "LIST", OfType: &id}
	party := typeRef{Kind: "LIST", OfType: &typeRef{Kind: "NON_NULL", OfType: &typeRef{Kind: "INPUT_OBJECT", Name: "PartyInput"}}}
	s := &schemaInfo{
		mutations: map[string][]inputValue{
			"createX": {{Name: "input", Type: typeRef{Kind: "NON_NULL", OfType: &typeRef{Kind: "INPUT_OBJECT", Name: "XInput"}}}},
			"delete":  {{Name: "id", Type: id}, {Name: "reason", Type: str}},
		},
		inputs: map[string][]inputValue{
			"XInput": {{Name: "id", Type: id}, {Name: "name", Type: str}, {Name: "sourceIds", Type: ids}, {Name: "accused", Type: party},
				{Name: "count", Type: typeRef{Kind: "SCALAR", Name: "Int"}}},
			"PartyInput": {{Name: "actorId", Type: id}, {Name: "role", Type: str}},
		},
	}
	var got []string
	for _, tg := range s.stringTargets() {
		got = append(got, tg.String())
	}
	want := []string{"createX(input.id)", "createX(input.name)", "createX(input.sourceIds)", "createX(input.accused.actorId)",
		"createX(input.accused.role)", "delete(id)", "delete(reason)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("targets = %v\nwant %v", got, want)
	}
	if got := mutationText("delete", s.mutations["delete"]); got != "mutation Inject($id: ID!, $reason: String) { delete(id: $id, reason: $reason) { changes { seq subjectId } } }" {
		t.Errorf("mutationText = %s", got)
	}
}

func TestTemplatesCoverTheSchema(t *testing.T) {
	// Every mutation of schema/mutations.graphqls has an injection template: a new mutation
	// without one fails here, not only in `make chaos`.
	b, err := os.ReadFile(filepath.Join("..", "schema", "mutations.graphqls"))
	if err != nil {
		t.Fatalf("the schema should be beside chaos/: %v", err)
	}
	body := string(b)
	body = body[strings.Index(body, "type Mutation {"):]
	body = body[:strings.Index(body, "\n}\n")]
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		name, _, ok := strings.Cut(line, "(")
		if !ok || strings.ContainsAny(name, " \"") {
			continue
		}
		if _, ok := templates[name]; !ok {
			t.Errorf("mutation %s has no template in inject.go", name)
		}
	}
}

func TestJudgeHAR(t *testing.T) {
	har := `{"log":{"entries":[
	 {"request":{"postData":{"text":"{\"query\":\"{ a }\"}"}},"response":{"status":200,"content":{"text":"{\"data\":{\"a\":1}}"}}},
	 {"request":{"postData":{"text":"q2"}},"response":{"status":200,"content":{"text":"{\"errors\":[{\"message\":\"bad\",\"extensions\":{\"code\":\"INVALID_INPUT\"}}]}"}}},
	 {"request":{"postData":{"text":"q3"}},"response":{"status":200,"content":{"text":"{\"errors\":[{\"message\":\"internal error\",\"extensions\":{\"code\":\"INTERNAL\"}}]}"}}},
	 {"request":{"postData":{"text":"q4"}},"response":{"status":502,"content":{"text":"bad gateway"}}}]}}`
	p := filepath.Join(t.TempDir(), "x.har")
	os.WriteFile(p, []byte(har), 0o600)
	v, err := judgeHAR(p)
	if err != nil {
		t.Fatal(err)
	}
	if v.n != 4 || len(v.bad) != 2 || v.codes["INVALID_INPUT"] != 1 || v.statuses["502"] != 1 {
		t.Errorf("verdict = %+v", v)
	}
}

func TestSummariseWindows(t *testing.T) {
	t0 := time.Now()
	s := []sample{
		{Kind: "write", Start: t0, Latency: time.Second, Code: ""},
		{Kind: "read", Start: t0.Add(2 * time.Second), Latency: 6 * time.Second, Code: "UNAVAILABLE"},
		{Kind: "read", Start: t0.Add(3 * time.Second), Latency: time.Second, Code: "INTERNAL", Detail: "x"},
		{Kind: "read", Start: t0.Add(9 * time.Second), Latency: time.Second, Code: ""},
	}
	w := summarise(s, t0.Add(time.Second), t0.Add(5*time.Second), 5*time.Second)
	if w.n != 2 || w.byCode["UNAVAILABLE"] != 1 || len(w.slow) != 1 || len(w.odd) != 1 || w.maxLatency != 6*time.Second {
		t.Errorf("window = %+v", w)
	}
	if got := (tally{"": 2, "UNAVAILABLE": 1}).String(); got != "ok 2, UNAVAILABLE 1" {
		t.Errorf("tally = %q", got)
	}
}

func TestBackoff(t *testing.T) {
	b := backoff{base: 10 * time.Millisecond}
	if d := b.next(""); d != 10*time.Millisecond {
		t.Errorf("after success: %s", d)
	}
	var last time.Duration
	for i := 0; i < 8; i++ {
		last = b.next("UNAVAILABLE")
	}
	if last < 2*time.Second || last > 3*time.Second {
		t.Errorf("capped backoff = %s", last)
	}
	if d := b.next("FORBIDDEN"); d != 10*time.Millisecond {
		t.Errorf("after an answer: %s", d)
	}
}

func TestHolds(t *testing.T) {
	v := []any{map[string]any{"a": "x", "b": []any{"y", "nul\x00byte"}}, nil, "z"}
	for _, s := range []string{"x", "nul\x00byte", "z"} {
		if !holds(v, s) {
			t.Errorf("%q not found", s)
		}
	}
	if holds(v, "nul") {
		t.Error("a prefix matched")
	}
}
