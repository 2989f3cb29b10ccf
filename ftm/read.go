package ftm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

var actorSchemata = map[string]bool{"Person": true, "Organization": true, "PublicBody": true,
	"Company": true, "LegalEntity": true}

var documentSchemata = map[string]bool{"Document": true, "Article": true, "Pages": true,
	"PlainText": true, "HyperText": true, "Image": true, "Table": true, "Email": true,
	"Video": true, "Audio": true, "Folder": true, "Package": true, "Workbook": true}

// link is an FtM schema that joins two actors: its two ends and the type it maps to.
type link struct {
	from, to string
	typ      ag.RelType
}

var links = map[string]link{
	"Membership":     {"member", "organization", ag.MemberOf},
	"Directorship":   {"director", "organization", ag.Leads},
	"Representation": {"agent", "client", ag.ControlledBy},
	"UnknownLink":    {"subject", "object", ag.AlliedWith},
	"Associate":      {"person", "associate", ag.AlliedWith},
}

func isActor(schema string) bool    { return actorSchemata[schema] }
func isDocument(schema string) bool { return documentSchemata[schema] }
func isCase(schema string) bool     { return schema == "CourtCase" }

// mapped reports whether this package maps e's schema. A Note is a dispute only when
// actorgraph wrote it.
func mapped(e *entity) bool {
	s := e.Schema
	_, isLink := links[s]
	return isActor(s) || isDocument(s) || isLink || s == "CourtCase" || s == "CourtCaseParty" ||
		s == "Event" || s == "Sanction" || (s == "Note" && e.Ext != nil)
}

// fits reports whether an actorgraph record type can be carried by an FtM schema.
func fits(record, schema string) bool {
	_, isLink := links[schema]
	switch record {
	case recSource:
		return isDocument(schema)
	case recActor:
		return isActor(schema)
	case recRelationship:
		return isLink
	case recAllegation:
		return schema == "CourtCase"
	case recParty, recLodging:
		return schema == "CourtCaseParty"
	case recEvent:
		return schema == "Event"
	case recDispute:
		return schema == "Note"
	}
	return false
}

// mapAll maps the kept entities in an order that lets each check what it references:
// documents, then actors, then what links actors, then the parties of cases.
func (m *mapper) mapAll() {
	for _, rc := range m.order {
		if rc.e.Schema == "CourtCaseParty" && m.lodges(rc.e) {
			m.courtParty[rc.e.ref("case")] = true
		}
	}
	for phase := 0; phase < 4; phase++ {
		for _, rc := range m.order {
			if phaseOf(rc.e.Schema) != phase {
				continue
			}
			if reason := m.mapOne(rc); reason != "" {
				m.rejected[rc.e.ID] = true
				m.rep.reject(rc.line, rc.e.ID, reason)
			}
		}
	}
}

func phaseOf(schema string) int {
	switch {
	case isDocument(schema):
		return 0
	case isActor(schema):
		return 1
	case schema == "CourtCaseParty":
		return 3
	}
	return 2
}

// mapOne maps one entity into m.ds, or returns why it cannot. A mapping checks everything
// before it adds anything, so a rejected line leaves nothing behind.
func (m *mapper) mapOne(rc *record) string {
	switch s := rc.e.Schema; {
	case isDocument(s):
		return m.source(rc)
	case isActor(s):
		return m.actor(rc)
	case s == "CourtCase":
		return m.allegation(rc)
	case s == "CourtCaseParty":
		return m.caseParty(rc)
	case s == "Event":
		return m.event(rc)
	case s == "Sanction":
		return m.sanction(rc)
	case s == "Note":
		return m.dispute(rc)
	}
	return m.relationship(rc)
}

func (m *mapper) id(raw string) string { return mapID(m.opts.Prefix, strings.TrimSpace(raw)) }

// ref maps a reference to another entity. One to an entity not in the file is kept, since
// it may be in the graph, and counted; one to an entity of the wrong sort, or to a rejected
// line, gives a reason.
func (m *mapper) ref(raw, prop string, ok func(string) bool, want string) (string, string) {
	raw = strings.TrimSpace(raw)
	info, found := m.info[raw]
	switch {
	case raw == "":
		return "", prop + " is empty"
	case !found:
		m.rep.Unresolved++
	case m.rejected[raw]:
		return "", fmt.Sprintf("%s %s was rejected (line %d)", prop, raw, info.line)
	case !ok(info.schema):
		return "", fmt.Sprintf("%s %s is of schema %s, not %s", prop, raw, info.schema, want)
	}
	return m.id(raw), ""
}

