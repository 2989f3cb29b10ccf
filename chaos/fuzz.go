package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// fuzzTest runs schemathesis (GraphQL mode, from the project's .venv) against the server:
// property-based queries and mutations built from the schema, as an editor and, for the
// admin's mutations, as an admin. Schemathesis records every exchange (HAR); each must be
// an answer under 500 whose errors carry a code other than INTERNAL, and the server must
// stay up. (Schemathesis's own not_a_server_error counts every GraphQL error as a server
// failure, INVALID_INPUT included, so it is left out and the HAR is judged here.)
func fuzzTest(ctx context.Context, e *env, o *options, rep *report) error {
	sec := rep.section("schemathesis: property-based GraphQL")
	st := filepath.Join(e.root, ".venv", "bin", "schemathesis")
	if _, err := os.Stat(st); err != nil {
		return fmt.Errorf("%s is missing: run `make pydeps` (requirements.txt pins schemathesis)", st)
	}
	srv, err := e.startServer(ctx, "fuzz")
	if err != nil {
		return err
	}
	defer srv.kill()
	seed := o.stSeed
	if seed == "" {
		seed = fmt.Sprint(time.Now().UnixNano() % 1000000000)
	}
	type pass struct {
		who, token, filter string
		examples           int
	}
	passes := []pass{
		{"editor", e.tokens["editor"], "", o.maxExamples},
		{"admin", e.tokens["admin"], `^Mutation\.(mergeActors|undoMerge|delete|restore)$`, o.maxExamples},
	}
	total := 0
	for _, p := range passes {
		har := filepath.Join(e.work, "schemathesis-"+p.who+".har")
		args := []string{"run", e.base() + "/graphql", "--max-examples", fmt.Sprint(p.examples), "--seed", seed,
			"-H", "Authorization: Bearer " + p.token, "--checks", "response_schema_conformance",
			"--request-timeout", "30", "--report", "har", "--report-har-path", har, "--no-color", "--suppress-health-check", "all"}
		if p.filter != "" {
			args = append(args, "--include-name-regex", p.filter)
		}
		cmd := exec.CommandContext(ctx, st, args...)
		cmd.Dir = e.work // .hypothesis and reports stay in the run's directory
		t0 := time.Now()
		out, runErr := cmd.CombinedOutput()
		os.WriteFile(filepath.Join(e.work, "schemathesis-"+p.who+".out"), out, 0o600)
		text := string(out)
		if strings.Contains(text, p.token) {
			sec.fail("schemathesis printed the %s token", p.who)
		}
		generated := ""
		if m := regexp.MustCompile(`(\d+) generated`).FindStringSubmatch(text); m != nil {
			generated = m[1]
		}
		h, err := judgeHAR(har)
		if err != nil {
			sec.fail("as %s: schemathesis left no report (%v); its output ends:\n%s", p.who, runErr, tail(text, 1500))
			continue
		}
		total += h.n
		sec.fig("as "+p.who, "%s test cases generated, %d requests sent in %.0f s (seed %s, %d examples per operation); HTTP %s; errors %s",
			generated, h.n, time.Since(t0).Seconds(), seed, p.examples, h.statuses, h.codes)
		for _, f := range first(h.bad, 5) {
			sec.fail("as %s: %s", p.who, f)
		}
		if len(h.bad) > 5 {
			sec.fail("as %s: %d more like these", p.who, len(h.bad)-5)
		}
		if runErr != nil {
			// Only response_schema_conformance is asked for: a failure is a response that
			// contradicts the schema.
			sec.fail("as %s: schemathesis reports failures (%v); its summary:\n%s", p.who, runErr, tail(text, 2500))
		}
		if !srv.alive() {
			sec.fail("the server died under schemathesis: %s", tailFile(srv.log, 1000))
			return nil
		}
	}
	sec.fig("schemathesis examples tried", "%d requests in all", total)
	code, _, err := srv.stop(30 * time.Second)
	if err != nil || code != 0 {
		sec.fail("the server exited %d after SIGTERM (%v)", code, err)
	}
	return nil
}

type harVerdict struct {
	n        int
	statuses tally
	codes    tally
	bad      []string
}

// judgeHAR reads schemathesis's HAR: every answer must be under 500, JSON, and its errors
// coded, none INTERNAL.
func judgeHAR(path string) (harVerdict, error) {
	v := harVerdict{statuses: tally{}, codes: tally{}}
	b, err := os.ReadFile(path)
	if err != nil {
		return v, err
	}
	var har struct {
		Log struct {
			Entries []struct {
				Request struct {
					PostData struct {
						Text string `json:"text"`
					} `json:"postData"`
				} `json:"request"`
				Response struct {
					Status  int `json:"status"`
					Content struct {
						Text string `json:"text"`
					} `json:"content"`
				} `json:"response"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(b, &har); err != nil {
		return v, err
	}
	for _, en := range har.Log.Entries {
		v.n++
		st := en.Response.Status
		v.statuses[fmt.Sprint(st)]++
		req := tail(strings.Join(strings.Fields(en.Request.PostData.Text), " "), 300)
		var body struct {
			Data   any        `json:"data"`
			Errors []gqlError `json:"errors"`
		}
		if st >= 500 || st == 0 {
			v.bad = append(v.bad, fmt.Sprintf("HTTP %d for %s", st, req))
			continue
		}
		if err := json.Unmarshal([]byte(en.Response.Content.Text), &body); err != nil {
			v.bad = append(v.bad, fmt.Sprintf("HTTP %d, not JSON (%s), for %s", st, tail(en.Response.Content.Text, 100), req))
			continue
		}
		if len(body.Errors) == 0 {
			v.codes["none"]++
		}
		for _, ge := range body.Errors {
			code, _ := ge.Extensions["code"].(string)
			if code == "" {
				code = "UNCODED"
			}
			v.codes[code]++
			if code == "UNCODED" || code == "INTERNAL" {
				v.bad = append(v.bad, fmt.Sprintf("HTTP %d error %q (code %q) for %s", st, ge.Message, code, req))
			}
		}
	}
	return v, nil
}
