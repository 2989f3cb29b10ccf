package gen

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	ag "github.com/actorgraph/actorgraph"
)

func TestDeterministic(t *testing.T) {
	a, b := Generate(Presets["small"]), Generate(Presets["small"])
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same Config gave two different graphs")
	}
	other := Presets["small"]
	other.Seed = 2
	c := Generate(other)
	if reflect.DeepEqual(a.Relationships, c.Relationships) || reflect.DeepEqual(a.Actors, c.Actors) ||
		reflect.DeepEqual(a.Parties, c.Parties) {
		t.Fatal("seeds 1 and 2 gave the same graph")
	}
}

func TestSizes(t *testing.T) {
	for _, name := range []string{"tiny", "small"} {
		cfg := Presets[name]
		ds := Generate(cfg)
		got := []int{len(ds.Actors), len(ds.Relationships), len(ds.Allegations), len(ds.Events), len(ds.Disputes)}
		want := []int{cfg.Actors, cfg.Relationships, cfg.Allegations, cfg.Events, cfg.Disputes}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v actors/relationships/allegations/events/disputes, want %v", name, got, want)
		}
		if cfg.Sources > 0 && len(ds.Sources) != cfg.Sources || len(ds.Sources) == 0 {
			t.Errorf("%s: %d sources", name, len(ds.Sources))
		}
	}
	ds := Generate(Config{Actors: 5000})
	if len(ds.Sources) != 100 {
		t.Errorf("the default pool is Actors/50: got %d sources", len(ds.Sources))
	}
	kinds := map[ag.Kind]int{}
	for _, a := range ds.Actors {
		kinds[a.Kind]++
	}
	if kinds[ag.KindPerson] < 1500 || kinds[ag.KindState] > 250 || kinds[ag.KindCourt] > 300 || len(kinds) != len(ag.Kinds) {
		t.Errorf("kind proportions: %v", kinds)
	}
}

func TestDegenerateSizes(t *testing.T) {
	if ds := Generate(Config{}); len(ds.Actors)+len(ds.Relationships)+len(ds.Events)+len(ds.Allegations) != 0 {
		t.Errorf("an empty Config gave %+v", ds)
	}
	if ds := Generate(Config{Actors: -3, Relationships: -1}); len(ds.Actors) != 0 {
		t.Errorf("negative sizes count as zero")
	}
	ds := Generate(Config{Actors: 1, Relationships: 10, Allegations: 3, Events: 3, Disputes: 2})
	if len(ds.Relationships) != 0 || len(ds.Allegations) != 3 || len(ds.Events) != 3 {
		t.Errorf("one actor: %d relationships (want 0: no one to relate to), %d allegations, %d events",
			len(ds.Relationships), len(ds.Allegations), len(ds.Events))
	}
	checkReferences(t, ds)
	ds = Generate(Config{Actors: 2, Relationships: 5})
	if len(ds.Relationships) != 5 {
		t.Errorf("two actors: %d relationships, want 5", len(ds.Relationships))
	}
	checkReferences(t, ds)
}

