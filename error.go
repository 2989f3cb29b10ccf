package actorgraph

import (
	"errors"
	"fmt"
)

// Code classifies an Error for clients. The GraphQL layer puts it in extensions.code; the
// set is closed, and anything that is not an *Error is INTERNAL.
type Code string

// The error codes of the API. Clients may branch on them; their meaning never changes.
const (
	NotFound        Code = "NOT_FOUND"       // an id that must exist does not
	InvalidInput    Code = "INVALID_INPUT"   // an argument is malformed or breaks a rule; Field names it
	Conflict        Code = "CONFLICT"        // the write would break uniqueness or a concurrent change won
	Unauthenticated Code = "UNAUTHENTICATED" // no valid credentials were given
	Forbidden       Code = "FORBIDDEN"       // valid credentials, insufficient role
	LimitExceeded   Code = "LIMIT_EXCEEDED"  // a request goes over a cap; Message names the cap
	Unavailable     Code = "UNAVAILABLE"     // the database cannot be reached now; retrying may help
	Internal        Code = "INTERNAL"        // a bug or an unexpected failure; details are logged, not returned
)

// Error is the one error type of actorgraph. Message is written for the client and must never
// contain database error text; Err keeps the underlying cause for the operator's log.
type Error struct {
	Code    Code
	Message string
	// Field is the argument or input field at fault (for INVALID_INPUT), e.g. "filter.asOf".
	Field string
	// Err is the internal cause. It is logged, never shown to a client.
	Err error
}

func (e *Error) Error() string {
	msg := string(e.Code) + ": " + e.Message
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted client-facing message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an INVALID_INPUT error about one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: InvalidInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error of the given code whose client message is msg and whose cause, kept
// for the log, is err.
func Wrap(code Code, err error, msg string) *Error {
	return &Error{Code: code, Message: msg, Err: err}
}

// ErrorCode returns the code of err: the Code of the first *Error in its chain, INTERNAL for
// any other error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the client-safe message of err: the Message of an *Error, and a fixed
// "internal error" for anything else, so that no unexpected text leaks to a client.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Message
	}
	return "internal error"
}
