// Package acled reads the CSV exports of ACLED (the Armed Conflict Location & Event Data
// project) into actorgraph Datasets, a chunk of events at a time, so that a file of a
// million rows loads in transactions of a few thousand events.
//
// # Which files
//
// ACLED exports vary, so columns are found by their header names, never by position: the
// current 31-column export, older ones with data_id, event_id_no_cnty and iso3 and without
// sub_event_type, and monadic ones (one row per actor, no actor2 columns). A header without
// event_id_cnty, event_date, event_type and actor1 is not an ACLED export and the whole file
// is refused. Dates may be ISO ("2019-02-22"), long ("22 February 2019") or short
// ("16-Feb-21"); time_precision 3 (ACLED knows only the month) keeps only the month, since
// the model stores no precision nobody stated. Quoted fields may hold commas, quotes and
// newlines, and line numbers count them.
//
// # What a row becomes
//
// Each event is an Event (id "acled-" + event_id_cnty slugged: "acled-mli1234"; type the
// event_type in upper case: "VIOLENCE_AGAINST_CIVILIANS"; date, place, admin levels,
// coordinates, fatalities, notes) citing one Source of its own ("acled-mli1234-source",
// publisher ACLED, title "ACLED event MLI1234", the row's source column as its quote,
// published on the day of the row's timestamp, no URL since ACLED gives none per event).
// A Source per event rather than one per outlet named in the source column: that column
// is free text ("Le Monde; Xinhua") that identifies no document, while ACLED's record of
// this event is exactly what is cited, and can be graded and re-imported by its key.
//
// Its actors take part with their column as role: actor1, assoc_actor_1, actor2 and
// assoc_actor_2 (actor and assoc_actor in monadic files, which do not say the side).
// Several associated actors are separated by ";", and "A and/or B" names both.
//
// A "Violence against civilians" event, or one flagged in civilian_targeting, whose actor1
// is identified also becomes a REPORTED Allegation ("acled-mli1234-allegation") against
// actor1 (role "perpetrator", or "possible perpetrator" for "A and/or B") and its associated
// actors, citing the event's Source, with a category from sub_event_type. ACLED is not made
// an accuser: it records the event, it does not accuse.
//
// # Actors
//
// ACLED names are labels, not ids. The period ACLED appends to governments and their
// forces is dropped: "Military Forces of Mali (2021-)" and "(2013-2020)" are one actor,
// "acled-military-forces-of-mali", named "Military Forces of Mali", whose aliases are the
// dated names (and the acronym before a colon: "JNIM"). The same name always gives the same
// id, and every id this package makes starts with "acled-" so that it cannot overwrite a
// hand-made actor. Options.Aliases (see LoadAliases) maps ACLED names onto actors already in
// the graph instead; such actors are referenced, never written.
//
// Kinds are guessed from the name first (Wagner Group, Africa Corps, private security:
// PARAMILITARY; "Military/Police Forces of": ARMED_FORCE; "Government of": STATE; UN
// missions, AU, ECOWAS: ORGANIZATION), then from the side code inter1/inter2 (digits in
// older exports, words in newer): state forces (1) and external forces (8) ARMED_FORCE,
// rebels (2), political (3) and identity (4) militias ARMED_GROUP. Rioters (5), protesters
// (6), civilians (7) and unidentified armed groups are crowds, not actors: they stay in the
// event's title and notes. An actor cites the Source of each row that gave a new form of
// its name, so its provenance is the rows that attest it.
//
// # Chunks, re-imports and bad rows
//
// Reader.Next returns up to Options.ChunkSize events with the actors and sources they
// reference that were not in an earlier chunk, so chunks loaded in order always reference
// ids already written. An actor met under a new name later is written again, whole, with
// all its names; in a monadic file, an event met again is written again with all its actors
// so far, since a load replaces an event's participants. Ids are keys, so loading the same
// file again changes nothing.
//
// A bad row (no event id, an unparseable date, a bad latitude, longitude or fatality count,
// no event type or actor1, a field count that differs from the header, a malformed quote,
// an event id already seen in a file with one row per event) is skipped and reported as a
// RowError with the line on which the row starts; the other rows still load.
package acled

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// DefaultChunkSize is the number of events Next returns when Options.ChunkSize is 0.
const DefaultChunkSize = 5000

