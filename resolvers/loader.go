package resolvers

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"time"
)

// batchWait is how long a loader waits after the last key arrived before it queries: a
// debounce, so that a batch closes when the keys stop coming, not at a fixed time. gqlgen
// resolves the items of a list concurrently, so the keys of one level arrive close together;
// on a busy machine they straggle, and each new key buys the batch another batchWait, up to
// maxWait. The wait is the latency a nested level pays for batching.
const (
	batchWait = 1 * time.Millisecond
	maxWait   = 10 * time.Millisecond
)

// maxBatch caps the keys of one query; more keys start another batch at once.
const maxBatch = 1000

// loader batches concurrent Loads into one fetch and caches results for one request.
type loader[K comparable, V any] struct {
	ctx   context.Context // the request's: fetches are cancelled with it
	fetch func(context.Context, []K) (map[K]V, error)

	mu    sync.Mutex
	cur   *batch[K, V]
	cache map[K]*batch[K, V]
}

type batch[K comparable, V any] struct {
	keys []K
	// started and last are when the first and the latest key joined.
	started, last time.Time
	done          chan struct{}
	res           map[K]V
	err           error
}

func newLoader[K comparable, V any](ctx context.Context, fetch func(context.Context, []K) (map[K]V, error)) *loader[K, V] {
	return &loader[K, V]{ctx: ctx, fetch: fetch, cache: map[K]*batch[K, V]{}}
}

// Load returns the value for k (the zero value if the fetch found none).
func (l *loader[K, V]) Load(k K) (V, error) {
	l.mu.Lock()
	b, ok := l.cache[k]
	if !ok {
		if l.cur == nil {
			now := time.Now()
			l.cur = &batch[K, V]{done: make(chan struct{}), started: now}
			nb := l.cur
			time.AfterFunc(batchWait, func() { l.dispatch(nb) })
		}
		b = l.cur
		b.keys = append(b.keys, k)
		b.last = time.Now()
		l.cache[k] = b
		if len(b.keys) >= maxBatch {
			go l.dispatch(b)
		}
	}
	l.mu.Unlock()
	<-b.done
	return b.res[k], b.err
}

// LoadWith loads k and, in the same query, sent at once, every peer not asked for yet: the
// first item of a list to ask for a field asks for all the list's items, and nobody waits
// for a batch to fill. Without peers it is Load.
func (l *loader[K, V]) LoadWith(k K, peers []K) (V, error) {
	if len(peers) > 0 {
		l.prime(append([]K{k}, peers...))
	}
	return l.Load(k)
}

// LoadManyWith is LoadMany with peers, as LoadWith.
func (l *loader[K, V]) LoadManyWith(keys, peers []K) ([]V, error) {
	if len(peers) > 0 {
		l.prime(append(slices.Clone(keys), peers...))
	}
	return l.LoadMany(keys)
}

// put caches values fetched along with something else, for keys no batch holds yet.
func (l *loader[K, V]) put(values map[K]V) {
	if len(values) == 0 {
		return
	}
	b := &batch[K, V]{done: make(chan struct{}), res: values}
	close(b.done)
	l.mu.Lock()
	for k := range values {
		if _, ok := l.cache[k]; !ok {
			l.cache[k] = b
		}
	}
	l.mu.Unlock()
}

// prime fetches, now and in this goroutine, the keys no batch holds yet.
func (l *loader[K, V]) prime(keys []K) {
	l.mu.Lock()
	b := &batch[K, V]{done: make(chan struct{})}
	for _, k := range keys {
		if _, ok := l.cache[k]; !ok {
			l.cache[k] = b
			b.keys = append(b.keys, k)
		}
	}
	l.mu.Unlock()
	if len(b.keys) == 0 {
		return
	}
	for start := 0; start < len(b.keys); start += maxBatch {
		res, err := l.fetch(l.ctx, b.keys[start:min(start+maxBatch, len(b.keys))])
		if err != nil {
			b.err = err
			break
		}
		if b.res == nil {
			b.res = res
		} else {
			maps.Copy(b.res, res)
		}
	}
	l.keep(b)
	close(b.done)
}

// keep caches, under b, what b's fetch returned beyond the keys it was asked for and no batch
// holds yet: a fetch may answer more than it was asked (all the lists of an allegation, when
// one was asked), and the loads that ask next then find it.
func (l *loader[K, V]) keep(b *batch[K, V]) {
	l.mu.Lock()
	for k := range b.res {
		if _, ok := l.cache[k]; !ok {
			l.cache[k] = b
		}
	}
	l.mu.Unlock()
}

// LoadMany loads several keys in the same batch and returns their values in order,
// skipping keys with no value.
func (l *loader[K, V]) LoadMany(keys []K) ([]V, error) {
	type result struct {
		v   V
		err error
	}
	results := make([]result, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := l.Load(k)
			results[i] = result{v, err}
		}()
	}
	wg.Wait()
	out := make([]V, 0, len(keys))
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		var zero V
		if any(r.v) != any(zero) {
			out = append(out, r.v)
		}
	}
	return out, nil
}

func (l *loader[K, V]) dispatch(b *batch[K, V]) {
	l.mu.Lock()
	if l.cur != b { // already dispatched (full batch)
		l.mu.Unlock()
		return
	}
	if quiet := time.Since(b.last); quiet < batchWait && time.Since(b.started) < maxWait {
		// Keys are still arriving: wait until they have been quiet for batchWait.
		time.AfterFunc(batchWait-quiet, func() { l.dispatch(b) })
		l.mu.Unlock()
		return
	}
	l.cur = nil
	keys := b.keys
	l.mu.Unlock()
	b.res, b.err = l.fetch(l.ctx, keys)
	l.keep(b)
	close(b.done)
}

// loaderGroup holds one loader per distinct set of arguments (a filter, a page size), so
// that the same field asked with the same arguments on many parents is one query, while
// different arguments never share results.
type loaderGroup[P any, K comparable, V any] struct {
	ctx   context.Context
	fetch func(context.Context, P, []K) (map[K]V, error)
	mu    sync.Mutex
	m     map[string]*loader[K, V]
}

func newGroup[P any, K comparable, V any](ctx context.Context, fetch func(context.Context, P, []K) (map[K]V, error)) *loaderGroup[P, K, V] {
	return &loaderGroup[P, K, V]{ctx: ctx, fetch: fetch, m: map[string]*loader[K, V]{}}
}

func (g *loaderGroup[P, K, V]) Load(params P, k K) (V, error) {
	return g.LoadWith(params, k, nil)
}

// put caches values fetched along with something else under params, as loader.put.
func (g *loaderGroup[P, K, V]) put(params P, values map[K]V) {
	g.loader(params).put(values)
}

// LoadWith is Load with peers, as loader.LoadWith.
func (g *loaderGroup[P, K, V]) LoadWith(params P, k K, peers []K) (V, error) {
	return g.loader(params).LoadWith(k, peers)
}

// loader returns the loader for params, made on first use: its fetches pass those params.
func (g *loaderGroup[P, K, V]) loader(params P) *loader[K, V] {
	b, _ := json.Marshal(params)
	key := string(b)
	g.mu.Lock()
	defer g.mu.Unlock()
	l, ok := g.m[key]
	if !ok {
		l = newLoader(g.ctx, func(ctx context.Context, keys []K) (map[K]V, error) { return g.fetch(ctx, params, keys) })
		g.m[key] = l
	}
	return l
}
