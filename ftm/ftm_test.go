package ftm

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

func ptr[T any](v T) *T { return &v }

// everything is a hand-made Dataset that uses every part of the model: every kind, every
// relationship type, every field, zero fatalities (a figure, not nil), a country without an
// alpha-2 code, a membership of a person (outside FtM's Membership range), an ordered status
// history, lodgings, participations and disputes with claims.
func everything() *ag.Dataset {
	ds := &ag.Dataset{
		Sources: []ag.Source{
			{ID: "src-a", URL: "https://example.org/a", Title: "Report A", Publisher: "Example Wire",
				PublishedAt: "2025-06-15", RetrievedAt: "2025-10-01", Quote: "They said \"no\".\nTwice.",
				Reliability: "B", Credibility: 2},
			{ID: "src-b", Title: "Fact table row 7", PublishedAt: "2024"},
			{ID: "src-c", URL: "https://example.org/secret", Title: "Witness statement", Confidential: true,
				Reliability: "F", Credibility: 6, PublishedAt: "2023-02"},
		},
		Relationships: []ag.Relationship{
			{ID: "r-member", Type: ag.MemberOf, FromID: "state-a", ToID: "bloc", Since: "2013", Until: "2025-01-29",
				EndAnnounced: "2024-01-28", Status: "state party", Note: "Left.", SourceIDs: []string{"src-a", "src-b"}},
			{ID: "r-member-person", Type: ag.MemberOf, FromID: "person-a", ToID: "person-b", Since: "2020-08"},
			{ID: "r-allied", Type: ag.AlliedWith, FromID: "state-a", ToID: "state-b", Since: "2023-09-16", SourceIDs: []string{"src-a"}},
			{ID: "r-governs", Type: ag.Governs, FromID: "junta", ToID: "state-a", Since: "2020-08-18", SourceIDs: []string{"src-a"}},
			{ID: "r-leads", Type: ag.Leads, FromID: "person-a", ToID: "junta", Role: "head of the junta", SourceIDs: []string{"src-a"}},
			{ID: "r-part", Type: ag.PartOf, FromID: "force", ToID: "state-a", SourceIDs: []string{"src-b"}},
			{ID: "r-operates", Type: ag.OperatesIn, FromID: "pmc", ToID: "state-a", Since: "2021-12", Until: "2025-06", SourceIDs: []string{"src-b"}},
			{ID: "r-succeeded", Type: ag.Succeeded, FromID: "pmc-2", ToID: "pmc", Since: "2025", SourceIDs: []string{"src-b"}},
			{ID: "r-controlled", Type: ag.ControlledBy, FromID: "pmc-2", ToID: "state-b", SourceIDs: []string{"src-b"}},
			{ID: "r-investigates", Type: ag.Investigates, FromID: "court", ToID: "state-a", Since: "2013-01-16", Status: "referral", SourceIDs: []string{"src-a"}},
			{ID: "r-ngo", Type: ag.OperatesIn, FromID: "ngo", ToID: "group", SourceIDs: []string{"src-c"}},
		},
		Allegations: []ag.Allegation{
			{ID: "al-1", Title: "NGOs accuse the force and the PMC", Summary: "A summary,\nwith lines.",
				Categories: []ag.Category{"WAR_CRIMES", "CRIMES_AGAINST_HUMANITY"}, PeriodStart: "2022", PeriodEnd: "2024-05",
				Places: []string{"Kwala", "State A"}, Status: "INVESTIGATION", SourceIDs: []string{"src-a", "src-c"}},
			{ID: "al-2", Title: "Selective justice", Categories: []ag.Category{"POLITICAL_BIAS"}, Status: "REPORTED",
				SourceIDs: []string{"src-b"}},
		},
		Parties: []ag.Party{
			{AllegationID: "al-1", ActorID: "ngo", Accuser: true, Role: "complainant", Date: "2025-06-15"},
			{AllegationID: "al-1", ActorID: "force", Role: "the armed forces"},
			{AllegationID: "al-1", ActorID: "pmc"},
			{AllegationID: "al-2", ActorID: "junta", Accuser: true, Date: "2025-09"},
			{AllegationID: "al-2", ActorID: "court", Role: "accused of bias"},
		},
		Lodgings: []ag.Lodging{
			{AllegationID: "al-1", CourtID: "court", Date: "2025-06-15", Reference: "OTP-CR-123/25"},
			{AllegationID: "al-1", CourtID: "court"},
		},
		StatusChanges: []ag.StatusChange{
			{AllegationID: "al-1", Status: "COMPLAINT_FILED", Date: "2025-06-15", Note: "Filed.", SourceIDs: []string{"src-a"}},
			{AllegationID: "al-1", Status: "PRELIMINARY_EXAMINATION", Date: "2025-07"},
			{AllegationID: "al-1", Status: "INVESTIGATION", Date: "2025-08-01", SourceIDs: []string{"src-a", "src-c"}},
			{AllegationID: "al-2", Status: "REPORTED", Date: "2025-09-22", SourceIDs: []string{"src-b"}},
		},
		Events: []ag.Event{
			{ID: "ev-coup", Title: "Coup", Type: "COUP", Date: "2020-08-18", EndDate: "2020-08-19", Place: "Capital",
				Country: "MLI", Admin1: "District", Admin2: "Commune", Admin3: "Quarter", Latitude: ptr(12.6392),
				Longitude: ptr(-8.0029), Fatalities: ptr(0), Description: "Soldiers detain the president.",
				SourceIDs: []string{"src-a"}},
			{ID: "ev-old", Title: "Something in a former country", Type: "ANNOUNCEMENT", Date: "1990", Country: "ANT",
				Fatalities: ptr(17), SourceIDs: []string{"src-b"}},
			{ID: "ev-bare", Title: "An event with nothing else"},
		},
		Participations: []ag.Participation{
			{EventID: "ev-coup", ActorID: "junta", Role: "perpetrator"},
			{EventID: "ev-coup", ActorID: "person-a", Role: "leader"},
			{EventID: "ev-coup", ActorID: "force"},
			{EventID: "ev-old", ActorID: "state-b", Role: "announcer"},
		},
		Disputes: []ag.Dispute{
			{ID: "dispute-date", SubjectID: "ev-coup", Field: "date", Note: "Sources disagree.",
				Claims: []ag.Claim{{Value: "2020-08-18", Preferred: true, SourceIDs: []string{"src-a"}},
					{Value: "2020-08-19", SourceIDs: []string{"src-b", "src-c"}}}},
			{ID: "dispute-rel", SubjectID: "r-member", Field: "until",
				Claims: []ag.Claim{{Value: "2025-01-29"}, {Value: "unknown", Preferred: true, SourceIDs: []string{"src-a"}}}},
		},
	}
	for i, k := range ag.Kinds {
		id := []string{"state-a", "junta", "force", "group", "pmc", "ngo", "court", "bloc", "person-a"}[i]
		ds.Actors = append(ds.Actors, ag.Actor{ID: id, Kind: k, Name: "Actor " + id,
			Aliases: []string{"A-" + id, "Ä " + id}, Country: "MLI", Description: "About " + id + ".",
			Founded: "1960-09-22", Dissolved: "2030", SourceIDs: []string{"src-a"}})
	}
	ds.Actors = append(ds.Actors,
		ag.Actor{ID: "state-b", Kind: ag.KindState, Name: "State B", Country: "ANT"},
		ag.Actor{ID: "person-b", Kind: ag.KindPerson, Name: "Person B", Founded: "1983", SourceIDs: []string{"src-c", "src-b"}},
		ag.Actor{ID: "pmc-2", Kind: ag.KindParamilitary, Name: "PMC 2", Country: "RUS", SourceIDs: []string{"src-b"}})
	return ds
}

