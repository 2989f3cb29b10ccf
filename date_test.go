package actorgraph

import "testing"

func TestParseDateKeepsPrecision(t *testing.T) {
	for in, want := range map[string]Precision{
		"2013": PrecisionYear, "2022-03": PrecisionMonth, "2025-09-22": PrecisionDay, "2024-02-29": PrecisionDay,
	} {
		d, err := ParseDate(in)
		if err != nil || string(d) != in || d.Precision() != want {
			t.Errorf("ParseDate(%q) = %q, %v, precision %s; want it kept at %s", in, d, err, d.Precision(), want)
		}
	}
	for _, bad := range []string{"0999", "2025-13", "2025-02-30", "2023-02-29", "25-09-22", "2025/09/22",
		"2025-9-22", "22 September 2025", "+999", "2025-09-22T00:00", " 2025"} {
		if d, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %q; want an error", bad, d)
		}
	}
	if d, err := ParseDate(""); err != nil || !d.IsZero() || d.Precision() != PrecisionUnknown {
		t.Errorf(`"" is the unknown date: %q %v`, d, err)
	}
}

// Partial dates compare by their earliest day; unknown dates are before nothing.
func TestDateBefore(t *testing.T) {
	for _, c := range []struct {
		a, b Date
		want bool
	}{
		{"2022-03", "2022-03-15", true}, {"2025", "2025-01-29", true}, {"2025-01-29", "2025", false},
		{"2024-12-31", "2025", true}, {"", "2025", false}, {"2025", "", false}, {"2025", "2025", false},
	} {
		if got := c.a.Before(c.b); got != c.want {
			t.Errorf("%q.Before(%q) = %v", c.a, c.b, got)
		}
	}
}

// FuzzParseDate: whatever ParseDate accepts is kept verbatim, has a known precision and
// survives a second parse.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2013", "2022-03", "2025-09-22", "", "2025-02-30", "abcd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if string(d) != s || (s != "" && d.Precision() == PrecisionUnknown) {
			t.Fatalf("ParseDate(%q) = %q, precision %s", s, d, d.Precision())
		}
		if again, err := ParseDate(string(d)); err != nil || again != d {
			t.Fatalf("%q does not parse again: %v", d, err)
		}
	})
}
