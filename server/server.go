// Package server builds actorgraph's http.Handler: the GraphQL endpoint (POST and GET, per
// GraphQL over HTTP), the playground and its assets, /healthz and /readyz. It maps the one
// error type of package actorgraph to GraphQL errors with extensions.code, logs every request
// with log/slog under a request id, and never lets database error text reach a client.
// /graphql is behind package auth's bearer-token middleware.
//
// Configuration comes in as a Config; this package reads no environment.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	ag "github.com/actorgraph/actorgraph"
	"github.com/actorgraph/actorgraph/auth"
	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/resolvers"
	"github.com/actorgraph/actorgraph/store"
	"github.com/actorgraph/actorgraph/web"
)

// Config configures the handler.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger
	// MaxBodyBytes caps a request body. Default 1 MiB.
	MaxBodyBytes int64
	// Introspection allows schema introspection (the playground needs it). Default on.
	DisableIntrospection bool
	// Tokens are the bearer tokens /graphql accepts. Nil or empty: every request is
	// anonymous, so it may read and every write fails UNAUTHENTICATED.
	Tokens *auth.Tokens
	// RequireReadToken makes /graphql refuse requests without a valid token (401), reads
	// included. Health checks and the playground's static files stay open either way.
	RequireReadToken bool
	// Limits bound the depth, aliases, top-level fields and estimated cost of an operation.
	Limits Limits
	// RequestTimeout bounds each request, database work included: it becomes the deadline
	// of the request's context and so the Neo4j transaction timeout. Default 30 s.
	RequestTimeout time.Duration
	// AllowedOrigins are the origins whose pages may call the API from a browser (CORS).
	// None by default.
	AllowedOrigins []string
	// PersistedQueries is how many automatic persisted queries (by SHA-256) are remembered.
	// Default 1000.
	PersistedQueries int

	metrics *metrics
}

// New returns the handler of the whole API.
func New(c Config) http.Handler {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	c.metrics = newMetrics()
	c.Store.SetObserver(c.metrics.observeDatabase)
	c.Store.OnContact(func(ct store.Contact) {
		if ct.Lost {
			c.Logger.Warn("Neo4j cannot be reached: requests that need it are refused (UNAVAILABLE) until it answers")
		} else {
			c.Logger.Info("Neo4j answers again: requests are let through to it a few at a time until it is warm",
				"down_ms", ct.Down.Milliseconds())
		}
	})
	if c.Tokens.Len() == 0 {
		c.Logger.Warn("no bearer tokens are configured: every request is anonymous and writes are disabled")
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", GraphQL(c))
	// Exports are reads like any other: the same tokens, the same rule for anonymous reads.
	mux.Handle("GET /export/{format}", auth.Middleware(c.Tokens, auth.Options{RequireToken: c.RequireReadToken, Logger: c.Logger},
		exportHandler(c.Store, c.Logger)))
	// Metrics hold no facts, only counts and timings; like /healthz they stay open.
	mux.Handle("GET /metrics", c.metrics.handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := c.Store.Ready(ctx); err != nil {
			c.Logger.WarnContext(r.Context(), "not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready: " + ag.ErrorMessage(err) + "\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	pg := web.Handler()
	mux.Handle("/playground", pg)
	mux.Handle("/playground/", pg)
	mux.Handle("/assets/", pg)
	mux.Handle("/{$}", pg) // the explorer
	return logRequests(c.Logger, c.metrics.instrument(cors(c.AllowedOrigins, withDeadline(c.RequestTimeout, limitBody(c.MaxBodyBytes, mux)))))
}

// withDeadline gives each request's context a deadline: everything the request does,
// database transactions included, stops by then.
func withDeadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// GraphQL returns the GraphQL endpoint alone, behind its authentication (package auth), so
// that the endpoint never runs without it.
func GraphQL(c Config) http.Handler {
	if c.metrics == nil {
		c.metrics = newMetrics()
	}
	if c.PersistedQueries <= 0 {
		c.PersistedQueries = 1000
	}
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: &resolvers.Resolver{Store: c.Store}}))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](c.PersistedQueries)})
	if !c.DisableIntrospection {
		srv.Use(extension.Introspection{})
	} else {
		// Suggestions ("did you mean ...?") would spell out the schema that introspection hides.
		srv.SetDisableSuggestion(true)
	}
	srv.Use(&limitsExtension{Limits: c.Limits.withDefaults()})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		name, kind := oc.OperationName, "query"
		if op := oc.Doc.Operations.ForName(oc.OperationName); op != nil {
			name, kind = op.Name, string(op.Operation)
		}
		timer := prometheus.NewTimer(c.metrics.operations.WithLabelValues(c.metrics.operationLabel(name), kind))
		respond := next(resolvers.WithLoaders(ctx, c.Store))
		return func(ctx context.Context) *graphql.Response {
			resp := respond(ctx)
			timer.ObserveDuration()
			if resp == nil && ctx.Err() != nil {
				// gqlgen answers nothing when the deadline passed before it began; a client
				// deserves a coded error instead of a bare null.
				c.metrics.errors.WithLabelValues(string(ag.Unavailable)).Inc()
				return &graphql.Response{Errors: gqlerror.List{{Message: "the request ran out of time",
					Extensions: map[string]any{"code": string(ag.Unavailable)}}}}
			}
			return resp
		}
	})
	srv.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error {
		gerr := presentError(ctx, c.Logger, err)
		code, _ := gerr.Extensions["code"].(string)
		c.metrics.errors.WithLabelValues(code).Inc()
		return gerr
	})
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		c.Logger.ErrorContext(ctx, "panic in resolver", "panic", p)
		return ag.Errorf(ag.Internal, "internal error")
	})
	return auth.Middleware(c.Tokens, auth.Options{RequireToken: c.RequireReadToken, Logger: c.Logger}, conformHTTP(srv))
}

