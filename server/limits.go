package server

import (
	"context"

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
	// MaxFields caps the fields an operation expands to, fragments spread where they are
	// used. Default 2,000; the largest example query has under 60.
	MaxFields int
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
	if l.MaxFields == 0 {
		l.MaxFields = 2000
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
	// Measured with each fragment walked once: a fragment spread twice in each of twenty
	// nested fragments expands to a million fields, and must be refused without expanding.
	w := walk{fragments: oc.Doc.Fragments, memo: map[string]shape{}, open: map[string]bool{}}
	sh := w.shape(op.SelectionSet)
	if sh.depth > e.MaxDepth {
		return limitError("maxDepth", "the operation nests %d levels deep; the cap is %d", sh.depth, e.MaxDepth)
	}
	if sh.aliases > e.MaxAliases {
		return limitError("maxAliases", "the operation has %d aliased fields; the cap is %d", sh.aliases, e.MaxAliases)
	}
	if sh.fields > e.MaxFields {
		return limitError("maxFields", "the operation expands to %d fields; the cap is %d", sh.fields, e.MaxFields)
	}
	if c := complexity.Calculate(ctx, e.es, op, oc.Variables); c > e.MaxComplexity {
		return limitError("maxComplexity", "the operation's estimated cost is %d; the cap is %d (list fields multiply by their page size: ask for smaller pages)", c, e.MaxComplexity)
	}
	return nil
}

// walk measures selection sets, expanding each fragment once (memo), so that its cost is
// the size of the document, whatever the size of the expansion.
type walk struct {
	fragments ast.FragmentDefinitionList
	memo      map[string]shape
	open      map[string]bool // fragments being measured, against cycles (gqlgen refuses them too)
}

// shape is what a selection set expands to: its depth in fields, and how many fields and
// aliased fields it holds, counting a fragment each time it is spread (saturating).
type shape struct{ depth, fields, aliases int }

const saturated = 1 << 40

func (a shape) plus(b shape) shape {
	return shape{max(a.depth, b.depth), min(a.fields+b.fields, saturated), min(a.aliases+b.aliases, saturated)}
}

func (w *walk) shape(set ast.SelectionSet) shape {
	var out shape
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			child := w.shape(s.SelectionSet)
			f := shape{depth: child.depth + 1, fields: min(child.fields+1, saturated), aliases: child.aliases}
			if s.Alias != "" && s.Alias != s.Name {
				f.aliases = min(f.aliases+1, saturated)
			}
			out = out.plus(f)
		case *ast.InlineFragment:
			out = out.plus(w.shape(s.SelectionSet))
		case *ast.FragmentSpread:
			if w.open[s.Name] {
				continue
			}
			sh, ok := w.memo[s.Name]
			if !ok {
				f := w.fragments.ForName(s.Name)
				if f == nil {
					continue
				}
				w.open[s.Name] = true
				sh = w.shape(f.SelectionSet)
				delete(w.open, s.Name)
				w.memo[s.Name] = sh
			}
			out = out.plus(sh)
		}
	}
	return out
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
