package gen

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

var publishers = []string{"Example Wire", "Example Monitor", "Example Observatory", "Example Radio",
	"Example Rights Bulletin", "Example Court Reporter", "Example Daily", "Example Field Notes"}

func (g *generator) sources(e *emitter) error {
	r := g.rng(phaseSources)
	e.ds.Sources = reserve(e.ds.Sources, e, len(g.sourceIDs))
	for i, id := range g.sourceIDs {
		published, _ := date(r, 1995, 2025)
		s := ag.Source{ID: id, URL: "https://example.org/gen/source/" + strconv.Itoa(i),
			Title: "Synthetic report " + strconv.Itoa(i) + " on " + word(r), Publisher: pick(r, publishers),
			PublishedAt: published}
		if r.IntN(5) < 3 {
			s.Reliability, s.Credibility = string(rune('A'+r.IntN(6))), 1+r.IntN(6)
		}
		s.Confidential = r.IntN(20) == 0
		e.ds.Sources = append(e.ds.Sources, s)
		if err := e.added(); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) actors(e *emitter) error {
	r := g.rng(phaseActors)
	e.ds.Actors = reserve(e.ds.Actors, e, len(g.kinds))
	for i, k := range g.kinds {
		a := ag.Actor{ID: g.actorID(i), Kind: k, Name: g.names[i],
			Description: "Synthetic " + strings.ToLower(strings.ReplaceAll(string(k), "_", " ")) + ".",
			SourceIDs:   g.cite(r, 1, 3)}
		if k != ag.KindPerson && r.IntN(3) == 0 {
			a.Aliases = []string{acronym(a.Name)}
		}
		if k == ag.KindState || k == ag.KindArmedForce || k == ag.KindJunta || r.IntN(2) == 0 {
			a.Country = country(r)
		}
		if r.IntN(5) < 3 {
			founded, y := date(r, 1900, 2023)
			a.Founded = founded
			if r.IntN(10) == 0 {
				a.Dissolved, _ = later(r, y, min(20, 2025-y))
			}
		}
		e.ds.Actors = append(e.ds.Actors, a)
		if err := e.added(); err != nil {
			return err
		}
	}
	return nil
}

// rule is a relationship that makes sense between two kinds, with how common it is.
type rule struct {
	from, to ag.Kind
	typ      ag.RelType
	weight   int
}

var rules = []rule{
	{ag.KindPerson, ag.KindArmedGroup, ag.MemberOf, 14},
	{ag.KindPerson, ag.KindNGO, ag.MemberOf, 6},
	{ag.KindPerson, ag.KindJunta, ag.MemberOf, 2},
	{ag.KindPerson, ag.KindArmedGroup, ag.Leads, 3},
	{ag.KindPerson, ag.KindNGO, ag.Leads, 2},
	{ag.KindPerson, ag.KindJunta, ag.Leads, 1},
	{ag.KindPerson, ag.KindState, ag.Leads, 1},
	{ag.KindPerson, ag.KindPerson, ag.Succeeded, 2},
	{ag.KindPerson, ag.KindParamilitary, ag.MemberOf, 4},
	{ag.KindState, ag.KindOrganization, ag.MemberOf, 10},
	{ag.KindState, ag.KindCourt, ag.MemberOf, 3},
	{ag.KindState, ag.KindState, ag.AlliedWith, 4},
	{ag.KindJunta, ag.KindState, ag.Governs, 2},
	{ag.KindArmedForce, ag.KindState, ag.PartOf, 3},
	{ag.KindArmedForce, ag.KindState, ag.OperatesIn, 4},
	{ag.KindArmedGroup, ag.KindState, ag.OperatesIn, 12},
	{ag.KindArmedGroup, ag.KindArmedGroup, ag.AlliedWith, 8},
	{ag.KindArmedGroup, ag.KindArmedGroup, ag.MemberOf, 3},
	{ag.KindArmedGroup, ag.KindArmedGroup, ag.Succeeded, 1},
	{ag.KindArmedGroup, ag.KindState, ag.ControlledBy, 1},
	{ag.KindParamilitary, ag.KindState, ag.OperatesIn, 3},
	{ag.KindParamilitary, ag.KindState, ag.ControlledBy, 2},
	{ag.KindParamilitary, ag.KindParamilitary, ag.Succeeded, 1},
	{ag.KindNGO, ag.KindState, ag.OperatesIn, 6},
	{ag.KindNGO, ag.KindOrganization, ag.MemberOf, 2},
	{ag.KindOrganization, ag.KindOrganization, ag.MemberOf, 1},
	{ag.KindOrganization, ag.KindState, ag.OperatesIn, 2},
	{ag.KindCourt, ag.KindState, ag.Investigates, 2},
}

var (
	memberStatuses = []string{"", "", "member", "observer", "suspended", "state party", "founding member"}
	leaderRoles    = []string{"president", "commander", "chair", "spokesperson", "founder", "secretary-general"}
)

func (g *generator) relationships(e *emitter) error {
	r := g.rng(phaseRelationships)
	e.ds.Relationships = reserve(e.ds.Relationships, e, g.cfg.Relationships)
	type live struct {
		rule
		from []int
		to   *zipf
	}
	var lives []live
	total := 0
	for _, ru := range rules {
		from, to := g.byKind[ru.from], g.byKind[ru.to]
		if len(from) == 0 || len(to) == 0 || (ru.from == ru.to && len(to) < 2) {
			continue
		}
		lives = append(lives, live{ru, from, newZipf(r, to, 1.1)})
		total += ru.weight
	}
	if len(lives) == 0 {
		return nil // fewer than two actors: nothing to relate
	}
	for i := 0; i < g.cfg.Relationships; i++ {
		x := r.IntN(total)
		l := lives[0]
		for _, c := range lives {
			if x -= c.weight; x < 0 {
				l = c
				break
			}
		}
		from := l.from[r.IntN(len(l.from))]
		to := l.to.draw()
		for to == from {
			to = l.to.pool[r.IntN(len(l.to.pool))]
		}
		rel := ag.Relationship{ID: "gen-rel-" + strconv.Itoa(i), Type: l.typ, FromID: g.actorID(from),
			ToID: g.actorID(to), SourceIDs: g.cite(r, 1, 2)}
		y := recentYear(r)
		since := atPrecision(r, y)
		if r.IntN(10) > 0 { // a tenth of relationships have no known start
			rel.Since = since
		}
		if y < 2025 && r.IntN(100) < 35 {
			until, uy := later(r, y, min(15, 2025-y))
			rel.Until = until
			if l.typ == ag.MemberOf && uy-1 > y && r.IntN(3) == 0 {
				rel.EndAnnounced = ag.Date(strconv.Itoa(uy-1) + "-" + two(1+r.IntN(12)))
			}
		}
		switch l.typ {
		case ag.MemberOf:
			rel.Status = pick(r, memberStatuses)
		case ag.Leads:
			rel.Role = pick(r, leaderRoles)
		}
		if r.IntN(10) == 0 {
			rel.Note = "Synthetic relationship."
		}
		e.ds.Relationships = append(e.ds.Relationships, rel)
		g.made.relationships++
		if err := e.added(); err != nil {
			return err
		}
	}
	return nil
}

var (
	eventTypes = []string{"CLASH", "ATTACK", "MASSACRE", "COUP", "TREATY_SIGNING", "ANNOUNCEMENT",
		"DEPLOYMENT", "COMPLAINT", "MEETING", "PROTEST", "WITHDRAWAL"}
	eventRoles = []string{"perpetrator", "target", "participant", "signatory", "organiser", "observer"}
)

func (g *generator) events(e *emitter) error {
	r := g.rng(phaseEvents)
	e.ds.Events = reserve(e.ds.Events, e, g.cfg.Events)
	e.ds.Participations = reserve(e.ds.Participations, e, 3*g.cfg.Events)
	everyone := newZipf(r, r.Perm(g.cfg.Actors), 1.2)
	for i := 0; i < g.cfg.Events; i++ {
		typ := pick(r, eventTypes)
		d, _ := date(r, 1990, 2025)
		ev := ag.Event{ID: "gen-event-" + strconv.Itoa(i), Type: typ, Date: d, Place: word(r),
			Country: country(r), Description: "Synthetic event.", SourceIDs: g.cite(r, 1, 2)}
		ev.Title = strings.ToUpper(typ[:1]) + strings.ToLower(strings.ReplaceAll(typ[1:], "_", " ")) + " at " + ev.Place
		if day, _ := strconv.Atoi(string(d[min(8, len(d)):])); len(d) == 10 && day <= 25 && r.IntN(10) == 0 {
			ev.EndDate = ag.Date(string(d[:8]) + two(day+1+r.IntN(3))) // at most the 28th: a day every month has
		}
		if r.IntN(10) < 7 {
			lat, lon := -35+70*r.Float64(), -20+70*r.Float64()
			ev.Latitude, ev.Longitude = &lat, &lon
			ev.Admin1, ev.Admin2, ev.Admin3 = word(r), word(r), word(r)
		}
		if r.IntN(2) == 0 {
			f := int(r.ExpFloat64() * 6)
			ev.Fatalities = &f
		}
		e.ds.Events = append(e.ds.Events, ev)
		g.made.events++
		if everyone != nil {
			var seen []int
			for n := 1 + r.IntN(4); n > 0; n-- {
				a := everyone.draw()
				if !slices.Contains(seen, a) {
					seen = append(seen, a)
					e.ds.Participations = append(e.ds.Participations, ag.Participation{EventID: ev.ID,
						ActorID: g.actorID(a), Role: pick(r, eventRoles)})
				}
			}
		}
		if err := e.added(); err != nil {
			return err
		}
	}
	return nil
}

// mainPath is how an allegation usually progresses; a history walks along it, skipping
// steps at times, and may end in a verdict, a dismissal or a withdrawal.
var mainPath = []ag.Status{"REPORTED", "COMPLAINT_FILED", "PRELIMINARY_EXAMINATION", "INVESTIGATION",
	"WARRANT_ISSUED", "CHARGED", "TRIAL"}

func history(r *rand.Rand) []ag.Status {
	idx := r.IntN(2)
	path := []ag.Status{mainPath[idx]}
	for steps := 1 + r.IntN(4); len(path) < steps; {
		switch {
		case idx == len(mainPath)-1:
			return append(path, pick(r, []ag.Status{"CONVICTED", "ACQUITTED"}))
		case r.IntN(8) == 0:
			return append(path, pick(r, []ag.Status{"DISMISSED", "WITHDRAWN"}))
		}
		idx = min(idx+1+r.IntN(2), len(mainPath)-1)
		path = append(path, mainPath[idx])
	}
	return path
}

var (
	allegationVerbs = []string{"Killings", "Abductions", "Attacks on villages", "Torture in detention",
		"Shelling of markets", "Forced displacement", "Executions", "Looting and burning"}
	accusedRoles = []string{"perpetrator", "perpetrator", "commander", "partner force", ""}
)

func (g *generator) allegations(e *emitter) error {
	r := g.rng(phaseAllegations)
	e.ds.Allegations = reserve(e.ds.Allegations, e, g.cfg.Allegations)
	e.ds.Parties = reserve(e.ds.Parties, e, 3*g.cfg.Allegations)
	e.ds.StatusChanges = reserve(e.ds.StatusChanges, e, 3*g.cfg.Allegations)
	e.ds.Lodgings = reserve(e.ds.Lodgings, e, g.cfg.Allegations)
	pool := func(kinds ...ag.Kind) []int {
		var p []int
		for _, k := range kinds {
			p = append(p, g.byKind[k]...)
		}
		r.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		return p
	}
	accusable := newZipf(r, pool(ag.KindArmedForce, ag.KindArmedGroup, ag.KindParamilitary, ag.KindJunta,
		ag.KindState, ag.KindPerson), 1.1)
	accusers := newZipf(r, pool(ag.KindNGO, ag.KindState, ag.KindOrganization, ag.KindPerson), 1.3)
	courts := newZipf(r, g.byKind[ag.KindCourt], 1.5)
	if accusable == nil {
		return nil // no actor to accuse
	}
	for i := 0; i < g.cfg.Allegations; i++ {
		start, y := date(r, 1990, 2024)
		al := ag.Allegation{ID: "gen-allegation-" + strconv.Itoa(i), PeriodStart: start,
			Places: []string{word(r)}, SourceIDs: g.cite(r, 1, 3)}
		al.Title = pick(r, allegationVerbs) + " in " + al.Places[0]
		al.Summary = "Synthetic allegation."
		for n := 1 + r.IntN(2); len(al.Categories) < n; {
			if c := pick(r, ag.Categories); !slices.Contains(al.Categories, c) {
				al.Categories = append(al.Categories, c)
			}
		}
		if r.IntN(3) == 0 {
			al.PeriodEnd, _ = later(r, y, min(5, 2025-y))
		}

		var accused []int
		for n := []int{1, 1, 1, 1, 1, 1, 2, 2, 2, 3}[r.IntN(10)]; n > 0; n-- {
			if a := accusable.draw(); !slices.Contains(accused, a) {
				accused = append(accused, a)
			}
		}
		statuses := history(r)
		al.Status = statuses[len(statuses)-1]
		var filed ag.Date
		wy := y + r.IntN(2)
		when := atPrecision(r, wy)
		first := when
		for _, st := range statuses {
			e.ds.StatusChanges = append(e.ds.StatusChanges, ag.StatusChange{AllegationID: al.ID, Status: st,
				Date: when, SourceIDs: g.cite(r, 1, 1)})
			if st != "REPORTED" && filed == "" {
				filed = when
			}
			when, wy = later(r, wy, 2)
		}
		var made []int
		for n := []int{0, 1, 1, 1, 2}[r.IntN(5)]; n > 0; n-- {
			if accusers == nil {
				break
			}
			if a := accusers.draw(); !slices.Contains(accused, a) && !slices.Contains(made, a) {
				made = append(made, a)
				role := "reporting organisation"
				if filed != "" {
					role = "complainant"
				}
				e.ds.Parties = append(e.ds.Parties, ag.Party{AllegationID: al.ID, ActorID: g.actorID(a),
					Accuser: true, Role: role, Date: first})
			}
		}
		for _, a := range accused {
			e.ds.Parties = append(e.ds.Parties, ag.Party{AllegationID: al.ID, ActorID: g.actorID(a), Role: pick(r, accusedRoles)})
		}
		if filed != "" && courts != nil {
			e.ds.Lodgings = append(e.ds.Lodgings, ag.Lodging{AllegationID: al.ID, CourtID: g.actorID(courts.draw()),
				Date: filed, Reference: "GEN-" + strconv.Itoa(i)})
		}
		e.ds.Allegations = append(e.ds.Allegations, al)
		if err := e.added(); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) disputes(e *emitter) error {
	r := g.rng(phaseDisputes)
	for i := 0; i < g.cfg.Disputes; i++ {
		d := ag.Dispute{ID: "gen-dispute-" + strconv.Itoa(i), Note: "Synthetic disagreement between sources."}
		switch {
		case g.made.relationships > 0 && (g.made.events == 0 || r.IntN(2) == 0):
			d.SubjectID, d.Field = "gen-rel-"+strconv.Itoa(r.IntN(g.made.relationships)), pick(r, []string{"since", "until"})
		case g.made.events > 0:
			d.SubjectID, d.Field = "gen-event-"+strconv.Itoa(r.IntN(g.made.events)), "date"
		case g.cfg.Actors > 0:
			d.SubjectID, d.Field = g.actorID(r.IntN(g.cfg.Actors)), "founded"
		default:
			return nil // nothing to disagree about
		}
		preferred := r.IntN(3)
		for c := 0; c < 2+r.IntN(2); c++ {
			value, _ := date(r, 1990, 2025)
			d.Claims = append(d.Claims, ag.Claim{Value: string(value), Preferred: c == preferred, SourceIDs: g.cite(r, 1, 2)})
		}
		e.ds.Disputes = append(e.ds.Disputes, d)
		if err := e.added(); err != nil {
			return err
		}
	}
	return nil
}
