package ftm

import (
	"encoding/json"
	"fmt"
	"io"

	ag "github.com/actorgraph/actorgraph"
)

// Writer writes Datasets as FtM JSON lines, one entity a line. Write may be called once per
// chunk of a large export; a Writer is for one output, used by one goroutine.
type Writer struct {
	enc   *json.Encoder
	kinds map[string]ag.Kind // the actors written so far, for the ranges of FtM's links
	seq   map[string]int     // per allegation, the case parties written so far, for their ids
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Writer{enc: enc, kinds: map[string]ag.Kind{}, seq: map[string]int{}}
}

// Write writes ds to w as FtM JSON lines. See NewWriter for writing in chunks.
func Write(w io.Writer, ds *ag.Dataset) error { return NewWriter(w).Write(ds) }

// line is one entity as written.
type line struct {
	ID         string   `json:"id"`
	Schema     string   `json:"schema"`
	Properties props    `json:"properties"`
	Datasets   []string `json:"datasets"`
	Ext        *ext     `json:"actorgraph"`
}

// props are FtM properties; set leaves out empty values, as FtM does.
type props map[string][]string

func (p props) set(key string, vs ...string) {
	for _, v := range vs {
		if v != "" {
			p[key] = append(p[key], v)
		}
	}
}

// kindSchemata gives each Kind its FtM schema and topics. The topics are FtM's own
// vocabulary, for FtM readers; the exact kind travels in "classification".
var kindSchemata = map[ag.Kind]struct {
	schema string
	topics []string
}{
	ag.KindPerson:       {"Person", nil},
	ag.KindState:        {"PublicBody", []string{"gov.national"}},
	ag.KindJunta:        {"PublicBody", []string{"gov.national", "mil"}},
	ag.KindArmedForce:   {"PublicBody", []string{"gov.security", "mil"}},
	ag.KindCourt:        {"PublicBody", []string{"gov.judicial"}},
	ag.KindArmedGroup:   {"Organization", []string{"mil"}},
	ag.KindNGO:          {"Organization", nil},
	ag.KindOrganization: {"Organization", []string{"gov.igo"}},
	ag.KindParamilitary: {"Company", []string{"mil"}},
}

// Write writes one Dataset: sources, actors, relationships, allegations with their parties
// and courts, events, disputes, in that order and each in the Dataset's order. A status
// change or participation must come with its allegation or event. Everything is checked
// before the first line is written.
func (w *Writer) Write(ds *ag.Dataset) error {
	// Every line needs an id of its own: FtM has one id space where actorgraph has one per label.
	lines := map[string]string{}
	for _, group := range []struct {
		what string
		ids  []string
	}{
		{"source", ids(ds.Sources, func(s ag.Source) string { return s.ID })},
		{"actor", ids(ds.Actors, func(a ag.Actor) string { return a.ID })},
		{"relationship", ids(ds.Relationships, func(r ag.Relationship) string { return r.ID })},
		{"allegation", ids(ds.Allegations, func(a ag.Allegation) string { return a.ID })},
		{"event", ids(ds.Events, func(e ag.Event) string { return e.ID })},
		{"dispute", ids(ds.Disputes, func(d ag.Dispute) string { return d.ID })},
	} {
		for _, id := range group.ids {
			if other, dup := lines[id]; dup {
				return ag.Invalid("dataset", "id %q is both a %s and a %s: FtM needs one id per entity", id, other, group.what)
			}
			lines[id] = group.what
		}
	}
	has := func(id, what string) bool { return lines[id] == what }
	history := map[string][]extStatus{}
	for _, sc := range ds.StatusChanges {
		if !has(sc.AllegationID, "allegation") {
			return ag.Invalid("statusChanges", "the status history of allegation %s comes without the allegation", sc.AllegationID)
		}
		history[sc.AllegationID] = append(history[sc.AllegationID], extStatus{Status: string(sc.Status),
			Date: string(sc.Date), Note: sc.Note, Sources: sc.SourceIDs})
	}
	participants := map[string][]extParticipant{}
	for _, p := range ds.Participations {
		if !has(p.EventID, "event") {
			return ag.Invalid("participations", "the participants of event %s come without the event", p.EventID)
		}
		participants[p.EventID] = append(participants[p.EventID], extParticipant{Actor: p.ActorID, Role: p.Role})
	}
	for _, a := range ds.Actors {
		if _, ok := kindSchemata[a.Kind]; !ok {
			return ag.Invalid("actors", "actor %s has kind %q, which is not one of %v", a.ID, a.Kind, ag.Kinds)
		}
		w.kinds[a.ID] = a.Kind
	}

	for _, s := range ds.Sources {
		if err := w.source(s); err != nil {
			return err
		}
	}
	for _, a := range ds.Actors {
		if err := w.actor(a); err != nil {
			return err
		}
	}
	for _, r := range ds.Relationships {
		if err := w.relationship(r); err != nil {
			return err
		}
	}
	for _, a := range ds.Allegations {
		if err := w.allegation(a, history[a.ID]); err != nil {
			return err
		}
	}
	for _, p := range ds.Parties {
		if err := w.party(p); err != nil {
			return err
		}
	}
	for _, l := range ds.Lodgings {
		if err := w.lodging(l); err != nil {
			return err
		}
	}
	for _, e := range ds.Events {
		if err := w.event(e, participants[e.ID]); err != nil {
			return err
		}
	}
	for _, d := range ds.Disputes {
		if err := w.dispute(d); err != nil {
			return err
		}
	}
	return nil
}

