#!/usr/bin/env bash
# Makes .env for docker-compose.yml: every name deploy/env.example lists, each with a random value,
# in a file only its owner reads (.env is git-ignored and kept out of the image by .dockerignore).
# A value already in .env is kept, so running it again changes nothing and the stores' passwords
# stay those their volumes were made with; a name missing from .env is added.
#   deploy/make-env.sh && docker compose up
set -euo pipefail
cd "$(dirname "$0")/.."

# 32 random bytes as hex: safe in a URL as it is (POSTGRES_PASSWORD sits in kios's PostgreSQL URLs).
random_value() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

umask 077
touch .env
chmod 600 .env
added=()
for name in $(sed -n 's/^\([A-Z_][A-Z0-9_]*\)=.*/\1/p' deploy/env.example); do
  # A name set to an empty value counts as missing: compose would refuse it.
  if ! grep -q "^${name}=." .env; then
    sed -i "/^${name}=/d" .env
    echo "${name}=$(random_value)" >>.env
    added+=("$name")
  fi
done
if [ "${#added[@]}" -eq 0 ]; then
  echo "make-env: .env already sets every name in deploy/env.example; nothing changed"
else
  echo "make-env: .env now sets ${added[*]} (random values)"
fi