// Options set how a file is read. The zero value is usable.
type Options struct {
	// Aliases maps ACLED names (with or without their date suffix) to the ids of actors
	// already in the graph. See LoadAliases.
	Aliases map[string]string
	// ChunkSize is the most events one call to Next returns; 0 means DefaultChunkSize.
	ChunkSize int
	// RetrievedAt is when the file was downloaded from ACLED; it is set on every Source.
	RetrievedAt ag.Date
}

// RowError is a row that was skipped: the line on which it starts (1 is the header) and why.
type RowError struct {
	Line   int
	Reason string
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Stats counts what a Reader has read so far.
type Stats struct {
	Rows        int // data rows, good and bad
	Skipped     int // bad rows
	Events      int // distinct events
	Actors      int // actors created (not counting aliased ones)
	Allegations int // allegations created
	Crowds      int // names left out as crowds (civilians, protesters, rioters, unidentified)
}

// Reader reads an ACLED export in chunks. It remembers the actors and events it has
// returned, so a Reader is for one file, read once, by one goroutine.
type Reader struct {
	csv     *csv.Reader
	opts    Options
	aliases map[string]string
	cols    columns
	actors  map[string]*actorState
	seen    map[string]int         // event id → line of its first row
	events  map[string]*eventState // monadic files: the actors of each event so far
	stats   Stats
	eof     bool
}

type actorState struct {
	actor ag.Actor
	names map[string]bool // the ACLED names (with date suffix) already seen
}

// eventState is what an event has gathered from its rows: one row in a dyadic file, one
// per actor in a monadic one.
type eventState struct {
	parts   []ag.Participation
	accused []ag.Party
	alleged bool // an allegation has been counted
}

// NewReader reads the header of an ACLED export and returns a Reader for its rows. It fails
// if the header is not an ACLED header.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = DefaultChunkSize
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked per row, so that a short row is reported, not fatal
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, ag.Invalid("header", "the file is empty: an ACLED export starts with its header")
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, ag.Invalid("header", "line %d: the header is not valid CSV: %v", pe.StartLine, pe.Err)
	} else if err != nil {
		return nil, err
	}
	cols, err := readHeader(header)
	if err != nil {
		return nil, err
	}
	aliases := make(map[string]string, len(opts.Aliases))
	for name, id := range opts.Aliases {
		if !ag.ValidID(id) {
			return nil, ag.Invalid("aliases", "%q maps to %q, which is not a valid id", name, id)
		}
		aliases[aliasKey(name)] = id
	}
	return &Reader{csv: cr, opts: opts, aliases: aliases, cols: cols,
		actors: map[string]*actorState{}, seen: map[string]int{}, events: map[string]*eventState{}}, nil
}

// Monadic reports whether the file has one row per actor (no actor2 column).
func (r *Reader) Monadic() bool { return r.cols.monadic() }

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// Next returns the next chunk: up to Options.ChunkSize events, with their sources,
// participations and allegations, and the actors they reference that earlier chunks did
// not hold (or held under fewer names), plus the rows it skipped. At the end it returns
// io.EOF. Any other error is the reader's, and ends the file.
func (r *Reader) Next() (*ag.Dataset, []RowError, error) {
	if r.eof {
		return nil, nil, io.EOF
	}
	c := &chunk{actorSeen: map[string]bool{}, events: map[string]*pending{}}
	var errs []RowError
	for len(c.eventOrder) < r.opts.ChunkSize {
		rec, err := r.csv.Read()
		if err == io.EOF {
			r.eof = true
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.stats.Rows++
			r.stats.Skipped++
			errs = append(errs, RowError{pe.StartLine, "malformed CSV: " + pe.Err.Error()})
			continue
		} else if err != nil {
			return nil, errs, err
		}
		r.stats.Rows++
		line, _ := r.csv.FieldPos(0)
		if reason := r.row(c, rec, line); reason != "" {
			r.stats.Skipped++
			errs = append(errs, RowError{line, reason})
		}
	}
	if r.eof && len(c.eventOrder) == 0 && len(errs) == 0 {
		return nil, nil, io.EOF
	}
	return r.dataset(c), errs, nil
}

