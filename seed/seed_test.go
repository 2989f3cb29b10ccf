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
    name: B
    sources: [s1]
  - id: c
    kind: NGO
    name: " "
    sources: [s1]
  - {id: p1, kind: PERSON, name: P1, sources: [s1]}
  - {id: p2, kind: PERSON, name: P2, sources: [s1]}
relationships:
  - id: r
    type: MEMBER_OF
    from: a
    to: nobody
    since: 2025-02-30
    until: 2020
    sources: [s1]
  - {id: r2, type: MEMBER_OF, from: p1, to: p2, since: "2021", until: "2020", sources: [s1]}
`)}}
	_, err := Read(fsys)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"actors[0] a: give at least one source", `"PLANET" is not an actor kind`,
		"actors[2] c: name must not be empty", "relationships[1] r2: until 2020 is before since 2021",
		"relationships[1] r2: a PERSON cannot be MEMBER_OF a PERSON",
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
