// Package seed reads a data set written by hand as YAML files (one folder a data set: the
// Sahel lives in seed/sahel) and turns it into an actorgraph.Dataset, checking on the way
// that every id it references exists, every date is a valid partial date, and every fact
// names at least one source. Writing the Dataset to Neo4j is the store's job (store.Load),
// so a seed, an import and a generated graph all go through one writer.
//
// The files of a folder are read in name order and concatenated; each may hold any of the
// top-level lists (sources, actors, relationships, events, allegations, disputes). The
// format is strict: an unknown key is an error, so a typo cannot silently drop a fact.
package seed

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	ag "github.com/actorgraph/actorgraph"
)

// Sahel is the first data set: Mali, Niger and Burkina Faso leaving the ICC, and the actors
// and allegations around them. Every fact cites the RFI article or a row of the fact table.
//
//go:embed sahel/*.yaml
var sahel embed.FS

// Sahel returns the Sahel data set, checked.
func Sahel() (*ag.Dataset, error) {
	sub, err := fs.Sub(sahel, "sahel")
	if err != nil {
		return nil, err
	}
	return Read(sub)
}

// File is the shape of one YAML file of a data set.
type File struct {
	Sources       []Source       `yaml:"sources"`
	Actors        []Actor        `yaml:"actors"`
	Relationships []Relationship `yaml:"relationships"`
	Events        []Event        `yaml:"events"`
	Allegations   []Allegation   `yaml:"allegations"`
	Disputes      []Dispute      `yaml:"disputes"`
}

// Source is a source as written in a file. See actorgraph.Source.
type Source struct {
	ID           string `yaml:"id"`
	URL          string `yaml:"url"`
	Title        string `yaml:"title"`
	Publisher    string `yaml:"publisher"`
	PublishedAt  string `yaml:"publishedAt"`
	RetrievedAt  string `yaml:"retrievedAt"`
	Quote        string `yaml:"quote"`
	Reliability  string `yaml:"reliability"`
	Credibility  int    `yaml:"credibility"`
	Confidential bool   `yaml:"confidential"`
}

// Actor is an actor as written in a file. See actorgraph.Actor.
type Actor struct {
	ID          string   `yaml:"id"`
	Kind        string   `yaml:"kind"`
	Name        string   `yaml:"name"`
	Aliases     []string `yaml:"aliases"`
	Country     string   `yaml:"country"`
	Description string   `yaml:"description"`
	Founded     string   `yaml:"founded"`
	Dissolved   string   `yaml:"dissolved"`
	Sources     []string `yaml:"sources"`
}

// Relationship is a relationship as written in a file. See actorgraph.Relationship.
type Relationship struct {
	ID           string   `yaml:"id"`
	Type         string   `yaml:"type"`
	From         string   `yaml:"from"`
	To           string   `yaml:"to"`
	Since        string   `yaml:"since"`
	Until        string   `yaml:"until"`
	EndAnnounced string   `yaml:"endAnnounced"`
	Status       string   `yaml:"status"`
	Role         string   `yaml:"role"`
	Note         string   `yaml:"note"`
	Sources      []string `yaml:"sources"`
}

// Event is an event with its participants as written in a file. See actorgraph.Event.
type Event struct {
	ID           string        `yaml:"id"`
	Title        string        `yaml:"title"`
	Type         string        `yaml:"type"`
	Date         string        `yaml:"date"`
	EndDate      string        `yaml:"endDate"`
	Place        string        `yaml:"place"`
	Description  string        `yaml:"description"`
	Participants []Participant `yaml:"participants"`
	Sources      []string      `yaml:"sources"`
}

// Participant is an actor's role in an event.
type Participant struct {
	Actor string `yaml:"actor"`
	Role  string `yaml:"role"`
}

// Allegation is an allegation with its parties, courts and status history as written in a
// file. See actorgraph.Allegation.
type Allegation struct {
	ID            string        `yaml:"id"`
	Title         string        `yaml:"title"`
	Summary       string        `yaml:"summary"`
	Categories    []string      `yaml:"categories"`
	PeriodStart   string        `yaml:"periodStart"`
	PeriodEnd     string        `yaml:"periodEnd"`
	Places        []string      `yaml:"places"`
	Accusers      []PartyRef    `yaml:"accusers"`
	Accused       []PartyRef    `yaml:"accused"`
	Courts        []CourtRef    `yaml:"courts"`
	StatusHistory []StatusEntry `yaml:"statusHistory"`
	Sources       []string      `yaml:"sources"`
}

// PartyRef names an accuser or an accused.
type PartyRef struct {
	Actor string `yaml:"actor"`
	Role  string `yaml:"role"`
	Date  string `yaml:"date"`
}

// CourtRef names the court an allegation was lodged with.
type CourtRef struct {
	Court     string `yaml:"court"`
	Date      string `yaml:"date"`
	Reference string `yaml:"reference"`
}

