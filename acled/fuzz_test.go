package acled

import (
	"bytes"
	"io"
	"os"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

// FuzzACLED feeds arbitrary bytes to the reader. Whatever the input, it must not panic or
// loop, every id it returns must be valid, every chunk must respect the chunk size, and every
// reported line must be a line of the input. The committed corpus in testdata/fuzz/FuzzACLED
// holds small exports of each shape; the fixtures are added here too.
func FuzzACLED(f *testing.F) {
	for _, name := range []string{"current.csv", "older-longdates.csv", "monadic-shortdates.csv", "quoted.csv", "badrows.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("event_id_cnty,event_date,event_type,actor1,assoc_actor_1,inter1\nA-1,16-Feb-21,Battles,X and/or Y,Z; W,2\n"))
	f.Add([]byte("\ufeffevent_id_cnty,event_date,event_type,actor1,actor2\n\"é\",2020-01-01,Riots,\"a\nb\",\"\"\"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		r, err := NewReader(bytes.NewReader(data), Options{ChunkSize: 3, Aliases: map[string]string{"Fixture Alias": "fama"}})
		if err != nil {
			if ag.ErrorCode(err) != ag.InvalidInput {
				t.Fatalf("a bad header must be INVALID_INPUT, got %v", err)
			}
			return
		}
		for calls := 0; ; calls++ {
			if calls > lines+1 {
				t.Fatalf("more chunks (%d) than lines (%d)", calls, lines)
			}
			ds, errs, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range errs {
				if e.Line < 1 || e.Line > lines {
					t.Errorf("row error on line %d of a %d-line input: %v", e.Line, lines, e)
				}
			}
			if len(ds.Events) > 3 {
				t.Errorf("chunk of %d events, limit 3", len(ds.Events))
			}
			valid := func(what, id string) {
				if !ag.ValidID(id) {
					t.Errorf("%s id %q is not valid", what, id)
				}
			}
			for _, e := range ds.Events {
				valid("event", e.ID)
				if len(e.SourceIDs) == 0 {
					t.Errorf("event %s cites no source", e.ID)
				}
			}
			for _, a := range ds.Actors {
				valid("actor", a.ID)
				if !a.Kind.Valid() {
					t.Errorf("actor %s has kind %q", a.ID, a.Kind)
				}
			}
			for _, s := range ds.Sources {
				valid("source", s.ID)
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
		}
	})
}
