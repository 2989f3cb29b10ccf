// Package ftm reads and writes FollowTheMoney (FtM) entities as JSON lines, the format of
// OpenAleph and OpenSanctions: one entity a line, {"id", "schema", "properties": {name:
// [values]}, "datasets"}. Read turns a file into an actorgraph Dataset and a Report of what
// it could not map; Write turns a Dataset into a file that Read turns back into the same
// Dataset, so an export imported into an empty database gives the same graph.
//
// # Mapping
//
//	actorgraph            FtM schema        FtM properties
//	Source                Document          title, sourceUrl, publisher, publishedAt,
//	                                        retrievedAt, summary (the quote)
//	Actor PERSON          Person            name, alias, country, description,
//	                                        birthDate, deathDate (founded, dissolved)
//	Actor STATE, JUNTA,   PublicBody        name, alias, country, description,
//	  ARMED_FORCE, COURT                    incorporationDate, dissolutionDate
//	Actor ARMED_GROUP,    Organization      (the same)
//	  NGO, ORGANIZATION
//	Actor PARAMILITARY    Company           (the same)
//	Relationship          Membership        MEMBER_OF: member → organization
//	                      Directorship      LEADS: director → organization
//	                      Representation    CONTROLLED_BY: agent → client
//	                      UnknownLink       every other type: subject → object
//	                                        and all: startDate, endDate (since, until),
//	                                        status, role, description (the note)
//	Allegation            CourtCase         name (title), summary, category, status
//	Party                 CourtCaseParty    case, party, role plaintiff (accuser) or
//	                                        defendant (accused), description (the
//	                                        party's role), date
//	Lodging               CourtCaseParty    case, party (the court), role "court",
//	                                        date, recordId (the court's reference)
//	Event, Participation  Event             name, keywords (the type), date, endDate,
//	                                        location, country, description, involved
//	Dispute               Note              entity (the subject), description
//
// Every node's sources are its "proof": references to the Document of each Source, which
// is FtM's own way to say where an entity comes from. Countries are FtM's lower-case
// alpha-2 codes ("ml") outside and alpha-3 ("MLI") inside.
//
// An actor's exact kind is its "classification", a free-text property every FtM legal
// entity has, because the kind decides the schema but the schema does not decide the kind
// (STATE, JUNTA, ARMED_FORCE and COURT are all PublicBody). FtM "topics" are written too,
// in FtM's own vocabulary (gov.national, gov.security, gov.judicial, gov.igo, mil), for FtM
// readers.
//
// What FtM has no property for travels under a top-level "actorgraph" key beside
// "properties": a source's grades and confidentiality, a relationship's exact type and
// announced end, an allegation's period, places and dated status history, an event's admin
// levels, coordinates, fatalities and participants with their roles, a dispute's field and
// claims, and a country without an alpha-2 code. FtM's tools keep unknown top-level keys,
// so an export survives a pass through them. A line that carries the key is read back
// exactly; one that does not is foreign data, read as described next.
//
// # Foreign data
//
// Actors: Person is PERSON; otherwise a classification naming a Kind wins, then topics
// (PublicBody: gov.judicial COURT, mil or gov.security ARMED_FORCE; Company: mil
// PARAMILITARY; Organization or LegalEntity: mil, crime.terror or crime.war ARMED_GROUP),
// and anything else is an ORGANIZATION — a public body, company or organisation of an
// unknown sort is not claimed to be armed. All names but the first, and alias,
// previousName and weakAlias, become aliases.
//
// Links: Membership, Directorship and Representation as above; UnknownLink and Associate
// become ALLIED_WITH, the one symmetric type, with the Associate's "relationship" as the
// role. That is a stretch for an unknown link, so its status says where it came from
// ("FtM UnknownLink") and the claim can be told from a documented alliance.
//
// CourtCase is an allegation (status mapped from words such as "convicted" or "trial",
// COMPLAINT_FILED otherwise; categories that are not actorgraph categories become OTHER),
// with one status entry dated by fileDate. A CourtCaseParty whose role names an accuser
// (plaintiff, complainant, claimant, applicant, petitioner, prosecutor, accuser) or an
// accused (defendant, accused, respondent, suspect, perpetrator) is a party; one whose role
// is court or tribunal is a lodging; any other role is rejected with its line. A case's
// "court" text, where no court is among its parties, becomes a COURT actor and a lodging.
//
// A Sanction is an Event of type SANCTION in which the sanctioned entity takes part as
// "sanctioned", dated by startDate or listingDate, titled by authority and program.
//
// Provenance: an entity's proof, else a Source for each sourceUrl (with its publisher),
// else one for its publisher, else one for each of its datasets, else Options.Source. The
// sources made up here have ids "ftm-source-<hash>" and "ftm-dataset-<name>".
//
// Ids: an FtM id that is a valid actorgraph id is kept verbatim; any other is slugged with
// a short hash (see mapID). Options.Prefix goes before every id, so that a foreign file
// cannot overwrite hand-made actors.
//
// Every other schema (Address, Ownership, Family, Vessel, ...) is counted in the Report
// with examples of its ids, never dropped silently; so is a line that cannot be mapped,
// with its line number and the reason. Fragments of one entity on several lines are merged,
// as FtM's aggregation does. Read holds the mapped entities of a file in memory.
package ftm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Options set how a file is read. The zero value reads an actorgraph export.
type Options struct {
	// Prefix goes before every id read or made ("os-"), so that the entities of a foreign
	// file cannot overwrite hand-made ones. It must be a valid id followed by "-", or "".
	Prefix string
	// Source is cited by the entities of a foreign file that name no source, no publisher
	// and no dataset. Zero: a Source "ftm-import" titled "FollowTheMoney import".
	Source ag.Source
	// MaxLineBytes rejects longer lines; 0 means 16 MiB.
	MaxLineBytes int
}

