package acled

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"

	ag "github.com/actorgraph/actorgraph"
)

// idPrefix starts every id this package makes. ACLED names are labels, not ids, and most
// ACLED actors are not in hand-made data; the prefix keeps "acled-military-forces-of-mali"
// from ever overwriting a hand-made "fama" that happens to slug alike. Linking an ACLED
// name to a hand-made actor is the alias file's job, never an accident of spelling.
const idPrefix = "acled-"

// maxSlug leaves room for the prefix and the "-allegation" suffix within ag.ValidID's 200.
const maxSlug = 160

// dateSuffix matches the period ACLED appends to the names of governments and their forces:
// "Military Forces of Mali (2021-)", "(2013-2020)". The rest of the name is the actor.
var dateSuffix = regexp.MustCompile(`^(.*\S)\s*\(\s*\d{4}\s*-\s*(\d{4})?\s*\)$`)

// baseName strips ACLED's date suffix: "Military Forces of Mali (2021-)" → "Military Forces of Mali".
func baseName(name string) string {
	if m := dateSuffix.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return name
}

// clean collapses runs of white space (ACLED cells hold the odd double space or newline).
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// splitNames splits one actor cell into names: associated actors are separated by ";"
// ("A; B"), and an uncertain attribution names both ("A and/or B").
func splitNames(cell string) []string {
	var names []string
	for _, part := range strings.Split(cell, ";") {
		for _, n := range strings.Split(part, " and/or ") {
			if n = clean(n); n != "" {
				names = append(names, n)
			}
		}
	}
	return names
}

// acronym returns the short form ACLED puts before a colon ("JNIM: Group for Support of
// Islam and Muslims" → "JNIM"), or "".
func acronym(name string) string {
	short, _, ok := strings.Cut(name, ": ")
	if !ok || len(short) > 16 || strings.ContainsAny(short, "()") {
		return ""
	}
	return short
}

// slug turns a name into id form: lower-case ASCII letters and digits with single hyphens,
// accents folded ("Armées" → "armees"), at most max bytes, cut at a hyphen where possible.
func slug(s string, max int) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		f, ok := folds[r]
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			f = string(r)
		case !ok:
			f = ""
		}
		if f == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(f)
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > max/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// folds maps the accented Latin letters common in actor and place names to ASCII.
var folds = func() map[rune]string {
	m := map[rune]string{}
	for _, pair := range strings.Fields("àáâãäåāăą:a çćčĉ:c ďđ:d èéêëēėęě:e ğĝ:g ìíîïīį:i ĵ:j ķ:k ľĺłļ:l " +
		"ñńňņ:n òóôõöøōő:o ŕř:r śšşŝș:s ťţț:t ùúûüūůűų:u ýÿ:y žźż:z æ:ae œ:oe ß:ss þ:th ð:d") {
		letters, ascii, _ := strings.Cut(pair, ":")
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()

// actorID is the id of the actor an ACLED name (without its date suffix) stands for. Names
// with no letter or digit in Latin script get a hash, so that they still have a stable id.
func actorID(base string) string {
	if s := slug(base, maxSlug); s != "" {
		return idPrefix + s
	}
	sum := sha256.Sum256([]byte(base))
	return idPrefix + "actor-" + hex.EncodeToString(sum[:6])
}

// eventID is the id of the event whose event_id_cnty is raw ("MLI1234" → "acled-mli1234").
func eventID(raw string) string {
	if s := slug(raw, maxSlug); s != "" {
		return idPrefix + s
	}
	return ""
}

// Side codes: ACLED's inter1/inter2 say what kind of actor a side of an event is, as a digit
// in older exports and as words in newer ones.
const (
	interUnknown = 0
	interState   = 1 // State forces
	interRebel   = 2 // Rebel groups
	interPol     = 3 // Political militias
	interIdent   = 4 // Identity militias
	interRioters = 5 // Rioters
	interProtest = 6 // Protesters
	interCivil   = 7 // Civilians
	interExt     = 8 // External/Other forces
)

var interWords = map[string]int{"state force": interState, "rebel group": interRebel,
	"political militia": interPol, "identity militia": interIdent, "rioter": interRioters,
	"protester": interProtest, "civilian": interCivil, "external/other force": interExt,
	"external/other": interExt}

// parseInter reads an inter1/inter2 cell: "1".."8" or the words of newer exports.
func parseInter(s string) int {
	s = strings.ToLower(clean(s))
	if len(s) == 1 && s[0] >= '1' && s[0] <= '8' {
		return int(s[0] - '0')
	}
	return interWords[strings.TrimSuffix(s, "s")]
}

// crowd reports whether a name or side code stands for a crowd rather than an actor:
// civilians, protesters and rioters (codes 7, 6, 5), or an armed group nobody identified.
// "Civilians (Mali)" or "Protesters (Mali)" has no agency, membership or leaders that the
// graph could say anything about, and an "Unidentified Armed Group (Mali)" would become a
// hub joining unrelated killings; such names stay in the event's title, not in the graph.
// The alias file overrides this for a name an editor does want linked.
func crowd(name string, inter int) bool {
	if inter == interRioters || inter == interProtest || inter == interCivil {
		return true
	}
	lower := strings.ToLower(name)
	for _, p := range []string{"civilians", "protesters", "rioters", "unidentified"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// nameRules guess a kind from words of a name; they come before the side code because an
// associated actor shares its side's code without sharing its kind (Wagner Group fighting
// beside the Malian army is coded 1, State forces, like the army).
var nameRules = []struct {
	words []string
	kind  ag.Kind
}{
	{[]string{"wagner", "africa corps", "private security", "mercenar", "military contractor"}, ag.KindParamilitary},
	{[]string{"military forces of", "police forces of", "gendarmerie", "armed forces of"}, ag.KindArmedForce},
	{[]string{"government of"}, ag.KindState},
	{[]string{"united nations", "minusma", "african union", "ecowas", "european union", "mission"}, ag.KindOrganization},
}

// guessKind is the kind of a new ACLED actor: by name where a rule matches, else by its
// side's code: state and external forces are ARMED_FORCE, rebels and militias ARMED_GROUP,
// and an actor on an uncoded side an ORGANIZATION.
func guessKind(base string, inter int) ag.Kind {
	lower := strings.ToLower(base)
	for _, rule := range nameRules {
		for _, w := range rule.words {
			if strings.Contains(lower, w) {
				return rule.kind
			}
		}
	}
	switch inter {
	case interState, interExt:
		return ag.KindArmedForce
	case interRebel, interPol, interIdent:
		return ag.KindArmedGroup
	}
	return ag.KindOrganization
}

// aliasKey is how names are compared with the alias file: case and spacing do not matter.
func aliasKey(name string) string { return strings.ToLower(clean(name)) }

// typeCode turns an ACLED event type into the upper-case vocabulary of Event.Type:
// "Explosions/Remote violence" → "EXPLOSIONS_REMOTE_VIOLENCE".
func typeCode(s string) string {
	return strings.ToUpper(strings.ReplaceAll(slug(s, 100), "-", "_"))
}
