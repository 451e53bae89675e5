# The README's test command, exactly.
source "$(dirname "$0")/../lib.sh"
npm install --no-audit --no-fund && npm test