// maxListed bounds the rejected lines and warnings a Report lists; the totals count all.
const maxListed = 1000

// Report says what Read did with each line.
type Report struct {
	Lines         int                  // non-blank lines read
	Schemata      map[string]int       // lines per FtM schema, mapped or not
	Unmapped      map[string]*Unmapped // schemata this package does not map
	Rejected      []LineError          // lines not imported, and why (the first 1000)
	RejectedTotal int
	Warnings      []LineError // lines imported with a value left out, and why (the first 1000)
	WarningTotal  int
	Unresolved    int // references to ids not in the file: kept, since they may be in the graph
}

// Unmapped counts the entities of a schema that has no mapping.
type Unmapped struct {
	Count    int
	Examples []string // the first few ids
}

// LineError is a problem with one line: its number (from 1), the entity's id, and why.
type LineError struct {
	Line   int
	ID     string
	Reason string
}

func (e LineError) String() string {
	if e.ID == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d (%s): %s", e.Line, e.ID, e.Reason)
}

func (r *Report) reject(line int, id, reason string) {
	r.RejectedTotal++
	if len(r.Rejected) < maxListed {
		r.Rejected = append(r.Rejected, LineError{line, id, reason})
	}
}

func (r *Report) warn(line int, id, reason string) {
	r.WarningTotal++
	if len(r.Warnings) < maxListed {
		r.Warnings = append(r.Warnings, LineError{line, id, reason})
	}
}

func (r *Report) unmapped(schema, id string) {
	u := r.Unmapped[schema]
	if u == nil {
		u = &Unmapped{}
		r.Unmapped[schema] = u
	}
	u.Count++
	if len(u.Examples) < 3 {
		u.Examples = append(u.Examples, id)
	}
}

