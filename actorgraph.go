// Package actorgraph holds the domain of a knowledge graph of the actors in a conflict and
// the allegations between them: the types every other package speaks (Actor, Allegation,
// Relationship, Event, Source, Dispute), the partial Date, and the one Error type with its
// codes. It has no dependencies beyond the standard library and knows nothing of Neo4j,
// GraphQL or any particular conflict; implementations live in packages named after what
// they wrap (store wraps Neo4j, seed wraps data files, server wraps net/http).
package actorgraph

import "fmt"

// Kind is what sort of actor something is. Each actor has exactly one. In Neo4j it is a label
// beside Actor (see Label); in GraphQL it is the ActorKind enum and the actor's concrete type.
type Kind string

// The kinds of actor.
const (
	KindState        Kind = "STATE"        // a sovereign state
	KindJunta        Kind = "JUNTA"        // a ruling military council
	KindArmedForce   Kind = "ARMED_FORCE"  // the armed forces of a state
	KindArmedGroup   Kind = "ARMED_GROUP"  // a non-state armed group
	KindParamilitary Kind = "PARAMILITARY" // a private or state-run military contractor
	KindNGO          Kind = "NGO"          // a non-governmental organisation or association
	KindCourt        Kind = "COURT"        // a court or tribunal
	KindOrganization Kind = "ORGANIZATION" // an intergovernmental body, bloc or alliance
	KindPerson       Kind = "PERSON"       // a natural person
)

// Kinds lists every Kind in a fixed order.
var Kinds = []Kind{KindState, KindJunta, KindArmedForce, KindArmedGroup, KindParamilitary,
	KindNGO, KindCourt, KindOrganization, KindPerson}

var kindLabels = map[Kind]string{
	KindState: "State", KindJunta: "Junta", KindArmedForce: "ArmedForce",
	KindArmedGroup: "ArmedGroup", KindParamilitary: "Paramilitary", KindNGO: "NGO",
	KindCourt: "Court", KindOrganization: "Organization", KindPerson: "Person",
}

// Label returns the Neo4j label of k ("ArmedForce" for ARMED_FORCE), or "" if k is unknown.
func (k Kind) Label() string { return kindLabels[k] }

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return kindLabels[k] != "" }

// KindOfLabel returns the Kind whose label is l, and false if there is none.
func KindOfLabel(l string) (Kind, bool) {
	for k, label := range kindLabels {
		if label == l {
			return k, true
		}
	}
	return "", false
}

// Actor is anyone who acts in the conflict: a state, a junta, a force, a group, a company, an
// NGO, a court, an organisation or a person.
type Actor struct {
	ID          string   `json:"id,omitempty"`      // stable, human-readable slug: "mali", "africa-corps"
	Kind        Kind     `json:"kind,omitempty"`    // exactly one
	Name        string   `json:"name,omitempty"`    // the name most sources use
	Aliases     []string `json:"aliases,omitempty"` // other names, spellings and acronyms: "FAMa", "Forces Armées Maliennes"
	Country     string   `json:"country,omitempty"` // ISO 3166-1 alpha-3 code where one applies ("MLI"), else ""
	Description string   `json:"description,omitempty"`
	Founded     Date     `json:"founded,omitempty"`
	Dissolved   Date     `json:"dissolved,omitempty"`
	SourceIDs   []string `json:"sourceIds,omitempty"` // the sources that attest the actor and its properties
	// Lacks is what a read left out because nobody asked for it; the zero value lacks
	// nothing. An actor must never answer for a field it lacks: it would answer empty.
	Lacks ActorFields `json:"-"`
}

// ActorFields is a set of an Actor's fields beyond ID, Kind and Name, which every read
// brings. The others cost a read of many actors more than the actors themselves (the sources
// most: a walk of each actor's citations), so such a read brings only those asked for.
type ActorFields uint8

const (
	ActorAliases ActorFields = 1 << iota
	ActorCountry
	ActorDescription
	ActorDates   // Founded and Dissolved
	ActorSources // SourceIDs

	AllActorFields = ActorAliases | ActorCountry | ActorDescription | ActorDates | ActorSources
)

// Within reports whether every field of f is in g.
func (f ActorFields) Within(g ActorFields) bool { return f&^g == 0 }

// RelType is the type of a dated relationship between two actors.
type RelType string

