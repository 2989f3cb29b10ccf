package store

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	ag "github.com/actorgraph/actorgraph"
)

// When Neo4j goes away (a crash, a restart) the Store notices it from the first call that
// cannot reach it, and watches for its return with a ping. Meanwhile a door stands between
// calls and the database:
//
//   - while Neo4j does not answer, calls are UNAVAILABLE at once. Waiting out a request's
//     deadline against a closed port helps nobody, and a quick answer lets clients back off.
//   - when it answers again, it is let in on calls a few at a time (a slow start) until it
//     answers them at its usual speed. A Neo4j just restarted is slow at everything: its
//     JVM is cold and its query cache empty, so the first run of each statement costs
//     seconds. Requests let in all at once would plan the same statements side by side on
//     the same cores; those that ran out of time would leave their work running behind
//     them, and the database would stay swamped for longer than the warm-up alone takes.
//     Held at the door, a request waits no longer than its own deadline, and costs Neo4j
//     nothing while it waits.
//
// On a healthy database there is no door, and a call pays one atomic load for it.

// Watching for Neo4j's return, and the slow start after it.
const (
	pingEvery   = 250 * time.Millisecond
	pingTimeout = 2 * time.Second
	// A Neo4j just back gets slowStartCalls calls at a time, until slowStartWarm calls in a
	// row have each taken less than slowStartQuick, or for slowStartMax at most.
	slowStartCalls = 2
	slowStartWarm  = 8
	slowStartQuick = 500 * time.Millisecond
	slowStartMax   = 10 * time.Second
)

// door stands between calls and Neo4j while contact is lost or just regained.
type door struct {
	down bool // Neo4j does not answer: calls are refused at once

	// Otherwise, the slow start: slots holds one token per call let in.
	slots chan struct{}
	quick atomic.Int32  // calls in a row that took less than slowStartQuick
	warm  chan struct{} // closed once slowStartWarm calls in a row were quick
	once  sync.Once
}

// Contact is a change in the Store's contact with Neo4j, for the server's log.
type Contact struct {
	Lost bool          // Neo4j stopped answering; otherwise it answers again
	Down time.Duration // if it answers again: for how long it did not
}

// OnContact makes the Store tell fn when it loses contact with Neo4j and when it regains
// it. fn must be quick.
func (s *Store) OnContact(fn func(Contact)) { s.onContact.Store(&fn) }

func (s *Store) tellContact(c Contact) {
	if fn := s.onContact.Load(); fn != nil {
		(*fn)(c)
	}
}

// enter lets a call through to Neo4j, refuses it, or holds it back (see the door). The call
// must call release when its work with the database is over.
func (s *Store) enter(ctx context.Context) (release func(), err error) {
	d := s.door.Load()
	if d == nil {
		return func() {}, nil
	}
	if d.down {
		return nil, ag.Errorf(ag.Unavailable, "the database cannot be reached; retry later")
	}
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ag.Wrap(ag.Unavailable, ctx.Err(), "the database has just come back and is warming up; retry shortly")
	}
	start := time.Now()
	return func() {
		<-d.slots
		if time.Since(start) >= slowStartQuick {
			d.quick.Store(0)
		} else if d.quick.Add(1) >= slowStartWarm {
			d.once.Do(func() { close(d.warm) })
		}
	}, nil
}

// lostContact reports whether err says that Neo4j cannot be reached (as opposed to a
// statement that failed or ran out of time on a database that answers).
func lostContact(err error) bool {
	var gaveUp *neo4j.TransactionExecutionLimit
	if errors.As(err, &gaveUp) {
		n := len(gaveUp.Errors)
		return n > 0 && lostContact(gaveUp.Errors[n-1])
	}
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		return strings.Contains(nerr.Code, "DatabaseUnavailable")
	}
	return neo4j.IsConnectivityError(err) && !errors.Is(err, context.Canceled)
}

// noticeFailure starts the watch for Neo4j's return if err says contact is lost and no
// watch is running.
func (s *Store) noticeFailure(err error) {
	if err == nil || !lostContact(err) || !s.watching.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.watching.Store(false)
		s.watch()
	}()
}

// watch pings Neo4j until it answers (or the Store closes). While pings find it unreachable
// the door is down; when it answers again after that, the slow start follows. If the first
// ping already succeeds, the database never went away (the failure was, say, one dropped
// connection): nothing is held back.
func (s *Store) watch() {
	defer s.door.Store(nil)
	var lost time.Time
	for {
		ctx, cancel := context.WithTimeout(s.life, pingTimeout)
		err := s.ping(ctx)
		slow := ctx.Err() != nil // it answers, slowly: that is not being down
		cancel()
		if s.life.Err() != nil {
			return
		}
		switch {
		case err == nil && !lost.IsZero():
			s.tellContact(Contact{Down: time.Since(lost)})
			s.slowStart()
			return
		case err == nil:
			return
		case lostContact(err) && !slow && lost.IsZero():
			lost = time.Now()
			s.door.Store(&door{down: true})
			s.tellContact(Contact{Lost: true})
		}
		select {
		case <-s.life.Done():
			return
		case <-time.After(pingEvery):
		}
	}
}

// ping runs one trivial statement, once: unlike ExecuteQuery, which retries until its
// deadline, it says at once that Neo4j refused the connection.
func (s *Store) ping(ctx context.Context) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "RETURN 1", nil)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// slowStart puts up a door that lets calls in slowStartCalls at a time, until they are
// quick again or slowStartMax has passed; watch then removes it.
func (s *Store) slowStart() {
	d := &door{slots: make(chan struct{}, slowStartCalls), warm: make(chan struct{})}
	s.door.Store(d)
	select {
	case <-d.warm:
	case <-time.After(slowStartMax):
	case <-s.life.Done():
	}
}
