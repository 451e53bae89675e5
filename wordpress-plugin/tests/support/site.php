<?php
/**
 * Test WordPress sites: WordPress (the release in LIKENESS_TEST_WP_CORE, else Debian's) with its own
 * wp-config.php and a fresh MariaDB database, the plugin copied in as it would be installed, and wp_install() run.
 *
 * Library (required by the PHPUnit bootstrap) and CLI (used by the HTTP suite):
 *   php site.php create  --dir D --db NAME --url URL
 *   php site.php install --dir D --url URL --password P [--settings JSON]   → prints {"appPassword": "…"}
 *   php site.php option  --dir D --url URL --name N --value V
 *   php site.php settings --dir D --url URL --settings JSON
 *   php site.php drop    --db NAME
 *
 * @package Likeness
 */

const LIKENESS_TEST_WP_SOURCE   = '/usr/share/wordpress';
const LIKENESS_TEST_DB_HOST     = '127.0.0.1';
const LIKENESS_TEST_PLUGIN_ROOT = __DIR__ . '/../..';
/** What a release of the plugin contains (package.json "files"), copied into the site. */
const LIKENESS_TEST_PLUGIN_FILES = array( 'likeness.php', 'uninstall.php', 'src', 'assets', 'build', 'languages' );

/**
 * The WordPress core the sites are made from: LIKENESS_TEST_WP_CORE (set per version by tools/test-wordpress.mjs),
 * or null for a plain copy of Debian's package.
 */
function likeness_test_core(): ?string {
	$core = getenv( 'LIKENESS_TEST_WP_CORE' );
	if ( ! $core ) {
		return null;
	}
	if ( ! is_file( $core . '/wp-includes/version.php' ) ) {
		throw new RuntimeException( "LIKENESS_TEST_WP_CORE=$core is not a WordPress tree." );
	}
	return rtrim( $core, '/' );
}

function likeness_test_mysql(): mysqli {
	mysqli_report( MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT );
	return new mysqli( getenv( 'LIKENESS_TEST_DB_HOST' ) ?: LIKENESS_TEST_DB_HOST, getenv( 'LIKENESS_TEST_DB_USER' ) ?: 'root', getenv( 'LIKENESS_TEST_DB_PASSWORD' ) ?: '', '', (int) ( getenv( 'LIKENESS_TEST_DB_PORT' ) ?: 3306 ) );
}

function likeness_test_copy( string $from, string $to ): void {
	if ( is_link( $from ) ) {
		$from = realpath( $from );
	}
	if ( is_dir( $from ) ) {
		if ( ! is_dir( $to ) ) {
			mkdir( $to, 0777, true );
		}
		foreach ( scandir( $from ) as $entry ) {
			if ( '.' !== $entry && '..' !== $entry ) {
				likeness_test_copy( $from . '/' . $entry, $to . '/' . $entry );
			}
		}
	} elseif ( is_file( $from ) ) {
		if ( ! is_dir( dirname( $to ) ) ) {
			mkdir( dirname( $to ), 0777, true );
		}
		copy( $from, $to );
	}
}

function likeness_test_rmdir( string $dir ): void {
	if ( ! is_dir( $dir ) || is_link( $dir ) ) {
		@unlink( $dir );
		return;
	}
	foreach ( scandir( $dir ) as $entry ) {
		if ( '.' !== $entry && '..' !== $entry ) {
			likeness_test_rmdir( $dir . '/' . $entry );
		}
	}
	rmdir( $dir );
}

/**
 * Copies WordPress and the plugin into $dir and creates the database.
 */
