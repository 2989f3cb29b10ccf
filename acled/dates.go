package acled

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	ag "github.com/actorgraph/actorgraph"
)

// dateLayouts are the forms event_date takes in ACLED exports: ISO in the current export,
// "22 February 2019" in older ones, "16-Feb-21" where a spreadsheet rewrote the file. Two-digit
// years are read as Go reads them: 69-99 are 1969-1999, 00-68 are 2000-2068; ACLED starts in 1997.
var dateLayouts = []string{"2006-01-02", "2 January 2006", "2-Jan-06", "2 Jan 2006",
	"2-January-2006", "2-Jan-2006", "2006/01/02", "January 2, 2006"}

// parseDate reads an event_date.
func parseDate(s string) (ag.Date, error) {
	s = clean(s)
	if len(s) > 10 && s[4] == '-' && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10] // "2019-02-22T00:00:00" or "2019-02-22 00:00:00"
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return ag.ParseDate(t.Format("2006-01-02"))
		}
	}
	return "", fmt.Errorf("event_date %q is not a date (want 2019-02-22, 22 February 2019 or 16-Feb-21)", s)
}

// timestampDate reads the timestamp column, when ACLED last changed the row, as a date in
// UTC; a missing or malformed timestamp gives the unknown date.
func timestampDate(s string) ag.Date {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 || n > 1<<40 {
		return ""
	}
	d, err := ag.ParseDate(time.Unix(n, 0).UTC().Format("2006-01-02"))
	if err != nil {
		return ""
	}
	return d
}
