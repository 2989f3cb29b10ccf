// Package store is actorgraph's only door to Neo4j: it opens the driver, owns the
// constraints and indexes, holds every Cypher statement (always parameterised; the only
// values ever spliced into a statement are labels and relationship types from the domain's
// closed enums), and maps records to the domain types of package actorgraph.
//
// Every call takes a context and runs under a deadline (Config.QueryTimeout, also sent to
// Neo4j as the transaction timeout). Errors come back as *actorgraph.Error: UNAVAILABLE when
// the database cannot be reached, CONFLICT when a uniqueness constraint refuses a write, and
// INTERNAL for the rest, with the driver's error kept as the cause for the log only.
package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	ag "github.com/actorgraph/actorgraph"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://, neo4j://, bolt+s://, neo4j+s:// ...
	User     string
	Password string
	Database string // "" for the server's default database
	// QueryTimeout bounds every call; it is also the Neo4j transaction timeout. Default 10s.
	QueryTimeout time.Duration
	// MaxPoolSize caps open Bolt connections. Default 100.
	MaxPoolSize int
}

// Validate checks c and says what is wrong in terms an operator can act on.
func (c Config) Validate() error {
	u, err := url.Parse(c.URI)
	if err != nil || u.Host == "" {
		return fmt.Errorf("NEO4J_URI %q is not a URI such as bolt://127.0.0.1:7687", c.URI)
	}
	switch u.Scheme {
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
	default:
		return fmt.Errorf("NEO4J_URI %q has scheme %q; use bolt://, neo4j:// or their +s variants", c.URI, u.Scheme)
	}
	return nil
}

// Store runs actorgraph's queries against one Neo4j database. It is safe for concurrent use.
type Store struct {
	driver  neo4j.DriverWithContext
	db      string
	timeout time.Duration
	// roundTrips counts statements sent to Neo4j, so tests can prove that a nested query
	// costs a bounded number of them.
	roundTrips atomic.Int64
	// observe, if set, is told the duration and outcome of each statement (for metrics).
	observe atomic.Pointer[func(time.Duration, error)]
	// watching, door and onContact serve the watch for Neo4j's return: see contact.go.
	watching  atomic.Bool
	door      atomic.Pointer[door]
	onContact atomic.Pointer[func(Contact)]
	// life ends when the Store is closed, and with it any watch for Neo4j's return.
	life context.Context
	end  context.CancelFunc
}

// SetObserver makes the Store report the duration and outcome of each statement it sends
// to fn, which must be quick and safe for concurrent use.
func (s *Store) SetObserver(fn func(time.Duration, error)) { s.observe.Store(&fn) }

func (s *Store) observed(start time.Time, err error) {
	if fn := s.observe.Load(); fn != nil {
		(*fn)(time.Since(start), err)
	}
	s.noticeFailure(err)
}

// Open connects to Neo4j and checks that it answers. It does not create the schema; call
// Migrate for that.
func Open(ctx context.Context, c Config) (*Store, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = 10 * time.Second
	}
	if c.MaxPoolSize <= 0 {
		c.MaxPoolSize = 100
	}
	auth := neo4j.NoAuth()
	if c.User != "" {
		auth = neo4j.BasicAuth(c.User, c.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(c.URI, auth, func(cfg *config.Config) {
		cfg.MaxConnectionPoolSize = c.MaxPoolSize
		cfg.ConnectionAcquisitionTimeout = c.QueryTimeout
		cfg.SocketConnectTimeout = 5 * time.Second
		cfg.MaxTransactionRetryTime = c.QueryTimeout
		// After Neo4j restarts, the pool's idle connections are dead. Testing those idle for
		// a few seconds before reuse costs one round trip now and then, and spares requests
		// from failing on them one after another until the pool has turned over.
		cfg.ConnectionLivenessCheckTimeout = 5 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("NEO4J_URI %q: %v", c.URI, err)
	}
	s := &Store{driver: driver, db: c.Database, timeout: c.QueryTimeout}
	s.life, s.end = context.WithCancel(context.Background())
	vctx, cancel := context.WithTimeout(ctx, c.QueryTimeout)
	defer cancel()
	if err := driver.VerifyConnectivity(vctx); err != nil {
		s.end()
		driver.Close(ctx)
		return nil, connectError(c, err)
	}
	return s, nil
}

// connectError turns a failed first contact into one line an operator can act on.
func connectError(c Config, err error) error {
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) && strings.Contains(nerr.Code, "Security") {
		return fmt.Errorf("Neo4j at %s refused the credentials of user %q: check NEO4J_USER and NEO4J_PASSWORD", c.URI, c.User)
	}
	if neo4j.IsConnectivityError(err) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("cannot reach Neo4j at %s: is it running? (`make db` starts the local one; NEO4J_URI points elsewhere): %v", c.URI, err)
	}
	return fmt.Errorf("Neo4j at %s: %v", c.URI, err)
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	s.end()
	return s.driver.Close(ctx)
}

// RoundTrips returns how many statements this Store has sent to Neo4j so far.
func (s *Store) RoundTrips() int64 { return s.roundTrips.Load() }

// Ready reports whether the database answers and holds actorgraph's constraints.
func (s *Store) Ready(ctx context.Context) error {
	recs, err := s.read(ctx, `SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names`, nil)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, n := range list(recs[0]["names"]) {
		have[n.(string)] = true
	}
	for _, c := range constraints {
		if !have[c.name] {
			return ag.Errorf(ag.Unavailable, "the schema is not in place: constraint %s is missing", c.name)
		}
	}
	return nil
}

// record is one result row, by column name.
type record map[string]any

// read runs one read statement and returns its rows. Reads go to readers in a cluster.
func (s *Store) read(ctx context.Context, cypher string, params map[string]any) ([]record, error) {
	return s.run(ctx, cypher, params, readMode)
}

// Routing modes of run: reads may go to cluster readers, writes go to the leader.
const (
	readMode  = false
	writeMode = true
)

// run sends one statement in its own transaction, retried while what fails it is transient
// (a stale pooled connection, a database coming back), up to the deadline. A read is an
// auto-commit transaction (readAuto); a write is a transaction function.
func (s *Store) run(ctx context.Context, cypher string, params map[string]any, write bool) ([]record, error) {
	timeout, err := s.txTimeout(ctx, s.timeout)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	release, err := s.enter(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	s.roundTrips.Add(1)
	start := time.Now()
	var recs []*neo4j.Record
	if write {
		var res *neo4j.EagerResult
		res, err = neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(timeout)))
		if res != nil {
			recs = res.Records
		}
	} else {
		recs, err = s.readAuto(ctx, cypher, params, timeout)
	}
	s.observed(start, err)
	if err != nil {
		return nil, dbError(err)
	}
	return records(recs), nil
}

// readAuto runs a read statement as an auto-commit transaction, which costs one round trip
// (RUN and PULL go together) where a transaction function costs two (BEGIN, RUN and PULL;
// then COMMIT): a count took 0.45 ms rather than 0.65, and 16 at a time went 1.6 times as
// fast. The driver retries transaction functions only, so readAuto retries what the driver
// calls retryable itself, with backoff, until ctx is done: a read is safe to run again. It
// shares the driver's bookmarks with ExecuteQuery, as the transaction functions did.
func (s *Store) readAuto(ctx context.Context, cypher string, params map[string]any, timeout time.Duration) ([]*neo4j.Record, error) {
	cfg := neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead,
		FetchSize: neo4j.FetchAll, BookmarkManager: s.driver.ExecuteQueryBookmarkManager()}
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		sess := s.driver.NewSession(ctx, cfg)
		res, err := sess.Run(ctx, cypher, params, neo4j.WithTxTimeout(timeout))
		var recs []*neo4j.Record
		if err == nil {
			recs, err = res.Collect(ctx)
		}
		sess.Close(ctx)
		if err == nil || !neo4j.IsRetryable(err) {
			return recs, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
	}
}

// tx is a write transaction in progress; each call is one round trip.
type tx struct {
	s   *Store
	ctx context.Context
	t   neo4j.ManagedTransaction
}

