#!/usr/bin/env bash
# Serves the Dashboard for development (task run), with Mailpit catching
# the mail it sends so a person can open reset links in a web inbox.
#
# Mailpit is a Go tool of tools/go.mod, built into bin/mailpit by task. It
# listens on INCIDO_MAILPIT_SMTP (default 127.0.0.1:1025) and shows its
# inbox on INCIDO_MAILPIT_UI (default 127.0.0.1:8025). When INCIDO_SMTP_URL
# is already set, or Mailpit cannot start, the server runs without it: mail
# then goes where INCIDO_SMTP_URL says, or into var/mail as .eml files.
set -euo pipefail
cd "$(dirname "$0")/.."

smtp=${INCIDO_MAILPIT_SMTP:-127.0.0.1:1025}
inbox=${INCIDO_MAILPIT_UI:-127.0.0.1:8025}
mkdir -p var

listening() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }

if [ -z "${INCIDO_SMTP_URL:-}" ]; then
  if ! listening "$smtp"; then
    ./bin/mailpit --smtp "$smtp" --listen "$inbox" --database var/mailpit.db \
      --disable-version-check >var/mailpit.log 2>&1 &
    mailpit=$!
    # Stop the catcher with the server, however the server ends.
    trap 'kill "$mailpit" 2>/dev/null || true; wait "$mailpit" 2>/dev/null || true' EXIT
    for _ in $(seq 1 50); do listening "$smtp" && break; sleep 0.1; done
  fi
  if listening "$smtp"; then
    export INCIDO_SMTP_URL="smtp://$smtp"
    echo "Mail catcher: open http://$inbox/ to read what Incido sends (reset links, notices)"
  else
    echo "Mail catcher did not start (see var/mailpit.log); mail is saved in var/mail instead"
  fi
fi

INCIDO_SESSION_KEYS="$(cat var/session-keys)" ./bin/incido serve