// The relationship types. Their Neo4j relationship type is the same word.
const (
	MemberOf     RelType = "MEMBER_OF"     // belongs to an organisation, bloc, treaty body, coalition or junta
	AlliedWith   RelType = "ALLIED_WITH"   // alliance or military partnership; symmetric
	Governs      RelType = "GOVERNS"       // a junta or government governs a state
	Leads        RelType = "LEADS"         // a person leads a junta, state, group or body
	PartOf       RelType = "PART_OF"       // a force belongs to a state
	OperatesIn   RelType = "OPERATES_IN"   // deployed or active in a country
	Succeeded    RelType = "SUCCEEDED"     // one actor replaced another
	ControlledBy RelType = "CONTROLLED_BY" // directed or run by
	Investigates RelType = "INVESTIGATES"  // a court investigates a situation in a state
)

// RelTypes lists every RelType in a fixed order.
var RelTypes = []RelType{MemberOf, AlliedWith, Governs, Leads, PartOf, OperatesIn, Succeeded,
	ControlledBy, Investigates}

// Valid reports whether t is one of RelTypes.
func (t RelType) Valid() bool {
	for _, v := range RelTypes {
		if t == v {
			return true
		}
	}
	return false
}

// Symmetric reports whether a relationship of type t means the same read in both directions.
func (t RelType) Symmetric() bool { return t == AlliedWith }

// Relationship is a typed, dated, sourced link from one actor to another.
//
// Since and Until bound the time the relationship held; either may be unknown. Until is when
// an end took effect; EndAnnounced is when it was announced, which for withdrawals is often
// a year or more earlier (ECOWAS: announced 2024-01-28, effective 2025-01-29). A relationship
// whose end was announced but has not taken effect has EndAnnounced set and Until unknown.
type Relationship struct {
	ID           string   `json:"id,omitempty"`
	Type         RelType  `json:"type,omitempty"`
	FromID       string   `json:"fromId,omitempty"`
	ToID         string   `json:"toId,omitempty"`
	Since        Date     `json:"since,omitempty"`
	Until        Date     `json:"until,omitempty"`
	EndAnnounced Date     `json:"endAnnounced,omitempty"`
	Status       string   `json:"status,omitempty"` // free text where it applies: "state party", "observer", "suspended"
	Role         string   `json:"role,omitempty"`   // free text where it applies: "president", "head of the junta"
	Note         string   `json:"note,omitempty"`
	SourceIDs    []string `json:"sourceIds,omitempty"`
}

// ActiveOn reports whether r held on day d: it had begun (Since unknown or not after d) and
// had not ended (Until unknown or after d). Partial dates count from their earliest day.
func (r *Relationship) ActiveOn(d Date) bool {
	return (r.Since == "" || r.Since <= d) && (r.Until == "" || d < r.Until)
}

// Category classifies what an allegation alleges.
type Category string

// Categories of allegation: crimes under international law, other serious crimes, and
// non-criminal accusations such as political bias of an institution.
var Categories = []Category{"WAR_CRIMES", "CRIMES_AGAINST_HUMANITY", "GENOCIDE",
	"SUMMARY_EXECUTION", "ENFORCED_DISAPPEARANCE", "TORTURE", "SEXUAL_VIOLENCE",
	"ATTACK_ON_CIVILIANS", "ATTACK_ON_CULTURAL_PROPERTY", "DEPORTATION", "TERRORISM",
	"POLITICAL_BIAS", "OTHER"}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool {
	for _, v := range Categories {
		if c == v {
			return true
		}
	}
	return false
}

// Status is where an allegation stands.
type Status string

// Statuses in their usual order of progress; DISMISSED, ACQUITTED and WITHDRAWN end a case
// without a conviction.
var Statuses = []Status{"REPORTED", "COMPLAINT_FILED", "PRELIMINARY_EXAMINATION",
	"INVESTIGATION", "WARRANT_ISSUED", "CHARGED", "TRIAL", "CONVICTED", "ACQUITTED",
	"DISMISSED", "WITHDRAWN"}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Allegation is a claim that one or more actors did something wrong, made by one or more
