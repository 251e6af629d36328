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

// DefaultHashParams follow OWASP's argon2id baseline (19 MiB, 2 passes, 1
// lane), sized for a 2-core server: with MaxConcurrentHashes at once the
// hashing never holds more than about 80 MiB, whatever the sign-in load.
var DefaultHashParams = HashParams{Memory: 19 * 1024, Time: 2, Threads: 1}

// MaxConcurrentHashes bounds how many hashes run at once.
const MaxConcurrentHashes = 4

// Hasher hashes and verifies passwords with a bounded number at once.
type Hasher struct {
	Params HashParams
	slots  chan struct{}

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

// CheckPolicy applies NIST SP 800-63B rev. 4: length after NFKC, no
// composition rules, and no guessable passwords — judged by zxcvbn with
// the account's own email and names as known words.
func CheckPolicy(pw string, userInputs ...string) error {
	n := utf8.RuneCountInString(NormalizePassword(pw))
	switch {
	case n < MinPasswordLength:
		return &PolicyError{fmt.Sprintf(
			"Use at least %d characters; a few unrelated words make a strong password.",
			MinPasswordLength)}
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
	if zxcvbn.PasswordStrength(NormalizePassword(pw), inputs).Score < 3 {
		return &PolicyError{"This password is too easy to guess (it is common, " +
			"or built from your name or email). Add unrelated words or characters."}
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