// Read reads a whole export into one Dataset. It is Next with no chunk limit, for files
// that fit in memory.
func Read(rd io.Reader, opts Options) (*ag.Dataset, []RowError, error) {
	opts.ChunkSize = math.MaxInt
	r, err := NewReader(rd, opts)
	if err != nil {
		return nil, nil, err
	}
	ds, errs, err := r.Next()
	if err == io.EOF {
		return &ag.Dataset{}, nil, nil
	}
	return ds, errs, err
}

// chunk gathers what the rows of one Next call write, each id once, in first-seen order.
type chunk struct {
	actorOrder []string
	actorSeen  map[string]bool
	eventOrder []string
	events     map[string]*pending
}

type pending struct {
	event      ag.Event
	source     ag.Source
	allegation *ag.Allegation
	status     ag.StatusChange
	state      *eventState
}

func (c *chunk) touchActor(id string) {
	if !c.actorSeen[id] {
		c.actorSeen[id] = true
		c.actorOrder = append(c.actorOrder, id)
	}
}

// row turns one CSV record into chunk entries, or returns why it cannot. Everything is
// checked before anything is recorded, so a bad row leaves no trace.
func (r *Reader) row(c *chunk, rec []string, line int) string {
	if len(rec) != r.cols.width {
		return fmt.Sprintf("the row has %d fields; the header has %d", len(rec), r.cols.width)
	}
	cols := r.cols
	raw := get(rec, cols.eventID)
	if raw == "" {
		return "event_id_cnty is empty"
	}
	id := eventID(raw)
	if id == "" {
		return fmt.Sprintf("event_id_cnty %q has no letter or digit", raw)
	}
	date, err := parseDate(get(rec, cols.date))
	if err != nil {
		return err.Error()
	}
	if get(rec, cols.timePrecision) == "3" && len(date) == 10 {
		date = date[:7]
	}
	lat, err := coordinate(get(rec, cols.latitude), "latitude", 90)
	if err != nil {
		return err.Error()
	}
	lon, err := coordinate(get(rec, cols.longitude), "longitude", 180)
	if err != nil {
		return err.Error()
	}
	fatalities, err := count(get(rec, cols.fatalities))
	if err != nil {
		return err.Error()
	}
	eventType := clean(get(rec, cols.eventType))
	if eventType == "" {
		return "event_type is empty"
	}
	actor1 := clean(get(rec, cols.actor1))
	if actor1 == "" {
		return "actor1 is empty"
	}
	if first, ok := r.seen[id]; ok && !cols.monadic() {
		return fmt.Sprintf("event_id_cnty %s was already on line %d; this row is skipped", raw, first)
	} else if !ok {
		r.seen[id] = line
		r.stats.Events++
	}

	p := c.events[id]
	if p == nil {
		p = &pending{state: r.events[id]}
		if p.state == nil {
			p.state = &eventState{}
			if cols.monadic() {
				r.events[id] = p.state
			}
		}
		c.events[id] = p
		c.eventOrder = append(c.eventOrder, id)
	}
	src := ag.Source{ID: id + "-source", Title: "ACLED event " + raw, Publisher: "ACLED",
		PublishedAt: timestampDate(get(rec, cols.timestamp)), RetrievedAt: r.opts.RetrievedAt,
		Quote: clean(get(rec, cols.source))}
	if scale := clean(get(rec, cols.sourceScale)); scale != "" {
		src.Title += " (source scale: " + scale + ")"
	}
	p.source = src

	what := clean(get(rec, cols.subEventType))
	if what == "" {
		what = eventType
	}
	place := firstOf(clean(get(rec, cols.location)), clean(get(rec, cols.admin1)), clean(get(rec, cols.country)))
	title := what
	if !cols.monadic() {
		title += ": " + actor1
		if a2 := clean(get(rec, cols.actor2)); a2 != "" {
			title += " vs " + a2
		}
	}
	if place != "" {
		title += ", " + place
	}
	p.event = ag.Event{ID: id, Title: title, Type: typeCode(eventType), Date: date,
		Place: clean(get(rec, cols.location)), Country: countryOf(get(rec, cols.iso3), get(rec, cols.iso)),
		Admin1: clean(get(rec, cols.admin1)), Admin2: clean(get(rec, cols.admin2)), Admin3: clean(get(rec, cols.admin3)),
		Latitude: lat, Longitude: lon, Fatalities: fatalities,
		Description: strings.TrimSpace(get(rec, cols.notes)), SourceIDs: []string{src.ID}}

	// The actors, side by side. Only side 1 of a dyadic row, or a monadic row whose actor is
	// not a civilian, can be the perpetrator of violence against civilians.
	st := p.state
	inter1 := parseInter(get(rec, cols.inter1))
	primary1, assoc1 := "actor1", "assoc_actor_1"
	if cols.monadic() {
		primary1, assoc1 = "actor", "assoc_actor"
	}
	perp := r.actorsOf(c, st, id, actor1, inter1, primary1, src.ID, line)
	assoc := r.actorsOf(c, st, id, get(rec, cols.assoc1), inter1, assoc1, src.ID, line)
	if !cols.monadic() {
		inter2 := parseInter(get(rec, cols.inter2))
		r.actorsOf(c, st, id, get(rec, cols.actor2), inter2, "actor2", src.ID, line)
		r.actorsOf(c, st, id, get(rec, cols.assoc2), inter2, "assoc_actor_2", src.ID, line)
	}

	targeting := strings.EqualFold(eventType, "Violence against civilians") || get(rec, cols.civilianTargeting) != ""
	if targeting && len(perp) > 0 && !(cols.monadic() && inter1 == interCivil) {
		role := "perpetrator"
		if len(perp) > 1 {
			role = fmt.Sprintf("possible perpetrator (ACLED: %q)", actor1)
		}
		for _, a := range perp {
			st.addParty(a, role)
		}
		for _, a := range assoc {
			st.addParty(a, "associated with the perpetrator")
		}
	}
	if targeting && len(st.accused) > 0 {
		if !st.alleged {
			st.alleged = true
			r.stats.Allegations++
		}
		p.allegation, p.status = r.allegation(id, raw, what, eventType, place, rec, p.event, src)
	}
	return ""
}

