package acled

import (
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

func open(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func fixtureAliases(t testing.TB) map[string]string {
	t.Helper()
	aliases, err := LoadAliases(open(t, "aliases.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return aliases
}

func readAll(t testing.TB, name string, opts Options) (*ag.Dataset, []RowError) {
	t.Helper()
	ds, errs, err := Read(open(t, name), opts)
	if err != nil {
		t.Fatal(err)
	}
	checkIDs(t, ds)
	return ds, errs
}

// checkIDs fails on any id that is not a valid slug and on any reference to an id the data
// set does not hold, other than the alias targets.
func checkIDs(t testing.TB, ds *ag.Dataset) {
	t.Helper()
	known := map[string]bool{"fama": true, "jnim": true, "wagner-group": true}
	for _, s := range ds.Sources {
		known[s.ID] = true
	}
	for _, a := range ds.Actors {
		known[a.ID] = true
	}
	check := func(what, id string) {
		if !ag.ValidID(id) {
			t.Errorf("%s id %q is not valid", what, id)
		}
		if !known[id] {
			t.Errorf("%s %q is referenced but not in the data set", what, id)
		}
	}
	for _, a := range ds.Actors {
		check("actor", a.ID)
		for _, s := range a.SourceIDs {
			check("source", s)
		}
		if !a.Kind.Valid() || a.Name == "" || len(a.SourceIDs) == 0 {
			t.Errorf("actor %+v lacks a kind, name or source", a)
		}
	}
	for _, e := range ds.Events {
		known[e.ID] = true
		check("event", e.ID)
		if len(e.SourceIDs) == 0 {
			t.Errorf("event %s cites no source", e.ID)
		}
		for _, s := range e.SourceIDs {
			check("source", s)
		}
	}
	for _, a := range ds.Allegations {
		known[a.ID] = true
		check("allegation", a.ID)
	}
	for _, p := range ds.Participations {
		check("event", p.EventID)
		check("actor", p.ActorID)
	}
	for _, p := range ds.Parties {
		check("allegation", p.AllegationID)
		check("actor", p.ActorID)
	}
}

func eventByID(ds *ag.Dataset, id string) *ag.Event {
	for i := range ds.Events {
		if ds.Events[i].ID == id {
			return &ds.Events[i]
		}
	}
	return nil
}

func actorByID(ds *ag.Dataset, id string) *ag.Actor {
	for i := range ds.Actors {
		if ds.Actors[i].ID == id {
			return &ds.Actors[i]
		}
	}
	return nil
}

// roles returns "actor:role" for each participant of an event, in order.
func roles(ds *ag.Dataset, eventID string) []string {
	var out []string
	for _, p := range ds.Participations {
		if p.EventID == eventID {
			out = append(out, p.ActorID+":"+p.Role)
		}
	}
	return out
}

func accused(ds *ag.Dataset, allegationID string) []string {
	var out []string
	for _, p := range ds.Parties {
		if p.AllegationID == allegationID {
			if p.Accuser {
				out = append(out, "ACCUSER:"+p.ActorID)
			} else {
				out = append(out, p.ActorID+":"+p.Role)
			}
		}
	}
	return out
}

func TestCurrentExportWithAliases(t *testing.T) {
	ds, errs := readAll(t, "current.csv", Options{Aliases: fixtureAliases(t), RetrievedAt: "2025-10-01"})
	if len(errs) != 0 {
		t.Fatalf("unexpected row errors: %v", errs)
	}
	if len(ds.Events) != 7 || len(ds.Sources) != 7 {
		t.Fatalf("want 7 events and 7 sources, got %d and %d", len(ds.Events), len(ds.Sources))
	}
	e := eventByID(ds, "acled-mli90001")
	if e == nil {
		t.Fatal("no event acled-mli90001")
	}
	if e.Type != "VIOLENCE_AGAINST_CIVILIANS" || e.Date != "2022-03-27" || e.Country != "MLI" ||
		e.Place != "Fixture Village A" || e.Admin1 != "Mopti" || e.Admin2 != "Djenne" || e.Admin3 != "Sofara" ||
		e.Latitude == nil || *e.Latitude != 13.9012 || e.Longitude == nil || *e.Longitude != -4.2101 ||
		e.Fatalities == nil || *e.Fatalities != 12 || !strings.HasPrefix(e.Description, "Fixture:") {
		t.Errorf("event mli90001 = %+v", e)
	}
	if !slices.Equal(e.SourceIDs, []string{"acled-mli90001-source"}) {
		t.Errorf("event cites %v", e.SourceIDs)
	}
	src := ds.Sources[0]
	if src.ID != "acled-mli90001-source" || src.Publisher != "ACLED" || src.URL != "" ||
		src.Quote != "Fixture Radio; Fixture Wire" || src.PublishedAt != "2022-04-15" || src.RetrievedAt != "2025-10-01" ||
		!strings.Contains(src.Title, "MLI90001") {
		t.Errorf("source = %+v", src)
	}
	if bfa := eventByID(ds, "acled-bfa90006"); bfa == nil || bfa.Fatalities != nil || bfa.Country != "BFA" {
		t.Errorf("bfa90006 should have no fatality figure and country BFA: %+v", bfa)
	}
	if e := eventByID(ds, "acled-mli90005"); e == nil || !strings.Contains(e.Title, "Protesters (Mali)") {
		t.Errorf("the protest keeps its crowd in the title: %+v", e)
	}

	// Aliased actors are referenced, never written; crowds are not actors.
	for _, id := range []string{"fama", "jnim", "wagner-group"} {
		if actorByID(ds, id) != nil {
			t.Errorf("aliased actor %s must not be written", id)
		}
	}
	for _, a := range ds.Actors {
		for _, w := range []string{"civilians", "protesters", "unidentified", "herders", "teachers"} {
			if strings.Contains(a.ID, w) {
				t.Errorf("crowd %s became an actor", a.ID)
			}
		}
	}
	if got := roles(ds, "acled-mli90001"); !slices.Equal(got, []string{"fama:actor1", "wagner-group:assoc_actor_1"}) {
		t.Errorf("mli90001 participants = %v", got)
	}
	if got := roles(ds, "acled-mli90002"); !slices.Equal(got, []string{"jnim:actor1", "fama:actor2"}) {
		t.Errorf("mli90002 participants = %v (a dated name must hit the bare alias)", got)
	}
	if got := roles(ds, "acled-mli90005"); len(got) != 0 {
		t.Errorf("a protest by crowds has no actors, got %v", got)
	}
	for id, kind := range map[string]ag.Kind{"acled-islamic-state-sahel": ag.KindArmedGroup,
		"acled-government-of-mali": ag.KindState, "acled-military-forces-of-russia": ag.KindArmedForce,
		"acled-fixture-self-defence-militia-burkina-faso": ag.KindArmedGroup} {
		if a := actorByID(ds, id); a == nil || a.Kind != kind {
			t.Errorf("actor %s = %+v, want kind %s", id, a, kind)
		}
	}
	if g := actorByID(ds, "acled-government-of-mali"); g == nil || g.Name != "Government of Mali" ||
		!slices.Equal(g.Aliases, []string{"Government of Mali (2021-)"}) {
		t.Errorf("government of mali = %+v", g)
	}

	// Violence against civilians with an identified perpetrator is an allegation; with an
	// unidentified one it is not.
	if len(ds.Allegations) != 2 {
		t.Fatalf("want 2 allegations (mli90001, mli90004), got %+v", ds.Allegations)
	}
	al := ds.Allegations[0]
	if al.ID != "acled-mli90001-allegation" || al.Status != "REPORTED" || al.PeriodStart != "2022-03-27" ||
		!slices.Equal(al.Categories, []ag.Category{"ATTACK_ON_CIVILIANS"}) ||
		!slices.Equal(al.SourceIDs, []string{"acled-mli90001-source"}) ||
		al.Title != "Attack against civilians at Fixture Village A (2022-03-27)" {
		t.Errorf("allegation = %+v", al)
	}
	if got := accused(ds, al.ID); !slices.Equal(got, []string{"fama:perpetrator", "wagner-group:associated with the perpetrator"}) {
		t.Errorf("accused = %v", got)
	}
	if got := accused(ds, "acled-mli90004-allegation"); len(got) != 2 ||
		!strings.HasPrefix(got[0], "fama:possible perpetrator") || !strings.HasPrefix(got[1], "wagner-group:possible perpetrator") {
		t.Errorf("and/or perpetrators = %v", got)
	}
	if len(ds.StatusChanges) != 2 || ds.StatusChanges[0].Status != "REPORTED" || ds.StatusChanges[0].Date != "2022-04-15" {
		t.Errorf("status changes = %+v", ds.StatusChanges)
	}
}

func TestDatedNamesAreOneActor(t *testing.T) {
	ds, _ := readAll(t, "current.csv", Options{})
	fama := actorByID(ds, "acled-military-forces-of-mali")
	if fama == nil {
		t.Fatal("no acled-military-forces-of-mali")
	}
	if fama.Name != "Military Forces of Mali" || fama.Kind != ag.KindArmedForce ||
		!slices.Equal(fama.Aliases, []string{"Military Forces of Mali (2021-)", "Military Forces of Mali (2013-2020)"}) ||
		!slices.Equal(fama.SourceIDs, []string{"acled-mli90001-source", "acled-mli90002-source"}) {
		t.Errorf("fama = %+v", fama)
	}
	jnim := actorByID(ds, "acled-jnim-group-for-support-of-islam-and-muslims")
	if jnim == nil || jnim.Kind != ag.KindArmedGroup || !slices.Equal(jnim.Aliases, []string{"JNIM"}) {
		t.Errorf("jnim = %+v", jnim)
	}
	if w := actorByID(ds, "acled-wagner-group"); w == nil || w.Kind != ag.KindParamilitary {
		t.Errorf("wagner = %+v, want PARAMILITARY although its side is coded State forces", w)
	}
	ids := map[string]int{}
	for _, a := range ds.Actors {
		ids[a.ID]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("actor %s written %d times in one chunk", id, n)
		}
	}
}

func TestOlderExport(t *testing.T) {
	ds, errs := readAll(t, "older-longdates.csv", Options{})
	if len(errs) != 0 {
		t.Fatalf("row errors: %v", errs)
	}
	e := eventByID(ds, "acled-mli90201")
	if e == nil || e.Date != "2019-02-22" || e.Country != "MLI" || e.Type != "VIOLENCE_AGAINST_CIVILIANS" {
		t.Errorf("mli90201 = %+v", e)
	}
	if e := eventByID(ds, "acled-mli90202"); e == nil || e.Date != "2019-03" {
		t.Errorf("time_precision 3 keeps the month only: %+v", e)
	}
	if e := eventByID(ds, "acled-ner90203"); e == nil || e.Country != "NER" || len(roles(ds, e.ID)) != 0 {
		t.Errorf("a riot by rioters has no actors: %+v %v", e, roles(ds, "acled-ner90203"))
	}
	if len(ds.Allegations) != 1 || ds.Allegations[0].Title != "Violence against civilians at Fixture Hamlet (2019-02-22)" {
		t.Errorf("allegations = %+v", ds.Allegations)
	}
	if a := actorByID(ds, "acled-fixture-dozo-militia-mali"); a == nil || a.Kind != ag.KindArmedGroup {
		t.Errorf("identity militia (inter 4) = %+v", a)
	}
}

// graph is a stand-in for the store's load semantics: nodes are merged on id and their
// properties replaced; an event's participants, an allegation's parties and status history
// are replaced by those of the data set that holds the event or allegation.
type graph struct {
	actors  map[string]ag.Actor
	events  map[string]ag.Event
	sources map[string]ag.Source
	allegs  map[string]ag.Allegation
	parts   map[string][]ag.Participation
	parties map[string][]ag.Party
	history map[string][]ag.StatusChange
}

func newGraph() *graph {
	return &graph{map[string]ag.Actor{}, map[string]ag.Event{}, map[string]ag.Source{},
		map[string]ag.Allegation{}, map[string][]ag.Participation{}, map[string][]ag.Party{},
		map[string][]ag.StatusChange{}}
}

func (g *graph) load(t testing.TB, ds *ag.Dataset) {
	t.Helper()
	for _, s := range ds.Sources {
		g.sources[s.ID] = s
	}
	for _, a := range ds.Actors {
		g.actors[a.ID] = a
	}
	has := func(id string) bool {
		_, ok := g.actors[id]
		return ok || id == "fama" || id == "jnim" || id == "wagner-group"
	}
	parts := map[string][]ag.Participation{}
	for _, p := range ds.Participations {
		if !has(p.ActorID) {
			t.Errorf("participation references actor %s before it was written", p.ActorID)
		}
		parts[p.EventID] = append(parts[p.EventID], p)
	}
	for _, e := range ds.Events {
		g.events[e.ID] = e
		g.parts[e.ID] = parts[e.ID]
		for _, s := range e.SourceIDs {
			if _, ok := g.sources[s]; !ok {
				t.Errorf("event %s cites source %s before it was written", e.ID, s)
			}
		}
	}
	parties, history := map[string][]ag.Party{}, map[string][]ag.StatusChange{}
	for _, p := range ds.Parties {
		if !has(p.ActorID) {
			t.Errorf("party references actor %s before it was written", p.ActorID)
		}
		parties[p.AllegationID] = append(parties[p.AllegationID], p)
	}
	for _, sc := range ds.StatusChanges {
		history[sc.AllegationID] = append(history[sc.AllegationID], sc)
	}
	for _, a := range ds.Allegations {
		g.allegs[a.ID] = a
		g.parties[a.ID] = parties[a.ID]
		g.history[a.ID] = history[a.ID]
	}
}

func loadChunks(t *testing.T, name string, opts Options) (*graph, []RowError, int) {
	t.Helper()
	r, err := NewReader(open(t, name), opts)
	if err != nil {
		t.Fatal(err)
	}
	g := newGraph()
	var errs []RowError
	chunks := 0
	for {
		ds, rowErrs, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if opts.ChunkSize > 0 && len(ds.Events) > opts.ChunkSize {
			t.Errorf("chunk of %d events, limit %d", len(ds.Events), opts.ChunkSize)
		}
		chunks++
		errs = append(errs, rowErrs...)
		g.load(t, ds)
	}
	return g, errs, chunks
}

func TestMonadicExportInChunks(t *testing.T) {
	whole := newGraph()
	ds, errs := readAll(t, "monadic-shortdates.csv", Options{})
	if len(errs) != 0 {
		t.Fatalf("row errors: %v", errs)
	}
	whole.load(t, ds)

	for _, size := range []int{1, 2, 3} {
		g, errs, chunks := loadChunks(t, "monadic-shortdates.csv", Options{ChunkSize: size})
		if len(errs) != 0 {
			t.Fatalf("row errors: %v", errs)
		}
		if chunks < 4/size {
			t.Errorf("chunk size %d gave only %d chunks", size, chunks)
		}
		if !reflect.DeepEqual(g, whole) {
			t.Errorf("chunk size %d: loading chunk by chunk differs from loading the whole file:\n%+v\nvs\n%+v", size, g, whole)
		}
	}

	if got := whole.parts["acled-ner90301"]; len(got) != 1 || got[0].ActorID != "acled-islamic-state-greater-sahara" || got[0].Role != "actor" {
		t.Errorf("ner90301 participants = %+v (the civilians' row adds none)", got)
	}
	if got := whole.parts["acled-ner90302"]; len(got) != 2 {
		t.Errorf("ner90302 must gather the actors of its two rows, got %+v", got)
	}
	al, ok := whole.allegs["acled-ner90301-allegation"]
	if !ok || len(whole.parties[al.ID]) != 1 || whole.parties[al.ID][0].ActorID != "acled-islamic-state-greater-sahara" {
		t.Errorf("the perpetrator's row, met after the civilians' row, makes the allegation: %+v %+v", al, whole.parties[al.ID])
	}
	if len(whole.allegs) != 1 {
		t.Errorf("want one allegation, got %d", len(whole.allegs))
	}
	niger := whole.actors["acled-military-forces-of-niger"]
	if !slices.Equal(niger.Aliases, []string{"Military Forces of Niger (2021-)", "Military Forces of Niger (2011-2021)"}) {
		t.Errorf("a later dated name must re-write the actor with all its names: %+v", niger)
	}
	if e := whole.events["acled-ner90301"]; e.Date != "2021-02-16" {
		t.Errorf("16-Feb-21 = %q", e.Date)
	}
}

func TestReimportChangesNothing(t *testing.T) {
	for _, name := range []string{"current.csv", "older-longdates.csv", "monadic-shortdates.csv", "quoted.csv", "badrows.csv"} {
		first, _ := readAll(t, name, Options{})
		again, _ := readAll(t, name, Options{})
		if !reflect.DeepEqual(first, again) {
			t.Errorf("%s: two reads differ", name)
		}
		g, _, _ := loadChunks(t, name, Options{ChunkSize: 2})
		before := newGraph()
		before.load(t, first)
		g.load(t, first)
		if !reflect.DeepEqual(g, before) {
			t.Errorf("%s: loading the file again changed the graph", name)
		}
	}
}

func TestQuotedFields(t *testing.T) {
	ds, errs := readAll(t, "quoted.csv", Options{})
	e := eventByID(ds, "acled-mli90101")
	if e == nil {
		t.Fatal("no acled-mli90101")
	}
	if want := "Fixture: a note with a comma, a \"quoted\" word,\nand a second line\nand a third."; e.Description != want {
		t.Errorf("notes = %q, want %q", e.Description, want)
	}
	if e.Place != "Fixture Town, North" {
		t.Errorf("location = %q", e.Place)
	}
	if ds.Sources[0].Quote != `Fixture Daily, Evening Edition; "Fixture" Wire` {
		t.Errorf("source quote = %q", ds.Sources[0].Quote)
	}
	// The first row spans lines 2-4, so the bad latitude of the next row is on line 5.
	if len(errs) != 1 || errs[0].Line != 5 || !strings.Contains(errs[0].Reason, "latitude") {
		t.Errorf("errors = %v, want line 5: latitude", errs)
	}
	if a := actorByID(ds, "acled-fixture-kel-militia"); a == nil || a.Name != `Fixture "Kel" Militia` {
		t.Errorf("quoted actor name = %+v", a)
	}
	if e := eventByID(ds, "acled-mli90103"); e == nil || e.Description != `Fixture: "fully quoted"` {
		t.Errorf("mli90103 = %+v", e)
	}
}

func TestBadRowsAreReportedAndSkipped(t *testing.T) {
	ds, errs := readAll(t, "badrows.csv", Options{})
	want := map[int]string{3: "event_id_cnty is empty", 4: `"31 Febtember 2019" is not a date`,
		5: "latitude", 6: "longitude", 7: "fatalities", 8: "fields", 9: "event_type is empty",
		10: "already on line 2", 13: "bare", 14: "actor1 is empty", 15: `"2022-02-30" is not a date`,
		17: "quote"}
	got := map[int]string{}
	for _, e := range errs {
		got[e.Line] = e.Reason
	}
	for line, reason := range want {
		if !strings.Contains(got[line], reason) {
			t.Errorf("line %d: got %q, want it to say %q", line, got[line], reason)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d: %v", len(errs), len(want), errs)
	}
	var ids []string
	for _, e := range ds.Events {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"acled-mli90401", "acled-mli90410", "acled-mli90414"}) {
		t.Errorf("good rows = %v", ids)
	}
	if e := eventByID(ds, "acled-mli90410"); e == nil || e.Description != "Fixture: good row\nspanning two lines" {
		t.Errorf("mli90410 = %+v", e)
	}
}

func TestStatsCount(t *testing.T) {
	r, err := NewReader(open(t, "badrows.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, _, err := r.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if s := r.Stats(); s.Rows != 15 || s.Skipped != 12 || s.Events != 3 || s.Actors != 2 {
		t.Errorf("stats = %+v", s)
	}
}

func TestBadHeaderIsAWholeFileError(t *testing.T) {
	_, _, err := Read(open(t, "badheader.csv"), Options{})
	var e *ag.Error
	if !errors.As(err, &e) || e.Code != ag.InvalidInput || e.Field != "header" ||
		!strings.Contains(e.Message, "event_id_cnty") || !strings.Contains(e.Message, "actor1") {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := Read(strings.NewReader(""), Options{}); ag.ErrorCode(err) != ag.InvalidInput {
		t.Errorf("empty file: err = %v", err)
	}
	if _, err := NewReader(open(t, "current.csv"), Options{Aliases: map[string]string{"X": "Not An Id"}}); ag.ErrorCode(err) != ag.InvalidInput {
		t.Errorf("bad alias id: err = %v", err)
	}
}

func TestHeaderOnlyFileIsEmpty(t *testing.T) {
	ds, errs, err := Read(strings.NewReader("event_id_cnty,event_date,event_type,actor1\n"), Options{})
	if err != nil || len(errs) != 0 || len(ds.Events) != 0 {
		t.Errorf("got %v %v %v", ds, errs, err)
	}
}

func TestColumnsByNameNotPosition(t *testing.T) {
	in := "Actor1,notes,EVENT_TYPE,extra,event_date,event_id_cnty\n" +
		"Fixture Front,\"Fixture: shuffled columns\",Battles,x,2020-01-02,XYZ1\n"
	ds, errs, err := Read(strings.NewReader(in), Options{})
	if err != nil || len(errs) != 0 {
		t.Fatal(err, errs)
	}
	if len(ds.Events) != 1 || ds.Events[0].ID != "acled-xyz1" || ds.Events[0].Date != "2020-01-02" ||
		ds.Events[0].Description != "Fixture: shuffled columns" || roles(ds, "acled-xyz1")[0] != "acled-fixture-front:actor" {
		t.Errorf("got %+v %v", ds.Events, ds.Participations)
	}
}

func TestLoadAliases(t *testing.T) {
	aliases := fixtureAliases(t)
	if aliases["military forces of mali"] != "fama" || len(aliases) != 3 {
		t.Errorf("aliases = %v", aliases)
	}
	for in, want := range map[string]string{
		"":                                "empty",
		"name,id\nA,b\n":                  "header",
		"acled_name,actor_id\nA,Bad Id\n": "line 2",
		"acled_name,actor_id\n# c\nA,a\nB\nA,b\n": "line 4: want 2 fields",
	} {
		_, err := LoadAliases(strings.NewReader(in))
		if ag.ErrorCode(err) != ag.InvalidInput || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadAliases(%q) = %v, want an error saying %q", in, err, want)
		}
	}
	_, err := LoadAliases(strings.NewReader("acled_name,actor_id\nA,a\nA,b\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "already mapped") {
		t.Errorf("a name mapped twice: %v", err)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]ag.Date{"2019-02-22": "2019-02-22", "22 February 2019": "2019-02-22",
		"3 March 2019": "2019-03-03", "16-Feb-21": "2021-02-16", "01-Mar-97": "1997-03-01",
		"2019-02-22T00:00:00": "2019-02-22", " 22  february 2019 ": "2019-02-22"} {
		if got, err := parseDate(in); err != nil || got != want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2019", "2019-13-01", "30 February 2019", "yesterday", "16/02/21"} {
		if got, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) = %q, want an error", in, got)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{"Military Forces of Mali (2021-)": "Military Forces of Mali",
		"Military Forces of Mali (2013-2020)": "Military Forces of Mali", "Civilians (Mali)": "Civilians (Mali)",
		"Police Forces of Niger (2023- )": "Police Forces of Niger", "Wagner Group": "Wagner Group"} {
		if got := baseName(in); got != want {
			t.Errorf("baseName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := splitNames("A and/or B; C ;; D"); !slices.Equal(got, []string{"A", "B", "C", "D"}) {
		t.Errorf("splitNames = %q", got)
	}
	for in, want := range map[string]string{"Forces Armées Maliennes": "acled-forces-armees-maliennes",
		"Ansar Dine": "acled-ansar-dine", "  --Katiba  Macina-- ": "acled-katiba-macina"} {
		if got := actorID(in); got != want {
			t.Errorf("actorID(%q) = %q, want %q", in, got, want)
		}
	}
	if id := actorID("جماعة نصرة الإسلام والمسلمين"); !ag.ValidID(id) || id != actorID("جماعة نصرة الإسلام والمسلمين") {
		t.Errorf("a name without Latin letters needs a stable valid id, got %q", id)
	}
	long := actorID(strings.Repeat("Very Long Name ", 40))
	if !ag.ValidID(long) || !ag.ValidID(long+"-allegation") {
		t.Errorf("long id %q is not valid", long)
	}
	for in, want := range map[string]int{"1": 1, "7": 7, "State forces": 1, "Political militia": 3,
		"Identity militias": 4, "External/Other forces": 8, "Civilians": 7, "": 0, "9": 0} {
		if got := parseInter(in); got != want {
			t.Errorf("parseInter(%q) = %d, want %d", in, got, want)
		}
	}
	if got := countryOf("", "466.0"); got != "MLI" {
		t.Errorf("countryOf numeric = %q", got)
	}
	if got := countryOf("zzz", "999"); got != "" {
		t.Errorf("unknown codes give %q", got)
	}
}