// StatusEntry is one dated step of an allegation's status history.
type StatusEntry struct {
	Status  string   `yaml:"status"`
	Date    string   `yaml:"date"`
	Note    string   `yaml:"note"`
	Sources []string `yaml:"sources"`
}

// Dispute records sources that disagree. See actorgraph.Dispute.
type Dispute struct {
	ID      string       `yaml:"id"`
	Subject string       `yaml:"subject"`
	Field   string       `yaml:"field"`
	Note    string       `yaml:"note"`
	Claims  []ClaimEntry `yaml:"claims"`
}

// ClaimEntry is one side of a dispute.
type ClaimEntry struct {
	Value     string   `yaml:"value"`
	Preferred bool     `yaml:"preferred"`
	Sources   []string `yaml:"sources"`
}

// Read parses every *.yaml file at the top of fsys, in name order, and returns the checked
// Dataset. Every problem found is reported, each with its file and item, not just the first.
func Read(fsys fs.FS) (*ag.Dataset, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var all File
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f File
		if err := yaml.UnmarshalWithOptions(data, &f, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		all.Sources = append(all.Sources, f.Sources...)
		all.Actors = append(all.Actors, f.Actors...)
		all.Relationships = append(all.Relationships, f.Relationships...)
		all.Events = append(all.Events, f.Events...)
		all.Allegations = append(all.Allegations, f.Allegations...)
		all.Disputes = append(all.Disputes, f.Disputes...)
	}
	return all.Dataset()
}

// Dataset converts f to an actorgraph.Dataset, checking it whole: the references and dates
// here, each fact by the domain's rules (actorgraph.Dataset.Problems).
func (f *File) Dataset() (*ag.Dataset, error) {
	c := checker{ids: map[string]string{}}
	ds := &ag.Dataset{}

	for i, s := range f.Sources {
		at := fmt.Sprintf("sources[%d] %s", i, s.ID)
		c.id(at, s.ID, "source")
		ds.Sources = append(ds.Sources, ag.Source{ID: s.ID, URL: s.URL, Title: s.Title,
			Publisher: s.Publisher, PublishedAt: c.date(at+".publishedAt", s.PublishedAt),
			RetrievedAt: c.date(at+".retrievedAt", s.RetrievedAt), Quote: s.Quote,
			Reliability: s.Reliability, Credibility: s.Credibility, Confidential: s.Confidential})
	}
	for i, a := range f.Actors {
		at := fmt.Sprintf("actors[%d] %s", i, a.ID)
		c.id(at, a.ID, "actor")
		ds.Actors = append(ds.Actors, ag.Actor{ID: a.ID, Kind: ag.Kind(a.Kind), Name: a.Name,
			Aliases: a.Aliases, Country: a.Country, Description: strings.TrimSpace(a.Description),
			Founded: c.date(at+".founded", a.Founded), Dissolved: c.date(at+".dissolved", a.Dissolved),
			SourceIDs: c.refs(at, a.Sources)})
	}
	for i, e := range f.Events {
		at := fmt.Sprintf("events[%d] %s", i, e.ID)
		c.id(at, e.ID, "event")
	}
	for i, a := range f.Allegations {
		at := fmt.Sprintf("allegations[%d] %s", i, a.ID)
		c.id(at, a.ID, "allegation")
	}
	for i, r := range f.Relationships {
		at := fmt.Sprintf("relationships[%d] %s", i, r.ID)
		c.id(at, r.ID, "relationship")
		c.ref(at+".from", r.From, "actor")
		c.ref(at+".to", r.To, "actor")
		rel := ag.Relationship{ID: r.ID, Type: ag.RelType(r.Type), FromID: r.From, ToID: r.To,
			Since: c.date(at+".since", r.Since), Until: c.date(at+".until", r.Until),
			EndAnnounced: c.date(at+".endAnnounced", r.EndAnnounced), Status: r.Status,
			Role: r.Role, Note: strings.TrimSpace(r.Note), SourceIDs: c.refs(at, r.Sources)}
		ds.Relationships = append(ds.Relationships, rel)
	}
	for i, e := range f.Events {
		at := fmt.Sprintf("events[%d] %s", i, e.ID)
		ds.Events = append(ds.Events, ag.Event{ID: e.ID, Title: e.Title, Type: e.Type,
			Date: c.date(at+".date", e.Date), EndDate: c.date(at+".endDate", e.EndDate),
			Place: e.Place, Description: strings.TrimSpace(e.Description),
			SourceIDs: c.refs(at, e.Sources)})
		for j, p := range e.Participants {
			c.ref(fmt.Sprintf("%s.participants[%d]", at, j), p.Actor, "actor")
			ds.Participations = append(ds.Participations, ag.Participation{EventID: e.ID, ActorID: p.Actor, Role: p.Role})
		}
	}
	for i, a := range f.Allegations {
		at := fmt.Sprintf("allegations[%d] %s", i, a.ID)
		var cats []ag.Category
		for _, cat := range a.Categories {
			cats = append(cats, ag.Category(cat))
		}
		var status ag.Status
		for j, s := range a.StatusHistory {
			sat := fmt.Sprintf("%s.statusHistory[%d]", at, j)
			status = ag.Status(s.Status)
			ds.StatusChanges = append(ds.StatusChanges, ag.StatusChange{AllegationID: a.ID,
				Status: status, Date: c.date(sat+".date", s.Date), Note: strings.TrimSpace(s.Note),
				SourceIDs: c.sources(sat, s.Sources)})
		}
		if status == "" {
			c.fail(at, "statusHistory is empty: an allegation needs at least its first status")
		}
		for j, p := range a.Accusers {
			c.ref(fmt.Sprintf("%s.accusers[%d]", at, j), p.Actor, "actor")
			ds.Parties = append(ds.Parties, ag.Party{AllegationID: a.ID, ActorID: p.Actor,
				Accuser: true, Role: p.Role, Date: c.date(fmt.Sprintf("%s.accusers[%d].date", at, j), p.Date)})
		}
		for j, p := range a.Accused {
			c.ref(fmt.Sprintf("%s.accused[%d]", at, j), p.Actor, "actor")
			ds.Parties = append(ds.Parties, ag.Party{AllegationID: a.ID, ActorID: p.Actor, Role: p.Role})
		}
		for j, l := range a.Courts {
			cat := fmt.Sprintf("%s.courts[%d]", at, j)
			c.ref(cat, l.Court, "actor")
			ds.Lodgings = append(ds.Lodgings, ag.Lodging{AllegationID: a.ID, CourtID: l.Court,
				Date: c.date(cat+".date", l.Date), Reference: l.Reference})
		}
		ds.Allegations = append(ds.Allegations, ag.Allegation{ID: a.ID, Title: a.Title,
			Summary: strings.TrimSpace(a.Summary), Categories: cats,
			PeriodStart: c.date(at+".periodStart", a.PeriodStart),
			PeriodEnd:   c.date(at+".periodEnd", a.PeriodEnd), Places: a.Places, Status: status,
			SourceIDs: c.refs(at, a.Sources)})
	}
	for i, d := range f.Disputes {
		at := fmt.Sprintf("disputes[%d] %s", i, d.ID)
		c.id(at, d.ID, "dispute")
		if d.Subject == "" || c.ids[d.Subject] == "" {
			c.fail(at, fmt.Sprintf("subject %q is not an id of this data set", d.Subject))
		}
		dis := ag.Dispute{ID: d.ID, SubjectID: d.Subject, Field: d.Field, Note: strings.TrimSpace(d.Note)}
		for j, cl := range d.Claims {
			dis.Claims = append(dis.Claims, ag.Claim{Value: cl.Value, Preferred: cl.Preferred,
				SourceIDs: c.sources(fmt.Sprintf("%s.claims[%d]", at, j), cl.Sources)})
		}
		ds.Disputes = append(ds.Disputes, dis)
	}
	c.problems = append(c.problems, ds.Problems()...)
	if len(c.problems) > 0 {
		return nil, fmt.Errorf("seed: %d problems:\n  %s", len(c.problems), strings.Join(c.problems, "\n  "))
	}
	return ds, nil
}