// date returns the first value of the properties named that is a date. Values that are not
// are reported and left out.
func (m *mapper) date(rc *record, props ...string) ag.Date {
	for _, p := range props {
		for _, v := range rc.e.Properties[p] {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			d, err := parseDate(v)
			if err != nil {
				m.rep.warn(rc.line, rc.e.ID, fmt.Sprintf("%s: %v; left out", p, err))
				continue
			}
			return d
		}
	}
	return ""
}

// extDate reads a date from the actorgraph key.
func (m *mapper) extDate(rc *record, field, s string) ag.Date {
	d, err := ag.ParseDate(s)
	if err != nil {
		m.rep.warn(rc.line, rc.e.ID, fmt.Sprintf("actorgraph.%s: %v; left out", field, err))
	}
	return d
}

// country returns the alpha-3 code of the first country of the properties named that has
// one; codes without one are reported.
func (m *mapper) country(rc *record, props ...string) string {
	if rc.e.Ext != nil && rc.e.Ext.Country != "" {
		return rc.e.Ext.Country
	}
	for _, v := range rc.e.all(props...) {
		if c, ok := alpha3(v); ok {
			return c
		}
		m.rep.warn(rc.line, rc.e.ID, fmt.Sprintf("country %q is not an ISO 3166 alpha-2 code; left out", v))
	}
	return ""
}

// prose is a free-text field: as written for actorgraph's own lines; for foreign ones, the
// values of the first property that has any, joined by blank lines.
func prose(e *entity, props ...string) string {
	if e.Ext != nil {
		return e.first(props[0])
	}
	for _, p := range props {
		if vs := e.all(p); len(vs) > 0 {
			return strings.Join(vs, "\n\n")
		}
	}
	return ""
}

// provenance returns the sources of an entity: its proof, or for foreign data, sources made
// from its sourceUrl, publisher or datasets, or the file's source.
func (m *mapper) provenance(rc *record) []string {
	e := rc.e
	var ids []string
	for _, raw := range e.all("proof") {
		id, reason := m.ref(raw, "proof", isDocument, "a document")
		if reason != "" {
			m.rep.warn(rc.line, e.ID, reason+"; left out")
			continue
		}
		ids = append(ids, id)
	}
	if e.Ext != nil || len(ids) > 0 {
		return ids
	}
	publisher, publisherURL := e.first("publisher"), e.first("publisherUrl")
	for _, u := range e.all("sourceUrl") {
		ids = append(ids, m.madeSource(u, publisher, publisherURL))
	}
	if len(ids) == 0 && publisher != "" {
		ids = append(ids, m.madeSource("", publisher, publisherURL))
	}
	if len(ids) == 0 {
		for _, d := range e.Datasets {
			if d = strings.TrimSpace(d); d != "" && !contains(ids, m.datasetSource(d)) {
				ids = append(ids, m.datasetSource(d))
			}
		}
	}
	if len(ids) == 0 {
		m.addSource(m.opts.Source)
		ids = append(ids, m.opts.Source.ID)
	}
	return ids
}

func (m *mapper) addSource(s ag.Source) {
	if !m.sources[s.ID] {
		m.sources[s.ID] = true
		m.ds.Sources = append(m.ds.Sources, s)
	}
}

// madeSource is the Source of a foreign entity's sourceUrl and publisher, one per pair.
func (m *mapper) madeSource(url, publisher, publisherURL string) string {
	sum := sha256.Sum256([]byte(url + "\x00" + publisher))
	s := ag.Source{ID: m.opts.Prefix + "ftm-source-" + hex.EncodeToString(sum[:6]), URL: url,
		Title: url, Publisher: publisher}
	if url == "" {
		s.Title, s.URL = publisher, publisherURL
	}
	m.addSource(s)
	return s.ID
}

