package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/ratelimit"
)

// forgotPage asks for the address to mail a reset link to.
type forgotPage struct {
	Email  string
	Errors Errors
	Retry  *retry
	// Sent is true once a request was taken, whether or not an account
	// uses the address: the page never says which.
	Sent bool
}

// ShowForgotPassword shows the request form, or after a request the
// page that says to look for the mail.
func (d *Dashboard) ShowForgotPassword(c *gin.Context) {
	d.renderForgot(c, http.StatusOK, forgotPage{Sent: c.Query("sent") == "1"})
}

func (d *Dashboard) renderForgot(c *gin.Context, status int, page forgotPage) {
	c.Header("Cache-Control", "no-store")
	v := d.view(c, "Reset your password", page)
	if page.Sent {
		v.Status = "Request received. Check your email for a reset link."
	}
	d.render(c, status, "forgot_password", "forgot-main", v)
}

// RequestPasswordReset mails a reset link when an active account uses the
// address. The answer is the same either way and is given before the
// account is even looked up, so neither its content nor its timing tells.
func (d *Dashboard) RequestPasswordReset(c *gin.Context) {
	typed := strings.TrimSpace(c.PostForm("email"))
	email, err := account.NormalizeEmail(typed)
	if err != nil {
		d.renderForgot(c, http.StatusUnprocessableEntity,
			forgotPage{Email: typed, Errors: Errors{"email": sentence(err)}})
		return
	}

	res, err := d.Limits.Take(c.Request.Context(), d.Now(),
		accountKey(resetPerAccount, email), clientKey(resetPerClient, c))
	if err != nil {
		d.fail(c, err)
		return
	}
	if !res.Allowed {
		d.renderForgot(
			c,
			http.StatusTooManyRequests,
			forgotPage{Email: typed, Retry: d.refused(c, res)},
		)
		return
	}

	d.later("password reset mail", func(ctx context.Context) error {
		return d.mailResetLink(ctx, email)
	})
	if isHTMX(c) {
		d.renderForgot(c, http.StatusOK, forgotPage{Sent: true})
		return
	}
	c.Redirect(http.StatusSeeOther, "/password/forgot?sent=1")
}

