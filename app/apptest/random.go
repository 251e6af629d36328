package apptest

import (
	"crypto/rand"
	"strconv"
)

func randomWord() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }
