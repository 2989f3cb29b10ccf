// Package gen generates synthetic actor graphs for load tests, benchmarks and demos:
// deterministic from a seed number, from a few dozen actors to 100,000 actors with a
// million relationships, and shaped like the real thing rather than uniform noise.
//
// The shape: actors of every kind in plausible proportions (many persons and armed groups,
// a few hundred states and courts at most); relationships of the types that make sense for
// the kinds they join (a junta GOVERNS a state, a force is PART_OF one, a court INVESTIGATES
// one, a person LEADS a group), dated with partial dates of mixed precision ("2013",
// "2022-03", "2025-09-22"), some ended (until after since) and some with an announced end.
// Degrees are heavy-tailed: the target of a relationship, the accused and the accusers of an
// allegation, the court it is lodged with and the participants of an event are drawn from a
// Zipf distribution over their candidates, so a few hubs gather thousands of relationships
// and allegations while the median actor has a handful, as in real conflict data. Every
// node, relationship, status change and claim cites one to three sources from a pool.
//
// Nothing generated is real: names are made of invented syllables, countries use the
// user-assigned ISO codes "XAA" to "XZZ", URLs are on example.org, and ids start with
// "gen-" so that a generated graph cannot be mistaken for, or overwrite, hand-made data.
//
// Stream hands the graph over in chunks, sources first, then actors, relationships, events,
// allegations and disputes, so that each chunk references only ids of its own or earlier
// chunks and can be loaded as its own transaction. The same Config gives the same graph
// whatever the chunk size: each phase draws from its own generator seeded from Config.Seed.
package gen

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"

	ag "github.com/actorgraph/actorgraph"
)

// Config says what to generate. Sizes below zero count as zero.
type Config struct {
	Seed          uint64
	Actors        int
	Relationships int
	Allegations   int
	Events        int
	Disputes      int
	Sources       int // the pool of sources everything cites; 0: Actors/50, at least 5 and at most 2,000
}

// Presets are the sizes the issue asks for, from a graph one can read to the full load test.
var Presets = map[string]Config{
	"tiny":   {Seed: 1, Actors: 30, Relationships: 100, Allegations: 20, Events: 20, Disputes: 2, Sources: 10},
	"small":  {Seed: 1, Actors: 1_000, Relationships: 10_000, Allegations: 1_000, Events: 1_000, Disputes: 10},
	"medium": {Seed: 1, Actors: 10_000, Relationships: 100_000, Allegations: 10_000, Events: 10_000, Disputes: 100},
	"full":   {Seed: 1, Actors: 100_000, Relationships: 1_000_000, Allegations: 100_000, Events: 100_000, Disputes: 1_000},
}

// Generate returns the whole graph of cfg as one Dataset.
func Generate(cfg Config) *ag.Dataset {
	var all *ag.Dataset
	_ = Stream(cfg, math.MaxInt, func(ds *ag.Dataset) error { all = ds; return nil })
	if all == nil {
		all = &ag.Dataset{}
	}
	return all
}

// Stream generates the graph of cfg and calls fn with chunks of at most chunk nodes and
// relationships each (sources, actors, relationships, events, allegations, disputes; an
// event's participations and an allegation's parties, lodgings and status history travel
// with it). Every id a chunk references is in that chunk or an earlier one. Stream stops at
// the first error fn returns, and returns it. A chunk below 1 counts as 1.
func Stream(cfg Config, chunk int, fn func(*ag.Dataset) error) error {
	g := newGenerator(cfg)
	out := &emitter{limit: max(chunk, 1), fn: fn, ds: &ag.Dataset{}}
	for _, phase := range []func(*emitter) error{g.sources, g.actors, g.relationships, g.events, g.allegations, g.disputes} {
		if err := phase(out); err != nil {
			return err
		}
	}
	return out.flush()
}

// emitter fills chunks and hands each to fn when it is full.
type emitter struct {
	limit, n int
	fn       func(*ag.Dataset) error
	ds       *ag.Dataset
}

// added counts one node or relationship just appended to e.ds, and flushes a full chunk.
func (e *emitter) added() error {
	if e.n++; e.n >= e.limit {
		return e.flush()
	}
	return nil
}

// reserve gives s room for n more items, or as many as the chunk has room for, so that one
// big chunk is allocated once rather than grown by doubling.
func reserve[T any](s []T, e *emitter, n int) []T {
	return slices.Grow(s, max(0, min(e.limit-e.n, n)))
}

func (e *emitter) flush() error {
	if e.n == 0 {
		return nil
	}
	ds := e.ds
	e.ds, e.n = &ag.Dataset{}, 0
	return e.fn(ds)
}