// checkReferences fails on an invalid or repeated id, a reference to an id the data set
// does not hold, and a node without a source.
func checkReferences(t *testing.T, ds *ag.Dataset) {
	t.Helper()
	ids := map[string]string{}
	define := func(what, id string) {
		if !ag.ValidID(id) {
			t.Errorf("%s id %q is not valid", what, id)
		}
		if other := ids[id]; other != "" {
			t.Errorf("id %q is both a %s and a %s", id, other, what)
		}
		ids[id] = what
	}
	ref := func(what, id string) {
		if ids[id] != what {
			t.Errorf("%q is not the id of a %s", id, what)
		}
	}
	cites := func(what, id string, sources []string) {
		if len(sources) == 0 {
			t.Errorf("%s %s cites no source", what, id)
		}
		for _, s := range sources {
			ref("source", s)
		}
	}
	for _, s := range ds.Sources {
		define("source", s.ID)
	}
	for _, a := range ds.Actors {
		define("actor", a.ID)
		cites("actor", a.ID, a.SourceIDs)
	}
	for _, r := range ds.Relationships {
		define("relationship", r.ID)
		ref("actor", r.FromID)
		ref("actor", r.ToID)
		cites("relationship", r.ID, r.SourceIDs)
	}
	for _, e := range ds.Events {
		define("event", e.ID)
		cites("event", e.ID, e.SourceIDs)
	}
	for _, p := range ds.Participations {
		ref("event", p.EventID)
		ref("actor", p.ActorID)
	}
	for _, a := range ds.Allegations {
		define("allegation", a.ID)
		cites("allegation", a.ID, a.SourceIDs)
	}
	for _, p := range ds.Parties {
		ref("allegation", p.AllegationID)
		ref("actor", p.ActorID)
	}
	for _, l := range ds.Lodgings {
		ref("allegation", l.AllegationID)
		ref("actor", l.CourtID)
	}
	for _, sc := range ds.StatusChanges {
		ref("allegation", sc.AllegationID)
		cites("status change of", sc.AllegationID, sc.SourceIDs)
	}
	for _, d := range ds.Disputes {
		define("dispute", d.ID)
		if ids[d.SubjectID] == "" {
			t.Errorf("dispute %s is about %q, which is not in the data set", d.ID, d.SubjectID)
		}
		for _, c := range d.Claims {
			cites("claim of", d.ID, c.SourceIDs)
		}
	}
}

func TestIDsAndReferences(t *testing.T) {
	ds := Generate(Presets["small"])
	checkReferences(t, ds)
	for _, a := range ds.Allegations {
		var accused int
		for _, p := range ds.Parties {
			if p.AllegationID == a.ID && !p.Accuser {
				accused++
			}
		}
		if accused == 0 {
			t.Errorf("allegation %s accuses no one", a.ID)
		}
		if !a.Status.Valid() {
			t.Errorf("allegation %s has status %q", a.ID, a.Status)
		}
	}
}

func TestDates(t *testing.T) {
	ds := Generate(Presets["small"])
	precisions := map[ag.Precision]int{}
	valid := func(what string, d ag.Date) {
		if _, err := ag.ParseDate(string(d)); err != nil {
			t.Errorf("%s: %v", what, err)
		}
		precisions[d.Precision()]++
	}
	ended, announced := 0, 0
	for _, r := range ds.Relationships {
		valid(r.ID+".since", r.Since)
		valid(r.ID+".until", r.Until)
		valid(r.ID+".endAnnounced", r.EndAnnounced)
		if r.Until.Before(r.Since) || r.Until != "" && r.Since == r.Until {
			t.Errorf("%s: until %s is not after since %s", r.ID, r.Until, r.Since)
		}
		if r.EndAnnounced != "" && (r.EndAnnounced.Before(r.Since) || r.Until.Before(r.EndAnnounced)) {
			t.Errorf("%s: end announced %s outside %s..%s", r.ID, r.EndAnnounced, r.Since, r.Until)
		}
		if r.Until != "" {
			ended++
		}
		if r.EndAnnounced != "" {
			announced++
		}
	}
	if ended < len(ds.Relationships)/5 || announced == 0 {
		t.Errorf("%d of %d relationships ended, %d with an announced end", ended, len(ds.Relationships), announced)
	}
	if precisions[ag.PrecisionYear] < 1000 || precisions[ag.PrecisionMonth] < 1000 || precisions[ag.PrecisionDay] < 1000 {
		t.Errorf("dates should mix precisions: %v", precisions)
	}
	for _, e := range ds.Events {
		valid(e.ID+".date", e.Date)
		valid(e.ID+".endDate", e.EndDate)
		if e.EndDate.Before(e.Date) {
			t.Errorf("%s ends before it starts", e.ID)
		}
	}
	last := map[string]ag.Date{}
	for _, a := range ds.Allegations {
		if a.PeriodEnd.Before(a.PeriodStart) {
			t.Errorf("%s: period ends before it starts", a.ID)
		}
	}
	for _, sc := range ds.StatusChanges {
		valid(sc.AllegationID+" status date", sc.Date)
		if sc.Date.Before(last[sc.AllegationID]) {
			t.Errorf("%s: status history goes back in time", sc.AllegationID)
		}
		last[sc.AllegationID] = sc.Date
	}
}

