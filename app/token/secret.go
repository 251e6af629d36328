// Package token owns personal access tokens: their format, storage,
// limits and the lookup that authenticates API requests.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"hash/crc32"
	"math/big"
	"strings"
)

// Prefix starts every token, so that people and secret scanners can tell
// what it is.
const Prefix = "incido_pat_"

const (
	randomLength   = 32
	checksumLength = 6
	secretLength   = len(Prefix) + randomLength + checksumLength
	// displayLength is how much of a token the list shows afterwards.
	displayLength = len(Prefix) + 4
	base62        = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// ErrMalformed is returned for a string that cannot be a token: wrong
// prefix, length, alphabet or checksum. No database work is needed to
// refuse it.
var ErrMalformed = errors.New("token: malformed")

// NewSecret returns a fresh token: the prefix, 32 random base62
// characters from crypto/rand, and the base62 CRC32 of those characters.
func NewSecret() (string, error) {
	max := big.NewInt(int64(len(base62)))
	var b strings.Builder
	b.Grow(secretLength)
	b.WriteString(Prefix)
	random := make([]byte, randomLength)
	for i := range random {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		random[i] = base62[n.Int64()]
	}
	b.Write(random)
	b.WriteString(checksum(random))
	return b.String(), nil
}

func checksum(random []byte) string {
	sum := crc32.ChecksumIEEE(random)
	out := make([]byte, checksumLength)
	for i := checksumLength - 1; i >= 0; i-- {
		out[i] = base62[sum%62]
		sum /= 62
	}
	return string(out)
}

// Verify checks a presented token's form and checksum.
func Verify(secret string) error {
	if len(secret) != secretLength || !strings.HasPrefix(secret, Prefix) {
		return ErrMalformed
	}
	body := secret[len(Prefix):]
	for i := 0; i < len(body); i++ {
		if strings.IndexByte(base62, body[i]) < 0 {
			return ErrMalformed
		}
	}
	if checksum([]byte(body[:randomLength])) != body[randomLength:] {
		return ErrMalformed
	}
	return nil
}

// Digest is what the database stores and looks tokens up by.
func Digest(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// DisplayPrefix is the part of a token shown after creation.
func DisplayPrefix(secret string) string {
	return secret[:displayLength]
}
