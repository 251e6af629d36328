package account_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/incido/incido/app/account"
)

func TestPasswordPolicy(t *testing.T) {
	const email, given, family = "zephyrine.quackenbush@example.com", "Zephyrine", "Quackenbush"
	cases := []struct {
		name     string
		password string
		// want is a fragment of the refusal, or "" for accepted.
		want string
	}{
		{"fifteen unrelated characters", "tulip-radar-73x", ""},
		{"words with spaces", "violet mountain trains whisper softly", ""},
		{"composed unicode", "Crème brûlée à la mode 2024", ""},
		{"fullwidth letters", "ｃｏｒｒｅｃｔ　ｈｏｒｓｅ　ｂａｔｔｅｒｙ", ""},
		{"no composition rules", "lowercase words only and no digits", ""},
		{"exactly 256", runes(strings.Repeat("Crème brûlée à la mode 2024 ", 10), 256), ""},
		{"fourteen", "tulip-radar-73", "at least 15 characters (this one has 14)"},
		{"empty", "", "at least 15 characters"},
		{"fourteen after NFKC though 28 code points", strings.Repeat("e\u0301", 14),
			"at least 15 characters (this one has 14)"},
		{"257", runes(strings.Repeat("Crème brûlée à la mode 2024 ", 10), 257),
			"at most 256 characters; this one has 257"},
		{
			"300 characters",
			strings.Repeat("abcdefghij", 30),
			"at most 256 characters; this one has 300",
		},
		{"256 code points that NFKC makes 512", strings.Repeat("㎏", 256),
			"at most 256 characters; this one has 512"},
		{"common", "passwordpassword", "too easy to guess"},
		{"repetition", "aaaaaaaaaaaaaaaaaaaa", "too easy to guess"},
		{"keyboard walk", "qwertyuiop123456", "too easy to guess"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := account.CheckPolicy(tc.password, email, given, family)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var pe *account.PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a PolicyError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("message %q lacks %q", err, tc.want)
			}
		})
	}
}

func runes(s string, n int) string { return string([]rune(s)[:n]) }

func TestPolicyRefusesTheAccountsOwnEmailAndNames(t *testing.T) {
	// Each is accepted for someone else and refused for its own account.
	for _, pw := range []string{
		"ZephyrineQuackenbush",
		"quackenbushzephyrine",
		"zephyrine.quackenbush@example.com1",
	} {
		if err := account.CheckPolicy(pw); err != nil {
			t.Fatalf("%q refused without context: %v", pw, err)
		}
		err := account.CheckPolicy(
			pw,
			"zephyrine.quackenbush@example.com",
			"Zephyrine",
			"Quackenbush",
		)
		if err == nil || !strings.Contains(err.Error(), "built from your name or email") {
			t.Errorf("%q for its own account: %v, want refused as guessable", pw, err)
		}
	}
}

func TestUnicodePasswordsVerifyInEveryNFKCEquivalentForm(t *testing.T) {
	h := account.NewHasher(account.HashParams{Memory: 1024, Time: 1, Threads: 1})
	cases := []struct{ name, set, typed string }{
		{"composed set, decomposed typed", "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la mode 2024",
			"Cre\u0300me bru\u0302le\u0301e a\u0300 la mode 2024"},
		{"decomposed set, composed typed", "Cre\u0300me bru\u0302le\u0301e a\u0300 la mode 2024",
			"Cr\u00e8me br\u00fbl\u00e9e \u00e0 la mode 2024"},
		{"fullwidth set, ASCII typed", "ｃｏｒｒｅｃｔ　ｈｏｒｓｅ　ｂａｔｔｅｒｙ", "correct horse battery"},
		{"ASCII set, fullwidth typed", "correct horse battery", "ｃｏｒｒｅｃｔ　ｈｏｒｓｅ　ｂａｔｔｅｒｙ"},
		{"ligature", "ﬁne ﬂowers of spring", "fine flowers of spring"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.set == tc.typed {
				t.Fatal("the two forms are the same string")
			}
			hash, err := h.Hash(context.Background(), tc.set)
			if err != nil {
				t.Fatal(err)
			}
			ok, _, err := h.Verify(context.Background(), hash, tc.typed)
			if err != nil || !ok {
				t.Errorf("Verify = %v, %v; want the equivalent form accepted", ok, err)
			}
			if ok, _, _ := h.Verify(context.Background(), hash, tc.typed+" "); ok {
				t.Error("a different password was accepted")
			}
		})
	}
}