// actorsOf resolves the names of one actor cell to actor ids, records them in the chunk and
// as participants of the event, and returns them.
func (r *Reader) actorsOf(c *chunk, st *eventState, eventID, cell string, inter int, role, srcID string, line int) []string {
	var ids []string
	for _, name := range splitNames(cell) {
		id := r.actor(c, name, inter, srcID)
		if id == "" {
			continue
		}
		ids = append(ids, id)
		part := ag.Participation{EventID: eventID, ActorID: id, Role: role}
		if !slices.Contains(st.parts, part) {
			st.parts = append(st.parts, part)
		}
	}
	return ids
}

// actor returns the id an ACLED name stands for, writing the actor into the chunk when it is
// new or has a new name, or "" for a crowd.
func (r *Reader) actor(c *chunk, name string, inter int, srcID string) string {
	base := baseName(name)
	if id := r.aliases[aliasKey(name)]; id != "" {
		return id
	}
	if id := r.aliases[aliasKey(base)]; id != "" {
		return id
	}
	if crowd(base, inter) {
		r.stats.Crowds++
		return ""
	}
	id := actorID(base)
	st := r.actors[id]
	if st == nil {
		st = &actorState{names: map[string]bool{}, actor: ag.Actor{ID: id, Kind: guessKind(base, inter), Name: base,
			Description: "Actor named in ACLED event data."}}
		if short := acronym(base); short != "" {
			st.actor.Aliases = append(st.actor.Aliases, short)
		}
		r.actors[id] = st
		r.stats.Actors++
	}
	if !st.names[name] {
		st.names[name] = true
		if name != st.actor.Name && !slices.Contains(st.actor.Aliases, name) {
			st.actor.Aliases = append(st.actor.Aliases, name)
		}
		if !slices.Contains(st.actor.SourceIDs, srcID) {
			st.actor.SourceIDs = append(st.actor.SourceIDs, srcID)
		}
		c.touchActor(id)
	}
	return id
}

