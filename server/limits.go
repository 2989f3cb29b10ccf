package server

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	ag "github.com/actorgraph/actorgraph"
)

// Limits bound what one GraphQL operation may ask for. They are checked on the parsed
// document, before any resolver runs, so an abusive query costs a parse and a walk and the
// database never sees it. The zero value of a field means its default.
type Limits struct {
	// MaxDepth caps the nesting of fields. Default 15: the deepest example query nests 8.
	MaxDepth int
	// MaxAliases caps fields asked for under another name (alias bombs). Default 30.
	MaxAliases int
	// MaxRootFields caps the top-level fields of one operation. Default 20.
	MaxRootFields int
	// MaxComplexity caps the estimated work: each field costs 1 plus its children's cost,
	// and a list field multiplies its children's cost by its page size (first, limit, k ×
	// maxLength). Default 50,000: a page of 500 actors with 20 allegations each fits; 500
	// with 500 each does not.
	MaxComplexity int
}

func (l Limits) withDefaults() Limits {
	if l.MaxDepth == 0 {
		l.MaxDepth = 15
	}
	if l.MaxAliases == 0 {
		l.MaxAliases = 30
	}
	if l.MaxRootFields == 0 {
		l.MaxRootFields = 20
	}
	if l.MaxComplexity == 0 {
		l.MaxComplexity = 50000
	}
	return l
}

// limitsExtension applies Limits to each operation.
type limitsExtension struct {
	Limits
	es graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &limitsExtension{}

func (e *limitsExtension) ExtensionName() string { return "Limits" }

func (e *limitsExtension) Validate(es graphql.ExecutableSchema) error {
	e.es = costedSchema{es}
	return nil
}

func limitError(field, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": string(ag.LimitExceeded), "field": field}
	return err
}

func (e *limitsExtension) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Doc.Operations.ForName(oc.OperationName)
	if op == nil {
		return nil // gqlgen reports the missing operation itself
	}
	if n := len(op.SelectionSet); n > e.MaxRootFields {
		return limitError("maxRootFields", "the operation has %d top-level fields; the cap is %d", n, e.MaxRootFields)
	}
	w := walk{fragments: oc.Doc.Fragments, seen: map[string]bool{}}
	depth := w.depth(op.SelectionSet, 1)
	if depth > e.MaxDepth {
		return limitError("maxDepth", "the operation nests %d levels deep; the cap is %d", depth, e.MaxDepth)
	}
	if w.aliases > e.MaxAliases {
		return limitError("maxAliases", "the operation has %d aliased fields; the cap is %d", w.aliases, e.MaxAliases)
	}
	if c := complexity.Calculate(ctx, e.es, op, oc.Variables); c > e.MaxComplexity {
		return limitError("maxComplexity", "the operation's estimated cost is %d; the cap is %d (list fields multiply by their page size: ask for smaller pages)", c, e.MaxComplexity)
	}
	return nil
}

// walk measures a selection set: its depth, and how many fields it aliases, counting
// fragments where they are spread.
type walk struct {
	fragments ast.FragmentDefinitionList
	seen      map[string]bool // fragments being expanded, against cycles
	aliases   int
}

func (w *walk) depth(set ast.SelectionSet, level int) int {
	deepest := level - 1
	for _, s := range set {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
			}
			d = level
			if len(s.SelectionSet) > 0 {
				d = w.depth(s.SelectionSet, level+1)
			}
		case *ast.InlineFragment:
			d = w.depth(s.SelectionSet, level)
		case *ast.FragmentSpread:
			f := w.fragments.ForName(s.Name)
			if f == nil || w.seen[s.Name] {
				continue
			}
			w.seen[s.Name] = true
			d = w.depth(f.SelectionSet, level)
			delete(w.seen, s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// costedSchema prices list fields for the complexity walk: their children's cost times the
// page size the arguments ask for (defaults applied).
type costedSchema struct{ graphql.ExecutableSchema }

func (s costedSchema) Complexity(_ context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	mult := 1
	for _, name := range []string{"first", "limit", "k", "maxLength"} {
		if n, ok := args[name].(int64); ok && n > 1 {
			mult = safeMul(mult, int(n))
		} else if n, ok := args[name].(int); ok && n > 1 {
			mult = safeMul(mult, n)
		}
	}
	return 1 + safeMul(child, mult), true
}

func safeMul(a, b int) int {
	if a != 0 && b > (1<<40)/a {
		return 1 << 40
	}
	return a * b
}

func (l Limits) String() string {
	return fmt.Sprintf("depth %d, aliases %d, root fields %d, complexity %d", l.MaxDepth, l.MaxAliases, l.MaxRootFields, l.MaxComplexity)
}
