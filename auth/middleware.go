package auth

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Options configures Middleware.
type Options struct {
	// RequireToken refuses requests that carry no token (401). Off, such requests go on as
	// anonymous: they may read, and every write fails UNAUTHENTICATED in the resolvers.
	RequireToken bool
	// Logger gets one line for each refused request, with the reason and never the token.
	// Nil means slog.Default().
	Logger *slog.Logger
}

// Middleware authenticates the requests to next from their Authorization header:
//
//   - "Bearer <token>" with a token in tokens: the request goes on with the token's
//     ag.Principal in its context (ag.PrincipalFrom), and without its Authorization header,
//     so that nothing further down can log the token;
//   - no Authorization header: the request goes on anonymous, or is refused if
//     o.RequireToken;
//   - anything else (an unknown token, another scheme, "Bearer" without a token, several
//     Authorization headers): refused.
//
// A refused request gets 401, a WWW-Authenticate: Bearer challenge, and a GraphQL-shaped JSON
// body {"errors":[{"message":...,"extensions":{"code":"UNAUTHENTICATED"}}]}, so that GraphQL
// clients show it like any other error. A nil or empty tokens makes every token unknown.
func Middleware(tokens *Tokens, o Options, next http.Handler) http.Handler {
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		values := r.Header.Values("Authorization")
		if len(values) == 0 {
			if o.RequireToken {
				refuse(w, r, log, "", "no token", "this server needs a bearer token for every request (Authorization: Bearer <token>)")
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		token, ok := bearer(values)
		if !ok {
			refuse(w, r, log, "invalid_request", "malformed Authorization header",
				`the Authorization header must be "Bearer <token>"`)
			return
		}
		p, ok := tokens.Lookup(token)
		if !ok {
			refuse(w, r, log, "invalid_token", "unknown token", "the bearer token is not valid")
			return
		}
		r = r.WithContext(ag.NewContextWithPrincipal(r.Context(), p))
		// The header map is shared with the caller's request: change a copy.
		r.Header = r.Header.Clone()
		r.Header.Del("Authorization")
		next.ServeHTTP(w, r)
	})
}

// bearer returns the token of the one "Bearer <token>" credential in values. The scheme is
// case-insensitive (RFC 9110); the token must have the syntax of RFC 6750.
func bearer(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, token, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.Trim(token, " ")
	if token == "" || !bearerToken.MatchString(token) {
		return "", false
	}
	return token, true
}

// refuse answers 401. oauthErr is the RFC 6750 error code for the challenge ("" for a request
// without credentials, which RFC 6750 says gets none); reason is for the operator's log, msg
// for the client. Neither may contain the token.
func refuse(w http.ResponseWriter, r *http.Request, log *slog.Logger, oauthErr, reason, msg string) {
	log.InfoContext(r.Context(), "request refused", "code", ag.Unauthenticated, "reason", reason,
		"method", r.Method, "path", r.URL.Path)
	challenge := `Bearer realm="actorgraph"`
	if oauthErr != "" {
		challenge += `, error="` + oauthErr + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusUnauthorized)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // the body is JSON, not HTML: keep "<token>" readable
	enc.Encode(errorBody(ag.Errorf(ag.Unauthenticated, "%s", msg)))
}

// errorBody is the GraphQL-shaped body of an error answered before GraphQL runs:
// {"errors":[{"message":...,"extensions":{"code":...}}]}.
func errorBody(e *ag.Error) any {
	type extensions struct {
		Code string `json:"code"`
	}
	type gqlError struct {
		Message    string     `json:"message"`
		Extensions extensions `json:"extensions"`
	}
	return struct {
		Errors []gqlError `json:"errors"`
	}{[]gqlError{{Message: ag.ErrorMessage(e), Extensions: extensions{Code: string(ag.ErrorCode(e))}}}}
}