function likeness_test_create_site( string $dir, string $db, string $url ): void {
	if ( null === likeness_test_core() && ! is_dir( LIKENESS_TEST_WP_SOURCE . '/wp-includes' ) ) {
		throw new RuntimeException( 'WordPress is not installed in ' . LIKENESS_TEST_WP_SOURCE . ' (apt-get install wordpress).' );
	}
	if ( ! preg_match( '/^[a-z0-9_]+$/', $db ) ) {
		throw new InvalidArgumentException( "Bad database name $db" );
	}
	likeness_test_rmdir( $dir );
	if ( ! is_dir( dirname( $dir ) ) ) {
		mkdir( dirname( $dir ), 0777, true );
	}
	$core = likeness_test_core();
	if ( null !== $core ) {
		// A core prepared by tools/wordpress-cores.mjs: hard links, so a site costs no copy of WordPress.
		exec( 'cp -rl ' . escapeshellarg( $core ) . ' ' . escapeshellarg( $dir ) . ' 2>&1', $out, $rc );
		if ( 0 !== $rc ) {
			likeness_test_rmdir( $dir );
			exec( 'cp -r ' . escapeshellarg( $core ) . ' ' . escapeshellarg( $dir ) . ' 2>&1', $out, $rc );
		}
	} else {
		// cp -rL: Debian's tree is full of symlinks into /usr/share/javascript and /etc/wordpress.
		exec( 'cp -rL ' . escapeshellarg( LIKENESS_TEST_WP_SOURCE ) . ' ' . escapeshellarg( $dir ) . ' 2>&1', $out, $rc );
	}
	if ( 0 !== $rc ) {
		throw new RuntimeException( 'copying WordPress failed: ' . implode( "\n", $out ) );
	}
	// Linked files are shared with the core and other sites: a site replaces them, never writes into them.
	foreach ( array( 'wp-config.php', '.htaccess', '.likeness-core' ) as $own ) {
		@unlink( $dir . '/' . $own );
	}
	$plugin = $dir . '/wp-content/plugins/likeness';
	foreach ( LIKENESS_TEST_PLUGIN_FILES as $entry ) {
		likeness_test_copy( LIKENESS_TEST_PLUGIN_ROOT . '/' . $entry, $plugin . '/' . $entry );
	}
	if ( ! is_dir( $dir . '/wp-content/mu-plugins' ) ) {
		mkdir( $dir . '/wp-content/mu-plugins', 0777, true );
	}
	copy( __DIR__ . '/mu-plugin.php', $dir . '/wp-content/mu-plugins/likeness-test-env.php' );
	if ( ! is_dir( $dir . '/wp-content/uploads' ) ) {
		mkdir( $dir . '/wp-content/uploads', 0777, true );
	}

	$salt = bin2hex( random_bytes( 16 ) );
	$config = "<?php\n" .
		"define( 'DB_NAME', '" . $db . "' );\n" .
		"define( 'DB_USER', '" . addslashes( getenv( 'LIKENESS_TEST_DB_USER' ) ?: 'root' ) . "' );\n" .
		"define( 'DB_PASSWORD', '" . addslashes( getenv( 'LIKENESS_TEST_DB_PASSWORD' ) ?: '' ) . "' );\n" .
		"define( 'DB_HOST', '" . addslashes( ( getenv( 'LIKENESS_TEST_DB_HOST' ) ?: LIKENESS_TEST_DB_HOST ) . ':' . ( getenv( 'LIKENESS_TEST_DB_PORT' ) ?: '3306' ) ) . "' );\n" .
		"define( 'DB_CHARSET', 'utf8mb4' );\n" .
		"define( 'DB_COLLATE', '' );\n" .
		"\$table_prefix = 'wp_';\n" .
		"foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as \$k ) { define( \$k, '" . $salt . "' . \$k ); }\n" .
		"define( 'WP_HOME', '" . addslashes( $url ) . "' );\n" .
		"define( 'WP_SITEURL', '" . addslashes( $url ) . "' );\n" .
		"define( 'WP_CONTENT_URL', '" . addslashes( $url ) . "/wp-content' );\n" .
		"define( 'WP_ENVIRONMENT_TYPE', 'local' );\n" .
		"define( 'WP_DEBUG', true );\n" .
		"define( 'WP_DEBUG_DISPLAY', false );\n" .
		"define( 'WP_DEBUG_LOG', __DIR__ . '/debug.log' );\n" .
		"define( 'DISABLE_WP_CRON', true );\n" .
		"define( 'AUTOMATIC_UPDATER_DISABLED', true );\n" .
		"define( 'WP_AUTO_UPDATE_CORE', false );\n" .
		// No internet here: only this host (and so the core-server on 127.0.0.1) may be called.
		"define( 'WP_HTTP_BLOCK_EXTERNAL', true );\n" .
		"define( 'FS_METHOD', 'direct' );\n" .
		"if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }\n" .
		"require_once ABSPATH . 'wp-settings.php';\n";
	file_put_contents( $dir . '/wp-config.php', $config );

	$mysql = likeness_test_mysql();
	$mysql->query( "DROP DATABASE IF EXISTS `$db`" );
	$mysql->query( "CREATE DATABASE `$db` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" );
	$mysql->close();
}