// normalise sorts every list of ds by its key and turns empty lists into nil, so that two
// Datasets that state the same facts compare equal. Status histories and claims keep their
// order, which means something.
func normalise(ds *ag.Dataset) *ag.Dataset {
	out := *ds
	nilIfEmpty := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return slices.Clone(s)
	}
	out.Sources = slices.Clone(ds.Sources)
	slices.SortFunc(out.Sources, func(a, b ag.Source) int { return cmp.Compare(a.ID, b.ID) })
	out.Actors = nil
	for _, a := range ds.Actors {
		a.Aliases, a.SourceIDs = nilIfEmpty(a.Aliases), nilIfEmpty(a.SourceIDs)
		out.Actors = append(out.Actors, a)
	}
	slices.SortFunc(out.Actors, func(a, b ag.Actor) int { return cmp.Compare(a.ID, b.ID) })
	out.Relationships = nil
	for _, r := range ds.Relationships {
		r.SourceIDs = nilIfEmpty(r.SourceIDs)
		out.Relationships = append(out.Relationships, r)
	}
	slices.SortFunc(out.Relationships, func(a, b ag.Relationship) int { return cmp.Compare(a.ID, b.ID) })
	out.Allegations = nil
	for _, a := range ds.Allegations {
		a.SourceIDs, a.Places = nilIfEmpty(a.SourceIDs), nilIfEmpty(a.Places)
		if len(a.Categories) == 0 {
			a.Categories = nil
		}
		out.Allegations = append(out.Allegations, a)
	}
	slices.SortFunc(out.Allegations, func(a, b ag.Allegation) int { return cmp.Compare(a.ID, b.ID) })
	out.Parties = slices.Clone(ds.Parties)
	slices.SortStableFunc(out.Parties, func(a, b ag.Party) int {
		return cmp.Or(cmp.Compare(a.AllegationID, b.AllegationID), cmp.Compare(a.ActorID, b.ActorID), cmp.Compare(a.Role, b.Role))
	})
	out.Lodgings = slices.Clone(ds.Lodgings)
	slices.SortStableFunc(out.Lodgings, func(a, b ag.Lodging) int {
		return cmp.Or(cmp.Compare(a.AllegationID, b.AllegationID), cmp.Compare(a.CourtID, b.CourtID), cmp.Compare(a.Date, b.Date))
	})
	out.StatusChanges = nil
	for _, sc := range ds.StatusChanges {
		sc.SourceIDs = nilIfEmpty(sc.SourceIDs)
		out.StatusChanges = append(out.StatusChanges, sc)
	}
	slices.SortStableFunc(out.StatusChanges, func(a, b ag.StatusChange) int { return cmp.Compare(a.AllegationID, b.AllegationID) })
	out.Events = nil
	for _, e := range ds.Events {
		e.SourceIDs = nilIfEmpty(e.SourceIDs)
		out.Events = append(out.Events, e)
	}
	slices.SortFunc(out.Events, func(a, b ag.Event) int { return cmp.Compare(a.ID, b.ID) })
	out.Participations = slices.Clone(ds.Participations)
	slices.SortFunc(out.Participations, func(a, b ag.Participation) int {
		return cmp.Or(cmp.Compare(a.EventID, b.EventID), cmp.Compare(a.ActorID, b.ActorID), cmp.Compare(a.Role, b.Role))
	})
	out.Disputes = nil
	for _, d := range ds.Disputes {
		claims := d.Claims
		d.Claims = nil
		for _, c := range claims {
			c.SourceIDs = nilIfEmpty(c.SourceIDs)
			d.Claims = append(d.Claims, c)
		}
		out.Disputes = append(out.Disputes, d)
	}
	slices.SortFunc(out.Disputes, func(a, b ag.Dispute) int { return cmp.Compare(a.ID, b.ID) })
	return &out
}