func (w *Writer) put(id, schema string, p props, x *ext) error {
	return w.enc.Encode(line{ID: id, Schema: schema, Properties: p, Datasets: []string{"actorgraph"}, Ext: x})
}

// country writes an alpha-3 country as FtM's alpha-2, or into ext when it has none.
func country(p props, x *ext, code string) {
	if code == "" {
		return
	}
	if a2, ok := toAlpha2[code]; ok {
		p.set("country", a2)
	} else {
		x.Country = code
	}
}

func (w *Writer) source(s ag.Source) error {
	p := props{}
	p.set("title", s.Title)
	p.set("sourceUrl", s.URL)
	p.set("publisher", s.Publisher)
	p.set("publishedAt", string(s.PublishedAt))
	p.set("retrievedAt", string(s.RetrievedAt))
	p.set("summary", s.Quote)
	return w.put(s.ID, "Document", p, &ext{Record: recSource, Reliability: s.Reliability,
		Credibility: s.Credibility, Confidential: s.Confidential})
}

func (w *Writer) actor(a ag.Actor) error {
	ks := kindSchemata[a.Kind] // checked in Write
	p, x := props{}, &ext{Record: recActor}
	p.set("name", a.Name)
	p.set("alias", a.Aliases...)
	p.set("classification", string(a.Kind))
	p.set("topics", ks.topics...)
	country(p, x, a.Country)
	p.set("description", a.Description)
	if a.Kind == ag.KindPerson {
		p.set("birthDate", string(a.Founded))
		p.set("deathDate", string(a.Dissolved))
	} else {
		p.set("incorporationDate", string(a.Founded))
		p.set("dissolutionDate", string(a.Dissolved))
	}
	p.set("proof", a.SourceIDs...)
	return w.put(a.ID, ks.schema, p, x)
}

// relationship writes MEMBER_OF as a Membership, LEADS as a Directorship and CONTROLLED_BY
// as a Representation (the controlled actor is the agent of its controller); the rest, and
// a membership or leadership of a person (outside those schemata's ranges), as UnknownLink.
func (w *Writer) relationship(r ag.Relationship) error {
	schema, from, to := "UnknownLink", "subject", "object"
	switch {
	case r.Type == ag.MemberOf && w.kinds[r.ToID] != ag.KindPerson:
		schema, from, to = "Membership", "member", "organization"
	case r.Type == ag.Leads && w.kinds[r.ToID] != ag.KindPerson:
		schema, from, to = "Directorship", "director", "organization"
	case r.Type == ag.ControlledBy:
		schema, from, to = "Representation", "agent", "client"
	}
	p := props{}
	p.set(from, r.FromID)
	p.set(to, r.ToID)
	p.set("startDate", string(r.Since))
	p.set("endDate", string(r.Until))
	p.set("status", r.Status)
	p.set("role", r.Role)
	p.set("description", r.Note)
	p.set("proof", r.SourceIDs...)
	return w.put(r.ID, schema, p, &ext{Record: recRelationship, Type: string(r.Type), EndAnnounced: string(r.EndAnnounced)})
}