// checker collects every problem of a data set so that one run reports them all.
type checker struct {
	ids      map[string]string // id -> what it names ("actor", "source", ...)
	problems []string
}

func (c *checker) fail(at, msg string) { c.problems = append(c.problems, at+": "+msg) }

func (c *checker) id(at, id, what string) {
	switch {
	case id == "":
		c.fail(at, "id is empty")
	case !ag.ValidID(id):
		c.fail(at, "id must be lower-case letters, digits and hyphens")
	case c.ids[id] != "":
		c.fail(at, fmt.Sprintf("id %q is already used by a %s", id, c.ids[id]))
	default:
		c.ids[id] = what
	}
}

func (c *checker) ref(at, id, what string) {
	if got := c.ids[id]; got != what {
		c.fail(at, fmt.Sprintf("%q is not the id of a %s", id, what))
	}
}

func (c *checker) date(at, s string) ag.Date {
	d, err := ag.ParseDate(s)
	if err != nil {
		c.fail(at, err.Error())
	}
	return d
}

// sources checks that a fact names at least one source and that each exists.
// sources checks the source ids of a status entry or a claim: at least one, each a source.
func (c *checker) sources(at string, ids []string) []string {
	if len(ids) == 0 {
		c.fail(at, "cites no source: every fact needs at least one")
	}
	return c.refs(at, ids)
}

// refs checks that source ids name sources. That a fact has any is the domain's rule, which
// Dataset.Problems applies.
func (c *checker) refs(at string, ids []string) []string {
	for _, id := range ids {
		c.ref(at+".sources", id, "source")
	}
	return ids
}
