package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The load generator: writers that create sources, actors, allegations and relationships
// with unique ids and keep a ledger of what the server acknowledged; readers; and a role
// worker that tries what its role may not do. Every request is recorded with its start,
// latency and outcome, so that a phase (the fault) can be cut out afterwards.

// write is one attempted write in the ledger.
type write struct {
	Op    string // createSource, createActor, createAllegation, addRelationship
	ID    string
	From  string // addRelationship: the ends; createAllegation: From is the accused
	To    string
	Src   string // the source it cites
	Code  string // "" when acknowledged
	Start time.Time
}

// sample is one request and its outcome.
type sample struct {
	Kind    string // write, read, role
	Op      string
	Start   time.Time
	Latency time.Duration
	Code    string
	Status  int
	Detail  string // for unexpected outcomes
}

type ledger struct {
	mu      sync.Mutex
	writes  []write
	samples []sample
	// acknowledged ids by kind, for later writes to refer to
	sources, actors []string
	forbidden       []string // ids of writes tried with too weak a role: must never exist
	violations      []string // the role matrix broken
	n               atomic.Int64
	prefix          string
}

func newLedger(prefix string) *ledger { return &ledger{prefix: prefix} }

func (l *ledger) nextID(kind string) string {
	return fmt.Sprintf("%s-%s%d", l.prefix, kind, l.n.Add(1))
}

func (l *ledger) record(s sample) {
	l.mu.Lock()
	l.samples = append(l.samples, s)
	l.mu.Unlock()
}

func (l *ledger) pick(r *rand.Rand, list *[]string, fallback string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(*list) == 0 {
		return fallback
	}
	return (*list)[r.IntN(len(*list))]
}

func (l *ledger) acked() []write {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []write
	for _, w := range l.writes {
		if w.Code == "" {
			out = append(out, w)
		}
	}
	return out
}

func (l *ledger) snapshot() ([]write, []sample) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]write(nil), l.writes...), append([]sample(nil), l.samples...)
}

// load runs workers until ctx ends.
type load struct {
	c        *client
	l        *ledger
	tokens   map[string]string
	writers  int
	readers  int
	roles    int
	pause    time.Duration // between a worker's requests
	wg       sync.WaitGroup
	seedSrc  string
	seedActs []string // seed actors of a kind that may be ALLIED_WITH each other
}

func (ld *load) start(ctx context.Context) {
	for i := 0; i < ld.writers; i++ {
		ld.wg.Add(1)
		go ld.writer(ctx, uint64(i))
	}
	for i := 0; i < ld.readers; i++ {
		ld.wg.Add(1)
		go ld.reader(ctx, uint64(100+i))
	}
	for i := 0; i < ld.roles; i++ {
		ld.wg.Add(1)
		go ld.roleWorker(ctx, uint64(200+i))
	}
}

func (ld *load) wait() { ld.wg.Wait() }

func sleepCtx(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

const (
	qCreateSource = `mutation W($input: CreateSourceInput!) { createSource(input: $input) { source { id } changes { seq } } }`
	qCreateActor  = `mutation W($input: CreateActorInput!) { createActor(input: $input) { actor { id } changes { seq } } }`
	qCreateAlleg  = `mutation W($input: CreateAllegationInput!) { createAllegation(input: $input) { allegation { id } changes { seq } } }`
	qAddRel       = `mutation W($input: AddRelationshipInput!) { addRelationship(input: $input) { relationship { id } changes { seq } } }`
)

// requestCtx detaches a request from the run's context, so that stopping the load lets
// requests in flight finish instead of cancelling them (a cancelled write would be
// neither acknowledged nor refused).
func requestCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 60*time.Second)
}

func (ld *load) writer(ctx context.Context, seed uint64) {
	defer ld.wg.Done()
	r := rand.New(rand.NewPCG(seed, uint64(time.Now().UnixNano())))
	bo := backoff{base: ld.pause}
	for ctx.Err() == nil {
		w := ld.write(r)
		sleepCtx(ctx, bo.next(w.Code))
	}
}