func (w *Writer) allegation(a ag.Allegation, history []extStatus) error {
	p := props{}
	p.set("name", a.Title)
	p.set("summary", a.Summary)
	for _, c := range a.Categories {
		p.set("category", string(c))
	}
	p.set("status", string(a.Status))
	p.set("proof", a.SourceIDs...)
	return w.put(a.ID, "CourtCase", p, &ext{Record: recAllegation, PeriodStart: string(a.PeriodStart),
		PeriodEnd: string(a.PeriodEnd), Places: a.Places, StatusHistory: history})
}

// partyID names the n-th case party written for an allegation; parties have no id of their
// own in actorgraph, and FtM needs one.
func (w *Writer) partyID(allegationID, what string) string {
	n := w.seq[allegationID]
	w.seq[allegationID] = n + 1
	return fmt.Sprintf("%s.%s.%d", allegationID, what, n)
}

// party writes an accuser as a "plaintiff" and an accused as a "defendant", the words FtM
// data uses, with the party's own role as the description.
func (w *Writer) party(pt ag.Party) error {
	p := props{}
	p.set("case", pt.AllegationID)
	p.set("party", pt.ActorID)
	if pt.Accuser {
		p.set("role", "plaintiff")
	} else {
		p.set("role", "defendant")
	}
	p.set("description", pt.Role)
	p.set("date", string(pt.Date))
	return w.put(w.partyID(pt.AllegationID, "party"), "CourtCaseParty", p, &ext{Record: recParty})
}

// lodging writes the court an allegation was lodged with as a case party of role "court".
func (w *Writer) lodging(l ag.Lodging) error {
	p := props{}
	p.set("case", l.AllegationID)
	p.set("party", l.CourtID)
	p.set("role", "court")
	p.set("date", string(l.Date))
	p.set("recordId", l.Reference)
	return w.put(w.partyID(l.AllegationID, "court"), "CourtCaseParty", p, &ext{Record: recLodging})
}

func (w *Writer) event(e ag.Event, parts []extParticipant) error {
	p, x := props{}, &ext{Record: recEvent, Admin1: e.Admin1, Admin2: e.Admin2, Admin3: e.Admin3,
		Latitude: e.Latitude, Longitude: e.Longitude, Fatalities: e.Fatalities, Participants: parts}
	p.set("name", e.Title)
	p.set("keywords", e.Type)
	p.set("date", string(e.Date))
	p.set("endDate", string(e.EndDate))
	p.set("location", e.Place)
	country(p, x, e.Country)
	p.set("description", e.Description)
	for _, pt := range parts {
		if !contains(p["involved"], pt.Actor) {
			p.set("involved", pt.Actor)
		}
	}
	p.set("proof", e.SourceIDs...)
	return w.put(e.ID, "Event", p, x)
}

// dispute writes a Dispute as a Note on its subject; the claims, which FtM cannot hold,
// travel in ext, and their sources are also the Note's proof.
func (w *Writer) dispute(d ag.Dispute) error {
	p, x := props{}, &ext{Record: recDispute, Field: d.Field}
	p.set("name", "Disputed: "+d.Field)
	p.set("entity", d.SubjectID)
	p.set("description", d.Note)
	for _, c := range d.Claims {
		x.Claims = append(x.Claims, extClaim{Value: c.Value, Preferred: c.Preferred, Sources: c.SourceIDs})
		for _, s := range c.SourceIDs {
			if !contains(p["proof"], s) {
				p.set("proof", s)
			}
		}
	}
	return w.put(d.ID, "Note", p, x)
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}
