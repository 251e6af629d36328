package web

import (
	"context"
	"time"
)

// backgroundTimeout bounds one piece of background work.
const backgroundTimeout = time.Minute

// later runs fn after the response, so a slow or failing mail server
// neither delays nor fails the request, and the answer's timing cannot
// tell what fn found. Errors are logged, since no response can carry them.
func (d *Dashboard) later(what string, fn func(ctx context.Context) error) {
	d.background.Add(1)
	go func() {
		defer d.background.Done()
		ctx, cancel := context.WithTimeout(context.Background(), backgroundTimeout)
		defer cancel()
		if err := fn(ctx); err != nil {
			d.Log.Error(what+" failed", "error", err)
		}
	}()
}

// Wait blocks until the background work handlers started has finished:
// at shutdown, after the server stops taking requests, and in tests.
func (d *Dashboard) Wait() {
	d.background.Wait()
}
