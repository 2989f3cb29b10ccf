package ftm

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

// FuzzFTM feeds arbitrary bytes to Read. Whatever the input, it must not panic, every id it
// returns must be valid, every reported line must be a line of the input, and what it
// returns must survive Write and Read unchanged. The committed corpus in
// testdata/fuzz/FuzzFTM holds small files of each shape; the fixture and an export of the
// hand-made data set are added here too. Fuzz with -tags=fastfuzz (see sahel_test.go):
//
//	go test -tags=fastfuzz -run='^$' -fuzz=FuzzFTM -fuzztime=100000x -fuzzminimizetime=50x ./ftm/
func FuzzFTM(f *testing.F) {
	data, err := os.ReadFile("testdata/foreign.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	var buf bytes.Buffer
	if err := Write(&buf, everything()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"id":"a","schema":"Person","properties":{"name":["A"],"alias":"B"}}` + "\n" +
		`{"id":"m","schema":"Membership","properties":{"member":["a"],"organization":["x"],"startDate":["2020-01-02T00:00"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		ds, rep, err := Read(bytes.NewReader(data), Options{MaxLineBytes: 4096})
		if err != nil {
			t.Fatal(err)
		}
		for _, list := range [][]LineError{rep.Rejected, rep.Warnings} {
			for _, e := range list {
				if e.Line < 1 || e.Line > lines {
					t.Errorf("line %d of a %d-line input: %v", e.Line, lines, e)
				}
			}
		}
		valid := func(what, id string) {
			if !ag.ValidID(id) {
				t.Errorf("%s id %q is not valid", what, id)
			}
		}
		for _, s := range ds.Sources {
			valid("source", s.ID)
		}
		for _, a := range ds.Actors {
			valid("actor", a.ID)
			if !a.Kind.Valid() {
				t.Errorf("actor %s has kind %q", a.ID, a.Kind)
			}
		}
		for _, r := range ds.Relationships {
			valid("relationship", r.ID)
			valid("relationship end", r.FromID)
			valid("relationship end", r.ToID)
			if r.Until.Before(r.Since) {
				t.Errorf("relationship %s ends before it starts", r.ID)
			}
		}
		for _, e := range ds.Events {
			valid("event", e.ID)
		}
		for _, a := range ds.Allegations {
			valid("allegation", a.ID)
		}
		for _, p := range ds.Participations {
			valid("participant", p.ActorID)
		}
		for _, p := range ds.Parties {
			valid("party", p.ActorID)
		}
		var out bytes.Buffer
		if err := Write(&out, ds); err != nil {
			return // ids that FtM cannot hold apart (a source and an actor both "x")
		}
		back, _, err := Read(&out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if want, got := normalise(ds), normalise(back); !reflect.DeepEqual(want, got) {
			t.Errorf("Write then Read changed the data set:\n%+v\n%+v", want, got)
		}
	})
}
