package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	ag "github.com/actorgraph/actorgraph"
)

func TestLostContact(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&neo4j.ConnectivityError{Inner: errors.New("dial tcp 127.0.0.1:7687: connect: connection refused")}, true},
		{&neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&neo4j.ConnectivityError{Inner: errors.New("connection reset by peer")}}}, true},
		{&neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, true},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, false},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut"}, false},
		{&neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}}}, false},
		{errors.New("anything else"), false},
	} {
		if got := lostContact(c.err); got != c.want {
			t.Errorf("lostContact(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// The slow start lets slowStartCalls calls in at a time; one more waits, and gives up with
// UNAVAILABLE when its deadline passes; slowStartWarm quick calls in a row end it.
func TestSlowStartDoor(t *testing.T) {
	s := &Store{}
	d := &door{slots: make(chan struct{}, slowStartCalls), warm: make(chan struct{})}
	s.door.Store(d)
	var held []func()
	for range slowStartCalls {
		release, err := s.enter(context.Background())
		if err != nil {
			t.Fatalf("a call within the slow start's width was refused: %v", err)
		}
		held = append(held, release)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.enter(ctx); ag.ErrorCode(err) != ag.Unavailable {
		t.Fatalf("a call beyond the width should wait out its deadline and be UNAVAILABLE, got %v", err)
	}
	for _, release := range held {
		release() // quick: they count towards the end of the slow start
	}
	for i := slowStartCalls; i < slowStartWarm; i++ {
		select {
		case <-d.warm:
			t.Fatalf("the slow start ended after %d quick calls; it takes %d", i, slowStartWarm)
		default:
		}
		release, err := s.enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	select {
	case <-d.warm:
	default:
		t.Fatalf("%d quick calls in a row did not end the slow start", slowStartWarm)
	}

	s.door.Store(&door{down: true})
	if _, err := s.enter(context.Background()); ag.ErrorCode(err) != ag.Unavailable {
		t.Fatalf("a call while Neo4j is down should be UNAVAILABLE at once, got %v", err)
	}
}