// run runs one statement in the transaction and returns its rows.
func (t *tx) run(cypher string, params map[string]any) ([]record, error) {
	t.s.roundTrips.Add(1)
	start := time.Now()
	res, err := t.t.Run(t.ctx, cypher, params)
	if err != nil {
		t.s.observed(start, err)
		return nil, err
	}
	recs, err := res.Collect(t.ctx)
	t.s.observed(start, err)
	if err != nil {
		return nil, err
	}
	return records(recs), nil
}

// packedRows is the one column of a statement that returns its rows packed into one record,
// as a list of maps: `WITH … ORDER BY … RETURN collect({a: …, score: …}) AS rows`. Neo4j and
// the driver pay for each record (a Bolt message; under a deadline the driver starts a
// goroutine for each read of one): 51 actors packed took half the time of 51 records, 10
// search hits 8% less. records unpacks the column, so callers read the rows either way.
// A statement whose rows are many or unbounded (an export) returns records as they come.
const packedRows = "rows"

// records turns the driver's records into rows by column name, unpacking packedRows.
func records(recs []*neo4j.Record) []record {
	if len(recs) == 1 && len(recs[0].Keys) == 1 && recs[0].Keys[0] == packedRows {
		if rows, ok := recs[0].Values[0].([]any); ok {
			out := make([]record, len(rows))
			for i, r := range rows {
				out[i], _ = r.(map[string]any)
			}
			return out
		}
	}
	out := make([]record, len(recs))
	for i, r := range recs {
		m := make(record, len(r.Keys))
		for j, k := range r.Keys {
			m[k] = r.Values[j]
		}
		out[i] = m
	}
	return out
}

// write runs fn in one write transaction, retried on transient failures: either all of its
// statements take effect or none does. fn must be safe to run more than once.
func (s *Store) write(ctx context.Context, timeout time.Duration, fn func(*tx) error) error {
	ctx, sess, timeout, done, err := s.writeSession(ctx, timeout)
	if err != nil {
		return err
	}
	defer done()
	_, err = sess.ExecuteWrite(ctx, func(t neo4j.ManagedTransaction) (any, error) {
		return nil, fn(&tx{s: s, ctx: ctx, t: t})
	}, neo4j.WithTxTimeout(timeout))
	if err != nil {
		s.noticeFailure(err) // a transaction that could not begin ran no statement to observe
		return dbError(err)
	}
	return nil
}

// writeSession opens a write session for one transaction: under a deadline of at most
// timeout (s.timeout if 0, shortened to the caller's deadline, which the returned timeout
// is), and through the door (contact.go). done closes the session and releases both.
func (s *Store) writeSession(ctx context.Context, timeout time.Duration) (context.Context, neo4j.SessionWithContext, time.Duration, func(), error) {
	if timeout <= 0 {
		timeout = s.timeout
	}
	timeout, err := s.txTimeout(ctx, timeout)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	release, err := s.enter(ctx)
	if err != nil {
		cancel()
		return nil, nil, 0, nil, err
	}
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	return ctx, sess, timeout, func() {
		sess.Close(ctx)
		release()
		cancel()
	}, nil
}

// txTimeout is the time a transaction may take: at most max, and no longer than the
// caller's deadline (a request's), which Neo4j is told too, so that the database stops work
// nobody will wait for. A deadline already passed is UNAVAILABLE at once.
func (s *Store) txTimeout(ctx context.Context, max time.Duration) (time.Duration, error) {
	if d, ok := ctx.Deadline(); ok {
		left := time.Until(d)
		if left <= 0 {
			return 0, ag.Wrap(ag.Unavailable, ctx.Err(), "the request ran out of time")
		}
		if left < max {
			return left, nil
		}
	}
	return max, nil
}

