package store

import (
	"context"
	"errors"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	ag "github.com/actorgraph/actorgraph"
)

// Errors from the driver reach clients as codes, never as text: a database that went away
// while the driver retried is UNAVAILABLE, a uniqueness violation CONFLICT.
func TestDBErrorCodes(t *testing.T) {
	refused := &neo4j.ConnectivityError{Inner: errors.New("dial tcp 127.0.0.1:7687: connection refused")}
	for _, c := range []struct {
		err  error
		want ag.Code
	}{
		{&neo4j.TransactionExecutionLimit{Cause: "timeout (exceeded max retry time: 10s)", Errors: []error{refused, refused}}, ag.Unavailable},
		{&neo4j.TransactionExecutionLimit{Cause: "context deadline exceeded"}, ag.Unavailable},
		{refused, ag.Unavailable},
		{context.DeadlineExceeded, ag.Unavailable},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed", Msg: "Node(1) already exists"}, ag.Conflict},
		{&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}, ag.Unavailable},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input 'MATCH'"}, ag.Internal},
	} {
		got := dbError(c.err)
		if ag.ErrorCode(got) != c.want {
			t.Errorf("%v: got %v, want %s", c.err, got, c.want)
		}
		if msg := ag.ErrorMessage(got); msg == c.err.Error() || len(msg) > 80 {
			t.Errorf("%v: the client message %q should not be the driver's text", c.err, msg)
		}
	}
}
