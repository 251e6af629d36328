#!/usr/bin/env bash
# Serves the Dashboard for development (task run), with MailDev catching
# the mail it sends so a person can open reset links in a web inbox.
#
# MailDev is an npm package pinned in tools/maildev, installed by task. It
# listens for SMTP on INCIDO_MAILCATCHER_SMTP (default 127.0.0.1:1025) and
# shows its inbox on INCIDO_MAILCATCHER_UI (default 127.0.0.1:8025). When
# INCIDO_SMTP_URL is already set, or MailDev cannot start, the server runs
# without it: mail then goes where INCIDO_SMTP_URL says, or into var/mail
# as .eml files.
set -euo pipefail
cd "$(dirname "$0")/.."

smtp=${INCIDO_MAILCATCHER_SMTP:-127.0.0.1:1025}
inbox=${INCIDO_MAILCATCHER_UI:-127.0.0.1:8025}
mkdir -p var/maildev

listening() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }

if [ -z "${INCIDO_SMTP_URL:-}" ]; then
  if ! listening "$smtp"; then
    node tools/maildev/node_modules/maildev/dist/bin/maildev.js \
      --ip "${smtp%:*}" --smtp "${smtp##*:}" --web-ip "${inbox%:*}" --web "${inbox##*:}" \
      --mail-directory var/maildev >var/maildev.log 2>&1 &
    catcher=$!
    # Stop the catcher with the server, however the server ends.
    trap 'kill "$catcher" 2>/dev/null || true; wait "$catcher" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do listening "$smtp" && listening "$inbox" && break; sleep 0.1; done
  fi
  if listening "$smtp"; then
    export INCIDO_SMTP_URL="smtp://$smtp"
    echo "Mail catcher: open http://$inbox/ to read what Incido sends (reset links, notices)"
  else
    echo "Mail catcher did not start (see var/maildev.log); mail is saved in var/mail instead"
  fi
fi

INCIDO_SESSION_KEYS="$(cat var/session-keys)" ./bin/incido serve