func TestTypesFitKinds(t *testing.T) {
	ds := Generate(Presets["small"])
	kind := map[string]ag.Kind{}
	for _, a := range ds.Actors {
		kind[a.ID] = a.Kind
	}
	seen := map[ag.RelType]int{}
	for _, r := range ds.Relationships {
		from, to := kind[r.FromID], kind[r.ToID]
		seen[r.Type]++
		ok := true
		switch r.Type {
		case ag.Governs:
			ok = from == ag.KindJunta && to == ag.KindState
		case ag.PartOf:
			ok = from == ag.KindArmedForce && to == ag.KindState
		case ag.Investigates:
			ok = from == ag.KindCourt
		case ag.Leads:
			ok = from == ag.KindPerson && to != ag.KindPerson
		case ag.Succeeded:
			ok = from == to
		case ag.OperatesIn:
			ok = to == ag.KindState && from != ag.KindPerson
		case ag.ControlledBy:
			ok = to == ag.KindState
		case ag.MemberOf:
			ok = to != ag.KindPerson
		}
		if !ok || r.FromID == r.ToID {
			t.Errorf("%s: %s %s -> %s does not fit", r.ID, from, r.Type, to)
		}
	}
	if len(seen) != len(ag.RelTypes) {
		t.Errorf("every relationship type should appear: %v", seen)
	}
}

// degreeStats returns the maximum and median number of relationships an actor has, and the
// share of all relationship ends held by the top 1% of actors.
func degreeStats(ds *ag.Dataset) (maxDeg, median int, top float64) {
	deg := map[string]int{}
	for _, a := range ds.Actors {
		deg[a.ID] = 0
	}
	for _, r := range ds.Relationships {
		deg[r.FromID]++
		deg[r.ToID]++
	}
	var ds2 []int
	for _, d := range deg {
		ds2 = append(ds2, d)
	}
	slices.Sort(ds2)
	slices.Reverse(ds2)
	sum, topSum := 0, 0
	for i, d := range ds2 {
		sum += d
		if i < len(ds2)/100 {
			topSum += d
		}
	}
	return ds2[0], ds2[len(ds2)/2], float64(topSum) / float64(sum)
}

func TestHeavyTailedDegrees(t *testing.T) {
	ds := Generate(Presets["medium"])
	maxDeg, median, top := degreeStats(ds)
	if median == 0 || maxDeg < 100*median || top < 0.25 {
		t.Errorf("degrees are not heavy-tailed: max %d, median %d, top 1%% hold %.0f%% of ends", maxDeg, median, 100*top)
	}
	t.Logf("medium: max degree %d, median %d, top 1%% of actors hold %.0f%% of relationship ends", maxDeg, median, 100*top)
}

func TestHubsWithThousandsOfAllegationsAtFullSize(t *testing.T) {
	full := Presets["full"]
	ds := Generate(Config{Seed: full.Seed, Actors: full.Actors, Allegations: full.Allegations})
	accused := map[string]int{}
	for _, p := range ds.Parties {
		if !p.Accuser {
			accused[p.ActorID]++
		}
	}
	hubs := 0
	for _, n := range accused {
		if n >= 1000 {
			hubs++
		}
	}
	if hubs < 3 || hubs > 50 {
		t.Errorf("%d actors are accused in 1000 allegations or more; want a few (3 to 50)", hubs)
	}
	if len(accused) < 10_000 {
		t.Errorf("only %d actors are accused at all: the tail is too thin", len(accused))
	}
	t.Logf("full size: %d hubs with 1000+ allegations, %d actors accused at least once", hubs, len(accused))
}