// dbError maps a driver error to an *actorgraph.Error whose message is safe for clients.
func dbError(err error) error {
	var e *ag.Error
	if errors.As(err, &e) {
		return err
	}
	var nerr *neo4j.Neo4jError
	var gaveUp *neo4j.TransactionExecutionLimit
	switch {
	case errors.As(err, &gaveUp):
		// The driver retried and gave up (its error does not unwrap): what the last attempt
		// met decides, and a database that kept failing is unavailable, not broken.
		if n := len(gaveUp.Errors); n > 0 {
			if e := dbError(gaveUp.Errors[n-1]); ag.ErrorCode(e) != ag.Internal {
				return ag.Wrap(ag.ErrorCode(e), err, ag.ErrorMessage(e))
			}
		}
		return ag.Wrap(ag.Unavailable, err, "the database is unavailable; retry later")
	case errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
		return ag.Wrap(ag.Conflict, err, "an item with this id already exists")
	case errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.ClientError.Transaction.TransactionTimedOut"),
		errors.Is(err, context.DeadlineExceeded):
		return ag.Wrap(ag.Unavailable, err, "the database did not answer in time")
	case errors.Is(err, context.Canceled):
		return ag.Wrap(ag.Unavailable, err, "the request was cancelled")
	case neo4j.IsConnectivityError(err), neo4j.IsUsageError(err) && strings.Contains(err.Error(), "closed"):
		return ag.Wrap(ag.Unavailable, err, "the database is unavailable; retry later")
	case errors.As(err, &nerr) && (strings.HasPrefix(nerr.Code, "Neo.TransientError") || strings.Contains(nerr.Code, "Unavailable")):
		return ag.Wrap(ag.Unavailable, err, "the database is unavailable; retry later")
	}
	return ag.Wrap(ag.Internal, err, "internal error")
}

// Query runs a read-only statement given by the caller and returns its rows as maps. It is
// for tests and operator tools that inspect the graph; the API never passes client text here.
func (s *Store) Query(ctx context.Context, cypher string, params map[string]any) ([]map[string]any, error) {
	recs, err := s.read(ctx, cypher, params)
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = r
	}
	return out, err
}

// querier runs one statement and returns its rows: the Store, each call in its own read
// transaction, or a write transaction in progress. Lookups written against a querier serve
// both the read API and the snapshots a write takes before and after it changes something.
type querier interface {
	query(ctx context.Context, cypher string, params map[string]any) ([]record, error)
}

func (s *Store) query(ctx context.Context, cypher string, params map[string]any) ([]record, error) {
	return s.read(ctx, cypher, params)
}

func (t *tx) query(_ context.Context, cypher string, params map[string]any) ([]record, error) {
	return t.run(cypher, params)
}

// openTx is a write transaction whose statements have run and whose commit is left to the
// caller, so that the caller can go on meanwhile: Import commits one chunk while the next
// one's statements run.
type openTx struct {
	s     *Store
	t     neo4j.ExplicitTransaction
	ctx   context.Context
	close func()     // the session's done (writeSession)
	done  chan error // the commit's outcome, once commit has been called
}

// begin opens a write transaction of at most timeout and runs fn in it, once, with no retry:
// on error the transaction is rolled back and the error returned. The caller then calls
// commit and wait, or rollback.
func (s *Store) begin(ctx context.Context, timeout time.Duration, fn func(*tx) error) (*openTx, error) {
	ctx, sess, timeout, done, err := s.writeSession(ctx, timeout)
	if err != nil {
		return nil, err
	}
	o := &openTx{s: s, ctx: ctx, close: done}
	if o.t, err = sess.BeginTransaction(ctx, neo4j.WithTxTimeout(timeout)); err != nil {
		o.close()
		s.noticeFailure(err)
		return nil, dbError(err)
	}
	if err := fn(&tx{s: s, ctx: ctx, t: o.t}); err != nil {
		o.rollback()
		return nil, dbError(err)
	}
	return o, nil
}

// commit starts committing in the background; wait returns the outcome.
func (o *openTx) commit() {
	o.done = make(chan error, 1)
	go func() {
		err := o.t.Commit(o.ctx)
		o.close()
		if err != nil {
			o.s.noticeFailure(err)
			err = dbError(err)
		}
		o.done <- err
	}()
}

// wait waits for the commit, if one was started, and returns its outcome.
func (o *openTx) wait() error {
	if o.done == nil {
		return nil
	}
	return <-o.done
}

func (o *openTx) rollback() {
	o.t.Rollback(o.ctx)
	o.close()
}
