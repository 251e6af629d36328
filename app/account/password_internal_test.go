package account

import (
	"context"
	"testing"
	"time"
)

func TestHashesBeyondTheBoundWaitForASlot(t *testing.T) {
	h := NewHasher(HashParams{Memory: 1024, Time: 1, Threads: 1})
	hash, _ := h.Hash(context.Background(), "violet mountain trains")
	before := h.Computed()

	// Occupy every slot, as MaxConcurrentHashes sign-ins in progress would.
	for range MaxConcurrentHashes {
		h.acquire(context.Background())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, _, err := h.Verify(ctx, hash, "violet mountain trains"); err == nil {
		t.Fatal("a hash ran with every slot taken")
	}
	if h.Computed() != before {
		t.Error("a hash was computed beyond the bound")
	}

	h.release()
	if ok, _, err := h.Verify(context.Background(), hash, "violet mountain trains"); !ok ||
		err != nil {
		t.Errorf("with a slot free: ok=%v err=%v", ok, err)
	}
}