func TestStreamMatchesGenerate(t *testing.T) {
	cfg := Presets["tiny"]
	cfg.Actors, cfg.Relationships, cfg.Allegations, cfg.Events, cfg.Disputes = 300, 2000, 300, 300, 20
	whole := Generate(cfg)
	for _, size := range []int{1, 7, 500, 100_000} {
		var got ag.Dataset
		defined := map[string]bool{}
		chunks := 0
		err := Stream(cfg, size, func(ds *ag.Dataset) error {
			chunks++
			top := len(ds.Sources) + len(ds.Actors) + len(ds.Relationships) + len(ds.Events) + len(ds.Allegations) + len(ds.Disputes)
			if top == 0 || top > size {
				t.Errorf("chunk of %d, limit %d", top, size)
			}
			for _, s := range ds.Sources {
				defined[s.ID] = true
			}
			for _, a := range ds.Actors {
				defined[a.ID] = true
			}
			for _, r := range ds.Relationships {
				defined[r.ID] = true
			}
			for _, e := range ds.Events {
				defined[e.ID] = true
			}
			for _, a := range ds.Allegations {
				defined[a.ID] = true
			}
			check := func(id string) {
				if !defined[id] {
					t.Fatalf("chunk %d references %s before it is written", chunks, id)
				}
			}
			for _, r := range ds.Relationships {
				check(r.FromID)
				check(r.ToID)
			}
			for _, p := range ds.Participations {
				check(p.EventID)
				check(p.ActorID)
			}
			for _, p := range ds.Parties {
				check(p.AllegationID)
				check(p.ActorID)
			}
			for _, l := range ds.Lodgings {
				check(l.CourtID)
			}
			for _, d := range ds.Disputes {
				check(d.SubjectID)
			}
			got.Sources = append(got.Sources, ds.Sources...)
			got.Actors = append(got.Actors, ds.Actors...)
			got.Relationships = append(got.Relationships, ds.Relationships...)
			got.Allegations = append(got.Allegations, ds.Allegations...)
			got.Parties = append(got.Parties, ds.Parties...)
			got.Lodgings = append(got.Lodgings, ds.Lodgings...)
			got.StatusChanges = append(got.StatusChanges, ds.StatusChanges...)
			got.Events = append(got.Events, ds.Events...)
			got.Participations = append(got.Participations, ds.Participations...)
			got.Disputes = append(got.Disputes, ds.Disputes...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&got, whole) {
			t.Errorf("chunk size %d: the chunks together differ from Generate", size)
		}
		if want := (2920 + len(whole.Sources) + size - 1) / size; chunks != want {
			t.Errorf("chunk size %d: %d chunks, want %d", size, chunks, want)
		}
	}
}

func TestStreamStopsAtTheFirstError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Stream(Presets["small"], 100, func(*ag.Dataset) error {
		if calls++; calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("got %v after %d calls", err, calls)
	}
}

// BenchmarkGenerateFull generates the full-size graph: 100,000 actors, 1,000,000
// relationships, 100,000 allegations, 100,000 events.
func BenchmarkGenerateFull(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ds := Generate(Presets["full"])
		if len(ds.Relationships) != 1_000_000 {
			b.Fatal(len(ds.Relationships))
		}
	}
}

// What the generator makes obeys the domain's rules, the ones every load checks.
func TestGeneratedGraphsAreValid(t *testing.T) {
	for _, ru := range rules {
		if err := ru.typ.AllowsKinds(ru.from, ru.to); err != nil {
			t.Errorf("rule %v: %v", ru, err)
		}
	}
	for _, size := range []string{"tiny", "small"} {
		if problems := Generate(Presets[size]).Problems(); len(problems) > 0 {
			t.Errorf("%s: %d problems, first %v", size, len(problems), problems[:min(3, len(problems))])
		}
	}
}
