<?php
/**
 * PHPUnit bootstrap: a real WordPress (the release in LIKENESS_TEST_WP_CORE, else Debian's 6.1) on a fresh MariaDB database, the plugin activated,
 * loaded in this process. There is no WP_UnitTestCase here: TestCase wraps each test in a transaction.
 *
 * @package Likeness
 */

require __DIR__ . '/../support/site.php';

$likeness_tmp = getenv( 'LIKENESS_TEST_TMP' ) ?: sys_get_temp_dir();
$likeness_dir = rtrim( $likeness_tmp, '/' ) . '/likeness-phpunit-' . getmypid();
$likeness_db  = 'likeness_phpunit_' . getmypid();
$likeness_url = 'http://127.0.0.1:8999';

likeness_test_create_site( $likeness_dir, $likeness_db, $likeness_url );
register_shutdown_function(
	static function () use ( $likeness_dir, $likeness_db ) {
		likeness_test_drop_database( $likeness_db );
		if ( ! getenv( 'LIKENESS_KEEP_SITE' ) ) {
			likeness_test_rmdir( $likeness_dir );
		}
	}
);

likeness_test_load_for_install( $likeness_dir, $likeness_url );
require __DIR__ . '/../support/mu-plugin.php';
likeness_test_install(
	'phpunit-password',
	array(
		'server_url'     => 'http://likeness.test',
		'api_key'        => 'lk_test_key',
		'channel'        => 'web',
		'webhook_secret' => 'whsec_test',
		'public_key'     => 'lk_pub_test',
		'unlinked'       => 'tenant',
	)
);
wp_installing( false );
Likeness\WordPress\Plugin::instance()->boot();
Likeness\WordPress\Plugin::instance()->load_textdomain();
wp_set_current_user( 1 );

require __DIR__ . '/TestCase.php';
require __DIR__ . '/FakeLikeness.php';
