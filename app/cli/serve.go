package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app"
	"github.com/incido/incido/app/config"
)

// noticeInterval is how often serve looks for token expiry notices due.
const noticeInterval = time.Minute

func serve(ctx context.Context, env Env) error {
	log := logger(env.Stderr)
	return withDB(ctx, env, func(db *sqlx.DB, cfg *config.Config) error {
		if cfg.EphemeralKey {
			log.Warn("INCIDO_SESSION_KEYS is not set: using a random key for this process; " +
				"everyone is signed out when it restarts")
		}
		a, err := app.New(cfg, db, log, app.Options{})
		if err != nil {
			return err
		}
		srv := &http.Server{
			Addr:              cfg.Addr,
			Handler:           a.Handler(),
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      60 * time.Second,
			IdleTimeout:       2 * time.Minute,
			MaxHeaderBytes:    64 << 10,
		}

		ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		go a.Notifier.Run(ctx, noticeInterval)
		errc := make(chan error, 1)
		go func() { errc <- srv.ListenAndServe() }()
		log.Info("serving", "addr", cfg.Addr, "url", cfg.BaseURL.String())
		fmt.Fprintf(env.Stdout, "Incido is running at %s\n", cfg.BaseURL)

		select {
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-ctx.Done():
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: shutdown: %w", err)
		}
		// Mail the last requests queued goes out before the process ends.
		a.Dashboard.Wait()
		return nil
	})
}
