package store

import (
	"slices"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Values come back from Neo4j as any; these helpers read them leniently, treating a missing
// property as the zero value, because optional properties are simply absent in the graph.

func str(v any) string {
	s, _ := v.(string)
	return s
}

func date(v any) ag.Date { return ag.Date(str(v)) }

func toInt(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

// optInt and optFloat keep "absent" apart from zero: 0 fatalities is a reported figure.
func optInt(v any) *int {
	if n, ok := v.(int64); ok {
		i := int(n)
		return &i
	}
	return nil
}

func optFloat(v any) *float64 {
	switch n := v.(type) {
	case float64:
		return &n
	case int64:
		f := float64(n)
		return &f
	}
	return nil
}

func boolean(v any) bool {
	b, _ := v.(bool)
	return b
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func strs(v any) []string {
	l := list(v)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// props drops empty values so that optional properties are absent rather than "" in the
// graph: an absent property is "unknown", and IS NULL tests then mean what they say.
func props(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		switch v := kv[i+1].(type) {
		case string:
			if v != "" {
				m[k] = v
			}
		case ag.Date:
			if v != "" {
				m[k] = string(v)
			}
		case []string:
			if len(v) > 0 {
				m[k] = v
			}
		case int:
			if v != 0 {
				m[k] = v
			}
		case bool:
			if v {
				m[k] = v
			}
		case *int: // nil is unknown; a pointed-to 0 is a value
			if v != nil {
				m[k] = *v
			}
		case *float64:
			if v != nil {
				m[k] = *v
			}
		default:
			if v != nil {
				m[k] = v
			}
		}
	}
	return m
}

// The projections below are the one place where a node's properties become a map for Go.
// Each query that returns a node of a kind uses its projection, and the matching decoder.

// actorProjection returns an Actor node `a` with its kind label and every field.
var actorProjection = actorProjectionOf("a", ag.AllActorFields)

// actorProjectionOf returns the Actor node in variable v with its id, name and labels, and of
// its other fields those in want. decodeActor records what it left out in Actor.Lacks.
func actorProjectionOf(v string, want ag.ActorFields) string {
	p := v + " {.id, .name, labels: labels(" + v + ")"
	for _, f := range actorFieldProjections {
		if want&f.field != 0 {
			p += ", " + strings.ReplaceAll(f.cypher, "$v", v)
		}
	}
	return p + "}"
}

// actorFieldProjections are the map projection entries of each optional field of an actor,
// with the keys decodeActor finds them under; $v stands for the node's variable.
var actorFieldProjections = []struct {
	field  ag.ActorFields
	cypher string
	key    string
}{
	{ag.ActorAliases, ".aliases", "aliases"},
	{ag.ActorCountry, ".country", "country"},
	{ag.ActorDescription, ".description", "description"},
	{ag.ActorDates, ".founded, .dissolved", "founded"},
	{ag.ActorSources, "sourceIds: [($v)-[:SUPPORTED_BY]->(src:Source) | src.id]", "sourceIds"},
}

// decodeActor reads an actorProjectionOf: a field whose key is absent was not asked for and
// is lacking (a property the node has not is there, as null).
func decodeActor(v any) *ag.Actor {
	m := obj(v)
	a := &ag.Actor{ID: str(m["id"]), Name: str(m["name"]), Aliases: strs(m["aliases"]),
		Country: str(m["country"]), Description: str(m["description"]),
		Founded: date(m["founded"]), Dissolved: date(m["dissolved"]), SourceIDs: sourceSet(m["sourceIds"])}
	for _, l := range strs(m["labels"]) {
		if k, ok := ag.KindOfLabel(l); ok {
			a.Kind = k
		}
	}
	for _, f := range actorFieldProjections {
		if _, ok := m[f.key]; !ok {
			a.Lacks |= f.field
		}
	}
	return a
}

// relProjection returns a relationship `r` between actors with its type and ends.
const relProjection = `r {.id, .since, .until, .endAnnounced, .status, .role, .note, .sources,
  type: type(r), from: startNode(r).id, to: endNode(r).id}`

func decodeRel(v any) *ag.Relationship {
	m := obj(v)
	return &ag.Relationship{ID: str(m["id"]), Type: ag.RelType(str(m["type"])),
		FromID: str(m["from"]), ToID: str(m["to"]), Since: date(m["since"]), Until: date(m["until"]),
		EndAnnounced: date(m["endAnnounced"]), Status: str(m["status"]), Role: str(m["role"]),
		Note: str(m["note"]), SourceIDs: strs(m["sources"])}
}

// allegationProjection returns an Allegation node `al` with its source ids.
const allegationProjection = `al {.id, .title, .summary, .categories, .periodStart, .periodEnd,
  .places, .status, sourceIds: [(al)-[:SUPPORTED_BY]->(src:Source) | src.id]}`

func decodeAllegation(v any) *ag.Allegation {
	m := obj(v)
	a := &ag.Allegation{ID: str(m["id"]), Title: str(m["title"]), Summary: str(m["summary"]),
		PeriodStart: date(m["periodStart"]), PeriodEnd: date(m["periodEnd"]),
		Places: strs(m["places"]), Status: ag.Status(str(m["status"])), SourceIDs: sourceSet(m["sourceIds"])}
	for _, c := range strs(m["categories"]) {
		a.Categories = append(a.Categories, ag.Category(c))
	}
	return a
}

// eventProjection returns an Event node `e` with its source ids.
const eventProjection = `e {.id, .title, .type, .date, .endDate, .place, .country, .admin1,
  .admin2, .admin3, .latitude, .longitude, .fatalities, .description, sourceIds: [(e)-[:SUPPORTED_BY]->(src:Source) | src.id]}`

func decodeEvent(v any) *ag.Event {
	m := obj(v)
	return &ag.Event{ID: str(m["id"]), Title: str(m["title"]), Type: str(m["type"]),
		Date: date(m["date"]), EndDate: date(m["endDate"]), Place: str(m["place"]),
		Country: str(m["country"]), Admin1: str(m["admin1"]), Admin2: str(m["admin2"]),
		Admin3: str(m["admin3"]), Latitude: optFloat(m["latitude"]), Longitude: optFloat(m["longitude"]),
		Fatalities: optInt(m["fatalities"]), Description: str(m["description"]), SourceIDs: sourceSet(m["sourceIds"])}
}

// sourceProjection returns a Source node `s`.
const sourceProjection = `s {.id, .url, .title, .publisher, .publishedAt, .retrievedAt, .quote,
  .reliability, .credibility, .confidential}`

func decodeSource(v any) *ag.Source {
	m := obj(v)
	return &ag.Source{ID: str(m["id"]), URL: str(m["url"]), Title: str(m["title"]),
		Publisher: str(m["publisher"]), PublishedAt: date(m["publishedAt"]),
		RetrievedAt: date(m["retrievedAt"]), Quote: str(m["quote"]),
		Reliability: str(m["reliability"]), Credibility: toInt(m["credibility"]),
		Confidential: boolean(m["confidential"])}
}

// disputeProjection returns a Dispute node `d` with its claims in order.
const disputeProjection = `d {.id, .subjectId, .field, .note,
  claims: [(d)-[:HAS_CLAIM]->(c:Claim) | c {.value, .preferred, .seq,
    sourceIds: [(c)-[:SUPPORTED_BY]->(src:Source) | src.id]}]}`

func decodeDispute(v any) *ag.Dispute {
	m := obj(v)
	d := &ag.Dispute{ID: str(m["id"]), SubjectID: str(m["subjectId"]), Field: str(m["field"]), Note: str(m["note"])}
	claims := list(m["claims"])
	d.Claims = make([]ag.Claim, len(claims))
	for _, c := range claims {
		cm := obj(c)
		i := toInt(cm["seq"])
		if i < 0 || i >= len(claims) {
			continue
		}
		d.Claims[i] = ag.Claim{Value: str(cm["value"]), Preferred: boolean(cm["preferred"]), SourceIDs: sourceSet(cm["sourceIds"])}
	}
	return d
}

// sourceSet reads the ids of the sources a node is SUPPORTED_BY: a set, which the graph
// returns in no fixed order, so it is sorted to make answers and exports stable.
func sourceSet(v any) []string {
	ids := strs(v)
	slices.Sort(ids)
	return ids
}