// presentError maps an error to the GraphQL error a client sees. An *actorgraph.Error gives
// its code and client message; a GraphQL validation or parse error keeps gqlgen's message
// (it is about the client's document) with code INVALID_INPUT or GRAPHQL_VALIDATION_FAILED;
// anything else is logged in full and shown as "internal error".
func presentError(ctx context.Context, log *slog.Logger, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var e *ag.Error
	if errors.As(err, &e) {
		if e.Code == ag.Internal || e.Err != nil && e.Code != ag.InvalidInput {
			log.ErrorContext(ctx, "request failed", "code", e.Code, "err", err, "path", gerr.Path.String())
		}
		gerr.Message = ag.ErrorMessage(e)
		ext := map[string]any{"code": string(e.Code)}
		if e.Field != "" {
			ext["field"] = e.Field
		} else if e.Code == ag.InvalidInput && len(gerr.Path) > 0 {
			// A malformed argument caught while unmarshalling: its path ends with the
			// argument's name ("actors.filter.asOf").
			ext["field"] = gerr.Path.String()
		}
		gerr.Extensions = ext
		return gerr
	}
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Extensions != nil {
		// Argument coercion errors (a malformed PartialDate, an unknown enum value) come
		// from gqlgen with a code of its own; they are the client's input.
		if code, _ := gqlErr.Extensions["code"].(string); code != "" {
			// A variable whose value does not fit its type ("PLANET" as an ActorKind) is bad
			// input like any other: INVALID_INPUT, naming the variable's path ("input.kind").
			if code == "GRAPHQL_VALIDATION_FAILED" && len(gqlErr.Path) > 1 && gqlErr.Path[0] == ast.PathName("variable") {
				gerr.Extensions = map[string]any{"code": string(ag.InvalidInput), "field": gqlErr.Path[1:].String()}
			}
			return gerr
		}
	}
	if errors.As(err, &gqlErr) && gqlErr.Path == nil && gqlErr.Err == nil {
		// The transport's own errors are about the client's request: a body that is not
		// JSON, or too big. gqlgen puts the whole body in the message; it is cut off, since
		// a body can hold what must not be logged or echoed (a confidential source).
		msg, _, _ := strings.Cut(gqlErr.Message, " body:")
		code, field := ag.InvalidInput, "body"
		switch {
		case strings.Contains(gqlErr.Message, "request body too large"):
			code, field, msg = ag.LimitExceeded, "maxBodyBytes", "the request body is over the size cap"
		case strings.HasPrefix(gqlErr.Message, "could not read request body"):
			msg = "could not read the request body"
		}
		log.InfoContext(ctx, "bad request", "code", code, "reason", msg)
		gerr.Message = msg
		gerr.Extensions = map[string]any{"code": string(code), "field": field}
		return gerr
	}
	if errors.As(err, &gqlErr) && gqlErr.Path != nil && gqlErr.Err == nil {
		// An argument that failed to unmarshal: gqlgen reports it with the path and the
		// unmarshaller's message, which is ours and safe.
		gerr.Extensions = map[string]any{"code": string(ag.InvalidInput)}
		return gerr
	}
	log.ErrorContext(ctx, "request failed", "code", ag.Internal, "err", err, "path", gerr.Path.String())
	gerr.Message = "internal error"
	gerr.Extensions = map[string]any{"code": string(ag.Internal)}
	return gerr
}

// limitBody caps request bodies; a bigger body fails to read and the request is refused.
func limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// logRequests gives each request an id (X-Request-Id, echoed back) and logs one line per
// request. It logs neither bodies nor the Authorization header.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			var b [8]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r.WithContext(ctx))
		log.InfoContext(ctx, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}

// LogHandler wraps a slog.Handler so that every record logged with a request's context
// carries its request_id.
func LogHandler(h slog.Handler) slog.Handler { return requestIDHandler{h} }

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