func (st *eventState) addParty(actorID, role string) {
	for _, p := range st.accused {
		if p.ActorID == actorID {
			return
		}
	}
	st.accused = append(st.accused, ag.Party{ActorID: actorID, Role: role})
}

// categories maps sub_event_type to the category of an allegation; anything else violent
// against civilians is an attack on civilians.
var categories = map[string]ag.Category{
	"sexual violence":                "SEXUAL_VIOLENCE",
	"abduction/forced disappearance": "ENFORCED_DISAPPEARANCE",
}

// allegation builds the REPORTED allegation of an event that targets civilians.
func (r *Reader) allegation(id, raw, what, eventType, place string, rec []string, ev ag.Event, src ag.Source) (*ag.Allegation, ag.StatusChange) {
	cat, ok := categories[strings.ToLower(what)]
	if !ok {
		cat = "ATTACK_ON_CIVILIANS"
	}
	title := what // no sub_event_type: what is the event type, "Violence against civilians"
	switch {
	case what != eventType && strings.EqualFold(eventType, "Violence against civilians"):
		title += " against civilians" // "Attack against civilians"
	case !strings.EqualFold(eventType, "Violence against civilians"):
		title += " targeting civilians" // "Air/drone strike targeting civilians"
	}
	if place != "" {
		title += " at " + place
	}
	title += " (" + string(ev.Date) + ")"
	var places []string
	for _, p := range []string{ev.Place, ev.Admin1, clean(get(rec, r.cols.country))} {
		if p != "" && !slices.Contains(places, p) {
			places = append(places, p)
		}
	}
	al := &ag.Allegation{ID: id + "-allegation", Title: title, Summary: ev.Description,
		Categories: []ag.Category{cat}, PeriodStart: ev.Date, Places: places, Status: "REPORTED",
		SourceIDs: []string{src.ID}}
	sc := ag.StatusChange{AllegationID: al.ID, Status: "REPORTED", Date: src.PublishedAt,
		Note: "Recorded by ACLED as event " + raw + ".", SourceIDs: []string{src.ID}}
	return al, sc
}

// dataset writes a chunk out. Slices are copied, so later chunks cannot change it.
func (r *Reader) dataset(c *chunk) *ag.Dataset {
	ds := &ag.Dataset{}
	for _, id := range c.actorOrder {
		a := r.actors[id].actor
		a.Aliases = slices.Clone(a.Aliases)
		a.SourceIDs = slices.Clone(a.SourceIDs)
		ds.Actors = append(ds.Actors, a)
	}
	for _, id := range c.eventOrder {
		p := c.events[id]
		ds.Sources = append(ds.Sources, p.source)
		ds.Events = append(ds.Events, p.event)
		ds.Participations = append(ds.Participations, p.state.parts...)
		if p.allegation != nil {
			ds.Allegations = append(ds.Allegations, *p.allegation)
			for _, party := range p.state.accused {
				party.AllegationID = p.allegation.ID
				ds.Parties = append(ds.Parties, party)
			}
			ds.StatusChanges = append(ds.StatusChanges, p.status)
		}
	}
	return ds
}

// coordinate reads a latitude or longitude; "" is unknown.
func coordinate(s, field string, limit float64) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < -limit || v > limit {
		return nil, fmt.Errorf("%s %q is not a number between %g and %g", field, s, -limit, limit)
	}
	return &v, nil
}

// count reads the fatalities column; "" is no figure, which is not the figure 0.
func count(s string) (*int, error) {
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("fatalities %q is not a whole number of 0 or more", s)
	}
	return &n, nil
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