// generator holds what every phase shares: the sizes, the actors' kinds and names, and the
// candidates of each kind.
type generator struct {
	cfg       Config
	kinds     []ag.Kind
	names     []string
	byKind    map[ag.Kind][]int // actor indices of each kind, in a shuffled order: the first are the hubs
	sourceIDs []string
	actorIDs  []string                            // made once: they are referenced millions of times
	made      struct{ relationships, events int } // what the phases made, for disputes to be about
}

// The phases' generators are seeded with the Config's seed and a phase number of their own.
const (
	phaseKinds = iota + 1
	phaseSources
	phaseActors
	phaseRelationships
	phaseEvents
	phaseAllegations
	phaseDisputes
)

func (g *generator) rng(phase uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed, phase*0x9e3779b97f4a7c15))
}

func newGenerator(cfg Config) *generator {
	for _, n := range []*int{&cfg.Actors, &cfg.Relationships, &cfg.Allegations, &cfg.Events, &cfg.Disputes, &cfg.Sources} {
		*n = max(*n, 0)
	}
	if cfg.Sources == 0 {
		cfg.Sources = min(max(cfg.Actors/50, 5), 2000)
	}
	g := &generator{cfg: cfg, byKind: map[ag.Kind][]int{}}
	g.sourceIDs = make([]string, cfg.Sources)
	for i := range g.sourceIDs {
		g.sourceIDs[i] = "gen-source-" + strconv.Itoa(i)
	}
	r := g.rng(phaseKinds)
	g.kinds = make([]ag.Kind, cfg.Actors)
	g.actorIDs = make([]string, cfg.Actors)
	for i := range g.actorIDs {
		g.actorIDs[i] = "gen-actor-" + strconv.Itoa(i)
	}
	g.names = make([]string, cfg.Actors)
	counts := map[ag.Kind]int{}
	for i := range g.kinds {
		k := pickKind(r, i, cfg.Actors, counts)
		counts[k]++
		g.kinds[i] = k
		g.byKind[k] = append(g.byKind[k], i)
	}
	for _, k := range ag.Kinds {
		pool := g.byKind[k]
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	}
	for i, k := range g.kinds {
		g.names[i] = name(r, k)
	}
	return g
}

// kindWeights are the proportions of kinds; caps bound the kinds the world has few of.
var kindWeights = []struct {
	kind   ag.Kind
	weight int
	cap    func(n int) int
}{
	{ag.KindPerson, 44, nil},
	{ag.KindArmedGroup, 18, nil},
	{ag.KindNGO, 12, nil},
	{ag.KindOrganization, 8, func(n int) int { return max(2, n/50) }},
	{ag.KindArmedForce, 6, func(n int) int { return max(2, min(500, n/40)) }},
	{ag.KindParamilitary, 4, func(n int) int { return max(2, n/50) }},
	{ag.KindState, 4, func(n int) int { return max(3, min(250, n/40)) }},
	{ag.KindCourt, 2, func(n int) int { return max(2, min(300, n/100)) }},
	{ag.KindJunta, 2, func(n int) int { return max(1, min(200, n/100)) }},
}

// pickKind gives the first actors one kind each, so that even a tiny graph has them all,
// then draws by weight among the kinds not at their cap.
func pickKind(r *rand.Rand, i, n int, counts map[ag.Kind]int) ag.Kind {
	if i < len(kindWeights) {
		return kindWeights[i].kind
	}
	total := 0
	for _, w := range kindWeights {
		if w.cap == nil || counts[w.kind] < w.cap(n) {
			total += w.weight
		}
	}
	x := r.IntN(total)
	for _, w := range kindWeights {
		if w.cap == nil || counts[w.kind] < w.cap(n) {
			if x -= w.weight; x < 0 {
				return w.kind
			}
		}
	}
	return ag.KindPerson
}

// zipf draws candidates from a pool with a heavy tail: the first of the pool most often.
type zipf struct {
	pool []int
	z    *rand.Zipf
}

func newZipf(r *rand.Rand, pool []int, s float64) *zipf {
	if len(pool) == 0 {
		return nil
	}
	return &zipf{pool: pool, z: rand.NewZipf(r, s, 1, uint64(len(pool)-1))}
}

func (z *zipf) draw() int { return z.pool[z.z.Uint64()] }

func (g *generator) actorID(i int) string { return g.actorIDs[i] }

// cite returns between lo and hi sources of the pool.
func (g *generator) cite(r *rand.Rand, lo, hi int) []string {
	n := lo + r.IntN(hi-lo+1)
	ids := make([]string, 0, n)
	for len(ids) < n && len(ids) < len(g.sourceIDs) {
		s := g.sourceIDs[r.IntN(len(g.sourceIDs))]
		if !slices.Contains(ids, s) {
			ids = append(ids, s)
		}
	}
	return ids
}