// roundTrip writes ds, reads it back and fails on any difference or any line the report
// mentions.
func roundTrip(t *testing.T, ds *ag.Dataset) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, ds); err != nil {
		t.Fatal(err)
	}
	back, rep, err := Read(bytes.NewReader(buf.Bytes()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.RejectedTotal+rep.WarningTotal+len(rep.Unmapped)+rep.Unresolved != 0 {
		t.Errorf("an export must read back cleanly:\n%s", rep)
	}
	want, got := normalise(ds), normalise(back)
	v1, v2 := reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem()
	for i := 0; i < v1.NumField(); i++ {
		if !reflect.DeepEqual(v1.Field(i).Interface(), v2.Field(i).Interface()) {
			a, _ := json.MarshalIndent(v1.Field(i).Interface(), "", " ")
			b, _ := json.MarshalIndent(v2.Field(i).Interface(), "", " ")
			t.Errorf("%s differ after the round trip:\nwant %s\ngot  %s", v1.Type().Field(i).Name, a, b)
		}
	}
	return buf.Bytes()
}

func TestRoundTripEveryPartOfTheModel(t *testing.T) {
	out := roundTrip(t, everything())
	// The export is FtM: the schemata and properties an FtM reader expects.
	byID := map[string]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		for p, v := range line["properties"].(map[string]any) {
			for _, x := range v.([]any) {
				if _, ok := x.(string); !ok {
					t.Errorf("%s.%s holds %v, not a string", line["id"], p, x)
				}
			}
		}
		byID[line["id"].(string)] = line
	}
	for id, want := range map[string]string{"src-a": "Document", "person-a": "Person", "state-a": "PublicBody",
		"junta": "PublicBody", "force": "PublicBody", "court": "PublicBody", "group": "Organization",
		"ngo": "Organization", "bloc": "Organization", "pmc": "Company", "r-member": "Membership",
		"r-member-person": "UnknownLink", "r-leads": "Directorship", "r-controlled": "Representation",
		"r-governs": "UnknownLink", "al-1": "CourtCase", "al-1.party.0": "CourtCaseParty",
		"ev-coup": "Event", "dispute-date": "Note"} {
		if got := byID[id]["schema"]; got != want {
			t.Errorf("%s is written as %v, want %s", id, got, want)
		}
	}
	props := func(id string) map[string]any { return byID[id]["properties"].(map[string]any) }
	if c := props("state-a")["country"]; !reflect.DeepEqual(c, []any{"ml"}) {
		t.Errorf("country = %v, want FtM's alpha-2 [ml]", c)
	}
	if c := props("group")["classification"]; !reflect.DeepEqual(c, []any{"ARMED_GROUP"}) {
		t.Errorf("classification = %v", c)
	}
	if m := props("r-member"); !reflect.DeepEqual(m["member"], []any{"state-a"}) ||
		!reflect.DeepEqual(m["organization"], []any{"bloc"}) || !reflect.DeepEqual(m["endDate"], []any{"2025-01-29"}) {
		t.Errorf("membership = %v", m)
	}
	if p := props("al-1.party.0"); !reflect.DeepEqual(p["role"], []any{"plaintiff"}) {
		t.Errorf("an accuser is a plaintiff: %v", p)
	}
	if p := props("person-a"); !reflect.DeepEqual(p["birthDate"], []any{"1960-09-22"}) {
		t.Errorf("a person's founding is a birth date: %v", p)
	}
}

