package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Password length limits, counted in characters after NFKC normalisation.
const (
	MinPasswordLength = 15
	MaxPasswordLength = 256
)

// HashParams are argon2id's cost parameters.
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultHashParams are OWASP's argon2id baseline (m=19 MiB, t=2, p=1),
// chosen for a 2-core server. One lane, because a sign-in should not take
// both cores from every other request; two passes over 19 MiB take about
// 33 ms there (BenchmarkSignInVerify), slow enough for offline guessing and
// fast enough that a queue of sign-ins clears quickly. OWASP's 46 MiB
// variant costs 1.2-1.4x the time and 2.4x the memory, RFC 9106's second
// recommendation (64 MiB, t=3, p=4) 5-6x the time, 3.4x the memory and
// both cores, for little gain against a 15-character minimum.
var DefaultHashParams = HashParams{Memory: 19 * 1024, Time: 2, Threads: 1}

// MaxConcurrentHashes bounds how many hashes run at once: twice the cores
// of the 2-core server, so both cores stay busy while a hash's slot changes
// hands, and a flood of sign-ins queues instead of allocating. With the
// default parameters the hashing holds at most 4 x 19 MiB = 76 MiB.
const MaxConcurrentHashes = 4

// Hasher hashes and verifies passwords with a bounded number at once.
type Hasher struct {
	Params HashParams
	slots  chan struct{}
	// computed counts the hashes done, for metrics and for tests that
	// check a request was refused before any hashing.
	computed atomic.Int64

	decoyOnce sync.Once
	decoy     string
}

// NewHasher returns a hasher using params.
func NewHasher(params HashParams) *Hasher {
	return &Hasher{Params: params, slots: make(chan struct{}, MaxConcurrentHashes)}
}

// NormalizePassword is the form a password is hashed and measured in.
func NormalizePassword(pw string) string {
	return norm.NFKC.String(pw)
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("password: wait for a hash slot: %w", ctx.Err())
	}
}

func (h *Hasher) release() { <-h.slots }

// Computed is how many hashes this hasher has computed.
func (h *Hasher) Computed() int64 { return h.computed.Load() }

// Hash returns the PHC string of the NFKC-normalised password.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	h.computed.Add(1)

	p := h.Params
	key := argon2.IDKey([]byte(NormalizePassword(pw)), salt, p.Time, p.Memory, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify reports whether pw matches the PHC hash, and whether the hash
// was made with other parameters than the hasher's and should be redone.
func (h *Hasher) Verify(ctx context.Context, hash, pw string) (ok, stale bool, err error) {
	p, salt, want, err := parsePHC(hash)
	if err != nil {
		return false, false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	defer h.release()
	h.computed.Add(1)

	got := argon2.IDKey([]byte(NormalizePassword(pw)), salt, p.Time, p.Memory, p.Threads,
		uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, p != h.Params, nil
}

func parsePHC(hash string) (HashParams, []byte, []byte, error) {
	var p HashParams
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("password: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errors.New("password: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("password: parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("password: salt: %w", err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("password: key: %w", err)
	}
	return p, salt, key, nil
}

// PolicyError says why a new password was refused, in words for the user.
type PolicyError struct{ Reason string }

func (e *PolicyError) Error() string { return e.Reason }

// strengthPrefix is how many characters zxcvbn judges. Its matching grows
// much faster than the length (256 characters can take most of a second,
// 100 at most about two hashes' time), and a prefix is never easier to
// guess than the whole, so judging the prefix errs only towards caution.
const strengthPrefix = 100

// CheckPolicy applies NIST SP 800-63B rev. 4: length after NFKC, no
// composition rules, and no guessable passwords — judged by zxcvbn with
// the account's own email and names as known words.
func CheckPolicy(pw string, userInputs ...string) error {
	normalized := NormalizePassword(pw)
	n := utf8.RuneCountInString(normalized)
	switch {
	case n < MinPasswordLength:
		return &PolicyError{fmt.Sprintf("Use at least %d characters (this one has %d); "+
			"a few unrelated words make a strong password.", MinPasswordLength, n)}
	case n > MaxPasswordLength:
		return &PolicyError{fmt.Sprintf(
			"Use at most %d characters; this one has %d.", MaxPasswordLength, n)}
	}

	var inputs []string
	for _, in := range userInputs {
		inputs = append(inputs, strings.FieldsFunc(strings.ToLower(in), func(r rune) bool {
			return r == '@' || r == '.' || r == ' ' || r == '-' || r == '_'
		})...)
		inputs = append(inputs, in)
	}
	if r := []rune(normalized); len(r) > strengthPrefix {
		normalized = string(r[:strengthPrefix])
	}
	if zxcvbn.PasswordStrength(normalized, inputs).Score < 3 {
		return &PolicyError{"This password is too easy to guess (it is common, " +
			"or built from your name or email). Add unrelated words or characters."}
	}
	return nil
}

// ErrConfirmation says the confirmation differs from the new password.
var ErrConfirmation = errors.New(
	"The two passwords differ. Type the same new password in both fields.")

// ErrNoConfirmation says the confirmation was left empty.
var ErrNoConfirmation = errors.New("Type the new password again here to confirm it.")

// CheckConfirmation reports why confirm does not confirm pw, or nil. The
// two are compared after NFKC normalisation, as they are hashed, so the
// same password typed with another keyboard still confirms.
func CheckConfirmation(pw, confirm string) error {
	switch {
	case confirm == "":
		return ErrNoConfirmation
	case NormalizePassword(confirm) != NormalizePassword(pw):
		return ErrConfirmation
	}
	return nil
}

// Decoy is a hash to verify against when there is no account, so that an
// unknown email costs the same as a wrong password.
func (h *Hasher) Decoy() string {
	h.decoyOnce.Do(func() {
		h.decoy, _ = h.Hash(context.Background(), "no account has this password")
	})
	return h.decoy
}
