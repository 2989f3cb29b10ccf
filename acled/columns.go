package acled

import (
	"sort"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// columns holds the position of each column this package reads, or -1 where the export has
// none. Positions come from the header, never from a fixed layout: exports add, drop and
// reorder columns (data_id and iso3 in older ones, no sub_event_type, no actor2 in monadic).
type columns struct {
	eventID, date, timePrecision, eventType, subEventType int
	actor1, assoc1, inter1, actor2, assoc2, inter2        int
	civilianTargeting, iso, iso3, country                 int
	admin1, admin2, admin3, location, latitude, longitude int
	source, sourceScale, notes, fatalities, timestamp     int
	width                                                 int // fields in the header
}

// required are the columns without which a row cannot become an event.
var required = []string{"event_id_cnty", "event_date", "event_type", "actor1"}

// readHeader finds the columns of header. A header that lacks a required column is not an
// ACLED export, and the whole file is refused.
func readHeader(header []string) (columns, error) {
	c := columns{width: len(header)}
	fields := map[string]*int{
		"event_id_cnty": &c.eventID, "event_date": &c.date, "time_precision": &c.timePrecision,
		"event_type": &c.eventType, "sub_event_type": &c.subEventType,
		"actor1": &c.actor1, "assoc_actor_1": &c.assoc1, "inter1": &c.inter1,
		"actor2": &c.actor2, "assoc_actor_2": &c.assoc2, "inter2": &c.inter2,
		"civilian_targeting": &c.civilianTargeting, "iso": &c.iso, "iso3": &c.iso3,
		"country": &c.country, "admin1": &c.admin1, "admin2": &c.admin2, "admin3": &c.admin3,
		"location": &c.location, "latitude": &c.latitude, "longitude": &c.longitude,
		"source": &c.source, "source_scale": &c.sourceScale, "notes": &c.notes,
		"fatalities": &c.fatalities, "timestamp": &c.timestamp,
	}
	for _, p := range fields {
		*p = -1
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if p, ok := fields[name]; ok && *p < 0 {
			*p = i
		}
	}
	var missing []string
	for _, name := range required {
		if *fields[name] < 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		shown := header
		if len(shown) > 12 {
			shown = shown[:12]
		}
		return c, ag.Invalid("header", "line 1 is not an ACLED header: it lacks %s (it has %s)",
			strings.Join(missing, ", "), strings.Join(shown, ","))
	}
	return c, nil
}

// monadic reports whether the export has one row per actor rather than one per event:
// monadic exports have no actor2 column.
func (c columns) monadic() bool { return c.actor2 < 0 }

// get returns the trimmed cell of column i, or "" where the export has no such column.
func get(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}