// datasetSource is the Source of an FtM dataset, for entities that cite nothing else.
func (m *mapper) datasetSource(name string) string {
	s := ag.Source{ID: m.id("ftm-dataset-" + name), Title: "FtM dataset " + name}
	m.addSource(s)
	return s.ID
}

func (m *mapper) source(rc *record) string {
	e := rc.e
	s := ag.Source{ID: m.id(e.ID), Title: e.first("title", "name", "fileName"), URL: e.first("sourceUrl"),
		Publisher: e.first("publisher", "author"), Quote: e.first("summary"),
		PublishedAt: m.date(rc, "publishedAt", "date"), RetrievedAt: m.date(rc, "retrievedAt")}
	if x := e.Ext; x != nil {
		if err := ag.ValidGrade(x.Reliability, x.Credibility); err != nil {
			m.rep.warn(rc.line, e.ID, err.Error()+"; grade left out")
		} else {
			s.Reliability, s.Credibility = x.Reliability, x.Credibility
		}
		s.Confidential = x.Confidential
	} else if s.Title == "" && s.URL == "" {
		s.Title = "FtM " + e.Schema + " " + e.ID
	}
	if m.sources[s.ID] {
		return "the id of this document is already a source's"
	}
	m.addSource(s)
	return ""
}

func (m *mapper) actor(rc *record) string {
	e := rc.e
	names := e.all("name")
	if len(names) == 0 && e.Schema == "Person" {
		if full := strings.TrimSpace(e.first("firstName") + " " + e.first("lastName")); full != "" {
			names = []string{full}
		}
	}
	if len(names) == 0 {
		return "the " + e.Schema + " has no name"
	}
	a := ag.Actor{ID: m.id(e.ID), Kind: kindOf(e), Name: names[0], Description: prose(e, "description", "summary")}
	if e.Ext != nil {
		a.Name = e.first("name")
		for _, v := range e.Properties["alias"] {
			if strings.TrimSpace(v) != "" {
				a.Aliases = append(a.Aliases, v)
			}
		}
	} else {
		for _, v := range append(names[1:], e.all("alias", "previousName", "weakAlias")...) {
			if v != a.Name && !contains(a.Aliases, v) {
				a.Aliases = append(a.Aliases, v)
			}
		}
	}
	a.Country = m.country(rc, "country", "mainCountry", "jurisdiction", "nationality", "citizenship")
	if a.Kind == ag.KindPerson {
		a.Founded, a.Dissolved = m.date(rc, "birthDate"), m.date(rc, "deathDate")
	} else {
		a.Founded, a.Dissolved = m.date(rc, "incorporationDate"), m.date(rc, "dissolutionDate")
	}
	if m.actors[a.ID] {
		return "the id of this entity is already an actor's"
	}
	a.SourceIDs = m.provenance(rc)
	m.actors[a.ID] = true
	m.ds.Actors = append(m.ds.Actors, a)
	return ""
}

// kindOf is an actor's kind: a classification that names a Kind, else the schema and
// topics, else ORGANIZATION.
func kindOf(e *entity) ag.Kind {
	for _, c := range e.all("classification") {
		if k := ag.Kind(strings.ToUpper(c)); k.Valid() {
			return k
		}
	}
	topics := e.all("topics")
	has := func(ts ...string) bool {
		for _, t := range ts {
			if contains(topics, t) {
				return true
			}
		}
		return false
	}
	switch {
	case e.Schema == "Person":
		return ag.KindPerson
	case e.Schema == "PublicBody" && has("gov.judicial"):
		return ag.KindCourt
	case e.Schema == "PublicBody" && has("mil", "gov.security"):
		return ag.KindArmedForce
	case e.Schema == "Company" && has("mil"):
		return ag.KindParamilitary
	case (e.Schema == "Organization" || e.Schema == "LegalEntity") && has("mil", "crime.terror", "crime.war"):
		return ag.KindArmedGroup
	}
	return ag.KindOrganization
}