// write sends one write of a kind chosen by r, as the editor, and keeps it in the ledger.
// Its Code is "" if the server acknowledged it.
func (ld *load) write(r *rand.Rand) write {
	tok := ld.tokens["editor"]
	var w write
	var q string
	var input map[string]any
	src := ld.l.pick(r, &ld.l.sources, ld.seedSrc)
	switch n := r.IntN(10); {
	case n < 3 || len(ld.l.sources) == 0:
		w = write{Op: "createSource", ID: ld.l.nextID("s")}
		q, input = qCreateSource, map[string]any{"id": w.ID, "title": "chaos source " + w.ID, "url": "https://example.org/" + w.ID}
	case n < 6:
		w = write{Op: "createActor", ID: ld.l.nextID("a"), Src: src}
		q, input = qCreateActor, map[string]any{"id": w.ID, "kind": "ARMED_GROUP", "name": "Chaos group " + w.ID, "sourceIds": []string{src}}
	case n < 8:
		accused := ld.l.pick(r, &ld.l.actors, ld.seedActs[0])
		w = write{Op: "createAllegation", ID: ld.l.nextID("al"), From: accused, Src: src}
		q, input = qCreateAlleg, map[string]any{"id": w.ID, "title": "Chaos allegation " + w.ID, "categories": []string{"WAR_CRIMES"},
			"accused": []map[string]any{{"actorId": accused}}, "sourceIds": []string{src}}
	default:
		from := ld.l.pick(r, &ld.l.actors, ld.seedActs[r.IntN(len(ld.seedActs))])
		to := ld.l.pick(r, &ld.l.actors, ld.seedActs[r.IntN(len(ld.seedActs))])
		if from == to {
			to = ld.seedActs[0]
			if from == to {
				to = ld.seedActs[1]
			}
		}
		w = write{Op: "addRelationship", ID: ld.l.nextID("r"), From: from, To: to, Src: src}
		q, input = qAddRel, map[string]any{"id": w.ID, "type": "ALLIED_WITH", "fromId": from, "toId": to, "sourceIds": []string{src}}
	}
	w.Start = time.Now()
	rctx, cancel := requestCtx()
	res := ld.c.do(rctx, tok, q, map[string]any{"input": input})
	cancel()
	w.Code = res.code()
	s := sample{Kind: "write", Op: w.Op, Start: res.Start, Latency: res.Latency, Code: w.Code, Status: res.Status}
	if w.Code != "" && w.Code != "UNAVAILABLE" {
		s.Detail = res.String()
	}
	ld.l.mu.Lock()
	ld.l.writes = append(ld.l.writes, w)
	ld.l.samples = append(ld.l.samples, s)
	if w.Code == "" {
		switch w.Op {
		case "createSource":
			ld.l.sources = append(ld.l.sources, w.ID)
		case "createActor":
			ld.l.actors = append(ld.l.actors, w.ID)
		}
	}
	ld.l.mu.Unlock()
	return w
}

var readQueries = []struct{ name, q string }{
	{"actor", `query R($id: ID!) { actor(id: $id) { id name sources { id } relationships { id type from { id } to { id } } allegationsFaced { nodes { id } } } }`},
	{"actors", `query R { actors(first: 20) { nodes { id name kind } pageInfo { hasNextPage endCursor } } }`},
	{"allegations", `query R { allegations(first: 10) { nodes { id title status accused { actor { id } } sources { id } } } }`},
	{"subgraph", `query R { subgraph(seeds: ["mali", "russia"], depth: 2, accusations: true) { nodes { id } edges { id } truncated } }`},
	{"search", `query R { search(text: "wagner", first: 5) { actor { id } } }`},
}

func (ld *load) reader(ctx context.Context, seed uint64) {
	defer ld.wg.Done()
	r := rand.New(rand.NewPCG(seed, uint64(time.Now().UnixNano())))
	bo := backoff{base: ld.pause}
	for ctx.Err() == nil {
		q := readQueries[r.IntN(len(readQueries))]
		vars := map[string]any{}
		if q.name == "actor" {
			vars["id"] = ld.l.pick(r, &ld.l.actors, "mali")
		}
		tok := ""
		if r.IntN(2) == 0 {
			tok = ld.tokens["reader"]
		}
		rctx, cancel := requestCtx()
		res := ld.c.do(rctx, tok, q.q, vars)
		cancel()
		s := sample{Kind: "read", Op: q.name, Start: res.Start, Latency: res.Latency, Code: res.code(), Status: res.Status}
		if s.Code != "" && s.Code != "UNAVAILABLE" {
			s.Detail = res.String()
		}
		ld.l.record(s)
		sleepCtx(ctx, bo.next(s.Code))
	}
}

// backoff is what a well-behaved client does: after UNAVAILABLE (or no answer) it waits
// longer each time, up to 2 s, and goes back to its pace after a success.
type backoff struct {
	base, cur time.Duration
}