// mailResetLink makes a link for the active account with that address,
// if there is one, and mails it. The link is logged by id only.
func (d *Dashboard) mailResetLink(ctx context.Context, email string) error {
	u, err := d.Users.UserByEmail(ctx, email)
	if errors.Is(err, account.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	secret, link, err := d.ResetLinks.CreateResetLink(ctx, u.ID, d.Now())
	if err != nil {
		return err
	}
	msg, err := account.ResetLinkNotice(u, d.link("/password/reset/"+secret), link)
	if err != nil {
		return err
	}
	if err := d.Mail.Send(ctx, msg); err != nil {
		return err
	}
	d.Log.Info("password reset link mailed", "user_id", u.ID, "reset_link_id", link.ID)
	return nil
}

// link is an absolute URL to a Dashboard path, under INCIDO_BASE_URL.
func (d *Dashboard) link(path string) string {
	return strings.TrimSuffix(d.BaseURL.String(), "/") + path
}

// resetPage is the form a reset link opens, or why it cannot.
type resetPage struct {
	// Token is the link's secret, already in the address bar; the form
	// posts back to the same address.
	Token string
	// State is the link's state, empty for a link that never existed.
	State  account.LinkState
	Email  string
	Errors Errors
}

// ShowResetPassword shows the new-password form of a working link.
func (d *Dashboard) ShowResetPassword(c *gin.Context) {
	u, ok := d.resetLink(c)
	if !ok {
		return
	}
	d.renderReset(c, http.StatusOK, openResetPage(c, u, nil))
}

func openResetPage(c *gin.Context, u *account.User, errs Errors) resetPage {
	return resetPage{
		Token:  c.Param("token"),
		State:  account.LinkValid,
		Email:  u.Email,
		Errors: errs,
	}
}

// ResetPassword sets the password through a link: under the policy, once,
// signing out every session. A refused attempt leaves the link working.
func (d *Dashboard) ResetPassword(c *gin.Context) {
	u, ok := d.resetLink(c)
	if !ok {
		return
	}
	pw := c.PostForm("new_password")
	if errs := newPasswordErrors(pw, c.PostForm("confirm_password"), u); len(errs) > 0 {
		d.renderReset(c, http.StatusUnprocessableEntity, openResetPage(c, u, errs))
		return
	}

	ctx := c.Request.Context()
	hash, err := d.Hasher.Hash(ctx, pw)
	if err != nil {
		d.fail(c, err)
		return
	}
	now := d.Now()
	_, err = d.ResetLinks.ResetPassword(
		ctx,
		account.ResetDigest(c.Param("token")),
		hash,
		now,
		c.ClientIP(),
	)
	if errors.Is(err, account.ErrLinkSpent) {
		d.showDeadLink(c, account.LinkUsed)
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}

	d.Log.Info("password reset", "user_id", u.ID)
	d.noticePasswordChange(c, u, true, now)
	if s := currentSession(c); s != nil && s.UserID == u.ID {
		if err := d.endSession(c); err != nil {
			c.Error(err)
		}
	}
	seeOther(c, "/login?reset=done")
}

// resetLink loads the link the path names and its account, or answers
// with the page that says why it does not work.
func (d *Dashboard) resetLink(c *gin.Context) (*account.User, bool) {
	c.Header("Cache-Control", "no-store")
	l, u, err := d.ResetLinks.ResetLinkByDigest(
		c.Request.Context(),
		account.ResetDigest(c.Param("token")),
	)
	if errors.Is(err, account.ErrNotFound) {
		d.showDeadLink(c, "")
		return nil, false
	}
	if err != nil {
		d.fail(c, err)
		return nil, false
	}
	if state := l.State(d.Now()); state != account.LinkValid {
		d.showDeadLink(c, state)
		return nil, false
	}
	return u, true
}

// showDeadLink says the link is unknown (404), or expired or used (410),
// and offers a new one.
func (d *Dashboard) showDeadLink(c *gin.Context, state account.LinkState) {
	status := http.StatusGone
	if state == "" {
		status = http.StatusNotFound
	}
	d.renderReset(c, status, resetPage{State: state})
}

func (d *Dashboard) renderReset(c *gin.Context, status int, page resetPage) {
	v := d.view(c, "Choose a new password", page)
	if len(page.Errors) > 0 {
		v.Status = "Your password was not changed. Check the highlighted fields."
	}
	d.render(c, status, "reset_password", "reset-main", v)
}

// newPasswordErrors judges a new password and its confirmation for the
// account, with the messages for the form's fields.
func newPasswordErrors(pw, confirm string, u *account.User) Errors {
	errs := Errors{}
	if err := account.CheckPolicy(pw, u.Email, u.GivenName, u.FamilyName); err != nil {
		errs["new_password"] = err.Error()
	}
	if err := account.CheckConfirmation(pw, confirm); err != nil {
		errs["confirm_password"] = err.Error()
	}
	return errs
}

// Errors of the change form that are not about the new password.
const (
	errCurrentMissing = "Enter your current password."
	errCurrentWrong   = "That is not your current password. Check it and try again, " +
		"or sign out and use “Forgot your password?”."
)

// maxPasswordBytes is the most a submitted password can weigh: 256
// characters of at most four bytes. Anything longer is wrong without
// hashing.
const maxPasswordBytes = 4 * account.MaxPasswordLength

// ChangePassword sets a new password for the signed-in user, who must
// give the current one. On success this browser gets a new session (and
// cookie), every other session ends, pending reset links die, and the
// owner is mailed; API tokens are untouched.
func (d *Dashboard) ChangePassword(c *gin.Context) {
	u := currentUser(c)
	current := c.PostForm("current_password")
	verdict, limited, err := d.confirmPassword(c, u, current)
	if err != nil {
		d.fail(c, err)
		return
	}
	if verdict == passwordLimited {
		d.refuseSecurity(c, http.StatusTooManyRequests, Errors{"current_password": limited})
		return
	}

	errs := newPasswordErrors(c.PostForm("new_password"), c.PostForm("confirm_password"), u)
	switch {
	case current == "":
		errs["current_password"] = errCurrentMissing
	case verdict == passwordWrong:
		errs["current_password"] = errCurrentWrong
	}
	if len(errs) > 0 {
		d.refuseSecurity(c, http.StatusUnprocessableEntity, errs)
		return
	}
	if err := d.replacePassword(c, u); err != nil {
		d.fail(c, err)
		return
	}
	d.answerSecurity(c, noticePasswordChanged)
}

// passwordVerdict is what confirming a current password found.
type passwordVerdict int

const (
	passwordRight passwordVerdict = iota
	passwordWrong
	// passwordLimited: the account's limit is reached; nothing was checked.
	passwordLimited
)

// confirmPassword checks the current password the signed-in user gave to
// confirm a change, under the account's sign-in limit: a wrong one counts
// as a failed sign-in, a right one gives its attempt back, and at the
// limit none is checked and the message says when to try again. An empty
// or overlong password is wrong without hashing.
func (d *Dashboard) confirmPassword(c *gin.Context, u *account.User,
	pw string) (passwordVerdict, string, error) {
	ctx := c.Request.Context()
	key := accountKey(signInPerAccount, u.Email)
	res, err := d.Limits.Take(ctx, d.Now(), key)
	if err != nil {
		return 0, "", err
	}
	if !res.Allowed {
		return passwordLimited, d.tooManyWrongPasswords(c, u, res), nil
	}

	ok := false
	if pw != "" && len(pw) <= maxPasswordBytes {
		if ok, _, err = d.Hasher.Verify(ctx, u.PasswordHash, pw); err != nil {
			return 0, "", err
		}
	}
	if !ok {
		return passwordWrong, "", nil
	}
	return passwordRight, "", d.Limits.Refund(ctx, d.Now(), key)
}

// tooManyWrongPasswords sets Retry-After for a refused password check and
// says, in the user's timezone, when to try again.
func (d *Dashboard) tooManyWrongPasswords(c *gin.Context, u *account.User,
	res ratelimit.Result) string {
	r := d.refused(c, res)
	return "Too many wrong passwords. Try again after " +
		r.At.In(u.Location()).Format("15:04 MST") + " (in " + r.In + ")."
}

// replacePassword stores the new password and moves this browser to a
// new session, so that a copy of its old cookie is signed out too.
func (d *Dashboard) replacePassword(c *gin.Context, u *account.User) error {
	ctx := c.Request.Context()
	hash, err := d.Hasher.Hash(ctx, c.PostForm("new_password"))
	if err != nil {
		return err
	}
	now := d.Now()
	s, err := d.Users.ChangePassword(ctx, u.ID, hash, browser(c), now)
	if err != nil {
		return err
	}
	if err := d.pointCookieAt(c, s); err != nil {
		return err
	}
	c.Set(sessionKey, s)
	d.Log.Info("password changed", "user_id", u.ID)
	d.noticePasswordChange(c, u, false, now)
	return nil
}

// noticePasswordChange mails the owner that their password changed.
func (d *Dashboard) noticePasswordChange(
	c *gin.Context,
	u *account.User,
	reset bool,
	at time.Time,
) {
	msg, err := account.PasswordChangedNotice(u, account.PasswordChange{
		Reset: reset, At: at, IP: c.ClientIP(), Browser: describeAgent(c.Request.UserAgent()),
		TokensURL: d.link("/tokens"), ForgotURL: d.link("/password/forgot"),
	})
	if err != nil {
		c.Error(err)
		return
	}
	d.later("password change notice", func(ctx context.Context) error {
		return d.Mail.Send(ctx, msg)
	})
}
