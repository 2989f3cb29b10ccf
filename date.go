package actorgraph

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date that may be partial: "2013" (a year), "2022-03" (a month) or
// "2025-09-22" (a day). The zero value is the unknown date.
//
// Sources often give only a year or a month; storing "2013-01-01" for "2013" would invent a
// precision nobody stated. A Date keeps exactly what was given, and its text form is
// its storage form. Because the forms are zero-padded ISO prefixes, comparing two Dates as
// strings orders them by their earliest possible day: "2022-03" sorts before "2022-03-15",
// and "2025" sorts before "2025-01-29". Queries "as of" a date rely on that.
type Date string

// Precision says how much of a Date is known.
type Precision string

// The precisions a Date can hold.
const (
	PrecisionUnknown Precision = "UNKNOWN"
	PrecisionYear    Precision = "YEAR"
	PrecisionMonth   Precision = "MONTH"
	PrecisionDay     Precision = "DAY"
)

// ParseDate checks s and returns it as a Date. It accepts "YYYY", "YYYY-MM" and "YYYY-MM-DD"
// with a real month and day (no 2025-02-30), years 1000 to 9999, and "" for unknown.
func ParseDate(s string) (Date, error) {
	switch len(s) {
	case 0:
		return "", nil
	case 4:
		if y, err := strconv.Atoi(s); err == nil && y >= 1000 {
			return Date(s), nil
		}
	case 7:
		if _, err := time.Parse("2006-01", s); err == nil && s[0] != '0' {
			return Date(s), nil
		}
	case 10:
		if _, err := time.Parse("2006-01-02", s); err == nil && s[0] != '0' {
			return Date(s), nil
		}
	}
	return "", fmt.Errorf("%q is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// MustDate is ParseDate for constants in tests and code; it panics on a malformed date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch len(d) {
	case 4:
		return PrecisionYear
	case 7:
		return PrecisionMonth
	case 10:
		return PrecisionDay
	}
	return PrecisionUnknown
}

// IsZero reports whether d is unknown.
func (d Date) IsZero() bool { return d == "" }

// Before reports whether d's earliest possible day comes before e's. Unknown dates are never
// before anything.
func (d Date) Before(e Date) bool { return d != "" && e != "" && d < e }

// Today returns the current UTC date at day precision.
func Today() Date { return Date(time.Now().UTC().Format("2006-01-02")) }
