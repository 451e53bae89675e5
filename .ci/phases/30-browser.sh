# core-server's browser tests in Debian's Chromium.
source "$(dirname "$0")/../lib.sh"
apt_ensure chromium fonts-dejavu-core
npm run test:browser -w @likeness/core-server