// String summarises the report for a person: counts per schema, unmapped schemata with
// examples, and the rejected lines and warnings.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d lines", r.Lines)
	for i, s := range sortedKeys(r.Schemata) {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%s %d", sep, s, r.Schemata[s])
	}
	b.WriteString("\n")
	if len(r.Unmapped) > 0 {
		b.WriteString("not mapped:")
		for _, s := range sortedKeys(r.Unmapped) {
			fmt.Fprintf(&b, " %s %d (e.g. %s);", s, r.Unmapped[s].Count, strings.Join(r.Unmapped[s].Examples, ", "))
		}
		b.WriteString("\n")
	}
	for _, l := range []struct {
		what  string
		total int
		list  []LineError
	}{{"rejected", r.RejectedTotal, r.Rejected}, {"warnings", r.WarningTotal, r.Warnings}} {
		if l.total > 0 {
			fmt.Fprintf(&b, "%d %s:\n", l.total, l.what)
			for _, e := range l.list {
				fmt.Fprintf(&b, "  %s\n", e)
			}
		}
	}
	if r.Unresolved > 0 {
		fmt.Fprintf(&b, "%d references to ids not in the file (kept: they may be in the graph)\n", r.Unresolved)
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Read reads FtM JSON lines into a Dataset. Lines that cannot be mapped are left out and
// reported; the error is for a bad Options or a failing reader only.
func Read(r io.Reader, opts Options) (*ag.Dataset, *Report, error) {
	if opts.Prefix != "" && (!strings.HasSuffix(opts.Prefix, "-") || !ag.ValidID(strings.TrimSuffix(opts.Prefix, "-"))) {
		return nil, nil, ag.Invalid("prefix", "prefix %q must be a valid id followed by a hyphen, such as \"os-\"", opts.Prefix)
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = 16 << 20
	}
	if opts.Source.ID == "" {
		opts.Source = ag.Source{ID: opts.Prefix + "ftm-import", Title: "FollowTheMoney import"}
	} else if !ag.ValidID(opts.Source.ID) {
		return nil, nil, ag.Invalid("source", "source id %q is not a valid id", opts.Source.ID)
	}
	m := &mapper{opts: opts, rep: &Report{Schemata: map[string]int{}, Unmapped: map[string]*Unmapped{}},
		info: map[string]idInfo{}, byID: map[string]*record{}, rejected: map[string]bool{},
		sources: map[string]bool{}, actors: map[string]bool{}, courtParty: map[string]bool{}}
	if err := m.scan(r); err != nil {
		return nil, nil, err
	}
	m.mapAll()
	byLine := func(a, b LineError) int { return a.Line - b.Line }
	slices.SortStableFunc(m.rep.Rejected, byLine)
	slices.SortStableFunc(m.rep.Warnings, byLine)
	return &m.ds, m.rep, nil
}

type mapper struct {
	opts       Options
	rep        *Report
	ds         ag.Dataset
	info       map[string]idInfo  // every entity read: its schema and first line
	byID       map[string]*record // the mapped ones
	order      []*record
	rejected   map[string]bool // FtM ids of rejected lines
	sources    map[string]bool // ids in ds.Sources
	actors     map[string]bool // ids in ds.Actors
	courtParty map[string]bool // FtM ids of cases that have a court among their parties
}

type idInfo struct {
	schema string
	line   int
}

type record struct {
	line int
	e    *entity
}

// scan reads every line, merging fragments, counting schemata and keeping the entities
// this package maps.
func (m *mapper) scan(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		data, tooLong, err := readLine(br, m.opts.MaxLineBytes)
		if err != nil && err != io.EOF {
			return err
		}
		if blank := len(strings.TrimSpace(string(data))) == 0; blank && !tooLong {
			if err == io.EOF {
				return nil
			}
			continue
		}
		m.rep.Lines++
		m.line(n, data, tooLong)
		if err == io.EOF {
			return nil
		}
	}
}

func (m *mapper) line(n int, data []byte, tooLong bool) {
	if tooLong {
		m.rep.reject(n, "", fmt.Sprintf("the line is longer than %d bytes", m.opts.MaxLineBytes))
		return
	}
	e := &entity{}
	if err := json.Unmarshal(data, e); err != nil {
		m.rep.reject(n, "", "not an FtM entity: "+err.Error())
		return
	}
	e.ID = strings.TrimSpace(e.ID)
	switch {
	case e.ID == "":
		m.rep.reject(n, "", "the entity has no id")
		return
	case e.Schema == "":
		m.rep.reject(n, e.ID, "the entity has no schema")
		return
	}
	m.rep.Schemata[e.Schema]++
	if prev, ok := m.info[e.ID]; ok && prev.schema != e.Schema {
		m.rep.reject(n, e.ID, fmt.Sprintf("the id was a %s on line %d; fragments of one entity must share a schema", prev.schema, prev.line))
		return
	} else if !ok {
		m.info[e.ID] = idInfo{e.Schema, n}
	}
	if !mapped(e) {
		m.rep.unmapped(e.Schema, e.ID)
		return
	}
	if e.Ext != nil && !fits(e.Ext.Record, e.Schema) {
		m.rep.reject(n, e.ID, fmt.Sprintf("actorgraph record %q does not fit schema %s", e.Ext.Record, e.Schema))
		return
	}
	if prev := m.byID[e.ID]; prev != nil {
		prev.e.merge(e)
		return
	}
	rec := &record{n, e}
	m.byID[e.ID] = rec
	m.order = append(m.order, rec)
}

// readLine reads one line, without its end; a line over max bytes is consumed and reported
// as too long rather than held in memory.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong && len(line)+len(chunk) <= max+1 {
			line = append(line, chunk...)
		} else {
			tooLong, line = true, nil
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, tooLong, err
	}
}