function likeness_test_drop_database( string $db ): void {
	if ( preg_match( '/^[a-z0-9_]+$/', $db ) ) {
		$mysql = likeness_test_mysql();
		$mysql->query( "DROP DATABASE IF EXISTS `$db`" );
		$mysql->close();
	}
}

/**
 * Loads the site's WordPress in this process for installation. Call once, before anything else loads WordPress.
 */
function likeness_test_load_for_install( string $dir, string $url ): void {
	$parts                  = parse_url( $url );
	$_SERVER['HTTP_HOST']   = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
	$_SERVER['SERVER_NAME'] = $parts['host'];
	$_SERVER['SERVER_PORT'] = (string) ( $parts['port'] ?? 80 );
	$_SERVER['REQUEST_URI'] = '/';
	$_SERVER['REQUEST_METHOD'] = 'GET';
	define( 'WP_INSTALLING', true );
	require $dir . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
}

/**
 * Installs WordPress (English, admin "admin"), activates the plugin, and stores the plugin settings.
 *
 * @param array $settings likeness_settings values.
 * @return array{appPassword: string|null}
 */
function likeness_test_install( string $password, array $settings = array(), bool $app_password = false ): array {
	add_filter( 'pre_wp_mail', '__return_false' );
	$result = wp_install( 'Likeness test site', 'admin', 'admin@example.test', true, '', $password, 'en_US' );
	if ( is_wp_error( $result ) ) {
		throw new RuntimeException( $result->get_error_message() );
	}
	$theme = wp_get_theme( 'twentytwentythree' );
	if ( $theme->exists() ) {
		switch_theme( 'twentytwentythree' );
	}
	$activated = activate_plugin( 'likeness/likeness.php' );
	if ( is_wp_error( $activated ) ) {
		throw new RuntimeException( 'activate_plugin: ' . $activated->get_error_message() );
	}
	if ( $settings ) {
		update_option( 'likeness_settings', array_merge( Likeness\WordPress\Settings::defaults(), $settings ) );
	}
	$app = null;
	if ( $app_password ) {
		list( $app ) = WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'tests' ) );
	}
	return array( 'appPassword' => $app );
}

if ( PHP_SAPI === 'cli' && isset( $argv ) && realpath( $argv[0] ) === realpath( __FILE__ ) ) {
	$command = $argv[1] ?? '';
	$opts    = array();
	for ( $i = 2; $i < count( $argv ) - 1; $i += 2 ) {
		$opts[ ltrim( $argv[ $i ], '-' ) ] = $argv[ $i + 1 ];
	}
	try {
		switch ( $command ) {
			case 'create':
				likeness_test_create_site( $opts['dir'], $opts['db'], $opts['url'] );
				echo "{}\n";
				break;
			case 'install':
				likeness_test_load_for_install( $opts['dir'], $opts['url'] );
				$settings = isset( $opts['settings'] ) ? json_decode( $opts['settings'], true ) : array();
				echo json_encode( likeness_test_install( $opts['password'], is_array( $settings ) ? $settings : array(), true ) ), "\n";
				break;
			case 'option':
				// Sets (or with an empty value, deletes) one option of an installed site, e.g. test-only knobs.
				$parts                  = parse_url( $opts['url'] );
				$_SERVER['HTTP_HOST']   = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
				$_SERVER['REQUEST_URI'] = '/';
				require $opts['dir'] . '/wp-load.php';
				if ( '' === (string) ( $opts['value'] ?? '' ) ) {
					delete_option( $opts['name'] );
				} else {
					update_option( $opts['name'], $opts['value'] );
				}
				echo "{}\n";
				break;
			case 'settings':
				// Changes some of the plugin's settings of an installed site, as saving the settings page would.
				$parts                  = parse_url( $opts['url'] );
				$_SERVER['HTTP_HOST']   = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
				$_SERVER['REQUEST_URI'] = '/';
				require $opts['dir'] . '/wp-load.php';
				update_option( 'likeness_settings', array_merge( (array) get_option( 'likeness_settings', array() ), (array) json_decode( $opts['settings'], true ) ) );
				echo "{}\n";
				break;
			case 'drop':
				likeness_test_drop_database( $opts['db'] );
				echo "{}\n";
				break;
			default:
				fwrite( STDERR, "usage: php site.php create|install|drop …\n" );
				exit( 2 );
		}
	} catch ( Throwable $e ) {
		fwrite( STDERR, $e->getMessage() . "\n" . $e->getTraceAsString() . "\n" );
		exit( 1 );
	}
}