func (b *backoff) next(code string) time.Duration {
	switch code {
	case "UNAVAILABLE", "TIMEOUT", "TRANSPORT", "INTERNAL":
		if b.cur == 0 {
			b.cur = 200 * time.Millisecond
		} else {
			b.cur = min(2*b.cur, 2*time.Second)
		}
		return b.cur + time.Duration(rand.Int64N(int64(b.cur/2)))
	}
	b.cur = 0
	return b.base
}

// roleCase is one cell of the role matrix that must be refused.
type roleCase struct {
	who, op string
	token   func(ld *load) string
	want    string // the code expected
	status  int    // the HTTP status expected
}

var roleCases = []roleCase{
	{"anonymous", "createSource", func(*load) string { return "" }, "UNAUTHENTICATED", 200},
	{"reader", "createSource", func(ld *load) string { return ld.tokens["reader"] }, "FORBIDDEN", 200},
	{"editor", "delete", func(ld *load) string { return ld.tokens["editor"] }, "FORBIDDEN", 200},
	{"reader", "mergeActors", func(ld *load) string { return ld.tokens["reader"] }, "FORBIDDEN", 200},
	{"unknown token", "createSource", func(ld *load) string { return "chaos-not-a-token-" + randHex(8) }, "UNAUTHENTICATED", 401},
}

func (ld *load) roleWorker(ctx context.Context, seed uint64) {
	defer ld.wg.Done()
	r := rand.New(rand.NewPCG(seed, uint64(time.Now().UnixNano())))
	for ctx.Err() == nil {
		rc := roleCases[r.IntN(len(roleCases))]
		var q string
		var vars map[string]any
		id := ld.l.nextID("x")
		switch rc.op {
		case "createSource":
			q, vars = qCreateSource, map[string]any{"input": map[string]any{"id": id, "title": "must not exist"}}
			ld.l.mu.Lock()
			ld.l.forbidden = append(ld.l.forbidden, id)
			ld.l.mu.Unlock()
		case "delete":
			q, vars = `mutation D($id: ID!) { delete(id: $id, reason: "chaos") { id } }`, map[string]any{"id": ld.l.pick(r, &ld.l.sources, ld.seedSrc)}
		case "mergeActors":
			q, vars = `mutation M($a: ID!, $b: ID!) { mergeActors(survivorId: $a, mergedId: $b) { merge { id } } }`,
				map[string]any{"a": ld.seedActs[0], "b": ld.seedActs[1]}
		}
		rctx, cancel := requestCtx()
		res := ld.c.do(rctx, rc.token(ld), q, vars)
		cancel()
		s := sample{Kind: "role", Op: rc.who + " " + rc.op, Start: res.Start, Latency: res.Latency, Code: res.code(), Status: res.Status}
		if s.Code == "" {
			ld.l.mu.Lock()
			ld.l.violations = append(ld.l.violations, fmt.Sprintf("%s %s was not refused: %s", rc.who, rc.op, res))
			ld.l.mu.Unlock()
		}
		if s.Code != rc.want || s.Status != rc.status {
			s.Detail = fmt.Sprintf("want %s (HTTP %d): %s", rc.want, rc.status, res)
		}
		ld.l.record(s)
		sleepCtx(ctx, 5*ld.pause)
	}
}

// ---- summaries ----

type tally map[string]int

func (t tally) String() string {
	if len(t) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		name := k
		if name == "" {
			name = "ok"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, t[k]))
	}
	return strings.Join(parts, ", ")
}

// window summarises the samples that started in [from, to).
type window struct {
	n          int
	byCode     tally
	byKind     map[string]tally
	maxLatency time.Duration
	slow       []sample // latency over the bound
	odd        []sample // outcomes with a Detail
}

func summarise(samples []sample, from, to time.Time, bound time.Duration) window {
	w := window{byCode: tally{}, byKind: map[string]tally{}}
	for _, s := range samples {
		if s.Start.Before(from) || !s.Start.Before(to) {
			continue
		}
		w.n++
		w.byCode[s.Code]++
		if w.byKind[s.Kind] == nil {
			w.byKind[s.Kind] = tally{}
		}
		w.byKind[s.Kind][s.Code]++
		w.maxLatency = max(w.maxLatency, s.Latency)
		if bound > 0 && s.Latency > bound {
			w.slow = append(w.slow, s)
		}
		if s.Detail != "" {
			w.odd = append(w.odd, s)
		}
	}
	return w
}
