package store

import (
	"encoding/base64"
	"encoding/json"

	ag "github.com/actorgraph/actorgraph"
)

// MaxPage is the largest page any list returns; a bigger `first` is INVALID_INPUT rather
// than silently shortened, so a client never mistakes a cut list for a whole one.
const MaxPage = 500

// Page asks for up to First items after the item whose cursor is After ("" for the start).
type Page struct {
	First int
	After string
}

// Result is one page of items with their cursors.
type Result[T any] struct {
	Items   []T
	Cursors []string
	HasNext bool
}

// cursor is the decoded form of a keyset cursor: the sort key of the last item seen and the
// order it belongs to, so that a cursor from one order is refused by another.
type cursor struct {
	Order string `json:"o"`
	Key   []any  `json:"k"`
}

func encodeCursor(order string, key ...any) string {
	b, _ := json.Marshal(cursor{Order: order, Key: key})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor checks a client's cursor: it must decode, belong to order, and hold n keys.
func decodeCursor(s, order string, n int) ([]any, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Order != order || len(c.Key) != n {
		return nil, ag.Invalid("after", "the cursor is not one this list gave out; pass pageInfo.endCursor from the previous page")
	}
	return c.Key, nil
}

// checkPage validates a page request.
func checkPage(p Page) error {
	if p.First < 1 || p.First > MaxPage {
		return ag.Invalid("first", "first must be between 1 and %d", MaxPage)
	}
	return nil
}

// paginate cuts rows (fetched with LIMIT first+1) to a page, computing each cursor with key.
func paginate[T any](items []T, first int, order string, key func(T) []any) Result[T] {
	r := Result[T]{}
	if len(items) > first {
		items, r.HasNext = items[:first], true
	}
	r.Items = items
	r.Cursors = make([]string, len(items))
	for i, it := range items {
		r.Cursors[i] = encodeCursor(order, key(it)...)
	}
	return r
}
