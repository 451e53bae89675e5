<?php
/**
 * The suite runs on the release tools/test-wordpress.mjs says it does (tests/wordpress-versions.json).
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

final class WordPressVersionTest extends TestCase {

	public function test_the_loaded_wordpress_is_the_release_under_test(): void {
		$expected = getenv( 'LIKENESS_TEST_WP_EXPECT' );
		if ( ! $expected ) {
			$this->markTestSkipped( 'Run through npm run test:phpunit, which names the release.' );
		}
		global $wp_version;
		$this->assertSame( $expected, $wp_version );
		$this->assertSame( $expected, get_bloginfo( 'version' ) );
	}

	public function test_the_plugin_header_allows_this_release(): void {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$header = get_plugin_data( WP_PLUGIN_DIR . '/likeness/likeness.php', false, false );
		$this->assertNotSame( '', $header['RequiresWP'] );
		$this->assertTrue( is_wp_version_compatible( $header['RequiresWP'] ), 'Requires at least ' . $header['RequiresWP'] );
		$this->assertTrue( is_plugin_active( 'likeness/likeness.php' ) );
	}
}