func TestWriteInChunks(t *testing.T) {
	ds := everything()
	var whole, chunked bytes.Buffer
	if err := Write(&whole, ds); err != nil {
		t.Fatal(err)
	}
	w := NewWriter(&chunked)
	first := &ag.Dataset{Sources: ds.Sources, Actors: ds.Actors}
	rest := *ds
	rest.Sources, rest.Actors = nil, nil
	if err := w.Write(first); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&rest); err != nil {
		t.Fatal(err)
	}
	if whole.String() != chunked.String() {
		t.Errorf("writing in two chunks differs from writing at once")
	}
}

func TestWriteRefusesOrphans(t *testing.T) {
	for _, ds := range []*ag.Dataset{
		{StatusChanges: []ag.StatusChange{{AllegationID: "x", Status: "REPORTED"}}},
		{Participations: []ag.Participation{{EventID: "x", ActorID: "y"}}},
		{Actors: []ag.Actor{{ID: "x", Kind: "PLANET", Name: "X"}}},
		{Sources: []ag.Source{{ID: "x", Title: "X"}}, Events: []ag.Event{{ID: "x", Title: "X"}}},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, ds); ag.ErrorCode(err) != ag.InvalidInput || buf.Len() != 0 {
			t.Errorf("Write(%+v) = %v and %d bytes, want INVALID_INPUT and nothing written", ds, err, buf.Len())
		}
	}
}

