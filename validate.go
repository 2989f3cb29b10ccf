package actorgraph

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The rules below are the one statement of what a well-formed fact is. The store applies them
// to every write and the seed checker to every seeded fact, so hand-written data and the API
// cannot disagree. Errors are INVALID_INPUT and name the field at fault relative to the fact
// ("name", "until"); callers prefix the path of their argument ("input.name").

// MaxText is the longest a name, title or other short text may be, in characters.
const MaxText = 500

// MaxLongText is the longest a description, summary, note or quote may be, in characters.
const MaxLongText = 20000

func checkText(field, s string, required bool, max int) error {
	if required && strings.TrimSpace(s) == "" {
		return Invalid(field, "%s must not be empty", field)
	}
	if utf8.RuneCountInString(s) > max {
		return Invalid(field, "%s is longer than %d characters", field, max)
	}
	if !utf8.ValidString(s) {
		return Invalid(field, "%s is not valid UTF-8", field)
	}
	return nil
}

func checkID(field, id string) error {
	if !ValidID(id) {
		return Invalid(field, "%q is not a valid id: use lower-case letters, digits and single hyphens, such as \"africa-corps\"", id)
	}
	return nil
}

func checkSpan(fromField string, from Date, toField string, to Date) error {
	if to.Before(from) {
		return Invalid(toField, "%s %s is before %s %s", toField, to, fromField, from)
	}
	return nil
}

