package account

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// InvalidateResetLinks kills every pending password-reset link of the
// user, through q so it can share a transaction with the change that
// calls for it (a new password, a new email).
func InvalidateResetLinks(ctx context.Context, q sqlx.ExecerContext, userID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE password_reset_tokens SET used_at = now()
		WHERE user_id = $1 AND used_at IS NULL`, userID)
	if err != nil {
		return fmt.Errorf("account: invalidate reset links: %w", err)
	}
	return nil
}
