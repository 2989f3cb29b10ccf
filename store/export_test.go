package store

import "context"

// Exec runs one write statement, for the external tests of this package only.
func (s *Store) Exec(ctx context.Context, cypher string) error {
	_, err := s.run(ctx, cypher, nil, writeMode)
	return err
}