func checkSources(field string, ids []string) error {
	if len(ids) == 0 {
		return Invalid(field, "give at least one source: every fact must say where it comes from")
	}
	for _, id := range ids {
		if err := checkID(field, id); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks an actor on its own (not that its sources exist).
func (a *Actor) Validate() error {
	if err := checkID("id", a.ID); err != nil {
		return err
	}
	if !a.Kind.Valid() {
		return Invalid("kind", "%q is not an actor kind", a.Kind)
	}
	if err := checkText("name", a.Name, true, MaxText); err != nil {
		return err
	}
	for _, al := range a.Aliases {
		if err := checkText("aliases", al, true, MaxText); err != nil {
			return err
		}
	}
	if a.Country != "" && !validCountry(a.Country) {
		return Invalid("country", "%q is not an ISO 3166-1 alpha-3 code such as \"MLI\"", a.Country)
	}
	if err := checkText("description", a.Description, false, MaxLongText); err != nil {
		return err
	}
	if err := checkSpan("founded", a.Founded, "dissolved", a.Dissolved); err != nil {
		return err
	}
	return checkSources("sourceIds", a.SourceIDs)
}

func validCountry(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// CleanAliases trims aliases and drops empty ones, duplicates and any equal to name, keeping
// the first spelling of each.
func CleanAliases(name string, aliases []string) []string {
	var out []string
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		if a == "" || a == name || slices.Contains(out, a) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// relKinds says which kinds of actor each relationship type may link: from, then to. A nil
// list allows every kind.
var relKinds = map[RelType][2][]Kind{
	// Anyone may belong to a body, a bloc, a court's treaty, a junta or a group; nobody is a
	// member of a person or of a state.
	MemberOf: {nil, {KindOrganization, KindCourt, KindJunta, KindArmedGroup, KindArmedForce, KindParamilitary, KindNGO}},
	// Alliances are between collective actors; a court allies with nobody.
	AlliedWith: {allKindsBut(KindPerson, KindCourt), allKindsBut(KindPerson, KindCourt)},
	// A junta (or an intergovernmental transitional authority) governs a state.
	Governs: {{KindJunta, KindOrganization}, {KindState}},
	// A person leads a collective.
	Leads: {{KindPerson}, allKindsBut(KindPerson)},
	// A force, body or unit is part of a larger collective.
	PartOf: {allKindsBut(KindPerson, KindState), allKindsBut(KindPerson)},
	// Collectives deploy in a country.
	OperatesIn: {allKindsBut(KindPerson), {KindState}},
	// Collectives are directed by states, persons or other collectives.
	ControlledBy: {allKindsBut(KindPerson), nil},
	// A court investigates a situation (in a state) or a suspect.
	Investigates: {{KindCourt}, nil},
	// Succeeded is checked below: like replaces like.
	Succeeded: {nil, nil},
}

func allKindsBut(not ...Kind) []Kind {
	var out []Kind
	for _, k := range Kinds {
		if !slices.Contains(not, k) {
			out = append(out, k)
		}
	}
	return out
}

// AllowsKinds returns nil if a relationship of type t may link an actor of kind from to one
// of kind to, and otherwise an INVALID_INPUT error on field "type" that says why.
func (t RelType) AllowsKinds(from, to Kind) error {
	rule, ok := relKinds[t]
	if !ok {
		return Invalid("type", "%q is not a relationship type", t)
	}
	if (rule[0] != nil && !slices.Contains(rule[0], from)) || (rule[1] != nil && !slices.Contains(rule[1], to)) ||
		(t == Succeeded && (from == KindPerson) != (to == KindPerson)) {
		return Invalid("type", "a %s cannot be %s a %s (%s)", from, t, to, relRuleText(t))
	}
	return nil
}

func relRuleText(t RelType) string {
	if t == Succeeded {
		return "a person succeeds a person, a collective a collective"
	}
	rule := relKinds[t]
	names := func(ks []Kind) string {
		if ks == nil {
			return "any actor"
		}
		return strings.Join(toStringSlice(ks), ", ")
	}
	return fmt.Sprintf("%s links %s to %s", t, names(rule[0]), names(rule[1]))
}

func toStringSlice[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Validate checks a relationship on its own; AllowsKinds checks it against its ends' kinds.
func (r *Relationship) Validate() error {
	if err := checkID("id", r.ID); err != nil {
		return err
	}
	if !r.Type.Valid() {
		return Invalid("type", "%q is not a relationship type", r.Type)
	}
	if err := checkID("fromId", r.FromID); err != nil {
		return err
	}
	if err := checkID("toId", r.ToID); err != nil {
		return err
	}
	if r.FromID == r.ToID {
		return Invalid("toId", "an actor cannot be %s itself", r.Type)
	}
	if err := checkSpan("since", r.Since, "until", r.Until); err != nil {
		return err
	}
	if err := checkSpan("since", r.Since, "endAnnounced", r.EndAnnounced); err != nil {
		return err
	}
	for f, v := range map[string]string{"status": r.Status, "role": r.Role} {
		if err := checkText(f, v, false, MaxText); err != nil {
			return err
		}
	}
	if err := checkText("note", r.Note, false, MaxLongText); err != nil {
		return err
	}
	return checkSources("sourceIds", r.SourceIDs)
}

// Validate checks a source on its own.
func (s *Source) Validate() error {
	if err := checkID("id", s.ID); err != nil {
		return err
	}
	if s.URL == "" && s.Title == "" {
		return Invalid("url", "a source needs a url or a title, so that a reader can find it")
	}
	if s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
		return Invalid("url", "%q is not an http(s) URL", s.URL)
	}
	for f, v := range map[string]string{"url": s.URL, "title": s.Title, "publisher": s.Publisher} {
		if err := checkText(f, v, false, MaxText*4); err != nil {
			return err
		}
	}
	if err := checkText("quote", s.Quote, false, MaxLongText); err != nil {
		return err
	}
	if err := ValidGrade(s.Reliability, s.Credibility); err != nil {
		field := "reliability"
		if strings.HasPrefix(err.Error(), "credibility") {
			field = "credibility"
		}
		return Invalid(field, "%v", err)
	}
	return nil
}

// Validate checks an event and its participations on their own.
func (e *Event) Validate(parts []Participation) error {
	if err := checkID("id", e.ID); err != nil {
		return err
	}
	if err := checkText("title", e.Title, true, MaxText); err != nil {
		return err
	}
	if e.Type != "" && strings.ToUpper(e.Type) != e.Type {
		return Invalid("type", "event types are upper case words, such as MASSACRE")
	}
	if err := checkSpan("date", e.Date, "endDate", e.EndDate); err != nil {
		return err
	}
	if e.Country != "" && !validCountry(e.Country) {
		return Invalid("country", "%q is not an ISO 3166-1 alpha-3 code such as \"MLI\"", e.Country)
	}
	if e.Latitude != nil && (*e.Latitude < -90 || *e.Latitude > 90) {
		return Invalid("latitude", "latitude %v is not between -90 and 90", *e.Latitude)
	}
	if e.Longitude != nil && (*e.Longitude < -180 || *e.Longitude > 180) {
		return Invalid("longitude", "longitude %v is not between -180 and 180", *e.Longitude)
	}
	if e.Fatalities != nil && *e.Fatalities < 0 {
		return Invalid("fatalities", "fatalities cannot be negative")
	}
	if err := checkText("description", e.Description, false, MaxLongText); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range parts {
		if err := checkID("participants.actorId", p.ActorID); err != nil {
			return err
		}
		if seen[p.ActorID+"\x00"+p.Role] {
			return Invalid("participants", "%s is listed twice with the role %q", p.ActorID, p.Role)
		}
		seen[p.ActorID+"\x00"+p.Role] = true
	}
	return checkSources("sourceIds", e.SourceIDs)
}

// Validate checks an allegation with its parties, courts and first status on their own (not
// that the actors exist, nor that the courts are courts).
func (a *Allegation) Validate(parties []Party, lodgings []Lodging) error {
	if err := checkID("id", a.ID); err != nil {
		return err
	}
	if err := checkText("title", a.Title, true, MaxText); err != nil {
		return err
	}
	if err := checkText("summary", a.Summary, false, MaxLongText); err != nil {
		return err
	}
	// No category is allowed: when sources do not say what is charged, it stays unknown.
	for _, c := range a.Categories {
		if !c.Valid() {
			return Invalid("categories", "%q is not a category", c)
		}
	}
	if !a.Status.Valid() {
		return Invalid("status", "%q is not a status", a.Status)
	}
	if err := checkSpan("periodStart", a.PeriodStart, "periodEnd", a.PeriodEnd); err != nil {
		return err
	}
	for _, p := range a.Places {
		if err := checkText("places", p, true, MaxText); err != nil {
			return err
		}
	}
	accused, accusers := map[string]bool{}, map[string]bool{}
	for _, p := range parties {
		field := "accused"
		if p.Accuser {
			field = "accusers"
		}
		if err := checkID(field+".actorId", p.ActorID); err != nil {
			return err
		}
		side, other := accused, accusers
		if p.Accuser {
			side, other = accusers, accused
		}
		if side[p.ActorID] {
			return Invalid(field, "%s is listed twice", p.ActorID)
		}
		if other[p.ActorID] {
			return Invalid(field, "%s cannot be both accuser and accused", p.ActorID)
		}
		side[p.ActorID] = true
	}
	if len(accused) == 0 {
		return Invalid("accused", "an allegation needs at least one accused actor")
	}
	courts := map[string]bool{}
	for _, l := range lodgings {
		if err := checkID("courts.courtId", l.CourtID); err != nil {
			return err
		}
		if courts[l.CourtID] {
			return Invalid("courts", "%s is listed twice", l.CourtID)
		}
		courts[l.CourtID] = true
	}
	return checkSources("sourceIds", a.SourceIDs)
}

// Validate checks a dispute on its own (not that its subject exists).
func (d *Dispute) Validate() error {
	if err := checkID("id", d.ID); err != nil {
		return err
	}
	if d.SubjectID == "" {
		return Invalid("subjectId", "a dispute is about something: give its id")
	}
	if err := checkText("field", d.Field, true, MaxText); err != nil {
		return err
	}
	if err := checkText("note", d.Note, false, MaxLongText); err != nil {
		return err
	}
	if len(d.Claims) < 2 {
		return Invalid("claims", "a dispute needs at least two claims")
	}
	preferred := 0
	for _, c := range d.Claims {
		if err := checkText("claims.value", c.Value, true, MaxLongText); err != nil {
			return err
		}
		if err := checkSources("claims.sourceIds", c.SourceIDs); err != nil {
			return err
		}
		if c.Preferred {
			preferred++
		}
	}
	if preferred > 1 {
		return Invalid("claims", "at most one claim can be preferred")
	}
	return nil
}

// Problems checks every fact of ds with the rules above, and each relationship against the
// kinds of its ends where both are in ds, and returns one line per problem ("actors[3]
// fama: name must not be empty"). References to ids outside ds are not checked here.
func (ds *Dataset) Problems() []string {
	var out []string
	add := func(at string, err error) {
		if err != nil {
			out = append(out, at+": "+ErrorMessage(err))
		}
	}
	kinds := map[string]Kind{}
	for _, a := range ds.Actors {
		kinds[a.ID] = a.Kind
	}
	for i := range ds.Sources {
		add(fmt.Sprintf("sources[%d] %s", i, ds.Sources[i].ID), ds.Sources[i].Validate())
	}
	for i := range ds.Actors {
		add(fmt.Sprintf("actors[%d] %s", i, ds.Actors[i].ID), ds.Actors[i].Validate())
	}
	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		at := fmt.Sprintf("relationships[%d] %s", i, r.ID)
		add(at, r.Validate())
		from, okf := kinds[r.FromID]
		to, okt := kinds[r.ToID]
		if okf && okt && r.Type.Valid() {
			add(at, r.Type.AllowsKinds(from, to))
		}
	}
	parts := map[string][]Participation{}
	for _, p := range ds.Participations {
		parts[p.EventID] = append(parts[p.EventID], p)
	}
	for i := range ds.Events {
		add(fmt.Sprintf("events[%d] %s", i, ds.Events[i].ID), ds.Events[i].Validate(parts[ds.Events[i].ID]))
	}
	parties, lodgings := map[string][]Party{}, map[string][]Lodging{}
	for _, p := range ds.Parties {
		parties[p.AllegationID] = append(parties[p.AllegationID], p)
	}
	for _, l := range ds.Lodgings {
		lodgings[l.AllegationID] = append(lodgings[l.AllegationID], l)
	}
	for i := range ds.Disputes {
		add(fmt.Sprintf("disputes[%d] %s", i, ds.Disputes[i].ID), ds.Disputes[i].Validate())
	}
	for i := range ds.Allegations {
		a := &ds.Allegations[i]
		add(fmt.Sprintf("allegations[%d] %s", i, a.ID), a.Validate(parties[a.ID], lodgings[a.ID]))
		for _, l := range lodgings[a.ID] {
			if k, ok := kinds[l.CourtID]; ok && k != KindCourt {
				out = append(out, fmt.Sprintf("allegations[%d] %s: courts: %s is a %s, not a COURT", i, a.ID, l.CourtID, k))
			}
		}
	}
	return out
}
