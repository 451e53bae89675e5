# WordPress plugin: PHPUnit + HTTP/Chromium on every release in wordpress-plugin/tests/wordpress-versions.json (Debian 6.1, newer ones from @wp-playground/wordpress-builds), PHP 8.2, MariaDB and the real core-server.
source "$(dirname "$0")/../lib.sh"
apt_ensure php-cli php-mysql php-curl php-xml php-mbstring php-gd phpunit unzip wordpress wordpress-theme-twentytwentythree chromium gettext
ensure_mariadb
npm run test:wordpress -w @likeness/wordpress-plugin