func readFixture(t *testing.T, name string, opts Options) (*ag.Dataset, *Report) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, rep, err := Read(f, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range ds.Actors {
		if !ag.ValidID(a.ID) || !a.Kind.Valid() || a.Name == "" || len(a.SourceIDs) == 0 {
			t.Errorf("actor %+v: bad id, kind or name, or no source", a)
		}
	}
	for _, r := range ds.Relationships {
		if !ag.ValidID(r.ID) || !r.Type.Valid() || len(r.SourceIDs) == 0 {
			t.Errorf("relationship %+v: bad id or type, or no source", r)
		}
	}
	for _, e := range ds.Events {
		if !ag.ValidID(e.ID) || len(e.SourceIDs) == 0 {
			t.Errorf("event %+v: bad id or no source", e)
		}
	}
	for _, s := range ds.Sources {
		if !ag.ValidID(s.ID) || (s.Title == "" && s.URL == "") {
			t.Errorf("source %+v: bad id, or neither title nor url", s)
		}
	}
	return ds, rep
}

func find[T any](xs []T, ok func(T) bool) *T {
	for i := range xs {
		if ok(xs[i]) {
			return &xs[i]
		}
	}
	return nil
}

func TestForeignFile(t *testing.T) {
	ds, rep := readFixture(t, "foreign.jsonl", Options{})
	actor := func(id string) *ag.Actor { return find(ds.Actors, func(a ag.Actor) bool { return a.ID == id }) }

	p := actor("fixture-person-1")
	if p == nil || p.Kind != ag.KindPerson || p.Name != "Fixture Person One" || p.Country != "MLI" ||
		p.Founded != "1971-02" || !slices.Equal(p.Aliases, []string{"Fixture Person 1", "F. P. One", "Fixture P. One"}) {
		t.Errorf("person (two fragments merged) = %+v", p)
	}
	for id, kind := range map[string]ag.Kind{"fixture-armed-front": ag.KindArmedGroup, "fixture-tribunal": ag.KindCourt,
		"fixture-army": ag.KindArmedForce, "fixture-security-co": ag.KindParamilitary,
		"fixture-ministry": ag.KindOrganization, "fixture-legal-entity": ag.KindOrganization,
		"fixture-ngo": ag.KindNGO} {
		if a := actor(id); a == nil || a.Kind != kind {
			t.Errorf("%s = %+v, want kind %s", id, a, kind)
		}
	}
	slugged := find(ds.Actors, func(a ag.Actor) bool { return a.Name == "Fixture Slugged Org" })
	if slugged == nil || !strings.HasPrefix(slugged.ID, "nk-abc-def-") || slugged.ID != mapID("", "NK-Abc_Def") {
		t.Errorf("an FtM id that is not a slug must be slugged with a hash: %+v", slugged)
	}

	rel := func(id string) *ag.Relationship {
		return find(ds.Relationships, func(r ag.Relationship) bool { return r.ID == id })
	}
	if r := rel("fixture-membership"); r == nil || r.Type != ag.MemberOf || r.FromID != "fixture-person-1" ||
		r.ToID != "fixture-armed-front" || r.Since != "2012" || r.Until != "2019-05-01" || r.Role != "commander" {
		t.Errorf("membership = %+v", r)
	}
	if r := rel("fixture-directorship"); r == nil || r.Type != ag.Leads {
		t.Errorf("directorship = %+v", r)
	}
	if r := rel("fixture-representation"); r == nil || r.Type != ag.ControlledBy || r.FromID != "fixture-security-co" || r.ToID != "fixture-army" {
		t.Errorf("representation = %+v", r)
	}
	if r := rel("fixture-unknown-link"); r == nil || r.Type != ag.AlliedWith || !strings.HasPrefix(r.Status, "FtM UnknownLink") {
		t.Errorf("unknown link = %+v", r)
	}
	if r := rel("fixture-associate"); r == nil || r.Type != ag.AlliedWith || r.Role != "business partner" {
		t.Errorf("associate = %+v", r)
	}

	al := find(ds.Allegations, func(a ag.Allegation) bool { return a.ID == "fixture-case" })
	if al == nil || al.Status != "TRIAL" || !slices.Equal(al.Categories, []ag.Category{"WAR_CRIMES", "OTHER"}) {
		t.Errorf("court case = %+v", al)
	}
	var parties []string
	for _, p := range ds.Parties {
		if p.AllegationID == "fixture-case" {
			parties = append(parties, p.ActorID+":"+map[bool]string{true: "accuser", false: "accused"}[p.Accuser]+":"+p.Role)
		}
	}
	if !slices.Equal(parties, []string{"fixture-ngo:accuser:Complainant", "fixture-person-1:accused:Defendant"}) {
		t.Errorf("parties = %v", parties)
	}
	if l := find(ds.Lodgings, func(l ag.Lodging) bool { return l.AllegationID == "fixture-case" }); l == nil || l.CourtID != "fixture-tribunal" {
		t.Errorf("a court among the parties is a lodging: %+v", l)
	}
	if l := find(ds.Lodgings, func(l ag.Lodging) bool { return l.AllegationID == "fixture-case-2" }); l == nil ||
		l.Reference != "FX-2/2020" || l.Date != "2020-03-04" || actor(l.CourtID) == nil || actor(l.CourtID).Kind != ag.KindCourt {
		t.Errorf("a court named only in text becomes a COURT actor: %+v", l)
	}
	if h := find(ds.StatusChanges, func(s ag.StatusChange) bool { return s.AllegationID == "fixture-case-2" }); h == nil ||
		h.Status != "CONVICTED" || h.Date != "2020-03-04" {
		t.Errorf("status history of case 2 = %+v", h)
	}

	sanction := find(ds.Events, func(e ag.Event) bool { return e.ID == "fixture-sanction" })
	if sanction == nil || sanction.Type != "SANCTION" || sanction.Date != "2022-02-25" ||
		sanction.Title != "Sanction by Fixture Council (FIXTURE-PROGRAM)" {
		t.Errorf("sanction = %+v", sanction)
	}
	if pt := find(ds.Participations, func(p ag.Participation) bool { return p.EventID == "fixture-sanction" }); pt == nil ||
		pt.ActorID != "fixture-person-1" || pt.Role != "sanctioned" {
		t.Errorf("sanctioned = %+v", pt)
	}
	ev := find(ds.Events, func(e ag.Event) bool { return e.ID == "fixture-event" })
	if ev == nil || ev.Type != "ATTACK" || ev.Country != "BFA" || ev.Place != "Fixture Town" {
		t.Errorf("event = %+v", ev)
	}

	// Provenance: proof, else sourceUrl with publisher, else dataset, else the file.
	if !slices.Equal(p.SourceIDs, []string{"fixture-doc"}) {
		t.Errorf("proof: %v", p.SourceIDs)
	}
	front := actor("fixture-armed-front")
	if len(front.SourceIDs) != 1 || !strings.HasPrefix(front.SourceIDs[0], "ftm-source-") {
		t.Fatalf("sourceUrl: %v", front.SourceIDs)
	}
	src := find(ds.Sources, func(s ag.Source) bool { return s.ID == front.SourceIDs[0] })
	if src == nil || src.URL != "https://example.org/fixture/front" || src.Publisher != "Fixture Registry" {
		t.Errorf("source made from sourceUrl = %+v", src)
	}
	if a := actor("fixture-ministry"); a == nil || !slices.Equal(a.SourceIDs, []string{mapID("", "ftm-dataset-fixture_list")}) {
		t.Errorf("dataset provenance: %+v", a)
	}
	if a := actor("fixture-legal-entity"); a == nil || !slices.Equal(a.SourceIDs, []string{"ftm-import"}) {
		t.Errorf("file provenance: %+v", a)
	}

	// The report: every schema counted, unmapped ones with examples, bad lines by number.
	if rep.Schemata["Person"] != 3 || rep.Unmapped["Address"] == nil || rep.Unmapped["Address"].Count != 2 ||
		!slices.Equal(rep.Unmapped["Address"].Examples, []string{"fixture-address-1", "fixture-address-2"}) ||
		rep.Unmapped["Ownership"] == nil || rep.Unmapped["Note"] == nil {
		t.Errorf("schemata %v, unmapped %v", rep.Schemata, rep.Unmapped)
	}
	want := map[int]string{
		20: "not an FtM entity",
		21: "no id",
		22: "organization fixture-address-1 is of schema Address, not an actor",
		23: "endDate 2010 is before startDate 2012",
		26: `role "Witness" is neither`,
		29: "the Person has no name",
		30: "the id was a Person on line 1",
	}
	got := map[int]string{}
	for _, e := range rep.Rejected {
		got[e.Line] = e.Reason
	}
	for line, reason := range want {
		if !strings.Contains(got[line], reason) {
			t.Errorf("line %d: got %q, want it to say %q", line, got[line], reason)
		}
	}
	if rep.RejectedTotal != len(want) {
		t.Errorf("%d lines rejected, want %d:\n%s", rep.RejectedTotal, len(want), rep)
	}
	if rep.Unresolved != 1 {
		t.Errorf("unresolved = %d, want 1 (the link to an entity not in the file)", rep.Unresolved)
	}
	if w := find(rep.Warnings, func(e LineError) bool { return strings.Contains(e.Reason, `"zz-top"`) }); w == nil {
		t.Errorf("an unknown country code must be warned about:\n%s", rep)
	}
	if s := rep.String(); !strings.Contains(s, "Address 2 (e.g. fixture-address-1, fixture-address-2)") || !strings.Contains(s, "line 26") {
		t.Errorf("report text:\n%s", s)
	}
}

