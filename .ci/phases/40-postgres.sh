# The core-server suite again on PostgreSQL, plus two nodes over Redis.
source "$(dirname "$0")/../lib.sh"
TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres TEST_REDIS_URL=redis://127.0.0.1:6379/7 \
  npm run test:postgres -w @likeness/core-server