// accusers. It is a node, not an edge, because it has many parties and a life of its own.
// "Who accuses whom" is a projection of its parties.
type Allegation struct {
	ID          string     `json:"id,omitempty"`
	Title       string     `json:"title,omitempty"`
	Summary     string     `json:"summary,omitempty"`
	Categories  []Category `json:"categories,omitempty"`
	PeriodStart Date       `json:"periodStart,omitempty"` // when the alleged conduct began
	PeriodEnd   Date       `json:"periodEnd,omitempty"`   // when it ended, if it did
	Places      []string   `json:"places,omitempty"`
	Status      Status     `json:"status,omitempty"` // the latest entry of the status history
	SourceIDs   []string   `json:"sourceIds,omitempty"`
}

// Party is an actor's part in an allegation: an accuser (MADE) or an accused (AGAINST).
type Party struct {
	AllegationID string `json:"allegationId,omitempty"`
	ActorID      string `json:"actorId,omitempty"`
	Accuser      bool   `json:"accuser,omitempty"` // true for an accuser (MADE), false for an accused (AGAINST)
	Role         string `json:"role,omitempty"`    // "complainant", "perpetrator", "partner force"
	Date         Date   `json:"date,omitempty"`    // when the accuser made the allegation; unknown for the accused
}

// Lodging records that an allegation was brought before a court.
type Lodging struct {
	AllegationID string `json:"allegationId,omitempty"`
	CourtID      string `json:"courtId,omitempty"`
	Date         Date   `json:"date,omitempty"`
	Reference    string `json:"reference,omitempty"` // the court's case or communication number, if known
}

// StatusChange is one entry of an allegation's dated status history.
type StatusChange struct {
	AllegationID string   `json:"allegationId,omitempty"`
	Status       Status   `json:"status,omitempty"`
	Date         Date     `json:"date,omitempty"`
	Note         string   `json:"note,omitempty"`
	SourceIDs    []string `json:"sourceIds,omitempty"`
}

// Event is something that happened on a date: a coup, a treaty signing, a withdrawal
// announcement, a complaint, a massacre, a deployment.
type Event struct {
	ID          string   `json:"id,omitempty"`
	Title       string   `json:"title,omitempty"`
	Type        string   `json:"type,omitempty"` // COUP, TREATY_SIGNING, ANNOUNCEMENT, ... (free vocabulary, upper case)
	Date        Date     `json:"date,omitempty"`
	EndDate     Date     `json:"endDate,omitempty"` // for events that span days
	Place       string   `json:"place,omitempty"`   // the place as sources name it: "Moura", "Solenzo"
	Country     string   `json:"country,omitempty"` // ISO 3166-1 alpha-3 code of the country it happened in, if known
	Admin1      string   `json:"admin1,omitempty"`  // first-level administrative division (region), if known
	Admin2      string   `json:"admin2,omitempty"`  // second level (cercle, province), if known
	Admin3      string   `json:"admin3,omitempty"`  // third level (commune), if known
	Latitude    *float64 `json:"latitude,omitempty"`
	Longitude   *float64 `json:"longitude,omitempty"`
	Fatalities  *int     `json:"fatalities,omitempty"` // reported deaths; nil when no figure is reported (0 is a figure)
	Description string   `json:"description,omitempty"`
	SourceIDs   []string `json:"sourceIds,omitempty"`
}

// Participation is an actor's role in an event.
type Participation struct {
	EventID string `json:"eventId,omitempty"`
	ActorID string `json:"actorId,omitempty"`
	Role    string `json:"role,omitempty"`
}

// Source is where a fact comes from. Reliability grades the source itself and Credibility the
// information it gives, on the Admiralty scale investigators use: reliability A (reliable) to
// F (cannot be judged), credibility 1 (confirmed by other sources) to 6 (cannot be judged).
type Source struct {
	ID           string `json:"id,omitempty"`
	URL          string `json:"url,omitempty"`
	Title        string `json:"title,omitempty"`
	Publisher    string `json:"publisher,omitempty"`
	PublishedAt  Date   `json:"publishedAt,omitempty"`
	RetrievedAt  Date   `json:"retrievedAt,omitempty"`
	Quote        string `json:"quote,omitempty"`
	Reliability  string `json:"reliability,omitempty"`  // "A".."F", "" when not graded
	Credibility  int    `json:"credibility,omitempty"`  // 1..6, 0 when not graded
	Confidential bool   `json:"confidential,omitempty"` // URL and quote are shown to editors and admins only
}

