package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Cypher injection: every String or ID argument of every mutation, found by introspection
// (nested inputs included), gets each payload. The answer must be either success, with
// the payload stored literally (read back from Neo4j directly, not through the server), or
// a refusal (INVALID_INPUT, NOT_FOUND); and the numbers of nodes and relationships must
// change exactly as the same write with a harmless value changes them (or not at all when
// refused).

// payloads are hostile strings: Cypher and Lucene syntax, parameters, templates, escapes,
// control characters and long or exotic Unicode.
var payloads = []string{
	`'}) MATCH (n) DETACH DELETE n //`,
	`" OR 1=1 //`,
	"x` {id: 'y'}) DETACH DELETE n //",
	`') RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //`,
	`CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {}) YIELD value RETURN value`,
	`$param`,
	`{{7*7}} {{`,
	`\'; \" \\ \\\\ \u0041 \x41`,
	"nul\x00byte",
	"line\r\nbreak\ttab\x1b[31m",
	`"}],"data":{"hacked":true}}<script>alert(1)</script>`,
	`*:* OR name:* AND ~ ^ [a TO z]`,
	"Ǆ ŉ ﬀ İ 🙂 👩‍👩‍👧 مرحبا 中文 \u202etxt\u200b",
	strings.Repeat("🙂", 499),
	strings.Repeat("Ġ", 600),
}

// referencePayloads are tried on arguments that name an existing id: they can only be
// refused, so fewer are needed.
var referencePayloads = []string{payloads[0], payloads[1], payloads[2], payloads[5]}

// harmless are valid values for the arguments whose form is checked, to measure what a
// write does with a harmless value; other arguments get plain text.
var harmless = map[string]string{"country": "MLI", "type": "MASSACRE", "url": "https://example.org/harmless", "reliability": "B"}

// ---- introspection ----

type typeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *typeRef `json:"ofType"`
}

func (t *typeRef) String() string {
	switch t.Kind {
	case "NON_NULL":
		return t.OfType.String() + "!"
	case "LIST":
		return "[" + t.OfType.String() + "]"
	}
	return t.Name
}

// named unwraps lists and non-nulls: the named type, and whether a list was on the way.
func (t *typeRef) named() (*typeRef, bool) {
	list := false
	for t.OfType != nil {
		if t.Kind == "LIST" {
			list = true
		}
		t = t.OfType
	}
	return t, list
}

type inputValue struct {
	Name string  `json:"name"`
	Type typeRef `json:"type"`
}

type schemaInfo struct {
	mutations map[string][]inputValue
	inputs    map[string][]inputValue
}

const introspection = `query Introspect { __schema {
  mutationType { fields { name args { name type { ...T } } } }
  types { name kind inputFields { name type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`

func introspect(ctx context.Context, c *client) (*schemaInfo, error) {
	r := c.do(ctx, "", introspection, nil)
	if !r.ok() {
		return nil, fmt.Errorf("introspection: %s", r)
	}
	var raw struct {
		Schema struct {
			MutationType struct {
				Fields []struct {
					Name string       `json:"name"`
					Args []inputValue `json:"args"`
				} `json:"fields"`
			} `json:"mutationType"`
			Types []struct {
				Name        string       `json:"name"`
				Kind        string       `json:"kind"`
				InputFields []inputValue `json:"inputFields"`
			} `json:"types"`
		} `json:"__schema"`
	}
	if err := remarshal(r.Data, &raw); err != nil {
		return nil, err
	}
	s := &schemaInfo{mutations: map[string][]inputValue{}, inputs: map[string][]inputValue{}}
	for _, f := range raw.Schema.MutationType.Fields {
		s.mutations[f.Name] = f.Args
	}
	for _, t := range raw.Schema.Types {
		if t.Kind == "INPUT_OBJECT" {
			s.inputs[t.Name] = t.InputFields
		}
	}
	return s, nil
}

