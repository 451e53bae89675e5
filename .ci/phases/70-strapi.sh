# Strapi plugin: real Strapi 5.54 (SQLite, in-process) with the plugin and a real core-server per test
# file, plus the admin panel (Strapi's own admin build with the plugin compiled in) in headless Chromium
# with axe. Strapi's dependencies live in the strapi-plugin workspace, so the phase-10 `npm install`
# already installed them. Prints the run time of each suite.
source "$(dirname "$0")/../lib.sh"
apt_ensure chromium
started=$(date +%s)
npm run test:strapi -w @likeness/strapi-plugin
echo "strapi suites: $(( $(date +%s) - started )) s"