// ValidGrade checks an Admiralty grade; empty values mean "not graded".
func ValidGrade(reliability string, credibility int) error {
	if reliability != "" && (len(reliability) != 1 || reliability[0] < 'A' || reliability[0] > 'F') {
		return fmt.Errorf("reliability %q is not A to F", reliability)
	}
	if credibility < 0 || credibility > 6 {
		return fmt.Errorf("credibility %d is not 1 to 6", credibility)
	}
	return nil
}

// Dispute records that sources disagree about one fact: which field of which node or
// relationship, and each competing claim with its own sources. Nothing is silently picked:
// the stored property holds the value the editors judged best supported (Preferred), and the
// dispute keeps the others visible.
type Dispute struct {
	ID        string  `json:"id,omitempty"`
	SubjectID string  `json:"subjectId,omitempty"` // the id of the node or relationship the dispute is about
	Field     string  `json:"field,omitempty"`     // the field in question: "date", "perpetrators", "until"
	Note      string  `json:"note,omitempty"`      // why they disagree, and what the editors concluded
	Claims    []Claim `json:"claims,omitempty"`
}

// Claim is one side of a Dispute.
type Claim struct {
	Value     string   `json:"value,omitempty"`
	Preferred bool     `json:"preferred,omitempty"`
	SourceIDs []string `json:"sourceIds,omitempty"`
}

// Dataset is a batch of facts to write together: a seed, an import, a generated graph. Ids
// are the join keys; every referenced id must be in the Dataset or already in the graph.
type Dataset struct {
	Sources        []Source
	Actors         []Actor
	Relationships  []Relationship
	Allegations    []Allegation
	Parties        []Party
	Lodgings       []Lodging
	StatusChanges  []StatusChange
	Events         []Event
	Participations []Participation
	Disputes       []Dispute
}

// ValidID reports whether id is a well-formed node id: a slug of lower-case ASCII letters,
// digits and single inner hyphens, at most 200 characters ("africa-corps", "cnsp-niger").
func ValidID(id string) bool {
	if id == "" || len(id) > 200 || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	prev := rune(0)
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') || (r == '-' && prev == '-') {
			return false
		}
		prev = r
	}
	return true
}

// ActorFilter selects actors. Zero fields do not filter.
type ActorFilter struct {
	Kinds    []Kind
	Country  string
	MemberOf string // only actors that are MEMBER_OF this actor...
	AsOf     Date   // ...on this date, when set
	Text     string // only actors whose name or an alias matches these words
}

// AllegationFilter selects allegations. Zero fields do not filter; within a list, any value
// matches.
type AllegationFilter struct {
	Accused    []string
	Accuser    []string
	Court      []string
	Categories []Category
	Statuses   []Status
	Period     *DateRange // overlaps the allegation's period
	Place      string
	Text       string // words in the title, summary or places
}

// DateRange is an inclusive range of dates; either end may be unknown (open).
type DateRange struct {
	From Date
	To   Date
}

// EventFilter selects events. Zero fields do not filter.
type EventFilter struct {
	Actor string
	Types []string
	From  Date
	To    Date
	Text  string // words in the title, description or place
}

// SourceFilter selects sources by grade. Zero fields do not filter.
type SourceFilter struct {
	MinReliability string // "A".."F": this grade or better
	MaxCredibility int    // 1..6: this grade or better
}

// Subgraph is a piece of the graph shaped for link analysis and visualisation: actors as
// nodes, relationships and (optionally) accusations as edges. Ids are those of the rest of the
// API, so a client can ask for more about any node or edge.
type Subgraph struct {
	Nodes     []GraphNode
	Edges     []GraphEdge
	Truncated bool // a node limit cut the subgraph short
}

// GraphNode is an actor in a Subgraph.
type GraphNode struct {
	ID      string
	Label   string // the actor's name
	Kind    Kind
	Country string
	Degree  int // edges of the subgraph that touch this node
}

// GraphEdge is a relationship, or an accusation (Type ACCUSES, accuser → accused, with the
// allegation's id), in a Subgraph.
type GraphEdge struct {
	ID           string // the relationship's id; for an accusation, "<allegation>/<accuser>/<accused>"
	Source       string // the from actor's id
	Target       string // the to actor's id
	Type         string // a RelType, or "ACCUSES"
	Since        Date
	Until        Date
	AllegationID string // for ACCUSES edges
	SourceIDs    []string
}

// Accuses is the GraphEdge type of an accusation edge.
const Accuses = "ACCUSES"