// target is one string argument of a mutation: its path from the argument down, and
// whether it is a list.
type target struct {
	mutation string
	path     []string
	list     bool
	idType   bool // of type ID: names an item (or is a new id)
}

func (t target) String() string { return t.mutation + "(" + strings.Join(t.path, ".") + ")" }

// stringTargets lists every String and ID argument of every mutation, nested inputs
// included.
func (s *schemaInfo) stringTargets() []target {
	var out []target
	var walk func(m string, path []string, fields []inputValue, depth int)
	walk = func(m string, path []string, fields []inputValue, depth int) {
		for _, f := range fields {
			named, list := f.Type.named()
			p := append(append([]string(nil), path...), f.Name)
			switch {
			case named.Kind == "SCALAR" && (named.Name == "String" || named.Name == "ID"):
				out = append(out, target{mutation: m, path: p, list: list, idType: named.Name == "ID"})
			case named.Kind == "INPUT_OBJECT" && depth < 4:
				walk(m, p, s.inputs[named.Name], depth+1)
			}
		}
	}
	names := make([]string, 0, len(s.mutations))
	for m := range s.mutations {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range names {
		walk(m, nil, s.mutations[m], 0)
	}
	return out
}

// ---- fixtures and templates ----

// fx makes the items the mutations under test need. Items that a mutation consumes (a
// merge, a deletion) are made afresh for each attempt.
type fx struct {
	ctx    context.Context
	c      *client
	admin  string
	editor string
	n      int
	prefix string
	src    string
	ngo    string
	grp    string
	grp2   string
}

func (f *fx) id(kind string) string {
	f.n++
	return fmt.Sprintf("%s-%s%d", f.prefix, kind, f.n)
}

func (f *fx) must(token, q string, vars map[string]any) (map[string]any, error) {
	r := doRetry(f.ctx, f.c, token, q, vars)
	if !r.ok() {
		return nil, fmt.Errorf("fixture: %s: %s", strings.Fields(q)[1], r)
	}
	return r.Data, nil
}

func (f *fx) source() (string, error) {
	id := f.id("s")
	_, err := f.must(f.editor, qCreateSource, map[string]any{"input": map[string]any{"id": id, "title": "injection fixture"}})
	return id, err
}

func (f *fx) actor(kind string) (string, error) {
	id := f.id("a")
	_, err := f.must(f.editor, qCreateActor, map[string]any{"input": map[string]any{"id": id, "kind": kind, "name": "Fixture " + id, "sourceIds": []string{f.src}}})
	return id, err
}

func (f *fx) allegation() (string, error) {
	id := f.id("al")
	_, err := f.must(f.editor, qCreateAlleg, map[string]any{"input": map[string]any{"id": id, "title": "Fixture " + id,
		"accused": []map[string]any{{"actorId": f.grp}}, "sourceIds": []string{f.src}}})
	return id, err
}

func (f *fx) relationship() (string, error) {
	id := f.id("r")
	_, err := f.must(f.editor, qAddRel, map[string]any{"input": map[string]any{"id": id, "type": "ALLIED_WITH", "fromId": f.grp, "toId": f.grp2, "sourceIds": []string{f.src}}})
	return id, err
}

func (f *fx) merge() (string, error) {
	a, err := f.actor("ARMED_GROUP")
	if err != nil {
		return "", err
	}
	b, err := f.actor("ARMED_GROUP")
	if err != nil {
		return "", err
	}
	d, err := f.must(f.admin, `mutation M($a: ID!, $b: ID!) { mergeActors(survivorId: $a, mergedId: $b) { merge { id } } }`, map[string]any{"a": a, "b": b})
	if err != nil {
		return "", err
	}
	return dig(d, "mergeActors", "merge", "id").(string), nil
}

func (f *fx) deleted() (string, error) {
	id, err := f.source()
	if err != nil {
		return "", err
	}
	_, err = f.must(f.admin, `mutation D($id: ID!) { delete(id: $id) { id } }`, map[string]any{"id": id})
	return id, err
}

// template is a valid call of a mutation: its arguments, and the token it needs.
type template struct {
	admin bool
	args  func(f *fx) (map[string]any, error)
	// elems are valid elements for the lists of input objects, by field name, used when a
	// target lies inside a list the base call leaves out.
	elems func(f *fx) map[string]map[string]any
}

func in(m map[string]any) map[string]any { return map[string]any{"input": m} }

var templates = map[string]template{
	"createActor": {args: func(f *fx) (map[string]any, error) {
		return in(map[string]any{"id": f.id("a"), "kind": "ARMED_GROUP", "name": "Target", "sourceIds": []string{f.src}}), nil
	}},
	"updateActor": {args: func(f *fx) (map[string]any, error) {
		return in(map[string]any{"id": f.grp, "description": "updated"}), nil
	}},
	"createSource": {args: func(f *fx) (map[string]any, error) {
		return in(map[string]any{"id": f.id("s"), "title": "Target"}), nil
	}},
	"createEvent": {args: func(f *fx) (map[string]any, error) {
		return in(map[string]any{"id": f.id("e"), "title": "Target", "sourceIds": []string{f.src}}), nil
	}, elems: func(f *fx) map[string]map[string]any {
		return map[string]map[string]any{"participants": {"actorId": f.grp}}
	}},
	"createAllegation": {args: func(f *fx) (map[string]any, error) {
		return in(map[string]any{"id": f.id("al"), "title": "Target", "accused": []map[string]any{{"actorId": f.grp}}, "sourceIds": []string{f.src}}), nil
	}, elems: partyElems},
	"updateAllegation": {args: func(f *fx) (map[string]any, error) {
		id, err := f.allegation()
		return in(map[string]any{"id": id, "summary": "updated"}), err
	}, elems: partyElems},
	"advanceAllegation": {args: func(f *fx) (map[string]any, error) {
		id, err := f.allegation()
		return in(map[string]any{"id": id, "status": "INVESTIGATION", "sourceIds": []string{f.src}}), err
	}},
	"createDispute": {args: func(f *fx) (map[string]any, error) {
		return in(map[string]any{"id": f.id("d"), "subjectId": f.grp, "field": "founded", "claims": []map[string]any{
			{"value": "2012", "sourceIds": []string{f.src}}, {"value": "2013", "sourceIds": []string{f.src}}}}), nil
	}},
	"addRelationship": {args: func(f *fx) (map[string]any, error) {
		return in(map[string]any{"id": f.id("r"), "type": "ALLIED_WITH", "fromId": f.grp, "toId": f.grp2, "sourceIds": []string{f.src}}), nil
	}},
	"endRelationship": {args: func(f *fx) (map[string]any, error) {
		id, err := f.relationship()
		return in(map[string]any{"id": id, "until": "2024", "sourceIds": []string{f.src}}), err
	}},
	"mergeActors": {admin: true, args: func(f *fx) (map[string]any, error) {
		a, err := f.actor("ARMED_GROUP")
		if err != nil {
			return nil, err
		}
		b, err := f.actor("ARMED_GROUP")
		return map[string]any{"survivorId": a, "mergedId": b}, err
	}},
	"undoMerge": {admin: true, args: func(f *fx) (map[string]any, error) {
		id, err := f.merge()
		return map[string]any{"id": id}, err
	}},
	"delete": {admin: true, args: func(f *fx) (map[string]any, error) {
		id, err := f.source()
		return map[string]any{"id": id}, err
	}},
	"restore": {admin: true, args: func(f *fx) (map[string]any, error) {
		id, err := f.deleted()
		return map[string]any{"id": id}, err
	}},
}

func partyElems(f *fx) map[string]map[string]any {
	return map[string]map[string]any{
		"accusers": {"actorId": f.ngo}, "addAccusers": {"actorId": f.ngo},
		"accused": {"actorId": f.grp}, "addAccused": {"actorId": f.grp2},
		"courts": {"courtId": "icc"}, "addCourts": {"courtId": "icc"},
		"claims": {"value": "x", "sourceIds": []string{f.src}},
	}
}

// set puts v at path in args, making the lists of input objects on the way from elems.
func set(args map[string]any, path []string, v any, elems map[string]map[string]any) error {
	m := args
	for i, k := range path {
		if i == len(path)-1 {
			m[k] = v
			return nil
		}
		switch next := m[k].(type) {
		case map[string]any:
			m = next
		case []map[string]any:
			m = next[0]
		case nil:
			e, ok := elems[k]
			if !ok {
				return fmt.Errorf("no template for %s in %s", k, strings.Join(path, "."))
			}
			cp := map[string]any{}
			for kk, vv := range e {
				cp[kk] = vv
			}
			m[k] = []map[string]any{cp}
			m = cp
		default:
			return fmt.Errorf("cannot descend into %s (%T)", k, next)
		}
	}
	return nil
}

// mutationText writes the operation for a mutation with its arguments as variables.
func mutationText(name string, args []inputValue) string {
	var decl, pass []string
	for _, a := range args {
		decl = append(decl, "$"+a.Name+": "+a.Type.String())
		pass = append(pass, a.Name+": $"+a.Name)
	}
	return fmt.Sprintf("mutation Inject(%s) { %s(%s) { changes { seq subjectId } } }", strings.Join(decl, ", "), name, strings.Join(pass, ", "))
}

// isReference tells the arguments that name an existing item, which a payload can only
// fail to find, and the new ids, which a payload can only fail to be.
func isReference(t target) bool {
	last := t.path[len(t.path)-1]
	return t.idType || strings.HasSuffix(last, "Id") || strings.HasSuffix(last, "Ids") || last == "removeAliases"
}

// ---- the test ----

type injectStats struct {
	targets, tried, stored, refused int
	byCode                          tally
}

func runInjection(ctx context.Context, e *env, c *client, b *db, sec *section) (injectStats, error) {
	st := injectStats{byCode: tally{}}
	s, err := introspect(ctx, c)
	if err != nil {
		return st, err
	}
	f := &fx{ctx: ctx, c: c, admin: e.tokens["admin"], editor: e.tokens["editor"], prefix: "cx-inj-" + randHex(2)}
	if f.src, err = f.source(); err != nil {
		return st, err
	}
	if f.ngo, err = f.actor("NGO"); err != nil {
		return st, err
	}
	if f.grp, err = f.actor("ARMED_GROUP"); err != nil {
		return st, err
	}
	if f.grp2, err = f.actor("ARMED_GROUP"); err != nil {
		return st, err
	}
	targets := s.stringTargets()
	st.targets = len(targets)
	mutationsSeen := map[string]bool{}
	for _, t := range targets {
		mutationsSeen[t.mutation] = true
		if _, ok := templates[t.mutation]; !ok {
			sec.fail("mutation %s has no injection template: add one to chaos/inject.go", t.mutation)
		}
	}
	for m := range s.mutations {
		if !mutationsSeen[m] {
			sec.fail("mutation %s has no string argument? check the introspection walk", m)
		}
	}
	type attemptOut struct {
		code   string
		dn, dr int64
		stored bool
		detail string
	}
	attempt := func(t target, value string) (attemptOut, error) {
		tpl := templates[t.mutation]
		args, err := tpl.args(f)
		if err != nil {
			return attemptOut{}, err
		}
		var elems map[string]map[string]any
		if tpl.elems != nil {
			elems = tpl.elems(f)
		} else {
			elems = partyElems(f)
		}
		var v any = value
		if t.list {
			v = []string{value}
		}
		if err := set(args, t.path, v, elems); err != nil {
			return attemptOut{}, err
		}
		n0, r0, err := b.counts(ctx)
		if err != nil {
			return attemptOut{}, err
		}
		token := f.editor
		if tpl.admin {
			token = f.admin
		}
		res := doRetry(ctx, c, token, mutationText(t.mutation, s.mutations[t.mutation]), args)
		n1, r1, err := b.counts(ctx)
		if err != nil {
			return attemptOut{}, err
		}
		out := attemptOut{code: res.code(), dn: n1 - n0, dr: r1 - r0}
		if out.code != "" {
			out.detail = res.String()
			return out, nil
		}
		var subjects []string
		for _, ch := range asList(dig(res.Data, t.mutation, "changes")) {
			if id, ok := dig(ch, "subjectId").(string); ok {
				subjects = append(subjects, id)
			}
		}
		out.stored, err = storedLiterally(ctx, b, subjects, value)
		return out, err
	}

	tStart := time.Now()
	for _, t := range targets {
		if ctx.Err() != nil {
			return st, ctx.Err()
		}
		ref := isReference(t)
		// The same write with a harmless value: how much it changes the graph.
		var calib attemptOut
		if !ref {
			value := "harmless value " + randHex(3)
			if h, ok := harmless[t.path[len(t.path)-1]]; ok {
				value = h
			}
			calib, err = attempt(t, value)
			if err != nil {
				return st, fmt.Errorf("%s: %v", t, err)
			}
			if calib.code != "" {
				sec.fail("%s refuses a harmless value: %s", t, tail(calib.detail, 300))
				continue
			}
			if !calib.stored {
				sec.fail("%s: a harmless value was not found stored", t)
			}
		}
		list := payloads
		if ref {
			list = referencePayloads
		}
		for _, p := range list {
			out, err := attempt(t, p)
			if err != nil {
				return st, fmt.Errorf("%s: %v", t, err)
			}
			st.tried++
			st.byCode[out.code]++
			short := fmt.Sprintf("%q", tail(p, 40))
			switch {
			case out.code == "INVALID_INPUT" || out.code == "NOT_FOUND":
				st.refused++
				if out.dn != 0 || out.dr != 0 {
					sec.fail("%s with %s was refused (%s) yet changed the graph by %+d nodes, %+d relationships", t, short, out.code, out.dn, out.dr)
				}
			case out.code != "":
				sec.fail("%s with %s: %s", t, short, tail(out.detail, 300))
			case ref && t.path[len(t.path)-1] != "removeAliases":
				sec.fail("%s with %s was accepted as an id", t, short)
			default:
				st.stored++
				if !ref && !out.stored {
					sec.fail("%s with %s: accepted, but not stored literally", t, short)
				}
				want := calib
				if ref {
					want = attemptOut{dn: out.dn, dr: out.dr} // removeAliases: nothing to compare with
				}
				if out.dn != want.dn || out.dr != want.dr {
					sec.fail("%s with %s changed the graph by %+d nodes, %+d relationships; a harmless value by %+d, %+d",
						t, short, out.dn, out.dr, want.dn, want.dr)
				}
			}
		}
	}
	logf("inject: %d attempts on %d arguments in %.0f s", st.tried, st.targets, time.Since(tStart).Seconds())
	return st, nil
}

// storedLiterally reports whether value is, exactly, a property of one of the subjects: of
// the node or relationship with that id, of a relationship at it or of its status changes
// and claims, or the note of its audit entry.
func storedLiterally(ctx context.Context, b *db, subjects []string, value string) (bool, error) {
	if len(subjects) == 0 {
		return false, nil
	}
	recs, err := b.query(ctx, `UNWIND $ids AS id
		CALL (id) { OPTIONAL MATCH (n {id: id}) OPTIONAL MATCH (n)-[e]-(m)
		  RETURN collect(properties(n)) + collect(properties(e)) + collect(CASE WHEN m:StatusChange OR m:Claim THEN properties(m) END) AS a }
		CALL (id) { OPTIONAL MATCH ()-[r {id: id}]->() RETURN collect(properties(r)) AS b }
		CALL (id) { OPTIONAL MATCH (c:Change {subjectId: id}) RETURN collect(c.note) AS c }
		RETURN a + b + c AS props`, map[string]any{"ids": subjects})
	if err != nil {
		return false, err
	}
	for _, r := range recs {
		if holds(r["props"], value) {
			return true, nil
		}
	}
	return false, nil
}

func holds(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return x == s
	case []any:
		for _, y := range x {
			if holds(y, s) {
				return true
			}
		}
	case map[string]any:
		for _, y := range x {
			if holds(y, s) {
				return true
			}
		}
	}
	return false
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// injectTest: injection through every mutation argument and through search, hostile
// HTTP, the role matrix, CORS with an allow-list, CSP, and secrets in answers.
func injectTest(ctx context.Context, e *env, o *options, rep *report) error {
	srv, err := e.startServer(ctx, "inject", "-cors-origins", allowedOrigin)
	if err != nil {
		return err
	}
	defer srv.kill()
	c := newClient(e.base(), 60*time.Second)
	b, err := openDB(ctx, e.neo4jURI())
	if err != nil {
		return err
	}
	defer b.close()

	acc := rep.section("access: roles, CORS allow-list, CSP, secrets")
	staticRoles(ctx, e, c, acc)
	corsChecks(ctx, c, acc, true)
	cspChecks(ctx, c, acc)
	secretChecks(ctx, e, c, acc)

	host := rep.section("hostile HTTP: size, depth, aliases, batches, JSON, content types")
	runHostile(ctx, e, c, host)

	sec := rep.section("injection: every string argument of every mutation")
	n0, r0, err := b.counts(ctx)
	if err != nil {
		return err
	}
	st, err := runInjection(ctx, e, c, b, sec)
	if err != nil {
		return err
	}
	// Search takes text straight to a Lucene full-text index.
	searched := 0
	for _, p := range payloads {
		r := c.do(ctx, "", `query S($t: String!) { search(text: $t) { actor { id } } }`, map[string]any{"t": p})
		searched++
		if code := r.code(); code != "" && code != "INVALID_INPUT" {
			sec.fail("search with %q: %s", tail(p, 40), r)
		}
	}
	n1, r1, err := b.counts(ctx)
	if err != nil {
		return err
	}
	seedActors, err := b.query(ctx, `MATCH (a:Actor) WHERE NOT a.id STARTS WITH 'cx-' RETURN count(a) AS n`, nil)
	if err != nil {
		return err
	}
	sec.fig("string arguments (introspection)", "%d across %d mutations", st.targets, len(templates))
	sec.fig("injection payloads", "%d distinct (%d on id arguments)", len(payloads), len(referencePayloads))
	sec.fig("injection attempts", "%d: %d stored literally and read back equal, %d refused (%s)", st.tried, st.stored, st.refused, st.byCode)
	sec.fig("search with each payload", "%d", searched)
	sec.fig("graph during the run", "%d → %d nodes, %d → %d relationships (all growth from intended writes); seed actors left: %v",
		n0, n1, r0, r1, seedActors[0]["n"])
	if seedActors[0]["n"].(int64) < 50 {
		sec.fail("seed actors were lost: %v left", seedActors[0]["n"])
	}
	if !srv.alive() {
		sec.fail("the server died: %s", tailFile(srv.log, 1000))
	}
	code, _, err := srv.stop(30 * time.Second)
	if err != nil || code != 0 {
		sec.fail("the server exited %d after SIGTERM (%v)", code, err)
	}
	return nil
}

// doRetry sends a request again (up to 4 times, a second apart) while the answer is
// UNAVAILABLE: on a loaded machine the database can miss a deadline, and an UNAVAILABLE
// write has written nothing. The injection checks are about the answers that follow.
func doRetry(ctx context.Context, c *client, token, q string, vars map[string]any) result {
	var r result
	for try := 0; try < 4; try++ {
		r = c.do(ctx, token, q, vars)
		if r.code() != "UNAVAILABLE" {
			return r
		}
		sleepCtx(ctx, time.Second)
	}
	return r
}