// date draws a partial date in [from, to] years: a year alone a quarter of the time, a
// month another quarter, a day otherwise.
func date(r *rand.Rand, from, to int) (ag.Date, int) {
	y := from + r.IntN(to-from+1)
	return atPrecision(r, y), y
}

func atPrecision(r *rand.Rand, y int) ag.Date {
	p, m, d := r.IntN(4), r.IntN(12), r.IntN(28)
	if y < firstYear || y >= firstYear+years {
		return atPrecisionSlow(p, y, m, d)
	}
	t := dateTable()
	switch p {
	case 0:
		return t.year[y-firstYear]
	case 1:
		return t.month[y-firstYear][m]
	}
	return t.day[y-firstYear][m][d]
}

// atPrecisionSlow builds a date of precision p (0 year, 1 month, else day) from a year and a
// zero-based month and day.
func atPrecisionSlow(p, y, m, d int) ag.Date {
	switch p {
	case 0:
		return ag.Date(strconv.Itoa(y))
	case 1:
		return ag.Date(strconv.Itoa(y) + "-" + two(m+1))
	}
	return ag.Date(strconv.Itoa(y) + "-" + two(m+1) + "-" + two(d+1))
}

// The dates of years firstYear to firstYear+years-1 at every precision (days 1 to 28, which
// every month has) are made once, so that a million relationships do not build a million
// date strings.
const firstYear, years = 1900, 160

var dateTable = sync.OnceValue(func() *struct {
	year  [years]ag.Date
	month [years][12]ag.Date
	day   [years][12][28]ag.Date
} {
	t := new(struct {
		year  [years]ag.Date
		month [years][12]ag.Date
		day   [years][12][28]ag.Date
	})
	for y := range years {
		t.year[y] = atPrecisionSlow(0, firstYear+y, 0, 0)
		for m := range 12 {
			t.month[y][m] = atPrecisionSlow(1, firstYear+y, m, 0)
			for d := range 28 {
				t.day[y][m][d] = atPrecisionSlow(2, firstYear+y, m, d)
			}
		}
	}
	return t
})

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// later returns a date strictly later than one in year y, and its year: a later year, so
// that it sorts after y's dates whatever the precision of either.
func later(r *rand.Rand, y, span int) (ag.Date, int) {
	y2 := y + 1 + r.IntN(span)
	return atPrecision(r, y2), y2
}

// recentYear is a year from 1960 to 2025, four times in five after 1990.
func recentYear(r *rand.Rand) int {
	if r.IntN(5) == 0 {
		return 1960 + r.IntN(30)
	}
	return 1990 + r.IntN(36)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// syllables make invented names; no generated name is meant to be anyone's.
var syllables = []string{"ba", "ka", "lo", "mi", "ra", "sa", "tu", "ne", "bo", "di", "fa", "ga", "hi",
	"ja", "ku", "ma", "no", "pi", "ri", "si", "ta", "vo", "wa", "ya", "zu", "ke", "dou", "lin", "mar", "sel"}

func word(r *rand.Rand) string {
	var b strings.Builder
	for n := 2 + r.IntN(2); n > 0; n-- {
		b.WriteString(pick(r, syllables))
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

var nameForms = map[ag.Kind][]string{
	ag.KindState:        {"Republic of %", "% Federation", "Kingdom of %", "%"},
	ag.KindJunta:        {"National Council for the Salvation of %", "Military Committee of %", "Patriotic Movement of %"},
	ag.KindArmedForce:   {"Armed Forces of %", "% Defence Forces", "% Gendarmerie"},
	ag.KindArmedGroup:   {"% Liberation Front", "Movement for %", "% Brigade", "Army of %", "% Self-Defence Militia"},
	ag.KindParamilitary: {"% Group", "% Security Services", "% Corps"},
	ag.KindNGO:          {"% Rights Watch", "Association for %", "% Solidarity", "Friends of %"},
	ag.KindCourt:        {"High Court of %", "% Tribunal", "Court of Justice of %"},
	ag.KindOrganization: {"Union of % States", "% Community", "Organisation for %", "% Alliance"},
}

// name invents a name for an actor of kind k.
func name(r *rand.Rand, k ag.Kind) string {
	if k == ag.KindPerson {
		return word(r) + " " + word(r)
	}
	return strings.Replace(pick(r, nameForms[k]), "%", word(r), 1)
}

// acronym is the initials of a name's capitalised words: "Movement for Kalo" → "MK".
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

// country is a user-assigned ISO 3166 alpha-3 code, "XAA" to "XZZ", never a real country.
func country(r *rand.Rand) string {
	return "X" + string(rune('A'+r.IntN(26))) + string(rune('A'+r.IntN(26)))
}