func (m *mapper) relationship(rc *record) string {
	e := rc.e
	l := links[e.Schema]
	from, reason := m.ref(e.ref(l.from), l.from, isActor, "an actor")
	if reason != "" {
		return "the " + e.Schema + "'s " + reason
	}
	to, reason := m.ref(e.ref(l.to), l.to, isActor, "an actor")
	if reason != "" {
		return "the " + e.Schema + "'s " + reason
	}
	r := ag.Relationship{ID: m.id(e.ID), Type: l.typ, FromID: from, ToID: to,
		Since: m.date(rc, "startDate", "date"), Until: m.date(rc, "endDate"),
		Note: prose(e, "description", "summary")}
	if r.Until.Before(r.Since) {
		return fmt.Sprintf("endDate %s is before startDate %s", r.Until, r.Since)
	}
	if x := e.Ext; x != nil {
		if t := ag.RelType(x.Type); t.Valid() {
			r.Type = t
		} else if x.Type != "" {
			m.rep.warn(rc.line, e.ID, fmt.Sprintf("type %q is not one of %v; read as %s", x.Type, ag.RelTypes, r.Type))
		}
		r.EndAnnounced = m.extDate(rc, "endAnnounced", x.EndAnnounced)
		r.Status, r.Role = e.first("status"), e.first("role")
	} else {
		r.Role = strings.Join(e.all("role", "relationship"), "; ")
		r.Status = strings.Join(e.all("status"), "; ")
		if r.Type == ag.AlliedWith {
			// An unknown link or an associate is weaker than an alliance: say so.
			r.Status = strings.TrimSuffix("FtM "+e.Schema+"; "+r.Status, "; ")
		}
	}
	r.SourceIDs = m.provenance(rc)
	m.ds.Relationships = append(m.ds.Relationships, r)
	return ""
}

// statusWords read the status of a foreign court case, first match wins.
var statusWords = []struct {
	word   string
	status ag.Status
}{
	{"acquit", "ACQUITTED"}, {"convict", "CONVICTED"}, {"guilty", "CONVICTED"}, {"sentenc", "CONVICTED"},
	{"dismiss", "DISMISSED"}, {"withdr", "WITHDRAWN"}, {"trial", "TRIAL"}, {"charge", "CHARGED"},
	{"indict", "CHARGED"}, {"warrant", "WARRANT_ISSUED"}, {"investigat", "INVESTIGATION"},
}

// enumOf reads a word as an actorgraph enum value: "Crimes against humanity" → "CRIMES_AGAINST_HUMANITY".
func enumOf(s string) string {
	return strings.ToUpper(strings.ReplaceAll(slug(s, 100), "-", "_"))
}

func (m *mapper) allegation(rc *record) string {
	e := rc.e
	title := e.first("name")
	if title == "" && e.Ext == nil && e.first("caseNumber") != "" {
		title = "Court case " + e.first("caseNumber")
	}
	if title == "" {
		return "the CourtCase has no name"
	}
	a := ag.Allegation{ID: m.id(e.ID), Title: title, Summary: prose(e, "summary", "description")}
	for _, c := range e.all("category") {
		cat := ag.Category(enumOf(c))
		if !cat.Valid() {
			m.rep.warn(rc.line, e.ID, fmt.Sprintf("category %q is not one of %v; read as OTHER", c, ag.Categories))
			cat = "OTHER"
		}
		if !slices.Contains(a.Categories, cat) {
			a.Categories = append(a.Categories, cat)
		}
	}
	status := e.first("status")
	if st := ag.Status(enumOf(status)); st.Valid() {
		a.Status = st
	} else if e.Ext == nil {
		a.Status = "COMPLAINT_FILED" // a court case exists: at least a complaint was filed
		for _, w := range statusWords {
			if strings.Contains(strings.ToLower(status), w.word) {
				a.Status = w.status
				break
			}
		}
		if status != "" && a.Status == "COMPLAINT_FILED" {
			m.rep.warn(rc.line, e.ID, fmt.Sprintf("status %q not understood; read as COMPLAINT_FILED", status))
		}
	} else if status != "" {
		m.rep.warn(rc.line, e.ID, fmt.Sprintf("status %q is not one of %v; left out", status, ag.Statuses))
	}

	var history []ag.StatusChange
	if x := e.Ext; x != nil {
		a.PeriodStart, a.PeriodEnd = m.extDate(rc, "periodStart", x.PeriodStart), m.extDate(rc, "periodEnd", x.PeriodEnd)
		a.Places = x.Places
		for _, h := range x.StatusHistory {
			if !ag.Status(h.Status).Valid() {
				m.rep.warn(rc.line, e.ID, fmt.Sprintf("status history entry %q is not a status; left out", h.Status))
				continue
			}
			history = append(history, ag.StatusChange{AllegationID: a.ID, Status: ag.Status(h.Status),
				Date: m.extDate(rc, "statusHistory.date", h.Date), Note: h.Note, SourceIDs: m.sourceRefs(rc, h.Sources)})
		}
	}
	a.SourceIDs = m.provenance(rc)
	if e.Ext == nil {
		fileDate := m.date(rc, "fileDate")
		history = []ag.StatusChange{{AllegationID: a.ID, Status: a.Status, Date: fileDate, SourceIDs: a.SourceIDs}}
		if court := strings.TrimSpace(e.first("court")); court != "" && !m.courtParty[e.ID] {
			m.courtFromText(court, a, fileDate, e.first("caseNumber"))
		}
	}
	m.ds.Allegations = append(m.ds.Allegations, a)
	m.ds.StatusChanges = append(m.ds.StatusChanges, history...)
	return ""
}

