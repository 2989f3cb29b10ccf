package seed

import (
	"strings"
	"testing"
	"testing/fstest"

	ag "github.com/actorgraph/actorgraph"
)

// TestSahelIsValid reads the embedded Sahel data set: it must parse strictly, reference only
// ids it defines, cite a source for every fact and hold the actors the article names.
func TestSahelIsValid(t *testing.T) {
	ds, err := Sahel()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range ds.Actors {
		ids[a.ID] = true
	}
	for _, want := range []string{"mali", "niger", "burkina-faso", "russia", "hungary",
		"icc", "ecowas", "aes", "africa-corps", "wagner-group", "human-rights-watch",
		"imouhagh-international", "kel-akal", "azawad-solidarity-association", "vladimir-putin"} {
		if !ids[want] {
			t.Errorf("the seed has no actor %q", want)
		}
	}
	if len(ds.Allegations) < 5 || len(ds.Relationships) < 20 || len(ds.Events) < 10 || len(ds.Disputes) < 5 {
		t.Errorf("seed too thin: %d allegations, %d relationships, %d events, %d disputes",
			len(ds.Allegations), len(ds.Relationships), len(ds.Events), len(ds.Disputes))
	}
}

func TestReadReportsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte(`
sources:
  - id: s1
    url: https://example.org/a
actors:
  - id: a
    kind: STATE
    name: A
  - id: b
    kind: PLANET
    name: ""
    sources: [s1]
relationships:
  - id: r
    type: MEMBER_OF
    from: a
    to: nobody
    since: 2025-02-30
    until: 2020
    sources: [s1]
`)}}
	_, err := Read(fsys)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"actors[0] a: cites no source", `kind "PLANET"`, "name is empty",
		`"nobody" is not the id of a actor`, `"2025-02-30" is not a date`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestReadRejectsUnknownKeys(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("actors:\n  - id: a\n    kind: STATE\n    name: A\n    nmae: typo\n")}}
	if _, err := Read(fsys); err == nil || !strings.Contains(err.Error(), "nmae") {
		t.Fatalf("want an unknown-field error naming nmae, got %v", err)
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{"mali": true, "cnsp-niger": true, "a1": true,
		"": false, "Mali": false, "-a": false, "a-": false, "a--b": false, "a b": false, "é": false} {
		if got := ag.ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
}