func TestPrefix(t *testing.T) {
	ds, _ := readFixture(t, "foreign.jsonl", Options{Prefix: "os-", Source: ag.Source{ID: "file-src", Title: "The file"}})
	for _, a := range ds.Actors {
		if !strings.HasPrefix(a.ID, "os-") {
			t.Errorf("actor %s lacks the prefix", a.ID)
		}
	}
	for _, r := range ds.Relationships {
		if !strings.HasPrefix(r.FromID, "os-") || !strings.HasPrefix(r.ToID, "os-") {
			t.Errorf("relationship %+v references unprefixed ids", r)
		}
	}
	if s := find(ds.Sources, func(s ag.Source) bool { return s.ID == "file-src" }); s == nil {
		t.Errorf("Options.Source is the fallback source")
	}
	for _, bad := range []string{"os", "OS-", "-", "a--"} {
		if _, _, err := Read(strings.NewReader(""), Options{Prefix: bad}); ag.ErrorCode(err) != ag.InvalidInput {
			t.Errorf("prefix %q: err = %v", bad, err)
		}
	}
}

func TestMapID(t *testing.T) {
	for _, id := range []string{"mali", "africa-corps", "allegation-tuareg-icc-2025"} {
		if got := mapID("", id); got != id {
			t.Errorf("mapID(%q) = %q: valid ids are kept verbatim", id, got)
		}
	}
	a, b := mapID("", "Q1"), mapID("", "q1x")
	if a == mapID("", "q-1") || a == b || !strings.HasPrefix(a, "q1-") {
		t.Errorf("mapID(Q1) = %q", a)
	}
	for _, raw := range []string{strings.Repeat("X", 500), "", "!!!", "ÉÉÉ", "a.b.c", strings.Repeat("ab-", 100)} {
		if id := mapID("os-", raw); !ag.ValidID(id) || !strings.HasPrefix(id, "os-") {
			t.Errorf("mapID(%q) = %q, not a valid id", raw, id)
		}
	}
}

func TestLongLinesAndBlankLines(t *testing.T) {
	in := "\n" + `{"id":"a","schema":"Person","properties":{"name":["A"]}}` + "\n\n" +
		`{"id":"b","schema":"Person","properties":{"name":["` + strings.Repeat("B", 300) + `"]}}` + "\n" +
		`{"id":"c","schema":"Person","properties":{"name":"C","alias":["C1",2]}}`
	ds, rep, err := Read(strings.NewReader(in), Options{MaxLineBytes: 200})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lines != 3 || rep.RejectedTotal != 1 || rep.Rejected[0].Line != 4 || !strings.Contains(rep.Rejected[0].Reason, "longer than 200") {
		t.Errorf("report:\n%s", rep)
	}
	if len(ds.Actors) != 2 || ds.Actors[1].Name != "C" || !slices.Equal(ds.Actors[1].Aliases, []string{"C1", "2"}) {
		t.Errorf("actors = %+v", ds.Actors)
	}
}