// courtFromText makes a COURT actor of a court case's "court" text, one per name, and lodges
// the allegation with it.
func (m *mapper) courtFromText(name string, a ag.Allegation, date ag.Date, reference string) {
	id := m.id("ftm-court-" + name)
	if !m.actors[id] {
		m.actors[id] = true
		m.ds.Actors = append(m.ds.Actors, ag.Actor{ID: id, Kind: ag.KindCourt, Name: name,
			Description: "Court named by a court case in FtM data.", SourceIDs: a.SourceIDs})
	}
	m.ds.Lodgings = append(m.ds.Lodgings, ag.Lodging{AllegationID: a.ID, CourtID: id, Date: date, Reference: reference})
}

// sourceRefs maps source ids written in the actorgraph key.
func (m *mapper) sourceRefs(rc *record, raws []string) []string {
	var ids []string
	for _, raw := range raws {
		id, reason := m.ref(raw, "source", isDocument, "a document")
		if reason != "" {
			m.rep.warn(rc.line, rc.e.ID, reason+"; left out")
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// Words of the roles of case parties, for foreign data.
var (
	accuserWords = []string{"plaintiff", "complainant", "claimant", "applicant", "petitioner", "prosecutor", "prosecution", "accuser"}
	accusedWords = []string{"defendant", "accused", "respondent", "suspect", "perpetrator"}
	courtWords   = []string{"court", "tribunal"}
)

func hasWord(role string, words []string) bool {
	role = strings.ToLower(role)
	for _, w := range words {
		if strings.Contains(role, w) {
			return true
		}
	}
	return false
}

// lodges reports whether a case party is the court the case is before.
func (m *mapper) lodges(e *entity) bool {
	if e.Ext != nil {
		return e.Ext.Record == recLodging
	}
	return hasWord(e.first("role"), courtWords)
}

func (m *mapper) caseParty(rc *record) string {
	e := rc.e
	caseID, reason := m.ref(e.ref("case"), "case", isCase, "a court case")
	if reason != "" {
		return "the CourtCaseParty's " + reason
	}
	party, reason := m.ref(e.ref("party"), "party", isActor, "an actor")
	if reason != "" {
		return "the CourtCaseParty's " + reason
	}
	role, date := e.first("role"), m.date(rc, "date", "startDate")
	if m.lodges(e) {
		m.ds.Lodgings = append(m.ds.Lodgings, ag.Lodging{AllegationID: caseID, CourtID: party, Date: date,
			Reference: e.first("recordId")})
		return ""
	}
	p := ag.Party{AllegationID: caseID, ActorID: party, Date: date, Role: role}
	switch {
	case e.Ext != nil:
		p.Accuser, p.Role = role == "plaintiff", e.first("description")
	case hasWord(role, accuserWords):
		p.Accuser = true
	case hasWord(role, accusedWords):
	default:
		return fmt.Sprintf("role %q is neither an accuser's (%s), an accused's (%s) nor a court's", role,
			strings.Join(accuserWords, ", "), strings.Join(accusedWords, ", "))
	}
	m.ds.Parties = append(m.ds.Parties, p)
	return ""
}

func (m *mapper) event(rc *record) string {
	e := rc.e
	ev := ag.Event{ID: m.id(e.ID), Title: e.first("name"), Date: m.date(rc, "date", "startDate"),
		EndDate: m.date(rc, "endDate"), Place: e.first("location"),
		Country: m.country(rc, "country"), Description: prose(e, "description", "summary")}
	var parts []ag.Participation
	if x := e.Ext; x != nil {
		ev.Type = e.first("keywords")
		ev.Admin1, ev.Admin2, ev.Admin3 = x.Admin1, x.Admin2, x.Admin3
		ev.Latitude, ev.Longitude, ev.Fatalities = x.Latitude, x.Longitude, x.Fatalities
		for _, p := range x.Participants {
			parts = m.participant(rc, parts, ev.ID, p.Actor, p.Role)
		}
	} else {
		if ev.Title == "" {
			ev.Title = e.first("summary")
		}
		if ev.Place == "" {
			ev.Place = e.first("address")
		}
		ev.Type = "EVENT"
		if k := enumOf(e.first("keywords")); k != "" {
			ev.Type = k
		}
		for _, raw := range e.all("involved") {
			parts = m.participant(rc, parts, ev.ID, raw, "involved")
		}
		for _, raw := range e.all("organizer") {
			parts = m.participant(rc, parts, ev.ID, raw, "organizer")
		}
	}
	if ev.Title == "" {
		return "the Event has no name"
	}
	ev.SourceIDs = m.provenance(rc)
	m.ds.Events = append(m.ds.Events, ev)
	m.ds.Participations = append(m.ds.Participations, parts...)
	return ""
}

// participant adds an actor's part in an event; a reference to something that is not an
// actor is reported and left out, not a reason to lose the event.
func (m *mapper) participant(rc *record, parts []ag.Participation, eventID, raw, role string) []ag.Participation {
	id, reason := m.ref(raw, "participant", isActor, "an actor")
	if reason != "" {
		m.rep.warn(rc.line, rc.e.ID, reason+"; left out")
		return parts
	}
	return append(parts, ag.Participation{EventID: eventID, ActorID: id, Role: role})
}

// sanction maps a foreign Sanction to an event of type SANCTION.
func (m *mapper) sanction(rc *record) string {
	e := rc.e
	target, reason := m.ref(e.ref("entity"), "entity", isActor, "an actor")
	if reason != "" {
		return "the Sanction's " + reason
	}
	title := "Sanction"
	if a := e.first("authority"); a != "" {
		title += " by " + a
	}
	if p := e.first("program"); p != "" {
		title += " (" + p + ")"
	}
	ev := ag.Event{ID: m.id(e.ID), Title: title, Type: "SANCTION",
		Date: m.date(rc, "startDate", "listingDate", "date"), EndDate: m.date(rc, "endDate"),
		Country:     m.country(rc, "country"),
		Description: strings.Join(e.all("reason", "provisions", "summary", "description"), "\n\n")}
	ev.SourceIDs = m.provenance(rc)
	m.ds.Events = append(m.ds.Events, ev)
	m.ds.Participations = append(m.ds.Participations, ag.Participation{EventID: ev.ID, ActorID: target, Role: "sanctioned"})
	return ""
}

// dispute maps a Note that actorgraph wrote back to a Dispute. Its subject may be any node
// or relationship, so it is not checked against a schema.
func (m *mapper) dispute(rc *record) string {
	e := rc.e
	subject := e.ref("entity")
	if subject == "" {
		return "the Note has no entity"
	}
	if _, ok := m.info[subject]; !ok {
		m.rep.Unresolved++
	}
	d := ag.Dispute{ID: m.id(e.ID), SubjectID: m.id(subject), Field: e.Ext.Field, Note: e.first("description")}
	for _, c := range e.Ext.Claims {
		d.Claims = append(d.Claims, ag.Claim{Value: c.Value, Preferred: c.Preferred, SourceIDs: m.sourceRefs(rc, c.Sources)})
	}
	m.ds.Disputes = append(m.ds.Disputes, d)
	return ""
}
