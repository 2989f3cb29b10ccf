package ftm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// entity is one line of FtM JSON: an entity or a fragment of one. Other top-level keys
// (referents, first_seen, caption, ...) are ignored on reading.
type entity struct {
	ID         string            `json:"id"`
	Schema     string            `json:"schema"`
	Properties map[string]values `json:"properties"`
	Datasets   []string          `json:"datasets,omitempty"`
	Ext        *ext              `json:"actorgraph,omitempty"`
}

// values is a property's list of values. FtM writes strings; a lone string, a number or a
// boolean where a list was due is read as a list of one rather than rejected.
type values []string

func (v *values) UnmarshalJSON(data []byte) error {
	var raw any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	list, ok := raw.([]any)
	if !ok {
		list = []any{raw}
	}
	*v = (*v)[:0]
	for _, x := range list {
		switch x := x.(type) {
		case string:
			*v = append(*v, x)
		case json.Number:
			*v = append(*v, x.String())
		case bool:
			*v = append(*v, strconv.FormatBool(x))
		case nil:
		default:
			return fmt.Errorf("a property value is a %T, not a string", x)
		}
	}
	return nil
}

// ext is what actorgraph writes beside "properties" under the top-level key "actorgraph":
// the record type, and the fields FtM has no property for. FtM's own tools keep unknown
// top-level keys of an entity (they travel in its context), so a file exported here survives
// a pass through them and still imports exactly. A line with this key is read exactly as it
// was written; a line without it is foreign data, read with the heuristics described in the
// package documentation.
type ext struct {
	Record string `json:"record"` // source, actor, relationship, allegation, party, lodging, event, dispute

	Reliability  string `json:"reliability,omitempty"` // source grades
	Credibility  int    `json:"credibility,omitempty"`
	Confidential bool   `json:"confidential,omitempty"`

	Country string `json:"country,omitempty"` // an actor's or event's country that has no alpha-2 code

	Type         string `json:"type,omitempty"` // a relationship's exact type
	EndAnnounced string `json:"endAnnounced,omitempty"`

	PeriodStart   string      `json:"periodStart,omitempty"` // an allegation's period, places and history
	PeriodEnd     string      `json:"periodEnd,omitempty"`
	Places        []string    `json:"places,omitempty"`
	StatusHistory []extStatus `json:"statusHistory,omitempty"`

	Admin1       string           `json:"admin1,omitempty"` // an event's place, toll and actors
	Admin2       string           `json:"admin2,omitempty"`
	Admin3       string           `json:"admin3,omitempty"`
	Latitude     *float64         `json:"latitude,omitempty"`
	Longitude    *float64         `json:"longitude,omitempty"`
	Fatalities   *int             `json:"fatalities,omitempty"`
	Participants []extParticipant `json:"participants,omitempty"`

	Field  string     `json:"field,omitempty"` // a dispute's field and claims
	Claims []extClaim `json:"claims,omitempty"`
}

type extStatus struct {
	Status  string   `json:"status"`
	Date    string   `json:"date,omitempty"`
	Note    string   `json:"note,omitempty"`
	Sources []string `json:"sources,omitempty"`
}

type extParticipant struct {
	Actor string `json:"actor"`
	Role  string `json:"role,omitempty"`
}

type extClaim struct {
	Value     string   `json:"value"`
	Preferred bool     `json:"preferred,omitempty"`
	Sources   []string `json:"sources,omitempty"`
}

// The record types of ext.
const (
	recSource       = "source"
	recActor        = "actor"
	recRelationship = "relationship"
	recAllegation   = "allegation"
	recParty        = "party"
	recLodging      = "lodging"
	recEvent        = "event"
	recDispute      = "dispute"
)

// first returns the first value of the properties named, in that order, that is not blank.
// It is returned as written: a description's spacing is its author's.
func (e *entity) first(props ...string) string {
	for _, p := range props {
		for _, v := range e.Properties[p] {
			if strings.TrimSpace(v) != "" {
				return v
			}
		}
	}
	return ""
}

// ref is the first value of a property that holds an entity id, trimmed.
func (e *entity) ref(prop string) string { return strings.TrimSpace(e.first(prop)) }

// all returns the non-empty values of the properties named, in order, without repeats.
func (e *entity) all(props ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range props {
		for _, v := range e.Properties[p] {
			if v = strings.TrimSpace(v); v != "" && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// merge adds the values of a later fragment of the same entity, as FtM's aggregation does.
func (e *entity) merge(o *entity) {
	if e.Properties == nil {
		e.Properties = map[string]values{}
	}
	for p, vs := range o.Properties {
		for _, v := range vs {
			if !contains(e.Properties[p], v) {
				e.Properties[p] = append(e.Properties[p], v)
			}
		}
	}
	for _, d := range o.Datasets {
		if !contains(e.Datasets, d) {
			e.Datasets = append(e.Datasets, d)
		}
	}
	if e.Ext == nil {
		e.Ext = o.Ext
	}
}

func contains[S ~[]string](s S, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// mapID turns an FtM id into an actorgraph id. An id that is already a valid slug is kept
// verbatim, so what this package exports comes back unchanged. Any other ("NK-2Xr6Vb",
// "Q7747", "ofac.1234") is slugged and given 8 hex digits of its SHA-256, so that ids that
// slug alike ("Q1", "q1") stay apart and the same FtM id always gives the same id.
func mapID(prefix, raw string) string {
	if ag.ValidID(prefix + raw) {
		return prefix + raw
	}
	sum := sha256.Sum256([]byte(raw))
	hash := hex.EncodeToString(sum[:4])
	s := slug(raw, 200-len(prefix)-len(hash)-1)
	if s == "" {
		return prefix + "ftm-" + hash
	}
	return prefix + s + "-" + hash
}

// slug keeps ASCII letters (lower-cased) and digits, joined by single hyphens, at most max bytes.
func slug(s string, max int) string {
	var b strings.Builder
	hyphen := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			if b.Len()+2 > max {
				break
			}
			b.WriteByte('-')
			hyphen = false
		}
		if b.Len()+1 > max {
			break
		}
		b.WriteByte(c)
	}
	return b.String()
}

// parseDate reads an FtM date: an ISO prefix ("2013", "2022-03", "2025-09-22"), possibly
// with a time ("2025-09-22T10:00:00"), which is dropped.
func parseDate(s string) (ag.Date, error) {
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	return ag.ParseDate(s)
}

// alpha3 returns the actorgraph country of an FtM country code, and false if it has none.
func alpha3(code string) (string, bool) {
	c, ok := toAlpha3[strings.ToLower(strings.TrimSpace(code))]
	return c, ok
}
