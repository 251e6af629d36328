package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/ratelimit"
)

// errSignIn is the one message for a failed sign-in: it does not say
// whether the email or the password was wrong.
const errSignIn = "That email and password do not match an account. Check both and try again."

type loginPage struct {
	Email string
	Error string
	// Retry is set when too many attempts failed.
	Retry *retry
	// Reset is true right after a password was set through a reset link.
	Reset bool
}

// ShowLogin renders the sign-in form; a signed-in user goes on to the start.
func (d *Dashboard) ShowLogin(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	page := loginPage{Reset: c.Query("reset") == "done"}
	d.render(c, http.StatusOK, "login", "", d.view(c, "Sign in", page))
}

// Login checks the email and password and starts a new session. Every
// failure takes as long as a password check and reads the same; failures
// are rate limited per address typed and per client, before any hashing.
func (d *Dashboard) Login(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	ctx := c.Request.Context()

	keys := []ratelimit.Key{accountKey(signInPerAccount, email), clientKey(signInPerClient, c)}
	res, err := d.Limits.Take(ctx, d.Now(), keys...)
	if err != nil {
		d.fail(c, err)
		return
	}
	if !res.Allowed {
		d.refuseLogin(
			c,
			http.StatusTooManyRequests,
			loginPage{Email: email, Retry: d.refused(c, res)},
		)
		return
	}

	u, err := d.authenticate(ctx, email, password)
	if errors.Is(err, account.ErrNotFound) {
		d.refuseLogin(c, http.StatusUnprocessableEntity, loginPage{Email: email, Error: errSignIn})
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	if err := d.Limits.Refund(ctx, d.Now(), keys...); err != nil {
		c.Error(err)
	}

	// The browser's previous session, if any, ends here: its cookie is
	// worthless from now on.
	if old := currentSession(c); old != nil {
		if _, err := d.Sessions.RevokeSession(c.Request.Context(), old.UserID, old.ID); err != nil {
			d.fail(c, err)
			return
		}
	}
	if err := d.startSession(c, u); err != nil {
		d.fail(c, err)
		return
	}
	// The session exists whatever happens to its audit record; a failure
	// is logged with the request.
	err = audit.Record(withoutCancel(c), d.Users.DB, audit.Actor{UserID: u.ID, IP: c.ClientIP()},
		nil, "session.signed_in", "user:"+u.Email, nil)
	if err != nil {
		c.Error(err)
	}
	seeOther(c, "/")
}

func (d *Dashboard) refuseLogin(c *gin.Context, status int, page loginPage) {
	c.Header("Cache-Control", "no-store")
	d.render(c, status, "login", "", d.view(c, "Sign in", page))
}

// authenticate returns the active user with that email and password, or
// ErrNotFound. An unknown email still costs one hash, so timing does not
// tell which part was wrong.
func (d *Dashboard) authenticate(
	ctx context.Context,
	rawEmail, password string,
) (*account.User, error) {
	if password == "" || len(password) > maxPasswordBytes {
		return nil, account.ErrNotFound
	}
	email, err := account.NormalizeEmail(rawEmail)
	var u *account.User
	if err == nil {
		u, err = d.Users.UserByEmail(ctx, email)
	}
	if err != nil && !errors.Is(err, account.ErrNotFound) &&
		!errors.Is(err, account.ErrInvalidEmail) &&
		!errors.Is(err, account.ErrEmailTooLong) {
		return nil, err
	}

	hash := d.Hasher.Decoy()
	if u != nil {
		hash = u.PasswordHash
	}
	ok, stale, err := d.Hasher.Verify(ctx, hash, password)
	if err != nil {
		return nil, err
	}
	if u == nil || !ok {
		return nil, account.ErrNotFound
	}
	if stale {
		if fresh, err := d.Hasher.Hash(ctx, password); err == nil {
			if err := d.Users.SetPasswordHash(ctx, u.ID, fresh); err != nil {
				d.Log.Warn("password rehash failed", "user_id", u.ID, "error", err)
			}
		}
	}
	return u, nil
}

// Logout revokes this browser's session row only and expires its cookie.
func (d *Dashboard) Logout(c *gin.Context) {
	if s := currentSession(c); s != nil {
		if _, err := d.Sessions.RevokeSession(c.Request.Context(), s.UserID, s.ID); err != nil {
			d.fail(c, err)
			return
		}
	}
	if err := d.endSession(c); err != nil {
		d.fail(c, err)
		return
	}
	seeOther(c, "/login")
}

// Home sends a signed-in user to their first organization, or the profile.
func (d *Dashboard) Home(c *gin.Context) {
	v := d.view(c, "", nil)
	if len(v.Orgs) > 0 {
		c.Redirect(http.StatusSeeOther, "/orgs/"+v.Orgs[0].Slug+"/incidents")
		return
	}
	c.Redirect(http.StatusSeeOther, "/profile")
}
