<?php
/**
 * Deleting the plugin removes its table, options, transients and metadata; attachments stay.
 * Runs DDL (which commits), so it restores the table afterwards.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Installer;
use Likeness\WordPress\Status\StatusCache;

final class UninstallTest extends TestCase {

	protected function tearDown(): void {
		parent::tearDown();
		delete_option( Installer::DB_VERSION_OPTION );
		Installer::maybe_upgrade();
		update_option(
			'likeness_settings',
			array_merge(
				\Likeness\WordPress\Settings::defaults(),
				array( 'server_url' => 'http://likeness.test', 'api_key' => 'lk_test_key', 'channel' => 'web', 'webhook_secret' => 'whsec_test', 'public_key' => 'lk_pub_test' )
			)
		);
	}

	public function test_uninstall_removes_everything_the_plugin_stored(): void {
		global $wpdb;
		$attachment = $this->attachment( 'kept', 100, 100, self::uuid( 1 ) );
		$this->server->approved( self::uuid( 1 ) );
		$this->plugin()->status->decide_one( self::uuid( 1 ) );
		set_transient( 'likeness_backoff', 1, 60 );
		$hidden = $this->attachment( 'hidden', 100, 100, self::uuid( 2 ) );
		update_post_meta( $hidden, \Likeness\WordPress\Media\ProtectedFiles::META, array( 'kept/hidden.jpg' ) );
		$wpdb->query( 'COMMIT' );

		define( 'WP_UNINSTALL_PLUGIN', 'likeness/likeness.php' );
		include WP_PLUGIN_DIR . '/likeness/uninstall.php';

		$this->assertNull( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', StatusCache::table() ) ) );
		wp_cache_flush();
		$this->assertSame( '0', $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE 'likeness\\_%' OR option_name LIKE '\\_transient%likeness%'" ) );
		$this->assertFalse( get_transient( 'likeness_backoff' ) );
		$this->assertSame( '', get_post_meta( $attachment, '_likeness_asset_id', true ) );
		$this->assertNotNull( get_post( $attachment ), 'media stays' );
		$this->assertSame( array( 'kept/hidden.jpg' ), get_post_meta( $hidden, \Likeness\WordPress\Media\ProtectedFiles::META, true ), 'withdrawn files stay protected, and findable' );
		$this->assertSame( '', get_post_meta( $hidden, '_likeness_asset_id', true ) );
		$wpdb->query( 'START TRANSACTION' );
	}
}