func TestConfirmationIsJudgedAfterNFKC(t *testing.T) {
	const pw = "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la mode 2024"
	cases := []struct {
		name, confirm string
		want          error
	}{
		{"same", pw, nil},
		{"decomposed", "Cre\u0300me bru\u0302le\u0301e a\u0300 la mode 2024", nil},
		{"last character differs", pw[:len(pw)-1] + "5", account.ErrConfirmation},
		{"missing", "", account.ErrNoConfirmation},
		{"trailing space", pw + " ", account.ErrConfirmation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := account.CheckConfirmation(pw, tc.confirm); !errors.Is(err, tc.want) {
				t.Errorf("CheckConfirmation = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestVerifyFlagsHashesMadeWithOtherParameters(t *testing.T) {
	old := account.NewHasher(account.HashParams{Memory: 512, Time: 1, Threads: 1})
	current := account.NewHasher(account.HashParams{Memory: 1024, Time: 1, Threads: 1})
	ctx := context.Background()
	hash, _ := old.Hash(ctx, "violet mountain trains")

	ok, stale, err := current.Verify(ctx, hash, "violet mountain trains")
	if err != nil || !ok || !stale {
		t.Errorf("old hash: ok=%v stale=%v err=%v, want ok and stale", ok, stale, err)
	}
	fresh, _ := current.Hash(ctx, "violet mountain trains")
	if ok, stale, _ := current.Verify(ctx, fresh, "violet mountain trains"); !ok || stale {
		t.Errorf("current hash: ok=%v stale=%v, want ok and not stale", ok, stale)
	}
	if !strings.HasPrefix(fresh, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string with the parameters", fresh)
	}
	for _, bad := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=x$a$b", fresh + "$"} {
		if _, _, err := current.Verify(ctx, bad, "x"); err == nil {
			t.Errorf("Verify accepted the hash %q", bad)
		}
	}
}

// BenchmarkSignInVerify measures one sign-in's password check with the
// production parameters and the alternatives considered. Each is also
// reported as a multiple of the first sub-benchmark, a SHA-256 digest of
// the password (what checking an API token costs), run just before it.
func BenchmarkSignInVerify(b *testing.B) {
	const pw = "violet mountain trains whisper softly"
	var baseline float64
	b.Run("baseline SHA-256", func(b *testing.B) {
		for b.Loop() {
			sha256.Sum256([]byte(account.NormalizePassword(pw)))
		}
		baseline = perOp(b)
	})

	for _, p := range []struct {
		name   string
		params account.HashParams
	}{
		{"default m=19MiB t=2 p=1", account.DefaultHashParams},
		{"OWASP m=46MiB t=1 p=1", account.HashParams{Memory: 46 * 1024, Time: 1, Threads: 1}},
		{"RFC9106 m=64MiB t=3 p=4", account.HashParams{Memory: 64 * 1024, Time: 3, Threads: 4}},
		{"tests m=1MiB t=1 p=1", account.HashParams{Memory: 1024, Time: 1, Threads: 1}},
	} {
		b.Run(p.name, func(b *testing.B) {
			h := account.NewHasher(p.params)
			ctx := context.Background()
			hash, _ := h.Hash(ctx, pw)
			b.ReportAllocs()
			for b.Loop() {
				if ok, _, _ := h.Verify(ctx, hash, pw); !ok {
					b.Fatal("verify failed")
				}
			}
			b.ReportMetric(perOp(b)/baseline, "x-sha256")
			b.ReportMetric(float64(p.params.Memory)/1024, "MiB/hash")
		})
	}
}

func perOp(b *testing.B) float64 {
	return float64(b.Elapsed().Nanoseconds()) / float64(b.N)
}

// BenchmarkCheckPolicy shows what judging the longest allowed password
// costs, as a multiple of judging a typical one just before it: zxcvbn
// sees at most the first 100 characters, so the ratio stays small.
func BenchmarkCheckPolicy(b *testing.B) {
	typical := "violet mountain trains whisper"
	longest := runes(strings.Repeat("Crème brûlée à la mode 2024 ", 10), 250)
	var baseline float64
	b.Run("typical 30 characters", func(b *testing.B) {
		for b.Loop() {
			account.CheckPolicy(typical, "kim@example.com")
		}
		baseline = perOp(b)
	})
	b.Run("250 characters", func(b *testing.B) {
		for b.Loop() {
			account.CheckPolicy(longest, "kim@example.com")
		}
		b.ReportMetric(perOp(b)/baseline, "x-typical")
	})
}
